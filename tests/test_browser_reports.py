"""The board reads the dashboard in a browser; axe finds nothing to fix."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import Page, expect

from reports import services
from reports.tests.test_build import QUARTER, advisors
from tests.test_browser import assert_accessible
from tests.test_browser_workshops import sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_reads_the_dashboard(page: Page, live_server, board_member, equality_lead, celery_eager):
    advisors(40, ethnic_group="white")
    advisors(12, ethnic_group="asian")
    advisors(3, ethnic_group="black")
    with time_machine.travel(date(2026, 7, 20)):
        services.snapshot_build(snapshot_id=services.snapshot_create(period=services.Period.parse("2026Q2")).pk)
    with time_machine.travel(date(2026, 10, 15)):
        services.snapshot_build(snapshot_id=services.snapshot_create(period=services.Period.parse(QUARTER)).pk)
    sign_in_staff(page, live_server, board_member)
    page.get_by_role("link", name="Diversity dashboard").click()
    expect(page.get_by_role("heading", name="Report for 2026Q3")).to_be_visible()
    expect(page.locator("figure svg").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("fewer than 5")
    assert_accessible(page)

    lead = page.context.browser.new_context().new_page()
    sign_in_staff(lead, live_server, equality_lead)
    lead.goto(live_server.url + reverse("reports:dashboard"))
    lead.get_by_label("Quarter").fill("2026Q1")
    lead.get_by_role("button", name="Build now").click()
    expect(lead.get_by_text("The report is being built.")).to_be_visible()
    assert_accessible(lead)
