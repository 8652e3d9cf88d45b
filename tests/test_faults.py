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
    services.application_save_step(application=application, **data)
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
    assert page.status_code == 200
    assert application.reference in page.content.decode()


class PrivateRedis:
    """A redis-server of this test's own, on a free port, to stop, restart and freeze at will
    (the shared one at 6379 is never touched)."""

    def __init__(self, directory: str) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process = None

    def start(self) -> None:
        import subprocess

        import redis

        # With an append-only file, as docker-compose.yml runs it: what it held (the sessions among
        # it) is there again after a restart.
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.directory]
        command += ["--save", "", "--appendonly", "yes", "--appendfsync", "always"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def answers() -> bool:
            try:
                return bool(redis.Redis.from_url(self.url, socket_timeout=0.5).ping())
            except redis.RedisError:
                return False

        wait_for(answers, timeout=10)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self) -> None:
        import signal

        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        import signal

        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def private_redis(settings, tmp_path):
    server = PrivateRedis(str(tmp_path))
    server.start()
    # The cache (every rate limit, every session) on this server, with the production timeouts.
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    yield server
    if server.process is not None:
        server.thaw()
    server.stop()


@pytest.fixture
def worker_on_private_redis(private_redis):
    """A Celery app and worker whose broker and results are the private server too."""
    from celery import Celery

    fault_app = Celery("mind_involve")
    fault_app.config_from_object("django.conf:settings", namespace="CELERY")
    fault_app.conf.update(broker_url=private_redis.url, result_backend=private_redis.url)
    fault_app.loader.import_default_modules()
    try:
        with start_worker(fault_app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        app.set_current()
        app.set_default()


def _draft(applicant):
    from recruitment import services
    from recruitment.tests.factories import OpportunityFactory

    application = services.application_start(opportunity=OpportunityFactory(), applicant=applicant)
    data = {"contact_method": "email", "lived_experience": "My story.", "why_this_role": "I care."}
    return services.application_save_step(application=application, **data)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_during_sign_in_and_submit_gives_a_503_and_saves_nothing_half_way(
    private_redis, worker_on_private_redis, applicant
):
    from django.test import Client
    from django.urls import reverse

    from recruitment.models import StageChange

    visitor = Client(raise_request_exception=False)
    login = reverse("account_login")
    assert visitor.post(login, {"login": applicant.email}).status_code == 302  # a sign-in code is sent
    person = Client(raise_request_exception=False)
    person.force_login(applicant)
    application = _draft(applicant)
    check = reverse("recruitment:check", kwargs={"reference": application.reference})
    sent_before = len(mail.outbox)

    private_redis.stop()
    response = visitor.post(login, {"login": applicant.email})
    assert response.status_code == 503
    assert "try again in a few minutes" in response.content.decode()
    response = person.post(check)
    assert response.status_code == 503
    assert "try again in a few minutes" in response.content.decode()
    application.refresh_from_db()
    assert application.is_draft
    assert application.why_this_role == "I care."
    assert not StageChange.objects.filter(application=application).exists()
    assert len(mail.outbox) == sent_before  # no code, no confirmation
    assert person.get(check).status_code == 503  # not sent to sign in: still signed in, just waiting

    private_redis.start()
    assert "My story." in person.get(check).content.decode()  # the draft is there to go back to
    response = person.post(check)
    assert response["Location"] == reverse("recruitment:confirmation", kwargs={"reference": application.reference})
    application.refresh_from_db()
    assert not application.is_draft
    wait_for(lambda: any(message.to == [application.email] for message in mail.outbox[sent_before:]))
    assert visitor.post(login, {"login": applicant.email}).status_code == 302
    time.sleep(1)  # a second confirmation, were there one, would have gone by now
    confirmations = [m for m in mail.outbox if application.reference in m.subject]
    assert len(confirmations) == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_frozen_redis_gives_the_503_page_within_seconds(private_redis, applicant):
    from django.test import Client
    from django.urls import reverse

    person = Client(raise_request_exception=False)
    person.force_login(applicant)
    application = _draft(applicant)
    private_redis.freeze()
    try:
        started = time.monotonic()
        response = person.post(reverse("recruitment:check", kwargs={"reference": application.reference}))
        elapsed = time.monotonic() - started
    finally:
        private_redis.thaw()
    assert response.status_code == 503
    assert elapsed < 2.5  # one 1 s socket timeout, then the page
    application.refresh_from_db()
    assert application.is_draft


@pytest.mark.django_db(transaction=True)
def test_an_applicant_whose_application_was_saved_sees_the_confirmation_through_a_session_store_hiccup(
    private_redis, applicant, monkeypatch
):
    """Redis goes away just after the application is committed, before the session is renewed at
    the end of the request: the applicant still gets their confirmation once it is back."""
    from django.test import Client
    from django.urls import reverse

    application = _draft(applicant)
    client = Client(raise_request_exception=False)
    client.force_login(applicant)
    monkeypatch.setattr(recruitment_tasks.application_confirmation_send, "delay", lambda *args: private_redis.stop())
    response = client.post(reverse("recruitment:check", kwargs={"reference": application.reference}))
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:confirmation", kwargs={"reference": application.reference})
    application.refresh_from_db()
    assert not application.is_draft
    private_redis.start()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert application.reference in page.content.decode()
