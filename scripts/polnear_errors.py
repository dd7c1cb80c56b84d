"""Why each PolNeAR ``inside_wrong`` event is wrong: the cause buckets of issue 12.

    cd <repo> && PYTHONPATH=src /work/main/.venv/bin/python scripts/polnear_errors.py [--part dev] [--config FILE] [--json OUT]

Codes the chosen part of PolNeAR (``eval/sets/polnear.py``, the same verdicts), and for each
event inside a gold attribution whose ``reported_by`` does not name the gold source prints
the trigger, its sentence, the gold source and cue, what the coder said, and a bucket:

- ``self``            the gold source is the event's own source actor (a self-report: the
                      default config leaves it empty, the guidelines' answer; PolNeAR credits
                      the speaker, so its scorer counts it wrong);
- ``empty:according`` nothing credited, the gold cue is "according to";
- ``empty:colon``     nothing credited, the gold cue is a colon or the content follows one;
- ``empty:quote``     nothing credited, the trigger is inside a quotation mark;
- ``empty:prev``      nothing credited, the gold source is in an earlier sentence (a
                      multi-sentence quotation, a transcript's speaker, an op-ed's author);
- ``empty:same``      nothing credited, the gold source and cue are in the trigger's sentence
                      (a frame the rules do not read: which cue is printed);
- ``wrong:nested``    someone credited who is a gold source of another attribution around or
                      inside the event ("X said Y told him");
- ``wrong:pronoun``   someone credited, the gold source is a pronoun or a title the resolver
                      reads differently;
- ``wrong:other``     someone else credited.

With ``--half A`` or ``--half B`` only the dev documents of that half are coded: a fixed
hash of the document id (``half``) splits the dev part in two, one to develop on and one to
check on. Every run ends with the inside/outside/self counts of each half it coded.

A listing: it never tunes anything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter

from eventcoder.attribute import quote_spans
from eventcoder.clean import clean
from eventcoder.eval.base import bench_dir
from eventcoder.eval.sets import polnear as pn
from eventcoder.eval.splits import load_split
from eventcoder.pipeline import Pipeline
from eventcoder.records import Origin, RawRecord

PRONOUNS = {"he", "she", "it", "they", "we", "i", "his", "her", "their", "its", "our"}


def half(doc_id: str) -> str:
    """``A`` or ``B``: the dev half of a document, by a fixed hash of its id."""
    return "AB"[hashlib.sha256(f"polnear-half:{doc_id}".encode()).digest()[0] % 2]


def _summary(verdicts: list[tuple[str, str, bool, bool]]) -> str:
    """inside/outside/self counts of (half, verdict, self-report, reported_by empty) rows."""
    out = []
    for h in sorted({v[0] for v in verdicts}):
        rows = [v for v in verdicts if v[0] == h]
        c = Counter(v for _, v, _, _ in rows)
        inside = c["inside_ok"] + c["inside_any_ok"] + c["inside_wrong"]
        outside = c["outside_ok"] + c["outside_wrong"]
        own = [r for r in rows if r[1].startswith("inside_") and r[2]]
        other = [r for r in rows if r[1].startswith("inside_") and not r[2]]
        attributed = [r for r in rows if not r[3]]
        ok_attr = sum(r[1] in ("inside_ok", "inside_any_ok") for r in attributed)
        out.append(
            f"half {h}: inside {c['inside_ok']}/{inside} = {c['inside_ok'] / max(inside, 1):.3f}"
            f"; other {sum(r[1] == 'inside_ok' for r in other)}/{len(other)}"
            f"; self {len(own)} (empty {sum(r[3] for r in own)})"
            f"; outside_empty {c['outside_ok']}/{outside} = {c['outside_ok'] / max(outside, 1):.3f}"
            f"; attributed_precision {ok_attr}/{len(attributed)} = {ok_attr / max(len(attributed), 1):.3f}"
        )
    return "\n".join(out)


def _cue(doc: dict, gold: pn.GoldAttribution) -> tuple[str, list[tuple[int, int]]]:
    for a in doc.get("attributions") or []:
        content = tuple(tuple(f) for f in (a.get("content") or {}).get("fragments") or [])
        if content == gold.content:
            cue = a.get("cue") or {}
            return cue.get("text") or "", [tuple(f) for f in cue.get("fragments") or []]
    return "", []


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """A rough sentence around ``pos`` on the raw text (for the listing only)."""
    starts = [m.end() for m in re.finditer(r"[.!?][\"”’']?\s+(?=[\"“A-Z])|\n", text[:pos])]
    s = starts[-1] if starts else 0
    m = re.search(r"[.!?][\"”’']?\s+(?=[\"“A-Z])|\n", text[pos:])
    return s, pos + m.end() if m else len(text)


def bucket(ev: dict, doc: dict, attrs: list[pn.GoldAttribution]) -> tuple[str, str]:
    text = doc["text"]
    gold = pn.framing(attrs, ev["trigger"][0])[0]
    cue, cue_frags = _cue(doc, gold)
    if pn.self_report(ev, attrs):
        return "self", cue
    pred = ev["reported_by"]
    if pred:
        others = [a for a in attrs if a is not gold and a.source]
        if any(pn.source_agrees(pred, a) for a in others):
            return "wrong:nested", cue
        if pn._norm(gold.source_text) in PRONOUNS or gold.source_text[:1].islower():
            return "wrong:pronoun", cue
        return "wrong:other", cue
    if "accord" in cue.lower():
        return "empty:according", cue
    first = min(s for s, _ in gold.content)
    if cue.strip() == ":" or text[:first].rstrip()[-1:] == ":":
        return "empty:colon", cue
    s, e = _sentence(text, ev["trigger"][0])
    src = [f for f in gold.source + tuple(cue_frags)]
    if src and all(b <= s for _, b in src):
        return "empty:prev", cue
    if any(a <= ev["trigger"][0] < b for a, b in quote_spans(text)):
        return "empty:quote", cue
    return "empty:same", cue


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", default="dev", choices=("dev", "test", "all"))
    ap.add_argument("--config", default=None)
    ap.add_argument("--json", default=None, help="write the rows as JSON lines here")
    ap.add_argument("--half", default=None, choices=("A", "B"), help="only this half of the documents (see half())")
    a = ap.parse_args()
    path = bench_dir() / "polnear-dev" / "dev.jsonl"
    split = load_split("polnear")
    keep = split.keep(a.part) if split is not None else None
    docs = [d for d in pn.read_docs(path) if (keep is None or keep(str(d["id"]))) and (a.half is None or half(str(d["id"])) == a.half)]
    pipe = Pipeline(config=a.config)
    rows = []
    verdicts: list[tuple[str, str, bool, bool]] = []
    arts = [clean(RawRecord(text=d["text"], origin=Origin(str(path), line=k + 1)), published=d.get("publication_date")) for k, d in enumerate(docs)]
    coded = []
    for b in range(0, len(arts), 8):
        coded.extend(pipe.code_many(arts[b : b + 8]))
    for doc, ca in zip(docs, coded, strict=True):
        attrs = pn.attributions(doc)
        for ev in pn._sys_events(ca):
            v = pn.judge(ev, attrs)
            verdicts.append((half(str(doc["id"])), v, pn.self_report(ev, attrs), not ev["reported_by"]))
            if v != "inside_wrong":
                continue
            b, cue = bucket(ev, doc, attrs)
            gold = pn.framing(attrs, ev["trigger"][0])[0]
            s, e = _sentence(doc["text"], ev["trigger"][0])
            rows.append({
                "doc": doc["id"], "half": half(str(doc["id"])), "bucket": b, "trigger": ev["trigger_text"], "type": ev["type"],
                "gold_source": gold.source_text, "cue": cue,
                "pred": [p.get("name") or p.get("text") for p in ev["reported_by"]],
                "actor": (ev["source_actor"] or {}).get("text"),
                "sentence": doc["text"][s:e].strip(),
            })
    for r in sorted(rows, key=lambda r: r["bucket"]):
        print(f"[{r['bucket']}] {r['doc']} {r['trigger']!r} ({r['type']}) gold={r['gold_source']!r} cue={r['cue']!r} pred={r['pred']} actor={r['actor']!r}")
        print(f"    {r['sentence'][:400]}")
    c = Counter(r["bucket"] for r in rows)
    print(f"\n{len(rows)} inside_wrong:", ", ".join(f"{k} {v}" for k, v in c.most_common()))
    print(_summary(verdicts))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
