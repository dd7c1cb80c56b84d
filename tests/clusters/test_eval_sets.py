"""ECB+ and GVC scoring on a bounded sample of their dev parts (skipped without the bench)."""

from __future__ import annotations

import pytest

from conftest import BENCH
from eventcoder.eval.splits import load_split

ECB = BENCH / "ecbplus" / "ecbplus_docs.jsonl"
GVC = BENCH / "gvc-dev" / "gvc_docs_train_dev.jsonl"


@pytest.mark.skipif(not ECB.is_file(), reason="ECB+ not in ../shared/bench")
def test_ecbplus_dev_topic_scores_stories_and_mentions() -> None:
    from eventcoder.eval.sets.ecbplus import eval_ecbplus

    r = eval_ecbplus(ECB, limit=2, keep=load_split("ecbplus").keep("dev"))
    assert r["topics"] == 2 and r["mentions"] > 50
    assert r["story_bcubed_f1"] > 0.7
    # the model beats putting every mention alone and is near or above the same-stem rule
    assert 0.5 < r["conll_f1"] <= 1.0 and r["conll_f1"] >= r["lemma_conll_f1"] - 0.03


@pytest.mark.skipif(not GVC.is_file(), reason="GVC not in ../shared/bench")
def test_gvc_dev_stories_follow_incidents() -> None:
    from eventcoder.eval.sets.gvc import eval_gvc

    r = eval_gvc(GVC, keep=load_split("gvc").keep("dev"), events=False)
    assert r["documents"] == 358 and r["story_bcubed_f1"] > 0.9
