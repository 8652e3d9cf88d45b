from smtplib import SMTPRecipientsRefused, SMTPSenderRefused
from typing import Any

import kombu.exceptions
import redis.exceptions
from celery import Task, shared_task
from django.db import InterfaceError, OperationalError

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


@shared_task(acks_late=True)
def sessions_clear_expired() -> None:
    services.sessions_clear_expired()


@shared_task(acks_late=True)
def sent_markers_prune() -> int:
    return services.sent_markers_prune()
