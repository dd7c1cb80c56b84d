"""Load benchmark of ``eventcoder serve``: 100,000 synthetic events, the main endpoints timed.

    python benchmarks/serve_load.py                       # 100k events, prints a table and JSON
    python benchmarks/serve_load.py --events 20000 --repeat 5

Runs in process through the ASGI app (httpx + TestClient), so the numbers are the server's
work (DuckDB query + JSON) without network; each endpoint is requested ``repeat`` times
and the median and max wall-clock milliseconds are reported. The database is filled with
``fill_synthetic`` straight in SQL (coding 10,000 articles would take an hour and measure
the pipeline, not the server). Not part of the package: nothing installed imports it.
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

ENDPOINTS: list[tuple[str, str]] = [
    ("health", "/api/health"),
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


def fill_synthetic(path: str | os.PathLike[str], n_events: int = 100_000, seed: int = 7) -> None:
    """Append ``n_events`` synthetic events (and one article per 10 events) in a few SQL statements.

    Events cluster around 400 "cities" spread over the land masses, over 2015..2019; each
    record is a complete event JSON, so every endpoint works on them as on real ones.
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
            """
            INSERT INTO articles
            SELECT 'syn' || lpad(CAST(i AS VARCHAR), 8, '0'), 'coded', NULL,
                   'Synthetic article ' || i, ['Agency A','Agency B','Daily C','Wire D'][1 + (i % 4)],
                   '[]', DATE '2015-01-01' + CAST(i % 1826 AS INTEGER), NULL, 'en',
                   'Forces attacked positions near the city, officials said.',
                   '[]', '[]', '[]', '[]', '[]', NULL, 'synthetic', '{}', 10, 'synthetic', now()
            FROM range(?) t(i)
            """,
            [n_articles],
        )
        con.execute(
            f"""
            INSERT INTO events
            WITH base AS (
              SELECT i, 'syn' || lpad(CAST(i // 10 AS VARCHAR), 8, '0') AS article_id,
                     {types}[1 + CAST(floor(random() * {len(_SYNTH_TYPES)}) AS INTEGER)] AS type,
                     c.lat + (random() - 0.5) * 2 AS lat, c.lon + (random() - 0.5) * 2 AS lon, c.cc,
                     DATE '2015-01-01' + CAST((i // 10) % 1826 AS INTEGER) AS d,
                     round(random(), 3) AS conf, random() < 0.03 AS neg, random() < 0.05 AS hyp
              FROM range(?) t(i) JOIN cities c ON c.city = (i * 7919) % 400
            )
            SELECT md5(CAST(i AS VARCHAR))[1:16], article_id, type, NULL, NULL, NULL,
                   'Forces', cc, 'MIL', 'Positions', NULL, NULL,
                   'City ' || cc, NULL, cc, NULL, lat, lon, d, 'day', 'on Monday', 'officials',
                   neg, hyp, 'attacked', 'Forces attacked positions near the city, officials said.',
                   0, 56, conf, ['Agency A','Agency B','Daily C','Wire D'][1 + ((i // 10) % 4)], d,
                   json_object(
                     'event_id', md5(CAST(i AS VARCHAR))[1:16], 'article_id', article_id, 'type', type, 'mode', NULL,
                     'acled', NULL,
                     'source_actor', json_object('text', 'Forces', 'name', 'Forces', 'country', cc, 'sector', 'MIL', 'start', 0, 'end', 6),
                     'target_actor', json_object('text', 'positions', 'name', 'Positions', 'country', NULL, 'sector', NULL, 'start', 16, 'end', 25),
                     'location', json_object('text', 'the city', 'name', 'City ' || cc, 'geonameid', NULL, 'lat', lat, 'lon', lon,
                                             'country', cc, 'admin1', NULL, 'start', 31, 'end', 39, 'basis', 'sentence'),
                     'date', json_object('value', strftime(d, '%Y-%m-%d'), 'precision', 'day', 'text', NULL, 'start', NULL, 'end', NULL),
                     'reported_by', json_array(json_object('text', 'officials', 'name', 'officials', 'start', 41, 'end', 50)),
                     'negated', neg, 'hypothetical', hyp,
                     'trigger', json_object('text', 'attacked', 'start', 7, 'end', 15),
                     'sentence', 'Forces attacked positions near the city, officials said.', 'start', 0, 'end', 56,
                     'confidence', conf),
                   'synthetic'
            FROM base
            """,
            [n_events],
        )
    finally:
        con.close()


def run(n_events: int = 100_000, repeat: int = 5, db_path: str | None = None) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from eventcoder.serve import create_app

    tmp = None
    if db_path is None:
        tmp = tempfile.TemporaryDirectory(prefix="eventcoder-bench-")
        db_path = os.path.join(tmp.name, "bench.duckdb")
    t0 = time.perf_counter()
    fill_synthetic(db_path, n_events)
    fill_s = time.perf_counter() - t0
    app = create_app(db_path)
    results: dict[str, Any] = {
        "events": n_events,
        "fill_seconds": round(fill_s, 2),
        "repeat": repeat,
        "endpoints": {},
    }
    try:
        c = TestClient(app)
        first = c.get("/api/events", params={"limit": 50}).json()
        urls = {
            "__next__": f"/api/events?limit=50&cursor={first['next_cursor']}",
            "__detail__": f"/api/events/{first['items'][0]['event_id']}",
        }
        for name, url in ENDPOINTS:
            url = urls.get(url, url)
            times, size, status = [], 0, 0
            for _ in range(repeat):
                t = time.perf_counter()
                r = c.get(url)
                times.append((time.perf_counter() - t) * 1000)
                size, status = len(r.content), r.status_code
            results["endpoints"][name] = {
                "url": url,
                "status": status,
                "median_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
                "bytes": size,
            }
    finally:
        app.state.db.close()
        if tmp is not None:
            tmp.cleanup()
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", help="keep the synthetic database at this path (must not exist)")
    ap.add_argument("--json", action="store_true", help="print JSON only")
    args = ap.parse_args(argv)
    res = run(args.events, args.repeat, args.db)
    if not args.json:
        print(
            f"{res['events']} synthetic events written in {res['fill_seconds']} s; {res['repeat']} requests each"
        )
        print(f"{'endpoint':26} {'status':>6} {'median ms':>10} {'max ms':>8} {'bytes':>10}")
        for name, r in res["endpoints"].items():
            print(
                f"{name:26} {r['status']:>6} {r['median_ms']:>10} {r['max_ms']:>8} {r['bytes']:>10}"
            )
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
