"""Builds diversity-progress reports. Other apps are read only through their selectors; every
figure goes through disclosure control here, before anything is stored, so no later view can
leak what the snapshot never held."""

from __future__ import annotations

import csv
import gc
import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from core.audit import audit_record
from core.mail import send_once
from core.tasks import enqueue_on_commit
from demographics import selectors as demographics
from recruitment import selectors as recruitment
from workshops import selectors as workshops

if TYPE_CHECKING:
    from accounts.models import User

from . import charts, figures, selectors, tasks
from .disclosure import Cell, publish, record_keys
from .models import BenchmarkSet, BenchmarkShare, ReportSnapshot
from .schema import SCHEMA_VERSION, Accountability, Meetings, SnapshotData, TrendPoint

ETHNIC_GROUP = figures.ETHNIC_GROUP
MAX_ATTEMPTS = 3
# A queued build that no worker has started after this long is handed to the worker again.
QUEUED_GRACE = timedelta(minutes=5)
# PostgreSQL advisory locks are keyed by two integers: this app's namespace and the snapshot.
LOCK_NAMESPACE = 0x5245  # "RE"


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # exclusive

    @classmethod
    def parse(cls, label: str) -> Period:
        label = label.strip().upper()
        try:
            year, quarter = int(label[:4]), int(label[5:])
            if len(label) != 6 or label[4] != "Q" or not 1 <= quarter <= 4 or year < 2000:
                raise ValueError
        except ValueError:
            raise ValidationError(_("Give a quarter like 2026Q3.")) from None
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
        return cls(label=f"{year}Q{quarter}", start=start, end=end)

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls.parse(f"{day.year}Q{(day.month - 1) // 3 + 1}")

    @classmethod
    def last_complete(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        quarter = (today.month - 1) // 3  # the current quarter's index, 0-3
        year = today.year if quarter else today.year - 1
        return cls.parse(f"{year}Q{quarter or 4}")

    def previous(self, quarters: int = 1) -> Period:
        index = self.start.year * 4 + (self.start.month - 1) // 3 - quarters
        return Period.parse(f"{index // 4}Q{index % 4 + 1}")

    def aware_bounds(self) -> tuple[datetime, datetime]:
        return (
            timezone.make_aware(datetime.combine(self.start, time_of_day.min)),
            timezone.make_aware(datetime.combine(self.end, time_of_day.min)),
        )


@transaction.atomic
def snapshot_create(*, period: Period, scope: str = "", by: User | None = None) -> ReportSnapshot:
    """A queued snapshot, with the disclosure thresholds in force fixed on it."""
    snapshot = ReportSnapshot.objects.create(
        period=period.label,
        scope=scope.strip(),
        requested_by=by,
        min_cell=settings.DISCLOSURE_MIN_CELL,
        min_breakdown=settings.DISCLOSURE_MIN_BREAKDOWN,
    )
    audit_record(action="report_requested", actor=by, target_type="report", target_id=snapshot.pk)
    return snapshot


@transaction.atomic
def snapshot_request(*, period: Period, scope: str = "", by: User | None = None) -> ReportSnapshot:
    """Creates a snapshot and hands the build to the worker once the row is committed."""
    snapshot = snapshot_create(period=period, scope=scope, by=by)
    enqueue_on_commit(tasks.snapshot_build, snapshot.pk)
    return snapshot


@contextmanager
def _build_lock(snapshot_id: int) -> Iterator[bool]:
    """Whether this process may build the snapshot: a PostgreSQL session lock, held while the
    build runs and released by the server the moment a killed worker's connection drops. The
    embedded default (SQLite, tasks in the web process) builds one thing at a time anyway."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, snapshot_id])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, snapshot_id])


def _progress(snapshot: ReportSnapshot, percent: int) -> None:
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(progress=percent)


def snapshot_build(*, snapshot_id: int) -> ReportSnapshot:
    """Idempotent: a finished snapshot is left alone, one that another worker is building is left
    to it, and an unfinished one is built from the start."""
    with _build_lock(snapshot_id) as mine:
        if not mine:
            return ReportSnapshot.objects.get(pk=snapshot_id)
        with transaction.atomic():
            snapshot = ReportSnapshot.objects.select_for_update().get(pk=snapshot_id)
            if snapshot.status == ReportSnapshot.Status.DONE:
                return snapshot
            snapshot.status = ReportSnapshot.Status.RUNNING
            snapshot.attempts += 1
            snapshot.started_at = timezone.now()
            snapshot.progress = 0
            snapshot.error = ""
            snapshot.save(update_fields=["status", "attempts", "started_at", "progress", "error"])
        started = time.monotonic()
        phases: dict[str, float] = {}
        try:
            with _cycle_collector_paused():
                data = snapshot_data(snapshot, phases=phases)
        except ValidationError as error:
            _fail(snapshot, " ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - any failure is recorded on the snapshot, not lost
            _fail(snapshot, f"{type(error).__name__}: {error}")
        else:
            data["timings"] = {"build_seconds": round(time.monotonic() - started, 3), **phases}
            ReportSnapshot.objects.filter(pk=snapshot.pk).update(
                status=ReportSnapshot.Status.DONE, progress=100, data=data, finished_at=timezone.now()
            )
    snapshot.refresh_from_db()
    return snapshot


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """A build makes millions of short-lived objects (rows, keys) and no reference cycles worth
    chasing, and each pass of Python's cycle collector walks every object in the process: about
    65 ms a pass in a worker, several passes a build. It runs again once the build is done. (The
    pause is process-wide: where tasks run in the web process, as `make run` does, requests
    served meanwhile go without it too, which costs them nothing but memory held a little longer.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fail(snapshot: ReportSnapshot, reason: str) -> None:
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(
        status=ReportSnapshot.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
    transaction.on_commit(lambda: tasks.build_failure_notify.delay(snapshot.pk), robust=True)


def _people(period: Period, team: str) -> tuple[set[int], pd.DataFrame]:
    """Who a scope counts: involved people (advisors, and anyone who attended a meeting; for a
    team, that team's advisors and meetings) and applicants, one row each, with the furthest step
    any of their applications in the period reached and how they heard about us first."""
    involved = recruitment.report_involved_people(start=period.start, end=period.end, team=team)
    start, end = period.aware_bounds()
    involved |= set(workshops.report_participants(start=start, end=end, team=team))
    applicants = recruitment.report_applicants(start=period.start, end=period.end, team=team)
    persons = sorted(involved | applicants.keys())
    steps_and_channels = [applicants.get(person, (0, "")) for person in persons]
    people = pd.DataFrame(
        {
            "person": np.asarray(persons, dtype=np.int64),
            "involved": [person in involved for person in persons],
            "step": np.fromiter((step for step, _channel in steps_and_channels), dtype=np.int64, count=len(persons)),
            "channel": [channel for _step, channel in steps_and_channels],
        }
    )
    return involved, people


def _check_scope(team: str, period: Period, people: pd.DataFrame, min_breakdown: int) -> None:
    """A team report only when the team and the rest of the organisation are each big enough that
    comparing the two reports cannot single anyone out."""
    if not team:
        return
    _involved, everyone = _people(period, "")
    rest = len(set(everyone["person"]) - set(people["person"]))
    if len(people) < min_breakdown or rest < min_breakdown:
        raise ValidationError(
            _(
                "A report for %(team)s needs at least %(n)d people in the team and %(n)d in the rest of "
                "the organisation in %(period)s, so that neither can be worked out from the other."
            )
            % {"team": team, "n": min_breakdown, "period": period.label}
        )


@contextmanager
def _phase(phases: dict[str, float], name: str) -> Iterator[None]:
    """Times one step of the build, for `make bench` and anyone asking why a build was slow."""
    started = time.monotonic()
    yield
    phases[f"{name}_seconds"] = round(time.monotonic() - started, 3)


def snapshot_data(snapshot: ReportSnapshot, *, phases: dict[str, float] | None = None) -> dict[str, Any]:
    phases = {} if phases is None else phases
    period = Period.parse(snapshot.period)
    k, min_breakdown, team = snapshot.min_cell, snapshot.min_breakdown, snapshot.scope
    with _phase(phases, "people"):
        _involved, people = _people(period, team)
        _check_scope(team, period, people, min_breakdown)
    with _phase(phases, "record_keys"):
        people["record_key"] = record_keys(people["person"].tolist())
        people["segment"] = people.groupby(["involved", "step", "channel"]).ngroup()
    _progress(snapshot, 20)
    with _phase(phases, "answers"):
        aggregates = demographics.report_aggregates(
            people=people[["person", "record_key", "segment"]], profile=figures.TYPICAL_PROFILE
        )
    _progress(snapshot, 60)
    inputs = figures.Inputs(
        people=people,
        answers=aggregates.answers,
        profile=aggregates.profile,
        consent=aggregates.consent,
        questions=[
            figures.Question(key=q.key, text=q.text, options=q.options, prefer_not_to_say=q.prefer_not_to_say)
            for q in demographics.report_questions()
        ],
        benchmarks=_benchmarks(),
        channel_labels=recruitment.report_channel_labels(),
        k=k,
        min_breakdown=min_breakdown,
    )
    with _phase(phases, "figures"):
        published = figures.build(inputs)
    _progress(snapshot, 80)
    # figures.build returns the published figures as a plain dict; schema.py gives their shape.
    data = cast(
        SnapshotData,
        {
            "schema_version": SCHEMA_VERSION,
            "period": {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()},
            "scope": team,
            "rule": figures.rule(k, min_breakdown),
            **published,
            "trend": [],
            "accountability": {},
            "timings": {},
        },
    )
    with _phase(phases, "accountability_and_trend"):
        data["accountability"] = _accountability(period, k)
        data["trend"] = _trend(snapshot, period, data)
    return dict(data)


def _accountability(period: Period, k: int) -> Accountability:
    """What was done with what people said. Attendances count people, so they are cells like any
    other; meetings, insights and actions are not people and are counted exactly."""
    start, end = period.aware_bounds()
    attendances = workshops.report_attendances(start=start, end=end)
    attendees = sorted({person for _kind, _meeting, person in attendances})
    keys = dict(zip(attendees, record_keys(attendees).tolist(), strict=True))
    counts = workshops.report_meeting_counts(start=start, end=end)
    meetings: list[Meetings] = []
    for kind, label in workshops.report_meeting_kind_labels().items():
        cell = Cell(0, 0)
        for row_kind, _meeting, person in attendances:
            if row_kind == kind:
                cell += Cell(1, keys[person])
        meetings.append(
            {"key": kind, "label": label, "meetings": counts.get(kind, 0), "attendances": publish(cell, k=k)}
        )
    return {
        "insights_by_status": workshops.report_insights_by_status(),
        "median_days_to_response": workshops.report_median_days_to_response(),
        "overdue_actions": workshops.report_overdue_actions(today=min(period.end, timezone.localdate())),
        "meetings": meetings,
    }


def _trend(snapshot: ReportSnapshot, period: Period, data: SnapshotData) -> list[TrendPoint]:
    """This quarter beside every earlier quarter of the same scope (each quarter's latest build),
    from their published figures only; and the change since last quarter and since a year ago."""
    earlier: dict[str, TrendPoint] = {}
    rows = (
        ReportSnapshot.objects.filter(
            status=ReportSnapshot.Status.DONE,
            scope=snapshot.scope,
            period__lt=snapshot.period,
            data__schema_version=SCHEMA_VERSION,
        )
        .order_by("period", "finished_at")
        .values_list(
            "period",
            "data__headline__minority_share",
            "data__headline__benchmark_share",
            "data__profile__share",
            "data__population__involved__count",
        )
    )
    for label, minority, benchmark, profile, involved in rows:
        earlier[label] = {
            "period": label,
            "minority_share": minority,
            "benchmark_share": benchmark,
            "profile_share": profile,
            "involved": involved,
        }
    headline = data["headline"]
    current: TrendPoint = {
        "period": period.label,
        "minority_share": headline.get("minority_share"),
        "benchmark_share": headline.get("benchmark_share"),
        "profile_share": data["profile"]["share"],
        "involved": data["population"]["involved"]["count"],
    }
    points = [earlier[label] for label in sorted(earlier)] + [current]

    def change(reference: TrendPoint | None) -> float | None:
        now, then = current["minority_share"], reference["minority_share"] if reference else None
        return round(now - then, 4) if now is not None and then is not None else None

    previous = earlier.get(period.previous().label)
    year_ago = earlier.get(period.previous(4).label)
    headline["change_since_previous"] = change(previous)
    headline["previous_period"] = period.previous().label if previous else None
    headline["change_over_year"] = change(year_ago)
    headline["year_ago_period"] = period.previous(4).label if year_ago else None
    return points


def _benchmarks() -> dict[str, figures.Benchmark]:
    result = {}
    for benchmark in BenchmarkSet.objects.filter(is_default=True).prefetch_related("shares"):
        result[benchmark.dimension] = figures.Benchmark(
            name=benchmark.name,
            source=benchmark.source,
            shares={share.category: float(share.percent) / 100 for share in benchmark.shares.all()},
        )
    return result


def snapshots_recover_stale(*, now: datetime | None = None) -> dict[str, int]:
    """Every minute (beat): a build marked running that no process holds the lock for was left by
    a worker that died, so it is handed to a worker again, or failed with a reason after three
    tries. A queued build nobody started within a few minutes is handed over again too."""
    now = now or timezone.now()
    retried = failed = 0
    stranded = ReportSnapshot.objects.filter(status=ReportSnapshot.Status.RUNNING) | ReportSnapshot.objects.filter(
        status=ReportSnapshot.Status.QUEUED, created_at__lt=now - QUEUED_GRACE
    )
    for snapshot_id in stranded.values_list("pk", flat=True):
        with _build_lock(snapshot_id) as free:
            if not free:
                continue  # a live worker is building it
            with transaction.atomic():
                snapshot = ReportSnapshot.objects.select_for_update().get(pk=snapshot_id)
                if snapshot.status not in (ReportSnapshot.Status.RUNNING, ReportSnapshot.Status.QUEUED):
                    continue
                if snapshot.status == ReportSnapshot.Status.RUNNING and snapshot.attempts >= MAX_ATTEMPTS:
                    snapshot.status = ReportSnapshot.Status.FAILED
                    snapshot.error = _(
                        "The build stopped without finishing %(n)d times; the worker may be short of memory."
                    ) % {"n": snapshot.attempts}
                    snapshot.finished_at = now
                    snapshot.save(update_fields=["status", "error", "finished_at"])
                    failed += 1
                    continue
                snapshot.status = ReportSnapshot.Status.QUEUED
                snapshot.save(update_fields=["status"])
                transaction.on_commit(partial(tasks.snapshot_build.delay, snapshot_id))
                retried += 1
    return {"retried": retried, "failed": failed}


def snapshot_pdf(*, snapshot: ReportSnapshot) -> bytes:
    """The board's PDF of a snapshot. A snapshot never changes, so its PDF is drawn once, on first
    request, and kept on the row."""
    if snapshot.pdf:
        return bytes(snapshot.pdf)
    from weasyprint import HTML  # imported here: only the PDF needs it, and it is slow to import

    html = render_to_string(
        "reports/pdf.html",
        {
            "snapshot": snapshot,
            "data": snapshot.data,
            "groups": selectors.pdf_table_groups(snapshot),
            "charts": charts.dashboard_charts(snapshot.data),
        },
    )
    document = HTML(string=html).write_pdf()
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(pdf=document)
    return document


def build_failure_notify(*, snapshot_id: int) -> None:
    snapshot = ReportSnapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is None:
        return
    leads = account_selectors.equality_lead_emails()
    if leads:
        send_once(
            subject=_("A diversity report could not be built"),
            message=_("The report for %(period)s did not build: %(error)s")
            % {"period": snapshot.period, "error": snapshot.error},
            recipient_list=leads,
        )


def scheduled_build() -> int:
    """Monthly: build the last complete quarter for the whole organisation."""
    snapshot = snapshot_request(period=Period.last_complete())
    return snapshot.pk


# Benchmarks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkRow:
    dimension: str
    category: str
    percent: Decimal
    source: str


def benchmarks_parse_csv(*, text: str) -> list[BenchmarkRow]:
    """Reads the reference format (dimension, category, share_percent, source). Categories may be
    answer keys or the answers' words; shares of each dimension must add up to 100 within 0.5."""
    labels = demographics.report_labels()
    aliases = {"ethnic_group_5": ETHNIC_GROUP}
    reader = csv.DictReader(io.StringIO(text))
    missing = {"dimension", "category", "share_percent", "source"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(_("The file needs these columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))})
    rows = []
    for line, record in enumerate(reader, start=2):
        dimension = aliases.get(record["dimension"].strip(), record["dimension"].strip())
        if dimension not in labels:
            raise ValidationError(_("Line %(line)d: there is no question “%(d)s”.") % {"line": line, "d": dimension})
        options = labels[dimension]
        by_label = {label.lower(): key for key, label in options.items()}
        category = record["category"].strip()
        key = category if category in options else by_label.get(category.lower())
        if key is None:
            raise ValidationError(
                _("Line %(line)d: “%(c)s” is not an answer to %(d)s.")
                % {"line": line, "c": category[:80], "d": dimension}
            )
        try:
            percent = Decimal(record["share_percent"].strip())
        except (InvalidOperation, AttributeError):
            raise ValidationError(_("Line %(line)d: the share must be a number.") % {"line": line}) from None
        if not Decimal(0) <= percent <= Decimal(100):
            raise ValidationError(_("Line %(line)d: the share must be between 0 and 100.") % {"line": line})
        rows.append(BenchmarkRow(dimension, key, percent, (record["source"] or "").strip()))
    if not rows:
        raise ValidationError(_("The file has no rows."))
    totals: dict[str, Decimal] = {}
    for row in rows:
        totals[row.dimension] = totals.get(row.dimension, Decimal(0)) + row.percent
    for dimension, total in totals.items():
        if abs(total - 100) > Decimal("0.5"):
            raise ValidationError(
                _("The shares for %(d)s add up to %(t)s%%; they must add up to 100%%.") % {"d": dimension, "t": total}
            )
    return rows


@transaction.atomic
def benchmarks_import(
    *, rows: list[BenchmarkRow], name: str, as_of: date, make_default: bool, actor: User
) -> list[BenchmarkSet]:
    created = []
    for dimension in dict.fromkeys(row.dimension for row in rows):
        mine = [row for row in rows if row.dimension == dimension]
        if make_default:
            BenchmarkSet.objects.filter(dimension=dimension, is_default=True).update(is_default=False)
        benchmark = BenchmarkSet.objects.create(
            name=f"{name}: {dimension}",
            dimension=dimension,
            source=mine[0].source or name,
            as_of=as_of,
            is_default=make_default,
        )
        BenchmarkShare.objects.bulk_create(
            [BenchmarkShare(benchmark=benchmark, category=row.category, percent=row.percent) for row in mine]
        )
        created.append(benchmark)
    audit_record(action="benchmarks_imported", actor=actor, detail={"sets": [b.pk for b in created]})
    return created


@transaction.atomic
def benchmark_weight_by_prevalence(
    *, population: BenchmarkSet, prevalence: dict[str, Decimal], source: str, actor: User
) -> BenchmarkSet:
    """Each group's population share times its prevalence, normalised to 100%. The prevalence
    figures and their source are entered by staff; the software never supplies them."""
    shares = {share.category: share.percent for share in population.shares.all()}
    if set(prevalence) != set(shares):
        raise ValidationError(_("Give a prevalence rate for every group in the population benchmark."))
    if not source.strip():
        raise ValidationError(_("Say where the prevalence figures come from."))
    weighted = {category: shares[category] * prevalence[category] for category in shares}
    total = sum(weighted.values())
    if not total:
        raise ValidationError(_("The prevalence rates cannot all be zero."))
    benchmark = BenchmarkSet.objects.create(
        name=f"{population.name}, weighted by prevalence",
        dimension=population.dimension,
        source=source.strip(),
        as_of=population.as_of,
        is_default=False,
        derived_from=population,
    )
    BenchmarkShare.objects.bulk_create(
        [
            BenchmarkShare(benchmark=benchmark, category=c, percent=(w * 100 / total).quantize(Decimal("0.001")))
            for c, w in weighted.items()
        ]
    )
    audit_record(action="benchmark_weighted", actor=actor, target_type="benchmark", target_id=benchmark.pk)
    return benchmark
