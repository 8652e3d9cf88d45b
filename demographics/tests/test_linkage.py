"""The dump-linkage test: a motivated intruder with nothing but a database dump (no keys, no
Redis, no logs) tries to link equality answers to people, by session times, by activity times
and by order, after a day of people signing up, applying, consenting and answering.

The intruder knows the schema and who the people are (the users table is in the dump). A join
"links" a subject (a subject key in the demographics tables) to a person when its evidence
singles that person out; we then check the link against the truth. No join may link more than
chance allows.
"""

import random
import re
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core import mail
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from demographics import tasks
from demographics.pseudonym import subject_key_for
from recruitment.models import Application
from recruitment.tests.factories import OpportunityFactory

LONDON = ZoneInfo("Europe/London")
THE_DAY = date(2026, 3, 10)
PEOPLE = 14
# A time join counts a person as a candidate when their activity falls this close to an
# equality event: the issue found consents seconds after the application was sent.
WINDOW = timedelta(minutes=5)
NIGHTS = 20  # the order join is tried against this many nightly rewrites
CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)
FREE_TEXT = ["Kurdish", "Ghanaian-Dutch", "Cornish", "Roma and Irish", "Somali", "Sami"]

STEPS = [
    ("about", lambda n: {"name": f"Person {n}", "email": f"visitor{n}@example.org", "contact_method": "email"}),
    ("experience", lambda n: {"lived_experience": "I have lived with depression."}),
    ("why", lambda n: {"why_this_role": "To make services better."}),
    ("availability", lambda n: {"availability": "Evenings"}),
    ("access", lambda n: {"access_needs": ""}),
    ("heard", lambda n: {"channel": "website", "partner": ""}),
]


def _at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime.combine(THE_DAY, datetime.min.time(), LONDON).replace(hour=hour, minute=minute, second=second)


def _emailed_code(address: str) -> str:
    body = next(message.body for message in reversed(mail.outbox) if address in message.to)
    match = CODE.search(body)
    assert match, body
    return match.group(1)


class Person:
    """One person's day: sign up, apply, consent, answer, and perhaps sign out."""

    def __init__(self, n: int, rng: random.Random, opportunity_pk: int) -> None:
        self.n = n
        self.email = f"visitor{n}@example.org"
        self.client = Client()
        self.rng = rng
        self.opportunity_pk = opportunity_pk
        self.signs_out = n % 3 != 0  # a third stay signed in
        self.application: Application | None = None

    def actions(self, start: datetime) -> list[tuple[datetime, int, object]]:
        """Each step at the time a real person would take it: reading, typing, thinking."""
        moments = []
        t = start

        def after(low: int, high: int, action: object) -> None:
            nonlocal t
            t = t + timedelta(seconds=self.rng.randint(low, high))
            moments.append((t, self.n, action))

        after(0, 0, self.sign_up)
        after(40, 150, self.confirm_email)
        after(20, 120, self.start_application)
        for step, data in STEPS:
            after(30, 240, lambda step=step, data=data: self.save_step(step, data(self.n)))
        after(30, 120, self.send_application)
        after(5, 40, self.consent)  # the confirmation page leads straight to the questions
        for key, option, extra in self.answers():
            after(5, 45, lambda key=key, option=option, extra=extra: self.answer(key, option, extra))
        if self.signs_out:
            after(20, 180, self.sign_out)
        return moments

    def answers(self) -> list[tuple[str, str, dict[str, str]]]:
        background = "white_other" if self.n % 2 else "mixed_other"
        chosen = [
            ("age_band", self.rng.choice(["16_24", "25_34", "35_44", "45_54"]), {}),
            ("ethnic_group", "white" if self.n % 2 else "mixed", {}),
            ("ethnic_background", background, {f"detail_{background}": FREE_TEXT[self.n % len(FREE_TEXT)]}),
            ("sex", self.rng.choice(["female", "male"]), {}),
            ("religion", self.rng.choice(["none", "christian", "muslim", "sikh"]), {}),
            ("disability", "no", {}),
        ]
        return chosen[: 3 + self.n % 4]

    def post(self, url: str, data: dict[str, object], expected: int = 302) -> None:
        response = self.client.post(url, data)
        assert response.status_code == expected, response.content.decode()[:1500]

    def sign_up(self) -> None:
        self.post(reverse("account_signup"), {"email": self.email, "name": f"Person {self.n}"})

    def confirm_email(self) -> None:
        self.post(reverse("account_email_verification_sent"), {"code": _emailed_code(self.email)})

    def start_application(self) -> None:
        response = self.client.get(reverse("recruitment:apply", kwargs={"pk": self.opportunity_pk}))
        assert response.status_code == 302
        self.application = Application.objects.get(applicant__email=self.email)

    def save_step(self, step: str, data: dict[str, object]) -> None:
        url = reverse("recruitment:step", kwargs={"reference": self.application.reference, "step": step})
        self.post(url, {"action": "continue", **data})

    def send_application(self) -> None:
        self.post(reverse("recruitment:check", kwargs={"reference": self.application.reference}), {})

    def consent(self) -> None:
        self.post(reverse("demographics:start"), {"agree": "on"})

    def answer(self, key: str, option: str, extra: dict[str, str]) -> None:
        self.post(reverse("demographics:question", kwargs={"key": key}), {"action": "save", "option": option, **extra})

    def sign_out(self) -> None:
        self.post(reverse("account_logout"), {})


@pytest.fixture
def a_day(db):
    """Fourteen people through sign-up, an application, consent and answers, as a real day
    would have them: arriving minutes apart, overlapping, some leaving signed in."""
    rng = random.Random(10)
    with time_machine.travel(_at(8, 0) - timedelta(days=7), tick=False):
        opportunity = OpportunityFactory()
    people = [Person(n, rng, opportunity.pk) for n in range(PEOPLE)]
    start = _at(9, 5)
    moments = []
    for person in people:
        moments += person.actions(start)
        start += timedelta(minutes=rng.randint(4, 35))
    for moment, _n, action in sorted(moments, key=lambda m: (m[0], m[1])):
        with time_machine.travel(moment, tick=False):
            action()
    # The night after: beat's nightly jobs run before the backup is taken.
    with time_machine.travel(_at(2, 30) + timedelta(days=1), tick=False):
        _night()
    users = get_user_model().objects.filter(email__in=[p.email for p in people])
    truth = {subject_key_for(user.pk): user.pk for user in users}
    return people, truth


def _night() -> None:
    tasks.tables_rewrite_in_random_order()


# The dump ------------------------------------------------------------------------------------


def read_dump() -> dict[str, list[dict[str, object]]]:
    """Every table, every row, in physical order: what pg_dump writes."""
    dump = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY ctid')  # noqa: S608 - names from introspection
            columns = [column.name for column in cursor.description]
            dump[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return dump


def _is_time(value: object) -> bool:
    return isinstance(value, date)


def _user_columns() -> dict[str, list[str]]:
    """Per table, the columns that name a person: the users table's id and every key to it."""
    user_model = get_user_model()
    columns: dict[str, list[str]] = {user_model._meta.db_table: [user_model._meta.pk.column]}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is user_model:
                columns.setdefault(model._meta.db_table, []).append(field.column)
    return columns


def activity_times(dump: dict) -> dict[int, list[datetime | date]]:
    """Every time at which the dump says a person was active, from every table that names them."""
    times: dict[int, list] = defaultdict(list)
    for table, user_columns in _user_columns().items():
        for row in dump.get(table, []):
            stamps = [value for value in row.values() if _is_time(value)]
            for column in user_columns:
                if row.get(column) is not None:
                    times[int(row[column])] += stamps
    for row in dump.get("core_auditevent", []):
        if row["target_type"] == "user" and row["target_id"].isdigit():
            times[int(row["target_id"])].append(row["at"])
    return times


def equality_tables(dump: dict) -> list[str]:
    return [table for table, rows in dump.items() if rows and "subject_key" in rows[0]]


def subject_order(dump: dict, table: str) -> list[str]:
    """Subjects in the order a table shows them: by a sequential id if it has one, else by
    physical position."""
    rows = dump[table]
    if rows and isinstance(rows[0].get("id"), int):
        rows = sorted(rows, key=lambda row: row["id"])
    seen: dict[str, None] = {}
    for row in rows:
        seen.setdefault(row["subject_key"], None)
    return list(seen)


def equality_event_times(dump: dict) -> dict[str, list[datetime | date]]:
    """The times the dump gives each subject's equality events: dates and times on their own
    rows, and event times elsewhere matched to them by order (the n-th consent-given event is
    the n-th consent)."""
    times: dict[str, list] = defaultdict(list)
    for table in equality_tables(dump):
        for row in dump[table]:
            times[row["subject_key"]] += [value for value in row.values() if _is_time(value)]
    audit = sorted(dump.get("core_auditevent", []), key=lambda row: row["id"])
    for action, table in (("equality_consent_given", "demographics_consent"),):
        events = [row["at"] for row in audit if row["action"] == action]
        if table in dump and events:
            for subject, at in zip(subject_order(dump, table), events, strict=False):
                times[subject].append(at)
    answer_events = [row["at"] for row in audit if row["action"].startswith("equality_answer")]
    if "demographics_answer" in dump and answer_events:
        rows = dump["demographics_answer"]
        if rows and isinstance(rows[0].get("id"), int):
            for row, at in zip(sorted(rows, key=lambda row: row["id"]), answer_events, strict=False):
                times[row["subject_key"]].append(at)
    return times


# The joins -----------------------------------------------------------------------------------


def _grain(stamp: datetime | date) -> datetime | date:
    """A time rounded to midnight says no more than its date."""
    if isinstance(stamp, datetime):
        local = stamp.astimezone(LONDON)
        if local.time() == datetime.min.time() or stamp.astimezone(UTC).time() == datetime.min.time():
            return local.date()
    return stamp


def _near(stamp: datetime | date, other: datetime | date) -> bool:
    stamp, other = _grain(stamp), _grain(other)
    if isinstance(stamp, datetime) and isinstance(other, datetime):
        return abs(stamp - other) <= WINDOW
    day = stamp.astimezone(LONDON).date() if isinstance(stamp, datetime) else stamp
    other_day = other.astimezone(LONDON).date() if isinstance(other, datetime) else other
    return day == other_day


def join_by_time(subject_times: dict[str, list], person_times: dict[int, list]) -> dict[str, int]:
    """Links a subject to the one person whose activity explains the most of the subject's
    equality times; a tie (everyone was active that day) links no one."""
    links = {}
    for subject, stamps in subject_times.items():
        scores = {
            person: sum(1 for s in stamps if any(_near(s, a) for a in activity))
            for person, activity in person_times.items()
        }
        best = max(scores.values(), default=0)
        leaders = [person for person, score in scores.items() if score == best]
        if best and len(leaders) == 1:
            links[subject] = leaders[0]
    return links


def session_times(dump: dict) -> dict[int, list[datetime]]:
    """A database session row gives its person's last request: expiry minus the idle timeout."""
    times: dict[int, list] = defaultdict(list)
    for row in dump.get("django_session", []):
        data = DatabaseSessionStore().decode(row["session_data"])
        if "_auth_user_id" in data:
            last = row["expire_date"] - timedelta(seconds=settings.SESSION_COOKIE_AGE)
            times[int(data["_auth_user_id"])].append(last)
    return times


def join_by_order(dump: dict, table: str, people_in_order: list[int]) -> dict[str, int]:
    """Places the n-th subject a table shows on the n-th person to send an application."""
    return dict(zip(subject_order(dump, table), people_in_order, strict=False))


def correct(links: dict[str, int], truth: dict[str, int]) -> int:
    return sum(1 for subject, person in links.items() if truth.get(subject) == person)


# The test ------------------------------------------------------------------------------------

QUESTION_SET_TABLES = {"demographics_questionset", "demographics_question", "demographics_option"}


def order_hits_over_nights(truth: dict[str, int]) -> dict[str, list[int]]:
    """The order join, on the dump after each of NIGHTS nightly rewrites: how many people it
    places exactly, per table. One dump's rank match places about one person by chance alone (a
    random order has one fixed point on average), so it is the average that must stay near one."""
    applications = Application.objects.filter(applicant_id__in=truth.values()).order_by("submitted_at")
    people_in_order = list(applications.values_list("applicant_id", flat=True))
    placed: dict[str, list[int]] = defaultdict(list)
    for night in range(NIGHTS):
        dump = read_dump()
        for table in equality_tables(dump):
            placed[table].append(correct(join_by_order(dump, table, people_in_order), truth))
        with time_machine.travel(_at(2, 30) + timedelta(days=2 + night), tick=False):
            _night()
    return placed


@pytest.mark.django_db
def test_a_dump_links_no_more_people_than_chance(a_day):
    people, truth = a_day
    assert len(truth) == PEOPLE
    still_signed_in = [p for p in people if not p.signs_out]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for person in still_signed_in:  # their sessions exist, just not in the dump
        assert store(person.client.cookies["sessionid"].value).load()["_auth_user_id"]
    dump = read_dump()
    equality_times = equality_event_times(dump)

    by_sessions = correct(join_by_time(equality_times, session_times(dump)), truth)
    by_activity = correct(join_by_time(equality_times, activity_times(dump)), truth)
    by_order = order_hits_over_nights(truth)

    assert by_sessions <= 1, f"session times linked {by_sessions} of {PEOPLE}"
    assert by_activity <= 1, f"activity times linked {by_activity} of {PEOPLE}"
    assert {"demographics_consent", "demographics_answer"} <= set(by_order)
    for table, hits in by_order.items():
        assert sum(hits) / NIGHTS <= 2, f"{table}: order placed {hits} of {PEOPLE}, night by night (chance: 1)"
    assert not dump.get("django_session"), "a dump holds sessions"

    # Why: every demographics table but the question sets' own definition has random keys and
    # no time of day, and the audit log has no row per person's equality event.
    tables = [t for t in dump if t.startswith("demographics_") and t not in QUESTION_SET_TABLES]
    assert {"demographics_answer", "demographics_consent", "demographics_eventcount"} <= set(tables)
    for table in tables:
        for row in dump[table]:
            assert not [v for v in row.values() if isinstance(v, datetime)], f"{table} keeps a time of day"
            assert isinstance(row["id"], uuid.UUID), f"{table} has a sequential id"
    assert not [row for row in dump["core_auditevent"] if row["action"].startswith("equality_")]
    counts = {row["kind"]: row["count"] for row in dump["demographics_eventcount"]}
    assert counts["consent_given"] == PEOPLE
    assert set(counts) == {"consent_given", "answer_given"}


def test_the_intruder_links_whoever_the_times_single_out():
    """The joins are not toothless: given times of day, they link; given only dates, they don't."""
    at = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    people = {1: [at - timedelta(seconds=30)], 2: [at - timedelta(minutes=20)], 3: [at + timedelta(hours=1)]}
    assert join_by_time({"s1": [at]}, people) == {"s1": 1}
    assert join_by_time({"s1": [date(2026, 3, 10)]}, people) == {}
    assert join_by_time({"s1": [datetime(2026, 3, 10, 0, 0, tzinfo=LONDON)]}, people) == {}


def test_the_time_helpers_tell_a_day_from_a_time():
    at = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert _near(at, at + timedelta(minutes=4))
    assert not _near(at, at + timedelta(minutes=6))
    assert _near(date(2026, 3, 10), at)
