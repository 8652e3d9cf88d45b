"""Reads for the dashboard, the tables page, the PDF, the CSV and JSON files: only ever from a
stored snapshot, whose figures all went through disclosure control when it was built."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import BenchmarkSet, ReportSnapshot
from .schema import is_current

NO_VALUE = "\u2013"  # an en dash: shown where a figure is not published
POPULATIONS = {"involved": gettext_lazy("Involved people"), "applicants": gettext_lazy("Applicants")}
STEP_LABELS = {
    "applied": gettext_lazy("Applied"),
    "shortlisted": gettext_lazy("Shortlisted"),
    "interview": gettext_lazy("Interviewed"),
    "appointed": gettext_lazy("Appointed"),
}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""
    group: str = ""


@dataclass(frozen=True)
class TableGroup:
    title: str
    tables: list[Table] = field(default_factory=list)


def snapshot_latest() -> ReportSnapshot | None:
    """The most recent quarter's latest finished report for the whole organisation."""
    return (
        ReportSnapshot.objects.filter(status=ReportSnapshot.Status.DONE, scope="")
        .order_by("-period", "-finished_at")
        .first()
    )


def snapshot_done(*, pk: int) -> ReportSnapshot | None:
    return ReportSnapshot.objects.filter(status=ReportSnapshot.Status.DONE, pk=pk).first()


def snapshot_choices() -> QuerySet[ReportSnapshot]:
    return (
        ReportSnapshot.objects.filter(status=ReportSnapshot.Status.DONE)
        .order_by("-period", "scope", "-finished_at")
        .only("pk", "period", "scope", "finished_at")[:60]
    )


def snapshots_in_progress() -> QuerySet[ReportSnapshot]:
    return ReportSnapshot.objects.filter(status__in=[ReportSnapshot.Status.QUEUED, ReportSnapshot.Status.RUNNING])


@dataclass(frozen=True)
class LabelledBenchmark:
    benchmark: BenchmarkSet
    shares: list[tuple[str, Decimal]]


def benchmark_sets_labelled(*, labels: dict[str, dict[str, str]]) -> list[LabelledBenchmark]:
    """Benchmark sets with each share under its answer's words rather than its stored key."""
    sets = BenchmarkSet.objects.prefetch_related("shares").order_by("dimension", "-as_of")
    return [
        LabelledBenchmark(
            benchmark=benchmark,
            shares=[
                (labels.get(benchmark.dimension, {}).get(share.category, share.category), share.percent)
                for share in benchmark.shares.all()
            ],
        )
        for benchmark in sets
    ]


def snapshot_latest_failed() -> ReportSnapshot | None:
    return ReportSnapshot.objects.filter(status=ReportSnapshot.Status.FAILED).order_by("-created_at").first()


# Formatting of published figures ----------------------------------------------------------------


def count_text(value: int | None, k: int) -> str:
    return _("fewer than %(k)d") % {"k": k} if value is None else f"{value:,}"


def percent_text(value: float | None, places: int = 1) -> str:
    return NO_VALUE if value is None else f"{value * 100:.{places}f}%"


def ratio_text(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:.2f}"


def points_text(value: float | None) -> str:
    """A change in a share, in percentage points, with its sign."""
    if value is None:
        return NO_VALUE
    points = value * 100
    return _("%(sign)s%(n).1f points") % {"sign": "+" if points > 0 else "", "n": points}


# Tables ---------------------------------------------------------------------------------------


def tables(snapshot: ReportSnapshot) -> list[Table]:
    """Every table of a snapshot, as text cells: a hidden count reads "fewer than k", never a
    number. Empty for a snapshot of an older schema."""
    data: dict[str, Any] = snapshot.data
    if not is_current(data):
        return []
    k = data["rule"]["min_cell"]
    result = [*_progress_tables(data), *_dimension_tables(data, k)]
    if data.get("funnel"):
        result.append(_funnel_table(data, k))
    if data.get("channels"):
        result.append(_channels_table(data, k))
    result.extend(_accountability_tables(data, k))
    return result


def table_groups(snapshot: ReportSnapshot) -> list[TableGroup]:
    groups: dict[str, TableGroup] = {}
    for table in tables(snapshot):
        groups.setdefault(table.group, TableGroup(title=table.group)).tables.append(table)
    return list(groups.values())


def pdf_table_groups(snapshot: ReportSnapshot) -> list[TableGroup]:
    """The board paper's tables: every question for involved people, applicants by ethnic group,
    recruitment and accountability. The rest is on the tables page and in the CSV files."""
    groups: dict[str, TableGroup] = {}
    for table in tables(snapshot):
        if table.key.endswith("-applicants") and table.key != "ethnic_group-applicants":
            continue
        groups.setdefault(table.group, TableGroup(title=table.group)).tables.append(table)
    return list(groups.values())


def table_by_key(snapshot: ReportSnapshot, key: str) -> Table | None:
    """One table, built alone: the dashboard shows three, and a CSV file is one."""
    data: dict[str, Any] = snapshot.data
    if not is_current(data):
        return None
    k = data["rule"]["min_cell"]
    if key == "trend":
        family = _progress_tables(data)
    elif key == "funnel" and data.get("funnel"):
        family = [_funnel_table(data, k)]
    elif key == "channels" and data.get("channels"):
        family = [_channels_table(data, k)]
    elif key in ("meetings", "insights"):
        family = _accountability_tables(data, k)
    else:
        family = _dimension_tables(data, k, only=key.rsplit("-", 1)[0])
    return next((table for table in family if table.key == key), None)


def _progress_tables(data: dict[str, Any]) -> list[Table]:
    group = _("Progress over time")
    rows = [
        [
            point["period"],
            percent_text(point["minority_share"]),
            percent_text(point["benchmark_share"]),
            percent_text(point["profile_share"]),
            count_text(point["involved"], data["rule"]["min_cell"]),
        ]
        for point in data["trend"]
    ]
    header = [
        _("Quarter"),
        _("Black, Asian, Mixed and Other ethnic groups (of those who said)"),
        _("Benchmark"),
        _("White women aged 45 to 54 with a degree"),
        _("People involved"),
    ]
    note = _("Shares of involved people. The last column counts everyone involved in the quarter.")
    return [Table("trend", _("Involved people, quarter by quarter"), header, rows, note, group)]


def _dimension_tables(data: dict[str, Any], k: int, only: str | None = None) -> list[Table]:
    result = []
    for dimension in data["dimensions"]:
        if only is not None and dimension["key"] != only:
            continue
        benchmark = dimension["benchmark"]
        for population, population_title in POPULATIONS.items():
            entry = dimension["populations"][population]
            header = [_("Answer"), _("People"), _("Share of everyone"), _("Share of those who said")]
            if benchmark:
                header += [_("Benchmark"), _("Representation ratio")]
            rows = []
            if entry["withheld"]:
                note = _("Not shown: fewer than %(n)d people.") % {"n": data["rule"]["min_breakdown"]}
            else:
                for row in entry["rows"]:
                    cells = [
                        row["label"],
                        count_text(row["count"], k),
                        percent_text(row["of_everyone"]),
                        percent_text(row["of_stated"]),
                    ]
                    if benchmark:
                        cells += [percent_text(row["benchmark"]), ratio_text(row["ratio"])]
                    rows.append(cells)
                parts = [_("Everyone: %(n)s.") % {"n": count_text(entry["total"], k)}]
                if dimension["merged"]:
                    parts.append(_("Answers are grouped into wider bands so that fewer are hidden."))
                if entry["dissimilarity"] is not None:
                    parts.append(
                        _("Dissimilarity index: %(d).3f (0 means the same as the benchmark).")
                        % {"d": entry["dissimilarity"]}
                    )
                if benchmark:
                    parts.append(_("Benchmark: %(name)s.") % {"name": benchmark["name"]})
                note = " ".join(parts)
            result.append(
                Table(
                    f"{dimension['key']}-{population}",
                    f"{dimension['question']} ({population_title})",
                    header,
                    rows,
                    note,
                    dimension["question"],
                )
            )
    return result


def _funnel_table(data: dict[str, Any], k: int) -> Table:
    funnel = data["funnel"]
    header = [
        _("Ethnic group"),
        *[str(STEP_LABELS[s]) for s in funnel["steps"]],
        _("Appointed of applied"),
        _("Ratio to best"),
    ]
    rows = [
        [
            row["label"],
            *[count_text(n, k) for n in row["counts"]],
            percent_text(row["conversion"]),
            ratio_text(row["impact_ratio"]),
        ]
        for row in funnel["rows"]
    ]
    rows.append([_("All applicants"), *[count_text(n, k) for n in funnel["totals"]], NO_VALUE, NO_VALUE])
    note = _(
        "People who applied in the quarter, by the furthest step any of their applications reached. The ratio "
        "compares each group's rate with the best group's: below 0.80 is a flag to look at, not a verdict."
    )
    return Table("funnel", _("Recruitment funnel by ethnic group"), header, rows, note, _("Recruitment"))


def _channels_table(data: dict[str, Any], k: int) -> Table:
    channels = data["channels"]
    header = [
        _("Heard about us through"),
        *[column["label"] for column in channels["columns"]],
        _("Everyone"),
        _("Black, Asian, Mixed and Other (of those who said)"),
    ]
    rows = [
        [
            row["label"],
            *[count_text(row["counts"][column["key"]], k) for column in channels["columns"]],
            count_text(row["total"], k),
            percent_text(row["minority_share"]),
        ]
        for row in channels["rows"]
    ]
    note = _("Applicants in the quarter, by how they first heard about us.")
    return Table("channels", _("How applicants heard about us, by ethnic group"), header, rows, note, _("Recruitment"))


def _accountability_tables(data: dict[str, Any], k: int) -> list[Table]:
    group = _("Accountability")
    accountability = data["accountability"]
    meetings = Table(
        "meetings",
        _("Meetings in the quarter"),
        [_("Kind"), _("Meetings"), _("Attendances")],
        [[row["label"], str(row["meetings"]), count_text(row["attendances"], k)] for row in accountability["meetings"]],
        _("Attendances count people, so a small number is hidden like any other."),
        group,
    )
    insights = Table(
        "insights",
        _("What we did with what people said"),
        [_("Insight status"), _("Insights")],
        [[row["label"], str(row["count"])] for row in accountability["insights_by_status"]],
        _("All insights recorded so far."),
        group,
    )
    return [meetings, insights]
