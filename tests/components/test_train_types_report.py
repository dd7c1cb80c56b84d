"""``scripts/train_types.py``: the held-out report names each document's corpus file, so the newly
annotated MUC-4 documents (``muc4-more``, the mbatch batches) are read apart from the older MUC-4
documents they share ``source_corpus`` with."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"


@pytest.fixture(scope="module")
def train_types():
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location("train_types", SCRIPTS / "train_types.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.path.remove(str(SCRIPTS))


def test_doc_files_tells_the_mbatch_documents_from_the_older_muc4(train_types) -> None:
    files = train_types.doc_files()
    docs = ROOT / "corpus" / "events" / "docs"
    more = [json.loads(x) for x in (docs / "muc4-more.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    old = [json.loads(x) for x in (docs / "muc4.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    assert more and old
    assert {d.get("source_corpus") for d in more} == {d.get("source_corpus") for d in old[:1]}  # one source corpus ...
    assert {files[d["doc_id"]] for d in more} == {"muc4-more"}  # ... two files
    assert {files[d["doc_id"]] for d in old} == {"muc4"}
