import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from workshops import selectors, services
from workshops.models import Action, ActivityRate, Claim, Insight, Meeting, Minutes, Participation
from workshops.tests.factories import finance_person, make_meeting


@pytest.mark.django_db
def test_staff_create_a_meeting_with_clear_errors_for_bad_input(client, recruiting_staff):
    client.force_login(recruiting_staff)
    response = client.post(reverse("workshops:new"), {"kind": "workshop", "title": "", "visibility": "closed"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    start = timezone.localtime() + timedelta(days=3)
    data = {
        "kind": "workshop",
        "title": "Closed workshop",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "format": "online",
        "facilitator": recruiting_staff.pk,
        "purpose": "Listen",
        "visibility": "closed",
    }
    page = client.post(reverse("workshops:new"), data).content.decode()
    assert "The meeting must end after it starts." in page
    assert "Say who this closed session is for." in page
    data["ends_at"] = (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    data["community"] = "People from Black, Asian and minority ethnic communities"
    response = client.post(reverse("workshops:new"), data)
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("workshops:detail", kwargs={"pk": meeting.pk})
    assert list(meeting.staff.all()) == [recruiting_staff]


@pytest.mark.django_db
def test_a_closed_session_is_seen_only_by_the_invited_and_its_staff(client, recruiting_staff, advisor, equality_lead):
    meeting = make_meeting(recruiting_staff, visibility="closed", community="Black communities")
    other_advisor = UserFactory()
    services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)
    assert selectors.meeting_for(user=advisor, pk=meeting.pk) == meeting
    assert selectors.meeting_for(user=recruiting_staff, pk=meeting.pk) == meeting
    assert selectors.meeting_for(user=other_advisor, pk=meeting.pk) is None
    assert selectors.meeting_for(user=equality_lead, pk=meeting.pk) is None
    client.force_login(equality_lead)
    for name in ("detail", "minutes", "insights"):
        assert client.get(reverse(f"workshops:{name}", kwargs={"pk": meeting.pk})).status_code == 404


@pytest.mark.django_db
def test_an_open_meeting_is_seen_by_advisors_and_staff_but_not_by_applicants(recruiting_staff, advisor, applicant):
    meeting = make_meeting(recruiting_staff, visibility="open")
    invited_only = make_meeting(recruiting_staff, visibility="invited")
    assert set(selectors.meetings_visible_to(user=advisor)) == {meeting}
    assert set(selectors.meetings_visible_to(user=applicant)) == set()
    assert set(selectors.meetings_visible_to(user=recruiting_staff)) == {meeting, invited_only}


@pytest.mark.django_db
def test_invitation_reply_and_attendance(
    client, recruiting_staff, advisor, django_capture_on_commit_callbacks, celery_eager
):
    meeting = make_meeting(recruiting_staff)
    client.force_login(recruiting_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workshops:meeting_invite", kwargs={"pk": meeting.pk}), {"emails": advisor.email})
    assert mail.outbox[-1].to == [advisor.email]
    assert meeting.title in mail.outbox[-1].subject
    page = client.post(
        reverse("workshops:meeting_invite", kwargs={"pk": meeting.pk}), {"emails": "nobody@example.net"}
    ).content.decode()
    assert "No account uses: nobody@example.net" in page
    assert "nobody@example.net</textarea>" in page  # what was typed is kept
    client.force_login(advisor)
    client.post(
        reverse("workshops:meeting_reply", kwargs={"pk": meeting.pk}),
        {"reply": "accepted", "access_needs": "Step-free", "services": ["bsl", "travel"]},
    )
    participation = Participation.objects.get()
    assert (participation.reply, participation.access_needs, participation.services) == (
        "accepted",
        "Step-free",
        ["bsl", "travel"],
    )
    client.force_login(recruiting_staff)
    client.post(
        reverse("workshops:meeting_attendance", kwargs={"pk": meeting.pk}),
        {
            "attendance-TOTAL_FORMS": "1",
            "attendance-INITIAL_FORMS": "1",
            "attendance-0-id": participation.pk,
            "attendance-0-attendance": "attended",
        },
    )
    participation.refresh_from_db()
    assert participation.attendance == Participation.Attendance.ATTENDED


@pytest.mark.django_db
def test_minutes_are_drafted_then_approved_by_the_facilitator_only(client, recruiting_staff, advisor, equality_lead):
    meeting = make_meeting(recruiting_staff)
    meeting.staff.add(equality_lead)
    services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)
    client.force_login(equality_lead)
    client.post(
        reverse("workshops:minutes_save", kwargs={"pk": meeting.pk}), {"body": "## Notes\n\n<script>x</script>Good"}
    )
    assert Minutes.objects.get().status == Minutes.Status.DRAFT
    response = client.post(reverse("workshops:minutes_approve", kwargs={"pk": meeting.pk}))
    assert response.status_code == 403
    assert Minutes.objects.get().status == Minutes.Status.DRAFT
    client.force_login(advisor)
    assert (
        "The minutes are not approved yet."
        in client.get(reverse("workshops:minutes", kwargs={"pk": meeting.pk})).content.decode()
    )
    client.force_login(recruiting_staff)
    client.post(reverse("workshops:minutes_approve", kwargs={"pk": meeting.pk}))
    minutes = Minutes.objects.get()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_by == recruiting_staff
    client.force_login(advisor)
    page = client.get(reverse("workshops:minutes", kwargs={"pk": meeting.pk})).content.decode()
    assert "Good" in page
    assert "<script>x" not in page


@pytest.mark.django_db
def test_insights_responses_and_actions(
    client, recruiting_staff, advisor, django_capture_on_commit_callbacks, celery_eager
):
    meeting = make_meeting(recruiting_staff)
    services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)
    Participation.objects.update(attendance="attended")
    client.force_login(recruiting_staff)
    url = reverse("workshops:insights", kwargs={"pk": meeting.pk})
    client.post(
        reverse("workshops:insight_add", kwargs={"pk": meeting.pk}),
        {
            "text": "Evening sessions please",
            "themes": "Access, timing",
            "anonymous": "on",
            "raised_by": advisor.pk,
        },
    )
    insight = Insight.objects.get()
    assert insight.raised_by is None
    assert insight.anonymous
    assert sorted(insight.themes.values_list("name", flat=True)) == ["Access", "timing"]
    respond = reverse("workshops:insight_respond", kwargs={"pk": meeting.pk, "insight_pk": insight.pk})
    prefix = f"respond-{insight.pk}"
    page = client.post(respond, {f"{prefix}-status": "answered_after", f"{prefix}-response": ""}).content.decode()
    assert "Write the response people will see." in page
    insight.refresh_from_db()
    assert insight.status == Insight.Status.OPEN
    with django_capture_on_commit_callbacks(execute=True):
        client.post(respond, {f"{prefix}-status": "answered_after", f"{prefix}-response": "From May we meet at 6pm."})
    insight.refresh_from_db()
    assert insight.responded_at is not None
    assert mail.outbox[-1].to == [advisor.email]
    assert "From May we meet at 6pm." in mail.outbox[-1].body
    prefix = f"action-{insight.pk}"
    client.post(
        reverse("workshops:insight_action_add", kwargs={"pk": meeting.pk, "insight_pk": insight.pk}),
        {
            f"{prefix}-title": "Book evening rooms",
            f"{prefix}-owner": recruiting_staff.pk,
            f"{prefix}-due_date": "2030-01-01",
        },
    )
    action = Action.objects.get()
    assert action.insight == insight
    assert action.owner == recruiting_staff
    client.force_login(advisor)
    page = client.get(url).content.decode()
    assert "From May we meet at 6pm." in page
    assert "Respond" not in page
    assert client.post(reverse("workshops:insight_add", kwargs={"pk": meeting.pk}), {"text": "x"}).status_code == 403


@pytest.mark.django_db
def test_an_advisor_who_did_not_attend_does_not_see_the_insights(client, recruiting_staff, advisor):
    meeting = make_meeting(recruiting_staff)
    services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)
    services.insight_add(
        meeting=meeting, text="Said", themes=[], raised_by=None, anonymous=False, actor=recruiting_staff
    )
    client.force_login(advisor)
    assert client.get(reverse("workshops:insights", kwargs={"pk": meeting.pk})).status_code == 404


@pytest.mark.django_db
def test_overdue_actions_show_and_owners_are_reminded_weekly(client, recruiting_staff):
    meeting = make_meeting(recruiting_staff, kind="project_meeting")
    due = timezone.localdate() + timedelta(days=3)
    action = services.action_create(
        meeting=meeting, title="Send the report", owner=recruiting_staff, due_date=due, actor=recruiting_staff
    )
    client.force_login(recruiting_staff)
    assert "Overdue" not in client.get(reverse("workshops:my_actions")).content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=5)):
        groups = selectors.actions_accountability(user=recruiting_staff)
        assert list(groups["overdue"]) == [action]
        assert services.overdue_actions_remind() == 1
        assert "Send the report" in mail.outbox[-1].body
    page = client.post(
        reverse("workshops:action", kwargs={"pk": action.pk}), {"status": "done", "completion_note": ""}
    ).content.decode()
    assert "Say what was done." in page
    client.post(reverse("workshops:action", kwargs={"pk": action.pk}), {"status": "done", "completion_note": "Sent"})
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.completed_at is not None
    assert list(selectors.actions_accountability(user=recruiting_staff)["done"]) == [action]


@pytest.mark.django_db
def test_an_action_owner_must_be_staff(recruiting_staff, advisor):
    from django.core.exceptions import ValidationError

    meeting = make_meeting(recruiting_staff)
    with pytest.raises(ValidationError):
        services.action_create(
            meeting=meeting, title="x", owner=advisor, due_date=timezone.localdate(), actor=recruiting_staff
        )


@pytest.mark.django_db
def test_payments_are_right_to_the_penny_and_the_export_is_formula_safe(client, recruiting_staff):
    ActivityRate.objects.create(kind="workshop", hourly_rate=Decimal("16.67"))
    meeting = make_meeting(recruiting_staff)
    people = [UserFactory(name="=SUM(A1:A9)"), UserFactory(), UserFactory()]
    services.participants_invite(meeting=meeting, people=people, actor=recruiting_staff)
    Participation.objects.update(attendance="attended")
    for person, hours, declined in zip(people, ["2.5", "1.25", "3"], [False, False, True], strict=True):
        participation = Participation.objects.get(person=person)
        client.force_login(person)
        client.post(
            reverse("workshops:claim", kwargs={"pk": meeting.pk}),
            {
                "hours": hours,
                "declined_payment": "on" if declined else "",
                "expense_description": "Bus",
                "expense_amount": "3.10",
            },
        )
        assert Claim.objects.filter(participation=participation).exists()
    claims = {c.participation.person_id: c for c in Claim.objects.all()}
    assert services.claim_time_amount(claims[people[0].pk]) == Decimal("41.68")  # 2.5 x 16.67 = 41.675
    assert services.claim_time_amount(claims[people[1].pk]) == Decimal("20.84")  # 1.25 x 16.67 = 20.8375
    assert services.claim_time_amount(claims[people[2].pk]) == Decimal("0.00")
    assert services.claim_total(claims[people[2].pk]) == Decimal("3.10")
    first = claims[people[0].pk]
    client.force_login(finance_person())
    client.post(reverse("workshops:claim_approve", kwargs={"pk": first.pk}))
    client.force_login(finance_person())
    client.post(reverse("workshops:claim_mark_paid", kwargs={"pk": first.pk}))
    first.refresh_from_db()
    assert first.status == Claim.Status.PAID
    client.force_login(recruiting_staff)  # the meeting's own staff download the claims
    rows = list(csv.reader(io.StringIO(client.get(reverse("workshops:payments_export")).content.decode())))
    by_name = {row[1]: row for row in rows[1:]}
    assert "'=SUM(A1:A9)" in by_name
    assert by_name["'=SUM(A1:A9)"][9] == "44.78"


@pytest.mark.django_db
def test_a_claim_needs_recorded_attendance_and_is_made_once(client, recruiting_staff, advisor):
    ActivityRate.objects.create(kind="workshop", hourly_rate=Decimal("20"))
    meeting = make_meeting(recruiting_staff)
    services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)
    client.force_login(advisor)
    url = reverse("workshops:claim", kwargs={"pk": meeting.pk})
    assert "once your attendance is recorded" in client.post(url, {"hours": "2"}).content.decode()
    Participation.objects.update(attendance="attended")
    page = client.post(url, {"hours": "2", "expense_description": "Taxi"}).content.decode()
    assert "Give both what the expense was for and how much it was." in page
    client.post(url, {"hours": "2"})
    assert "already claimed" in client.post(url, {"hours": "2"}).content.decode()
    assert Claim.objects.count() == 1


@pytest.mark.django_db
def test_list_pages_run_the_same_number_of_queries_for_10_and_200_rows(client, recruiting_staff):
    ActivityRate.objects.create(kind="project_meeting", hourly_rate=Decimal("20"))
    urls = [
        reverse("workshops:list"),
        reverse("workshops:accountability"),
        reverse("workshops:my_actions"),
        reverse("workshops:payments"),
    ]
    client.force_login(recruiting_staff)

    def add(count):
        for _ in range(count):
            meeting = make_meeting(
                recruiting_staff,
                kind="project_meeting",
                starts_at=timezone.now() - timedelta(days=2),
                ends_at=timezone.now() - timedelta(days=1),
            )
            services.action_create(
                meeting=meeting,
                title="Do it",
                owner=recruiting_staff,
                due_date=timezone.localdate(),
                actor=recruiting_staff,
            )
            person = UserFactory()
            participation = Participation.objects.create(meeting=meeting, person=person, attendance="attended")
            Claim.objects.create(participation=participation, hours=Decimal("1"), hourly_rate=Decimal("20"))

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            result.append(len(captured))
        return result

    add(10)
    ten = counts()
    add(190)
    assert counts() == ten


@pytest.mark.django_db
def test_report_selectors(recruiting_staff, advisor):
    meeting = make_meeting(
        recruiting_staff,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=1),
    )
    Participation.objects.create(meeting=meeting, person=advisor, attendance="attended")
    insight = services.insight_add(
        meeting=meeting, text="x", themes=[], raised_by=None, anonymous=False, actor=recruiting_staff
    )
    services.insight_respond(insight=insight, status="acted_on", response="Done", actor=recruiting_staff)
    statuses = {row["key"]: row["count"] for row in selectors.report_insights_by_status()}
    assert statuses == {"open": 0, "will_act": 0, "acted_on": 1, "not_in_remit": 0, "answered_after": 0}
    assert selectors.report_median_days_to_response() == 0.0
    since, until = timezone.now() - timedelta(days=10), timezone.now()
    assert list(selectors.report_participants(start=since, end=until)) == [advisor.pk]
    assert selectors.report_attendances(start=since, end=until) == [("workshop", meeting.pk, advisor.pk)]
    assert selectors.report_meeting_counts(start=since, end=until) == {"workshop": 1}


@pytest.mark.django_db
def test_files_and_receipts_are_only_sent_to_people_allowed_to_see_them(client, recruiting_staff, advisor, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = make_meeting(recruiting_staff, visibility="closed", community="Black communities")
    services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)
    client.force_login(recruiting_staff)
    client.post(
        reverse("workshops:attachments", kwargs={"pk": meeting.pk}),
        {"title": "Slides", "file": SimpleUploadedFile("slides.txt", b"closed-session notes")},
    )
    attachment = meeting.attachments.get()
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    url = reverse("workshops:attachment", kwargs={"pk": meeting.pk, "attachment_pk": attachment.pk})
    client.force_login(advisor)
    assert b"".join(client.get(url).streaming_content) == b"closed-session notes"
    assert client.post(reverse("workshops:attachments", kwargs={"pk": meeting.pk}), {"title": "x"}).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    bad = client.post(reverse("workshops:attachments", kwargs={"pk": meeting.pk}), {"title": "x"})
    assert bad.status_code == 404


@pytest.mark.django_db
def test_staff_set_payment_rates(client, recruiting_staff):
    client.force_login(recruiting_staff)
    page = client.post(reverse("workshops:rates"), {"kind": "workshop", "hourly_rate": "-1"}).content.decode()
    assert "greater than or equal to 0" in page
    client.post(reverse("workshops:rates"), {"kind": "workshop", "hourly_rate": "22.50"})
    client.post(reverse("workshops:rates"), {"kind": "workshop", "hourly_rate": "23.00"})
    assert ActivityRate.objects.get().hourly_rate == Decimal("23.00")


@pytest.mark.django_db
def test_meeting_staff_change_the_details(client, recruiting_staff, advisor):
    meeting = make_meeting(recruiting_staff)
    client.force_login(recruiting_staff)
    url = reverse("workshops:edit", kwargs={"pk": meeting.pk})
    page = client.get(url).content.decode()
    assert "Co-production workshop" in page
    data = {
        "kind": "workshop",
        "title": "Renamed workshop",
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "format": "online",
        "joining_link": "meet.example.org/abc",
        "facilitator": recruiting_staff.pk,
        "purpose": "Shape the new service",
        "visibility": "open",
    }
    assert client.post(url, data)["Location"] == reverse("workshops:detail", kwargs={"pk": meeting.pk})
    meeting.refresh_from_db()
    assert (meeting.title, meeting.joining_link) == ("Renamed workshop", "https://meet.example.org/abc")
    services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)
    client.force_login(advisor)
    assert client.post(url, data).status_code == 403


@pytest.mark.django_db
def test_staff_add_someone_who_came_another_way(
    client, recruiting_staff, django_capture_on_commit_callbacks, celery_eager
):
    from accounts.models import User

    meeting = make_meeting(recruiting_staff)
    client.force_login(recruiting_staff)
    url = reverse("workshops:meeting_participant_add", kwargs={"pk": meeting.pk})
    page = client.post(url, {"name": "", "email": "not-an-email"}).content.decode()
    assert "This field is required." in page
    assert "Enter a valid email address." in page
    assert 'value="not-an-email"' in page
    assert not User.objects.filter(email="not-an-email").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"name": "Kemi Peer", "email": "kemi@example.net"})
    person = User.objects.get(email="kemi@example.net")
    assert person.name == "Kemi Peer"
    assert not person.has_usable_password()
    assert list(person.groups.values_list("name", flat=True)) == ["Applicant"]
    assert Participation.objects.filter(meeting=meeting, person=person).exists()
    assert mail.outbox[-1].to == ["kemi@example.net"]
    client.post(url, {"name": "Kemi Again", "email": "KEMI@example.net"})
    assert User.objects.filter(email="kemi@example.net").count() == 1
