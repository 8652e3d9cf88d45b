"""The disclosure pipeline's parts: the p-table's rules, record keys, cell keys and the threshold."""

from collections import Counter

import numpy as np
import pytest
from django.test import override_settings

from reports import ptable
from reports.disclosure import Cell, cell_sum, perturb, publish, record_keys, share


def test_the_shipped_p_table_is_the_one_the_generator_writes():
    import csv

    with ptable.PATH.open() as handle:
        rows = [(int(r["pcv"]), int(r["ckey"]), int(r["pvalue"])) for r in csv.DictReader(handle)]
    assert rows == ptable.generate()


@pytest.mark.parametrize("count", range(1, ptable.MAX_PCV + 1))
def test_each_row_of_the_p_table_keeps_the_rules(count):
    noise = ptable.table()[count]
    assert set(noise) <= {-2, -1, 0, 1, 2}
    assert noise.sum() == 0  # mean zero over the 256 cell keys
    assert max(Counter(noise.tolist()).values()) <= 128  # no value more likely than 1/2
    assert (count + noise).min() >= 0
    assert len(set(noise.tolist())) >= 4  # some cells always move


def test_rows_differ_so_one_key_does_not_give_every_count_the_same_noise():
    table = ptable.table()
    assert not all(np.array_equal(table[2], table[n]) for n in range(3, ptable.MAX_PCV + 1))


def test_a_true_zero_stays_zero_and_large_counts_reuse_the_upper_rows():
    keys = np.arange(256)
    assert (perturb(np.zeros(256, dtype=int), keys) == 0).all()
    assert (perturb(np.full(256, 61), keys) - 61 == ptable.table()[31]).all()
    assert (perturb(np.full(256, 1000), keys) - 1000 == ptable.table()[ptable.pcv(1000)]).all()


def test_cells_add_and_subtract_with_their_keys_mod_256():
    a, b = Cell(3, 200), Cell(4, 100)
    assert a + b == Cell(7, 44)
    assert (a + b) - b == a
    assert cell_sum([a, b, Cell(0, 0)]) == Cell(7, 44)


def test_record_keys_are_bytes_that_depend_on_the_secret():
    ids = list(range(1, 5001))
    keys = record_keys(ids)
    assert keys.min() >= 0
    assert keys.max() <= 255
    assert (record_keys(ids) == keys).all()  # the same person always has the same key
    # Spread over 0-255 like random bytes: every value used, none far too often.
    counts = np.bincount(keys, minlength=256)
    assert counts.min() > 0
    assert counts.max() < 60
    with override_settings(DISCLOSURE_RECORD_KEY_SECRET="another-secret-for-this-test-0123456789"):
        assert (record_keys(ids) != keys).mean() > 0.9


@pytest.mark.parametrize("k", [3, 5, 7])
def test_nothing_below_k_is_ever_published(k):
    for count in range(0, 40):
        for key in range(256):
            value = publish(Cell(count, key), k=k)
            assert value is None or value >= k
            if value is not None:
                assert abs(value - count) <= 2


def test_shares_need_both_counts():
    assert share(5, 20) == 0.25
    assert share(None, 20) is None
    assert share(5, None) is None
    assert share(5, 0) is None
