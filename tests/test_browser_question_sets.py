"""The Equality lead makes a new version of the equality questions without Django admin."""

import pytest
from playwright.sync_api import Page, expect

from demographics import selectors
from demographics.models import QuestionSet
from tests.checks import assert_accessible
from tests.sign_in import sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_equality_lead_copies_changes_and_publishes_a_version(page: Page, live_server, equality_lead):
    sign_in_staff(page, live_server, equality_lead)
    page.get_by_role("link", name="Equality questions").click()
    expect(page.get_by_role("heading", name="Equality questions", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Copy as a new draft of version 1").click()
    expect(page.get_by_text("Version 2 is a new draft.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change What is your sex?").click()
    expect(page.get_by_role("heading", name="Change a question")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Question", exact=True).fill("What is your sex? You can skip this.")
    page.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("Question saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="What is your sex? You can skip this.")).to_be_visible()

    # Details with a mistake come back from their own URL with the error and what was typed.
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_label("Privacy notice version").fill("2026-b")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Privacy notice version")).to_have_value("2026-b")
    assert_accessible(page)

    page.get_by_role("button", name="Publish this draft").click()
    expect(page.get_by_text("Version 2 is now live.")).to_be_visible()
    expect(page.get_by_text("This version is frozen")).to_be_visible()
    assert_accessible(page)
    assert selectors.question_set_current() == QuestionSet.objects.get(version=2)
