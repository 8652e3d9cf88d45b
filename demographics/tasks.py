from celery import shared_task

from . import services


@shared_task
def withdrawal_confirmation_send(user_id: int) -> None:
    services.withdrawal_confirmation_send(user_id=user_id)


@shared_task
def invitation_email_send(user_id: int, base_url: str) -> None:
    services.invitation_email_send(user_id=user_id, base_url=base_url)
