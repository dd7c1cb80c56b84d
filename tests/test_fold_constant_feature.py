"""``scripts/fold_constant_feature.py``: a feature every training example carried becomes bias,
so a model scores every draft as trained once the code computes the feature right."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from eventcoder.components.detect import DetectorModel, load_model

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "fold_constant_feature.py"


def _fold():
    spec = importlib.util.spec_from_file_location("fold_constant_feature", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.fold


def test_folding_keeps_the_scores_of_drafts_that_had_the_constant() -> None:
    data = {"kind": "binary", "bias": 0.1, "weights": {"root_dist=>16": -0.4, "lemma=attack": 1.2}, "threshold": 0.5, "calibration": []}
    before = DetectorModel(json.loads(json.dumps(data)))
    after = DetectorModel(_fold()(json.loads(json.dumps(data)), ["root_dist=>16"]))
    for feats in (["lemma=attack"], ["lemma=shoot"]):
        assert after.raw(feats) == pytest.approx(before.raw([*feats, "root_dist=>16"]), abs=1e-4)
    # the corrected feature's other values carry no weight
    assert after.raw(["lemma=attack", "root_dist=2"]) == pytest.approx(after.raw(["lemma=attack"]))


def test_an_unknown_feature_is_refused() -> None:
    with pytest.raises(SystemExit):
        _fold()({"bias": 0.0, "weights": {}}, ["root_dist=>16"])


def test_the_shipped_detector_has_the_constant_folded() -> None:
    model = json.loads((Path(__file__).resolve().parents[1] / "src/eventcoder/data/models/detector.json").read_text(encoding="utf-8"))
    assert "root_dist=>16" not in model["weights"]
    assert [f["feature"] for f in model["meta"]["folded"]] == ["root_dist=>16"]
    assert load_model("detector.json") is not None
