"""``scripts/corpus/make_candidates.py --new-only``: only what a new lexicon adds, never a held candidate.

Hermetic: two small lexicons and an invented document; the corpus and the bench are not read.
"""

from __future__ import annotations

import pytest

from eventcoder.classify import TriggerLexicon
from eventcoder.nlp import load_model

OLD = "triggers:\n  - {lemma: arrest, pos: VERB, type: COERCE, mode: arrest, acled: arrest}\n"
NEW = OLD + (
    "  - {lemma: convict, pos: VERB, type: SANCTION, mode: convict, acled: null}\n"
    "  - {lemma: cordon, pos: VERB, with: ['off'], type: COERCE, mode: restrict, acled: null}\n"
)
TEXT = (
    "Police arrested two men on Monday. Officers cordoned off the street. "
    "A court convicted both men of arson in March. The judge also convicted their driver."
)


@pytest.fixture(scope="module")
def mc(make_candidates):
    return make_candidates


@pytest.fixture(scope="module")
def parsed():
    return load_model()(TEXT)


def _doc() -> dict:
    return {"doc_id": "snews-test", "source_corpus": "synthetic-news", "text": TEXT, "title": None, "published": None}


def test_only_the_new_lexicons_matches(mc, parsed):
    out = mc.new_candidates_of(_doc(), parsed, TriggerLexicon.from_yaml(NEW), TriggerLexicon.from_yaml(OLD), set())
    assert [(c["trigger"], c["lexicon_type"]) for c in out] == [("cordoned", "COERCE"), ("convicted", "SANCTION"), ("convicted", "SANCTION")]
    c = out[0]
    assert TEXT[c["trigger_start"] : c["trigger_end"]] == "cordoned" and c["sentence"] == "Officers cordoned off the street."
    assert c["context_before"] == "Police arrested two men on Monday."


def test_held_candidates_are_not_written_again(mc, parsed):
    first = TEXT.index("convicted")
    held = {("snews-test", first, first + len("convicted"))}
    stats = mc.Counter()
    out = mc.new_candidates_of(_doc(), parsed, TriggerLexicon.from_yaml(NEW), TriggerLexicon.from_yaml(OLD), held, stats)
    assert [c["trigger_start"] for c in out if c["trigger"] == "convicted"] == [TEXT.index("convicted", first + 1)]
    assert stats == {"new_matches": 3, "already_held": 1, "written": 2}


def test_held_candidates_skip_the_modes_own_batches(mc, tmp_path):
    cand = tmp_path / "candidates"
    cand.mkdir()
    row = '{"doc_id": "d", "trigger_start": 1, "trigger_end": 4}\n'
    (cand / "batch-000.jsonl").write_text(row)
    (cand / "lbatch-000.jsonl").write_text('{"doc_id": "d", "trigger_start": 9, "trigger_end": 12}\n')
    assert mc.held_candidates(cand) == {("d", 1, 4)}
