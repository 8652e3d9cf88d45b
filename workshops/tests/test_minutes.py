"""The Minutes link never dead-ends: people who were there are told the minutes are not approved
yet; staff are told who approves them, and the meeting's staff can hand that to someone else."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import ANONYMOUS, UserFactory
from core.models import AuditEvent
from workshops import services
from workshops.models import Meeting, Minutes
from workshops.tests.factories import make_meeting


def _url(meeting: Meeting, name: str = "minutes") -> str:
    return reverse(f"workshops:{name}", kwargs={"pk": meeting.pk})


def _facilitator(meeting: Meeting) -> str:
    return _url(meeting, "meeting_facilitator")


@pytest.fixture
def facilitator(db):
    return UserFactory(name="Fola Facilitator", roles=(Role.RECRUITING_STAFF,), with_totp=True)


@pytest.fixture
def closed(recruiting_staff, facilitator, advisor):
    """A closed workshop run by the cast's Recruiting staff and facilitated by someone else."""
    meeting = make_meeting(recruiting_staff, visibility="closed", community="Carers")
    Meeting.objects.filter(pk=meeting.pk).update(facilitator=facilitator)
    meeting.refresh_from_db()
    services.participants_invite(meeting=meeting, people=[advisor], actor=recruiting_staff)
    return meeting


@pytest.mark.django_db
def test_people_who_were_there_are_told_the_minutes_are_not_approved_yet(client, closed, recruiting_staff, advisor):
    client.force_login(advisor)
    response = client.get(_url(closed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The minutes are not approved yet." in page
    assert "Fola Facilitator" in page

    services.minutes_save(meeting=closed, body="A draft nobody should read yet", actor=recruiting_staff)
    page = client.get(_url(closed)).content.decode()
    assert "The minutes are not approved yet." in page
    assert "A draft nobody should read yet" not in page
    assert 'name="body"' not in page


@pytest.mark.django_db
def test_staff_are_told_only_the_facilitator_approves(client, closed, recruiting_staff, facilitator):
    services.minutes_save(meeting=closed, body="Notes", actor=recruiting_staff)
    client.force_login(recruiting_staff)
    page = client.get(_url(closed)).content.decode()
    assert "Only the facilitator, Fola Facilitator, can approve the minutes." in page
    assert "Approve these minutes" not in page
    client.force_login(facilitator)
    page = client.get(_url(closed)).content.decode()
    assert "you approve the minutes" in page
    assert "Approve these minutes" in page


@pytest.mark.django_db
def test_the_meetings_staff_make_someone_else_the_facilitator_who_then_approves(client, closed, recruiting_staff):
    services.minutes_save(meeting=closed, body="Notes", actor=recruiting_staff)
    client.force_login(recruiting_staff)
    response = client.post(_facilitator(closed), {"facilitator": recruiting_staff.pk}, follow=True)
    assert "Sam Staff is now the facilitator." in response.content.decode()
    closed.refresh_from_db()
    assert closed.facilitator == recruiting_staff
    event = AuditEvent.objects.get(action="meeting_facilitator_changed")
    assert (event.actor, event.target_id) == (recruiting_staff, str(closed.pk))
    client.post(_url(closed, "minutes_approve"))
    minutes = Minutes.objects.get()
    assert (minutes.status, minutes.approved_by) == (Minutes.Status.APPROVED, recruiting_staff)


@pytest.mark.django_db
def test_the_facilitator_must_be_staff(client, closed, recruiting_staff, facilitator, advisor):
    client.force_login(recruiting_staff)
    page = client.post(_facilitator(closed), {"facilitator": advisor.pk}).content.decode()
    assert "Select a valid choice" in page
    page = client.post(_facilitator(closed), {"facilitator": ""}).content.decode()
    assert "Choose who facilitates the meeting." in page
    closed.refresh_from_db()
    assert closed.facilitator == facilitator


@pytest.mark.django_db
def test_only_the_meetings_staff_change_the_facilitator(client, closed, users_by_role, advisor, facilitator):
    """Every role: the cast's Recruiting staff run it; the invited advisor may read but not change it;
    everyone else is told the closed session does not exist."""
    expected = {
        ANONYMOUS: 302,
        Role.APPLICANT: 404,
        Role.RECRUITING_STAFF: 302,
        Role.BOARD_MEMBER: 404,
        Role.EQUALITY_LEAD: 404,
        Role.ADMINISTRATOR: 404,
    }
    for role, user in users_by_role.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.post(_facilitator(closed), {"facilitator": facilitator.pk})
        assert response.status_code == expected[role], role
    client.force_login(advisor)
    assert client.post(_facilitator(closed), {"facilitator": advisor.pk}).status_code == 403
    closed.refresh_from_db()
    assert closed.facilitator == facilitator
