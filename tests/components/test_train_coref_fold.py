"""``scripts/train_coref.py``: the coreference pairs are built as ``corefer`` folds an article
— a later draft is paired with the events kept so far (re-mentions already joined), with the
rank, rival count and ``first=`` the coder computes — not with every earlier draft."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"

COMPONENTS = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "attribution", "confidence", "mentions"]

TEXT = (
    "Gunmen attacked a police post in the border town on Monday. "
    "The attack lasted two hours. "
    "Officers said the assault was the worst in the town this year."
)


@pytest.fixture(scope="module")
def train_coref():
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location("train_coref", SCRIPTS / "train_coref.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture
def one_incident(analyse):
    """One attack told three times, all three drafts on one ``same_as`` chain."""
    ctx = analyse(TEXT, COMPONENTS)
    drafts = [next(d for d in ctx.drafts if d.tok.lower_ == w) for w in ("attacked", "attack", "assault")]
    assert len({d.type for d in drafts}) == 1
    index = {s.start: k for k, s in enumerate(ctx.sentences)}
    return [("doc", index, [(d, {"chain"}) for d in drafts])]


def test_the_gold_fold_pairs_a_re_mention_with_the_events_kept_so_far(train_coref, one_incident) -> None:
    exs, stats = train_coref.pairs(None, {}, {}, {}, fold="gold", analysed_docs=one_incident)
    # the second mention joins the first (annotators' link), so the third meets one event only
    assert [(e["draft"], e["y"]) for e in exs] == [(1, 1), (2, 1)]
    third = exs[1]["f"]
    assert "rivals=1" in third and "rank=0" in third and "first=True|1" in third
    assert stats["folded"] == 2


def test_every_earlier_draft_is_the_old_pairing(train_coref, one_incident) -> None:
    exs, _ = train_coref.pairs(None, {}, {}, {}, fold="all", analysed_docs=one_incident)
    assert [(e["draft"], e["y"]) for e in exs] == [(1, 1), (2, 1), (2, 1)]
    # the first draft, two ranks back from the third: the coder never scores this pair
    assert "rank=1" in exs[2]["f"]


def test_two_incidents_stay_two_events_in_the_fold(train_coref, analyse) -> None:
    ctx = analyse(TEXT, COMPONENTS)
    drafts = [next(d for d in ctx.drafts if d.tok.lower_ == w) for w in ("attacked", "attack", "assault")]
    index = {s.start: k for k, s in enumerate(ctx.sentences)}
    docs = [("doc", index, [(drafts[0], {"a"}), (drafts[1], {"b"}), (drafts[2], {"a"})])]
    exs, stats = train_coref.pairs(None, {}, {}, {}, fold="gold", analysed_docs=docs)
    # the second is another incident: kept, so the third weighs both and is the first's again
    assert [(e["draft"], e["y"]) for e in exs] == [(1, 0), (2, 0), (2, 1)]
    assert "rivals=2" in exs[1]["f"] and stats["folded"] == 1


def test_the_model_fold_uses_the_coder_s_decisions(train_coref, one_incident) -> None:
    from eventcoder.components.coref import Corefer

    class Never:
        threshold = 1.0

        def probability(self, feats: list[str]) -> float:
            return 0.0

    exs, stats = train_coref.pairs(None, {}, {}, {}, fold="model", corefer=Corefer(Never(), threshold=0.5),
                                   analysed_docs=one_incident)
    # "the attack" is a definite re-mention: the clause rule joins it whatever the model says
    assert stats["folded"] >= 1
    assert all(e["y"] == 1 for e in exs)


def test_folded_pairs_adds_the_passes_new_pairs(train_coref, one_incident) -> None:
    args = argparse.Namespace(fold="gold", passes=1, skip_ruled=False, epochs=1, l2=1e-3, lr=0.1, min_count=1, threshold="0.5")
    _, index, events = one_incident[0]
    docs = [(f"doc{k}", index, events) for k in range(10)]
    assert {train_coref.heldout(doc) for doc, _, _ in docs} == {True, False}
    exs, stats = train_coref.folded_pairs(docs, args, frozenset({"reply"}), {"threshold": 0.4})
    assert "pass1_new_pairs" in stats and len(exs) >= 20


def test_the_coder_fold_counts_duplicates_and_wrong_joins(train_coref, analyse) -> None:
    """``coder_fold``: the held-out measure of the fold itself. The definite re-mentions join by
    their clause rule whatever the model says: "the attack", which the annotators put on
    another chain, is a wrong join, "the assault" a right one."""
    from eventcoder.components.detect import DetectorModel

    ctx = analyse(TEXT, COMPONENTS)
    drafts = [next(d for d in ctx.drafts if d.tok.lower_ == w) for w in ("attacked", "attack", "assault")]
    index = {s.start: k for k, s in enumerate(ctx.sentences)}
    never = DetectorModel({"bias": -30.0, "weights": {}, "threshold": 0.5})
    docs = [("doc", index, [(drafts[0], {"a"}), (drafts[1], {"b"}), (drafts[2], {"a"})])]
    got = train_coref.coder_fold(docs, never, 0.4, {}, frozenset({"reply"}))
    assert got == {"kept": 1, "duplicates": 0, "wrong": 1, "right": 1}


def test_compare_scores_another_model_on_the_same_heldout_pairs(train_coref, tmp_path) -> None:
    """``--compare``: the shipped file read on the very pairs the fit is reported on."""
    held = [f"doc-{k}" for k in range(200) if train_coref.heldout(f"doc-{k}")][:2]
    assert len(held) == 2
    exs = [
        {"doc": held[0], "draft": 1, "y": 1, "f": ["same_word"]},
        {"doc": held[0], "draft": 1, "y": 0, "f": ["far"]},
        {"doc": held[1], "draft": 3, "y": 0, "f": ["far"]},
    ]
    path = tmp_path / "other.json"
    path.write_text('{"bias": 0.0, "weights": {"same_word": 2.0, "far": -2.0}, "threshold": 0.5}', encoding="utf-8")
    out = train_coref.compare(path, exs, None, {}, frozenset())
    assert out["heldout_auc"] == 1.0
    assert out["heldout_links_by_threshold"]["0.5"] == (1.0, 1.0, 1.0)  # the one linked draft joined, the other left alone
    assert "heldout_fold" not in out  # no analysed documents: pairs only
