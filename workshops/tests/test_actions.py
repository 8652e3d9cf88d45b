"""Each action on a meeting has its own URL that takes only a POST: it does that one thing, refuses
a GET (405) and the people who may not do it, and a mistake shows the page again with the errors
and what was typed, saving nothing."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from workshops import services
from workshops.models import Action, Insight, Meeting, Minutes, Participation
from workshops.tests.factories import make_meeting


def _meeting(facilitator, **overrides) -> Meeting:
    fields = {"title": "Action workshop", "format": "online", "venue": "", "purpose": "Shape the service", **overrides}
    return make_meeting(facilitator, **fields)


@pytest.fixture
def meeting(recruiting_staff) -> Meeting:
    return _meeting(recruiting_staff)


@pytest.fixture
def people(meeting, recruiting_staff) -> list[Participation]:
    invited = [UserFactory(name="Ama Advisor"), UserFactory(name="Ben Advisor")]
    services.participants_invite(meeting=meeting, people=invited, actor=recruiting_staff)
    return list(meeting.participations.select_related("person").order_by("person__name"))


def _url(name: str, meeting: Meeting, **kwargs: object) -> str:
    return reverse(f"workshops:{name}", kwargs={"pk": meeting.pk, **kwargs})


STAFF_ACTIONS = (
    "meeting_invite",
    "meeting_participant_add",
    "meeting_attendance",
    "meeting_facilitator",
    "minutes_save",
    "minutes_approve",
    "insight_add",
)


@pytest.mark.django_db
def test_every_action_url_refuses_a_get(client, meeting, recruiting_staff, people):
    insight = services.insight_add(
        meeting=meeting, text="Said", themes=[], raised_by=None, anonymous=False, actor=recruiting_staff
    )
    client.force_login(recruiting_staff)
    urls = [_url(name, meeting) for name in (*STAFF_ACTIONS, "meeting_reply")]
    urls += [_url(name, meeting, insight_pk=insight.pk) for name in ("insight_respond", "insight_action_add")]
    for url in urls:
        assert client.get(url).status_code == 405, url
    for name in ("detail", "minutes", "insights"):
        assert client.post(_url(name, meeting), {"action": "add", "text": "Old style"}).status_code == 405
    assert not Insight.objects.exclude(pk=insight.pk).exists()


@pytest.mark.django_db
def test_an_invited_person_may_reply_but_not_run_the_meeting(client, meeting, people, recruiting_staff):
    person = people[0].person
    client.force_login(person)
    for name in STAFF_ACTIONS:
        assert client.post(_url(name, meeting), {"text": "x", "body": "x", "emails": person.email}).status_code == 403
    insight = services.insight_add(
        meeting=meeting, text="Said", themes=[], raised_by=None, anonymous=False, actor=recruiting_staff
    )
    for name in ("insight_respond", "insight_action_add"):
        assert client.post(_url(name, meeting, insight_pk=insight.pk)).status_code == 403
    assert not Minutes.objects.exists()
    assert Insight.objects.get().status == Insight.Status.OPEN
    assert not Action.objects.exists()

    response = client.post(_url("meeting_reply", meeting), {"reply": "accepted", "access_needs": ""})
    assert response["Location"] == _url("detail", meeting)
    people[0].refresh_from_db()
    assert people[0].reply == Participation.Reply.ACCEPTED


@pytest.mark.django_db
def test_a_closed_meeting_does_not_exist_for_other_staff(client, recruiting_staff, administrator):
    closed = _meeting(administrator, visibility="closed", community="Carers")
    client.force_login(recruiting_staff)
    for name in (*STAFF_ACTIONS, "meeting_reply"):
        assert client.post(_url(name, closed), {"body": "x"}).status_code == 404, name
    assert not Minutes.objects.exists()


@pytest.mark.django_db
def test_someone_not_invited_cannot_reply(client, meeting, people, recruiting_staff):
    client.force_login(recruiting_staff)
    assert client.post(_url("meeting_reply", meeting), {"reply": "accepted"}).status_code == 404
    assert not meeting.participations.filter(person=recruiting_staff).exists()


@pytest.mark.django_db
def test_a_reply_with_mistakes_is_shown_again_with_what_was_typed(client, meeting, people):
    client.force_login(people[0].person)
    response = client.post(_url("meeting_reply", meeting), {"reply": "", "access_needs": "A quiet room"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "A quiet room</textarea>" in page
    people[0].refresh_from_db()
    assert people[0].access_needs == ""


def _attendance(rows: list[tuple[Participation, str]]) -> dict[str, object]:
    data: dict[str, object] = {"attendance-TOTAL_FORMS": len(rows), "attendance-INITIAL_FORMS": len(rows)}
    for index, (participation, value) in enumerate(rows):
        data[f"attendance-{index}-id"] = participation.pk
        data[f"attendance-{index}-attendance"] = value
    return data


@pytest.mark.django_db
def test_attendance_is_one_form_per_person(client, meeting, people, recruiting_staff):
    client.force_login(recruiting_staff)
    page = client.get(_url("detail", meeting)).content.decode()
    assert 'name="attendance-0-attendance"' in page
    assert 'name="attendance-1-attendance"' in page
    assert 'for="id_attendance-1-attendance"' in page
    response = client.post(
        _url("meeting_attendance", meeting), _attendance([(people[0], "attended"), (people[1], "did_not_attend")])
    )
    assert response["Location"] == _url("detail", meeting)
    states = dict(Participation.objects.values_list("pk", "attendance"))
    assert states == {people[0].pk: "attended", people[1].pk: "did_not_attend"}


@pytest.mark.django_db
def test_a_wrong_attendance_is_named_on_its_row_and_nothing_is_saved(client, meeting, people, recruiting_staff):
    client.force_login(recruiting_staff)
    response = client.post(
        _url("meeting_attendance", meeting), _attendance([(people[0], "attended"), (people[1], "maybe")])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in page
    assert 'href="#id_attendance-1-attendance">Ben Advisor: Choose whether they came.</a>' in page
    assert page.count('class="govuk-error-message"') == 1
    # The row typed right keeps its choice on the page, though nothing is saved.
    assert 'value="attended" selected' in page
    assert 'aria-describedby="id_attendance-1-attendance_error"' in page
    assert 'id="id_attendance-1-attendance_error"' in page
    assert set(Participation.objects.values_list("attendance", flat=True)) == {"unknown"}


@pytest.mark.django_db
def test_attendance_of_someone_from_another_meeting_is_refused(client, meeting, people, recruiting_staff):
    other = _meeting(recruiting_staff, title="Another")
    stranger = UserFactory()
    services.participants_invite(meeting=other, people=[stranger], actor=recruiting_staff)
    theirs = other.participations.get()
    client.force_login(recruiting_staff)
    response = client.post(_url("meeting_attendance", meeting), _attendance([(theirs, "attended")]))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.attendance == "unknown"


@pytest.mark.django_db
def test_invite_and_add_someone_with_mistakes_save_nothing(client, meeting, recruiting_staff):
    client.force_login(recruiting_staff)
    page = client.post(_url("meeting_invite", meeting), {"emails": "nobody@example.net"}).content.decode()
    assert "No account uses: nobody@example.net" in page
    page = client.post(
        _url("meeting_participant_add", meeting), {"name": "Kemi Peer", "email": "not-an-email"}
    ).content.decode()
    assert 'value="Kemi Peer"' in page
    assert "Enter a valid email address." in page
    assert not meeting.participations.exists()


@pytest.mark.django_db
def test_minutes_save_saves_a_draft_and_never_approves(client, meeting, recruiting_staff):
    client.force_login(recruiting_staff)
    response = client.post(_url("minutes_save", meeting), {"body": "Notes", "action": "approve"})
    assert response["Location"] == _url("minutes", meeting)
    minutes = Minutes.objects.get()
    assert (minutes.body, minutes.status) == ("Notes", Minutes.Status.DRAFT)
    response = client.post(_url("minutes_approve", meeting), {"body": "Changed"})
    assert response["Location"] == _url("minutes", meeting)
    minutes.refresh_from_db()
    assert (minutes.body, minutes.status) == ("Notes", Minutes.Status.APPROVED)


@pytest.mark.django_db
def test_minutes_with_mistakes_are_shown_again_and_kept(client, meeting, recruiting_staff):
    client.force_login(recruiting_staff)
    page = client.post(_url("minutes_save", meeting), {"body": ""}).content.decode()
    assert "govuk-error-summary" in page
    assert not Minutes.objects.exists()
    services.minutes_save(meeting=meeting, body="Final", actor=recruiting_staff)
    services.minutes_approve(meeting=meeting, actor=recruiting_staff)
    # Approved meanwhile (in another tab): what was typed is shown back with the reason.
    page = client.post(_url("minutes_save", meeting), {"body": "Late change"}).content.decode()
    assert "These minutes are approved, so they can no longer be changed." in page
    assert Minutes.objects.get().body == "Final"


@pytest.mark.django_db
def test_approving_minutes_not_yet_written_says_so(client, meeting, recruiting_staff):
    client.force_login(recruiting_staff)
    response = client.post(_url("minutes_approve", meeting), follow=True)
    assert "Write the minutes before approving them." in response.content.decode()
    assert not Minutes.objects.exists()


@pytest.mark.django_db
def test_changing_the_facilitator_with_mistakes_changes_nothing(client, meeting, recruiting_staff, people):
    client.force_login(recruiting_staff)
    page = client.post(_url("meeting_facilitator", meeting), {"facilitator": people[0].person.pk}).content.decode()
    assert "Select a valid choice" in page
    meeting.refresh_from_db()
    assert meeting.facilitator == recruiting_staff


@pytest.mark.django_db
def test_insight_forms_with_mistakes_are_shown_again_under_their_insight(client, meeting, recruiting_staff):
    insight = services.insight_add(
        meeting=meeting, text="Said", themes=[], raised_by=None, anonymous=False, actor=recruiting_staff
    )
    client.force_login(recruiting_staff)
    page = client.post(_url("insight_add", meeting), {"text": "", "themes": "Access"}).content.decode()
    assert "govuk-error-summary" in page
    assert 'value="Access"' in page
    assert Insight.objects.count() == 1

    prefix = f"action-{insight.pk}"
    url = _url("insight_action_add", meeting, insight_pk=insight.pk)
    page = client.post(url, {f"{prefix}-title": "Book rooms", f"{prefix}-due_date": ""}).content.decode()
    assert '<details class="govuk-details" open>' in page
    assert 'value="Book rooms"' in page
    assert not Action.objects.exists()

    prefix = f"respond-{insight.pk}"
    url = _url("insight_respond", meeting, insight_pk=insight.pk)
    client.post(url, {f"{prefix}-status": "acted_on", f"{prefix}-response": "We did"})
    assert "Response saved." in client.get(_url("insights", meeting)).content.decode()
    insight.refresh_from_db()
    assert (insight.status, insight.response) == ("acted_on", "We did")


@pytest.mark.django_db
def test_an_insight_of_another_meeting_cannot_be_answered_here(client, meeting, recruiting_staff):
    other = _meeting(recruiting_staff, title="Another")
    insight = services.insight_add(
        meeting=other, text="Said", themes=[], raised_by=None, anonymous=False, actor=recruiting_staff
    )
    client.force_login(recruiting_staff)
    prefix = f"respond-{insight.pk}"
    response = client.post(
        _url("insight_respond", meeting, insight_pk=insight.pk),
        {f"{prefix}-status": "acted_on", f"{prefix}-response": "No"},
    )
    assert response.status_code == 404
    insight.refresh_from_db()
    assert insight.status == Insight.Status.OPEN


@pytest.mark.django_db
def test_claim_approve_and_paid_have_their_own_post_only_urls(client):
    from django.contrib.auth.models import Permission

    finance = UserFactory(roles=(Role.RECRUITING_STAFF,), with_totp=True)
    finance.user_permissions.add(Permission.objects.get(codename="approve_and_pay_claims"))
    client.force_login(finance)
    assert client.get(reverse("workshops:claim_approve", kwargs={"pk": 1})).status_code == 405
    assert client.get(reverse("workshops:claim_mark_paid", kwargs={"pk": 1})).status_code == 405
    assert client.post(reverse("workshops:claim_approve", kwargs={"pk": 999999})).status_code == 404
    assert client.post(reverse("workshops:payments"), {"claim": 1, "action": "approve"}).status_code == 405


def _repeated_ids(html: str) -> list[str]:
    counts = Counter(re.findall(r'\sid="([^"]+)"', html))
    return sorted(name for name, count in counts.items() if count > 1)


@pytest.mark.django_db
def test_the_pages_a_manager_sees_use_each_id_once(client, meeting, people, recruiting_staff):
    for text in ("First", "Second"):
        services.insight_add(
            meeting=meeting, text=text, themes=[], raised_by=None, anonymous=False, actor=recruiting_staff
        )
    services.minutes_save(meeting=meeting, body="Notes", actor=recruiting_staff)
    client.force_login(recruiting_staff)
    for name in ("detail", "minutes", "insights"):
        page = client.get(_url(name, meeting)).content.decode()
        assert 'id="' in page
        assert _repeated_ids(page) == [], name
    insight = Insight.objects.get(text="Second")
    prefix = f"action-{insight.pk}"
    page = client.post(
        _url("insight_action_add", meeting, insight_pk=insight.pk), {f"{prefix}-title": ""}
    ).content.decode()
    assert _repeated_ids(page) == []


@pytest.mark.django_db
def test_a_refusal_from_the_service_is_shown_above_the_attendance_table(
    client, meeting, people, recruiting_staff, monkeypatch
):
    from django.core.exceptions import ValidationError

    def refuse(**kwargs: object) -> None:
        raise ValidationError("Attendance is recorded after the meeting.")

    monkeypatch.setattr(services, "attendance_record", refuse)
    client.force_login(recruiting_staff)
    response = client.post(_url("meeting_attendance", meeting), _attendance([(people[0], "attended")]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<li>Attendance is recorded after the meeting.</li>" in page
    assert 'value="attended" selected' in page


@pytest.mark.django_db
def test_an_action_owner_who_cannot_see_a_closed_meeting_is_refused_on_the_form(client, recruiting_staff):
    meeting = _meeting(recruiting_staff, visibility="closed")
    outsider = UserFactory(name="Olu Outside", roles=(Role.RECRUITING_STAFF,))
    insight = services.insight_add(
        meeting=meeting, text="Said", themes=[], raised_by=None, anonymous=False, actor=recruiting_staff
    )
    client.force_login(recruiting_staff)
    prefix = f"action-{insight.pk}"
    response = client.post(
        _url("insight_action_add", meeting, insight_pk=insight.pk),
        {f"{prefix}-title": "Book rooms", f"{prefix}-owner": outsider.pk, f"{prefix}-due_date": "2030-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "add them to its staff first" in page
    assert 'value="Book rooms"' in page
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_approving_minutes_twice_says_so_and_keeps_the_first_approval(client, meeting, recruiting_staff):
    client.force_login(recruiting_staff)
    client.post(_url("minutes_save", meeting), {"body": "What we heard"})
    client.post(_url("minutes_approve", meeting), follow=True)
    approved_at = Minutes.objects.get().approved_at
    response = client.post(_url("minutes_approve", meeting), follow=True)
    assert response.status_code == 200
    assert "Minutes approved." not in response.content.decode()
    assert Minutes.objects.get().approved_at == approved_at


@pytest.mark.django_db
def test_someone_whose_account_is_closed_cannot_be_made_facilitator(client, meeting, recruiting_staff):
    former = UserFactory(name="Fay Former", roles=(Role.RECRUITING_STAFF,), is_active=False)
    client.force_login(recruiting_staff)
    page = client.post(_url("meeting_facilitator", meeting), {"facilitator": former.pk}).content.decode()
    assert "Select a valid choice" in page
    meeting.refresh_from_db()
    assert meeting.facilitator == recruiting_staff
