"""Event filters -> SQL ``WHERE`` clauses with bound parameters, and the opaque cursors.

Nothing from a request is ever formatted into SQL text: each filter adds a fixed SQL
fragment with ``?`` placeholders and appends its values to the parameter list.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, replace
from datetime import date

#: an event flagged ``historical``: background told by the report, not current news (NULL,
#: in a row coded before the flag was stored, counts as current)
HISTORICAL = "coalesce(e.historical, false)"
#: the one definition of the day an event is drawn at (timeline, date filter, map, sort):
#: its own date; else, for a current event, its article's publication day (that is what an
#: undated current event is: the report's news); an undated historical event has no day
#: (NULL) — its day is unknown and it is not the report's — so the timeline, the date facets
#: and a date filter leave it out, and ``/api/facets`` counts it as ``undated_background``
EVENT_DAY = f"coalesce(e.date, CASE WHEN {HISTORICAL} THEN NULL ELSE e.published END)"
#: an event flagged historical that has no date of its own (off the timeline)
UNDATED_BACKGROUND = f"(e.date IS NULL AND {HISTORICAL})"
#: total order of events (keyset pagination): day (no day last), article, position, id
EVENT_SORT_COLS = (
    f"coalesce({EVENT_DAY}, DATE '9999-12-31')",
    "e.article_id",
    "coalesce(e.start_char, 0)",
    "e.event_id",
)
EVENT_SORT = ", ".join(EVENT_SORT_COLS)

#: sortable columns of the events list: name -> (SQL, kind); kind says how a cursor value
#: is typed and which sentinel stands for NULL so that empty cells sort last both ways
SORTS: dict[str, tuple[str, str]] = {
    "date": (EVENT_DAY, "date"),
    "published": ("e.published", "date"),
    "type": ("e.type", "str"),
    "source_actor": ("e.source_name", "str"),
    "target_actor": ("e.target_name", "str"),
    "location": ("e.location_name", "str"),
    "outlet": ("e.article_source", "str"),
    "confidence": ("e.confidence", "num"),
}
_NULL_LAST = {
    ("date", "asc"): "DATE '9999-12-31'",
    ("date", "desc"): "DATE '0001-01-01'",
    ("str", "asc"): "'\U0010ffff'",
    ("str", "desc"): "''",
    ("num", "asc"): "1e308",
    ("num", "desc"): "-1e308",
}


def sort_columns(sort: str, order: str) -> tuple[str, str]:
    """The keyset of the events list for a sort column: the column (NULLs last in either
    direction), then the row id, which makes every order total.

    The row id (insertion order: an article's events in text order) rather than (article,
    position, id) as the tiebreaker: a top-N over one fixed-width key is several times
    cheaper than over three strings, and that is most of the cost of a page of 1 M events.
    """
    expr, kind = SORTS[sort]
    first = f"coalesce({expr}, {_NULL_LAST[(kind, order)]})"
    if kind == "str":
        first = f"coalesce(lower({expr}), {_NULL_LAST[(kind, order)]})"
    return (first, "e.rowid")


#: (country, admin1, admin2) geonameids of a database, and whether its events table has a
#: ``location_precision`` column (the record's field, stored by newer versions of the store)
Levels = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], bool]


def precision_sql(levels: Levels, params: list) -> str:
    """SQL: the location precision of event ``e`` (point, admin2, admin1, country or NULL).

    The stored ``location_precision`` when the table has it; else (and for rows without it)
    derived from the resolved place's GeoNames feature level (``levels``: the database's
    country, admin1 and admin2 geonameids, from the catalog): a location at a country's
    centroid is a country total, never a town.
    """
    params += [list(levels[0]), list(levels[1]), list(levels[2])]
    derived = (
        "CASE WHEN list_contains(CAST(? AS BIGINT[]), e.geonameid) THEN 'country'"
        " WHEN list_contains(CAST(? AS BIGINT[]), e.geonameid) THEN 'admin1'"
        " WHEN list_contains(CAST(? AS BIGINT[]), e.geonameid) THEN 'admin2'"
        " ELSE 'point' END"
    )
    if levels[3]:
        derived = f"coalesce(e.location_precision, {derived})"
    return f"(CASE WHEN e.lat IS NULL OR e.lon IS NULL THEN NULL ELSE {derived} END)"


class BadRequest(ValueError):
    """A parameter that passed type validation but makes no sense (bad bbox, bad cursor)."""


@dataclass(frozen=True)
class Bbox:
    minlon: float
    minlat: float
    maxlon: float
    maxlat: float

    @classmethod
    def parse(cls, value: str, name: str = "bbox") -> Bbox:
        parts = value.split(",")
        if len(parts) != 4:
            raise BadRequest(f"{name} must be minlon,minlat,maxlon,maxlat (4 numbers)")
        try:
            minlon, minlat, maxlon, maxlat = (float(p) for p in parts)
        except ValueError:
            raise BadRequest(f"{name} must be minlon,minlat,maxlon,maxlat (4 numbers)") from None
        for v in (minlon, minlat, maxlon, maxlat):
            if v != v or v in (float("inf"), float("-inf")):
                raise BadRequest(f"{name} must hold finite numbers")
        if not (-90 <= minlat <= 90 and -90 <= maxlat <= 90):
            raise BadRequest(f"{name} latitudes must be within -90..90")
        if minlat > maxlat:
            raise BadRequest(f"{name} minlat must not exceed maxlat")
        if maxlon - minlon >= 360:
            minlon, maxlon = -180.0, 180.0
        # Longitudes from a map that was panned around the globe: wrap into -180..180.
        minlon = _wrap(minlon)
        maxlon = _wrap(maxlon)
        return cls(minlon, minlat, maxlon, maxlat)

    def sql(self, params: list) -> str:
        params += [self.minlat, self.maxlat]
        lat = "e.lat BETWEEN ? AND ?"
        if self.minlon <= self.maxlon:
            params += [self.minlon, self.maxlon]
            return f"({lat} AND e.lon BETWEEN ? AND ?)"
        # crosses the antimeridian
        params += [self.minlon, self.maxlon]
        return f"({lat} AND (e.lon >= ? OR e.lon <= ?))"


def _wrap(lon: float) -> float:
    if -180 <= lon <= 180:
        return lon
    return ((lon + 180) % 360) - 180


@dataclass(frozen=True)
class EventFilter:
    types: tuple[str, ...] = ()
    acled_event_type: str | None = None
    actor: str | None = None
    country: str | None = None
    bbox: Bbox | None = None
    date_from: date | None = None
    date_to: date | None = None
    source: str | None = None
    article_id: str | None = None
    q: str | None = None
    min_confidence: float | None = None
    include_negated: bool = False
    include_hypothetical: bool = False
    #: True: only historical (background) events; False: only current ones; None: both
    historical: bool | None = None
    #: resolved actor filter (canonical names, unresolved surface texts); None: no filter
    actor_names: tuple[str, ...] | None = None
    actor_texts: tuple[str, ...] = ()
    actor_role: str = "either"
    #: resolved place filter: geonameids, names without one, points for the radius
    place: str | None = None
    place_ids: tuple[int, ...] = ()
    place_names: tuple[str, ...] = ()
    place_points: tuple[tuple[float, float], ...] = ()
    radius_km: float = 0.0
    precision: tuple[str, ...] = ()
    #: the database's place levels, for ``precision`` (see ``precision_sql``)
    levels: Levels = ((), (), (), False)
    date_precision: tuple[str, ...] = ()
    date_basis: tuple[str, ...] = ()
    #: ``clusters``: one row per real-world event (cross-article cluster), ``mentions``: every
    #: coded event; ``clustered`` says whether the database has cluster tables at all
    count_by: str = "mentions"
    clustered: bool = False
    #: the side table ``serve_date_basis`` is registered (``catalog.side_table``)
    basis_side: bool = False

    def without(self, *names: str) -> EventFilter:
        """The same filter with some fields cleared (facets ignore their own filter)."""
        empty = EventFilter()
        return replace(self, **{n: getattr(empty, n) for n in names})

    def where(self, params: list) -> str:
        """SQL condition on the events table aliased ``e``; appends to ``params``."""
        c: list[str] = []
        if self.types:
            c.append("e.type IN (" + ",".join("?" * len(self.types)) + ")")
            params += list(self.types)
        if self.acled_event_type:
            c.append("lower(e.acled_event_type) = lower(?)")
            params.append(self.acled_event_type)
        if self.actor_names is not None:
            c.append(self._actor_sql(params))
        elif self.actor:
            c.append(
                "(strpos(lower(coalesce(e.source_name, '')), lower(?)) > 0"
                " OR strpos(lower(coalesce(e.target_name, '')), lower(?)) > 0"
                " OR strpos(lower(coalesce(json_extract_string(e.record, '$.source_actor.text'), '')), lower(?)) > 0"
                " OR strpos(lower(coalesce(json_extract_string(e.record, '$.target_actor.text'), '')), lower(?)) > 0)"
            )
            params += [self.actor] * 4
        if self.country:
            c.append("upper(e.country) = upper(?)")
            params.append(self.country)
        if self.bbox is not None:
            c.append(self.bbox.sql(params))
        if self.date_from is not None:
            c.append(f"{EVENT_DAY} >= ?")
            params.append(self.date_from)
        if self.date_to is not None:
            c.append(f"{EVENT_DAY} <= ?")
            params.append(self.date_to)
        if self.source:
            c.append("lower(e.article_source) = lower(?)")
            params.append(self.source)
        if self.article_id:
            c.append("e.article_id = ?")
            params.append(self.article_id)
        if self.q:
            c.append("strpos(lower(coalesce(e.sentence, '')), lower(?)) > 0")
            params.append(self.q)
        if self.min_confidence is not None:
            c.append("e.confidence >= ?")
            params.append(self.min_confidence)
        if self.place is not None:
            c.append(self._place_sql(params))
        if self.precision:
            c.append(precision_sql(self.levels, params) + " IN (" + ",".join("?" * len(self.precision)) + ")")
            params += list(self.precision)
        if self.date_precision:
            dp = [p for p in self.date_precision if p != "none"]
            parts = []
            if dp:
                parts.append("e.date_precision IN (" + ",".join("?" * len(dp)) + ")")
                params += dp
            if "none" in self.date_precision:
                parts.append("e.date IS NULL")
            c.append("(" + " OR ".join(parts) + ")")
        if self.date_basis:
            marks = ",".join("?" * len(self.date_basis))
            if self.basis_side:  # the side table: no JSON parsed per request
                c.append(f"e.rowid IN (SELECT rid FROM serve_date_basis WHERE basis IN ({marks}))")
            else:
                c.append(f"json_extract_string(e.record, '$.date.basis') IN ({marks})")
            params += list(self.date_basis)
        if not self.include_negated:
            c.append("NOT coalesce(e.negated, false)")
        if not self.include_hypothetical:
            c.append("NOT coalesce(e.hypothetical, false)")
        if self.historical is not None:
            c.append(HISTORICAL if self.historical else f"NOT {HISTORICAL}")
        if self.count_by == "clusters" and self.clustered:
            c.append(self._cluster_sql(params))
        return " AND ".join(c) if c else "TRUE"

    def cluster_fast(self) -> bool:
        """Real-world events under the default filter: the later reports are known in advance
        (``serve_clusters.later``), so no window is computed per request."""
        return self.count_by == "clusters" and self.clustered and replace(self, count_by="mentions", clustered=False) == EventFilter()

    def _cluster_sql(self, params: list) -> str:
        """One event per cluster: of the events that match the rest of the filter, those of a
        cluster other than its first report (published, then stored order) are left out, so
        every count, page and map cell counts real-world events. Events in no cluster stand
        alone. The window runs only over clustered events that match the filter, joined on the
        integer row id through the side table ``serve_clusters`` (``catalog.side_table``)."""
        if self.cluster_fast():
            return "e.rowid NOT IN (SELECT rid FROM serve_clusters WHERE later)"
        inner = replace(self, count_by="mentions").where(params)
        return (
            "e.rowid NOT IN (SELECT rid FROM (SELECT k.rid, k.pos, min(k.pos) OVER (PARTITION BY k.cid) AS f"
            f" FROM events e JOIN serve_clusters k ON k.rid = e.rowid WHERE {inner}) WHERE pos > f)"
        )

    def _actor_sql(self, params: list) -> str:
        """Canonical names compared exactly (columns, fast); unresolved texts ignoring case."""
        roles = ("source", "target") if self.actor_role == "either" else (self.actor_role,)
        names = list(self.actor_names or ())
        parts: list[str] = []
        for role in roles:
            if names:
                parts.append(f"list_contains(CAST(? AS VARCHAR[]), e.{role}_name)")
                params.append(names)
            if self.actor_texts:
                parts.append(
                    f"(e.{role}_name IS NULL AND list_contains(CAST(? AS VARCHAR[]),"
                    f" lower(json_extract_string(e.record, '$.{role}_actor.text'))))"
                )
                params.append(list(self.actor_texts))
        return "(" + " OR ".join(parts) + ")" if parts else "FALSE"

    def _place_sql(self, params: list) -> str:
        """The resolved place by geonameid (or name), or anything within the radius of it."""
        from .catalog import haversine_sql

        parts: list[str] = []
        if self.radius_km > 0:
            for lat, lon in self.place_points:
                parts.append(haversine_sql(params, lat, lon, self.radius_km))
        if self.place_ids:
            parts.append("list_contains(CAST(? AS BIGINT[]), e.geonameid)")
            params.append(list(self.place_ids))
        if self.place_names:
            parts.append("list_contains(CAST(? AS VARCHAR[]), e.location_name)")
            params.append(list(self.place_names))
        return "(" + " OR ".join(parts) + ")" if parts else "FALSE"


def encode_cursor(kind: str, key: str) -> str:
    raw = json.dumps([kind, key], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        k, key = json.loads(raw.decode("utf-8"))
    except (ValueError, binascii.Error, UnicodeDecodeError, TypeError):
        raise BadRequest("cursor is not valid: pass the next_cursor of a previous page") from None
    if k != kind or not isinstance(key, str):
        raise BadRequest("cursor is not valid: pass the next_cursor of a previous page")
    return key
