"""Hand-computed figures: the report's shares, ratios, dissimilarity and adverse impact."""

from reports.calculations import funnel, representation, shares
from reports.disclosure import suppress

BENCHMARK = {"white": 0.817, "asian": 0.093, "black": 0.040, "mixed": 0.029, "other": 0.021}


def test_shares_with_and_without_those_who_did_not_say():
    breakdown = suppress(
        {"white": 60, "asian": 20, "black": 10, "mixed": 5, "other": 5, "prefer_not_to_say": 0, "not_answered": 0},
        k=5,
        min_total=10,
    )
    result = shares(breakdown)
    assert result["white"] == {"of_everyone": 0.6, "of_those_answering": 0.6}
    breakdown = suppress({"white": 60, "asian": 20, "prefer_not_to_say": 10, "not_answered": 10}, k=5, min_total=10)
    result = shares(breakdown)
    assert result["white"] == {"of_everyone": 0.6, "of_those_answering": 0.75}
    assert result["prefer_not_to_say"]["of_those_answering"] is None


def test_representation_ratio_and_dissimilarity_match_hand_figures():
    breakdown = suppress({"white": 60, "asian": 20, "black": 10, "mixed": 5, "other": 5}, k=5, min_total=10)
    ratios, index = representation(breakdown, BENCHMARK)
    # 0.60/0.817 = 0.734..., 0.20/0.093 = 2.150..., 0.10/0.040 = 2.5, 0.05/0.029 = 1.724..., 0.05/0.021 = 2.380...
    assert ratios == {"white": 0.73, "asian": 2.15, "black": 2.5, "mixed": 1.72, "other": 2.38}
    # |0.6-0.817| + |0.2-0.093| + |0.1-0.04| + |0.05-0.029| + |0.05-0.021| = 0.434; half = 0.217
    assert index == 0.217


def test_a_suppressed_cell_leaves_its_ratio_and_the_index_unpublished():
    breakdown = suppress({"white": 60, "asian": 20, "black": 3, "mixed": 8, "other": 9}, k=5, min_total=10)
    ratios, index = representation(breakdown, BENCHMARK)
    assert ratios["black"] is None and ratios["mixed"] is None
    assert index is None


def test_funnel_conversion_and_four_fifths_ratio():
    rows = {
        "white": {"applied": 100, "appointed": 20},
        "black": {"applied": 50, "appointed": 6},
        "asian": {"applied": 40, "appointed": None},
    }
    result = funnel(rows, ["applied", "appointed"])
    assert result["white"] == {"conversion": 0.2, "impact_ratio": 1.0}
    assert result["black"] == {"conversion": 0.12, "impact_ratio": 0.6}
    assert result["asian"] == {"conversion": None, "impact_ratio": None}
