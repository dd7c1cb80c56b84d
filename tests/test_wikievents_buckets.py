"""``scripts/wikievents_buckets.py`` (dev halves, false-positive kinds) and
``scripts/corpus/lemma_evidence.py`` (how the corpus labels a lemma) — hermetic: made-up
documents and a corpus written to a temporary directory; neither the bench nor the corpus is read."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _load(name: str, path: Path):
    sys.path.insert(0, str(path.parent))
    try:
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(path.parent))
    return mod


wb = _load("wikievents_buckets", SCRIPTS / "wikievents_buckets.py")
le = _load("lemma_evidence", SCRIPTS / "corpus" / "lemma_evidence.py")


def test_halves_are_a_fixed_disjoint_split_of_the_dev_ids():
    ids = [f"doc_{k}" for k in range(13)]
    a, b = wb.halves(ids)
    assert sorted(a + b) == sorted(ids) and not set(a) & set(b)
    assert len(b) == round(13 * 0.5)
    ra, rb = wb.halves(list(reversed(ids)))  # by the ids' hashes, not their order
    assert (set(ra), set(rb)) == (set(a), set(b))


# "Gunmen attacked a convoy. The attack killed two. Officials held talks. A market opened."
TEXT = "Gunmen attacked a convoy. The attack killed two. Officials held talks. A market opened."
DOC = {
    "text": TEXT,
    "sentences": [[0, 25], [26, 48], [49, 71], [72, 88]],
    "events": [
        {"type": "Conflict.Attack.Unspecified", "trigger": {"text": "attacked", "start": 7, "end": 15}, "derived": {"plover": "ASSAULT"}},
        {"type": "Life.Die.Unspecified", "trigger": {"text": "killed", "start": 37, "end": 43}, "derived": {"plover": None}},
        {"type": "Contact.Contact.Meet", "trigger": {"text": "talks", "start": 65, "end": 70}, "derived": {"plover": "CONSULT"}},
    ],
}


def _sys(type_, sent, trig):
    return {"type": type_, "sentence": tuple(sent), "trigger": trig}


def test_false_positive_kinds_say_what_the_gold_holds_there():
    gold = [e for e in DOC["events"] if e["derived"]["plover"]]
    taken = {0}  # the attack is matched by another system event
    assert wb.false_kind(DOC, _sys("ASSAULT", (0, 25), (0, 6)), gold, taken)[0] == "DUP"
    assert wb.false_kind(DOC, _sys("ASSAULT", (26, 48), (37, 43)), gold, taken) == ("KAIROS-unmapped", "Life.Die.Unspecified")
    assert wb.false_kind(DOC, _sys("REQUEST", (49, 71), (65, 70)), gold, taken) == ("KAIROS-othertype", "Contact.Contact.Meet")
    assert wb.false_kind(DOC, _sys("ACCUSE", (26, 48), (30, 36)), gold, taken) == ("in-sentence", "Life.Die.Unspecified")
    assert wb.false_kind(DOC, _sys("PROTEST", (72, 88), (81, 87)), gold, taken) == ("unannotated", "")


def test_gold_events_take_the_shape_recall_buckets_reads():
    g = wb.to_gold(DOC, DOC["events"][0])
    assert g.data["type"] == "ASSAULT" and g.triggers == [(7, 15)] and g.sentences == [(0, 25)]


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_lemma_evidence_counts_labels_by_type_and_source(tmp_path):
    cands = [
        {"id": "c1", "lemma": "raid", "pos": "NOUN", "source_corpus": "muc4"},
        {"id": "c2", "lemma": "raid", "pos": "NOUN", "source_corpus": "synthetic-news"},
        {"id": "c3", "lemma": "raid", "pos": "NOUN", "source_corpus": "synthetic-news"},
        {"id": "c4", "lemma": "raid", "pos": "VERB", "source_corpus": "muc4"},
        {"id": "c5", "lemma": "talk", "pos": "NOUN", "source_corpus": "muc4"},
    ]
    _write(tmp_path / "candidates" / "batch-001.jsonl", cands)
    # two annotators of one batch: the first in name order is the one read (train_detector's rule)
    _write(tmp_path / "annotations" / "a1" / "batch-001.jsonl", [
        {"id": "c1", "label": "event", "type": "COERCE"},
        {"id": "c2", "label": "event", "type": "COERCE"},
        {"id": "c3", "label": "not_event", "type": None},
        {"id": "c4", "label": "unclear", "type": None},
    ])
    _write(tmp_path / "annotations" / "b2" / "batch-001.jsonl", [{"id": "c1", "label": "not_event", "type": None}])
    ev = le.evidence({"raid"}, base=tmp_path)
    assert set(ev) == {("raid", "NOUN")}  # "talk" not asked; the unclear verb dropped
    assert le.summary(ev[("raid", "NOUN")]) == {"COERCE": 2, "not_event": 1}
    assert ev[("raid", "NOUN")][("event", "COERCE", "muc4")] == 1
