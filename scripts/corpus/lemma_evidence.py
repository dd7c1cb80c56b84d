"""How the annotated corpus labels a trigger lemma: the evidence a lexicon entry must rest on.

For each lemma (and part of speech) asked for, counts the labelled candidates of
``corpus/events/`` by label, PLOVER type and source corpus, so an entry is justified by how
often the word is an event of that type across sources, not by one evaluation sentence
(issue 11; docs/detector.md, x25wiki). Where a batch was annotated twice, the first annotator
in name order is used (as ``scripts/train_detector.py`` does).

    cd <repo> && /work/main/.venv/bin/python scripts/corpus/lemma_evidence.py destruction call rally
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from corpuslib import CORPUS, read_jsonl


def labels_by_id(base: Path = CORPUS) -> dict[str, dict]:
    """Candidate id -> annotation line, the first annotator in name order per batch."""
    out: dict[str, dict] = {}
    taken: set[str] = set()
    for ann in sorted(p for p in (base / "annotations").iterdir() if p.is_dir()):
        for f in sorted(ann.glob("*.jsonl")):
            if f.stem in taken:
                continue
            taken.add(f.stem)
            for row in read_jsonl(f):
                out.setdefault(row["id"], row)
    return out


def evidence(lemmas: set[str], base: Path = CORPUS) -> dict[tuple[str, str], Counter]:
    """(lemma, pos) -> Counter of (label, type or None, source corpus) over labelled candidates."""
    labels = labels_by_id(base)
    out: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for f in sorted((base / "candidates").glob("*.jsonl")):
        for c in read_jsonl(f):
            if c.get("lemma") not in lemmas or c["id"] not in labels:
                continue
            a = labels[c["id"]]
            if a.get("label") == "unclear":
                continue
            out[(c["lemma"], c.get("pos") or "")][(a["label"], a.get("type") if a["label"] == "event" else None, c.get("source_corpus"))] += 1
    return dict(out)


def summary(counts: Counter) -> dict[str, int]:
    """Totals by type ("not_event" for the rest) over all sources."""
    s: Counter = Counter()
    for (label, typ, _src), n in counts.items():
        s[typ if label == "event" else "not_event"] += n
    return dict(s.most_common())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("lemmas", nargs="+")
    ap.add_argument("--by-source", action="store_true", help="also print the counts per source corpus")
    a = ap.parse_args(argv)
    for (lemma, pos), c in sorted(evidence(set(a.lemmas)).items()):
        row = {"lemma": lemma, "pos": pos, "n": sum(c.values()), "by_type": summary(c)}
        if a.by_source:
            row["by_source"] = {f"{lab}/{typ or '-'}/{src}": n for (lab, typ, src), n in c.most_common()}
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
