"""Equality answers, given as a person gives them: consent first, then each answer through the
service, so subject keys, event counts and follow-up rules are as they are in use."""

import factory

from accounts.models import User
from accounts.tests.factories import UserFactory
from demographics import selectors, services
from demographics.models import Answer


class AnswerFactory(factory.django.DjangoModelFactory):
    """One answer of the current question set, by its keys: `AnswerFactory(person=p, question_key=
    "sex", option_key="female")`. The person consents first if they have not."""

    class Meta:
        model = Answer

    person = factory.SubFactory(UserFactory)
    question_key = "age_band"
    option_key = None  # the question's first option
    free_text = ""

    @classmethod
    def _create(cls, model_class: type[Answer], *args: object, **kwargs: object) -> Answer:
        person = kwargs["person"]
        question_set = selectors.question_set_current()
        services.consent_give(user=person, question_set=question_set)
        question = question_set.questions.get(key=kwargs["question_key"])
        options = question.options.order_by("order")
        option = options.get(key=kwargs["option_key"]) if kwargs["option_key"] else options.first()
        return services.answer_save(user=person, question=question, option=option, free_text=kwargs["free_text"])


def answers_give(person: User, **answers: str) -> list[Answer]:
    """Consent and answers for `person`, as question_key=option_key: `answers_give(p, sex="male")`.
    With no answers, the person has consented and answered nothing."""
    services.consent_give(user=person, question_set=selectors.question_set_current())
    return [AnswerFactory(person=person, question_key=key, option_key=option) for key, option in answers.items()]
