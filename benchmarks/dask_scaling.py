"""Dask ``local:2`` vs ``local:1``, whole processes, several rounds back to back, on a shared machine.

    PYTHONPATH=src python benchmarks/dask_scaling.py [--limit 2000] [--rounds 3] [--config FILE]
                                                     [--no-plain] [--out FILE.json]

Each round runs ``eventcoder run CORPUS --dask local:1`` and ``--dask local:2`` (the order
alternates between rounds so that a drift in the machine's load falls on both), as whole
processes: interpreter, imports, cluster start, coding, merge, cluster close. For each run:

- wall seconds and CPU seconds of the run and all its descendants (``wait4``: the driver, the
  scheduler and nannies in it, the workers);
- what *other* processes took from the two cores meanwhile (the machine's busy CPU seconds
  from ``/proc/stat`` minus the run's own) and the load average: the wall ratio of a run that
  shared its cores is not the ratio on a quiet machine;
- the run report's ``timeline`` (``DaskReport.timeline``): cluster start, time to the first
  task, each worker's busy seconds and idle gaps, the tail, the driver's merge CPU, the close.

A plain ``run --workers 1`` is timed once first and every Dask run's events are compared with
its (every column but the run id). Medians over the rounds are printed last. Reads
``../shared/bench/bbc-news/`` (skips cleanly when absent; the texts are used to measure only).
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import DEFAULT, ENV, PY, corpus_files, stage_corpus, stored_events  # noqa: E402


def _busy_cpu_s() -> float:
    """CPU seconds every process of the machine has used since boot (``/proc/stat``)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return float("nan")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def timed_run(cmd: list[str], env: dict[str, str] = ENV) -> dict[str, Any]:
    """One whole process: wall, own CPU (with descendants), others' CPU meanwhile, load."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        load0 = os.getloadavg()[0]
        busy0 = _busy_cpu_s()
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, text=True)
        _pid, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        busy = _busy_cpu_s() - busy0
        load1 = os.getloadavg()[0]
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read()[-3000:]}")
        out.seek(0)
        report = json.loads(out.read().strip().splitlines()[-1])
    cpu = ru.ru_utime + ru.ru_stime
    return {"wall": wall, "cpu": cpu, "others_cpu": max(0.0, busy - cpu), "load": (load0, load1), "report": report}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--config")
    ap.add_argument("--src", action="append", default=[], metavar="DIR",
                    help="run the Dask runs against this source tree (PYTHONPATH); repeat to compare trees in one run "
                    "(e.g. `git archive BASE src | tar -x -C /tmp/base` for a before/after); default: this checkout's src/")
    ap.add_argument("--no-plain", action="store_true", help="skip the plain engine run (and the events check)")
    ap.add_argument("--out")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}: skipped")
        return 0
    extra = ["--config", args.config] if args.config else []
    out: dict[str, Any] = {"articles": args.limit, "runs": []}
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        staged = stage_corpus(corpus_files(corpus, args.limit), tmp / "corpus")

        srcs = args.src or [str(ROOT / "src")]

        def run(name: str, flags: list[str], k: int, src: str = srcs[0]) -> dict[str, Any]:
            db = tmp / f"{name.replace(':', '')}-{k}.duckdb"
            env = {**ENV, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
            r = timed_run([PY, "-m", "eventcoder", "run", str(staged), "--db", str(db), "--format", "jsonl", "--no-progress", *flags, *extra], env)
            r["name"], r["round"], r["src"] = name, k, src
            r["events_n"] = r["report"]["events"]
            r["db"] = db
            tl = r["report"].get("timeline", {})
            print(
                f"round {k} {name:8s} {Path(src).parent.name}/{Path(src).name} wall {r['wall']:7.2f} s  CPU {r['cpu']:7.2f} s  others' CPU {r['others_cpu']:6.1f} s  "
                f"load {r['load'][0]:4.1f}->{r['load'][1]:4.1f}  events {r['events_n']}  "
                + " ".join(f"{key}={val}" for key, val in tl.items()),
                flush=True,
            )
            return r

        ref = None
        if not args.no_plain:
            p = run("plain", ["--workers", "1"], 0)
            ref = stored_events(p.pop("db"))
            out["plain"] = p
        for k in range(args.rounds):
            order = [(src, name) for src in srcs for name in ("local:1", "local:2")]
            for src, name in order if k % 2 == 0 else order[::-1]:
                r = run(name, ["--dask", name], k, src)
                db = r.pop("db")
                if ref is not None:
                    r["identical_events"] = stored_events(db) == ref
                    if not r["identical_events"]:
                        print(f"  {name}: events differ from the plain engine's", flush=True)
                db.unlink(missing_ok=True)
                out["runs"].append(r)
    out["summary"] = {}
    for src in srcs:
        med: dict[str, dict[str, float]] = {}
        for name in ("local:1", "local:2"):
            rs = [r for r in out["runs"] if r["name"] == name and r["src"] == src]
            med[name] = {key: statistics.median(r[key] for r in rs) for key in ("wall", "cpu", "others_cpu")}
            med[name]["load"] = statistics.median((r["load"][0] + r["load"][1]) / 2 for r in rs)
        ratios = []
        for k in range(args.rounds):
            a = next(r for r in out["runs"] if r["name"] == "local:1" and r["round"] == k and r["src"] == src)
            b = next(r for r in out["runs"] if r["name"] == "local:2" and r["round"] == k and r["src"] == src)
            ratios.append(a["wall"] / b["wall"])
        out["summary"][src] = {"medians": med, "wall_ratio_per_round": ratios, "wall_ratio_median": statistics.median(ratios)}
        print(f"\n{src}: medians over {args.rounds} rounds, {args.limit} articles:")
        for name, m in med.items():
            print(f"  {name}: wall {m['wall']:.2f} s  CPU {m['cpu']:.2f} s  others' CPU meanwhile {m['others_cpu']:.1f} s  load {m['load']:.1f}")
        print(f"  local:2 vs local:1, wall, per round: {', '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.2f}x")
        print(f"  CPU local:2 / local:1: {med['local:2']['cpu'] / med['local:1']['cpu']:.3f}")
    if ref is not None:
        print(f"  events identical to the plain engine in every run: {all(r['identical_events'] for r in out['runs'])} ({len(ref)} events)")
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=1, default=str), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
