"""DuckDB store: articles, events, places, runs, quarantine — and the exports.

One write connection per run; every batch of articles is written in one transaction, so a
run killed with SIGKILL loses at most the batch in flight, and a re-run skips what is
already stored (ids are content hashes): same rows as an uninterrupted run, no duplicates.
The schema is created and migrated here (``schema_version``).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

import duckdb

from .errors import ConfigError, UsageError
from .records import Article, CodedArticle, Quarantine, Skip, content_hash

SCHEMA_VERSION = 1
EXPORT_TARGETS = ("jsonl", "csv", "parquet", "geojson", "acled-csv")

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    status VARCHAR,
    inputs JSON,
    options JSON,
    report JSON
);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    status VARCHAR NOT NULL,          -- 'coded' | 'skipped'
    skip_reason VARCHAR,
    title VARCHAR,
    source VARCHAR,
    tags JSON,
    published DATE,
    url VARCHAR,
    language VARCHAR,
    text VARCHAR,
    captions JSON,
    caption_spans JSON,
    removed JSON,
    warnings JSON,
    countries JSON,
    region VARCHAR,
    origin VARCHAR,
    meta JSON,
    n_events INTEGER,
    run_id VARCHAR,
    stored_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    acled_event_type VARCHAR,
    acled_sub_event_type VARCHAR,
    source_name VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    location_name VARCHAR,
    geonameid BIGINT,
    country VARCHAR,
    admin1 VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    date DATE,
    date_precision VARCHAR,
    date_text VARCHAR,
    reported_by VARCHAR,
    negated BOOLEAN,
    hypothetical BOOLEAN,
    trigger VARCHAR,
    sentence VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    confidence DOUBLE,
    article_source VARCHAR,
    published DATE,
    record JSON,
    run_id VARCHAR
);
CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR,
    name VARCHAR,
    geonameid BIGINT,
    lat DOUBLE,
    lon DOUBLE,
    country VARCHAR,
    admin1 VARCHAR,
    feature VARCHAR,
    score DOUBLE,
    role VARCHAR,
    PRIMARY KEY (article_id, start_char, end_char)
);
CREATE TABLE IF NOT EXISTS quarantine (
    id VARCHAR PRIMARY KEY,
    origin VARCHAR,
    code VARCHAR,
    error VARCHAR,
    article_id VARCHAR,
    excerpt VARCHAR,
    run_id VARCHAR,
    stored_at TIMESTAMP
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
"""

MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """The one write connection of a run (or a read-only view for export/serve)."""

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and not os.path.exists(self.path):
            raise UsageError("E002", path=self.path)
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self.migrate()

    # -- schema ---------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise ConfigError("E008", path=self.path, found=current, supported=SCHEMA_VERSION)
        for version in range(current + 1, SCHEMA_VERSION + 1):
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute(MIGRATIONS[version])
            self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])
            self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs -----------------------------------------------------------------
    def start_run(self, inputs: Sequence[str], options: dict[str, Any]) -> str:
        run_id = content_hash(_now().isoformat(), str(os.getpid()), json.dumps(list(inputs)))
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, NULL, 'running', ?, ?, NULL)",
            [run_id, _now(), json.dumps(list(inputs)), json.dumps(options, default=str)],
        )
        return run_id

    def finish_run(self, run_id: str, report: dict[str, Any], status: str = "finished") -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE run_id = ?",
            [_now(), status, json.dumps(report), run_id],
        )

    # -- idempotency ----------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def known_quarantine(self, qids: Iterable[str]) -> set[str]:
        qids = list(qids)
        if not qids:
            return set()
        rows = self.con.execute("SELECT id FROM quarantine WHERE id IN (SELECT unnest(?))", [qids]).fetchall()
        return {r[0] for r in rows}

    # -- writing --------------------------------------------------------------
    def write_batch(
        self,
        coded: Sequence[CodedArticle],
        skipped: Sequence[tuple[Article | None, Skip]],
        quarantined: Sequence[Quarantine],
        run_id: str,
    ) -> int:
        """Write one batch atomically; returns the number of events written."""
        now = _now()
        n_events = 0
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for ca in coded:
                a = ca.article
                con.execute(
                    "INSERT OR IGNORE INTO articles VALUES (?, 'coded', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _article_row(a, len(ca.events), run_id, now),
                )
                if ca.events:
                    con.executemany(
                        "INSERT OR IGNORE INTO events VALUES (" + ",".join("?" * 33) + ")",
                        [_event_row(e.to_dict(), a, run_id) for e in ca.events],
                    )
                    n_events += len(ca.events)
                if ca.places:
                    con.executemany(
                        "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        [
                            [a.id, p.start, p.end, p.text, p.name, p.geonameid, p.lat, p.lon, p.country, p.admin1, p.feature, p.score, p.role]
                            for p in ca.places
                        ],
                    )
            for art, skip in skipped:
                if art is None:
                    continue
                row = _article_row(art, 0, run_id, now)
                con.execute(
                    "INSERT OR IGNORE INTO articles VALUES (?, 'skipped', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [row[0], skip.reason, *row[1:]],
                )
            for q in quarantined:
                con.execute(
                    "INSERT OR IGNORE INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [quarantine_id(q), str(q.origin), q.code, q.error, q.article_id, q.excerpt, run_id, now],
                )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return n_events

    # -- reading --------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "places", "quarantine", "runs"):
            out[table] = int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
        return out

    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        return list(self.iter_events(limit))

    def iter_events(self, limit: int | None = None, chunk: int = 5000) -> Iterator[dict[str, Any]]:
        """Events in a stable order, streamed: an export of millions never holds them all."""
        sql = "SELECT record FROM events ORDER BY published NULLS LAST, article_id, start_char"
        from .clusters.store import has_clusters  # the clustering run's ids, when it ran

        clustered = has_clusters(self.con)
        if clustered:
            sql = (
                "SELECT e.record, c.cluster_id, a.story_id FROM events e LEFT JOIN event_clusters c USING (event_id)"
                " LEFT JOIN cluster_articles a ON a.article_id = e.article_id ORDER BY e.published NULLS LAST, e.article_id, e.start_char"
            )
        if limit:
            sql += f" LIMIT {int(limit)}"
        cur = self.con.cursor()
        try:
            cur.execute(sql)
            while rows := cur.fetchmany(chunk):
                for r in rows:
                    d = json.loads(r[0])
                    if clustered:
                        d["cluster_id"], d["story_id"] = r[1], r[2]
                    yield d
        finally:
            cur.close()

    # -- export ---------------------------------------------------------------
    def export(self, target: str, out: str | os.PathLike[str] | None, stream: Any = None) -> int:
        """Write events to ``out`` (or ``stream`` when out is None); returns rows written."""
        if target not in EXPORT_TARGETS:
            raise UsageError("E005", target=target, choices=", ".join(EXPORT_TARGETS))
        if target == "parquet":
            if out is None:
                raise UsageError("E003", path="-", reason="parquet needs an output file (-o FILE)")
            self.con.execute(
                f"COPY (SELECT * EXCLUDE (record) FROM events ORDER BY published NULLS LAST, article_id, start_char) TO '{_sql_path(out)}' (FORMAT PARQUET)"
            )
            return int(self.con.execute("SELECT count(*) FROM events").fetchone()[0])
        records = self.iter_events()
        if target in ("csv", "geojson"):
            records = self._with_articles(records)
        n = 0
        fh = open(out, "w", encoding="utf-8", newline="") if out is not None else stream
        try:
            if target == "jsonl":
                for r in records:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
                    n += 1
            elif target == "geojson":
                fh.write('{"type": "FeatureCollection", "features": [')
                first = True
                for r in records:
                    n += 1
                    feat = to_feature(r)
                    if feat is not None:
                        fh.write(("" if first else ",") + "\n" + json.dumps(feat, ensure_ascii=False))
                        first = False
                fh.write("\n]}\n")
            elif target == "csv":
                w = csv.DictWriter(fh, fieldnames=FLAT_FIELDS)
                w.writeheader()
                for r in records:
                    w.writerow(flatten(r))
                    n += 1
            else:
                n = self._export_acled(records, fh)
        finally:
            if out is not None:
                fh.close()
        return n

    def _with_articles(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Records with their article's outlet, date, title and url (the export's provenance)."""
        arts = {
            r[0]: {"source": r[1], "published": r[2].isoformat() if r[2] else None, "title": r[3], "url": r[4]}
            for r in self.con.execute("SELECT id, source, published, title, url FROM articles").fetchall()
        }
        for r in records:
            yield {**r, "article": arts.get(r["article_id"])}

    def _export_acled(self, records: Iterable[dict[str, Any]], fh: Any) -> int:
        """ACLED rows: per article, one row per happening, chosen as the eval chooses.

        ACLED codes one event per happening, not one per trigger, so the rows are
        :func:`eventcoder.acled.acled_report` of each article's events (grouped by date and
        place, the primary event of each group by ACLED's rules) — the same
        ``primary_acled`` that ``eventcoder eval acled`` scores. Events arrive ordered by
        article, so one article is held in memory at a time. Returns the rows written.
        """
        from .acled import acled_report

        w = csv.DictWriter(fh, fieldnames=ACLED_FIELDS)
        w.writeheader()
        n = 0
        for aid, events in groupby(records, key=lambda r: r["article_id"]):
            rows = acled_report(events)
            if not rows:
                continue
            found = self.con.execute("SELECT source FROM articles WHERE id = ?", [aid]).fetchone()
            for r in rows:
                w.writerow(to_acled(r, found[0] if found else None))
                n += 1
        return n


def quarantine_id(q: Quarantine) -> str:
    return content_hash(str(q.origin), q.code)


def _sql_path(p: str | os.PathLike[str]) -> str:
    return str(Path(p)).replace("'", "''")


def _article_row(a: Article, n_events: int, run_id: str, now: datetime) -> list[Any]:
    return [
        a.id,
        a.title,
        a.source,
        json.dumps(a.tags),
        a.published,
        a.url,
        a.language,
        a.text,
        json.dumps(a.captions),
        json.dumps(a.meta.get("caption_spans", [])),
        json.dumps(a.removed),
        json.dumps(a.warnings),
        json.dumps(a.countries),
        a.region,
        str(a.origin),
        json.dumps({k: v for k, v in a.meta.items() if k != "caption_spans"}, default=str),
        n_events,
        run_id,
        now,
    ]


def _event_row(d: dict[str, Any], a: Article, run_id: str) -> list[Any]:
    sa, ta, loc, acled = d["source_actor"] or {}, d["target_actor"] or {}, d["location"] or {}, d["acled"] or {}
    return [
        d["event_id"],
        d["article_id"],
        d["type"],
        d["mode"],
        acled.get("event_type"),
        acled.get("sub_event_type"),
        sa.get("name"),
        sa.get("country"),
        sa.get("sector"),
        ta.get("name"),
        ta.get("country"),
        ta.get("sector"),
        loc.get("name"),
        loc.get("geonameid"),
        loc.get("country"),
        loc.get("admin1"),
        loc.get("lat"),
        loc.get("lon"),
        d["date"]["value"],
        d["date"]["precision"],
        d["date"]["text"],
        "; ".join(x["name"] or x["text"] for x in d["reported_by"]) or None,
        d["negated"],
        d["hypothetical"],
        d["trigger"]["text"],
        d["sentence"],
        d["start"],
        d["end"],
        d["confidence"],
        a.source,
        a.published,
        json.dumps(d, ensure_ascii=False),
        run_id,
    ]


FLAT_FIELDS = [
    "event_id", "article_id", "type", "mode", "acled_event_type", "acled_sub_event_type",
    "source_text", "source_name", "source_country", "source_sector",
    "target_text", "target_name", "target_country", "target_sector",
    "location_text", "location_name", "geonameid", "lat", "lon", "country", "admin1", "location_basis",
    "location_precision", "date", "date_precision", "date_text", "reported_by", "negated", "hypothetical",
    "trigger", "sentence", "start", "end", "confidence",
    "outlet", "published", "title", "url",
]  # fmt: skip


def flatten(r: dict[str, Any]) -> dict[str, Any]:
    sa, ta, loc, acled = r["source_actor"] or {}, r["target_actor"] or {}, r["location"] or {}, r["acled"] or {}
    return {
        "event_id": r["event_id"],
        "article_id": r["article_id"],
        "type": r["type"],
        "mode": r["mode"],
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "source_text": sa.get("text"),
        "source_name": sa.get("name"),
        "source_country": sa.get("country"),
        "source_sector": sa.get("sector"),
        "target_text": ta.get("text"),
        "target_name": ta.get("name"),
        "target_country": ta.get("country"),
        "target_sector": ta.get("sector"),
        "location_text": loc.get("text"),
        "location_name": loc.get("name"),
        "geonameid": loc.get("geonameid"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "location_basis": loc.get("basis"),
        "location_precision": loc.get("precision"),
        "date": r["date"]["value"],
        "date_precision": r["date"]["precision"],
        "date_text": r["date"]["text"],
        "reported_by": "; ".join(x["name"] or x["text"] for x in r["reported_by"]),
        "negated": r["negated"],
        "hypothetical": r["hypothetical"],
        "trigger": r["trigger"]["text"],
        "sentence": r["sentence"],
        "start": r["start"],
        "end": r["end"],
        "confidence": r["confidence"],
        # provenance: who reported it (the record's "article", when the reader joined it)
        "outlet": (r.get("article") or {}).get("source"),
        "published": (r.get("article") or {}).get("published"),
        "title": (r.get("article") or {}).get("title"),
        "url": (r.get("article") or {}).get("url"),
    }


def to_feature(r: dict[str, Any]) -> dict[str, Any] | None:
    """One event as a GeoJSON point feature (None when it has no coordinates)."""
    loc = r.get("location") or {}
    if loc.get("lat") is None or loc.get("lon") is None:
        return None
    props = flatten(r)
    props.pop("lat")
    props.pop("lon")
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}, "properties": props}



ACLED_FIELDS = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "iso3",
]  # fmt: skip
_PRECISION_ACLED = {"day": 1, "week": 2, "month": 3, "year": 3}
#: ACLED geo_precision (1 town, 2 part of a region / near a town, 3 larger region) of a
#: location's precision (eventcoder.geo.precision)
_GEO_PRECISION_ACLED = {"point": 1, "admin2": 2, "admin1": 3, "country": 3}


def acled_geo_precision(loc: dict[str, Any]) -> int | None:
    """ACLED's ``geo_precision`` of a location: its precision's code; a place that is only
    the article's main place (basis ``article``) is at best "near" it (2). A record written
    before locations had a precision falls back to its basis (stated 1, article 2); a
    precision of None is a place without coordinates."""
    if not loc:
        return None
    if "precision" in loc:
        code = _GEO_PRECISION_ACLED.get(loc["precision"] or "")
    else:
        code = 1 if loc.get("basis") in ("trigger", "sentence", "article") else None
    if code is not None and loc.get("basis") == "article":
        code = max(code, 2)
    return code


def to_acled(r: dict[str, Any], source: str | None) -> dict[str, Any]:
    """One event in ACLED's column layout (the subset eventcoder can fill honestly)."""
    loc = r.get("location") or {}
    sa, ta = r["source_actor"] or {}, r["target_actor"] or {}
    date = r["date"]["value"]
    return {
        "event_id_cnty": r["event_id"],
        "event_date": date,
        "year": date[:4] if date else None,
        "time_precision": _PRECISION_ACLED.get(r["date"]["precision"] or ""),
        "event_type": r["acled"]["event_type"],
        "sub_event_type": r["acled"]["sub_event_type"],
        "actor1": sa.get("name") or sa.get("text"),
        "actor2": ta.get("name") or ta.get("text"),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "location": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": acled_geo_precision(loc),
        "source": source,
        "notes": r["sentence"],
        "iso3": loc.get("country"),
    }
