"""Reads for the dashboard, the PDF and the CSV files: only ever from a stored snapshot."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import ReportSnapshot

NO_VALUE = "\u2013"  # an en dash: shown where a figure is not published
POPULATIONS = {"involved": _("Involved people"), "applicants": _("Applicants")}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""


def snapshot_choices() -> QuerySet[ReportSnapshot]:
    return (
        ReportSnapshot.objects.filter(status=ReportSnapshot.Status.DONE)
        .order_by("-period", "-finished_at")
        .only("pk", "period", "scope", "finished_at")[:40]
    )


def snapshots_in_progress() -> QuerySet[ReportSnapshot]:
    return ReportSnapshot.objects.filter(status__in=[ReportSnapshot.Status.QUEUED, ReportSnapshot.Status.RUNNING])


def snapshot_latest_failed() -> ReportSnapshot | None:
    return ReportSnapshot.objects.filter(status=ReportSnapshot.Status.FAILED).order_by("-created_at").first()


def _count(value: int | None, k: int) -> str:
    return _("fewer than %(k)d") % {"k": k} if value is None else str(value)


def _percent(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value * 100:.1f}%"


def tables(snapshot: ReportSnapshot) -> list[Table]:
    """Every table of a snapshot, as text cells: hidden counts read 'fewer than k', never a number."""
    data: dict[str, Any] = snapshot.data
    k = data["rule"]["min_cell"]
    result = []
    for key, dimension in data.get("dimensions", {}).items():
        benchmark = dimension.get("benchmark", {}).get("shares", {})
        for population, title in POPULATIONS.items():
            entry = dimension[population]
            header = [_("Answer"), _("People"), _("Share of everyone"), _("Share of those answering")]
            if benchmark:
                header += [_("Benchmark"), _("Representation ratio")]
            rows = []
            if entry["withheld"]:
                note = _("Withheld: fewer than %(n)d people in this group.") % {"n": data["rule"]["min_breakdown"]}
            else:
                note = ""
                for category, count in entry["counts"].items():
                    row = [
                        dimension["labels"].get(category, category),
                        _count(count, k),
                        _percent(entry["shares"][category]["of_everyone"]),
                        _percent(entry["shares"][category]["of_those_answering"]),
                    ]
                    if benchmark:
                        ratio = entry.get("ratios", {}).get(category)
                        row += [_percent(benchmark.get(category)), NO_VALUE if ratio is None else f"{ratio:.2f}"]
                    rows.append(row)
                if entry.get("dissimilarity") is not None:
                    note = _("Dissimilarity index: %(d).3f (0 means the same as the benchmark).") % {
                        "d": entry["dissimilarity"]
                    }
            result.append(Table(f"{key}-{population}", f"{dimension['question']} ({title})", header, rows, note))
    funnel = data.get("funnel")
    if funnel:
        labels = data["dimensions"].get("ethnic_group", {}).get("labels", {})
        header = [
            _("Ethnic group"),
            *[step.capitalize() for step in funnel["steps"]],
            _("Conversion"),
            _("Ratio to best"),
        ]
        rows = [
            [
                labels.get(group, group),
                *[_count(counts[step], k) for step in funnel["steps"]],
                _percent(funnel["rates"][group]["conversion"]),
                NO_VALUE
                if funnel["rates"][group]["impact_ratio"] is None
                else f"{funnel['rates'][group]['impact_ratio']:.2f}",
            ]
            for group, counts in funnel["counts"].items()
        ]
        note = _("A ratio below 0.80 is a flag to look at, not a verdict.")
        result.append(Table("funnel", _("Recruitment funnel by ethnic group"), header, rows, note))
    channels = data.get("channels", {})
    if channels:
        labels = data["dimensions"].get("ethnic_group", {}).get("labels", {})
        groups = list(next(iter(channels.values()))["counts"])
        header = [_("Heard through"), *[labels.get(g, g) for g in groups]]
        rows = [
            [channel.replace("_", " "), *[_count(entry["counts"][g], k) for g in groups]]
            for channel, entry in channels.items()
        ]
        result.append(Table("channels", _("How applicants heard about us, by ethnic group"), header, rows))
    return result


def table_by_key(snapshot: ReportSnapshot, key: str) -> Table | None:
    return next((table for table in tables(snapshot) if table.key == key), None)
