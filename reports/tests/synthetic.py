"""Synthetic organisations for the attack tests: people with an ethnic group, a team, quarters of
involvement and applications, run through the real figures pipeline (reports.figures) with the
real record keys. The one stand-in is `aggregate`, which sums answers by segment in pandas the way
demographics.selectors.report_aggregates does in SQL; test_build checks the SQL against hand
figures."""

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from reports import figures
from reports.disclosure import record_keys

GROUPS = ("white", "mixed", "asian", "black", "other")
PNTS = "prefer_not_to_say"
CHANNELS = ("website", "partner", "social_media", "word_of_mouth", "service")
ETHNIC = figures.Question(
    key="ethnic_group",
    text="What is your ethnic group?",
    options={"white": "White", "mixed": "Mixed", "asian": "Asian", "black": "Black", "other": "Other"},
    prefer_not_to_say=PNTS,
)
CENSUS = figures.Benchmark(
    name="Census 2021",
    source="ONS",
    shares={"white": 0.817, "mixed": 0.029, "asian": 0.093, "black": 0.04, "other": 0.021},
)


@dataclass(frozen=True)
class Organisation:
    """One row per person: id, team, answer (a group, prefer not to say, or None), whether
    involved in each of two quarters, and the furthest funnel step and channel in the second."""

    people: pd.DataFrame


def organisation(rng: np.random.Generator, *, size: int, team_share: float, minority_boost: float) -> Organisation:
    weights = np.array([0.72, 0.04, 0.09, 0.07, 0.03, 0.02, 0.03])
    weights[1:5] *= minority_boost
    weights /= weights.sum()
    answers = rng.choice([*GROUPS, PNTS, "none"], size=size, p=weights)
    people = pd.DataFrame(
        {
            # Fresh ids in each organisation, so each gets fresh record keys.
            "person": rng.choice(10**9, size=size, replace=False) + 1,
            "team": np.where(rng.random(size) < team_share, "A", "B"),
            "answer": [None if a == "none" else a for a in answers],
            "q2": rng.random(size) < 0.75,
        }
    )
    # Between the quarters a few leave and a few join.
    people["q3"] = np.where(people["q2"], rng.random(size) > 0.05, rng.random(size) < 0.2)
    applied = rng.random(size) < 0.5
    steps = rng.choice([1, 2, 3, 4], size=size, p=[0.5, 0.2, 0.12, 0.18])
    people["step"] = np.where(applied, steps, 0)
    people["channel"] = np.where(applied, rng.choice(CHANNELS, size=size), "")
    people["record_key"] = record_keys(people["person"].tolist())
    return Organisation(people=people)


def aggregate(people: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """What report_aggregates returns for these people: answer sums by option and segment."""
    answered = people[people["answer"].notna()]
    answers = (
        answered.assign(question="ethnic_group", option=answered["answer"], count=1, keysum=answered["record_key"])
        .groupby(["question", "option", "segment"], as_index=False)[["count", "keysum"]]
        .sum()
    )
    empty = pd.DataFrame(
        {"segment": pd.Series(dtype="int64"), "count": pd.Series(dtype="int64"), "keysum": pd.Series(dtype="int64")}
    )
    return {"answers": answers, "profile": empty, "consent": empty}


def report(
    org: Organisation, *, quarter: str = "q3", team: str = "", k: int = 5, min_breakdown: int = 10
) -> dict[str, Any]:
    """The published figures of one report of the organisation."""
    people = org.people
    if team:
        people = people[people["team"] == team]
    if quarter == "q3":
        people = people[people["q3"] | (people["step"] > 0)].copy()
    else:  # only the second quarter has applications
        people = people[people[quarter]].assign(step=0, channel="")
    people["involved"] = people[quarter]
    people["segment"] = people.groupby(["involved", "step", "channel"]).ngroup()
    sums = aggregate(people)
    inputs = figures.Inputs(
        people=people[["person", "record_key", "segment", "involved", "step", "channel"]],
        answers=sums["answers"],
        profile=sums["profile"],
        consent=sums["consent"],
        questions=[ETHNIC],
        benchmarks={"ethnic_group": CENSUS},
        channel_labels={c: c for c in CHANNELS},
        k=k,
        min_breakdown=min_breakdown,
    )
    return figures.build(inputs)


def true_counts(org: Organisation, *, quarter: str = "q3", team: str = "") -> pd.Series:
    """True number of involved people by answer (None as 'not_stated', with prefer not to say)."""
    people = org.people[org.people[quarter]]
    if team:
        people = people[people["team"] == team]
    stated = people["answer"].where(people["answer"].isin(GROUPS), "not_stated")
    return stated.value_counts().reindex([*GROUPS, "not_stated"], fill_value=0)


def ethnic_rows(published: dict[str, Any], population: str = "involved") -> dict[str, int | None]:
    dimension = next(d for d in published["dimensions"] if d["key"] == "ethnic_group")
    return {row["key"]: row["count"] for row in dimension["populations"][population]["rows"]}
