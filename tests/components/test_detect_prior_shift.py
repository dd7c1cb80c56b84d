"""``scripts/choose_prior_shift.py``: the news prior shift chosen on held-out corpus scores (x24lrconj).
Made-up probabilities, so the test is hermetic."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import choose_prior_shift as cps  # noqa: E402


def _overconfident(n: int = 2000, seed: int = 3) -> tuple[list[float], list[int]]:
    """Probabilities that say 0.6 where the true rate is 0.45: a level too high, as the corpus
    map is for news (docs/detector.md, "Confidence for news")."""
    rnd = random.Random(seed)
    cal, ys = [], []
    for _ in range(n):
        p = rnd.choice([0.3, 0.6, 0.8])
        truth = {0.3: 0.2, 0.6: 0.45, 0.8: 0.65}[p]
        cal.append(p)
        ys.append(int(rnd.random() < truth))
    return cal, ys


def test_a_too_high_level_is_moved_down_and_a_calibrated_one_stays() -> None:
    cal, ys = _overconfident()
    news = [i % 2 == 0 for i in range(len(cal))]
    rows = cps.sweep(cal, ys, news, [-0.75, -0.5, -0.25, 0.0, 0.25], threshold=0.0)
    best = min(rows, key=lambda s: rows[s]["kept"]["log_loss"])
    assert best < 0
    assert rows[best]["kept"]["ece"] < rows[0.0]["kept"]["ece"]
    # a calibrated score (the truth itself) wants no shift
    truth = {0.3: 0.2, 0.6: 0.45, 0.8: 0.65}
    fair = [truth[p] for p in cal]
    rows = cps.sweep(fair, ys, news, [-0.5, -0.25, 0.0, 0.25, 0.5], threshold=0.0)
    assert min(rows, key=lambda s: rows[s]["kept"]["log_loss"]) == 0.0


def test_the_threshold_decides_on_the_unshifted_probability() -> None:
    cal, ys = [0.1, 0.2, 0.5, 0.9], [0, 0, 1, 1]
    rows = cps.sweep(cal, ys, [True, False, True, False], [-1.0, 0.0], threshold=0.2)
    assert rows[-1.0]["kept"]["n"] == rows[0.0]["kept"]["n"] == 3
    assert rows[-1.0]["kept_gate_news"]["n"] == 1
    assert rows[0.0]["all"]["n"] == 4
    assert rows[-1.0]["kept"]["mean_p"] < rows[0.0]["kept"]["mean_p"]
