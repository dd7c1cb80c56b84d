"""Kill-safety of ``eventcoder run`` and ``eventcoder export``, measured with real SIGKILLs.

    python benchmarks/kills.py [--n 2000] [--kills 20] [--exports 10] [--corpus DIR] [--work DIR]

1. An uninterrupted ``eventcoder run`` over the first N articles of the corpus (default
   ../shared/bench/bbc-news, read in place; skips cleanly when absent) into ``ref.duckdb``.
2. The same command into ``killed.duckdb``, SIGKILLed ``--kills`` times at random moments
   (after start-up, before the end), re-started each time, then let finish. Compared with the
   reference: articles (id, status, skip reason), event ids, place rows, quarantine (origin,
   code) must be identical, and no run may be left ``running`` (each killed one ``died``).
3. ``--exports`` exports (jsonl, csv, geojson, parquet, acled-csv in turn) of the result,
   each SIGKILLed half-way: the target must still be the whole earlier export, byte for byte,
   and no temporary file may outlive the next export.

Prints one JSON object (counts and timings); exit 1 when a check fails.
tests/test_store.py runs a bounded version (3 kills, 3 exports).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "bbc-news"
EXPORTS = ("jsonl", "csv", "geojson", "parquet", "acled-csv")


def rows(db: Path) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": sorted(con.execute("SELECT id, status, skip_reason FROM articles").fetchall()),
            "events": sorted(r[0] for r in con.execute("SELECT event_id FROM events").fetchall()),
            "places": con.execute("SELECT count(*) FROM places").fetchone()[0],
            "quarantine": sorted(con.execute("SELECT origin, code FROM quarantine").fetchall()),
            "runs": [r[0] for r in con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()],
        }
    finally:
        con.close()


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def run_cmd(files: list[str], db: Path) -> list[str]:
    return [sys.executable, "-m", "eventcoder", "run", *files, "--db", str(db), "--published", "2005-01-01",
            "--format", "jsonl", "--no-progress"]  # fmt: skip


def kills(files: list[str], work: Path, n_kills: int, rng: random.Random) -> dict[str, Any]:
    ref = work / "ref.duckdb"
    t = time.perf_counter()
    subprocess.run(run_cmd(files, ref), env=env(), check=True, capture_output=True)
    ref_seconds = time.perf_counter() - t
    db = work / "killed.duckdb"
    # start-up (model, gazetteer) is about 10 s on a loaded 2-core machine; kill after it, and
    # spread the kills so that each killed process has done a share of the work
    window = max(ref_seconds / n_kills * 1.5, 4.0)
    progress = []
    t = time.perf_counter()
    for _ in range(n_kills):
        proc = subprocess.Popen(run_cmd(files, db), env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(8.0, 8.0 + window))
        if proc.poll() is not None:
            break  # finished before the kill: nothing left to kill
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        progress.append(len(rows(db)["articles"]) if db.exists() else 0)
    final = subprocess.run(run_cmd(files, db), env=env(), capture_output=True, text=True)
    killed_seconds = time.perf_counter() - t
    a, b = rows(ref), rows(db)
    same = all(a[k] == b[k] for k in ("articles", "events", "places", "quarantine"))
    return {
        "articles": len(files),
        "kills": len(progress),
        "articles_stored_after_each_kill": progress,
        "final_exit": final.returncode,
        "identical_rows": same,
        "rows": {k: (len(v) if isinstance(v, list) else v) for k, v in b.items() if k != "runs"},
        "runs_by_status": {s: b["runs"].count(s) for s in sorted(set(b["runs"]))},
        "left_running": b["runs"].count("running"),
        "reference_seconds": round(ref_seconds, 1),
        "killed_and_resumed_seconds": round(killed_seconds, 1),
        "ok": same and final.returncode == 0 and "running" not in b["runs"],
    }


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def exports(db: Path, work: Path, n: int, rng: random.Random) -> dict[str, Any]:
    out = work / "exports"
    out.mkdir(exist_ok=True)
    results = []
    for i in range(n):
        to = EXPORTS[i % len(EXPORTS)]
        target = out / f"events.{to}"
        cmd = [sys.executable, "-m", "eventcoder", "export", "--db", str(db), "--to", to, "-o", str(target)]
        t = time.perf_counter()
        subprocess.run(cmd, env=env(), check=True, capture_output=True)
        full = time.perf_counter() - t
        good = digest(target)
        proc = subprocess.Popen(cmd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3 * full, 0.95 * full))
        killed = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        partials = [p.name for p in out.iterdir() if p.name.endswith(".partial")]
        results.append({"to": to, "killed_mid_export": killed, "target_intact": digest(target) == good,
                        "temporary_files_left": len(partials), "export_seconds": round(full, 2)})  # fmt: skip
    for to in EXPORTS:  # the next export to each target removes what a killed one left
        subprocess.run([sys.executable, "-m", "eventcoder", "export", "--db", str(db), "--to", to, "-o",
                        str(out / f"events.{to}")], env=env(), check=True, capture_output=True)  # fmt: skip
    left = [p.name for p in out.iterdir() if p.name.endswith(".partial")]
    return {
        "exports_killed": sum(r["killed_mid_export"] for r in results),
        "targets_intact": sum(r["target_intact"] for r in results),
        "temporary_files_after_next_export": len(left),
        "each": results,
        "ok": all(r["target_intact"] for r in results) and not left,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--exports", type=int, default=10)
    ap.add_argument("--work", default=None, help="working directory (default: a new temporary one)")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(json.dumps({"skipped": f"{corpus} not found"}))
        return 0
    import tempfile

    work = Path(args.work or tempfile.mkdtemp(prefix="eventcoder-kills-"))
    work.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in sorted(corpus.rglob("*.txt"))[: args.n]]
    rng = random.Random(args.seed)
    report: dict[str, Any] = {"work": str(work)}
    report["run"] = kills(files, work, args.kills, rng)
    if args.exports:
        report["export"] = exports(work / "killed.duckdb", work, args.exports, rng)
    print(json.dumps(report, indent=1))
    return 0 if report["run"]["ok"] and report.get("export", {"ok": True})["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
