from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from core import tasks
from mind_involve.celery import app


def test_celery_is_configured_for_json_and_bounded_tasks():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.worker_prefetch_multiplier == 1


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_the_session_cleanup_task_is_safe_to_run_twice():
    assert tasks.sessions_clear_expired.acks_late is True


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_a_task_to_completion():
    expired = SessionStore()
    expired["x"] = 1
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    live = SessionStore()
    live["x"] = 1
    live.create()

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        result = tasks.sessions_clear_expired.delay()
        result.get(timeout=30)

    assert result.status == "SUCCESS"
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert Session.objects.filter(session_key=live.session_key).exists()


DAILY_JOBS = ("clear-expired-sessions", "erase-expired-applications")


def _beat_starts(job: str):
    """What beat's database scheduler does for each entry of CELERY_BEAT_SCHEDULE when it starts:
    writes it to its PeriodicTask row and makes the entry it will check."""
    from django_celery_beat.schedulers import ModelEntry

    return ModelEntry.from_entry(job, app=app, **settings.CELERY_BEAT_SCHEDULE[job])


@pytest.mark.django_db
@pytest.mark.parametrize("job", DAILY_JOBS)
def test_restarting_beat_does_not_postpone_a_daily_job_that_has_never_run(job):
    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime(2026, 3, 10, 1, 0, tzinfo=london), tick=False):
        _beat_starts(job)
    # Beat restarts (a deploy) ten minutes before the job's time: the job still runs at 02:30.
    with time_machine.travel(datetime(2026, 3, 10, 2, 20, tzinfo=london), tick=False):
        entry = _beat_starts(job)
        due, next_check = entry.is_due()
    assert not due
    assert next_check <= 10 * 60
    with time_machine.travel(datetime(2026, 3, 10, 2, 30, 5, tzinfo=london), tick=False):
        assert entry.is_due()[0]
