"""Logs name no one beside an equality event: a log reader sees a withdrawal happen, never whose."""

import logging
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.logging import UTCJsonFormatter, user_ref
from demographics.pseudonym import subject_key_for
from mind_involve.celery import app

# An id no timestamp, duration or count in a log line could contain by accident.
DISTINCTIVE_ID = 987_654_321


class Capture(logging.Handler):
    """Every record any logger writes, formatted as production formats it."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(UTCJsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured_logs():
    handler = Capture()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield handler
    root.removeHandler(handler)
    root.setLevel(previous)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_logs_of_a_withdrawal_hold_no_user_id(client, captured_logs, django_capture_on_commit_callbacks):
    """Sign-in, consent, an answer and a withdrawal, with a real worker sending the
    confirmation: every line any logger writes is searched for the person's id."""
    person = UserFactory(pk=DISTINCTIVE_ID, email="withdrawing@example.net")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="INFO"):
        # start_worker sets up Celery's logging, which drops the root logger's handlers.
        logging.getLogger().addHandler(captured_logs)
        client.force_login(person)
        client.post(reverse("demographics:start"), {"agree": "on"})
        client.post(reverse("demographics:question", kwargs={"key": "age_band"}), {"action": "save", "option": "25_34"})
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("demographics:withdraw"))
        assert response.status_code == 302
        deadline = time.monotonic() + 30
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert mail.outbox
    assert mail.outbox[-1].to == [person.email]
    lines = captured_logs.lines
    task_lines = [line for line in lines if "withdrawal_confirmation_send" in line]
    assert any("received" in line for line in task_lines)
    assert any("succeeded" in line for line in task_lines)
    assert any(user_ref(person.pk) in line for line in lines)  # the sign-in, named by its ref
    leaking = [line for line in lines if str(DISTINCTIVE_ID) in line or person.email in line]
    assert not leaking
    assert not [line for line in lines if subject_key_for(person.pk) in line]
