from celery import shared_task

from . import services


@shared_task
def invitation_send(participation_id: int) -> None:
    services.invitation_send(participation_id=participation_id)


@shared_task
def insight_answered_notify(insight_id: int) -> int:
    return services.insight_answered_notify(insight_id=insight_id)


@shared_task(acks_late=True)
def overdue_actions_remind() -> int:
    return services.overdue_actions_remind()


@shared_task(acks_late=True)
def records_erase_expired() -> dict[str, int]:
    return services.records_erase_expired()
