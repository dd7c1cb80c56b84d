"""``scripts/corpus/check.py``: a ``same_as`` may point at a head candidate of an older batch
of the same document (codebook §17.3), checked against that batch's training labels.

Hermetic: an invented document and two tiny batches in a temporary corpus directory.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts" / "corpus"
TEXT = "The family filed a complaint against the landlord on Monday. Police said the man was charged."


@pytest.fixture(scope="module")
def check():
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("corpus_check", SCRIPTS / "check.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cand(cid: str, word: str, batch: str) -> dict:
    start = TEXT.index(word)
    sent = 0 if start < TEXT.index("Police") else 1
    s0 = 0 if sent == 0 else TEXT.index("Police")
    return {"id": cid, "doc_id": "d1", "sentence_index": sent, "sentence_start": s0, "trigger": word,
            "trigger_start": start, "trigger_end": start + len(word), "batch": batch}


def row(cid: str, **kw) -> dict:
    r = {"id": cid, "label": "not_event", "reason": "other", "type": None, "mode": None, "acled": None,
         "negated": False, "hypothetical": False, "historical": False, "source": None, "target": None,
         "same_as": None, "note": None}
    r.update(kw)
    return r


def write(base: Path, old_head: dict, new_row: dict) -> Path:
    for d in ("docs", "candidates", "annotations/a1"):
        (base / d).mkdir(parents=True, exist_ok=True)
    (base / "docs" / "t.jsonl").write_text(json.dumps({"doc_id": "d1", "text": TEXT}) + "\n")
    (base / "candidates" / "batch-000.jsonl").write_text(json.dumps(cand("h1", "complaint", "batch-000")) + "\n")
    (base / "candidates" / "lbatch-000.jsonl").write_text(
        json.dumps(cand("n1", "filed", "lbatch-000")) + "\n" + json.dumps(cand("n2", "charged", "lbatch-000")) + "\n")
    (base / "annotations" / "a1" / "batch-000.jsonl").write_text(json.dumps(old_head) + "\n")
    p = base / "annotations" / "a1" / "lbatch-000.jsonl"
    p.write_text(json.dumps(new_row) + "\n" + json.dumps(row("n2")) + "\n")
    return p


EVENT = {"label": "event", "reason": None, "type": "ACCUSE", "mode": "allege"}


def test_same_sentence_head_in_an_older_batch_is_accepted(check, tmp_path):
    p = write(tmp_path, row("h1", **EVENT), row("n1", **EVENT, same_as="h1"))
    errs, summ = check.check_file(p, tmp_path)
    assert errs == []
    assert summ["same_as"] == 1


def test_older_batch_head_of_another_type_is_refused(check, tmp_path):
    p = write(tmp_path, row("h1", **{**EVENT, "type": "COERCE", "mode": "arrest"}), row("n1", **EVENT, same_as="h1"))
    errs, _ = check.check_file(p, tmp_path)
    assert any("has type COERCE" in e for e in errs)


def test_older_batch_head_not_an_event_is_refused(check, tmp_path):
    p = write(tmp_path, row("h1"), row("n1", **EVENT, same_as="h1"))
    errs, _ = check.check_file(p, tmp_path)
    assert any("is not labelled event" in e for e in errs)


def test_unknown_head_is_refused(check, tmp_path):
    p = write(tmp_path, row("h1", **EVENT), row("n1", **EVENT, same_as="zz"))
    errs, _ = check.check_file(p, tmp_path)
    assert any("not a candidate of lbatch-000 or of another batch" in e for e in errs)


def test_event_row_checks_still_apply(check, tmp_path):
    p = write(tmp_path, row("h1", **EVENT), row("n1", **{**EVENT, "mode": "firearms"}))
    errs, _ = check.check_file(p, tmp_path)
    assert any("mode 'firearms' not allowed for ACCUSE" in e for e in errs)
