"""Faults injected into the real services, with a real Celery worker: an e-mail whose first send
fails, and Redis stopped in the middle of signing in and of sending an application."""

import time
from collections.abc import Callable

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from core.models import SentEmail
from core.tests.mail_backends import FailingFirstEmailBackend
from mind_involve.celery import app
from recruitment import tasks as recruitment_tasks
from recruitment.tests.factories import submitted_application


def wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_email_task_whose_first_send_fails_is_delivered_exactly_once(settings, applicant):
    settings.EMAIL_BACKEND = "core.tests.mail_backends.FailingFirstEmailBackend"
    FailingFirstEmailBackend.reset(failures=1)
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        # Sending commits the application; its confirmation task goes to the broker on commit.
        application = submitted_application(applicant=applicant)
        wait_for(lambda: SentEmail.objects.filter(sent_on__isnull=False).exists())
        # The broker hands the same task over a second time, as after a worker lost mid-task.
        task_id = SentEmail.objects.get().key
        again = recruitment_tasks.application_confirmation_send.apply_async((application.pk,), task_id=task_id)
        again.get(timeout=30)
    confirmations = [message for message in mail.outbox if message.to == [application.email]]
    assert len(confirmations) == 1
    assert application.reference in confirmations[0].subject
    assert FailingFirstEmailBackend.attempts == 2  # the failed send, then the retry that went
