import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from demographics import selectors, services
from demographics.models import QuestionSet, UsedInvitation

LINK = re.compile(r"http://testserver(/equality/invitation/[^/\s]+/)")


def _invitation_link(client, staff, email):
    client.force_login(staff)
    return client.post(reverse("demographics:invite"), {"emails": email})


@pytest.mark.django_db
def test_staff_invite_people_by_email_and_unknown_addresses_are_reported(
    client,
    recruiting_staff,
    applicant,
    django_capture_on_commit_callbacks,
    celery_eager,
):
    client.force_login(recruiting_staff)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("demographics:invite"), {"emails": f"{applicant.email.upper()}\n\nnobody@example.net\n"}
        )
    assert response.status_code == 302
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    assert LINK.search(mail.outbox[0].body)
    page = client.get(response["Location"]).content.decode()
    assert "Invitations sent: 1." in page
    assert "nobody@example.net" in page
    event = AuditEvent.objects.get(action="equality_invitation_sent")
    assert event.actor == recruiting_staff
    assert event.target_id == str(applicant.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("emails", "message"),
    [
        ("", "Enter at least one e-mail address."),
        ("not-an-address", "These are not e-mail addresses"),
        ("a\x00b", "cannot contain"),
    ],
)
def test_bad_invitation_input_gets_a_clear_error(client, recruiting_staff, emails, message):
    client.force_login(recruiting_staff)
    response = client.post(reverse("demographics:invite"), {"emails": emails})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action="equality_invitation_sent").exists()


@pytest.mark.django_db
def test_an_invitation_link_works_once_for_the_person_it_was_sent_to(client, applicant, board_member):
    token = services.invitation_make(user=applicant)
    url = reverse("demographics:invitation", kwargs={"token": token})
    client.force_login(board_member)
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    response = client.get(url)
    assert response["Location"] == reverse("demographics:start")
    assert UsedInvitation.objects.count() == 1
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_invitation_link_expires(client, applicant):
    with time_machine.travel(timezone.now() - timedelta(days=61)):
        token = services.invitation_make(user=applicant)
    client.force_login(applicant)
    assert client.get(reverse("demographics:invitation", kwargs={"token": token})).status_code == 404
    assert client.get(reverse("demographics:invitation", kwargs={"token": token + "x"})).status_code == 404


@pytest.mark.django_db
def test_the_equality_lead_drafts_and_publishes_a_new_version(client, equality_lead):
    client.force_login(equality_lead)
    current = selectors.question_set_current()
    changelist = reverse("admin:demographics_questionset_changelist")
    response = client.post(changelist, {"action": "copy_as_draft", "_selected_action": [current.pk]})
    assert response.status_code == 302
    draft = QuestionSet.objects.get(version=2)
    assert draft.status == QuestionSet.Status.DRAFT
    assert draft.questions.count() == current.questions.count() == 11
    background = draft.questions.get(key="ethnic_background")
    assert background.parent.question_set == draft
    assert {o.group.question.question_set_id for o in background.options.filter(group__isnull=False)} == {draft.pk}
    assert draft.questions.get(key="disability_impact").shown_if.question.question_set == draft
    # Published versions are frozen; drafts can be edited.
    assert client.get(reverse("admin:demographics_questionset_change", args=[current.pk])).status_code == 200
    question = draft.questions.get(key="region")
    change_url = reverse("admin:demographics_question_change", args=[question.pk])
    assert client.get(change_url).status_code == 200
    response = client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    assert response.status_code == 302
    current.refresh_from_db()
    draft.refresh_from_db()
    assert (current.status, draft.status) == (QuestionSet.Status.RETIRED, QuestionSet.Status.PUBLISHED)
    assert selectors.question_set_current() == draft
    assert AuditEvent.objects.filter(action="question_set_published", actor=equality_lead).exists()


@pytest.mark.django_db
def test_old_answers_keep_their_version_after_a_new_one_is_published(client, applicant, equality_lead):
    client.force_login(applicant)
    client.post(reverse("demographics:start"), {"agree": "on"})
    client.post(reverse("demographics:question", kwargs={"key": "age_band"}), {"action": "save", "option": "16_24"})
    first = selectors.question_set_current()
    draft = services.question_set_copy_as_draft(source=first, actor=equality_lead)
    services.question_set_publish(question_set=draft, actor=equality_lead)
    answers = selectors.answers_own(user=applicant)
    assert answers["age_band"].question.question_set == first
    rows = {row.question.key: row for row in selectors.summary_own(user=applicant, question_set=draft)}
    assert rows["age_band"].state == "answered"


@pytest.mark.django_db
def test_publishing_refuses_a_question_without_prefer_not_to_say(equality_lead):
    from django.core.exceptions import ValidationError

    draft = services.question_set_copy_as_draft(source=selectors.question_set_current(), actor=equality_lead)
    draft.questions.get(key="sex").options.filter(prefer_not_to_say=True).delete()
    with pytest.raises(ValidationError):
        services.question_set_publish(question_set=draft, actor=equality_lead)
    draft.refresh_from_db()
    assert draft.status == QuestionSet.Status.DRAFT


@pytest.mark.django_db
def test_only_the_equality_lead_role_holds_question_set_permissions():
    granted = Permission.objects.filter(codename="change_questionset", group__isnull=False).values_list(
        "group__name", flat=True
    )
    assert list(granted) == ["Equality lead"]
