"""``detect``: the learned filter keeps or drops drafts by a calibrated probability."""

from __future__ import annotations

import pytest

from eventcoder.components.detect import Detect, DetectorModel, features
from eventcoder.errors import ConfigError

UPTO = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "acled", "intent", "backrefs", "attribution"]
TEXT = "Rebels attacked an army base near the river on Monday. The minister attacked the budget plan."


def test_features_describe_the_draft_in_its_article(analyse) -> None:
    ctx = analyse(TEXT, UPTO, published="2020-05-06")
    feats = [features(d, ctx, i) for i, d in enumerate(ctx.drafts)]
    assert all("lemma=attack" in f for f in feats)
    first, second = feats
    assert "earlier_same_type=0" in first and "earlier_same_type=0" not in second


def test_a_model_drops_what_it_scores_below_its_threshold(analyse) -> None:
    ctx = analyse(TEXT, UPTO, published="2020-05-06")
    assert len(ctx.drafts) == 2
    # a toy model: an attack whose object is a plan is figurative
    model = DetectorModel({"bias": 2.0, "weights": {"next=the": -5.0}, "threshold": 0.5, "calibration": []})
    Detect(model)(ctx)
    assert [d.sentence.text.split()[0] for d in ctx.drafts] == ["Rebels"]
    assert ctx.drafts[0].p_event is not None and ctx.drafts[0].p_event > 0.5


def test_calibration_maps_raw_scores_to_steps() -> None:
    m = DetectorModel({"bias": 0.0, "weights": {}, "threshold": 0.5, "calibration": [[0.0, 0.1], [0.4, 0.6], [0.8, 0.9]]})
    assert m.probability([]) == 0.6  # raw 0.5 falls in the step from 0.4
    assert m.raw([]) == pytest.approx(0.5)


def test_calibration_with_block_means_keeps_the_order_inside_a_block() -> None:
    # [threshold, probability, block mean score]: linear between the means, flat outside
    cal = [[0.0, 0.1, 0.2], [0.4, 0.6, 0.5], [0.8, 0.9, 0.9]]
    m = DetectorModel({"bias": 0.0, "weights": {}, "threshold": 0.5, "calibration": cal})
    assert m.calibrate(0.05) == 0.1 and m.calibrate(0.95) == 0.9
    assert m.calibrate(0.35) == pytest.approx(0.35)
    # two raw scores of one block no longer tie, and the map never decreases
    assert m.calibrate(0.42) < m.calibrate(0.48)
    grid = [m.calibrate(x / 100) for x in range(101)]
    assert grid == sorted(grid)


def test_without_a_model_nothing_changes(analyse) -> None:
    ctx = analyse(TEXT, UPTO)
    before = list(ctx.drafts)
    Detect(None)(ctx)
    assert ctx.drafts == before and all(d.p_event is None for d in ctx.drafts)


def test_a_broken_model_file_is_a_coded_error() -> None:
    with pytest.raises(ConfigError) as err:
        DetectorModel({"weights": {}})
    assert err.value.code == "E306"


CONTEXT = (
    "The government froze the assets of nine ministers on Friday, accusing them of abuses. "
    "Police detained four protesters in the run-up to the trade summit in Lisbon."
)
UPTO_DETECT = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "intent", "backrefs", "attribution"]


def test_context_features_place_a_draft_among_its_sentence_neighbours(analyse) -> None:
    ctx = analyse(CONTEXT, UPTO_DETECT, published="2021-03-04")
    by_word = {d.tok.lower_: features(d, ctx, i) for i, d in enumerate(ctx.drafts)}
    froze, accusing, summit = by_word["froze"], by_word["accusing"], by_word["summit"]
    # the sentence's act governs its reason; the reason hangs on it by an adverbial clause
    assert "ctx_gov=none" in froze and "ctx_clause=main" in froze and "ctx_rank=top" in froze
    assert "ctx_governs_rel=advcl|ACCUSE" in froze and "ctx_nb_pair=SANCTION|ACCUSE" in froze
    assert "ctx_gov=advcl" in accusing and "ctx_gov_type=ACCUSE|advcl|SANCTION" in accusing
    assert "ctx_clause=advcl" in accusing and "ctx_rank=below" in accusing
    # a summit that only says when the arrests happened ("in the run-up to", a frame word)
    assert "ctx_pp_frame=True" in summit and "ctx_rank=below" in summit


def test_a_draft_alone_in_its_sentence_has_no_neighbours(analyse) -> None:
    ctx = analyse("Rebels attacked an army base near the river on Monday.", UPTO_DETECT, published="2020-05-06")
    (f,) = [features(d, ctx, i) for i, d in enumerate(ctx.drafts)]
    assert "ctx_rank=alone" in f and not any(x.startswith("ctx_nb=") for x in f)


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.resources.nlp


def test_root_distance_counts_the_arcs_to_the_root(nlp) -> None:
    """spaCy makes a new ``Token`` on every access: comparing heads by identity never stopped
    at the root, so every draft was ``root_dist=>16`` (x16detect)."""
    from eventcoder.components.detect import _depth

    doc = nlp("The minister said that rebels attacked an army base.")
    said = next(t for t in doc if t.lower_ == "said")
    attacked = next(t for t in doc if t.lower_ == "attacked")
    base = next(t for t in doc if t.lower_ == "base")
    assert _depth(said) == 0
    assert _depth(attacked) == 1
    assert _depth(base) == 2



def test_the_governor_walk_stops_at_the_root(analyse) -> None:
    """``gov0..gov2`` name the words above the trigger's head up to the root, never the root
    again and again: the walk compares tokens by index (a ``Token`` is new on every access,
    so the identity test it had never stopped, x20retrain / x21labels)."""
    ctx = analyse("Officials said that gunmen attacked a police post in the town on Monday.", UPTO, published="2020-05-06")
    d, i = next((d, i) for i, d in enumerate(ctx.drafts) if d.tok.lower_ == "attacked")
    govs = [x for x in features(d, ctx, i) if x.startswith("gov")]
    # "attacked" hangs on "said", the root: nothing above its head to name
    assert govs == []


def test_a_model_keeps_the_governor_walk_it_was_trained_on(analyse) -> None:
    """Files trained before the walk was fixed learned the root repeated as ``gov1``/``gov2``
    and are scored with it; a file that says ``meta.gov_walk = "root"`` gets the fixed walk."""
    ctx = analyse("Officials said that gunmen attacked a police post in the town on Monday.", UPTO, published="2020-05-06")
    d, i = next((d, i) for i, d in enumerate(ctx.drafts) if d.tok.lower_ == "attacked")
    legacy = [x for x in features(d, ctx, i, legacy_gov=True) if x.startswith("gov")]
    assert legacy == ["gov0=say", "gov1=say", "gov2=say"]
    old = DetectorModel({"bias": 0.0, "weights": {}, "threshold": 0.5, "calibration": []})
    new = DetectorModel({"bias": 0.0, "weights": {}, "threshold": 0.5, "calibration": [], "meta": {"gov_walk": "root"}})
    assert old.legacy_gov and not new.legacy_gov
