"""Validate an annotated batch of the event-detector corpus.

    python3 scripts/corpus/check.py corpus/events/annotations/<annotator>/batch-NNN.jsonl [...]

Checks, per file: every line is JSON with exactly the fields of the annotation format; ids
are candidates of that batch (``corpus/events/candidates/batch-NNN.jsonl``), none twice, and
every candidate is labelled; labels, reasons, types, modes and ACLED pairs come from the closed
vocabularies of docs/codebook.md (``corpuslib.py``); an event has a type, a not_event a reason,
an unclear a note; flags are booleans; source/target spans are exact substrings of the document
text at their offsets; ``same_as`` names an earlier event candidate of the same document in the
batch (or a candidate of the same sentence: the head of the mention), with the same type; or,
for a batch adding candidates to documents labelled before (``lbatch-000``, codebook §17.3),
such a candidate of another batch, checked against that batch's training labels. Prints the problems (at most 50 per file) and a summary; exit 1 on
any problem. Needs only the Python standard library.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpuslib import (  # noqa: E402
    ACLED,
    CORPUS,
    FIELDS,
    LABELS,
    MODES,
    REASONS,
    batch_name,
    load_candidates,
    load_docs,
    read_jsonl,
)


def check_span(name, sp, doc_text, errs, where):
    if sp is None:
        return
    if not isinstance(sp, dict) or set(sp) != {"text", "start", "end"}:
        errs.append(f"{where}: {name} must be null or {{text, start, end}}")
        return
    s, e, t = sp["start"], sp["end"], sp["text"]
    if not (isinstance(s, int) and isinstance(e, int) and isinstance(t, str)):
        errs.append(f"{where}: {name} start/end must be integers, text a string")
        return
    if not (0 <= s < e <= len(doc_text)) or doc_text[s:e] != t:
        errs.append(
            f"{where}: {name} {t!r} is not the document text at [{s}:{e}]"
            f" (there: {doc_text[s:e]!r})"
        )
        return
    if t != t.strip():
        errs.append(f"{where}: {name} {t!r} has leading/trailing spaces")
    if (s > 0 and doc_text[s - 1].isalnum()) or (e < len(doc_text) and doc_text[e].isalnum()):
        errs.append(f"{where}: {name} {t!r} cuts a word (a fragment)")


def other_batches(base: Path, batch: str) -> dict[str, tuple[dict, dict | None]]:
    """Every other batch's candidates with the label training uses (first annotator by name)."""
    out: dict[str, tuple[dict, dict | None]] = {}
    labels: dict[str, dict] = {}
    taken: set[str] = set()
    ann_dir = base / "annotations"
    for ann in sorted(p for p in ann_dir.iterdir() if p.is_dir()) if ann_dir.is_dir() else []:
        for p in sorted(ann.glob("*batch-*.jsonl")):
            if p.stem in taken or p.stem == batch:
                continue
            taken.add(p.stem)
            for r in read_jsonl(p):
                labels[r["id"]] = r
    for p in sorted((base / "candidates").glob("*batch-*.jsonl")):
        if batch_name(p.name) == batch:
            continue
        for c in read_jsonl(p):
            out[c["id"]] = (c, labels.get(c["id"]))
    return out


def check_foreign_head(where: str, s: str, r: dict, c: dict, head: tuple[dict, dict | None], errs: list[str]) -> None:
    """A ``same_as`` pointing at candidate ``s`` of another batch (codebook §17.3)."""
    hc, hr = head
    if hc["doc_id"] != c["doc_id"]:
        errs.append(f"{where}: same_as {s} is in another document")
    elif hc["trigger_start"] >= c["trigger_start"] and hc["sentence_start"] != c["sentence_start"]:
        errs.append(f"{where}: same_as {s} is neither earlier in the document nor in the same sentence")
    elif hr is None or hr["label"] != "event":
        errs.append(f"{where}: same_as {s} ({hc['batch']}) is not labelled event")
    elif hr["same_as"] is not None:
        errs.append(f"{where}: same_as {s} ({hc['batch']}) is itself a re-mention; point at {hr['same_as']}")
    elif hr["type"] != r["type"]:
        errs.append(f"{where}: same_as {s} ({hc['batch']}) has type {hr['type']}, this one {r['type']}")


def check_same_as(rows: dict, cand: dict, order: dict, batch: str, base: Path, path: Path, errs: list[str]) -> None:
    """``same_as``: an earlier event candidate of the same document (or of its sentence), same type."""
    others: dict[str, tuple[dict, dict | None]] | None = None
    for i, r in rows.items():
        s = r.get("same_as")
        if r["label"] != "event" or s is None:
            continue
        where = f"{path.name} [{i} {cand[i]['trigger']!r}]"
        if s not in cand:
            # a batch that adds candidates to documents labelled in older batches (lbatch-000)
            # may point at a head there (codebook §17.3): check it against that batch's labels
            if others is None:
                others = other_batches(base, batch)
            if s not in others:
                errs.append(f"{where}: same_as {s} is not a candidate of {batch} or of another batch")
                continue
            check_foreign_head(where, s, r, cand[i], others[s], errs)
            continue
        elif cand[s]["doc_id"] != cand[i]["doc_id"]:
            errs.append(f"{where}: same_as {s} is in another document")
        elif order[s] >= order[i] and cand[s]["sentence_start"] != cand[i]["sentence_start"]:
            errs.append(
                f"{where}: same_as {s} is neither earlier in the document nor in the same sentence"
            )
        elif s == i:
            errs.append(f"{where}: same_as points at itself")
        elif s in rows and rows[s]["label"] != "event":
            errs.append(f"{where}: same_as {s} is not labelled event")
        elif s in rows and rows[s]["same_as"] is not None:
            errs.append(
                f"{where}: same_as {s} is itself a re-mention; point at the first mention {rows[s]['same_as']}"
            )
        elif s in rows and rows[s]["type"] != r["type"]:
            errs.append(f"{where}: same_as {s} has type {rows[s]['type']}, this one {r['type']}")


def check_event_row(r: dict, doc_text: str, errs: list[str], where: str) -> None:
    """An event row: PLOVER type and mode, no reason, an ACLED pair from the list, exact spans."""
    t = r["type"]
    if t not in MODES:
        errs.append(f"{where}: type {t!r} is not a PLOVER 2.0 type")
    elif r["mode"] is not None and r["mode"] not in MODES[t]:
        errs.append(
            f"{where}: mode {r['mode']!r} not allowed for {t} {MODES[t] or '(none)'}"
        )
    if r["reason"] is not None:
        errs.append(f"{where}: an event has reason null")
    a = r["acled"]
    if a is not None:
        if not isinstance(a, dict) or set(a) != {"event_type", "sub_event_type"}:
            errs.append(
                f"{where}: acled must be null or {{event_type, sub_event_type}}"
            )
        elif a["sub_event_type"] not in ACLED.get(a["event_type"], ()):
            errs.append(
                f"{where}: acled {a['event_type']!r}/{a['sub_event_type']!r} not in the ACLED list"
            )
    check_span("source", r["source"], doc_text, errs, where)
    check_span("target", r["target"], doc_text, errs, where)


def check_file(path: Path, base: Path) -> tuple[list[str], dict]:
    errs: list[str] = []
    batch = batch_name(path.name)
    try:
        cands = load_candidates(batch, base)
    except FileNotFoundError:
        return [f"{path}: no candidates file for {batch}"], {}
    cand = {c["id"]: c for c in cands}
    order = {
        c["id"]: i
        for i, c in enumerate(sorted(cands, key=lambda c: (c["doc_id"], c["trigger_start"])))
    }
    docs = load_docs(base, research_use=batch.startswith("rbatch"))
    rows: dict[str, dict] = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                r = json.loads(line)
            except json.JSONDecodeError as ex:
                errs.append(f"{where}: not JSON ({ex})")
                continue
            if not isinstance(r, dict) or set(r) != set(FIELDS):
                missing = set(FIELDS) - set(r) if isinstance(r, dict) else set(FIELDS)
                extra = set(r) - set(FIELDS) if isinstance(r, dict) else set()
                errs.append(
                    f"{where}: fields differ (missing {sorted(missing)}, extra {sorted(extra)})"
                )
                continue
            i = r["id"]
            if i not in cand:
                errs.append(f"{where}: id {i} is not a candidate of {batch}")
                continue
            if i in rows:
                errs.append(f"{where}: id {i} labelled twice")
                continue
            rows[i] = r
            where = f"{where} [{i} {cand[i]['trigger']!r}]"
            lab = r["label"]
            if lab not in LABELS:
                errs.append(f"{where}: label {lab!r} not in {LABELS}")
                continue
            for f in ("negated", "hypothetical", "historical"):
                if not isinstance(r[f], bool):
                    errs.append(f"{where}: {f} must be true/false")
            if r["note"] is not None and not isinstance(r["note"], str):
                errs.append(f"{where}: note must be a string or null")
            doc = docs.get(cand[i]["doc_id"])
            if doc is None:
                errs.append(f"{where}: document {cand[i]['doc_id']} not in corpus/events/docs")
                continue
            if lab == "event":
                check_event_row(r, doc["text"], errs, where)
            else:
                for f in ("type", "mode", "acled", "source", "target", "same_as"):
                    if r[f] is not None:
                        errs.append(f"{where}: a {lab} has {f} null")
                if any(r[f] for f in ("negated", "hypothetical", "historical")):
                    errs.append(f"{where}: a {lab} has all flags false")
                if lab == "not_event" and r["reason"] not in REASONS:
                    errs.append(f"{where}: reason {r['reason']!r} not in {REASONS}")
                if lab == "unclear" and (r["reason"] is not None or not r["note"]):
                    errs.append(f"{where}: unclear needs reason null and a note")
    check_same_as(rows, cand, order, batch, base, path, errs)
    missing = [i for i in cand if i not in rows]
    if missing:
        errs.append(
            f"{path.name}: {len(missing)} of {len(cand)} candidates not labelled (first: {missing[:3]})"
        )
    summ = {
        "batch": batch,
        "labelled": len(rows),
        "candidates": len(cand),
        "labels": dict(Counter(r["label"] for r in rows.values())),
        "reasons": dict(Counter(r["reason"] for r in rows.values() if r["label"] == "not_event")),
        "types": dict(Counter(r["type"] for r in rows.values() if r["label"] == "event")),
        "same_as": sum(1 for r in rows.values() if r["same_as"]),
    }
    return errs, summ


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--base", type=Path, default=CORPUS, help="corpus/events folder")
    a = ap.parse_args(argv)
    bad = 0
    for f in a.files:
        errs, summ = check_file(f, a.base)
        for e in errs[:50]:
            print(e)
        if len(errs) > 50:
            print(f"... and {len(errs) - 50} more")
        print(f"{f}: {'OK' if not errs else f'{len(errs)} problem(s)'} {json.dumps(summ)}")
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
