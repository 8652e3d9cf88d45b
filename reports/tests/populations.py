"""Hand-made populations for the report tests, and the figures the report must publish for them,
worked out here by hand: the true count of each cell, its cell key (the sum of its people's record
keys), and the p-table's noise for that key, read straight from the shipped file."""

import csv
import hashlib
import hmac
from datetime import date
from pathlib import Path

import time_machine
from django.conf import settings as django_settings

from accounts.tests.factories import UserFactory
from demographics.tests.factories import answers_give
from recruitment.tests.factories import InvolvementFactory
from reports import services
from reports.models import ReportSnapshot

QUARTER = "2026Q3"
K = 5
PTABLE = Path(__file__).resolve().parent.parent / "ptable.csv"


def _noise_table() -> dict[tuple[int, int], int]:
    with PTABLE.open() as handle:
        return {(int(r["pcv"]), int(r["ckey"])): int(r["pvalue"]) for r in csv.DictReader(handle)}


NOISE = _noise_table()


def record_key(person_id: int) -> int:
    secret = django_settings.DISCLOSURE_RECORD_KEY_SECRET.encode()
    return hmac.new(secret, f"record:{person_id}".encode(), hashlib.sha256).digest()[0]


def published(people, k: int = K) -> int | None:
    """What the report must show for a cell holding exactly these people."""
    count = len(people)
    key = sum(record_key(person.pk) for person in people) % 256
    row = count if count <= 60 else (count - 31) % 30 + 31  # counts above 60 reuse rows 31-60
    value = count + NOISE.get((row, key), 0)
    return value if value >= k else None


def share(part: int | None, whole: int | None) -> float | None:
    return None if part is None or not whole else round(part / whole, 4)


def answer(user, **answers):
    answers_give(user, **answers)


def advisors(count, team="Research", start=date(2026, 7, 1), **answers):
    people = UserFactory.create_batch(count)
    for person in people:
        InvolvementFactory(person=person, team=team, start_date=start)
        if answers:
            answers_give(person, **answers)
    return people


def build(period=QUARTER, scope="", today=date(2026, 10, 15)):
    with time_machine.travel(today):
        snapshot = services.snapshot_create(period=services.Period.parse(period), scope=scope)
        snapshot = services.snapshot_build(snapshot_id=snapshot.pk)
    assert snapshot.status == ReportSnapshot.Status.DONE, snapshot.error
    return snapshot


def rows_of(snapshot, question="ethnic_group", population="involved"):
    dimension = next(d for d in snapshot.data["dimensions"] if d["key"] == question)
    return {row["key"]: row for row in dimension["populations"][population]["rows"]}, dimension["populations"][
        population
    ]


def published_counts(value, path=()):
    """Every published count in a snapshot's data, with where it sits."""
    count_keys = {"count", "total", "stated", "minority", "consented", "attendances", "involved"}
    if isinstance(value, dict):
        for key, item in value.items():
            if key in {"timings", "rule", "schema_version", "insights_by_status"}:
                continue  # not counts of people
            if key in count_keys and isinstance(item, int) and not isinstance(item, bool):
                yield (*path, key), item
            elif key in {"counts", "totals"} and isinstance(item, list):
                for index, n in enumerate(item):
                    if n is not None:
                        yield (*path, key, index), n
            else:
                yield from published_counts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from published_counts(item, (*path, index))
