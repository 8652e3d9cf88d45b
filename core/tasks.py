from celery import shared_task

from . import services


@shared_task(acks_late=True)
def sessions_clear_expired() -> None:
    services.sessions_clear_expired()


@shared_task(acks_late=True)
def audit_events_erase_expired() -> int:
    return services.audit_events_erase_expired()
