from importlib import import_module

from django.conf import settings


def sessions_clear_expired() -> None:
    """Deletes expired sessions so signed-out and idle sessions do not linger on the server."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
