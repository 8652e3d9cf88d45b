"""Reads of equality data. A person reads only their own; reports read only aggregates or
pseudonymous rows through the functions marked for the report build."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from accounts.models import User

from .models import Answer, Consent, Option, Question, QuestionSet
from .pseudonym import subject_key_for


@dataclass(frozen=True)
class OwnAnswer:
    question: Question
    answer: Answer | None

    @property
    def state(self) -> str:
        if self.answer is None:
            return "not_answered"
        return "prefer_not_to_say" if self.answer.option.prefer_not_to_say else "answered"


def question_set_current() -> QuestionSet | None:
    return QuestionSet.objects.filter(status=QuestionSet.Status.PUBLISHED).order_by("-version").first()


def questions_of(*, question_set: QuestionSet) -> list[Question]:
    options = Prefetch("options", queryset=Option.objects.order_by("order"))
    return list(question_set.questions.select_related("parent", "shown_if").prefetch_related(options).order_by("order"))


def consent_active(*, user: User) -> Consent | None:
    return Consent.objects.filter(subject_key=subject_key_for(user.pk), withdrawn_on__isnull=True).first()


def answers_own(*, user: User) -> dict[str, Answer]:
    """The person's own answers by question key, from whichever version they were given under."""
    rows = Answer.objects.filter(subject_key=subject_key_for(user.pk)).select_related("option", "question")
    return {answer.question_key: answer for answer in rows}


def question_applies(*, question: Question, answers: dict[str, Answer]) -> bool:
    """A follow-up applies once its parent has a real answer (and, if set, the named one)."""
    if question.parent_id is None:
        return True
    parent_answer = answers.get(question.parent.key)
    if parent_answer is None or parent_answer.option.prefer_not_to_say:
        return False
    return question.shown_if_id is None or parent_answer.option.key == question.shown_if.key


def options_for(*, question: Question, answers: dict[str, Answer]) -> list[Option]:
    """Second-step options belong under the first-step answer (e.g. ethnic group, then background)."""
    options = list(question.options.all())
    if question.parent_id is None or not any(option.group_id for option in options):
        return options
    parent_answer = answers.get(question.parent.key)
    chosen_key = parent_answer.option.key if parent_answer else None
    return [option for option in options if option.group_id is None or option.group.key == chosen_key]


def summary_own(*, user: User, question_set: QuestionSet) -> list[OwnAnswer]:
    answers = answers_own(user=user)
    return [
        OwnAnswer(question=question, answer=answers.get(question.key))
        for question in questions_of(question_set=question_set)
        if question_applies(question=question, answers=answers)
    ]


def export_own(*, user: User) -> dict[str, object]:
    """Everything held about the person, for their own download."""
    consents = Consent.objects.filter(subject_key=subject_key_for(user.pk)).order_by("given_on", "withdrawn_on")
    answers = answers_own(user=user)
    return {
        "consents": [
            {
                "privacy_notice_version": consent.privacy_notice_version,
                "purposes": consent.purposes,
                "given_on": consent.given_on.isoformat(),
                "withdrawn_on": consent.withdrawn_on.isoformat() if consent.withdrawn_on else None,
            }
            for consent in consents
        ],
        "answers": [
            {
                "question": answer.question.text,
                "question_key": answer.question_key,
                "question_set_version": answer.question.question_set.version,
                "answer": answer.option.label,
                "description": answer.free_text,
            }
            for answer in sorted(answers.values(), key=lambda a: a.question.order)
        ],
    }


def question_sets_with_response_counts() -> QuerySet[QuestionSet]:
    """For admin: how many people answered each version, and nothing about anyone."""
    return QuestionSet.objects.annotate(respondents=Count("questions__answers__subject_key", distinct=True))


# The report build, and nothing else, reads through the functions below. -----------------------


def report_subject_keys(*, user_ids: Iterable[int]) -> dict[int, str]:
    """Subject keys of the given people, computed in memory for the build; never stored."""
    return {user_id: subject_key_for(user_id) for user_id in user_ids}


def report_consented(*, subject_keys: set[str]) -> int:
    """How many of the given subjects have consent in force."""
    active = Consent.objects.filter(withdrawn_on__isnull=True).values_list("subject_key", flat=True)
    return sum(1 for key in active.iterator(chunk_size=20_000) if key in subject_keys)


def question_next(*, question_set: QuestionSet, after: Question | None, answers: dict[str, Answer]) -> Question | None:
    """The next question that applies, given the answers so far."""
    for question in questions_of(question_set=question_set):
        if after is not None and question.order <= after.order:
            continue
        if question_applies(question=question, answers=answers):
            return question
    return None


def question_position(*, question_set: QuestionSet, question: Question) -> tuple[int, int]:
    orders = list(question_set.questions.order_by("order").values_list("order", flat=True))
    return orders.index(question.order) + 1, len(orders)


def report_labels() -> dict[str, dict[str, object]]:
    """Question texts and answer labels of the current set, to store beside the aggregates."""
    question_set = question_set_current()
    if question_set is None:
        return {}
    return {
        question.key: {
            "text": question.text,
            "options": {option.key: option.label for option in question.options.all()},
        }
        for question in questions_of(question_set=question_set)
    }


def report_answers_by_subject(*, subject_keys: set[str]) -> dict[str, dict[str, str]]:
    """{subject key: {question key: option key}} for the given subjects, streamed from the database."""
    answers: dict[str, dict[str, str]] = {}
    rows = Answer.objects.values_list("subject_key", "question_key", "option__key").iterator(chunk_size=20_000)
    for subject_key, question_key, option_key in rows:
        if subject_key in subject_keys:
            answers.setdefault(subject_key, {})[question_key] = option_key
    return answers
