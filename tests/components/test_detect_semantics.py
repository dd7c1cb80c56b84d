"""``detect``'s word-vector features: what the sentence and the article are about, as topic
clusters a linear model can conjoin with the trigger ("attack" in a match report is no raid)."""

from __future__ import annotations

import numpy as np
import pytest

from eventcoder import vectors
from eventcoder.components.detect import (
    Detect,
    DetectorModel,
    Semantics,
    article_words,
    sentence_words,
)
from eventcoder.errors import ConfigError

UPTO = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "acled", "intent", "backrefs", "attribution"]
SPORT = "The visitors launched one attack after another and the striker scored twice in the second half of the cup match."
RAID = "Gunmen launched an attack on a police station in the north of the province, killing four officers."

# topic centroids from other sentences than the ones coded: a football report and a raid
SPORT_TOPIC = "the midfielder passed to the winger who crossed for the forward and the goalkeeper saved the penalty in the league game"
WAR_TOPIC = "insurgents fired rockets at the army checkpoint and troops killed several fighters in clashes near the border town"


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _semantics() -> Semantics:
    vec = vectors.load()
    cents = np.array([vec.text(SPORT_TOPIC.split()), vec.text(WAR_TOPIC.split())])
    protos = {
        "ASSAULT": _unit(np.mean([vec.word(w) for w in ("attack", "assault", "bomb", "shoot")], axis=0)),
        "ACCUSE": _unit(np.mean([vec.word(w) for w in ("accuse", "blame", "criticise", "condemn")], axis=0)),
    }
    return Semantics(cents, cents, protos)


def test_the_sentence_without_its_trigger_and_the_article_lead_are_read(analyse) -> None:
    ctx = analyse(RAID + " " + SPORT, UPTO, published="2020-05-06")
    d = ctx.drafts[0]
    words = sentence_words(d)
    assert d.tok.lower_ not in words and "gunmen" in words and "," not in words
    assert article_words(ctx)[:2] == ["gunmen", "launched"]


def test_sentence_topic_tells_a_match_report_from_a_raid(analyse) -> None:
    sem = _semantics()
    sport = analyse(SPORT, UPTO, published="2020-05-06")
    raid = analyse(RAID, UPTO, published="2020-05-06")
    attack = [d for d in sport.drafts if d.tok.lemma_ == "attack"]
    assert attack and raid.drafts
    fs = sem.features(attack[0], sem.article_vector(sport))
    fr = sem.features(raid.drafts[0], sem.article_vector(raid))
    assert "stopic=0" in fs and "stopic_lemma=0|attack" in fs and "atopic=0" in fs
    assert "stopic=1" in fr and "atopic=1" in fr


def test_trigger_prototype_similarity_is_binned_by_type() -> None:
    sem = _semantics()
    vec = sem.vec
    near = sem.from_vectors("assault", "ASSAULT", vec.word("assault"), None, None)
    far = sem.from_vectors("party", "ASSAULT", vec.word("party"), None, None)
    own_near = int(next(f for f in near if f.startswith("proto_own=")).rsplit("|", 1)[1])
    own_far = int(next(f for f in far if f.startswith("proto_own=")).rsplit("|", 1)[1])
    assert own_near > own_far
    assert "proto_best=ASSAULT|ASSAULT" in near
    assert "proto_best=ASSAULT|ACCUSE" in sem.from_vectors("blame", "ASSAULT", vec.word("blame"), None, None)
    assert "stopic=none" in near and "atopic=none" in near


def test_a_model_with_semantics_drops_the_sporting_attack(analyse) -> None:
    sem = _semantics()
    data = {"bias": 2.0, "weights": {"stopic_lemma=0|attack": -5.0}, "threshold": 0.5, "calibration": [], "semantics": sem.to_json()}
    model = DetectorModel(data)
    assert model.semantics is not None and model.semantics.sc.shape == (2, vectors.load().dims)
    sport = analyse(SPORT, UPTO, published="2020-05-06")
    raid = analyse(RAID, UPTO, published="2020-05-06")
    Detect(model)(sport)
    Detect(model)(raid)
    assert not [d for d in sport.drafts if d.tok.lemma_ == "attack"]
    assert [d.tok.lemma_ for d in raid.drafts][:1] == ["attack"]


def test_broken_semantics_are_a_coded_error() -> None:
    with pytest.raises(ConfigError) as err:
        DetectorModel({"bias": 0.0, "weights": {}, "threshold": 0.5, "semantics": {"sentence_centroids": [[0.1]]}})
    assert err.value.code == "E580"


def test_the_packaged_semantic_model_loads_its_centroids_and_prototypes() -> None:
    from eventcoder.components.detect import load_model

    model = load_model("detector_semantic.json")
    assert model is not None and model.semantics is not None
    sem = model.semantics
    dims = vectors.load().dims
    assert sem.sc.shape == (24, dims) and sem.ac.shape == (12, dims)
    assert {"ASSAULT", "ACCUSE", "RETREAT"} <= set(sem.prototypes)
    # the prototypes are what they say: "assault" is nearest the ASSAULT prototype's type
    assert "proto_best=ASSAULT|ASSAULT" in sem.from_vectors("assault", "ASSAULT", sem.vec.word("assault"), None, None)
