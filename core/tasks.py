from celery import shared_task

from . import services


@shared_task(acks_late=True)
def sessions_clear_expired() -> None:
    services.sessions_clear_expired()
