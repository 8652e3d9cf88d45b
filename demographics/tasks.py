"""Tasks about a person's equality data take a sealed id (core.sealed), never a plain one."""

from celery import shared_task

from core.sealed import unseal
from core.tasks import email_task

from . import services


@email_task
def withdrawal_confirmation_send(person: str) -> None:
    services.withdrawal_confirmation_send(user_id=unseal(person))


@email_task
def invitation_email_send(person: str, base_url: str) -> None:
    services.invitation_email_send(user_id=unseal(person), base_url=base_url)


@shared_task(acks_late=True)
def tables_rewrite_in_random_order() -> dict[str, int]:
    # Repaired first, so the rewrite that follows also moves any row the repair touched.
    return {**services.answer_copies_repair(), **services.tables_rewrite_in_random_order()}
