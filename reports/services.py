"""Builds diversity-progress reports. Other apps are read only through their selectors; every
count is suppressed here, before anything is stored, so no later view can leak what the snapshot
never held."""

import csv
import io
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as time_of_day
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import audit_record
from demographics import selectors as demographics
from recruitment import selectors as recruitment
from workshops import selectors as workshops

from . import charts, tasks
from .calculations import funnel, representation, shares
from .disclosure import suppress
from .models import BenchmarkSet, BenchmarkShare, ReportSnapshot

ETHNIC_GROUP = "ethnic_group"
MINORITY_GROUPS = ("asian", "black", "mixed", "other")
STALE_AFTER = timedelta(minutes=20)
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # exclusive

    @classmethod
    def parse(cls, label: str) -> "Period":
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
    def containing(cls, day: date) -> "Period":
        return cls.parse(f"{day.year}Q{(day.month - 1) // 3 + 1}")

    @classmethod
    def last_complete(cls, today: date | None = None) -> "Period":
        today = today or timezone.localdate()
        quarter = (today.month - 1) // 3  # the current quarter's index, 0-3
        year = today.year if quarter else today.year - 1
        return cls.parse(f"{year}Q{quarter or 4}")


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
    transaction.on_commit(lambda: tasks.snapshot_build.delay(snapshot.pk))
    return snapshot


def _progress(snapshot: ReportSnapshot, percent: int) -> None:
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(progress=percent)


def snapshot_build(*, snapshot_id: int) -> ReportSnapshot:
    """Idempotent: a finished snapshot is left alone; an unfinished one is built from the start."""
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
    try:
        data = _aggregate(snapshot)
    except Exception as error:  # noqa: BLE001 - any failure is recorded on the snapshot, not lost
        ReportSnapshot.objects.filter(pk=snapshot.pk).update(
            status=ReportSnapshot.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        transaction.on_commit(lambda: tasks.build_failure_notify.delay(snapshot.pk))
        snapshot.refresh_from_db()
        return snapshot
    data["timings"] = {"build_seconds": round(time.monotonic() - started, 3)}
    ReportSnapshot.objects.filter(pk=snapshot.pk).update(
        status=ReportSnapshot.Status.DONE, progress=100, data=data, finished_at=timezone.now()
    )
    snapshot.refresh_from_db()
    return snapshot


def _aggregate(snapshot: ReportSnapshot) -> dict[str, Any]:
    period = Period.parse(snapshot.period)
    k, min_total = snapshot.min_cell, snapshot.min_breakdown
    team = snapshot.scope
    involved = recruitment.report_involved_people(start=period.start, end=period.end, team=team)
    if not team:
        involved |= set(
            workshops.report_participants(
                start=timezone.make_aware(datetime.combine(period.start, time_of_day.min)),
                end=timezone.make_aware(datetime.combine(period.end, time_of_day.min)),
            )
        )
    applications = recruitment.report_applications(start=period.start, end=period.end, team=team)
    _progress(snapshot, 20)
    people = involved | {row["person"] for row in applications}
    keys = demographics.report_subject_keys(user_ids=people)
    answers = demographics.report_answers_by_subject(subject_keys=set(keys.values()))
    _progress(snapshot, 50)
    labels = demographics.report_labels()

    def answer(person: int, question: str) -> str:
        return answers.get(keys[person], {}).get(question, "not_answered")

    benchmarks = _benchmarks()
    applicants = {row["person"] for row in applications}
    dimensions = {}
    for question, meta in labels.items():
        categories = [*meta["options"], "not_answered"]
        result: dict[str, Any] = {
            "question": meta["text"],
            "labels": {**meta["options"], "not_answered": _("Not answered")},
        }
        for population_name, population in (("involved", involved), ("applicants", applicants)):
            counts = Counter(dict.fromkeys(categories, 0))
            counts.update(answer(person, question) for person in population)
            breakdown = suppress(dict(counts), k=k, min_total=min_total)
            entry: dict[str, Any] = {**breakdown.as_json(), "shares": shares(breakdown)}
            if question in benchmarks:
                ratios, index = representation(breakdown, benchmarks[question]["shares"])
                entry.update(ratios=ratios, dissimilarity=index)
            result[population_name] = entry
        if question in benchmarks:
            result["benchmark"] = benchmarks[question]
        dimensions[question] = result
    _progress(snapshot, 75)

    funnel_counts = {
        group: dict.fromkeys(recruitment.FUNNEL_STEPS, 0)
        for group in [*labels.get(ETHNIC_GROUP, {}).get("options", {}), "not_answered"]
    }
    channel_counts: dict[str, Counter[str]] = {}
    for row in applications:
        group = answer(row["person"], ETHNIC_GROUP)
        for step in row["steps"]:
            funnel_counts.setdefault(group, dict.fromkeys(recruitment.FUNNEL_STEPS, 0))[step] += 1
        channel_counts.setdefault(row["channel"], Counter())[group] += 1
    # Each funnel step is a breakdown across groups, suppressed like any other.
    published_steps = {
        step: suppress({g: c[step] for g, c in funnel_counts.items()}, k=k, min_total=min_total)
        for step in recruitment.FUNNEL_STEPS
    }
    funnel_rows = {
        group: {step: published_steps[step].counts[group] for step in recruitment.FUNNEL_STEPS}
        for group in funnel_counts
    }
    channels = {
        channel: suppress({g: counts.get(g, 0) for g in funnel_counts}, k=k, min_total=min_total).as_json()
        for channel, counts in channel_counts.items()
    }

    subject_population = {keys[p] for p in people}
    answered = sum(1 for key in subject_population if answers.get(key))
    data = {
        "period": {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "scope": team,
        "rule": {"min_cell": k, "min_breakdown": min_total},
        "population": {"involved": _rounded_total(len(involved), k), "applicants": _rounded_total(len(applicants), k)},
        "response": {
            "answered_share": _safe_rate(answered, len(people), k),
            "consented_share": _safe_rate(
                demographics.report_consented(subject_keys=subject_population), len(people), k
            ),
        },
        "dimensions": dimensions,
        "funnel": {
            "steps": list(recruitment.FUNNEL_STEPS),
            "counts": funnel_rows,
            "rates": funnel(funnel_rows, list(recruitment.FUNNEL_STEPS)),
        },
        "channels": channels,
        "headline": _headline(dimensions.get(ETHNIC_GROUP)),
        "accountability": {
            "insights_by_status": workshops.report_insights_by_status(),
            "median_days_to_response": workshops.report_median_days_to_response(),
            "overdue_actions": workshops.report_overdue_actions(today=min(period.end, timezone.localdate())),
            "meetings": [
                {
                    "kind": row["kind"],
                    "meetings": row["meetings"],
                    # Attendances count people: a small number is hidden like any other.
                    "attendances": _rounded_total(row["attendances"], k),
                }
                for row in workshops.report_meetings_per_quarter()
                if row["quarter"] and row["quarter"].date() == period.start
            ],
        },
    }
    data["trend"] = _trend(snapshot, data["headline"])
    data["charts"] = _charts(data)
    return data


def _charts(data: dict[str, Any]) -> dict[str, str]:
    """SVG charts, drawn once here from the suppressed figures, so every view shows the same."""
    result = {}
    ethnic = data["dimensions"].get(ETHNIC_GROUP)
    if ethnic and not ethnic["involved"]["withheld"] and ethnic.get("benchmark"):
        groups = list(ethnic["benchmark"]["shares"])
        result["representation"] = charts.representation_chart(
            [ethnic["labels"][g] for g in groups],
            [ethnic["involved"]["shares"][g]["of_those_answering"] for g in groups],
            [ethnic["benchmark"]["shares"][g] for g in groups],
        )
    if len(data["trend"]) > 1:
        result["trend"] = charts.trend_chart(
            [p["period"] for p in data["trend"]], [p.get("minority_share") for p in data["trend"]]
        )
    return result


def _rounded_total(n: int, k: int) -> int | None:
    return n if n == 0 or n >= k else None


def _safe_rate(part: int, whole: int, k: int) -> float | None:
    if whole < k or (0 < part < k) or (0 < whole - part < k):
        return None
    return round(part / whole, 4) if whole else None


def _headline(ethnic: dict[str, Any] | None) -> dict[str, Any]:
    """The share of involved people from Black, Asian, Mixed and Other ethnic groups (of those who
    said), against the benchmark."""
    if not ethnic:
        return {}
    entry = ethnic["involved"]
    counts = entry["counts"]
    stated = [counts.get(g) for g in ("white", *MINORITY_GROUPS)]
    value = None
    if entry["total"] is not None and None not in stated and sum(stated):
        value = round(sum(counts[g] for g in MINORITY_GROUPS) / sum(stated), 4)
    benchmark = ethnic.get("benchmark", {}).get("shares", {})
    return {
        "minority_share": value,
        "benchmark_share": round(sum(benchmark.get(g, 0) for g in MINORITY_GROUPS), 4) if benchmark else None,
        "dissimilarity": entry.get("dissimilarity"),
    }


def _trend(snapshot: ReportSnapshot, headline: dict[str, Any]) -> list[dict[str, Any]]:
    """This period's headline beside every earlier period's (the latest done build of each)."""
    earlier: dict[str, dict[str, Any]] = {}
    for period, data in (
        ReportSnapshot.objects.filter(
            status=ReportSnapshot.Status.DONE, scope=snapshot.scope, period__lt=snapshot.period
        )
        .order_by("period", "finished_at")
        .values_list("period", "data")
    ):
        earlier[period] = data.get("headline", {})
    points = [{"period": period, **values} for period, values in sorted(earlier.items())]
    points.append({"period": snapshot.period, **headline})
    current = headline.get("minority_share")

    def change(reference: float | None) -> float | None:
        return round(current - reference, 4) if current is not None and reference is not None else None

    if len(points) > 1:
        points[-1]["change_since_previous"] = change(points[-2].get("minority_share"))
        points[-1]["change_since_first"] = change(points[0].get("minority_share"))
        start = Period.parse(snapshot.period).start
        same_quarter = Period.containing(start.replace(year=start.year - 1)).label
        earlier_point = next((p for p in points if p["period"] == same_quarter), None)
        points[-1]["change_over_year"] = change(earlier_point.get("minority_share")) if earlier_point else None
    return points


def _benchmarks() -> dict[str, dict[str, Any]]:
    result = {}
    for benchmark in BenchmarkSet.objects.filter(is_default=True).prefetch_related("shares"):
        result[benchmark.dimension] = {
            "name": benchmark.name,
            "source": benchmark.source,
            "shares": {share.category: float(share.percent) / 100 for share in benchmark.shares.all()},
        }
    return result


def snapshots_recover_stale(*, now: Any = None) -> dict[str, int]:
    """A build left running by a dead worker is retried, or failed with a reason after three tries."""
    now = now or timezone.now()
    stale = ReportSnapshot.objects.filter(status=ReportSnapshot.Status.RUNNING, started_at__lt=now - STALE_AFTER)
    retried = failed = 0
    for snapshot in stale:
        if snapshot.attempts >= MAX_ATTEMPTS:
            ReportSnapshot.objects.filter(pk=snapshot.pk).update(
                status=ReportSnapshot.Status.FAILED,
                error=_("The build stopped without finishing %(n)d times; the worker may be short of memory.")
                % {"n": snapshot.attempts},
                finished_at=now,
            )
            failed += 1
        else:
            ReportSnapshot.objects.filter(pk=snapshot.pk).update(status=ReportSnapshot.Status.QUEUED)
            tasks.snapshot_build.delay(snapshot.pk)
            retried += 1
    return {"retried": retried, "failed": failed}


def build_failure_notify(*, snapshot_id: int) -> None:
    snapshot = ReportSnapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is None:
        return
    leads = list(User.objects.filter(groups__name="Equality lead", is_active=True).values_list("email", flat=True))
    if leads:
        send_mail(
            _("A diversity report could not be built"),
            _("The report for %(period)s did not build: %(error)s")
            % {"period": snapshot.period, "error": snapshot.error},
            None,
            leads,
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
        options = labels[dimension]["options"]
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
