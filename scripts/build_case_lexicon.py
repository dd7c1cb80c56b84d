"""Build the case lexicon: how licensed mixed-case news writes each word inside a sentence.

    PYTHONPATH=src python scripts/build_case_lexicon.py [--out src/eventcoder/data/names/case_lexicon.tsv]

A body whose case carries no information (wholly lower-cased or in capitals; ``truecase.body_case``)
is parsed in the case prose would give it, and for most words that case is a fact of the
language, not of the article: "taliban", "kabul", "monday" and "i" are capitalised inside a
sentence, "police" and "attack" are not, "U.N." keeps its capitals. This script counts, over the
sentences of ``corpus/events/docs/*.jsonl`` (every source but ``muc4``, which is itself lower
case; each record's ``licence`` field must name a licence of ``LICENCES``), each word's spellings
where it is neither a sentence's first word nor after an opening quote, bracket, dash or colon,
in lines that are not headlines (``truecase.case_counts``; a dotted abbreviation, "U.S.", is one
word). A word's row: the lower-cased word, its majority spelling (the most frequent capitalised
spelling when capitalised spellings outnumber lower-case ones, else the word itself), and both
counts. Bodies whose own case carries no information are skipped. Deterministic: sorted rows,
no randomness; the header records the sources, their licences and record counts.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from eventcoder.nlp import split_sentences
from eventcoder.truecase import _CASE_WORD, LEXICON_PATH, body_case, case_counts

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "events" / "docs"
#: sources never read: lower-cased text is no evidence of case
EXCLUDED = frozenset({"muc4"})
#: licences the lexicon may be built from (a record whose licence names none of them is skipped)
LICENCES = ("MIT",)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=Path, default=DOCS)
    ap.add_argument("--out", type=Path, default=LEXICON_PATH)
    args = ap.parse_args(argv)
    caps: dict[str, Counter[str]] = {}
    lower: Counter[str] = Counter()
    used: Counter[tuple[str, str]] = Counter()
    skipped: Counter[str] = Counter()
    for path in sorted(args.docs.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                corpus = rec.get("source_corpus") or path.stem
                licence = rec.get("licence") or ""
                if corpus in EXCLUDED:
                    skipped["excluded source"] += 1
                    continue
                if not licence.startswith(LICENCES):
                    skipped["licence not listed"] += 1
                    continue
                sents = [s.text for s in split_sentences(rec.get("text") or "")]
                if body_case(sents) is not None:
                    skipped["caseless body"] += 1
                    continue
                c, low = case_counts(sents, _CASE_WORD)
                for k, forms in c.items():
                    caps.setdefault(k, Counter()).update(forms)
                lower.update(low)
                used[(corpus, licence.split(";")[0].split("(")[0].strip())] += 1
    rows = []
    for key in sorted(set(caps) | set(lower)):
        nc = sum(caps.get(key, Counter()).values())
        nl = lower[key]
        form = key
        if nc > nl:
            # most frequent capitalised spelling; ties broken by the spelling itself
            form = min(caps[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if len(form) != len(key):
                continue
        rows.append(f"{key}\t{form}\t{nc}\t{nl}")
    head = [
        "# Case lexicon: each word's majority spelling inside sentences of licensed mixed-case news.",
        "# Built by scripts/build_case_lexicon.py; do not edit by hand. Read by eventcoder.truecase (E597).",
        "# Columns: lower-cased word, majority spelling, capitalised count, lower-case count.",
        "# Sources (corpus/events/docs, records used, licence): "
        + "; ".join(f"{c} {n} ({lic})" for (c, lic), n in sorted(used.items())),
        "# Skipped records: " + (", ".join(f"{k} {n}" for k, n in sorted(skipped.items())) or "none"),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    ncap = sum(1 for r in rows if r.split("\t")[0] != r.split("\t")[1])
    print(f"{len(rows)} words ({ncap} capitalised) from {sum(used.values())} records -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
