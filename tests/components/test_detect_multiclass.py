"""The multiclass detector (``scripts/train_detector.py --multiclass``): one softmax over the
PLOVER types and ``none``, read by ``components.detect.DetectorModel``. Made-up feature sets,
so the test is hermetic; what it pins is what the model file promises: P(event) = 1 - P(none),
and a draft is re-typed only when the model prefers another type by the file's margin (never
when the margin is null)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from eventcoder.components.detect import DetectorModel

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import train_detector as td  # noqa: E402


def _examples(n: int = 600, seed: int = 3) -> list[dict]:
    """"warned" drafts the lexicon types THREATEN: with a "that"-clause of blame they are
    accusations, with "of" a danger they are threats, in a match report not events."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        kind = rnd.choice(["accuse", "threaten", "sport"])
        f = ["lemma=warn", "bias_type=THREATEN", "noise=" + str(rnd.randrange(20))]
        f += {"accuse": ["next=that", "frame=ccomp"], "threaten": ["next=of", "frame=prep_of"], "sport": ["atopic=sport"]}[kind]
        gold = {"accuse": "ACCUSE", "threaten": "THREATEN", "sport": "none"}[kind]
        out.append({"f": f, "gold_type": gold, "lexicon_type": "THREATEN", "y": int(gold != "none")})
    return out


def _model(margin: float | None) -> tuple[DetectorModel, tuple]:
    classes, bias, weights = td.train_multiclass(_examples(), epochs=4, l2=1e-3, lr=0.1, min_count=2)
    data = {"kind": "multiclass", "classes": classes, "bias": bias, "weights": weights, "retype_margin": margin, "threshold": 0.5, "calibration": []}
    return DetectorModel(data), (classes, bias, weights)


def test_the_softmax_learns_type_and_event_from_context() -> None:
    model, _ = _model(1.5)
    accuse = ["lemma=warn", "bias_type=THREATEN", "next=that", "frame=ccomp"]
    threat = ["lemma=warn", "bias_type=THREATEN", "next=of", "frame=prep_of"]
    sport = ["lemma=warn", "bias_type=THREATEN", "atopic=sport"]
    assert max(model.distribution(accuse).items(), key=lambda kv: kv[1])[0] == "ACCUSE"
    assert model.probability(sport) < 0.2 < 0.8 < model.probability(accuse)
    assert abs(model.raw(accuse) - (1 - model.distribution(accuse)["none"])) < 1e-9
    assert model.retype(accuse, "THREATEN")[1] == "ACCUSE"
    assert model.retype(threat, "THREATEN")[1] == "THREATEN"


def test_a_null_margin_never_retypes_and_keeps_p_event() -> None:
    typed, _ = _model(1.5)
    kept, _ = _model(None)
    accuse = ["lemma=warn", "bias_type=THREATEN", "next=that", "frame=ccomp"]
    p, etype = kept.retype(accuse, "THREATEN")
    assert etype == "THREATEN"
    assert p == typed.retype(accuse, "THREATEN")[0]


def test_training_is_deterministic_and_sparse() -> None:
    _, a = _model(1.5)
    _, b = _model(1.5)
    assert a == b
    # a feature seen fewer than min_count times has no weight; every weight is a real class
    classes, _, weights = a
    assert set(classes) == {"ACCUSE", "THREATEN", "none"}
    assert all(set(ws) <= set(classes) for ws in weights.values())
    assert "noise=19" in weights and not [f for f in weights if f.startswith("unseen")]
