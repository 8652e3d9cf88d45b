from datetime import date, datetime, time, timedelta
from importlib import import_module

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .audit import audit_record
from .models import AuditEvent, SentEmail


def sessions_clear_expired() -> None:
    """Deletes expired sessions so signed-out and idle sessions do not linger on the server."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


def sent_markers_prune(*, days: int = 30) -> int:
    """Deletes sent-e-mail markers older than any retry: retries give up within about an hour."""
    deleted, _ = SentEmail.objects.filter(sent_on__lt=timezone.localdate() - timedelta(days=days)).delete()
    return deleted


@transaction.atomic
def audit_events_erase_expired(*, today: date | None = None) -> int:
    """Erases audit events older than AUDIT_RETENTION_MONTHS, and records that it did."""
    today = today or timezone.localdate()
    months = settings.AUDIT_RETENTION_MONTHS
    cutoff = timezone.make_aware(datetime.combine(today - relativedelta(months=months), time.min))
    count, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    if count:
        audit_record(action="audit_events_erased_by_retention", detail={"count": count, "before": cutoff.isoformat()})
    return count
