from celery import shared_task

from core.tasks import email_task

from . import services


@email_task
def invitation_send(participation_id: int) -> None:
    services.invitation_send(participation_id=participation_id)


@email_task
def insight_answered_notify(insight_id: int) -> int:
    return services.insight_answered_notify(insight_id=insight_id)


@email_task
def overdue_actions_remind() -> int:
    return services.overdue_actions_remind()


@shared_task(acks_late=True)
def records_erase_expired() -> dict[str, int]:
    return services.records_erase_expired()
