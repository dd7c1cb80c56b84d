"""Worksheets for annotating a batch by hand, and turning them into annotation JSONL.

    python3 scripts/corpus/annotate.py sheet batch-NNN > my-batch-NNN.txt     # 1. make a worksheet
    (edit the worksheet: replace every "?" by a short label, see below)      # 2. annotate
    python3 scripts/corpus/annotate.py build my-batch-NNN.txt --annotator NAME  # 3. JSONL
    python3 scripts/corpus/check.py corpus/events/annotations/NAME/batch-NNN.jsonl  # 4. validate

The worksheet shows each document once (its text, wrapped) and then one line per candidate in
text order: ``<id> ?`` under a comment line with the sentence and the trigger in [[ ]].
Replace ``?`` with one of:

    N <reason> [note="..."]                       not an event; reason from docs/codebook.md §5
    U note="why"                                  unclear (dropped from training)
    E <TYPE>[/<mode>] [acled=ET:SUB] [neg] [hyp] [hist] [src="..."] [tgt="..."] [note="..."]
    S <id-or-prefix> [src=..] [tgt=..] [note=..]  same real-world event as an earlier candidate, or as
                                                  the head of this mention in the same sentence
                                                  (label event, same_as; type/mode/ACLED/flags copied)

- ``acled=ET:SUB``: ET is Battles | ERV (Explosions/Remote violence) | VAC (Violence against
  civilians) | Protests | Riots | SD (Strategic developments), or the full name; SUB is any
  unique piece of the sub-event type, e.g. ``acled=VAC:Attack``, ``acled=ERV:IED``,
  ``acled=SD:Arrests``, ``acled=Battles:clash``. Omit for null.
- ``src="text"`` / ``tgt="text"``: the actor's words exactly as in the document; the occurrence
  in the candidate's sentence nearest the trigger is taken, else the nearest one before the
  sentence (a pronoun's antecedent), else the first after. ``src=START:END`` gives offsets.
- ``S`` takes the id (or its first 6+ characters) of the head of the event (its first mention,
  or the act word of the same mention; pointing at another S line resolves to its head).
- Flags: ``neg`` negated, ``hyp`` hypothetical, ``hist`` historical (docs/codebook.md §8).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpuslib import (  # noqa: E402
    ACLED,
    CORPUS,
    FIELDS,
    MODES,
    REASONS,
    batch_name,
    load_candidates,
    load_docs,
)

ABBR = {
    "b": "Battles",
    "battles": "Battles",
    "erv": "Explosions/Remote violence",
    "vac": "Violence against civilians",
    "protests": "Protests",
    "p": "Protests",
    "riots": "Riots",
    "r": "Riots",
    "sd": "Strategic developments",
}


def sheet(batch: str, out) -> None:
    cands = load_candidates(batch)
    docs = load_docs(research_use=batch_name(batch).startswith("rbatch"))
    by_doc: dict[str, list[dict]] = {}
    for c in cands:
        by_doc.setdefault(c["doc_id"], []).append(c)
    out.write(
        f"# worksheet for {batch_name(batch)}: {len(cands)} candidates in {len(by_doc)} documents\n"
    )
    out.write("# replace each '?' (see scripts/corpus/annotate.py --help and docs/codebook.md)\n\n")
    for doc_id, cs in by_doc.items():
        d = docs[doc_id]
        out.write("#" * 100 + "\n")
        out.write(
            f"# DOC {doc_id}  ({d['source_corpus']}; published {d.get('published')}; title {d.get('title')!r})\n"
        )
        for line in textwrap.wrap(" ".join(d["text"].split()), 98):
            out.write(f"#| {line}\n")
        out.write("#\n")
        for c in sorted(cs, key=lambda c: c["trigger_start"]):
            s, a = c["sentence"], c["trigger_start"] - c["sentence_start"]
            b = c["trigger_end"] - c["sentence_start"]
            marked = s[:a] + "[[" + s[a:b] + "]]" + s[b:]
            out.write(f"# s{c['sentence_index']}: {' '.join(marked.split())}\n")
            out.write(f"{c['id']} ?\n")
        out.write("\n")


def _acled(spec: str) -> dict:
    et, _, sub = spec.partition(":")
    et = ABBR.get(et.lower(), et)
    if et not in ACLED:
        raise ValueError(f"unknown ACLED event type {et!r}")
    hits = [s for s in ACLED[et] if sub.lower() in s.lower()]
    exact = [s for s in hits if s.lower() == sub.lower()]
    if len(exact) == 1:
        hits = exact
    if len(hits) != 1:
        raise ValueError(f"ACLED sub-type {sub!r} of {et} matches {hits}")
    return {"event_type": et, "sub_event_type": hits[0]}


def _span(spec: str, text: str, cand: dict) -> dict:
    if ":" in spec and all(p.isdigit() for p in spec.split(":", 1)):
        s, e = (int(x) for x in spec.split(":", 1))
        return {"text": text[s:e], "start": s, "end": e}
    occ = []
    i = text.find(spec)
    while i >= 0:
        e = i + len(spec)
        if (i == 0 or not text[i - 1].isalnum()) and (e == len(text) or not text[e].isalnum()):
            occ.append(i)
        i = text.find(spec, i + 1)
    if not occ:
        raise ValueError(f"span {spec!r} not found as whole words in {cand['doc_id']}")
    s0 = cand["sentence_start"]
    s1 = s0 + len(cand["sentence"])
    inside = [o for o in occ if s0 <= o and o + len(spec) <= s1]
    if inside:
        best = min(inside, key=lambda o: abs(o - cand["trigger_start"]))
    elif any(o < s0 for o in occ):
        best = max(o for o in occ if o < s0)
    else:
        best = occ[0]
    return {"text": spec, "start": best, "end": best + len(spec)}


def parse_line(spec: str, cand: dict, text: str, prev: dict, ids: list[str]) -> dict:
    r = {f: None for f in FIELDS}
    r.update(id=cand["id"], negated=False, hypothetical=False, historical=False)
    toks = shlex.split(spec)
    kind, rest = toks[0].upper(), toks[1:]
    opts = {}
    flags = set()
    pos = []
    for t in rest:
        if "=" in t:
            k, v = t.split("=", 1)
            opts[k] = v
        elif t in ("neg", "hyp", "hist"):
            flags.add(t)
        else:
            pos.append(t)
    r["note"] = opts.pop("note", None)
    if kind == "N":
        if len(pos) != 1 or pos[0] not in REASONS:
            raise ValueError(f"N needs one reason from {REASONS}")
        r.update(label="not_event", reason=pos[0])
    elif kind == "U":
        r.update(label="unclear")
    elif kind == "E":
        if len(pos) != 1:
            raise ValueError("E needs TYPE or TYPE/mode")
        t, _, m = pos[0].partition("/")
        t = t.upper()
        if t not in MODES:
            raise ValueError(f"unknown type {t}")
        if m and m not in MODES[t]:
            raise ValueError(f"mode {m} not allowed for {t}: {MODES[t]}")
        r.update(
            label="event",
            type=t,
            mode=m or None,
            negated="neg" in flags,
            hypothetical="hyp" in flags,
            historical="hist" in flags,
        )
        if "acled" in opts:
            r["acled"] = _acled(opts.pop("acled"))
        if "src" in opts:
            r["source"] = _span(opts.pop("src"), text, cand)
        if "tgt" in opts:
            r["target"] = _span(opts.pop("tgt"), text, cand)
    elif kind == "S":
        if len(pos) != 1:
            raise ValueError("S needs the id (prefix) of the first mention")
        hits = [i for i in ids if i.startswith(pos[0])]
        if len(hits) != 1 or hits[0] not in prev:
            raise ValueError(f"S {pos[0]}: no unique earlier annotated candidate ({hits})")
        first = prev[hits[0]]
        if first["label"] != "event":
            raise ValueError(f"S {pos[0]}: that candidate is not an event")
        if first["same_as"]:
            first = prev[first["same_as"]]
        r.update(
            label="event",
            same_as=first["id"],
            type=first["type"],
            mode=first["mode"],
            acled=first["acled"],
            negated=first["negated"],
            hypothetical=first["hypothetical"],
            historical=first["historical"],
        )
        if "src" in opts:
            r["source"] = _span(opts.pop("src"), text, cand)
        if "tgt" in opts:
            r["target"] = _span(opts.pop("tgt"), text, cand)
    else:
        raise ValueError(f"unknown label kind {kind!r} (N, U, E or S)")
    if opts:
        raise ValueError(f"unknown options {sorted(opts)}")
    return r


def build(path: Path, annotator: str, out_dir: Path | None) -> int:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()]
    header = next((ln for ln in lines if ln.startswith("# worksheet for ")), None)
    if header is None:
        print("not a worksheet (no '# worksheet for' line)", file=sys.stderr)
        return 2
    batch = header.split()[3].rstrip(":")
    cands = {c["id"]: c for c in load_candidates(batch)}
    docs = load_docs(research_use=batch.startswith("rbatch"))
    prev: dict[str, dict] = {}
    entries: list[tuple[int, str, str]] = []
    errors = 0
    for n, ln in enumerate(lines, 1):
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        cid, _, spec = ln.strip().partition(" ")
        if cid not in cands:
            print(f"{path}:{n}: unknown id {cid}", file=sys.stderr)
            errors += 1
            continue
        spec = spec.strip()
        if not spec or spec == "?":
            print(f"{path}:{n}: {cid} not labelled yet", file=sys.stderr)
            errors += 1
            continue
        entries.append((n, cid, spec))
    # S lines last: they copy the fields of the mention they point at (earlier in the document,
    # or the head of the same mention later in the same sentence)
    for n, cid, spec in sorted(entries, key=lambda e: e[2].upper().startswith("S ")):
        c = cands[cid]
        same_doc = [
            i
            for i in prev
            if cands[i]["doc_id"] == c["doc_id"]
            and (
                cands[i]["trigger_start"] < c["trigger_start"]
                or cands[i]["sentence_start"] == c["sentence_start"]
            )
        ]
        try:
            r = parse_line(spec, c, docs[c["doc_id"]]["text"], prev, same_doc)
        except ValueError as ex:
            print(f"{path}:{n}: {cid} {c['trigger']!r}: {ex}", file=sys.stderr)
            errors += 1
            continue
        prev[cid] = r
    if errors:
        print(f"{errors} problem(s); nothing written", file=sys.stderr)
        return 1
    out_dir = out_dir or (
        CORPUS / ("research-use/annotations" if batch.startswith("rbatch") else "annotations")
    )
    dest = out_dir / annotator / f"{batch}.jsonl"
    dest.parent.mkdir(parents=True, exist_ok=True)
    with open(dest, "w", encoding="utf-8") as fh:
        for cid in sorted(prev, key=lambda i: (cands[i]["doc_id"], cands[i]["trigger_start"])):
            fh.write(json.dumps({f: prev[cid][f] for f in FIELDS}, ensure_ascii=False) + "\n")
    print(f"wrote {dest} ({len(prev)} of {len(cands)} candidates)")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sheet", help="print a worksheet for a batch")
    s.add_argument("batch")
    b = sub.add_parser("build", help="worksheet -> corpus/events/annotations/NAME/batch-NNN.jsonl")
    b.add_argument("worksheet", type=Path)
    b.add_argument("--annotator", required=True)
    b.add_argument("--out-dir", type=Path, default=None)
    a = ap.parse_args(argv)
    if a.cmd == "sheet":
        sheet(a.batch, sys.stdout)
        return 0
    return build(a.worksheet, a.annotator, a.out_dir)


if __name__ == "__main__":
    raise SystemExit(main())
