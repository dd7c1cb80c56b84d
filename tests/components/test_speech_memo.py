"""The speech model's exact shortcuts: the cue-vector nearness cached per word, the dense
bias summed by ``map`` and the memoised reporting verb give what the plain computations
give, to the bit."""

from __future__ import annotations

import math

from eventcoder import vectors
from eventcoder.components.speech import (
    VECTOR_BINS,
    _cue_vectors,
    _near_classes,
    _speech_verb,
    dense_features,
    features,
    load_model,
)

WORDS = [
    "terrible",
    "failure",
    "welcome",
    "demand",
    "refuse",
    "the",
    "negotiations",
    "zzzqx",
    "praised",
    "Wrong",
]


def _plain_near(lemmas):
    """The loop ``_near_classes`` was: every word against every cue vector."""
    vec = vectors.load()
    names, mat = _cue_vectors()
    best = {}
    for w in lemmas:
        v = vec.word(w)
        if v is None:
            continue
        for name, sim in zip(names, (mat @ v).tolist(), strict=True):
            if sim > best.get(name, -1.0):
                best[name] = sim
    return [f"{name}|{b}" for name, sim in sorted(best.items()) for b in VECTOR_BINS if sim >= b]


def test_near_classes_is_the_plain_loop():
    for k in range(len(WORDS)):
        lemmas = WORDS[k:] + WORDS[:k]
        assert _near_classes(lemmas) == _plain_near(lemmas)
    assert _near_classes([]) == []
    assert _near_classes(["terrible"]) and _near_classes(["terrible"]) == _plain_near(["terrible"])


def _plain_distribution(model, feats, dense):
    bias = {
        c: b + sum(w * x for w, x in zip(model.dense.get(c, ()), dense, strict=False))
        for c, b in model.bias.items()
    }
    z = dict(bias)
    for f in feats:
        for c, w in model.weights.get(f, {}).items():
            z[c] = z.get(c, 0.0) + w
    m = max(z.values())
    e = {c: math.exp(v - m) for c, v in z.items()}
    total = sum(e.values())
    return {c: v / total for c, v in e.items()}


def test_scores_are_the_plain_sums(pipeline):
    model = load_model()
    texts = [
        "The opposition leader said the budget cuts were a disgrace and must be reversed.",
        '"We will not accept these terms," the foreign minister told reporters on Tuesday.',
        "According to the union, the strike will continue until wages are raised.",
    ]
    for text, doc in zip(texts, pipeline.nlp.pipe(texts), strict=True):
        feats = features(text)
        dense = dense_features(text, doc)
        assert all(type(x) is float for x in dense) and len(dense) == 128
        assert model.distribution(feats, dense) == _plain_distribution(model, feats, dense)
        first = _speech_verb(doc)
        assert first is not None and _speech_verb(doc)[0].i == first[0].i
