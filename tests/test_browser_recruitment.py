"""A new applicant finds an opportunity and applies by keyboard, leaving half-way and coming back;
staff shortlist and appoint; the applicant sees the new status. axe checks every page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.tests.factories import TEST_PASSWORD
from recruitment.models import Application, Stage
from recruitment.tests.factories import OpportunityFactory
from tests.checks import assert_accessible
from tests.sign_in import current_totp, emailed_code, sign_in_by_code, sign_in_staff
from workshops.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").press("Enter")


def test_apply_by_keyboard_come_back_submit_and_be_appointed(
    page: Page,
    browser: Browser,
    live_server,
    recruiting_staff,
    celery_eager,
):
    opportunity = OpportunityFactory(team="Research advisory group")

    page.goto(live_server.url + reverse("recruitment:listing"))
    assert_accessible(page)
    page.get_by_role("link", name=opportunity.title).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(opportunity.title)
    assert_accessible(page)
    page.get_by_role("button", name="Apply for this role").press("Enter")

    # A new person makes an account with their e-mail address alone.
    expect(page.get_by_role("heading", name="Sign in", exact=True)).to_be_visible()
    page.get_by_role("link", name="sign up").press("Enter")
    page.get_by_label("Email").fill("new.applicant@example.net")
    page.get_by_label("Your name").fill("Amara Okafor")
    page.get_by_label("Your name").press("Enter")
    expect(page.get_by_label("Code")).to_be_visible()
    page.get_by_label("Code").fill(emailed_code())
    page.get_by_label("Code").press("Enter")

    expect(page.get_by_role("heading", name="About you")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Amara Okafor")
    assert_accessible(page)
    page.get_by_label("E-mail", exact=True).press("Space")
    save_and_continue(page)

    expect(page.get_by_role("heading", name="Your lived experience")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("In your own words").fill("I have lived with depression for ten years.")
    save_and_continue(page)

    expect(page.get_by_role("heading", name="Why this role")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why would you like to do this role?").fill("To make services better for my community.")
    page.get_by_role("button", name="Save and come back later").press("Enter")
    expect(page.get_by_text("Saved. Sign in again whenever you are ready")).to_be_visible()
    assert_accessible(page)

    # Leave, then come back: the draft is where it was left.
    page.get_by_role("button", name="Sign out").press("Enter")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    sign_in_by_code(page, live_server, "new.applicant@example.net")
    page.goto(live_server.url + reverse("recruitment:my_applications"))
    page.get_by_role("link", name=opportunity.title).press("Enter")
    expect(page.get_by_role("heading", name="Availability")).to_be_visible()
    assert_accessible(page)
    save_and_continue(page)
    expect(page.get_by_role("heading", name="Access needs")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Is there anything we can do").fill("Step-free access, please.")
    save_and_continue(page)
    expect(page.get_by_role("heading", name="How you heard about us")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Someone I know").press("Space")
    save_and_continue(page)

    expect(page.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    expect(page.locator("main")).to_contain_text("To make services better for my community.")
    assert_accessible(page)
    page.get_by_role("button", name="Send application").press("Enter")
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    assert_accessible(page)
    application = Application.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(application.reference)
    confirmation = [m for m in mail.outbox if application.reference in m.subject]
    assert confirmation
    assert confirmation[0].to == ["new.applicant@example.net"]

    # Staff shortlist, then appoint.
    staff = browser.new_context().new_page()
    staff.goto(live_server.url + reverse("account_login"))
    staff.get_by_label("Email").fill(recruiting_staff.email)
    staff.get_by_label("Password").fill(TEST_PASSWORD)
    staff.get_by_role("button", name="Sign in", exact=True).click()
    staff.get_by_label("Code").fill(current_totp(recruiting_staff))
    staff.get_by_role("button", name="Sign in", exact=True).click()
    # Recruiting staff land on the pipeline.
    expect(staff.get_by_role("heading", name="Applications", exact=True)).to_be_visible()
    staff.get_by_role("link", name="Recruitment").click()
    expect(staff.get_by_role("heading", name="Recruitment", exact=True)).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name="All applications").click()
    expect(staff.get_by_role("heading", name="Applications", exact=True)).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name=application.reference).click()
    expect(staff.get_by_role("heading", name=application.reference)).to_be_visible()
    assert_accessible(staff)
    # A move that skips the pipeline is refused on the page, with the reason typed kept.
    staff.get_by_label("Move to").select_option(label="Appointed")
    staff.get_by_label("Why (optional)").fill("Straight through")
    staff.get_by_role("button", name="Move application").click()
    expect(staff.get_by_role("alert")).to_contain_text("cannot move from Received to Appointed")
    expect(staff.get_by_label("Why (optional)")).to_have_value("Straight through")
    assert_accessible(staff)
    staff.get_by_label("Why (optional)").fill("")
    for stage in ("Shortlisted", "Offered", "Appointed"):
        staff.get_by_label("Move to").select_option(label=stage)
        staff.get_by_role("button", name="Move application").click()
        expect(staff.get_by_text(f"Moved to {stage}.")).to_be_visible()
    application.refresh_from_db()
    assert application.stage == Stage.APPOINTED
    assert application.applicant.involvements.count() == 1

    page.goto(live_server.url + reverse("recruitment:my_applications"))
    expect(page.locator("table")).to_contain_text("Appointed")
    assert re.search(application.reference, page.content())


def test_staff_edit_an_opportunity_and_its_closing_date_survives(page: Page, live_server, recruiting_staff):
    opportunity = OpportunityFactory(team="Campaigns panel")
    closing = opportunity.closing_date
    sign_in_staff(page, live_server, recruiting_staff)
    page.get_by_role("link", name="Recruitment").click()
    page.get_by_role("link", name=f"Edit {opportunity.title}").first.click()
    expect(page.get_by_label("Closing date")).to_have_value(closing.isoformat())
    assert_accessible(page)
    page.get_by_label("Number of places").fill("5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Opportunity saved.")).to_be_visible()
    opportunity.refresh_from_db()
    assert (opportunity.closing_date, opportunity.places) == (closing, 5)

    # A meeting's start and end come back as they were saved, too.
    page.goto(live_server.url + reverse("workshops:new"))
    starts = timezone.localtime().replace(second=0, microsecond=0) + timedelta(days=3)
    page.get_by_label("Kind").select_option("project_meeting")
    page.get_by_label("Title").fill("Campaign planning")
    page.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Format").select_option("online")
    page.get_by_label("Facilitator").select_option(str(recruiting_staff.pk))
    page.get_by_label("Purpose").fill("Plan the campaign.")
    page.get_by_label("Open to all advisors").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Change the meeting details").click()
    expect(page.get_by_label("Starts")).to_have_value(starts.strftime("%Y-%m-%dT%H:%M"))
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Meeting saved.")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.starts_at == starts
