"""Each action on an application (move, note, interview, message) has its own URL that takes only a
POST: it does that one thing, refuses a GET and the roles without the staff area, and a mistake
shows the application again with the errors and what was typed, saving nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recruitment.models import MessageTemplate, Stage
from recruitment.tests.factories import submitted_application

ACTIONS = ("move", "note", "interview", "message")


def _act(reference: str, action: str) -> str:
    return reverse(f"recruitment:staff_application_{action}", kwargs={"reference": reference})


def _page(reference: str) -> str:
    return reverse("recruitment:staff_application", kwargs={"reference": reference})


@pytest.fixture
def staff_client(client, recruiting_staff):
    client.force_login(recruiting_staff)
    return client


@pytest.mark.django_db
def test_each_action_refuses_a_get_and_the_page_refuses_a_post(staff_client):
    application = submitted_application()
    for action in ACTIONS:
        assert staff_client.get(_act(application.reference, action)).status_code == 405, action
    response = staff_client.post(_page(application.reference), {"action": "note", "text": "Old style"})
    assert response.status_code == 405
    assert not application.notes.exists()


@pytest.mark.django_db
def test_roles_without_the_staff_area_are_refused(applicant, board_member, equality_lead):
    application = submitted_application()
    template = MessageTemplate.objects.get(name="Invitation to interview")
    data = {"stage": "shortlisted", "text": "A note", "template": template.pk, "format": "online"}
    for person in (applicant, board_member, equality_lead):
        client = Client()
        client.force_login(person)
        for action in ACTIONS:
            assert client.post(_act(application.reference, action), data).status_code == 403, (person, action)
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED
    assert not application.notes.exists()
    assert not application.messages.exists()


@pytest.mark.django_db
def test_an_unknown_reference_is_not_found(staff_client):
    assert staff_client.post(_act("NOPE-0000", "note"), {"text": "x"}).status_code == 404


@pytest.mark.django_db
def test_each_url_does_only_its_own_action(staff_client):
    application = submitted_application()
    template = MessageTemplate.objects.get(name="Invitation to interview")
    everything = {"action": "message", "stage": "shortlisted", "text": "A note", "template": template.pk}
    assert staff_client.post(_act(application.reference, "note"), everything).status_code == 302
    application.refresh_from_db()
    assert application.notes.get().text == "A note"
    assert application.stage == Stage.RECEIVED
    assert not application.messages.exists()
    assert staff_client.post(_act(application.reference, "move"), everything).status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.SHORTLISTED
    assert application.notes.count() == 1
    assert not application.messages.exists()


@pytest.mark.django_db
def test_a_refused_move_is_shown_again_with_the_reason_typed(staff_client):
    application = submitted_application()
    response = staff_client.post(_act(application.reference, "move"), {"stage": "appointed", "reason": "Brilliant"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "cannot move from Received to Appointed" in page
    assert 'value="Brilliant"' in page
    application.refresh_from_db()
    assert application.stage == Stage.RECEIVED
    assert not application.stage_changes.filter(to_stage=Stage.APPOINTED).exists()


@pytest.mark.django_db
def test_an_empty_note_or_message_saves_nothing(staff_client):
    application = submitted_application()
    page = staff_client.post(_act(application.reference, "note"), {"text": ""}).content.decode()
    assert "govuk-error-summary" in page
    assert not application.notes.exists()
    page = staff_client.post(_act(application.reference, "message"), {"template": ""}).content.decode()
    assert "govuk-error-summary" in page
    assert not application.messages.exists()


@pytest.mark.django_db
def test_an_interview_in_the_past_is_shown_again_with_what_was_typed(staff_client):
    application = submitted_application()
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = staff_client.post(
        _act(application.reference, "interview"),
        {"starts_at": past, "format": "online", "place": "Room 4", "adjustments": "Breaks"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a date and time in the future." in page
    assert 'value="Room 4"' in page
    assert "Breaks</textarea>" in page
    assert not application.interviews.exists()
