"""An applicant shares, changes, downloads and withdraws equality information, by keyboard."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from demographics import selectors
from demographics.models import Answer
from tests.checks import assert_accessible
from tests.sign_in import sign_in_by_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_and_save(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).press("Space")
    page.get_by_role("button", name="Save and continue").press("Enter")


def test_an_applicant_shares_changes_downloads_and_withdraws(page: Page, live_server, applicant, tmp_path):
    sign_in_by_code(page, live_server, applicant.email)
    page.get_by_role("link", name="Your account").press("Enter")
    page.get_by_role("link", name="See or change your equality information").press("Enter")
    expect(page.get_by_text("You have not shared any equality information")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Find out more").press("Enter")
    expect(page.get_by_role("heading", name="Equality information", exact=True)).to_be_visible()
    assert_accessible(page)

    # Going on without ticking the box explains what is needed.
    page.get_by_role("button", name="Agree and continue").press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tick the box")
    assert_accessible(page)
    page.get_by_label("I agree that Mind Involve may use my answers").press("Space")
    page.get_by_role("button", name="Agree and continue").press("Enter")

    expect(page.get_by_role("heading", name="What is your age?")).to_be_visible()
    assert_accessible(page)
    choose_and_save(page, "45 to 54")

    expect(page.get_by_role("heading", name="What is your ethnic group?")).to_be_visible()
    assert_accessible(page)
    choose_and_save(page, "Black, Black British, Black Welsh, Caribbean or African")

    expect(page.get_by_role("heading", name="Which of the following best describes your background?")).to_be_visible()
    page.get_by_role("radio", name="Any other Black, Black British, or Caribbean background").press("Space")
    detail = page.get_by_label("describe it if you want to")
    expect(detail).to_be_visible()
    assert_accessible(page)
    detail.fill("Somali")
    page.get_by_role("button", name="Save and continue").press("Enter")

    expect(page.get_by_role("heading", name="What is your sex?")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text("sex and gender identity")
    assert_accessible(page)

    # Leave half-way, then come back: what was given is still there.
    page.goto(live_server.url + reverse("core:home"))
    page.goto(live_server.url + reverse("demographics:summary"))
    rows = page.locator(".govuk-summary-list")
    expect(rows).to_contain_text("45 to 54")
    expect(rows).to_contain_text("Any other Black, Black British, or Caribbean background: Somali")
    expect(rows).to_contain_text("Not answered")
    assert_accessible(page)

    page.get_by_role("link", name="Change What is your age?").press("Enter")
    expect(page.get_by_label("45 to 54", exact=True)).to_be_checked()
    choose_and_save(page, "35 to 44")
    expect(page.get_by_role("heading", name="Your equality information")).to_be_visible()
    expect(rows).to_contain_text("35 to 44")
    expect(rows).to_contain_text("Somali")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as JSON").press("Enter")
    path = tmp_path / "answers.json"
    download_info.value.save_as(path)
    downloaded = {a["question_key"]: a["answer"] for a in json.loads(path.read_text())["answers"]}
    assert downloaded == {
        "age_band": "35 to 44",
        "ethnic_group": "Black, Black British, Black Welsh, Caribbean or African",
        "ethnic_background": "Any other Black, Black British, or Caribbean background",
    }

    page.get_by_role("button", name="Delete my equality information").press("Enter")
    expect(page.get_by_role("heading", name="Delete your equality information")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, delete my answers").press("Enter")
    expect(page.get_by_text("We have deleted your equality information (3 answers)")).to_be_visible()
    assert_accessible(page)
    assert not Answer.objects.exists()
    assert selectors.consent_active(user=applicant) is None
