"""The perturbation table (p-table) for cell key perturbation, in the format of ONS's
`cell-key-perturbation` package: one row per (pcv, ckey) with the noise `pvalue` to add.

`pcv` is the true count (counts above MAX_PCV reuse the upper rows, as ONS does); `ckey` is the
cell key, 0-255. The shipped file, `ptable.csv`, is what `generate()` writes; a test holds them
equal and checks the rules: noise from -2 to +2, mean zero for every count, no noise value with a
probability above 1/2, and never a negative result. A true zero has no row and stays zero: it is
always shown as "fewer than k", so nothing is learnt from it.
"""

import csv
import random
from functools import cache
from pathlib import Path

import numpy as np

PATH = Path(__file__).with_name("ptable.csv")
KEY_SPACE = 256
MAX_NOISE = 2
MAX_PCV = 60
WRAP_FROM = 31  # counts above MAX_PCV reuse rows WRAP_FROM..MAX_PCV
SEED = 20261127

# How many of the 256 cell keys get each noise value. A count of 1 can only go down by one.
ONE = {-1: 103, 0: 76, 1: 51, 2: 26}
TWO_OR_MORE = {-2: 26, -1: 51, 0: 102, 1: 51, 2: 26}


def pcv(count: int) -> int:
    if count <= MAX_PCV:
        return count
    return (count - WRAP_FROM) % (MAX_PCV - WRAP_FROM + 1) + WRAP_FROM


def generate(seed: int = SEED) -> list[tuple[int, int, int]]:
    """Each count's row spreads the noise values over the cell keys in its own random order, so
    that two cells with the same key but different counts get unrelated noise."""
    rng = random.Random(seed)
    rows: list[tuple[int, int, int]] = []
    for value in range(1, MAX_PCV + 1):
        shape = ONE if value == 1 else TWO_OR_MORE
        noise = [n for n, keys in shape.items() for _ in range(keys)]
        rng.shuffle(noise)
        rows.extend((value, key, noise[key]) for key in range(KEY_SPACE))
    return rows


def write(path: Path = PATH) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["pcv", "ckey", "pvalue"])
        writer.writerows(generate())


@cache
def table() -> np.ndarray:
    """noise[pcv, ckey] as an array; row 0 (a true zero) is all zeros."""
    noise = np.zeros((MAX_PCV + 1, KEY_SPACE), dtype=np.int64)
    rows = np.loadtxt(PATH, delimiter=",", skiprows=1, dtype=np.int64)
    noise[rows[:, 0], rows[:, 1]] = rows[:, 2]
    return noise


if __name__ == "__main__":
    write()
