"""The board reads the dashboard in a browser, on the demo data a new user starts with: a headline
figure, a trend of every quarter, nothing wider than a phone. axe and the Nu HTML Checker find
nothing to fix."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from reports.models import ReportSnapshot
from tests.checks import assert_accessible, nu_errors
from tests.sign_in import sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_reads_the_demo_dashboard_on_any_screen(
    page: Page, live_server, board_member, celery_eager, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-passphrase-for-tests")
    call_command("seed_demo")
    assert ReportSnapshot.objects.filter(status="done").count() >= 6

    sign_in_staff(page, live_server, board_member)
    page.get_by_role("link", name="Diversity dashboard").click()
    tile = page.locator(".mi-tile").first
    expect(tile).to_contain_text("Involved people from Black, Asian, Mixed and Other ethnic groups")
    expect(tile.locator(".mi-tile__value")).to_have_text(re.compile(r"^\d+%$"))
    trend = page.get_by_role("img", name=re.compile("by quarter"))
    expect(trend).to_be_visible()
    assert trend.locator("circle").count() >= 6
    assert_accessible(page)
    pages = {"dashboard": page.content()}

    page.get_by_role("link", name="All the tables").first.click()
    expect(page.get_by_role("heading", name="Contents")).to_be_visible()
    assert_accessible(page)
    pages["tables"] = page.content()

    # On a 320-pixel screen nothing scrolls sideways: wide tables scroll in their own box.
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(live_server.url + reverse("reports:dashboard"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.get_by_role("link", name="All the tables").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    assert nu_errors(pages) == []


def test_the_equality_lead_builds_a_report_and_sees_it(page: Page, live_server, equality_lead, celery_eager):
    sign_in_staff(page, live_server, equality_lead)
    page.goto(live_server.url + reverse("reports:dashboard"))
    expect(page.get_by_text("No report has been built yet.")).to_be_visible()
    page.get_by_label("Quarter").fill("2026Q1")
    page.get_by_role("button", name="Build now").click()
    expect(page.get_by_text("The report for 2026Q1 is ready.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Report for 2026Q1"))).to_be_visible()
    expect(page.locator("#build-progress")).to_have_count(0)
    assert_accessible(page)
