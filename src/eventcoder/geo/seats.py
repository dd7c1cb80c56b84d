"""Legislatures and courts named by their own names, at their seats (``data/seats.tsv``).

"The House of Lords ruled", "a statement to the Scottish Parliament", "the Knesset
condemned": an institution, not a toponym (GeoWebNews tags no place there, so the geoparser
does not return these), but where it acts is its seat. The ``places`` component adds these
mentions to the article's places for the event's place only (``components/places.py``:
``_seat_act``, ``_seat_venue``). A mention after a locative or addressee preposition ("in the
Commons", "to the Scottish Parliament") has role ``place``; else ``actor`` (the body acts).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import ConfigError
from ..records import Place

#: ids of seats, apart from GeoNames ids and the curated features' 900000000 + row
SEAT_ID_BASE = 910_000_000
#: a word before the mention that makes it the place where something is said or done
_VENUE_PREPS = frozenset(("in", "at", "to", "before", "inside", "outside", "into", "from"))
_COLUMNS = ("name", "aliases", "feature", "lat", "lon", "cc", "source")


@lru_cache(maxsize=1)
def _table() -> tuple[list[dict[str, Any]], re.Pattern[str] | None, dict[str, int]]:
    path = resources.files("eventcoder.geo") / "data" / "seats.tsv"
    rows: list[dict[str, Any]] = []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise ConfigError("E570", path=str(path), line=1, reason=f"columns {reader.fieldnames}, expected {list(_COLUMNS)}")
    alias_row: dict[str, int] = {}
    for n, r in enumerate(reader):
        try:
            lat, lon = float(r["lat"]), float(r["lon"])
        except (TypeError, ValueError):
            raise ConfigError("E570", path=str(path), line=n + 2, reason=f"bad coordinates {r['lat']!r}, {r['lon']!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or len(r["cc"] or "") != 2 or not (r["feature"] or "").startswith("S."):
            raise ConfigError("E570", path=str(path), line=n + 2, reason="coordinates out of range, no ISO2 country or no S.* feature")
        rows.append({"name": r["name"], "feature": r["feature"], "lat": lat, "lon": lon, "cc": r["cc"]})
        for a in [r["name"], *(x for x in (r["aliases"] or "").split("|") if x)]:
            if alias_row.setdefault(a, n) != n:
                raise ConfigError("E570", path=str(path), line=n + 2, reason=f"alias {a!r} also names another seat")
    if not alias_row:
        return rows, None, {}
    # one regex over a character trie of the names (Python's re tries every branch of a flat
    # alternation at every position: ~1 ms an article for this table); a leading "the" may
    # be capitalised, the rest matches as written
    names: dict[str, int] = {}
    for a, k in alias_row.items():
        names[a] = k
        if a.startswith("the "):
            names["The " + a[4:]] = k
    return rows, re.compile(r"(?<![\w-])" + _trie_regex(sorted(names)) + r"(?![\w-])"), names


def _trie_regex(words: list[str]) -> str:
    """A regex matching exactly ``words``, longest first at every branch point."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def rx(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + rx(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + rx(trie) + ")"


def find_seats(text: str, iso3: Any = None) -> list[Place]:
    """The seat mentions of ``text`` as resolved places (``iso3``: ISO2 -> ISO3, the
    gazetteer's ``iso3``), in text order."""
    rows, pat, names = _table()
    if pat is None:
        return []
    out = []
    for m in pat.finditer(text):
        k = names[m.group(0)]
        r = rows[k]
        before = text[max(0, m.start() - 12) : m.start()].split()
        role = "place" if before and before[-1].lower() in _VENUE_PREPS else "actor"
        out.append(
            Place(
                text=m.group(0),
                start=m.start(),
                end=m.end(),
                name=r["name"],
                geonameid=SEAT_ID_BASE + k,
                lat=r["lat"],
                lon=r["lon"],
                country=iso3(r["cc"]) if iso3 is not None else r["cc"],
                feature=r["feature"],
                score=1.0,
                role=role,
                precision="point",
            )
        )
    return out
