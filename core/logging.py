import hashlib
import hmac
import logging
from datetime import UTC, datetime

from django.conf import settings
from pythonjsonlogger.json import JsonFormatter


class UTCJsonFormatter(JsonFormatter):
    """One JSON object a line, with an ISO 8601 UTC timestamp."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")


def _log_ref(value: str) -> str:
    # An HMAC, not a plain hash: without LOG_HMAC_KEY a guessed address or a user id from a
    # database dump cannot be matched to a log line.
    return hmac.new(settings.LOG_HMAC_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]


def user_ref(user_id: object) -> str | None:
    """How log lines name a person: the same ref for the same account, and no id."""
    return _log_ref(f"user:{user_id}") if user_id is not None else None


def login_ref(login: str) -> str | None:
    """How log lines name a typed sign-in address, so a run of failures on one shows up."""
    login = login.strip().lower()
    return _log_ref(f"login:{login}") if login else None
