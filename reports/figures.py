"""The published figures of one report, computed from aggregated cells with pandas.

Everything here works on sums that the selectors return (counts and record-key sums by segment),
never on a person's answers, and everything it returns went through the disclosure pipeline in
`disclosure.py`: recoded, perturbed, then held back below the threshold. Derived figures (shares,
ratios, rates) come only from published counts. One function per table family.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from .disclosure import KEY_SPACE, MAX_NOISE, Cell, cell_sum, publish, share

ETHNIC_GROUP = "ethnic_group"
WHITE = "white"
MINORITY_GROUPS = ("asian", "black", "mixed", "other")
MINORITY = "minority"
NOT_STATED = "not_stated"
FUNNEL_STEPS = ("applied", "shortlisted", "interview", "appointed")  # step 1 to 4
# The organisation's typical involved person, whom it wants to move beyond (shared/DESIGN.md).
TYPICAL_PROFILE = {"ethnic_group": "white", "sex": "female", "qualification": "degree", "age_band": "45_54"}
# Merged categories, used where every fine category would otherwise be hidden.
MERGES: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "age_band": {
        "16_34": ("16 to 34", ("16_24", "25_34")),
        "35_54": ("35 to 54", ("35_44", "45_54")),
        "55_plus": ("55 or over", ("55_64", "65_74", "75_plus")),
    },
}
POPULATIONS = ("involved", "applicants")


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    options: dict[str, str]  # answer key: label; "Prefer not to say" excluded
    prefer_not_to_say: str | None = None


@dataclass(frozen=True)
class Benchmark:
    name: str
    source: str
    shares: dict[str, float]  # answer key: share of the population, 0-1


@dataclass
class Inputs:
    """What a build reads. `people` has one row per person in scope: person, record_key, segment,
    involved (bool), step (0 if they did not apply, else 1-4: the furthest funnel step reached)
    and channel (how they heard, for applicants). The three aggregate frames are the
    demographics selector's sums by segment."""

    people: pd.DataFrame
    answers: pd.DataFrame
    profile: pd.DataFrame
    consent: pd.DataFrame
    questions: list[Question]
    benchmarks: dict[str, Benchmark]
    channel_labels: dict[str, str]
    k: int
    min_breakdown: int
    segments: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        self.segments = (
            self.people.groupby("segment")
            .agg(
                count=("person", "size"),
                keysum=("record_key", "sum"),
                involved=("involved", "first"),
                step=("step", "first"),
                channel=("channel", "first"),
            )
            .astype({"count": "int64", "keysum": "int64"})
        )


class Cells:
    """True cells (count, cell key) of the report, looked up from the aggregates by population,
    question and answer. Built once with groupby, so each table is a handful of lookups."""

    def __init__(self, inputs: Inputs) -> None:
        segments = inputs.segments
        self.populations = {
            "involved": set(segments.index[segments["involved"]]),
            "applicants": set(segments.index[segments["step"] >= 1]),
        }
        answers = inputs.answers.merge(segments[["step", "channel"]], left_on="segment", right_index=True)
        self._answered = {
            name: self._cells(answers[answers["segment"].isin(members)], ["question", "option"])
            for name, members in self.populations.items()
        }
        self._totals = {
            name: _cell_of(segments[segments.index.isin(members)]) for name, members in self.populations.items()
        }
        applicants = answers[answers["step"] >= 1]
        ethnic = applicants[applicants["question"] == ETHNIC_GROUP]
        self._by_step = self._cells(ethnic, ["option", "step"])
        self._by_channel = self._cells(ethnic, ["option", "channel"])
        applied = segments[segments["step"] >= 1]
        self._step_totals = self._cells(applied, ["step"])
        self._channel_totals = self._cells(applied, ["channel"])
        self.channels = sorted(self._channel_totals)
        self._profile = self._by_population(inputs.profile)
        self._consent = self._by_population(inputs.consent)

    @staticmethod
    def _cells(frame: pd.DataFrame, by: list[str]) -> dict[Any, Cell]:
        if frame.empty:
            return {}
        sums = frame.groupby(by)[["count", "keysum"]].sum()
        return {
            index: Cell(int(row["count"]), int(row["keysum"]) % KEY_SPACE)
            for index, row in sums.iterrows()  # a few hundred rows at most
        }

    def _by_population(self, frame: pd.DataFrame) -> dict[str, Cell]:
        return {name: _cell_of(frame[frame["segment"].isin(members)]) for name, members in self.populations.items()}

    def total(self, population: str) -> Cell:
        return self._totals[population]

    def answered(self, population: str, question: str, options: Iterable[str]) -> Cell:
        cells = self._answered[population]
        return cell_sum(cells.get((question, option), Cell(0, 0)) for option in options)

    def funnel(self, options: Iterable[str], step: int) -> Cell:
        """Applicants who gave one of the options and reached the step or further."""
        return cell_sum(
            cell for (option, reached), cell in self._by_step.items() if option in options and reached >= step
        )

    def funnel_total(self, step: int) -> Cell:
        return cell_sum(cell for reached, cell in self._step_totals.items() if reached >= step)

    def channel(self, options: Iterable[str], channel: str) -> Cell:
        return cell_sum(
            cell for (option, heard), cell in self._by_channel.items() if option in options and heard == channel
        )

    def channel_total(self, channel: str) -> Cell:
        return self._channel_totals.get(channel, Cell(0, 0))

    def profile(self, population: str) -> Cell:
        return self._profile[population]

    def consented(self, population: str) -> Cell:
        return self._consent[population]


def _cell_of(frame: pd.DataFrame) -> Cell:
    return Cell(int(frame["count"].sum()), int(frame["keysum"].sum()) % KEY_SPACE)


def build(inputs: Inputs) -> dict[str, Any]:
    """Every published figure of the report, as plain JSON-ready data (see schema.py)."""
    cells = Cells(inputs)
    k = inputs.k
    questions = {question.key: question for question in inputs.questions}
    dimensions = [
        dimension(cells, question, inputs.benchmarks.get(question.key), inputs) for question in inputs.questions
    ]
    ethnic = questions.get(ETHNIC_GROUP)
    return {
        "population": population(cells, k),
        "headline": headline(cells, ethnic, inputs.benchmarks.get(ETHNIC_GROUP), k),
        "profile": profile(cells, k),
        "dimensions": dimensions,
        "funnel": funnel(cells, ethnic, k) if ethnic else None,
        "channels": channels(cells, ethnic, inputs.channel_labels, k) if ethnic else None,
    }


def population(cells: Cells, k: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in POPULATIONS:
        total = publish(cells.total(name), k=k)
        consented = publish(cells.consented(name), k=k)
        result[name] = {"count": total, "consented": consented, "consented_share": share(consented, total)}
    return result


def _stated(question: Question) -> tuple[str, ...]:
    return tuple(question.options)


def headline(cells: Cells, ethnic: Question | None, benchmark: Benchmark | None, k: int) -> dict[str, Any]:
    """The share of involved people from Black, Asian, Mixed and Other ethnic groups, of those who
    said. The minority group and the people who said are each a cell of their own."""
    if ethnic is None:
        return {"minority": None, "stated": None, "minority_share": None, "benchmark_share": None}
    minority = publish(cells.answered("involved", ETHNIC_GROUP, MINORITY_GROUPS), k=k)
    stated = publish(cells.answered("involved", ETHNIC_GROUP, _stated(ethnic)), k=k)
    applicant_minority = publish(cells.answered("applicants", ETHNIC_GROUP, MINORITY_GROUPS), k=k)
    applicant_stated = publish(cells.answered("applicants", ETHNIC_GROUP, _stated(ethnic)), k=k)
    return {
        "minority": minority,
        "stated": stated,
        "minority_share": share(minority, stated),
        "applicant_minority_share": share(applicant_minority, applicant_stated),
        "benchmark_share": round(sum(benchmark.shares.get(g, 0) for g in MINORITY_GROUPS), 4) if benchmark else None,
    }


def profile(cells: Cells, k: int) -> dict[str, Any]:
    count = publish(cells.profile("involved"), k=k)
    total = publish(cells.total("involved"), k=k)
    return {"answers": TYPICAL_PROFILE, "count": count, "share": share(count, total)}


def dimension(cells: Cells, question: Question, benchmark: Benchmark | None, inputs: Inputs) -> dict[str, Any]:
    """One question's table for involved people and for applicants: a row per answer and a
    "Not stated" row (prefer not to say and not answered, recoded together)."""
    k = inputs.k
    categories: dict[str, tuple[str, tuple[str, ...]]] = {
        key: (label, (key,)) for key, label in question.options.items()
    }
    merged = False
    if question.key in MERGES:
        fine = [publish(cells.answered("involved", question.key, keys), k=k) for _label, keys in categories.values()]
        if all(value is None for value in fine):
            categories, merged = MERGES[question.key], True
    populations = {}
    for name in POPULATIONS:
        total_cell = cells.total(name)
        stated_cell = cells.answered(name, question.key, _stated(question))
        total = publish(total_cell, k=k)
        stated = publish(stated_cell, k=k)
        withheld = total is None or total < inputs.min_breakdown
        rows = []
        for key, (label, keys) in categories.items():
            count = None if withheld else publish(cells.answered(name, question.key, keys), k=k)
            of_stated = share(count, stated)
            expected = sum(benchmark.shares.get(part, 0) for part in keys) if benchmark else None
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "count": count,
                    "of_everyone": share(count, total),
                    "of_stated": of_stated,
                    "benchmark": round(expected, 4) if expected is not None else None,
                    "ratio": round(of_stated / expected, 2) if of_stated is not None and expected else None,
                }
            )
        not_stated = None if withheld else publish(total_cell - stated_cell, k=k)
        rows.append(
            {
                "key": NOT_STATED,
                "label": _("Not stated"),
                "count": not_stated,
                "of_everyone": share(not_stated, total),
                "of_stated": None,
                "benchmark": None,
                "ratio": None,
            }
        )
        populations[name] = {
            "total": None if withheld else total,
            "stated": None if withheld else stated,
            "withheld": withheld,
            "rows": rows,
            "dissimilarity": _dissimilarity(rows) if benchmark and not withheld else None,
        }
    return {
        "key": question.key,
        "question": question.text,
        "merged": merged,
        "benchmark": {"name": benchmark.name, "source": benchmark.source} if benchmark else None,
        "populations": populations,
    }


def _dissimilarity(rows: list[dict[str, Any]]) -> float | None:
    """Half the sum of absolute differences between involved and benchmark shares (0 = the same
    as the benchmark); only when every stated group's share is published."""
    stated = [row for row in rows if row["key"] != NOT_STATED and row["benchmark"] is not None]
    if not stated or any(row["of_stated"] is None for row in stated):
        return None
    return round(sum(abs(row["of_stated"] - row["benchmark"]) for row in stated) / 2, 4)


def _groups(ethnic: Question) -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        *[(key, label, (key,)) for key, label in ethnic.options.items()],
        (MINORITY, _("Black, Asian, Mixed and Other together"), MINORITY_GROUPS),
    ]


def funnel(cells: Cells, ethnic: Question, k: int) -> dict[str, Any]:
    """Applicants by ethnic group at each step, with each group's conversion (appointed over
    applied) and its ratio to the best stated group's (the four-fifths adverse impact ratio)."""
    steps = range(1, len(FUNNEL_STEPS) + 1)
    rows: list[dict[str, Any]] = []
    for key, label, options in _groups(ethnic):
        counts = [publish(cells.funnel(options, step), k=k) for step in steps]
        rows.append({"key": key, "label": label, "counts": counts, "conversion": _rate(counts[-1], counts[0])})
    stated_cells = [cells.funnel(_stated(ethnic), step) for step in steps]
    totals = [publish(cells.funnel_total(step), k=k) for step in steps]
    not_stated = [
        publish(cells.funnel_total(step) - stated, k=k) for step, stated in zip(steps, stated_cells, strict=True)
    ]
    rows.append(
        {
            "key": NOT_STATED,
            "label": _("Not stated"),
            "counts": not_stated,
            "conversion": _rate(not_stated[-1], not_stated[0]),
        }
    )
    best_group = max(
        (row for row in rows if row["key"] in ethnic.options and row["conversion"]),
        key=lambda row: row["conversion"],
        default=None,
    )
    for row in rows:
        ratio = None
        if best_group and row["conversion"] is not None and row["key"] != NOT_STATED:
            ratio = round(row["conversion"] / best_group["conversion"], 2)
        row["impact_ratio"] = ratio
    return {
        "steps": list(FUNNEL_STEPS),
        "rows": rows,
        "totals": totals,
        "best_group": best_group["key"] if best_group else None,
    }


def _rate(part: int | None, whole: int | None) -> float | None:
    """A step's share of those who applied. Each count is adjusted on its own, so the later one can
    come out a little larger: the rate stops at 100%."""
    rate = share(part, whole)
    return None if rate is None else min(1.0, rate)


def channels(cells: Cells, ethnic: Question, labels: dict[str, str], k: int) -> dict[str, Any]:
    """How applicants heard about us, by White, minority ethnic and not stated: every cell and
    every total perturbed on its own, rows and columns alike."""
    columns = [(WHITE, (WHITE,)), (MINORITY, MINORITY_GROUPS)]
    rows = []
    for channel in cells.channels:
        total_cell = cells.channel_total(channel)
        stated_cell = cells.channel(_stated(ethnic), channel)
        total = publish(total_cell, k=k)
        counts = {key: publish(cells.channel(options, channel), k=k) for key, options in columns}
        counts[NOT_STATED] = publish(total_cell - stated_cell, k=k)
        rows.append(
            {
                "key": channel,
                "label": labels.get(channel, channel),
                "counts": counts,
                "total": total,
                "minority_share": share(counts[MINORITY], publish(stated_cell, k=k)),
            }
        )
    return {
        "columns": [
            {"key": WHITE, "label": ethnic.options.get(WHITE, _("White"))},
            {"key": MINORITY, "label": _("Black, Asian, Mixed and Other")},
            {"key": NOT_STATED, "label": _("Not stated")},
        ],
        "rows": rows,
    }


def rule(k: int, min_breakdown: int) -> dict[str, int]:
    return {"min_cell": k, "min_breakdown": min_breakdown, "max_noise": MAX_NOISE}
