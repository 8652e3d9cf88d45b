"""Each e-mail to an applicant or advisor is in the language on their account, whichever language
the task that sends it runs in, with links to the pages in that language."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from demographics import services as demographic_services
from recruitment import services as recruitment_services
from recruitment.models import Application
from workshops import services as workshop_services
from workshops.tests.factories import InsightFactory, MeetingFactory, ParticipationFactory


@pytest.fixture
def welsh_applicant(db):
    return UserFactory(email="nia@example.net", name="Nia", roles=(Role.APPLICANT,), language="cy")


@pytest.mark.django_db
def test_the_application_confirmation_is_in_the_applicants_language(welsh_applicant, matrix_objects, applicant):
    english = Application.objects.get(applicant=applicant)
    opportunity = english.opportunity
    welsh = recruitment_services.application_start(opportunity=opportunity, applicant=welsh_applicant)
    recruitment_services.application_save_step(application=welsh, email="nia@example.net", name="Nia")
    mail.outbox.clear()
    with translation.override("en-gb"):
        recruitment_services.application_confirmation_send(application_id=welsh.pk)
    (message,) = mail.outbox
    assert message.subject == f"Mae eich cais wedi'n cyrraedd ni: {welsh.reference}"
    assert "Annwyl Nia," in message.body
    assert "Diolch am wneud cais am y rôl: Cynghorydd profiad bywyd." in message.body
    assert "Diolch yn fawr," in message.body

    mail.outbox.clear()
    with translation.override("cy"):
        recruitment_services.application_confirmation_send(application_id=english.pk)
    assert mail.outbox[0].subject == f"We have your application: {english.reference}"
    assert "Thank you for applying to be a Lived-experience advisor." in mail.outbox[0].body


@pytest.mark.django_db
def test_the_equality_e_mails_are_in_the_persons_language_with_welsh_links(welsh_applicant):
    demographic_services.invitation_email_send(user_id=welsh_applicant.pk, base_url="https://involve.example/")
    (message,) = mail.outbox
    assert message.subject == "Fyddech chi'n fodlon diweddaru eich gwybodaeth cydraddoldeb?"
    assert "https://involve.example/cy/equality/invitation/" in message.body
    demographic_services.withdrawal_confirmation_send(user_id=welsh_applicant.pk)
    assert mail.outbox[1].subject == "Rydyn ni wedi dileu eich gwybodaeth cydraddoldeb"
    assert "Rydyn ni wedi dileu eich holl atebion" in mail.outbox[1].body


@pytest.mark.django_db
def test_workshop_e_mails_are_in_each_advisors_language(recruiting_staff, welsh_applicant, applicant):
    meeting = MeetingFactory(
        facilitator=recruiting_staff,
        title="Gweithdy",
        starts_at=timezone.now() - timedelta(days=2),
        venue="Canolfan",
        purpose="Siapio'r gwasanaeth",
    )
    welsh = ParticipationFactory(meeting=meeting, person=welsh_applicant)
    ParticipationFactory(meeting=meeting, person=applicant)
    workshop_services.invitation_send(participation_id=welsh.pk)
    assert mail.outbox[0].subject == "Gwahoddiad i chi: Gweithdy"
    assert "Rydych chi'n cael eich gwahodd i Gweithdy." in mail.outbox[0].body
    mail.outbox.clear()
    insight = InsightFactory(meeting=meeting, text="Mwy o seibiannau")
    workshop_services.insight_respond(insight=insight, status="acted_on", response="Done", actor=recruiting_staff)
    workshop_services.insight_answered_notify(insight_id=insight.pk)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "nia@example.net": "Dywedoch chi, gwnaethon ni: Gweithdy",
        applicant.email: "You said, we did: Gweithdy",
    }
