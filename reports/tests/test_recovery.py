"""A build whose worker dies is handed on within a couple of minutes, and never built twice at once.

The builder holds a PostgreSQL advisory lock for as long as it builds; the server drops the lock
the moment the builder's connection goes. The minute sweep hands on any build marked running or
long queued whose lock nobody holds.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection
from django.utils import timezone

from mind_involve.celery import app
from reports import services
from reports.models import ReportSnapshot
from reports.tests.factories import ReportSnapshotFactory
from reports.tests.populations import QUARTER, advisors

ROOT = Path(__file__).resolve().parents[2]


def _dsn() -> str:
    database = connection.settings_dict
    return f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def _running(attempts: int = 1) -> ReportSnapshot:
    return ReportSnapshotFactory(
        period=QUARTER,
        status=ReportSnapshot.Status.RUNNING,
        attempts=attempts,
        started_at=timezone.now() - timedelta(seconds=30),
    )


@pytest.mark.django_db
def test_a_build_whose_lock_is_held_is_left_alone_and_one_whose_lock_is_free_is_handed_on(
    django_capture_on_commit_callbacks,
):
    alive = _running()
    dead = _running()
    with psycopg.connect(_dsn(), autocommit=True) as other_worker:
        other_worker.execute("SELECT pg_advisory_lock(%s, %s)", [services.LOCK_NAMESPACE, alive.pk])
        with django_capture_on_commit_callbacks(execute=False) as handed_on:
            assert services.snapshots_recover_stale() == {"retried": 1, "failed": 0}
        # While one worker builds it, another asked to build it leaves it alone.
        assert services.snapshot_build(snapshot_id=alive.pk).status == ReportSnapshot.Status.RUNNING
    alive.refresh_from_db()
    dead.refresh_from_db()
    assert alive.status == ReportSnapshot.Status.RUNNING
    assert alive.attempts == 1
    assert dead.status == ReportSnapshot.Status.QUEUED
    assert len(handed_on) == 1


@pytest.mark.django_db
def test_after_three_tries_a_build_fails_with_a_reason(django_capture_on_commit_callbacks):
    stuck = _running(attempts=3)
    with django_capture_on_commit_callbacks(execute=False):
        assert services.snapshots_recover_stale() == {"retried": 0, "failed": 1}
    stuck.refresh_from_db()
    assert stuck.status == ReportSnapshot.Status.FAILED
    assert "stopped without finishing 3 times" in stuck.error


@pytest.mark.django_db
def test_a_queued_build_nobody_started_is_handed_on_after_a_few_minutes(django_capture_on_commit_callbacks):
    fresh = ReportSnapshotFactory(period=QUARTER)
    lost = ReportSnapshotFactory(period=QUARTER)
    ReportSnapshot.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    with django_capture_on_commit_callbacks(execute=False) as handed_on:
        assert services.snapshots_recover_stale() == {"retried": 1, "failed": 0}
    assert len(handed_on) == 1
    fresh.refresh_from_db()
    assert fresh.status == ReportSnapshot.Status.QUEUED


def test_the_sweep_runs_every_minute():
    schedule = settings.CELERY_BEAT_SCHEDULE["recover-stale-report-builds"]["schedule"]
    assert schedule.minute == set(range(60))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_build_leaves_running_within_two_minutes_and_a_real_worker_finishes_it():
    advisors(12, ethnic_group="white")
    snapshot = services.snapshot_create(period=services.Period.parse(QUARTER))
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mind_involve.settings_test",
        "DATABASE_URL": f"postgres://{connection.settings_dict['USER']}@{connection.settings_dict['HOST']}:"
        f"{connection.settings_dict['PORT']}/{connection.settings_dict['NAME']}",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mind_involve", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Hold the build halfway: it waits for the benchmarks, which this connection has locked.
    blocker = psycopg.connect(_dsn())
    try:
        blocker.execute("LOCK TABLE reports_benchmarkset IN ACCESS EXCLUSIVE MODE")
        from reports import tasks

        tasks.snapshot_build.delay(snapshot.pk)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            snapshot.refresh_from_db()
            if snapshot.status == ReportSnapshot.Status.RUNNING and snapshot.progress >= 60:
                break
            time.sleep(0.2)
        assert snapshot.status == ReportSnapshot.Status.RUNNING, "the worker never started the build"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed = time.monotonic()
    finally:
        blocker.rollback()  # the dead worker's server process finishes its query, then goes
        blocker.close()
        if worker.poll() is None:
            worker.kill()
    # Beat runs the sweep every minute; here it runs until it hands the build on.
    while time.monotonic() - killed < 120:
        if services.snapshots_recover_stale()["retried"]:
            break
        time.sleep(1)
    snapshot.refresh_from_db()
    assert snapshot.status == ReportSnapshot.Status.QUEUED
    assert time.monotonic() - killed < 120
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            snapshot.refresh_from_db()
            if snapshot.status == ReportSnapshot.Status.DONE:
                break
            time.sleep(0.2)
    assert snapshot.status == ReportSnapshot.Status.DONE
    assert snapshot.attempts == 2
    assert snapshot.progress == 100
