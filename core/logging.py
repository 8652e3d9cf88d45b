import logging
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter


class UTCJsonFormatter(JsonFormatter):
    """One JSON object a line, with an ISO 8601 UTC timestamp."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")
