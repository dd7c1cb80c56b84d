"""``confidence``: the detector's probability, moved by a log-odds prior shift for news."""

from __future__ import annotations

import pytest

from eventcoder.components.confidence import Confidence, shift
from eventcoder.components.detect import Detect, DetectorModel

UPTO = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "acled", "intent", "backrefs", "attribution"]
TEXT = "Rebels attacked an army base near the river on Monday. Police arrested two men in the capital."


def test_shift_moves_log_odds_and_keeps_the_order() -> None:
    assert shift(0.5, 0.0) == 0.5 and shift(0.0, -1.0) == 0.0 and shift(1.0, -1.0) == 1.0
    assert shift(0.5, -0.5) == pytest.approx(0.3775, abs=1e-4)
    grid = [shift(x / 20, -0.5) for x in range(1, 20)]
    assert grid == sorted(grid) and all(g < x / 20 for g, x in zip(grid, range(1, 20), strict=True))


def test_confidence_is_the_shifted_detector_probability(analyse) -> None:
    ctx = analyse(TEXT, UPTO, published="2020-05-06")
    model = DetectorModel({"bias": 0.0, "weights": {"lemma=attack": 1.0}, "threshold": 0.0, "calibration": []})
    Detect(model)(ctx)
    assert len(ctx.drafts) == 2
    Confidence(prior_shift=-0.5)(ctx)
    for d in ctx.drafts:
        assert d.p_event is not None and d.confidence == shift(d.p_event, -0.5) < d.p_event
    attack, arrest = ctx.drafts
    assert attack.confidence > arrest.confidence  # the ranking stands
