"""Under anonymised screening no reviewer sees who applied until shortlisting: not on the
application page's history, messages, notes or interviews, not in lists or exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment import services
from recruitment.models import MessageTemplate, Stage
from recruitment.tests.factories import OpportunityFactory, submitted_application

PHONE = "07700 900123"


@pytest.fixture
def hidden_application(applicant):
    """The applicant fixture is "Ade Applicant", applicant@example.net."""
    opportunity = OpportunityFactory(anonymised_screening=True)
    return submitted_application(opportunity=opportunity, applicant=applicant, phone=PHONE, contact_method="either")


def _act(reference: str, action: str) -> str:
    return reverse(f"recruitment:staff_application_{action}", kwargs={"reference": reference})


def _identity(application) -> list[str]:
    return ["Ade", "Applicant ", "applicant@example.net", PHONE, application.applicant.name]


@pytest.mark.django_db
def test_nothing_on_the_application_page_names_the_applicant_before_shortlisting(
    client, recruiting_staff, hidden_application
):
    application = hidden_application
    client.force_login(recruiting_staff)
    detail = reverse("recruitment:staff_application", kwargs={"reference": application.reference})
    template = MessageTemplate.objects.create(name="Hello", subject="{name}, thank you", body="Dear {name}, thanks.")
    client.post(_act(application.reference, "message"), {"template": template.pk})
    client.post(
        _act(application.reference, "note"),
        {"text": f"Ade Applicant rang from {PHONE}; write to applicant@example.net"},
    )
    starts = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        _act(application.reference, "interview"),
        {"starts_at": starts, "format": "online", "adjustments": "Ade asked for breaks"},
    )
    client.post(
        _act(application.reference, "move"), {"stage": Stage.NOT_PROGRESSED, "reason": "Ade Applicant: not this time"}
    )
    application.refresh_from_db()
    assert application.notes.count() == 1
    assert application.interviews.count() == 1
    assert application.messages.count() == 1
    assert application.stage == Stage.NOT_PROGRESSED

    pages = {
        "application": client.get(detail).content.decode(),
        "list": client.get(reverse("recruitment:staff_applications")).content.decode(),
        "export": client.get(reverse("recruitment:staff_export")).content.decode(),
    }
    for where, page in pages.items():
        for clue in _identity(application):
            assert clue not in page, (where, clue)
    assert "the applicant" in pages["application"]  # the history still says who moved it, in general
    rows = list(csv.reader(io.StringIO(pages["export"])))
    assert rows[1][0] == application.reference


@pytest.mark.django_db
def test_a_withdrawal_does_not_name_the_applicant_to_reviewers(client, recruiting_staff, hidden_application):
    services.application_withdraw(application=hidden_application, by=hidden_application.applicant)
    client.force_login(recruiting_staff)
    page = client.get(
        reverse("recruitment:staff_application", kwargs={"reference": hidden_application.reference})
    ).content.decode()
    assert "Withdrawn" in page
    assert "Ade" not in page


@pytest.mark.django_db
def test_from_shortlisting_reviewers_see_who_it_is(client, recruiting_staff, hidden_application):
    client.force_login(recruiting_staff)
    detail = reverse("recruitment:staff_application", kwargs={"reference": hidden_application.reference})
    client.post(_act(hidden_application.reference, "note"), {"text": "Ade rang"})
    services.application_move(application=hidden_application, to_stage=Stage.SHORTLISTED, by=recruiting_staff)
    page = client.get(detail).content.decode()
    assert "Ade Applicant" in page
    assert "applicant@example.net" in page
    assert "Ade rang" in page
