"""The shape of a snapshot's data. Every published figure a report holds is here, and only
published figures: a count is an int at or above the threshold, or None ("fewer than k").

`SCHEMA_VERSION` changes whenever the shape does; a page or file asked to show a snapshot of
another version says it cannot, and the report can be built again.
"""

from typing import Any, TypedDict

SCHEMA_VERSION = 2


class Period(TypedDict):
    label: str
    start: str
    end: str


class Rule(TypedDict):
    min_cell: int
    min_breakdown: int
    max_noise: int


class PopulationCount(TypedDict):
    count: int | None
    consented: int | None
    consented_share: float | None


class Headline(TypedDict, total=False):
    minority: int | None
    stated: int | None
    minority_share: float | None
    applicant_minority_share: float | None
    benchmark_share: float | None
    change_since_previous: float | None
    change_over_year: float | None
    previous_period: str | None
    year_ago_period: str | None


class Profile(TypedDict):
    answers: dict[str, str]
    count: int | None
    share: float | None


class Row(TypedDict):
    key: str
    label: str
    count: int | None
    of_everyone: float | None
    of_stated: float | None
    benchmark: float | None
    ratio: float | None


class Breakdown(TypedDict):
    total: int | None
    stated: int | None
    withheld: bool
    rows: list[Row]
    dissimilarity: float | None


class Dimension(TypedDict):
    key: str
    question: str
    merged: bool
    benchmark: dict[str, str] | None
    populations: dict[str, Breakdown]


class FunnelRow(TypedDict):
    key: str
    label: str
    counts: list[int | None]
    conversion: float | None
    impact_ratio: float | None


class Funnel(TypedDict):
    steps: list[str]
    rows: list[FunnelRow]
    totals: list[int | None]
    best_group: str | None


class ChannelRow(TypedDict):
    key: str
    label: str
    counts: dict[str, int | None]
    total: int | None
    minority_share: float | None


class Channels(TypedDict):
    columns: list[dict[str, str]]
    rows: list[ChannelRow]


class TrendPoint(TypedDict):
    period: str
    minority_share: float | None
    benchmark_share: float | None
    profile_share: float | None
    involved: int | None


class Meetings(TypedDict):
    key: str
    label: str
    meetings: int
    attendances: int | None


class Accountability(TypedDict):
    insights_by_status: list[dict[str, Any]]
    median_days_to_response: float | None
    overdue_actions: int
    meetings: list[Meetings]


class SnapshotData(TypedDict):
    schema_version: int
    period: Period
    scope: str
    rule: Rule
    population: dict[str, PopulationCount]
    headline: Headline
    profile: Profile
    dimensions: list[Dimension]
    funnel: Funnel | None
    channels: Channels | None
    trend: list[TrendPoint]
    accountability: Accountability
    timings: dict[str, float]


def is_current(data: dict[str, Any]) -> bool:
    return data.get("schema_version") == SCHEMA_VERSION
