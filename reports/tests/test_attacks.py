"""A motivated intruder holds every published report (the whole organisation and each team, one
quarter and the one before, every funnel step and channel) and does the arithmetic that broke
the old suppression. Over many generated organisations:

- A cell shown as "fewer than k", worked out from a table's total and its other cells (alone, at
  a bound, or adding up to its own number), is right no more than half of the time, whatever its
  true value (zero included: the intruder cannot tell a hidden zero from a hidden 3).
- A small count that is never published but is the difference of two published figures (the
  rest of the organisation beside one team, the people who joined a group since last quarter,
  those who stopped at one funnel step) is right no more than half of the time when it is 1 to
  k-1 people, and never certain.

A difference of zero is measured and printed, not held to that bar: the same people give the same
figure in every table (that is what stops averaging), so when nobody joined a group, its figure
repeats and the intruder can guess that nobody joined. That reveals an absence, not a person.
At the smallest allowed threshold, k = 3, the hidden small counts are only 1 and 2, so a blind
guess of 1 is right about half the time; these tests hold the default (5) and a stricter 7.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.tests import synthetic as syn

MAX_NOISE = 2
SMALL = "small"
ZERO = "zero"


class Tally:
    def __init__(self) -> None:
        self.right: Counter[tuple[str, str]] = Counter()
        self.tries: Counter[tuple[str, str]] = Counter()
        self.certain: Counter[str] = Counter()

    def guess(
        self, attack: str, guess: int, true: int, k: int, feasible: range | None = None, *, hidden_cell: bool = False
    ) -> None:
        """Scores a guess. A hidden cell counts whatever its value; a difference counts when it
        is a small count, and separately when it is zero."""
        if hidden_cell:
            kind = SMALL
        elif true == 0:
            kind = ZERO
        elif true < k:
            kind = SMALL
        else:
            return
        self.tries[attack, kind] += 1
        self.right[attack, kind] += guess == true
        if kind == SMALL and 0 < true < k and feasible is not None and len([v for v in feasible if v >= 0]) <= 1:
            self.certain[attack] += 1

    def rate(self, attack: str, kind: str) -> float:
        return self.right[attack, kind] / self.tries[attack, kind] if self.tries[attack, kind] else 0.0


def _spread(difference: int, terms: int) -> range:
    """Every true value an intruder who knows the noise is at most 2 per figure cannot rule out."""
    return range(difference - MAX_NOISE * terms, difference + MAX_NOISE * terms + 1)


@dataclass(frozen=True)
class Published:
    """Everything the intruder holds about one organisation."""

    org: syn.Organisation
    k: int
    whole: dict[str, Any]
    team_a: dict[str, Any]
    team_b: dict[str, Any]
    last_quarter: dict[str, Any]

    @classmethod
    def of(cls, org: syn.Organisation, k: int) -> "Published":
        return cls(
            org=org,
            k=k,
            whole=syn.report(org, k=k),
            team_a=syn.report(org, team="A", k=k),
            team_b=syn.report(org, team="B", k=k),
            last_quarter=syn.report(org, quarter="q2", k=k),
        )


def organisation_team(tally: Tally, published: Published) -> None:
    """The whole organisation minus team A gives the rest (team B), group by group."""
    org, k = published.org, published.k
    whole, team = syn.ethnic_rows(published.whole), syn.ethnic_rows(published.team_a)
    rest = syn.true_counts(org, team="B")
    own = syn.ethnic_rows(published.team_b)
    for group, true in rest.items():
        if whole[group] is None or team[group] is None or own[group] is not None:
            continue
        difference = whole[group] - team[group]
        tally.guess("organisation minus team", max(0, difference), int(true), k, _spread(difference, 2))


def quarter_on_quarter(tally: Tally, published: Published) -> None:
    """This quarter minus the last gives how many joined each group (net of leavers)."""
    org, k = published.org, published.k
    now, before = syn.ethnic_rows(published.whole), syn.ethnic_rows(published.last_quarter)
    growth = syn.true_counts(org) - syn.true_counts(org, quarter="q2")
    for group, true in growth.items():
        if now[group] is None or before[group] is None or true < 0:
            continue
        difference = now[group] - before[group]
        tally.guess("quarter minus quarter", max(0, difference), int(true), k, _spread(difference, 2))


def funnel_steps(tally: Tally, published: Published) -> None:
    """Applied minus shortlisted gives who was not shortlisted, and so on down the funnel."""
    org, k = published.org, published.k
    rows = {row["key"]: row["counts"] for row in published.whole["funnel"]["rows"]}
    people = org.people
    for group in syn.GROUPS:
        mine = people[people["answer"] == group]
        for step in range(1, 4):
            counts = rows[group]
            if counts[step - 1] is None or counts[step] is None:
                continue
            true = int((mine["step"] == step).sum())
            difference = counts[step - 1] - counts[step]
            tally.guess("funnel step minus next", max(0, difference), true, k, _spread(difference, 2))


def channel_columns(tally: Tally, published: Published) -> None:
    """A column's total (all applicants of a group) minus its other published channels."""
    org, k = published.org, published.k
    channels = published.whole["channels"]["rows"]
    applicants = syn.ethnic_rows(published.whole, "applicants")
    people = org.people[org.people["step"] > 0]
    for column in ("white", "not_stated"):
        hidden = [row for row in channels if row["counts"][column] is None]
        shown = [row for row in channels if row["counts"][column] is not None]
        if len(hidden) != 1 or applicants[column] is None:
            continue
        difference = applicants[column] - sum(row["counts"][column] for row in shown)
        in_column = people["answer"] == column if column != "not_stated" else ~people["answer"].isin(syn.GROUPS)
        true = int((in_column & (people["channel"] == hidden[0]["key"])).sum())
        tally.guess(
            "channel column against its total", max(0, difference), true, k, _spread(difference, len(shown) + 1)
        )


def totals_and_bounds(tally: Tally, published: Published) -> None:
    """A table's total minus its published cells gives what the hidden cells add up to: one hidden
    cell is that sum; two that must add up to 2(k-1) are both k-1; m hidden cells adding up to m
    are each 1."""
    org, k = published.org, published.k
    dimension = next(d for d in published.whole["dimensions"] if d["key"] == "ethnic_group")["populations"]["involved"]
    if dimension["withheld"] or dimension["total"] is None:
        return
    rows = {row["key"]: row["count"] for row in dimension["rows"]}
    true = syn.true_counts(org)
    hidden = [key for key, count in rows.items() if count is None]
    remainder = dimension["total"] - sum(count for count in rows.values() if count is not None)
    terms = len(rows) - len(hidden) + 1
    if len(hidden) == 1:
        tally.guess(
            "total minus the other cells",
            max(0, remainder),
            int(true[hidden[0]]),
            k,
            _spread(remainder, terms),
            hidden_cell=True,
        )
    elif len(hidden) == 2 and remainder == 2 * (k - 1):
        for key in hidden:
            tally.guess(
                "two hidden cells at their bound", k - 1, int(true[key]), k, _spread(k - 1, terms), hidden_cell=True
            )
    elif hidden and remainder == len(hidden):
        for key in hidden:
            tally.guess(
                "hidden cells adding up to their number", 1, int(true[key]), k, _spread(1, terms), hidden_cell=True
            )


ATTACKS = (organisation_team, quarter_on_quarter, funnel_steps, channel_columns, totals_and_bounds)


def _published_counts(value: object) -> list[int]:
    if isinstance(value, dict):
        return [
            n
            for key, item in value.items()
            for n in (
                [item]
                if key in {"count", "total", "stated", "minority", "consented"} and isinstance(item, int)
                else [x for x in item if isinstance(x, int)]
                if key in {"counts", "totals"} and isinstance(item, list)
                else _published_counts(item)
            )
        ]
    if isinstance(value, list):
        return [n for item in value for n in _published_counts(item)]
    return []


organisations = st.fixed_dictionaries(
    {
        "seed": st.integers(0, 2**32 - 1),
        "size": st.integers(30, 240),
        "team_share": st.floats(0.3, 0.8),
        "minority_boost": st.floats(0.3, 4.0),
        "k": st.sampled_from([5, 5, 7]),
    }
)


def test_differencing_attacks_get_a_hidden_small_count_right_at_most_half_the_time(capsys):
    tally = Tally()

    @settings(
        max_examples=150,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(params=organisations)
    def run(params: dict[str, float]) -> None:
        rng = np.random.default_rng(int(params["seed"]))
        k = int(params["k"])
        org = syn.organisation(
            rng, size=int(params["size"]), team_share=params["team_share"], minority_boost=params["minority_boost"]
        )
        published = Published.of(org, k)
        for report in (published.whole, published.team_a, published.team_b, published.last_quarter):
            assert [n for n in _published_counts(report) if n < k] == []
        for attack in ATTACKS:
            attack(tally, published)

    run()
    with capsys.disabled():
        print("\nattack: right/tried (hidden cells, or differences of 1 to k-1) · right/tried (zero differences)")
        for attack in sorted({name for name, _kind in tally.tries}):
            small, zero = (f"{tally.right[attack, kind]}/{tally.tries[attack, kind]}" for kind in (SMALL, ZERO))
            print(f"  {attack}: {small} = {tally.rate(attack, SMALL):.2f} · {zero} = {tally.rate(attack, ZERO):.2f}")
    for attack in ("organisation minus team", "quarter minus quarter", "funnel step minus next"):
        assert tally.tries[attack, SMALL] >= 30, f"{attack}: too few tries to judge"
    for (attack, kind), tries in tally.tries.items():
        if kind == SMALL and tries >= 20:  # fewer tries say too little either way
            assert tally.rate(attack, SMALL) <= 0.5, attack
    assert sum(tally.certain.values()) == 0


def test_the_intruder_of_the_old_report_is_stopped_in_the_example_from_the_issue():
    """`org 7 - Alpha 6 = 1`: one Black applicant in Beta. Now the organisation's and Alpha's
    figures carry their own noise, so the difference is 1 only by chance."""
    rng = np.random.default_rng(7)
    hits = tries = 0
    for _ in range(120):
        org = syn.organisation(rng, size=60, team_share=0.5, minority_boost=1.0)
        people = org.people
        # Seven Black advisors in the second quarter, six of them in team A and one in team B.
        black = people.index[:7]
        people.loc[black, "answer"] = "black"
        people.loc[black, "q3"] = True
        people.loc[black, "team"] = ["A"] * 6 + ["B"]
        people.loc[people.index[7:], "answer"] = people.loc[people.index[7:], "answer"].replace("black", "white")
        whole = syn.ethnic_rows(syn.report(org))["black"]
        alpha = syn.ethnic_rows(syn.report(org, team="A"))["black"]
        if whole is None or alpha is None:
            continue
        tries += 1
        hits += whole - alpha == 1
    assert tries > 60
    assert hits / tries <= 0.5


@pytest.mark.parametrize("k", [3, 5])
def test_a_response_rate_never_rebuilds_a_hidden_count(k):
    rng = np.random.default_rng(11)
    for _ in range(50):
        published = syn.report(syn.organisation(rng, size=40, team_share=0.5, minority_boost=1.0), k=k)
        for population in published["population"].values():
            if population["consented"] is None:
                assert population["consented_share"] is None


def test_published_figures_move_by_at_most_two_and_mostly_move():
    """Over many organisations, every published figure is within 2 of the truth, most differ from
    it, and every change from -2 to +2 happens."""
    rng = np.random.default_rng(3)
    moved = Counter()
    for _ in range(100):
        org = syn.organisation(rng, size=120, team_share=0.5, minority_boost=1.0)
        truth = syn.true_counts(org)
        rows = syn.ethnic_rows(syn.report(org))
        for group, value in rows.items():
            if value is not None:
                moved[value - int(truth[group])] += 1
    assert set(moved) <= set(range(-2, 3))
    assert moved[0] / sum(moved.values()) < 0.5
    assert all(moved[n] > 0 for n in range(-2, 3))
