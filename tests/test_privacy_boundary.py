"""Where recruitment meets equality monitoring: reviewers cannot tell whether anyone answered.
It lives here, not under recruitment/, because recruitment/ never imports demographics."""

import pytest
from django.urls import reverse

from demographics import selectors as demographic_selectors
from demographics import services as demographic_services
from recruitment.tests.factories import OpportunityFactory, submitted_application


@pytest.fixture
def staff_client(client, recruiting_staff):
    client.force_login(recruiting_staff)
    return client


def _detail(reference):
    return reverse("recruitment:staff_application", kwargs={"reference": reference})


@pytest.mark.django_db
def test_reviewers_cannot_tell_whether_an_applicant_answered_equality_questions(staff_client):
    opportunity = OpportunityFactory()
    answered = submitted_application(opportunity=opportunity, name="Same Name")
    silent = submitted_application(opportunity=opportunity, name="Same Name")
    question_set = demographic_selectors.question_set_current()
    demographic_services.consent_give(user=answered.applicant, question_set=question_set)
    question = question_set.questions.get(key="ethnic_group")
    demographic_services.answer_save(
        user=answered.applicant, question=question, option=question.options.get(key="black")
    )

    def page_for(application):
        html = staff_client.get(_detail(application.reference)).content.decode()
        return html.replace(application.reference, "REF").split('name="csrfmiddlewaretoken"')[0]

    assert page_for(answered) == page_for(silent)
