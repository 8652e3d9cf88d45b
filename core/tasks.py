from functools import partial
from smtplib import SMTPRecipientsRefused, SMTPSenderRefused
from typing import Any

import kombu.exceptions
import redis.exceptions
from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from redis import Redis

from . import services

# Errors that pass: the mail server, the database or the broker away for a moment. SMTP errors
# and lost connections are OSErrors.
TRANSIENT_ERRORS = (
    OSError,
    OperationalError,
    InterfaceError,
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


class EmailTask(Task):
    """A task that sends e-mail: retried with exponential backoff and jitter (1 s, 2 s, 4 s... up to
    10 minutes apart, about an hour in all) on transient errors; every send goes through
    core.mail.send_once, so no retry sends twice. acks_late hands the task to another worker if
    this one dies; the marker makes that safe."""

    autoretry_for = TRANSIENT_ERRORS
    # An address the server refuses will not be accepted on the next try either.
    dont_autoretry_for = (SMTPRecipientsRefused, SMTPSenderRefused)
    retry_backoff = True
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 10
    acks_late = True


def email_task(function: Any) -> Any:
    return shared_task(base=EmailTask)(function)


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """Queues `task` when the current transaction commits. The broker is asked first, inside the
    transaction: when it is away the action fails whole (a 503, nothing saved) instead of saving
    work whose e-mail would never be queued. Should the broker go in the moment before the commit,
    the failure is logged (robust) rather than reported for work that was saved."""
    if settings.REDIS_URL and not settings.CELERY_TASK_ALWAYS_EAGER:
        Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    transaction.on_commit(partial(task.delay, *args), robust=True)


@shared_task(acks_late=True)
def sessions_clear_expired() -> None:
    services.sessions_clear_expired()


@shared_task(acks_late=True)
def sent_markers_prune() -> int:
    return services.sent_markers_prune()


@shared_task(acks_late=True)
def audit_events_erase_expired() -> int:
    return services.audit_events_erase_expired()
