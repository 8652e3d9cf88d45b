"""Disclosure control for every published count (shared/reference/statistics-and-disclosure.md).

One pipeline, in this order, for every figure the reports hold:
1. Recode: the table builders count "Prefer not to say" and "Not answered" together as "Not
   stated", and count a combined category (the four minority ethnic groups, merged age bands)
   from the people, never by adding published cells.
2. Cell key perturbation, the ONS and ABS method: every person has a record key from 0 to 255
   (an HMAC of their id under DISCLOSURE_RECORD_KEY_SECRET, computed during the build and never
   stored); a cell's key is the sum of its people's record keys mod 256; the noise added to the
   cell comes from the p-table by (count, cell key). Totals are cells too. The same people give
   the same cell key, so the same published value, in every table, scope and quarter: averaging
   or subtracting related reports learns nothing exact.
3. The threshold: a perturbed count below k is published as "fewer than k" (None here), true
   zeros included, so a hidden cell can be anything from 0 to k-1.
Derived figures (shares, ratios, rates) are computed from published counts only.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.conf import settings

from core.hmacs import hmac_sha256_each

from . import ptable

KEY_SPACE = ptable.KEY_SPACE
MAX_NOISE = ptable.MAX_NOISE


@dataclass(frozen=True)
class Cell:
    """The true count of a cell and its cell key. Cells of disjoint groups add; a subgroup is
    taken away from its group (e.g. "not answered" = everyone - those who answered)."""

    count: int
    key: int

    def __add__(self, other: "Cell") -> "Cell":
        return Cell(self.count + other.count, (self.key + other.key) % KEY_SPACE)

    def __sub__(self, other: "Cell") -> "Cell":
        return Cell(self.count - other.count, (self.key - other.key) % KEY_SPACE)


EMPTY = Cell(0, 0)


def cell_sum(cells: Iterable[Cell]) -> Cell:
    total = EMPTY
    for cell in cells:
        total += cell
    return total


def record_keys(person_ids: Iterable[int]) -> np.ndarray:
    """Record keys 0-255 for the given people, in order: the first byte of an HMAC of each id
    under DISCLOSURE_RECORD_KEY_SECRET."""
    key = settings.DISCLOSURE_RECORD_KEY_SECRET.encode()
    digests = hmac_sha256_each(key, (b"record:%d" % person_id for person_id in person_ids))
    return np.fromiter((digest[0] for digest in digests), dtype=np.int64, count=len(digests))


def perturb(counts: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """True counts plus the p-table's noise for each (count, cell key)."""
    counts = np.asarray(counts, dtype=np.int64)
    keys = np.asarray(keys, dtype=np.int64) % KEY_SPACE
    rows = np.where(
        counts <= ptable.MAX_PCV,
        counts,
        (counts - ptable.WRAP_FROM) % (ptable.MAX_PCV - ptable.WRAP_FROM + 1) + ptable.WRAP_FROM,
    )
    return counts + ptable.table()[rows, keys]


def publish_frame(cells: pd.DataFrame, *, k: int) -> pd.Series:
    """Published counts for a frame of cells (columns `count` and `key`): perturbed, then None
    where below k."""
    published = perturb(cells["count"].to_numpy(), cells["key"].to_numpy())
    values: list[int | None] = [int(v) if v >= k else None for v in published]
    return pd.Series(values, index=cells.index, dtype=object)


def publish(cell: Cell, *, k: int) -> int | None:
    value = int(perturb(np.array([cell.count]), np.array([cell.key]))[0])
    return value if value >= k else None


def share(part: int | None, whole: int | None) -> float | None:
    """A share of two published counts; none where either is hidden."""
    if part is None or not whole:
        return None
    return round(part / whole, 4)
