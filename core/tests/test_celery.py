import os
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.contrib.sessions.backends.file import SessionStore
from django.test import override_settings

from core import tasks
from mind_involve.celery import app


def test_celery_is_configured_for_json_and_bounded_tasks():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.worker_prefetch_multiplier == 1


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def _file_sessions():
    """An expired and a live session in the embedded default's file store."""
    expired = SessionStore()
    expired["x"] = 1
    expired.create()
    idle_since = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(expired._key_to_file(), (idle_since, idle_since))
    live = SessionStore()
    live["x"] = 1
    live.create()
    return expired, live


def test_the_session_cleanup_task_is_safe_to_run_twice(tmp_path):
    # acks_late: a worker that dies mid-run leaves the task queued, so another runs it again.
    assert tasks.sessions_clear_expired.acks_late is True
    with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.file", SESSION_FILE_PATH=str(tmp_path)):
        expired, live = _file_sessions()
        for _ in range(2):
            tasks.sessions_clear_expired.apply(throw=True)
            assert not SessionStore().exists(expired.session_key)
            assert SessionStore().exists(live.session_key)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_runs_a_task_to_completion(tmp_path):
    # Redis expires cached sessions itself; file sessions (the embedded default) need the task.
    with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.file", SESSION_FILE_PATH=str(tmp_path)):
        expired, live = _file_sessions()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            result = tasks.sessions_clear_expired.delay()
            result.get(timeout=30)

        assert result.status == "SUCCESS"
        assert not SessionStore().exists(expired.session_key)
        assert SessionStore().exists(live.session_key)


DAILY_JOBS = ("clear-expired-sessions", "erase-expired-applications", "prune-sent-email-markers")


def _beat_starts(job: str):
    """What beat's database scheduler does for each entry of CELERY_BEAT_SCHEDULE when it starts:
    writes it to its PeriodicTask row and makes the entry it will check."""
    from django_celery_beat.schedulers import ModelEntry

    return ModelEntry.from_entry(job, app=app, **settings.CELERY_BEAT_SCHEDULE[job])


@pytest.mark.django_db
@pytest.mark.parametrize("job", DAILY_JOBS)
def test_restarting_beat_does_not_postpone_a_daily_job_that_has_never_run(job):
    schedule = settings.CELERY_BEAT_SCHEDULE[job]["schedule"]
    london = ZoneInfo("Europe/London")
    due_at = datetime(2026, 3, 10, min(schedule.hour), min(schedule.minute), tzinfo=london)
    with time_machine.travel(due_at - timedelta(hours=1), tick=False):
        _beat_starts(job)  # the first start writes the schedule to the database
    # Beat restarts (a deploy) ten minutes before the job's time: the job still runs at its time.
    with time_machine.travel(due_at - timedelta(minutes=10), tick=False):
        entry = _beat_starts(job)
        due, next_check = entry.is_due()
    assert not due
    assert next_check <= 10 * 60
    with time_machine.travel(due_at + timedelta(seconds=5), tick=False):
        assert entry.is_due()[0]
