from celery import shared_task

from core.tasks import email_task

from . import services


@email_task
def application_confirmation_send(application_id: int) -> None:
    services.application_confirmation_send(application_id=application_id)


@email_task
def message_deliver(message_id: int) -> None:
    services.message_deliver(message_id=message_id)


@email_task
def outreach_email_send(send_id: int, base_url: str) -> None:
    services.outreach_email_send(send_id=send_id, base_url=base_url)


@shared_task(acks_late=True)
def applications_erase_expired() -> int:
    return services.applications_erase_expired()
