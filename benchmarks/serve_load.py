"""Load benchmark of ``eventcoder serve``: synthetic events, the main endpoints timed.

    python benchmarks/serve_load.py                       # 100k events, in process
    python benchmarks/serve_load.py --events 1000000 --http --repeat 20   # the issue-16 gate

In process (default) the requests go through the ASGI app (httpx + TestClient), so the
numbers are the server's work (DuckDB query + JSON) without network; with ``--http`` a real
uvicorn server listens on 127.0.0.1 and the requests go over TCP (bounded: ``repeat``
requests per endpoint, one client). Each endpoint is requested ``repeat`` times after one
warm-up request (reported apart: the first actor or place search builds the catalog) and
the median, p95 and max wall-clock milliseconds are reported; ``--gate MS`` exits 1 when a
gated endpoint's p95 is above it. The database is filled with ``fill_synthetic`` straight in
SQL (coding 100,000 articles would take days and measure the pipeline, not the server).
Not part of the package: nothing installed imports it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
import warnings
from typing import Any

#: the endpoints issue 16 requires under 300 ms at p95 on 1 M events
GATED = (
    "events page (100, newest)",
    "events page (100, real-world events)",
    "map zoom 2 (real-world events)",
    "map zoom 2 (world)",
    "map zoom 6 (view)",
    "place search (autocomplete)",
    "events by place (variant)",
    "actor search (picker)",
    "events by actor (alias)",
)

ENDPOINTS: list[tuple[str, str]] = [
    ("health", "/api/health"),
    ("events page (100, newest)", "/api/events?limit=100"),
    ("events page sorted by outlet", "/api/events?limit=100&sort=outlet&order=asc"),
    ("events page (100, real-world events)", "/api/events?limit=100&count_by=clusters"),
    ("real-world events sorted by outlet", "/api/events?limit=100&count_by=clusters&sort=outlet&order=asc"),
    ("real-world events of an actor", "/api/events?actor=ISIL&actor_role=source&limit=100&count_by=clusters"),
    ("map zoom 2 (real-world events)", "/api/events.geojson?zoom=2&count_by=clusters"),
    ("map zoom 6 (real-world events)", "/api/events.geojson?zoom=6&view=30,25,50,40&count_by=clusters"),
    ("events by date basis (publication)", "/api/events?date_basis=publication&limit=100"),
    ("cluster list", "/api/clusters?limit=25&min_sources=2"),
    ("events page (50)", "/api/events?limit=50"),
    ("events page (500)", "/api/events?limit=500"),
    ("events filtered", "/api/events?type=ASSAULT&country=SYR&min_confidence=0.5&limit=100"),
    ("events text search", "/api/events?q=attacked&actor=forc&limit=100"),
    ("events 2nd page", "__next__"),
    ("event detail", "__detail__"),
    ("facets (all)", "/api/facets"),
    ("facets filtered", "/api/facets?type=ASSAULT&date_from=2016-01-01&date_to=2016-12-31"),
    ("map zoom 2 (world)", "/api/events.geojson?zoom=2"),
    ("map zoom 6 (view)", "/api/events.geojson?zoom=6&view=30,25,50,40"),
    ("map zoom 12 (view)", "/api/events.geojson?zoom=12&view=40,33,41.5,35"),
    ("place search (autocomplete)", "/api/places?q=Bagh&limit=12"),
    ("events by place (variant)", "/api/events?place=Baghouz&limit=100"),
    ("events by place + 50 km", "/api/events?place=Baghouz&radius_km=50&limit=100"),
    ("actor search (picker)", "/api/actors?q=ISIL&limit=12"),
    ("events by actor (alias)", "/api/events?actor=ISIL&actor_role=source&limit=100"),
    ("events country-level only", "/api/events?precision=country&limit=100"),
    ("full text (sentence LIKE)", "/api/events?q=near+Baghouz&limit=100"),
    ("facets + timeline window", "/api/facets?actor=ISIL"),
    ("articles page", "/api/articles?limit=50"),
    ("export.csv (10k rows)", "/api/export.csv?limit=10000"),
    ("export.geojson (10k)", "/api/export.geojson?limit=10000"),
]


_SYNTH_TYPES = [
    "ASSAULT",
    "COERCE",
    "PROTEST",
    "THREATEN",
    "AGREE",
    "CONSULT",
    "ACCUSE",
    "AID",
    "SANCTION",
    "MOBILIZE",
]


#: (canonical name, surface text, country, sector) of the synthetic actors: real dictionary
#: names, so the actor filter's aliases ("ISIL") work on the synthetic events as on real ones
_SYNTH_ACTORS = [
    ("Islamic State", "ISIL fighters", None, "REB"),
    ("Military Forces of Syria", "Syrian army", "SYR", "MIL"),
    ("Government of Israel", "Israel", "ISR", "GOV"),
    ("Kurdistan Workers' Party", "PKK", "TUR", "REB"),
    ("Police Forces", "police", None, "COP"),
    ("Protesters", "protesters", None, "CVL"),
    ("Forces", "Forces", None, "MIL"),
]
#: real places (geonameid, name, surface text, lat, lon, ISO3): the place filter's spelling
#: variants ("Baghouz") resolve to them through the gazetteer
_SYNTH_PLACES = [
    (900000089, "Baghuz Fawqani", "Baghouz", 34.45, 40.94, "SYR"),
    (174448, "Ālbū Kamāl", "Abu Kamal", 34.45226, 40.91854, "SYR"),
    (172955, "Ar Raqqah", "Raqqa", 35.95283, 39.00788, "SYR"),
]
#: countries whose centroid stands for country-level events (GeoNames ids, representative points)
_SYNTH_COUNTRIES = [
    (163843, "Syria", 35.0, 38.0, "SYR"),
    (99237, "Iraq", 33.0, 44.0, "IRQ"),
    (69543, "Yemen", 15.5, 47.5, "YEM"),
]


def fill_synthetic(path: str | os.PathLike[str], n_events: int = 100_000, seed: int = 7) -> None:
    """Append ``n_events`` synthetic events (and one article per 10 events) in a few SQL statements.

    Events cluster around 400 "cities" spread over the land masses, over 2015..2019, with
    what makes the explorer's work hard on real news: 8 % at real named places whose
    articles spell them differently (Baghouz), 10 % at a country's centroid (country-level
    precision), 3 % dated decades back (background, flagged ``historical``), week-precision publication dates,
    dictionary actors with aliases. Each record is a complete event JSON, so every endpoint
    works on them as on real ones.
    """
    import duckdb

    from eventcoder.store import Store

    Store(path).close()  # create / migrate the schema
    n_articles = max(1, n_events // 10)
    types = "[" + ",".join(f"'{t}'" for t in _SYNTH_TYPES) + "]"
    con = duckdb.connect(str(path))
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SELECT setseed({(seed % 100) / 100})")
        con.execute(
            """
            CREATE TEMP TABLE cities AS
            SELECT i AS city,
                   -35 + 95 * random() AS lat,
                   -120 + 260 * random() AS lon,
                   ['SYR','IRQ','YEM','AFG','SOM','NGA','UKR','MEX','COL','IND','PAK','KEN','SDN','MLI','MMR'][1 + (i % 15)] AS cc
            FROM range(400) t(i)
            """
        )
        con.execute(
            "CREATE TEMP TABLE actors AS SELECT * FROM (VALUES "
            + ",".join(f"({i}, ?, ?, ?, ?)" for i in range(len(_SYNTH_ACTORS)))
            + ") t(a, name, text, country, sector)",
            [v for row in _SYNTH_ACTORS for v in row],
        )
        con.execute(
            "CREATE TEMP TABLE named AS SELECT * FROM (VALUES "
            + ",".join(f"({i}, ?, ?, ?, ?, ?, ?)" for i in range(len(_SYNTH_PLACES + _SYNTH_COUNTRIES)))
            + ") t(p, gid, name, text, lat, lon, cc)",
            [
                v
                for row in [*_SYNTH_PLACES, *((g, n, n, la, lo, c) for g, n, la, lo, c in _SYNTH_COUNTRIES)]
                for v in row
            ],
        )
        n_named, n_places = len(_SYNTH_PLACES), len(_SYNTH_PLACES) + len(_SYNTH_COUNTRIES)
        con.execute(
            """
            INSERT INTO articles
            SELECT 'syn' || lpad(CAST(i AS VARCHAR), 8, '0'), 'coded', NULL,
                   'Synthetic article ' || i, ['Agency A','Agency B','Daily C','Wire D'][1 + (i % 4)],
                   '[]', DATE '2015-01-01' + CAST(i % 1826 AS INTEGER),
                   'https://example.org/synthetic/' || i, 'en',
                   'Forces attacked positions near the city, officials said.',
                   '[]', '[]', '[]', '[]', '[]', NULL, 'synthetic', '{}', 10, 'synthetic', now()
            FROM range(?) t(i)
            """,
            [n_articles],
        )
        con.execute(
            f"""
            CREATE TEMP TABLE base AS
              SELECT i, 'syn' || lpad(CAST(i // 10 AS VARCHAR), 8, '0') AS article_id,
                     {types}[1 + CAST(floor(random() * {len(_SYNTH_TYPES)}) AS INTEGER)] AS type,
                     c.lat + (random() - 0.5) * 2 AS clat, c.lon + (random() - 0.5) * 2 AS clon, c.cc AS ccc,
                     DATE '2015-01-01' + CAST((i // 10) % 1826 AS INTEGER) AS pub,
                     random() AS r_place, random() AS r_date, random() AS r_prec,
                     CAST(floor(random() * {len(_SYNTH_ACTORS)}) AS INTEGER) AS sa,
                     CAST(floor(random() * {len(_SYNTH_ACTORS)}) AS INTEGER) AS ta,
                     round(random(), 3) AS conf, random() < 0.03 AS neg, random() < 0.05 AS hyp
              FROM range(?) t(i) JOIN cities c ON c.city = (i * 7919) % 400
            """,
            [n_events],
        )
        con.execute(
            f"""
            CREATE TEMP TABLE ev AS
            SELECT b.*, s.name AS s_name, s.text AS s_text, s.country AS s_cc, s.sector AS s_sec,
                   t.name AS t_name, t.text AS t_text, t.country AS t_cc, t.sector AS t_sec,
                   CASE WHEN b.r_place < 0.08 THEN CAST(floor(b.r_place / 0.08 * {n_named}) AS INTEGER)
                        WHEN b.r_place < 0.18 THEN {n_named} + CAST(floor((b.r_place - 0.08) / 0.10 * {n_places - n_named}) AS INTEGER)
                        ELSE NULL END AS p,
                   CASE WHEN b.r_date < 0.03 THEN DATE '1956-01-01' + CAST(floor(b.r_date / 0.03 * 16000) AS INTEGER)
                        ELSE b.pub - CAST(floor(b.r_date * 5) AS INTEGER) END AS d,
                   CASE WHEN b.r_prec < 0.7 THEN 'day' WHEN b.r_prec < 0.9 THEN 'week' ELSE 'month' END AS dprec,
                   CASE WHEN b.r_prec < 0.7 THEN 'text' WHEN b.r_prec < 0.9 THEN 'publication' ELSE 'narrative' END AS dbasis
            FROM base b JOIN actors s ON s.a = b.sa JOIN actors t ON t.a = (b.ta + 1) % {len(_SYNTH_ACTORS)}
            """
        )
        con.execute(
            """
            INSERT INTO events
            WITH e AS (
              SELECT v.*, v.r_date < 0.03 AS b_hist, coalesce(n.lat, v.clat) AS lat, coalesce(n.lon, v.clon) AS lon,
                     coalesce(n.cc, v.ccc) AS cc, n.gid, coalesce(n.name, 'City ' || v.ccc) AS lname,
                     coalesce(n.text, 'the city') AS ltext,
                     CASE WHEN v.p >= ? THEN 'A.PCLI' WHEN v.p IS NOT NULL THEN 'P.PPL' END AS feature
              FROM ev v LEFT JOIN named n ON n.p = v.p
            )
            SELECT md5(CAST(i AS VARCHAR))[1:16], article_id, type, NULL, NULL, NULL,
                   s_name, s_cc, s_sec, t_name, t_cc, t_sec,
                   lname, gid, cc, NULL, lat, lon, d, dprec, 'on Monday', 'officials',
                   neg, hyp, 'attacked', s_text || ' attacked ' || t_text || ' near ' || ltext || ', officials said.',
                   0, 56, conf, ['Agency A','Agency B','Daily C','Wire D'][1 + ((i // 10) % 4)], pub,
                   json_object(
                     'event_id', md5(CAST(i AS VARCHAR))[1:16], 'article_id', article_id, 'type', type, 'mode', NULL,
                     'acled', NULL,
                     'source_actor', json_object('text', s_text, 'name', s_name, 'country', s_cc, 'sector', s_sec, 'start', 0, 'end', 6),
                     'target_actor', json_object('text', t_text, 'name', t_name, 'country', t_cc, 'sector', t_sec, 'start', 16, 'end', 25),
                     'location', json_object('text', ltext, 'name', lname, 'geonameid', gid, 'lat', lat, 'lon', lon,
                                             'country', cc, 'admin1', NULL, 'start', 31, 'end', 39, 'basis', 'sentence',
                                             'feature', feature),
                     'date', json_object('value', strftime(d, '%Y-%m-%d'), 'precision', dprec, 'text', NULL,
                                         'start', NULL, 'end', NULL, 'basis', dbasis),
                     'reported_by', json_array(json_object('text', 'officials', 'name', 'officials', 'start', 41, 'end', 50)),
                     'negated', neg, 'hypothetical', hyp, 'historical', b_hist,
                     'trigger', json_object('text', 'attacked', 'start', 7, 'end', 15),
                     'sentence', s_text || ' attacked ' || t_text || ' near ' || ltext || ', officials said.',
                     'start', 0, 'end', 56, 'confidence', conf),
                   'synthetic', b_hist
            FROM e
            """,
            [n_named],
        )
        # the articles' toponyms: the spellings the place search must know (Baghouz)
        con.execute(
            """
            INSERT OR IGNORE INTO places
            SELECT DISTINCT v.article_id, 31, 39, n.text, n.name, n.gid, n.lat, n.lon, n.cc, NULL,
                   'P.PPL', 1.0, 'place'
            FROM ev v JOIN named n ON n.p = v.p
            """
        )
    finally:
        con.close()


def fill_clusters(path: str | os.PathLike[str], share: float = 0.4) -> None:
    """Cross-article clusters over the synthetic events, as ``eventcoder clusters`` stores them.

    About ``share`` of the events are grouped with the events at the same position of the
    next three articles (same day range, four outlets): clusters of up to 4 reports, so the
    explorer's default "real-world events" count has a window to compute over 40 % of a
    million rows. The records are small but of the real shape (the cluster view's fields).
    """
    import duckdb

    from eventcoder.clusters.store import ensure_schema

    con = duckdb.connect(str(path))
    try:
        con.execute("SET enable_progress_bar = false")
        ensure_schema(con)
        con.execute(
            """
            INSERT OR REPLACE INTO event_clusters
            SELECT event_id, 'k' || md5(article_id[4:] || '/' || CAST(rowid % 10 AS VARCHAR))[1:15], NULL
            FROM (SELECT event_id, 'syn' || lpad(CAST(CAST(article_id[4:] AS BIGINT) // 4 AS VARCHAR), 8, '0') AS article_id, rowid
                  FROM events WHERE article_id LIKE 'syn%') t
            WHERE hash(rowid // 10 // 4, rowid % 10) % 1000 < ?
            """,
            [int(share * 1000)],
        )
        con.execute(
            """
            INSERT OR REPLACE INTO clusters
            SELECT c.cluster_id, NULL, any_value(e.type), count(*), count(DISTINCT e.article_source),
                   CAST(min(e.published) AS VARCHAR), CAST(max(e.published) AS VARCHAR), 0.5, 0,
                   json_object('cluster_id', c.cluster_id, 'type', any_value(e.type), 'event_ids', list(e.event_id),
                               'article_ids', list(DISTINCT e.article_id), 'outlets', list(DISTINCT e.article_source),
                               'independent_sources', count(DISTINCT e.article_source), 'contradictions', json('[]'),
                               'sources', json('[]'), 'fields', json('{}'))
            FROM event_clusters c JOIN events e ON e.event_id = c.event_id GROUP BY c.cluster_id
            """
        )
    finally:
        con.close()


def _percentile(xs: list[float], q: float) -> float:
    ys = sorted(xs)
    k = max(0, min(len(ys) - 1, int(round(q * (len(ys) - 1)))))
    return ys[k]


class _HttpServer:
    """uvicorn on 127.0.0.1 in a thread, for ``--http``."""

    def __init__(self, app: Any) -> None:
        import socket
        import threading

        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def run(
    n_events: int = 100_000,
    repeat: int = 5,
    db_path: str | None = None,
    http: bool = False,
    gated_only: bool = False,
) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    import httpx

    from eventcoder.serve import create_app

    tmp = None
    if db_path is None:
        tmp = tempfile.TemporaryDirectory(prefix="eventcoder-bench-")
        db_path = os.path.join(tmp.name, "bench.duckdb")
    t0 = time.perf_counter()
    if not os.path.exists(db_path):
        fill_synthetic(db_path, n_events)
        fill_clusters(db_path)
    fill_s = time.perf_counter() - t0
    app = create_app(db_path)
    results: dict[str, Any] = {
        "events": n_events,
        "fill_seconds": round(fill_s, 2),
        "repeat": repeat,
        "transport": "http 127.0.0.1" if http else "in-process ASGI",
        "endpoints": {},
    }
    srv = _HttpServer(app) if http else None
    try:
        c: Any = (
            httpx.Client(base_url=f"http://127.0.0.1:{srv.port}", timeout=120)
            if srv
            else TestClient(app)
        )
        first = c.get("/api/events", params={"limit": 50}).json()
        results["events"] = first["total"] if n_events is None else n_events
        urls = {
            "__next__": f"/api/events?limit=50&cursor={first['next_cursor']}",
            "__detail__": f"/api/events/{first['items'][0]['event_id']}",
        }
        for name, url in ENDPOINTS:
            if gated_only and name not in GATED:
                continue
            url = urls.get(url, url)
            t = time.perf_counter()
            c.get(url)
            warm = (time.perf_counter() - t) * 1000
            times, size, status = [], 0, 0
            for _ in range(repeat):
                t = time.perf_counter()
                r = c.get(url)
                times.append((time.perf_counter() - t) * 1000)
                size, status = len(r.content), r.status_code
            results["endpoints"][name] = {
                "url": url,
                "status": status,
                "first_ms": round(warm, 1),
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(_percentile(times, 0.95), 1),
                "max_ms": round(max(times), 1),
                "bytes": size,
                "gated": name in GATED,
            }
        c.close()
    finally:
        if srv is not None:
            srv.close()
        app.state.db.close()
        if tmp is not None:
            tmp.cleanup()
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", help="the synthetic database: written there if missing, else reused")
    ap.add_argument("--json", action="store_true", help="print JSON only")
    ap.add_argument("--http", action="store_true", help="serve on 127.0.0.1 and request over TCP")
    ap.add_argument("--gate", type=float, default=None, help="fail when a gated p95 exceeds MS")
    ap.add_argument("--gated-only", action="store_true", help="time only the gated endpoints")
    args = ap.parse_args(argv)
    res = run(args.events, args.repeat, args.db, http=args.http, gated_only=args.gated_only)
    if not args.json:
        print(
            f"{res['events']} synthetic events ({res['fill_seconds']} s to write); {res['repeat']}"
            f" requests each after one warm-up; {res['transport']}"
        )
        print(f"| {'endpoint':32} | status | first ms | median ms | p95 ms | max ms | bytes |")
        print(f"|{'-' * 34}|-------:|---------:|----------:|-------:|-------:|------:|")
        for name, r in res["endpoints"].items():
            mark = " *" if r["gated"] else ""
            print(
                f"| {name + mark:32} | {r['status']} | {r['first_ms']} | {r['median_ms']} |"
                f" {r['p95_ms']} | {r['max_ms']} | {r['bytes']} |"
            )
    print(json.dumps(res))
    if args.gate is not None:
        over = [n for n, r in res["endpoints"].items() if r["gated"] and r["p95_ms"] > args.gate]
        if over:
            print(f"p95 above {args.gate:g} ms: {', '.join(over)}")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
