"""WikiEvents dev: event detection and arguments on long attack/IED news (KAIROS gold).

WikiEvents annotates KAIROS events, most of which are not PLOVER events (deaths, injuries,
statements, movements). Only the gold events whose KAIROS type the bench's heuristic table
(``kairos_map.py``, carried in each event's ``derived.plover``) maps to a PLOVER type count,
and precision is scored only on system events of the PLOVER types that table can produce
(:data:`MAPPED_TYPES`): a coded ACCUSE from a statement is not a false positive against an
ontology that has no statements. KAIROS annotates every mention, not every happening, so a
re-mention the coder rightly folds into one event lowers recall here; ``mention_recall``
says how much.

* ``precision``/``recall``: a system event matches a gold event when its sentence contains
  the gold trigger and the types agree (one-to-one, trigger-overlapping pairs first) — the
  news-events rule; ``trigger_*``: the system trigger must overlap the gold trigger.
* arguments over the matched pairs: Attacker -> source actor, Victim/Target -> target
  actor, Place -> location. A system argument is right when its span overlaps a gold
  argument of those roles or any mention coreferent with it (the gold's entity clusters).
  ``*_recall``: over pairs whose gold has the role; ``*_precision``: over the system
  arguments that fall on some annotated argument of the event, whatever its role (a source
  on the Victim is wrong); KAIROS arguments are sparse, so an argument on nothing annotated
  cannot be judged and is not counted.

Split: by document, the third of doc ids of lowest sha256 (shared with news-events, which
annotates the same 20 texts).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ... import registry
from .. import scorer
from ..base import EvalSet, Keep, pipeline_or_default, sample
from ..splits import pick_test

Span = tuple[int, int]

#: the PLOVER types the KAIROS table maps to: system events of other types are not scored
MAPPED_TYPES = frozenset({"ASSAULT", "COERCE", "ACCUSE", "REQUEST", "CONSULT", "THREATEN", "SANCTION", "PROTEST", "RETREAT"})
#: KAIROS argument roles -> the event field they correspond to
ROLES = {"source": ("Attacker",), "target": ("Victim", "Target"), "location": ("Place",)}
#: every role: a system argument on any annotated argument of the event can be judged
ALL_ROLES: tuple[str, ...] = ("*",)


def read_docs(path: Path) -> list[dict]:
    """The documents of a WikiEvents JSONL file (bench layout), in file order."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def mapped_events(doc: dict) -> list[dict]:
    """The gold events that map to a PLOVER type."""
    return [e for e in doc.get("events") or [] if (e.get("derived") or {}).get("plover")]


def role_spans(doc: dict, event: dict, roles: tuple[str, ...]) -> list[Span]:
    """Spans of the event's arguments in ``roles`` and of every mention coreferent with them."""
    clusters = {}
    for ent in doc.get("entities") or []:
        if ent.get("coref_cluster") is not None:
            clusters.setdefault(ent["coref_cluster"], []).append((ent["start"], ent["end"]))
    out: list[Span] = []
    for a in event.get("arguments") or []:
        if roles != ALL_ROLES and a.get("role") not in roles:
            continue
        out.append((a["start"], a["end"]))
        if a.get("coref_cluster") is not None:
            out.extend(clusters.get(a["coref_cluster"], []))
    return out


def _sys_events(ca: Any) -> list[dict]:
    """Coded events of the mapped types with their spans mapped onto the gold text."""
    art = ca.article
    out = []
    for e in ca.events:
        if e.type not in MAPPED_TYPES:
            continue
        d = {"type": e.type, "sentence": art.raw_span(e.start, e.end), "trigger": art.raw_span(e.trigger_start, e.trigger_end)}
        # every sentence the event is told in (the lead's included; older records carry none)
        d["mention_sentences"] = [art.raw_span(m["start"], m["end"]) for m in e.mentions] or [d["sentence"]]
        for side, obj in (("source", e.source_actor), ("target", e.target_actor), ("location", e.location)):
            d[side] = art.raw_span(obj.start, obj.end) if obj is not None and obj.end > obj.start else None
        out.append(d)
    return out


def _align(system: list[dict], gold: list[dict], by_trigger: bool) -> list[tuple[int, int]]:
    cands = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            if s["type"] != g["derived"]["plover"]:
                continue
            t = (g["trigger"]["start"], g["trigger"]["end"])
            hit = scorer.spans_overlap(s["trigger"], t)
            if hit or (not by_trigger and s["sentence"][0] <= t[0] < s["sentence"][1]):
                cands.append((0 if hit else 1, i, j))
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(cands):
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _mention_found(system: list[dict], gold: list[dict]) -> int:
    """How many gold events some system event of their type tells in any of its mentions'
    sentences (``mention_recall``'s numerator; one system event may find several)."""
    found = 0
    for g in gold:
        t = g["trigger"]["start"]
        found += any(
            s["type"] == g["derived"]["plover"] and any(a <= t < b for a, b in s.get("mention_sentences") or [s["sentence"]])
            for s in system
        )
    return found


def _arg_counts(doc: dict, system: list[dict], gold: list[dict], pairs: list[tuple[int, int]], c: Counter) -> None:
    """Per role: gold has it, the system's argument can be judged, the system is right."""
    for i, j in pairs:
        any_role = role_spans(doc, gold[j], ALL_ROLES)
        for side, roles in ROLES.items():
            spans = role_spans(doc, gold[j], roles)
            pred = system[i][side]
            ok = pred is not None and any(scorer.spans_overlap(pred, s) for s in spans)
            c[f"{side}:gold"] += bool(spans)
            c[f"{side}:pred"] += pred is not None and any(scorer.spans_overlap(pred, s) for s in any_role)
            c[f"{side}:ok"] += ok


def eval_wikievents(
    path: Path, limit: int | None = None, pipe: Any = None, stride: int = 1, keep: Keep = None, batch: int = 8
) -> dict[str, Any]:
    """Score detection and arguments on WikiEvents documents (see the module docstring)."""
    from ...clean import clean
    from ...records import Origin, RawRecord

    pipe = pipeline_or_default(pipe)
    docs = read_docs(path)
    keep_ids = [keep(str(d["id"])) for d in docs] if keep is not None else None
    docs = sample(docs, keep_ids, stride, limit)
    t0 = time.perf_counter()
    coded = []
    for b in range(0, len(docs), batch):
        arts = [clean(RawRecord(text=d["text"], origin=Origin(str(path), line=b + k + 1)), published=None) for k, d in enumerate(docs[b : b + batch])]
        coded.extend(pipe.code_many(arts))
    secs = time.perf_counter() - t0
    c: Counter = Counter()
    for doc, ca in zip(docs, coded, strict=True):
        system, gold = _sys_events(ca), mapped_events(doc)
        pairs = _align(system, gold, by_trigger=False)
        c["system"] += len(system)
        c["gold"] += len(gold)
        c["matched"] += len(pairs)
        c["trigger_matched"] += len(_align(system, gold, by_trigger=True))
        c["mention_found"] += _mention_found(system, gold)
        for _, j in pairs:
            c[f"matched:{gold[j]['derived']['plover']}"] += 1
        for g in gold:
            c[f"gold:{g['derived']['plover']}"] += 1
        _arg_counts(doc, system, gold, pairs, c)
    p, r, f = scorer.prf(c["matched"], c["system"], c["gold"])
    tp, tr, tf = scorer.prf(c["trigger_matched"], c["system"], c["gold"])
    out: dict[str, Any] = {
        "docs": len(docs),
        "gold_events": c["gold"],
        "system_events": c["system"],
        "matched": c["matched"],
        "precision": scorer.r4(p),
        "recall": scorer.r4(r),
        "f1": scorer.r4(f),
        "mention_recall": scorer.ratio(c["mention_found"], c["gold"]),
        "trigger_precision": scorer.r4(tp),
        "trigger_recall": scorer.r4(tr),
        "trigger_f1": scorer.r4(tf),
    }
    for side in ROLES:
        out[f"{side}_recall"] = scorer.ratio(c[f"{side}:ok"], c[f"{side}:gold"])
        out[f"{side}_precision"] = scorer.ratio(c[f"{side}:ok"], c[f"{side}:pred"])
    out["argument_counts"] = {f"{side}_{k}": c[f"{side}:{k}"] for side in ROLES for k in ("gold", "pred", "ok")}
    types = sorted(k.split(":", 1)[1] for k in c if k.startswith("gold:"))
    out["recall_by_type"] = {t: {"gold": c[f"gold:{t}"], "recall": scorer.ratio(c[f"matched:{t}"], c[f"gold:{t}"])} for t in types}
    out["seconds"] = round(secs, 2)
    return out


def run(path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any) -> dict:
    """:class:`EvalSet` entry point."""
    return eval_wikievents(path, limit, pipeline, stride=stride, keep=keep)


def test_doc_ids(doc_ids: list[str]) -> list[str]:
    """The WikiEvents test documents among ``doc_ids`` (news-events uses the same draw)."""
    return pick_test(doc_ids, 1 / 3, "wikievents")


def draw_split(path: Path) -> tuple[list[str], list[str], str]:
    """(all ids, test ids, rule): the third of doc ids of lowest sha256('wikievents:<id>')."""
    ids = [str(d["id"]) for d in read_docs(path)]
    return ids, test_doc_ids(ids), "the third of document ids of lowest sha256('wikievents:<id>')"


def _sniff(path: Path) -> bool:
    if path.suffix.lower() != ".jsonl":
        return False
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
    return '"derived"' in first


registry.eval_sets.register(
    "wikievents",
    func=EvalSet("wikievents", "wikievents-dev/dev.jsonl", run, "wikievents", "WikiEvents dev: PLOVER-mappable KAIROS events and arguments", _sniff),
)

__all__ = ["MAPPED_TYPES", "ROLES", "draw_split", "eval_wikievents", "mapped_events", "read_docs", "role_spans", "run", "test_doc_ids"]
