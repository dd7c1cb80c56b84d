"""The coreference scores against the worked example of Pradhan et al. (2014, ACL), whose
published values the reference CoNLL scorer reproduces."""

from __future__ import annotations

import pytest

from eventcoder.eval.coref import bcubed, ceafe, conll, muc

# key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i} (e missing, h and i invented)
GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2, "g": 2}
PRED = {"a": 1, "b": 1, "c": 2, "d": 2, "f": 3, "g": 3, "h": 3, "i": 3}


def test_muc_matches_the_published_example() -> None:
    p, r, f = muc(GOLD, PRED)
    assert (p, r) == pytest.approx((0.4, 0.4))


def test_bcubed_matches_the_published_example() -> None:
    p, r, _ = bcubed(GOLD, PRED)
    assert p == pytest.approx(0.5) and r == pytest.approx(5 / 12)


def test_ceafe_matches_the_published_example() -> None:
    p, r, _ = ceafe(GOLD, PRED)
    assert p == pytest.approx(0.4333, abs=1e-4) and r == pytest.approx(0.65)


def test_identical_clusterings_score_one_and_all_singletons_do_not() -> None:
    assert conll(GOLD, GOLD)["conll_f1"] == 1.0
    singletons = {m: m for m in GOLD}
    assert conll(GOLD, singletons)["muc_f1"] == 0.0
    assert conll(GOLD, singletons)["conll_f1"] < 0.7
