from core.tasks import email_task

from . import services


@email_task
def withdrawal_confirmation_send(user_id: int) -> None:
    services.withdrawal_confirmation_send(user_id=user_id)


@email_task
def invitation_email_send(user_id: int, base_url: str) -> None:
    services.invitation_email_send(user_id=user_id, base_url=base_url)
