"""Representation figures, computed only from published (suppressed) counts."""

from .disclosure import Breakdown, share

NOT_STATED = ("prefer_not_to_say", "not_answered")


def shares(breakdown: Breakdown) -> dict[str, dict[str, float | None]]:
    """Each category's share of everyone, and of those who gave an answer (say which)."""
    counts = breakdown.counts
    stated_total = None
    if breakdown.total is not None and all(counts.get(c) is not None for c in NOT_STATED if c in counts):
        stated_total = breakdown.total - sum(counts.get(c) or 0 for c in NOT_STATED)
    return {
        category: {
            "of_everyone": share(n, breakdown.total),
            "of_those_answering": None if category in NOT_STATED else share(n, stated_total),
        }
        for category, n in counts.items()
    }


def representation(breakdown: Breakdown, benchmark: dict[str, float]) -> tuple[dict[str, float | None], float | None]:
    """Ratio of involved share to benchmark share per category (1.0 = representative), and the
    dissimilarity index: half the sum of absolute share differences (0 = identical)."""
    answered = shares(breakdown)
    ratios: dict[str, float | None] = {}
    differences: list[float] = []
    complete = True
    for category, benchmark_share in benchmark.items():
        if category in answered:
            involved = answered[category]["of_those_answering"]
        else:
            # Nobody in the category: a published zero, as long as the breakdown was published.
            involved = 0.0 if breakdown.total is not None else None
        if involved is None or not benchmark_share:
            ratios[category] = None
            complete = False
            continue
        ratios[category] = round(involved / benchmark_share, 2)
        differences.append(abs(involved - benchmark_share))
    index = round(sum(differences) / 2, 4) if complete and differences else None
    return ratios, index


def funnel(rows: dict[str, dict[str, int | None]], stages: list[str]) -> dict[str, dict[str, float | None]]:
    """Conversion (last stage over first) per group, and each group's ratio to the best group's
    rate (the four-fifths adverse impact ratio: below 0.8 is a flag to look at)."""
    rates = {group: share(counts.get(stages[-1]), counts.get(stages[0])) for group, counts in rows.items()}
    best = max((rate for rate in rates.values() if rate), default=None)
    return {
        group: {
            "conversion": rate,
            "impact_ratio": round(rate / best, 2) if rate is not None and best else None,
        }
        for group, rate in rates.items()
    }
