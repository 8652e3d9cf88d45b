"""Disclosure control for published counts (shared/reference/statistics-and-disclosure.md).

Primary suppression: a cell of 1 to k-1 people is never published as a number. Secondary
suppression: where one suppressed cell could be recovered from the total and the other cells, the
next-smallest cell is suppressed too. A breakdown over fewer than `min_total` people is withheld.
Percentages and ratios are computed only from published cells.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Breakdown:
    """A published breakdown: counts by category, None where suppressed; all None if withheld."""

    counts: dict[str, int | None]
    total: int | None
    withheld: bool = False
    suppressed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"counts": self.counts, "total": self.total, "withheld": self.withheld, "suppressed": self.suppressed}


def suppress(counts: dict[str, int], *, k: int, min_total: int) -> Breakdown:
    total = sum(counts.values())
    if total < min_total:
        return Breakdown(counts=dict.fromkeys(counts), total=None, withheld=True, suppressed=sorted(counts))
    hidden = {category for category, n in counts.items() if 0 < n < k}
    # One hidden cell is recoverable from the total; so is a set of hidden cells that a single
    # published cell could be subtracted to reveal. Keep hiding the next-smallest until at least
    # two cells are hidden, or none.
    if len(hidden) == 1:
        candidates = sorted((n, category) for category, n in counts.items() if category not in hidden and n > 0)
        if candidates:
            hidden.add(candidates[0][1])
        else:
            # Every other cell is zero: the hidden count equals the total, so withhold the total.
            return Breakdown(
                counts={c: (None if c in hidden else n) for c, n in counts.items()},
                total=None,
                suppressed=sorted(hidden),
            )
    published = {category: (None if category in hidden else n) for category, n in counts.items()}
    return Breakdown(counts=published, total=total, suppressed=sorted(hidden))


def share(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return round(part / whole, 4)
