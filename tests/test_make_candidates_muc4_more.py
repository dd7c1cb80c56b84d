"""``scripts/corpus/make_candidates.py --muc4-more N``: the next MUC-4 train documents of the same
seeded order, never a document already in the corpus, written as ``mbatch-NNN`` with their own docs file.

Hermetic: a fake bench of invented lower-cased wire stories in a temporary folder; the real corpus
and bench are not read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

STORIES = [
    "troops clashed with rebels near the river on monday.  the army said two soldiers were killed in the attack.",
    "the president met the foreign minister and signed a trade agreement.  he promised to visit the capital.",
    "police arrested three students after the protest.  a bomb exploded outside the embassy later that night.",
    "the guerrillas kidnapped a mayor and burned two buses.  the government condemned the kidnapping.",
    "the senator spoke about the economy in a long speech.  he said the peace talks would resume in march.",
    "an explosion damaged a power pylon.  the rebels claimed the bombing in a radio message.",
]


@pytest.fixture(scope="module")
def mc(make_candidates):
    return make_candidates


@pytest.fixture(scope="module")
def nlp():
    from eventcoder.nlp import load_model

    # the model is cached per process and shared with every other test: NER is switched off
    # only while this module runs (the script does the same in its own process)
    m = load_model()
    with m.select_pipes(disable=[p for p in ("ner",) if p in m.pipe_names]):
        yield m


def _bench(tmp: Path) -> Path:
    (tmp / "bench" / "muc4").mkdir(parents=True)
    with open(tmp / "bench" / "muc4" / "train.jsonl", "w", encoding="utf-8") as fh:
        for i, t in enumerate(STORIES):
            tpl = [{"incident_type": "attack"}] if i % 2 == 0 else []
            fh.write(json.dumps({"id": f"DEV-MUC3-{i:04d}", "text": t, "published": f"1990-01-0{i + 1}", "templates": tpl}) + "\n")
    return tmp / "bench"


def test_more_continues_the_seeded_order_and_skips_held_documents(mc, nlp, tmp_path):
    bench = _bench(tmp_path)
    out = tmp_path / "events"
    (out / "docs").mkdir(parents=True)
    order = [d["doc_id"] for d in mc.seeded_order(mc.load_muc4(bench))]
    held = order[:2]  # the first sample took the first documents of the seeded order
    with open(out / "docs" / "muc4.jsonl", "w", encoding="utf-8") as fh:
        for d in held:
            fh.write(json.dumps({"doc_id": d}) + "\n")
    lex, extra = {"clash", "kill", "attack", "sign", "arrest", "explode", "kidnap", "burn", "condemn", "claim", "bombing", "explosion"}, set()
    assert mc.muc4_more(out, bench, 5, nlp, lex, extra, lambda m: None) == 0

    written = [json.loads(x) for x in (out / "docs" / "muc4-more.jsonl").read_text().splitlines()]
    ids = {d["doc_id"] for d in written}
    assert ids and not ids & set(held)
    # the next documents of the same order (documents with no candidate are passed over)
    assert order.index(min(ids, key=order.index)) >= 2
    assert all("templates" not in d and "has_template" not in d for d in written)
    assert all(d["licence"].startswith("public domain") for d in written)
    # the first sample's docs file is not rewritten
    assert [json.loads(x)["doc_id"] for x in (out / "docs" / "muc4.jsonl").read_text().splitlines()] == held

    batches = sorted((out / "candidates").glob("mbatch-*.jsonl"))
    cands = [json.loads(x) for p in batches for x in p.read_text().splitlines()]
    assert cands and {c["doc_id"] for c in cands} == ids
    assert all(c["batch"].startswith("mbatch-") and c["source_corpus"] == "muc4" for c in cands)
    text = {d["doc_id"]: d["text"] for d in written}
    assert all(text[c["doc_id"]][c["trigger_start"] : c["trigger_end"]] == c["trigger"] for c in cands)
    man = json.loads((out / "candidates" / "MANIFEST-mbatch.json").read_text())
    assert man["exclusions"]["already_in_corpus"] == 2
    assert man["per_source"]["muc4"]["candidates"] == len(cands)


def test_more_is_reproducible(mc, nlp, tmp_path):
    bench = _bench(tmp_path)
    lex = {"clash", "kill", "attack", "arrest", "kidnap", "bombing"}
    files = []
    for k in ("a", "b"):
        out = tmp_path / k
        (out / "docs").mkdir(parents=True)
        (out / "docs" / "muc4.jsonl").write_text("")
        mc.muc4_more(out, bench, 4, nlp, lex, set(), lambda m: None)
        files.append({p.name: p.read_bytes() for p in sorted((out / "candidates").iterdir())})
    assert files[0] == files[1]
