"""``detect``'s calibration: a monotone map from raw score to probability that keeps scores
apart (no flat stretch where a range of drafts ties at one value), fitted on out-of-fold
scores by ``scripts/train_detector.py``."""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import pytest

from eventcoder.components.detect import DetectorModel, load_model
from eventcoder.errors import ConfigError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import train_detector as td  # noqa: E402


def _noisy(n: int = 3000, seed: int = 7) -> tuple[list[float], list[int]]:
    """Raw scores of an over-confident model: the true probability is sigmoid(z / 2), the
    model says sigmoid(z)."""
    rnd = random.Random(seed)
    raw, ys = [], []
    for _ in range(n):
        z = rnd.gauss(-0.5, 2.5)
        raw.append(1 / (1 + math.exp(-z)))
        ys.append(int(rnd.random() < 1 / (1 + math.exp(-z / 2))))
    return raw, ys


def test_platt_recovers_the_temperature_of_an_over_confident_model() -> None:
    raw, ys = _noisy()
    a, b = td.fit_platt(raw, ys)
    assert a == pytest.approx(0.5, abs=0.08) and b == pytest.approx(0.0, abs=0.12)
    cal = td.fit_calibration("platt", raw, ys)
    assert td.log_loss([cal(p) for p in raw], ys) < td.log_loss(raw, ys)


def test_platt_is_strictly_increasing_where_isotonic_is_flat() -> None:
    raw, ys = _noisy()
    iso = td.fit_calibration("isotonic", raw, ys)
    smooth = td.fit_calibration("platt", raw, ys)
    low = [0.0005 * k for k in range(1, 40)]  # the low range, where few examples fall
    assert len({round(iso(p), 4) for p in low}) < len(low)  # the isotonic map ties there
    ys_s = [smooth(p) for p in low]
    assert all(x < y for x, y in zip(ys_s, ys_s[1:], strict=False))
    grid = [smooth(k / 200) for k in range(201)]
    assert grid == sorted(grid) and 0.0 < grid[0] and grid[-1] < 1.0


@pytest.mark.parametrize("kind", ["isotonic", "platt", "platt_isotonic"])
def test_a_fitted_map_survives_the_model_file(kind: str) -> None:
    raw, ys = _noisy(800)
    cal = td.fit_calibration(kind, raw, ys)
    model = DetectorModel({"bias": 0.0, "weights": {"x": 1.0}, "threshold": 0.5, "calibration": cal.to_json()})
    for p in (0.001, 0.05, 0.3, 0.5, 0.77, 0.999):
        assert model.calibrate(p) == pytest.approx(cal(p), abs=1e-5)  # parameters stored to 6 places
    assert model.probability(["x"]) == pytest.approx(cal(1 / (1 + math.exp(-1.0))), abs=1e-5)
    grid = [model.calibrate(k / 100) for k in range(101)]
    assert grid == sorted(grid)


def test_an_unknown_calibration_is_a_coded_error() -> None:
    with pytest.raises(ConfigError) as err:
        DetectorModel({"bias": 0.0, "weights": {}, "threshold": 0.5, "calibration": {"kind": "spline", "a": 1, "b": 0}})
    assert err.value.code == "E306"
    with pytest.raises(ConfigError):
        DetectorModel({"bias": 0.0, "weights": {}, "threshold": 0.5, "calibration": {"kind": "platt"}})


def test_out_of_fold_scores_never_come_from_a_model_that_saw_the_document() -> None:
    # a model that memorises its training documents scores them 1, unseen ones 0.5
    exs = [{"doc": f"d{i}", "y": i % 2, "f": [f"doc=d{i}"]} for i in range(60)]

    def fit(part: list[dict]):
        seen = {x for e in part for x in e["f"]}
        return lambda f: 1.0 if f[0] in seen else 0.5

    raw = td.out_of_fold(exs, [], 5, fit)
    assert raw == [0.5] * len(exs)
    assert len({td.fold_of(e["doc"], 5) for e in exs}) == 5


def test_the_shipped_detector_gives_distinct_probabilities_in_its_low_range() -> None:
    model = load_model("detector.json")
    if model is None:
        pytest.skip("no detector.json")
    low = [model.calibrate(0.01 + 0.01 * k) for k in range(30)]
    assert all(x < y for x, y in zip(low, low[1:], strict=False))
