"""Load benchmark of ``eventcoder serve``: 100,000 synthetic events, the main endpoints timed.

    python -m eventcoder.serve.bench            # 100k events, prints a table and JSON
    python -m eventcoder.serve.bench --events 20000 --repeat 5

Runs in process through the ASGI app (httpx + TestClient), so the numbers are the server's
work (DuckDB query + JSON) without network; each endpoint is requested ``repeat`` times
and the median and max wall-clock milliseconds are reported.
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


def run(n_events: int = 100_000, repeat: int = 5, db_path: str | None = None) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from . import create_app
    from .demo import fill_synthetic

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
