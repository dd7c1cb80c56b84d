"""What the explorer searches by name: the database's canonical actors and resolved places.

An analyst types "ISIL", "Isis" or "Baghouz"; the events table stores the canonical names
the pipeline resolved ("Islamic State", "Baghuz Fawqani"). The catalog bridges the two with
the project's own data (the actor dictionary's aliases, the gazetteer's names and spelling
variants) plus the surface texts seen in the database, so a search means what the pipeline
meant, never a substring ("IS" must not find Israel).

It is computed from the database once (a few GROUP BYs, one pass over the event records for
the actors' surface texts) and cached per database until the number of events changes
(ingest), so searches cost a dictionary look-up, not a scan of a million JSON records.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .db import Cursor, Database

#: location precision classes, finest first (ACLED's geo-precision 1..3, split at admin2)
PRECISIONS = ("point", "admin2", "admin1", "country")
#: the roles an actor filter may ask for
ROLES = ("either", "source", "target")
#: shortest lower-case query matched against aliases ignoring case ("is" is a word)
MIN_FOLDED = 3


def feature_precision(feature: str | None) -> str:
    """The precision class of a GeoNames feature code ("A.PCLI" -> country)."""
    if not feature:
        return "point"
    code = feature.split(".", 1)[-1]
    if code.startswith("PCL") or code in ("CONT", "RGN", "TERR", "ZN") or feature.startswith("L."):
        return "country"
    if code == "ADM1":
        return "admin1"
    if code.startswith("ADM"):
        return "admin2"
    return "point"


def precision_of(location: dict[str, Any] | None) -> str | None:
    """A record's location precision: its own field, else derived from its feature code.

    Records written before ``location.precision`` existed carry ``feature``; a location
    without coordinates has no precision.
    """
    if not location or location.get("lat") is None:
        return None
    p = location.get("precision")
    if p in PRECISIONS:
        return str(p)
    return feature_precision(location.get("feature"))


@dataclass
class ActorRow:
    name: str
    country: str | None = None
    sector: str | None = None
    n_source: int = 0
    n_target: int = 0
    texts: Counter[str] = field(default_factory=Counter)

    def to_dict(self, aliases: list[str]) -> dict[str, Any]:
        seen = {a.lower() for a in aliases}
        # most frequent first, ties by text: DuckDB's GROUP BY order is not stable across reads
        ranked = sorted(self.texts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
        texts = [t for t, _ in ranked if t.lower() not in seen]
        return {
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "aliases": aliases + texts,
            "count": self.n_source + self.n_target,
            "as_source": self.n_source,
            "as_target": self.n_target,
        }


@dataclass
class PlaceRow:
    name: str
    geonameid: int | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: str
    count: int = 0
    texts: Counter[str] = field(default_factory=Counter)

    def to_dict(self, matched: str | None = None) -> dict[str, Any]:
        ranked = sorted(self.texts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        variants = [t for t, _ in ranked if t.lower() != self.name.lower()]
        return {
            "name": self.name,
            "geonameid": self.geonameid,
            "country": self.country,
            "lat": None if self.lat is None else round(self.lat, 5),
            "lon": None if self.lon is None else round(self.lon, 5),
            "precision": self.precision,
            "count": self.count,
            "variants": variants,
            "matched": matched,
        }


class Catalog:
    """The actors and places of one database (one version of it: ``n_events``)."""

    def __init__(self, db: Database, n_events: int) -> None:
        self.db = db
        self.n_events = n_events
        self._lock = threading.Lock()
        self._actor_index: tuple[dict[str, ActorRow], Counter[str]] | None = None
        self._place_index: dict[tuple[int | None, str], PlaceRow] | None = None
        self._precision_column: bool | None = None

    # built on first use, each part on its own: the map needs the places, not the actors
    @property
    def actors(self) -> dict[str, ActorRow]:
        return self._actors_built()[0]

    @property
    def unnamed_texts(self) -> Counter[str]:
        """Lower-cased surface texts of actors the dictionary did not resolve."""
        return self._actors_built()[1]

    def _actors_built(self) -> tuple[dict[str, ActorRow], Counter[str]]:
        if self._actor_index is None:
            with self._lock:
                if self._actor_index is None:
                    actors: dict[str, ActorRow] = {}
                    unnamed: Counter[str] = Counter()
                    with self.db.cursor() as cur:
                        cur.timeout = max(cur.timeout, 300.0)
                        self._actors(cur, actors, unnamed)
                    self._actor_index = (actors, unnamed)
        return self._actor_index

    @property
    def places(self) -> dict[tuple[int | None, str], PlaceRow]:
        if self._place_index is None:
            with self._lock:
                if self._place_index is None:
                    places: dict[tuple[int | None, str], PlaceRow] = {}
                    with self.db.cursor() as cur:
                        cur.timeout = max(cur.timeout, 300.0)
                        self._places(cur, places)
                    self._place_index = places
        return self._place_index

    @property
    def levels(self) -> dict[str, list[int]]:
        """Precision -> the database's geonameids of that level (the rest are points)."""
        out: dict[str, list[int]] = {p: [] for p in PRECISIONS}
        for p in self.places.values():
            if p.geonameid is not None and p.precision != "point":
                out[p.precision].append(p.geonameid)
        return out

    def level_tuple(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bool]:
        """What ``query.precision_sql`` needs: the coarse geonameids by level, and whether
        the events table stores ``location_precision`` itself."""
        if self._precision_column is None:
            with self.db.cursor() as cur:
                self._precision_column = bool(
                    cur.one(
                        "SELECT count(*) FROM information_schema.columns"
                        " WHERE table_name = 'events' AND column_name = 'location_precision'"
                    )[0]
                )
        lv = self.levels
        return tuple(lv["country"]), tuple(lv["admin1"]), tuple(lv["admin2"]), self._precision_column

    @staticmethod
    def _actors(cur: Cursor, actors: dict[str, ActorRow], unnamed: Counter[str]) -> None:
        for role in ("source", "target"):
            rows = cur.all(
                f"SELECT {role}_name, any_value({role}_country), any_value({role}_sector),"
                f" json_extract_string(record, '$.{role}_actor.text') AS t, count(*)"
                f" FROM events WHERE {role}_name IS NOT NULL OR t IS NOT NULL"
                " GROUP BY ALL LIMIT 1000000"
            )
            for name, country, sector, text, n in rows:
                if name is None:
                    unnamed[str(text).lower()] += int(n)
                    continue
                a = actors.get(name)
                if a is None:
                    a = actors[name] = ActorRow(name, country, sector)
                if role == "source":
                    a.n_source += int(n)
                else:
                    a.n_target += int(n)
                if text:
                    a.texts[str(text)] += int(n)

    @staticmethod
    def _places(cur: Cursor, places: dict[tuple[int | None, str], PlaceRow]) -> None:
        from ..geo.gazetteer import Gazetteer

        gaz = Gazetteer.default()
        rows = cur.all(
            "SELECT geonameid, location_name, any_value(country), avg(lat), avg(lon), count(*)"
            " FROM events WHERE location_name IS NOT NULL GROUP BY ALL LIMIT 1000000"
        )
        for gid, name, country, lat, lon, n in rows:
            entry = gaz.by_geonameid(int(gid)) if gid is not None else None
            prec = feature_precision(entry.feature) if entry is not None else "point"
            places[(gid, name)] = PlaceRow(name, gid, country, lat, lon, prec, int(n))
        by_gid = {k[0]: v for k, v in places.items() if k[0] is not None}
        for gid, text, n in cur.all(
            "SELECT geonameid, text, count(*) FROM places WHERE geonameid IS NOT NULL"
            " AND text IS NOT NULL GROUP BY ALL LIMIT 1000000"
        ):
            p = by_gid.get(gid)
            if p is not None:
                p.texts[str(text)] += int(n)

    # ------------------------------------------------------------------ actors

    def resolve_actor(self, query: str) -> tuple[list[str], list[str]]:
        """(canonical names, unresolved surface texts) an actor query means.

        The dictionary resolves the whole query as the pipeline would ("ISIL", "IS",
        "Daesh" -> Islamic State; exact case for short acronyms); any alias of a known actor
        matches ignoring case when it is at least three letters ("Isis"); a canonical name
        or a surface text seen in the database matches ignoring case; failing all that, a
        whole word of a canonical name ("Forces"). Never a substring: "IS" is not in Israel.
        """
        q = query.strip()
        if not q:
            return [], []
        ql = q.lower()
        names: set[str] = set()
        for name in _dictionary_names(q):
            names.add(name)
        for name, a in self.actors.items():
            if name.lower() == ql or any(t.lower() == ql for t in a.texts):
                names.add(name)
        texts = [ql] if ql in self.unnamed_texts else []
        if not names and not texts and len(ql) >= MIN_FOLDED:
            word = re.compile(r"(?<!\w)" + re.escape(ql) + r"(?!\w)")
            names = {n for n in self.actors if word.search(n.lower())}
        return sorted(names), texts

    def actor_list(self, query: str | None, limit: int) -> list[dict[str, Any]]:
        """Canonical actors with aliases and counts; with a query, the ones it may mean
        (resolved first, then names and aliases starting with it: a picker's suggestions)."""
        aliases = _dictionary_aliases()
        rows = list(self.actors.values())
        if query and query.strip():
            q = query.strip().lower()
            exact, _ = self.resolve_actor(query)
            first = [self.actors[n] for n in exact if n in self.actors]

            def starts(a: ActorRow) -> bool:
                cands = [a.name, *aliases.get(a.name, ()), *a.texts]
                return any(_word_prefix(c.lower(), q) for c in cands)

            rest = [a for a in rows if a.name not in exact and starts(a)]
            rest.sort(key=lambda a: -(a.n_source + a.n_target))
            rows = first + rest
        else:
            rows.sort(key=lambda a: (-(a.n_source + a.n_target), a.name))
        return [a.to_dict(list(aliases.get(a.name, ()))) for a in rows[:limit]]

    # ------------------------------------------------------------------ places

    def resolve_place(self, query: str) -> list[PlaceRow]:
        """The database's places a place query means: a resolved name or a surface text seen
        (ignoring case), or any gazetteer name or spelling variant of the same geonameid
        ("Baghouz" and "Baghuz" -> Baghuz Fawqani)."""
        q = query.strip().lower()
        if not q:
            return []
        out: dict[tuple[int | None, str], PlaceRow] = {}
        for k, p in self.places.items():
            if p.name.lower() == q or any(t.lower() == q for t in p.texts):
                out[k] = p
        gids = set(_gazetteer_ids(query))
        if gids:
            for k, p in self.places.items():
                if p.geonameid in gids:
                    out[k] = p
        return sorted(out.values(), key=lambda p: -p.count)

    def place_list(self, query: str | None, limit: int) -> list[dict[str, Any]]:
        """Places with counts for an autocomplete: exact and variant matches first, then names
        and texts with a word starting with the query."""
        rows = list(self.places.values())
        if not query or not query.strip():
            rows.sort(key=lambda p: -p.count)
            return [p.to_dict() for p in rows[:limit]]
        q = query.strip().lower()
        exact = self.resolve_place(query)
        seen = {id(p) for p in exact}
        out = [p.to_dict(query.strip()) for p in exact]
        rest: list[tuple[PlaceRow, str]] = []
        for p in rows:
            if id(p) in seen:
                continue
            hit = next((c for c in (p.name, *p.texts) if _word_prefix(c.lower(), q)), None)
            if hit is not None:
                rest.append((p, hit))
        rest.sort(key=lambda ph: -ph[0].count)
        out += [p.to_dict(hit) for p, hit in rest]
        return out[:limit]


def _word_prefix(text: str, q: str) -> bool:
    return text.startswith(q) or f" {q}" in text or f"-{q}" in text


def _dictionary_names(query: str) -> list[str]:
    """Canonical names the actor dictionary gives the whole of ``query``."""
    from ..actors.dictionary import ActorDictionary

    d = ActorDictionary.default()
    out: list[str] = []
    matches = d.find(query)
    covered = "".join(query[m.start : m.end] for m in matches).replace(" ", "")
    if matches and len(covered) >= len(re.sub(r"[\s\W]+", "", query)) - 1:
        out += [m.entry.name for m in matches]
    q = query.strip().lower()
    if len(q) >= MIN_FOLDED:
        out += _folded_aliases().get(q, [])
    return out


_alias_lock = threading.Lock()
_aliases: dict[str, list[str]] | None = None
_folded: dict[str, list[str]] | None = None


def _dictionary_aliases() -> dict[str, list[str]]:
    """Canonical name -> the dictionary's aliases (loaded once per process)."""
    global _aliases, _folded
    if _aliases is None:
        with _alias_lock:
            if _aliases is None:
                from ..actors.dictionary import ActorDictionary

                d = ActorDictionary.default()
                folded: dict[str, list[str]] = {}
                for name, al in d.aliases.items():
                    for a in {name, *al}:
                        folded.setdefault(a.lower(), [])
                        if name not in folded[a.lower()]:
                            folded[a.lower()].append(name)
                _folded = folded
                _aliases = {k: list(v) for k, v in d.aliases.items()}
    return _aliases


def _folded_aliases() -> dict[str, list[str]]:
    _dictionary_aliases()
    assert _folded is not None
    return _folded


def gazetteer_points(query: str, n: int = 3) -> list[tuple[float, float]]:
    """Points of the most populous gazetteer places a name may denote (for a radius search
    around a place no event was placed at)."""
    from ..geo.gazetteer import Gazetteer

    return [(e.lat, e.lon) for e in Gazetteer.default().lookup(query)[:n]]


def _gazetteer_ids(query: str) -> list[int]:
    from ..geo.gazetteer import Gazetteer

    return [e.geonameid for e in Gazetteer.default().lookup(query)[:50]]


# ---------------------------------------------------------------------- labels


@dataclass(frozen=True)
class Label:
    name: str
    lat: float
    lon: float
    kind: str  # "capital" | "city" | "admin1"
    population: int


_labels: list[Label] | None = None


def labels() -> list[Label]:
    """Place names for the basemap, most populous first: the gazetteer's capitals, cities
    of 100,000 people or more and first-level divisions (GeoNames, CC-BY 4.0, shipped with
    the package; nothing is fetched)."""
    global _labels
    if _labels is None:
        with _alias_lock:
            if _labels is None:
                from ..geo.gazetteer import Gazetteer

                g = Gazetteer.default()
                out: list[Label] = []
                for i in range(len(g.gid)):
                    f, pop = g.feature[i], g.pop[i]
                    if f == "P.PPLC":
                        kind = "capital"
                    elif f.startswith("P.") and pop >= 100_000:
                        kind = "city"
                    elif f == "A.ADM1" and pop >= 50_000:
                        kind = "admin1"
                    else:
                        continue
                    out.append(Label(g.name[i], g.lat[i], g.lon[i], kind, int(pop)))
                out.sort(key=lambda lb: -lb.population)
                _labels = out
    return _labels


# ---------------------------------------------------------------------- cache

_cache: weakref.WeakKeyDictionary[Database, Catalog] = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


def catalog(db: Database, cur: Cursor) -> Catalog:
    """The database's catalog, rebuilt when its number of events changed (ingest)."""
    n = int(cur.one("SELECT count(*) FROM events")[0])
    cat = _cache.get(db)
    if cat is not None and cat.n_events == n:
        return cat
    with _cache_lock:
        cat = _cache.get(db)
        if cat is None or cat.n_events != n:
            cat = Catalog(db, n)
            _cache[db] = cat
    return cat


def haversine_sql(params: list, lat: float, lon: float, radius_km: float) -> str:
    """SQL: the event ``e`` lies within ``radius_km`` of (lat, lon); a box first (cheap)."""
    dlat = radius_km / 111.0
    dlon = radius_km / max(1e-6, 111.0 * math.cos(math.radians(min(89.0, abs(lat)))))
    params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon, lat, lat, lon, radius_km]
    return (
        "(e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ? AND 2 * 6371.0 * asin(sqrt("
        "pow(sin(radians(e.lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(e.lat))"
        " * pow(sin(radians(e.lon - ?) / 2), 2))) <= ?)"
    )


# ---------------------------------------------------------------- side tables

#: what each side table holds: rowid-keyed facts that are slow to derive per request
#: (a join on string ids, JSON parsing of every record), built once per database version
SIDE_SQL = {
    # clustered events: integer cluster number, the rank of the report in its cluster, and
    # ``later``: a later report of its cluster under the default filter (neither negated nor
    # hypothetical), which the unfiltered "real-world events" view leaves out without a window
    "serve_clusters": (
        "SELECT rid, cid, pos, ok AND row_number() OVER (PARTITION BY cid, ok ORDER BY pub, rid) > 1 AS later, located FROM ("
        " SELECT e.rowid AS rid, e.published AS pub, e.lat IS NOT NULL AND e.lon IS NOT NULL AS located,"
        " NOT coalesce(e.negated, false) AND NOT coalesce(e.hypothetical, false) AS ok,"
        " CAST(dense_rank() OVER (ORDER BY c.cluster_id) AS INTEGER) AS cid,"
        " CAST(row_number() OVER (PARTITION BY c.cluster_id ORDER BY e.published, e.rowid) AS INTEGER) AS pos"
        " FROM events e JOIN event_clusters c ON c.event_id = e.event_id)"
    ),
    # where each dated event's date comes from (``date.basis``, inside the record's JSON)
    "serve_date_basis": (
        "SELECT rowid AS rid, json_extract_string(record, '$.date.basis') AS basis FROM events"
        " WHERE json_extract_string(record, '$.date.basis') IS NOT NULL"
    ),
}
_side_versions: weakref.WeakKeyDictionary[Database, dict[str, tuple[int, int, int]]] = weakref.WeakKeyDictionary()
_side_lock = threading.Lock()


def side_table(db: Database, cur: Cursor, name: str) -> str:
    """Make side table ``name`` current for ``db`` (rebuilt when the number of events, the
    last row id or the number of clustered events changed) and return its SQL name; queries then join it on ``e.rowid``
    (an integer join, several times cheaper than the string or JSON it replaces)."""
    # fetch-all: a relation cannot run on a cursor with an unfinished result
    clustered = int(cur.all("SELECT count(*) FROM event_clusters")[0][0]) if name == "serve_clusters" else 0
    # count and last row id: an article re-coded with as many events still moves the row ids
    n, last = cur.all("SELECT count(*), coalesce(max(rowid), -1) FROM events")[0]
    version = (int(n), int(last), clustered)
    with _side_lock:
        versions = _side_versions.setdefault(db, {})
        if versions.get(name) == version and name in db.side:
            return name
        timeout, cur.timeout = cur.timeout, max(cur.timeout, 300.0)
        try:
            table = cur.cur.sql(SIDE_SQL[name]).to_arrow_table()
        finally:
            cur.timeout = timeout
        db.side[name] = table
        versions[name] = version
    return name
