"""Where recruitment meets equality monitoring: reviewers cannot tell whether anyone answered.
It lives here, not under recruitment/, because recruitment/ never imports demographics."""

import pytest
from django.urls import reverse

from demographics.tests.factories import AnswerFactory
from recruitment.tests.factories import OpportunityFactory, submitted_application


def _detail(reference):
    return reverse("recruitment:staff_application", kwargs={"reference": reference})


@pytest.mark.django_db
def test_reviewers_cannot_tell_whether_an_applicant_answered_equality_questions(staff_client):
    opportunity = OpportunityFactory()
    answered = submitted_application(opportunity=opportunity, name="Same Name")
    silent = submitted_application(opportunity=opportunity, name="Same Name")
    AnswerFactory(person=answered.applicant, question_key="ethnic_group", option_key="black")

    def page_for(application):
        html = staff_client.get(_detail(application.reference)).content.decode()
        return html.replace(application.reference, "REF").split('name="csrfmiddlewaretoken"')[0]

    assert page_for(answered) == page_for(silent)
