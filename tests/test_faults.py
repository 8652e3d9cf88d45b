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


@pytest.mark.django_db(transaction=True)
def test_an_applicant_whose_application_was_saved_sees_the_confirmation_through_a_database_blip(
    client, applicant, monkeypatch
):
    """PostgreSQL drops the connection just after the application is committed, before the
    session is renewed at the end of the request: the applicant still gets their confirmation."""
    import psycopg
    from django.db import connection
    from django.urls import reverse

    from recruitment import services
    from recruitment.tests.factories import OpportunityFactory

    application = services.application_start(opportunity=OpportunityFactory(), applicant=applicant)
    data = {"contact_method": "email", "lived_experience": "My story.", "why_this_role": "I care."}
    services.application_save_step(application=application, data=data)
    client.force_login(applicant)

    def blip(*args, **kwargs):
        # Runs on commit, inside the request: end this request's database session from outside.
        params = connection.get_connection_params()
        with psycopg.connect(host=params["host"], port=params["port"], user=params["user"], dbname="postgres") as other:
            other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])

    monkeypatch.setattr(recruitment_tasks.application_confirmation_send, "delay", blip)
    response = client.post(reverse("recruitment:check", kwargs={"reference": application.reference}))
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:confirmation", kwargs={"reference": application.reference})
    connection.close()  # what the server does at the end of every request
    application.refresh_from_db()
    assert application.submitted_at is not None
    page = client.get(response["Location"])
    assert page.status_code == 200 and application.reference in page.content.decode()
