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
