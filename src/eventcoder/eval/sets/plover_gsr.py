"""PLOVER gold-standard records (``plover-gsr``): one hand-coded sentence per record.

Labels are PLOVER 0.5b1 and are mapped to PLOVER 2.0 by :data:`PLOVER_05_TO_20`; the file is
parsed defensively by :func:`parse_gsr` (it never raises, it counts what it skips). The
predicted type of a record is that of its highest-confidence non-negated event. Split: by
record id, a deterministic third (sha256 rank) is the test part.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ... import registry
from ...acled import _as_dict, _get, report_rank
from .. import scorer
from ..base import EvalSet, Keep, pipeline_or_default, sample
from ..splits import pick_test
from .acled import country_iso3

#: PLOVER 0.5b1 label (as in PLOVER_GSR_CAMEO.txt) -> PLOVER 2.0 type. ``None``: not an
#: event (DOCUMENT records document the file). The 2.0 side follows the OEDA conversion table
#: CAMEO2PLOVER-2021.txt (CAMEO 10 "Demand" -> REQUEST, 11 "Disapprove" -> ACCUSE,
#: 09 "Investigate" -> ACCUSE with mode investigate, 18-20 -> ASSAULT). YIELD (older label)
#: is split by mode: withdraw/retreat -> RETREAT, anything else -> CONCEDE.
PLOVER_05_TO_20: dict[str, str | None] = {
    "AGREE": "AGREE",
    "CONSULT": "CONSULT",
    "SUPPORT": "SUPPORT",
    "COOPERATE": "COOPERATE",
    "AID": "AID",
    "CONCEDE": "CONCEDE",
    "RETREAT": "RETREAT",
    "YIELD": "CONCEDE",
    "DEMAND": "REQUEST",
    "REQUEST": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "ACCUSE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "REJECT": "REJECT",
    "THREATEN": "THREATEN",
    "PROTEST": "PROTEST",
    "SANCTION": "SANCTION",
    "MOBILIZE": "MOBILIZE",
    "COERCE": "COERCE",
    "FIGHT": "ASSAULT",
    "ASSAULT": "ASSAULT",
    "DOCUMENT": None,
}
RETREAT_MODES = frozenset({"withdraw", "retreat", "withdrawal"})


def map_plover_label(label: str | None, mode: str | None = None) -> str | None:
    """PLOVER 0.5b1 -> 2.0; None for DOCUMENT and for labels not in the table."""
    lab = (label or "").strip().upper()
    if lab == "YIELD":
        return "RETREAT" if (mode or "").strip().lower() in RETREAT_MODES else "CONCEDE"
    return PLOVER_05_TO_20.get(lab)


@dataclass(slots=True)
class GsrParse:
    records: list[dict]
    skipped: Counter  # reason -> count
    repaired: int = 0


_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _object_end(text: str, i: int) -> int | None:
    """Index just past the JSON object starting at ``text[i] == '{'`` (string-aware)."""
    depth = 0
    in_str = esc = False
    for j in range(i, len(text)):
        c = text[j]
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    return None


def parse_gsr(text: str) -> GsrParse:
    """The JSON objects of a PLOVER GSR file, tolerating what is around and between them.

    The file is "[ {..}, {..}, ... ]" with quirks. Each top-level ``{...}`` is cut out by
    brace matching (aware of strings) and parsed; one that fails is retried with trailing
    commas removed (counted as ``repaired``), else skipped as "malformed object". Text
    between objects other than brackets, commas and white space is skipped as "stray text";
    an object that never closes as "truncated object". Nothing here raises.
    """
    out = GsrParse([], Counter())
    i, n = 0, len(text)
    while i < n:
        j = text.find("{", i)
        stray = text[i:] if j < 0 else text[i:j]
        if stray.strip(" \t\r\n,[]\ufeff"):
            out.skipped["stray text"] += 1
        if j < 0:
            break
        end = _object_end(text, j)
        if end is None:
            out.skipped["truncated object"] += 1
            break
        chunk = text[j:end]
        obj: Any = None
        try:
            obj = json.loads(chunk)
        except (json.JSONDecodeError, RecursionError):
            try:
                obj = json.loads(_TRAILING_COMMA.sub(r"\1", chunk))
                out.repaired += 1
            except (json.JSONDecodeError, RecursionError):
                out.skipped["malformed object"] += 1
        if isinstance(obj, dict):
            out.records.append(obj)
        i = end
    return out


def gsr_items(parsed: GsrParse) -> tuple[list[dict], Counter]:
    """Records usable for scoring: a text and an event label that maps to PLOVER 2.0."""
    items, skipped = [], Counter(parsed.skipped)
    for r in parsed.records:
        label = r.get("event")
        if not isinstance(label, str):
            skipped["no event label"] += 1
            continue
        gold = map_plover_label(label, r.get("mode") if isinstance(r.get("mode"), str) else None)
        if gold is None:
            skipped[f"label {label.strip().upper() or '?'} not scored"] += 1
            continue
        if not isinstance(r.get("text"), str) or not r["text"].strip():
            skipped["no text"] += 1
            continue
        items.append({**r, "gold": gold})
    return items, skipped


#: CAMEO country codes that differ from ISO 3166 alpha-3
CAMEO_ISO3 = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


@lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    return frozenset(country_iso3().values()) | {"PSE", "XKX", "HKG"}


def gsr_codes(actors: Any) -> tuple[set[str], set[str]]:
    """(country codes, sectors) of a GSR actor list; non-country codes (IGO, NGO, ***) and
    sector suffixes ("CVLalb" -> CVL) normalised away."""
    countries, sectors = set(), set()
    if not isinstance(actors, list):
        return countries, sectors
    for a in actors:
        if not isinstance(a, dict):
            continue
        c = str(a.get("code") or "").strip().upper()
        c = CAMEO_ISO3.get(c, c)
        if c in _iso3_codes():
            countries.add(c)
        s = str(a.get("sector") or "").strip()[:3].upper()
        if s.isalpha() and len(s) == 3:
            sectors.add(s)
    return countries, sectors


def _pred_codes(actor: Any) -> tuple[set[str], set[str]]:
    if not actor:
        return set(), set()
    c, s = _get(actor, "country"), _get(actor, "sector")
    return ({c} if c else set()), ({s} if s else set())


def primary_plover(events: Iterable[Any]) -> dict | None:
    """The most salient event that is not negated (earliest on ties)."""
    best, chosen = None, None
    for i, raw in enumerate(events):
        ev = _as_dict(raw)
        if ev.get("negated"):
            continue
        key = (report_rank(ev), -i)
        if best is None or key > best:
            best, chosen = key, ev
    return chosen


def record_id(r: dict) -> str:
    """The id a record is split by (two records sharing an id go to the same part)."""
    return str(r.get("id"))


def eval_plover_gsr(
    path: Path, limit: int | None = None, pipe: Any = None, batch: int = 64, stride: int = 1, keep: Keep = None
) -> dict:
    """Score the GSR file (see the module docstring and docs/eval.md, "PLOVER GSR")."""
    from ...clean import clean
    from ...records import Origin, RawRecord

    pipe = pipeline_or_default(pipe)
    parsed = parse_gsr(Path(path).read_text(encoding="utf-8", errors="replace"))
    items, skipped = gsr_items(parsed)
    keep_ids = [keep(record_id(r)) for r in items] if keep is not None else None
    items = sample(items, keep_ids, stride, limit)
    t0 = time.perf_counter()
    preds: list[dict | None] = []
    for b in range(0, len(items), batch):
        chunk = items[b : b + batch]
        arts = [clean(RawRecord(text=r["text"], origin=Origin(str(path), line=b + k)), published=None) for k, r in enumerate(chunk)]
        for ca in pipe.code_many(arts):
            preds.append(primary_plover(e.to_dict() for e in ca.events))
    secs = time.perf_counter() - t0
    gold = [r["gold"] for r in items]
    pred = [p["type"] if p else "none" for p in preds]
    table = scorer.prf_table(gold, pred)
    n = len(items)
    codes: dict[str, list[set[str]]] = {k: [] for k in ("gc_s", "gs_s", "pc_s", "ps_s", "gc_t", "gs_t", "pc_t", "ps_t")}
    for r, p in zip(items, preds, strict=True):
        for side, gkey, pkey in (("s", "source", "source_actor"), ("t", "target", "target_actor")):
            c, s = gsr_codes(r.get(gkey))
            codes[f"gc_{side}"].append(c)
            codes[f"gs_{side}"].append(s)
            c, s = _pred_codes(p and p.get(pkey))
            codes[f"pc_{side}"].append(c)
            codes[f"ps_{side}"].append(s)
    conf = [float(p["confidence"]) if p else None for p in preds]
    correct = [g == q for g, q in zip(gold, pred, strict=True)]
    return {
        "records": n,
        "parsed_objects": len(parsed.records),
        "skipped": sum(skipped.values()),
        "repaired": parsed.repaired,
        "coverage": scorer.ratio(sum(p is not None for p in preds), n),
        "type_accuracy": scorer.accuracy(gold, pred),
        "type_macro_f1": scorer.macro_f1(table),
        "source_country_f1": scorer.set_prf(codes["gc_s"], codes["pc_s"])[2],
        "target_country_f1": scorer.set_prf(codes["gc_t"], codes["pc_t"])[2],
        "source_sector_f1": scorer.set_prf(codes["gs_s"], codes["ps_s"])[2],
        "target_sector_f1": scorer.set_prf(codes["gs_t"], codes["ps_t"])[2],
        "seconds": round(secs, 2),
        "skipped_by_reason": dict(skipped),
        "per_class_type": table,
        "confusion_type": scorer.confusion(gold, pred),
        "accuracy_by_confidence": scorer.by_band(conf, correct),
    }


def run(path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any) -> dict:
    """:class:`EvalSet` entry point."""
    return eval_plover_gsr(path, limit, pipeline, stride=stride, keep=keep)


def draw_split(path: Path) -> tuple[list[str], list[str], str]:
    """(all ids, test ids, rule): a third of the record ids, stratified by gold type so every
    PLOVER type is in both parts."""
    items, _ = gsr_items(parse_gsr(Path(path).read_text(encoding="utf-8", errors="replace")))
    ids = [record_id(r) for r in items]
    by_type: dict[str, list[str]] = {}
    for r in items:
        by_type.setdefault(r["gold"], []).append(record_id(r))
    test = [i for t, group in sorted(by_type.items()) for i in pick_test(group, 1 / 3, f"plover-gsr:{t}")]
    return ids, test, "per mapped gold type, the third of record ids of lowest sha256('plover-gsr:<type>:<id>')"


def _sniff(path: Path) -> bool:
    return path.suffix.lower() in (".txt", ".json")


registry.eval_sets.register(
    "plover-gsr",
    func=EvalSet("plover-gsr", "plover-gsr/PLOVER_GSR_CAMEO.txt", run, "plover-gsr", "PLOVER GSR: type and actors of one sentence", _sniff),
)

__all__ = [
    "PLOVER_05_TO_20",
    "GsrParse",
    "draw_split",
    "eval_plover_gsr",
    "gsr_codes",
    "gsr_items",
    "map_plover_label",
    "parse_gsr",
    "primary_plover",
    "run",
]
