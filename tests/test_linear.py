"""``linear.softmax``: the scoring of the shipped sparse models."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcoder.linear import softmax


def test_unseen_features_weigh_nothing_and_seen_ones_shift_the_mass() -> None:
    bias = {"none": 1.0, "ACCUSE": 0.0}
    weights = {"w=disgraceful": {"ACCUSE": 2.0}}
    assert softmax(bias, weights, ["w=unseen"]) == pytest.approx({"none": 1 / (1 + math.exp(-1)), "ACCUSE": 1 / (1 + math.exp(1))})
    p = softmax(bias, weights, ["w=disgraceful"])
    assert p["ACCUSE"] > p["none"]


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.floats(-50, 50), min_size=1),
       st.lists(st.floats(-50, 50), max_size=5))
def test_a_distribution_always_sums_to_one(bias: dict[str, float], ws: list[float]) -> None:
    weights = {f"f{i}": {c: w for c in bias} for i, w in enumerate(ws)}
    p = softmax(bias, weights, list(weights))
    assert sum(p.values()) == pytest.approx(1.0) and set(p) == set(bias)


@given(
    st.dictionaries(st.sampled_from(["none", "ACCUSE", "THREATEN", "REQUEST"]), st.floats(-20, 20), min_size=1),
    st.lists(st.tuples(st.integers(0, 6), st.floats(-20, 20), st.integers(0, 3)), max_size=30),
    st.lists(st.integers(0, 8), max_size=12),
)
def test_the_table_gives_the_dict_path_bit_for_bit(bias: dict[str, float], cells: list, picked: list[int]) -> None:
    from eventcoder.linear import sparse_table

    classes = list(bias)
    weights: dict[str, dict[str, float]] = {}
    for f, w, c in cells:
        weights.setdefault(f"f{f}", {})[classes[c % len(classes)]] = w
    feats = [f"f{i}" for i in picked]  # repeated and unseen features too
    table = sparse_table(bias, weights)
    assert table is not None
    assert softmax(bias, weights, feats, table) == softmax(bias, weights, feats)
    # a bias with its classes in another order takes the dict path, whatever the table
    flipped = dict(reversed(list(bias.items())))
    assert softmax(flipped, weights, feats, table) == softmax(flipped, weights, feats)


def test_weights_of_a_class_outside_the_bias_keep_the_dict_path() -> None:
    from eventcoder.linear import sparse_table

    assert sparse_table({"none": 0.0}, {"f": {"ACCUSE": 1.0}}) is None
