"""The nightly job that rewrites the equality tables in random order, so no dump shows the
order in which rows were written."""

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection

from accounts.tests.factories import UserFactory
from demographics import services, tasks
from demographics.models import Answer, Consent, EventCount
from demographics.tests.factories import AnswerFactory


def _physical(model) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, subject_key FROM {model._meta.db_table} ORDER BY ctid")  # noqa: S608
        return cursor.fetchall()


def _content() -> set[tuple]:
    answers = set(Answer.objects.values_list("subject_key", "question_key", "option_id", "free_text"))
    consents = set(Consent.objects.values_list("subject_key", "given_on", "withdrawn_on"))
    return answers | consents


@pytest.fixture
def answered(db):
    for _ in range(12):
        person = UserFactory()
        for key in ("age_band", "sex", "religion"):
            AnswerFactory(person=person, question_key=key)  # the first option


def test_it_runs_every_night_at_half_past_two_on_a_crontab():
    entry = settings.CELERY_BEAT_SCHEDULE["rewrite-equality-tables-in-random-order"]
    assert entry["task"] == tasks.tables_rewrite_in_random_order.name
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].hour == {2}
    assert entry["schedule"].minute == {30}
    assert tasks.tables_rewrite_in_random_order.acks_late is True


@pytest.mark.django_db
def test_it_keeps_every_row_with_new_keys_in_a_new_order(answered):
    before_content = _content()
    before = {model: _physical(model) for model in (Answer, Consent)}
    counts = list(EventCount.objects.values_list("day", "kind", "count").order_by("kind"))
    result = tasks.tables_rewrite_in_random_order()
    assert result == {
        "orphan_answers_deleted": 0,
        "answer_copies_repaired": 0,
        "demographics_answer": 36,
        "demographics_consent": 12,
        "demographics_usedinvitation": 0,
        "demographics_eventcount": 2,
    }
    assert _content() == before_content
    assert list(EventCount.objects.values_list("day", "kind", "count").order_by("kind")) == counts
    for model, rows in before.items():
        after = _physical(model)
        assert not {row[0] for row in rows} & {row[0] for row in after}, "keys were kept"
        assert [row[0] for row in after] == sorted(row[0] for row in after), "not in the order of the keys"
        assert [row[1] for row in after] != [row[1] for row in rows], "rows kept their order"


@pytest.mark.django_db
def test_the_embedded_default_reinserts_rows_in_random_order(answered, monkeypatch):
    """The branch for SQLite is plain SQL; here it runs on PostgreSQL by claiming to be SQLite."""
    before_content = _content()
    before = [row[1] for row in _physical(Answer)]
    monkeypatch.setattr(connection, "vendor", "sqlite")
    services.tables_rewrite_in_random_order()
    monkeypatch.undo()
    assert _content() == before_content
    assert [row[1] for row in _physical(Answer)] != before
