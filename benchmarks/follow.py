"""``serve`` following a database that ``run`` writes: what it costs each side.

    python benchmarks/follow.py [--n 200] [--corpus DIR] [--interval 0.05]

Three measurements on the same N articles (default: the first 200 of
../shared/bench/bbc-news, read in place; skips cleanly when absent):

1. ``eventcoder run`` alone into a fresh database: seconds;
2. the same run while a server (``create_app`` in this process) is polled every
   ``--interval`` s with ``/api/health`` and ``/api/events?limit=50``: the run's seconds,
   the server's answers by status, latency percentiles, and how the article count grew;
3. the same requests on the finished database with no writer: latency percentiles.

Prints one JSON object. Ratios within one invocation are what to compare (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout, not an installed eventcoder
DEFAULT = ROOT.parent / "shared" / "bench" / "bbc-news"


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def cmd(files: list[str], db: Path) -> list[str]:
    return [sys.executable, "-m", "eventcoder", "run", *files, "--db", str(db), "--published", "2005-01-01",
            "--format", "jsonl", "--no-progress"]  # fmt: skip


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(q * len(xs)))] * 1000, 1) if xs else 0.0


def poll(client: Any, until: Any, interval: float) -> dict[str, Any]:
    lat: list[float] = []
    statuses: dict[int, int] = {}
    counts: list[int] = []
    while not until():
        for path, params in (("/api/health", None), ("/api/events", {"limit": 50})):
            t = time.perf_counter()
            r = client.get(path, params=params)
            lat.append(time.perf_counter() - t)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            if path == "/api/health" and r.status_code == 200:
                counts.append(r.json()["counts"]["articles"])
        time.sleep(interval)
    return {"requests": len(lat), "by_status": statuses, "p50_ms": pct(lat, 0.5), "p95_ms": pct(lat, 0.95),
            "max_ms": pct(lat, 1.0), "mean_ms": round(statistics.mean(lat) * 1000, 1) if lat else 0.0,
            "distinct_counts_seen": len(set(counts)), "counts_never_decreased": counts == sorted(counts)}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--interval", type=float, default=0.05)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(json.dumps({"skipped": f"{corpus} not found"}))
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from eventcoder.serve import create_app
    from eventcoder.store import Store

    files = [str(p) for p in sorted(corpus.rglob("*.txt"))[: args.n]]
    work = Path(tempfile.mkdtemp(prefix="eventcoder-follow-"))
    out: dict[str, Any] = {"articles": len(files)}

    t = time.perf_counter()
    subprocess.run(cmd(files, work / "alone.duckdb"), env=env(), check=True, capture_output=True)
    out["run_alone_seconds"] = round(time.perf_counter() - t, 1)

    db = work / "followed.duckdb"
    Store(db).close()
    app = create_app(str(db))
    client = TestClient(app, raise_server_exceptions=False)
    t = time.perf_counter()
    proc = subprocess.Popen(cmd(files, db), env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    out["serve_while_run_writes"] = poll(client, lambda: proc.poll() is not None, args.interval)
    out["run_followed_seconds"] = round(time.perf_counter() - t, 1)
    out["run_exit"] = proc.returncode
    out["server_connections_opened"] = app.state.db.reopened
    final = client.get("/api/health").json()["counts"]["articles"]
    with Store(work / "alone.duckdb", read_only=True) as st:
        alone = st.counts()["articles"]
    out["no_rows_lost"] = final == alone
    deadline = time.perf_counter() + 10
    out["serve_idle_database"] = poll(client, lambda: time.perf_counter() > deadline, args.interval)
    app.state.db.close()
    out["run_slowdown_ratio"] = round(out["run_followed_seconds"] / out["run_alone_seconds"], 3)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
