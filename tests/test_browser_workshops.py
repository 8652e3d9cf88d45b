"""Staff run a closed workshop end to end; an invited advisor sees the response to what was said."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from recruitment.models import Involvement
from tests.checks import assert_accessible
from tests.sign_in import sign_in_by_code, sign_in_staff
from workshops import selectors, services
from workshops.models import Action, ActivityRate, Insight, Meeting, Participation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_closed_workshop_from_invitation_to_you_said_we_did(
    page: Page, browser, live_server, recruiting_staff, celery_eager
):
    advisors = [UserFactory(roles=(Role.APPLICANT,)) for _ in range(2)]
    for advisor in advisors:
        Involvement.objects.create(person=advisor, role="Advisor", team="Research", start_date=timezone.localdate())
    outsider = UserFactory(roles=(Role.APPLICANT,))
    Involvement.objects.create(person=outsider, role="Advisor", team="Research", start_date=timezone.localdate())
    ActivityRate.objects.create(kind="workshop", hourly_rate=Decimal("25.00"))

    sign_in_staff(page, live_server, recruiting_staff)
    page.goto(live_server.url + reverse("workshops:new"))
    assert_accessible(page)
    start = timezone.localtime() - timedelta(hours=3)
    page.get_by_label("Kind").select_option("workshop")
    page.get_by_label("Title").fill("Listening workshop")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Format").select_option("in_person")
    page.get_by_label("Facilitator").select_option(str(recruiting_staff.pk))
    page.get_by_label("Purpose").fill("Hear what would make our services feel safe.")
    page.get_by_label("Closed session for a named community").check()
    page.get_by_role("textbox", name="Community").fill("People from Black, Asian and minority ethnic communities")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Listening workshop")).to_be_visible()
    meeting = Meeting.objects.get()

    # An address nobody uses: the page comes back from the invite URL with the error and the
    # addresses as typed, so they can be corrected rather than typed again.
    page.get_by_label("Invite people").fill(f"{advisors[0].email}\nnobody@example.net")
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("No account uses: nobody@example.net")
    expect(page.get_by_label("Invite people")).to_have_value(f"{advisors[0].email}\nnobody@example.net")
    assert not Participation.objects.exists()
    assert_accessible(page)
    page.get_by_label("Invite people").fill("\n".join(a.email for a in advisors))
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.get_by_text("Invited 2 people.")).to_be_visible()
    for participation in Participation.objects.all():
        page.get_by_label(f"Attendance of {participation.person}").select_option("attended")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Minutes").click()
    page.get_by_label("Minutes").fill("## What we heard\n\n- People want evening sessions")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Approve these minutes").click()
    expect(page.get_by_text("Minutes approved.")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + reverse("workshops:insights", kwargs={"pk": meeting.pk}))
    for text in ("Meet in the evenings", "Staff who look like us", "Fewer forms"):
        page.get_by_label("What was said").fill(text)
        page.get_by_role("button", name="Add insight").click()
        expect(page.get_by_text("Insight added.")).to_be_visible()
    assert_accessible(page)
    evenings = Insight.objects.get(text="Meet in the evenings")
    card = page.locator(".govuk-summary-card", has_text="Meet in the evenings")
    card.get_by_text("Respond").click()
    card.get_by_label("Status").select_option("answered_after")
    card.get_by_label("Our response").fill("From May, two sessions a month start at 6pm.")
    card.get_by_role("button", name="Save response").click()
    expect(page.get_by_text("Response saved.")).to_be_visible()
    card = page.locator(".govuk-summary-card", has_text="Fewer forms")
    card.get_by_text("Turn into an action").click()
    card.get_by_label("Action").fill("Cut the sign-up form to one page")
    card.get_by_label("Owner").select_option(str(recruiting_staff.pk))
    due = timezone.localdate() + timedelta(days=7)
    card.get_by_label("Due").fill(due.isoformat())
    card.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    action = Action.objects.get()
    page.goto(live_server.url + reverse("workshops:action", kwargs={"pk": action.pk}))
    assert_accessible(page)

    advisor_page = browser.new_context().new_page()
    sign_in_by_code(advisor_page, live_server, advisors[0].email)
    advisor_page.goto(live_server.url + reverse("workshops:insights", kwargs={"pk": meeting.pk}))
    expect(advisor_page.get_by_text("From May, two sessions a month start at 6pm.")).to_be_visible()
    assert_accessible(advisor_page)
    advisor_page.goto(live_server.url + reverse("workshops:claim", kwargs={"pk": meeting.pk}))
    advisor_page.get_by_label("Hours").fill("2")
    assert_accessible(advisor_page)
    advisor_page.get_by_role("button", name="Send claim").click()
    expect(advisor_page.get_by_text("Claim sent.")).to_be_visible()

    page.goto(live_server.url + reverse("workshops:payments"))
    expect(page.locator("table")).to_contain_text("£50.00")
    assert_accessible(page)

    outsider_page = browser.new_context().new_page()
    sign_in_by_code(outsider_page, live_server, outsider.email)
    for name in ("detail", "minutes", "insights"):
        response = outsider_page.goto(live_server.url + reverse(f"workshops:{name}", kwargs={"pk": meeting.pk}))
        assert response.status == 404

    evenings.refresh_from_db()
    assert evenings.status == Insight.Status.ANSWERED_AFTER
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert list(selectors.actions_overdue()) == [action]


def test_minutes_say_who_approves_them_and_never_dead_end(page: Page, browser, live_server, recruiting_staff):
    colleague = UserFactory(name="Fola Facilitator", roles=(Role.RECRUITING_STAFF,), with_totp=True)
    advisor = UserFactory(roles=(Role.APPLICANT,))
    start = timezone.now() - timedelta(days=1)
    meeting = services.meeting_create(
        actor=recruiting_staff,
        kind="workshop",
        title="Evening workshop",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        format="online",
        facilitator=colleague,
        purpose="Listen",
        visibility="closed",
        community="Carers",
    )
    services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)

    advisor_page = browser.new_context().new_page()
    sign_in_by_code(advisor_page, live_server, advisor.email)
    advisor_page.goto(live_server.url + reverse("workshops:detail", kwargs={"pk": meeting.pk}))
    advisor_page.get_by_role("link", name="Minutes").click()
    expect(advisor_page.get_by_text("The minutes are not approved yet.")).to_be_visible()
    expect(advisor_page.locator("main")).to_contain_text("Fola Facilitator, who facilitated the meeting, approves them")
    assert_accessible(advisor_page)

    sign_in_staff(page, live_server, recruiting_staff)
    page.goto(live_server.url + reverse("workshops:detail", kwargs={"pk": meeting.pk}))
    page.get_by_role("link", name="Minutes").click()
    page.get_by_label("Minutes").fill("## What we heard\n\n- Carers need evening sessions")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Only the facilitator, Fola Facilitator, can approve the minutes.")).to_be_visible()
    expect(page.get_by_role("button", name="Approve these minutes")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Facilitator").select_option(label=str(recruiting_staff))
    page.get_by_role("button", name="Change the facilitator").click()
    expect(page.get_by_text(f"{recruiting_staff} is now the facilitator.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve these minutes").click()
    expect(page.get_by_text("Minutes approved.")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.facilitator == recruiting_staff

    advisor_page.reload()
    expect(advisor_page.get_by_text("Carers need evening sessions")).to_be_visible()
    assert_accessible(advisor_page)
