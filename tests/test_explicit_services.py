"""Services take named, typed keywords, never **fields set one by one: a misspelt field is a
TypeError, not a value silently left unsaved. Each form a view passes whole to a service names
exactly the service's keywords, so a field added to the form fails here until the service saves it."""

import inspect
from dataclasses import fields
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from demographics import services as demographic_services
from demographics.forms import OptionForm, QuestionForm
from recruitment import services as recruitment_services
from recruitment.forms import STEPS, NewOpportunityForm, OpportunityForm
from recruitment.models import Opportunity
from recruitment.tests.factories import OpportunityFactory
from workshops import services as workshop_services
from workshops.forms import MeetingForm


def _keywords(service, *, leaving_out=()):
    return set(inspect.signature(service).parameters) - set(leaving_out)


def test_the_meeting_form_names_exactly_what_the_meeting_services_take():
    assert set(MeetingForm.base_fields) == _keywords(workshop_services.meeting_update, leaving_out={"meeting", "actor"})
    assert set(MeetingForm.base_fields) == _keywords(workshop_services.meeting_create, leaving_out={"actor", "staff"})


def test_the_opportunity_forms_name_exactly_what_the_opportunity_services_take():
    assert set(OpportunityForm.base_fields) == _keywords(
        recruitment_services.opportunity_update, leaving_out={"opportunity", "actor"}
    )
    assert set(NewOpportunityForm.base_fields) == _keywords(
        recruitment_services.opportunity_create_from_template, leaving_out={"actor"}
    )


def test_every_step_of_the_application_is_a_keyword_of_saving_a_step():
    step_fields = {name for _step, form in STEPS for name in form._meta.fields}
    assert step_fields == _keywords(
        recruitment_services.application_save_step, leaving_out={"application", "last_step"}
    )


def test_the_question_forms_name_exactly_what_saving_a_question_takes():
    assert set(QuestionForm.FIELDS) == _keywords(
        demographic_services.question_save, leaving_out={"question_set", "actor", "question", "options"}
    )
    assert set(OptionForm.FIELDS) == {f.name for f in fields(demographic_services.OptionChange)} - {"pk", "delete"}


@pytest.mark.django_db
def test_a_misspelt_field_of_a_meeting_is_refused_and_nothing_is_saved():
    staff = UserFactory(roles=(Role.RECRUITING_STAFF,))
    start = timezone.now() + timedelta(days=3)
    details = {
        "kind": "workshop",
        "title": "Planning",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "format": "online",
        "facilitator": staff,
        "purpose": "Plan",
        "visibility": "open",
    }
    meeting = workshop_services.meeting_create(actor=staff, **details)
    with pytest.raises(TypeError):
        workshop_services.meeting_update(
            meeting=meeting, actor=staff, **details, venue="", joining_link="", agenda="", community="", teem="Finance"
        )
    meeting.refresh_from_db()
    assert meeting.team == ""


@pytest.mark.django_db
def test_a_misspelt_field_of_an_opportunity_is_refused_and_the_rest_is_kept():
    opportunity = OpportunityFactory(places=3)
    with pytest.raises(TypeError):
        recruitment_services.opportunity_update(opportunity=opportunity, actor=UserFactory(), place=9)
    recruitment_services.opportunity_update(
        opportunity=opportunity, actor=UserFactory(), status=Opportunity.Status.CLOSED
    )
    opportunity.refresh_from_db()
    assert opportunity.places == 3
    assert opportunity.status == Opportunity.Status.CLOSED


@pytest.mark.django_db
def test_a_misspelt_answer_of_an_application_step_is_refused(applicant):
    application = recruitment_services.application_start(opportunity=OpportunityFactory(), applicant=applicant)
    with pytest.raises(TypeError):
        recruitment_services.application_save_step(application=application, lived_experiance="My story")
    recruitment_services.application_save_step(application=application, lived_experience="My story", last_step="why")
    application.refresh_from_db()
    assert application.lived_experience == "My story"
    assert application.last_step == "why"
