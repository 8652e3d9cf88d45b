from celery import shared_task

from core.tasks import email_task

from . import services


@shared_task(acks_late=True)
def snapshot_build(snapshot_id: int) -> None:
    # acks_late with an idempotent build: a worker that dies mid-build leaves the message to be
    # delivered again, and the build simply starts over.
    services.snapshot_build(snapshot_id=snapshot_id)


@email_task
def build_failure_notify(snapshot_id: int) -> None:
    services.build_failure_notify(snapshot_id=snapshot_id)


@shared_task(acks_late=True)
def snapshots_recover_stale() -> dict[str, int]:
    return services.snapshots_recover_stale()


@shared_task(acks_late=True)
def scheduled_build() -> int:
    return services.scheduled_build()
