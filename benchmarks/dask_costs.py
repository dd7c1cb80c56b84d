"""Where Dask's fixed and per-article costs go: one partition coded in this process, on a
worker with Dask's default config, and on a worker of ``client_for`` (``WORKER_CONFIG``).

    PYTHONPATH=src python benchmarks/dask_costs.py [--limit 100] [--rounds 3] [--out FILE.json]

The three ways code the same partition (the first ``--limit`` BBC articles, one Dask task),
alternated ``--rounds`` times after one warm-up each, so that a shared machine's load falls on
all three alike; the numbers are the *process CPU seconds* of the coding (``code_part``'s
``cpu["code"]``: pipeline build and Parquet writing apart). Also printed: each cluster's
start-up (wall) and a worker's first task (pipeline build, CPU). Reads
``../shared/bench/bbc-news/`` (skips cleanly when absent); the texts are used to measure only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "bbc-news"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=100, help="articles in the partition")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: skipped")
        return 0
    from dask.distributed import Client, LocalCluster

    from eventcoder.distributed import Part, client_for, code_part

    files = tuple(sorted(str(p) for p in corpus.rglob("*.txt"))[: args.limit])
    part = Part(0, files)
    tmp = tempfile.mkdtemp()
    call = (tmp, "txt", None, 1_000_000, 32)
    out: dict[str, Any] = {"articles": len(files)}

    t = time.perf_counter()
    stock_cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
    stock = Client(stock_cluster)
    out["stock_cluster_start_wall_s"] = time.perf_counter() - t
    t = time.perf_counter()
    tuned = client_for("local:1")
    out["tuned_cluster_start_wall_s"] = time.perf_counter() - t
    try:
        ways = {
            "this process": lambda rid: code_part(part, call[0], rid, *call[1:]),
            "Dask defaults": lambda rid: stock.submit(code_part, part, call[0], rid, *call[1:], pure=False).result(),
            "client_for (WORKER_CONFIG)": lambda rid: tuned.submit(code_part, part, call[0], rid, *call[1:], pure=False).result(),
        }
        first = {name: way(f"warm{i:028d}")["cpu"] for i, (name, way) in enumerate(ways.items())}
        out["first_task_cpu_s"] = first
        cpu: dict[str, list[float]] = {name: [] for name in ways}
        for r in range(args.rounds):
            for i, (name, way) in enumerate(ways.items()):
                cpu[name].append(way(f"r{r:03d}w{i:027d}")["cpu"]["code"])
        out["code_cpu_s"] = cpu
    finally:
        for client in (stock, tuned):
            cluster = client.cluster
            client.close()
            cluster.close()
    base = statistics.median(cpu["this process"])
    print(f"{len(files)} BBC articles, one partition; cluster start-up (wall): Dask defaults "
          f"{out['stock_cluster_start_wall_s']:.1f} s, client_for {out['tuned_cluster_start_wall_s']:.1f} s")
    print(f"{'coded in':30s} {'first task: build + code CPU s':>31s} {'code CPU s (median)':>20s} {'x this process':>15s}")
    for name, xs in cpu.items():
        f = first[name]
        print(f"{name:30s} {f['build']:14.2f} + {f['code']:6.2f}        {statistics.median(xs):20.2f} {statistics.median(xs) / base:15.3f}")
    out["ratio_to_this_process"] = {name: statistics.median(xs) / base for name, xs in cpu.items()}
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
