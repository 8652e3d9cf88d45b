"""Reads of equality data. A person reads only their own; reports read only aggregates or
pseudonymous rows through the functions marked for the report build."""

import uuid
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.conf import settings
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import translation

from accounts.models import User

from .models import SUBJECT_KEY_LENGTH, Answer, Consent, Option, Question, QuestionSet
from .pseudonym import subject_key_for, subject_keys_for


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
    if question.parent is None:
        return True
    parent_answer = answers.get(question.parent.key)
    if parent_answer is None or parent_answer.option.prefer_not_to_say:
        return False
    return question.shown_if is None or parent_answer.option.key == question.shown_if.key


def options_for(*, question: Question, answers: dict[str, Answer]) -> list[Option]:
    """Second-step options belong under the first-step answer (e.g. ethnic group, then background)."""
    options = list(question.options.all())
    if question.parent is None or not any(option.group_id for option in options):
        return options
    parent_answer = answers.get(question.parent.key)
    chosen_key = parent_answer.option.key if parent_answer else None
    return [option for option in options if option.group is None or option.group.key == chosen_key]


def summary_own(*, user: User, question_set: QuestionSet) -> list[OwnAnswer]:
    answers = answers_own(user=user)
    return [
        OwnAnswer(question=question, answer=answers.get(question.key))
        for question in questions_of(question_set=question_set)
        if question_applies(question=question, answers=answers)
    ]


def export_own(*, user: User) -> dict[str, Any]:
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


# The report build, and nothing else, reads through the functions below. ----------------------


@dataclass(frozen=True)
class ReportQuestion:
    key: str
    text: str
    options: dict[str, str]  # answer key: label, in the set's order, "Prefer not to say" excluded
    prefer_not_to_say: str | None  # the key of its "Prefer not to say" answer, if it has one


def report_questions() -> list[ReportQuestion]:
    """Question texts and answer labels of the current set, to store beside the aggregates: in
    English, for the board, whichever language the caller runs in."""
    question_set = question_set_current()
    if question_set is None:
        return []
    result = []
    with translation.override(settings.LANGUAGE_CODE):
        for question in questions_of(question_set=question_set):
            options = list(question.options.all())
            result.append(
                ReportQuestion(
                    key=question.key,
                    text=question.text,
                    options={option.key: option.label for option in options if not option.prefer_not_to_say},
                    prefer_not_to_say=next((option.key for option in options if option.prefer_not_to_say), None),
                )
            )
    return result


def report_labels() -> dict[str, dict[str, str]]:
    """Answer labels by question key ("Prefer not to say" left out): for benchmark pages."""
    return {question.key: question.options for question in report_questions()}


@dataclass(frozen=True)
class ReportAggregates:
    """Counts and record-key sums by the caller's segments; nothing about any one person.

    answers: question, option, segment, count, keysum (one row per answer given)
    profile: segment, count, keysum (people whose answers match every answer of the profile)
    consent: segment, count, keysum (people with consent in force)
    """

    answers: pd.DataFrame
    profile: pd.DataFrame
    consent: pd.DataFrame


def report_aggregates(*, people: pd.DataFrame, profile: dict[str, str]) -> ReportAggregates:
    """Joins the people of a report to their answers inside the database and returns only sums.

    `people` has one row per person: `person` (user id), `record_key` and `segment` (the caller's
    grouping, e.g. involved or not, furthest funnel step, channel). The subject keys are computed
    here and never returned. On PostgreSQL they sit in an unlogged table created inside this
    transaction and dropped before it ends: no other session, dump or replica ever sees it, and
    unlike a temporary table it can be scanned by parallel workers.
    """
    table = f"report_people_{uuid.uuid4().hex}"
    with transaction.atomic(), connection.cursor() as cursor:
        _people_table_fill(cursor, table, people)
        answers = _report_answer_cells(cursor, table)
        profile_cells = _report_profile_cells(cursor, table, profile)
        consent = _report_consent_cells(cursor, table)
        cursor.execute(f"DROP TABLE {table}")
    return ReportAggregates(answers=answers, profile=profile_cells, consent=consent)


def _people_table_fill(cursor: CursorWrapper, table: str, people: pd.DataFrame) -> None:
    postgres = connection.vendor == "postgresql"
    cursor.execute(
        f"CREATE {'UNLOGGED' if postgres else 'TEMPORARY'} TABLE {table} "
        f"(subject_key varchar({SUBJECT_KEY_LENGTH}) NOT NULL, record_key integer NOT NULL, segment integer NOT NULL)"
    )
    rows = zip(
        subject_keys_for(people["person"].tolist()),
        people["record_key"].tolist(),
        people["segment"].tolist(),
        strict=True,
    )
    if postgres:
        # One join over every answer: hash the people, not the answers, and skip JIT
        # compilation, which costs more than it saves on a query this short.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL jit = off")
        buffer = "".join(f"{subject}\t{record}\t{segment}\n" for subject, record, segment in rows)
        with cursor.copy(f"COPY {table} (subject_key, record_key, segment) FROM STDIN") as copy:
            copy.write(buffer)
        cursor.execute(f"ANALYZE {table}")
    else:
        cursor.executemany(f"INSERT INTO {table} VALUES (%s, %s, %s)", list(rows))  # noqa: S608


def _frame(cursor: CursorWrapper, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(cursor.fetchall(), columns=columns).astype({"count": "int64", "keysum": "int64"})


def _report_answer_cells(cursor: CursorWrapper, table: str) -> pd.DataFrame:
    answer = Answer._meta.db_table
    cursor.execute(
        f"SELECT a.option_id, t.segment, COUNT(*), SUM(t.record_key) FROM {answer} a "  # noqa: S608
        f"JOIN {table} t ON t.subject_key = a.subject_key GROUP BY a.option_id, t.segment"
    )
    cells = _frame(cursor, ["option_id", "segment", "count", "keysum"])
    options = pd.DataFrame(
        list(Option.objects.values_list("pk", "question__key", "key")), columns=["option_id", "question", "option"]
    )
    merged = cells.merge(options, on="option_id")
    return merged.groupby(["question", "option", "segment"], as_index=False)[["count", "keysum"]].sum()


def _report_profile_cells(cursor: CursorWrapper, table: str, profile: dict[str, str]) -> pd.DataFrame:
    wanted = Q()
    for question_key, option_key in profile.items():
        wanted |= Q(question__key=question_key, key=option_key)
    option_ids = list(Option.objects.filter(wanted).values_list("pk", flat=True)) if profile else []
    if not option_ids:
        return pd.DataFrame(columns=["segment", "count", "keysum"]).astype("int64")
    answer = Answer._meta.db_table
    placeholders = ", ".join(["%s"] * len(option_ids))
    # One answer per question, so a person matching every answer of the profile has as many rows
    # as the profile has questions.
    cursor.execute(
        f"SELECT t.segment, COUNT(*), SUM(t.record_key) FROM {table} t WHERE t.subject_key IN ("  # noqa: S608
        f"SELECT a.subject_key FROM {answer} a WHERE a.option_id IN ({placeholders}) "
        "GROUP BY a.subject_key HAVING COUNT(*) = %s) GROUP BY t.segment",
        [*option_ids, len(profile)],
    )
    return _frame(cursor, ["segment", "count", "keysum"])


def _report_consent_cells(cursor: CursorWrapper, table: str) -> pd.DataFrame:
    consent = Consent._meta.db_table
    cursor.execute(
        f"SELECT t.segment, COUNT(*), SUM(t.record_key) FROM {table} t WHERE EXISTS ("  # noqa: S608
        f"SELECT 1 FROM {consent} c WHERE c.subject_key = t.subject_key AND c.withdrawn_on IS NULL) "
        "GROUP BY t.segment"
    )
    return _frame(cursor, ["segment", "count", "keysum"])
