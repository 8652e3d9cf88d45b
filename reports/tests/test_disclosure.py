from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.disclosure import share, suppress


def test_small_cells_are_hidden_and_the_next_smallest_too():
    result = suppress({"a": 40, "b": 12, "c": 3, "d": 0}, k=5, min_total=10)
    assert result.counts == {"a": 40, "b": None, "c": None, "d": 0}
    assert result.total == 55
    assert result.suppressed == ["b", "c"]


def test_two_small_cells_protect_each_other():
    result = suppress({"a": 40, "b": 2, "c": 3}, k=5, min_total=10)
    assert result.counts == {"a": 40, "b": None, "c": None}


def test_a_small_breakdown_is_withheld_whole():
    result = suppress({"a": 6, "b": 3}, k=5, min_total=10)
    assert result.withheld and result.total is None and set(result.counts.values()) == {None}


def test_a_lone_small_cell_beside_zeros_hides_the_total():
    result = suppress({"a": 0, "b": 12, "c": 0}, k=5, min_total=10)
    assert result.counts == {"a": 0, "b": 12, "c": 0}
    result = suppress({"a": 3, "b": 0, "c": 0, "d": 20}, k=5, min_total=10)
    assert result.counts["a"] is None and result.counts["d"] is None


def test_percentages_of_hidden_cells_are_hidden():
    assert share(None, 50) is None
    assert share(10, None) is None
    assert share(10, 40) == 0.25


@given(
    st.dictionaries(st.sampled_from("abcdef"), st.integers(min_value=0, max_value=40), min_size=1), st.integers(3, 7)
)
def test_no_published_figure_is_a_small_count_and_none_can_be_recovered(counts, k):
    result = suppress(counts, k=k, min_total=10)
    published = [n for n in result.counts.values() if n is not None]
    assert not any(0 < n < k for n in published)
    if result.total is None:
        return
    hidden = [c for c, n in result.counts.items() if n is None]
    assert len(hidden) != 1
    if hidden:
        remainder = result.total - sum(published)
        # Every split of the remainder over the hidden cells that fits the rule "hidden means
        # 1..k-1 or suppressed as next-smallest" must be ambiguous: more than one split is possible.
        splits = (
            [combo for combo in product(range(remainder + 1), repeat=len(hidden)) if sum(combo) == remainder]
            if len(hidden) <= 3 and remainder <= 120
            else [None, None]
        )
        assert len(splits) > 1


@pytest.mark.parametrize("k", [3, 5, 10])
def test_the_threshold_is_a_setting(k):
    result = suppress({"a": k - 1, "b": k, "c": 50}, k=k, min_total=10)
    assert result.counts["a"] is None
