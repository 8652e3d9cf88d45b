"""Reads of equality data. A person reads only their own; reports read only aggregates or
pseudonymous rows through the functions marked for the report build."""

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import connection
from django.db.models import Count, Prefetch, QuerySet
from django.utils import translation

from accounts.models import User

from .models import Answer, Consent, Option, Question, QuestionSet
from .packing import OPTION_ID
from .pseudonym import subject_key_digests, subject_key_for

DIGEST_SIZE = 32  # bytes of a SHA-256 digest: a subject key is one in hex


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
    """Finds the people of a report among everyone with consent in force and sums their answers.

    `people` has one row per person: `person` (user id), `record_key` and `segment` (the caller's
    grouping, e.g. involved or not, furthest funnel step, channel). One query reads each consent
    in force with its packed answer options, one row per person however many answers they gave;
    the subject keys of the report's people are computed here, matched in this process and
    never written anywhere or returned.
    """
    stored, consents = _consents_in_force()
    wanted = _digests(subject_key_digests(people["person"].tolist()))
    rows = _rows_of(stored, wanted)
    consented = np.flatnonzero(rows >= 0)  # positions in `people` of those with consent in force
    packed = [consents[row][1] for row in rows[consented].tolist()]
    counts = np.fromiter(map(len, packed), dtype=np.int64, count=len(packed)) // OPTION_ID.itemsize
    option_ids = np.frombuffer(b"".join(packed), dtype=OPTION_ID).astype(np.int64)
    owners = np.repeat(consented, counts)  # the position in `people` of each answer's person
    segments = people["segment"].to_numpy(dtype=np.int64)
    record_keys = people["record_key"].to_numpy(dtype=np.int64)
    # Options of different versions with the same keys are the same answer.
    answer_keys, answer_of_option = _answers_by_option()
    answers = answer_of_option[option_ids]
    return ReportAggregates(
        answers=_answer_cells(answer_keys, answers, segments[owners], record_keys[owners]),
        profile=_cells(segments, record_keys, _matching_profile(answer_keys, answers, owners, profile, len(people))),
        consent=_cells(segments, record_keys, consented),
    )


def _answers_by_option() -> tuple[list[tuple[str, str]], np.ndarray]:
    """Every (question key, option key) pair, and for each option id the position of its pair."""
    options = list(Option.objects.values_list("pk", "question__key", "key"))
    answer_keys = sorted({(question, option) for _pk, question, option in options})
    position = {answer: n for n, answer in enumerate(answer_keys)}
    answer_of_option = np.full(max((pk for pk, _q, _o in options), default=0) + 1, -1, dtype=np.int64)
    for pk, question, option in options:
        answer_of_option[pk] = position[(question, option)]
    return answer_keys, answer_of_option


def _consents_in_force() -> tuple[np.ndarray, list[tuple[Any, bytes]]]:
    """Every consent in force, one row each with its packed answer options, and their subject
    keys as digests (see _digests) in the same order."""
    table = Consent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # In binary, with the keys as bytes: 100,000 rows arrive with no hex or escapes to read.
            # psycopg's own cursor, as Django's wrapper passes no `binary`: the one query of the
            # build that django.db.connection.queries does not list.
            query = f"SELECT decode(subject_key, 'hex'), answer_options FROM {table} WHERE withdrawn_on IS NULL"  # noqa: S608
            cursor.cursor.execute(query, binary=True)
            rows = cursor.fetchall()
            return _digests(b"".join(key for key, _options in rows), len(rows)), rows
        cursor.execute(f"SELECT subject_key, answer_options FROM {table} WHERE withdrawn_on IS NULL")  # noqa: S608
        rows = cursor.fetchall()
        return _digests(bytes.fromhex("".join(key for key, _options in rows)), len(rows)), rows


def _digests(concatenated: bytes, count: int | None = None) -> np.ndarray:
    """32-byte digests as rows of four 64-bit words (in the machine's byte order: only equality
    matters). A key of any other length would shift every later one onto the wrong person, so
    the total must come to `count` digests exactly."""
    if len(concatenated) % DIGEST_SIZE or (count is not None and len(concatenated) != count * DIGEST_SIZE):
        raise ValueError("A subject key is not a 32-byte digest.")
    return np.frombuffer(concatenated, dtype=np.uint64).reshape(-1, 4)


def _rows_of(stored: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each wanted digest, the row of `stored` holding it, or -1. Matched on the first word and
    checked whole; should two stored digests share a first word (about one chance in 3.7 billion
    at a hundred thousand people), matched on the whole digest instead."""
    index = pd.Index(stored[:, 0])
    if not index.is_unique:
        return pd.Index([row.tobytes() for row in stored]).get_indexer([row.tobytes() for row in wanted])
    rows = index.get_indexer(wanted[:, 0])
    found = np.flatnonzero(rows >= 0)
    rows[found[(stored[rows[found]] != wanted[found]).any(axis=1)]] = -1
    return rows


def _answer_cells(
    answer_keys: list[tuple[str, str]], answers: np.ndarray, segments: np.ndarray, record_keys: np.ndarray
) -> pd.DataFrame:
    """Count and record-key sum by answer and segment, one entry per answer given."""
    width = int(segments.max()) + 1 if len(segments) else 1
    present, counts, keysums = _sums(answers * width + segments, record_keys)
    answer, segment = np.divmod(present, width)
    return pd.DataFrame(
        {
            "question": [answer_keys[n][0] for n in answer.tolist()],
            "option": [answer_keys[n][1] for n in answer.tolist()],
            "segment": segment,
            "count": counts,
            "keysum": keysums,
        }
    )


def _matching_profile(
    answer_keys: list[tuple[str, str]], answers: np.ndarray, owners: np.ndarray, profile: dict[str, str], people: int
) -> np.ndarray:
    """Positions of the people whose answers include every answer of the profile."""
    in_profile = np.array([profile.get(question) == option for question, option in answer_keys], dtype=bool)
    if not profile or not in_profile.any():
        return np.empty(0, dtype=np.int64)
    # One answer per question, so a person matching every answer of the profile has as many
    # matches as the profile has questions.
    matches = np.bincount(owners[in_profile[answers]], minlength=people)
    return np.flatnonzero(matches == len(profile))


def _cells(segments: np.ndarray, record_keys: np.ndarray, positions: np.ndarray) -> pd.DataFrame:
    """Count and record-key sum by segment of the people at `positions`."""
    present, counts, keysums = _sums(segments[positions], record_keys[positions])
    return pd.DataFrame({"segment": present, "count": counts, "keysum": keysums}).astype("int64")


def _sums(cells: np.ndarray, record_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each cell index that occurs: the index, how many entries it has and their record keys'
    sum."""
    counts = np.bincount(cells)
    keysums = np.bincount(cells, weights=record_keys, minlength=len(counts)).astype(np.int64)
    present = np.flatnonzero(counts)
    return present, counts[present], keysums[present]
