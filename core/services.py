from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from .models import SentEmail


def sessions_clear_expired() -> None:
    """Deletes expired sessions so signed-out and idle sessions do not linger on the server."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


def sent_markers_prune(*, days: int = 30) -> int:
    """Deletes sent-e-mail markers older than any retry: retries give up within about an hour."""
    deleted, _ = SentEmail.objects.filter(sent_on__lt=timezone.localdate() - timedelta(days=days)).delete()
    return deleted
