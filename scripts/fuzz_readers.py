"""The long fuzz run over every reader and the cleaner (outside CI; a bounded version is
``tests/fuzz/``).

    PYTHONPATH=src python scripts/fuzz_readers.py --n 100000 --seed 15 --limit 5 --out /tmp/fuzz

Each input is a mutated well-formed file of one format (JSON Lines, JSON array, CSV, TSV,
seed, text, HTML, WARC, WARC.gz, JSONL.gz, cp1252 text), or random bytes, read under a
random name and, half the time, a forced ``--input-format``; ``tests/fuzz/oracle.py``
checks the outcomes (no exception, each a record / coded quarantine / reasoned skip,
nothing uncounted, every record writable and cleanable). An input that takes longer than
``--limit`` seconds is a hang. Crashes and hangs are saved to ``--out`` to replay; the
counts are printed as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fuzz.oracle import check  # noqa: E402
from fuzz.seeds import mutate, seeds  # noqa: E402

NAMES = ["x.jsonl", "x.json", "x.csv", "x.tsv", "x.txt", "x.html", "x.warc", "x.gz", "x.jsonl.gz", "x", "<stdin>"]
FORMATS = [None, "jsonl", "csv", "txt", "seed", "html", "warc"]


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="inputs to generate")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--limit", type=float, default=5.0, help="seconds per input before it counts as a hang")
    ap.add_argument("--max-chars", type=int, default=200_000)
    ap.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    pool = seeds()
    signal.signal(signal.SIGALRM, _alarm)
    # warm up, untimed: the first input of each kind imports trafilatura, warcio and the
    # language model (seconds on a loaded machine) — that is start-up, not a hang
    t_warm = time.perf_counter()
    for name, fmt, data in pool:
        check(data, name, fmt, args.max_chars)
    warm = time.perf_counter() - t_warm
    stats: Counter[str] = Counter()
    by_seed: Counter[str] = Counter()
    failures: list[dict[str, str]] = []
    slowest = (0.0, "")
    t0 = time.perf_counter()
    for i in range(args.n):
        if rng.random() < 0.1:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
            name, fmt, origin = rng.choice(NAMES), rng.choice(FORMATS), "random bytes"
        else:
            name, fmt, seed_data = rng.choice(pool)
            data = mutate(seed_data, rng, rng.choice(pool)[2])
            origin = name
            if rng.random() < 0.5:
                fmt = None
            if rng.random() < 0.1:
                name = rng.choice(NAMES)
        by_seed[origin] += 1
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args.limit)
        try:
            counts = check(data, name, fmt, args.max_chars)
            stats.update(counts)
        except Hang:
            stats["hangs"] += 1
            failures.append(_save(args.out, i, "hang", data, name, fmt, ""))
        except Exception:  # noqa: BLE001 - a crash is what this script looks for
            stats["crashes"] += 1
            failures.append(_save(args.out, i, "crash", data, name, fmt, traceback.format_exc()))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - start
        if took > slowest[0]:
            slowest = (took, f"{origin} as {name} ({fmt})")
        stats["inputs"] += 1
        if (i + 1) % 10_000 == 0:
            print(f"{i + 1} inputs, {stats['crashes']} crashes, {stats['hangs']} hangs, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    report = {
        "inputs": stats.pop("inputs", 0),
        "crashes": stats.pop("crashes", 0),
        "hangs": stats.pop("hangs", 0),
        "records_read": stats.pop("read", 0),
        "quarantined": stats.pop("quarantined", 0),
        "skipped": stats.pop("skipped", 0),
        "quarantined_by_code": dict(sorted(stats.items())),
        "inputs_by_seed": dict(sorted(by_seed.items())),
        "slowest_input_seconds": round(slowest[0], 3),
        "slowest_input": slowest[1],
        "seconds": round(time.perf_counter() - t0, 1),
        "warm_up_seconds": round(warm, 1),
        "seed": args.seed,
        "limit_seconds": args.limit,
        "failures": failures[:20],
    }
    print(json.dumps(report, indent=1))
    return 1 if report["crashes"] or report["hangs"] else 0


def _save(out: Path, i: int, kind: str, data: bytes, name: str, fmt: str | None, tb: str) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{kind}-{i:07d}.bin"
    path.write_bytes(data)
    (out / f"{kind}-{i:07d}.json").write_text(json.dumps({"name": name, "format": fmt, "traceback": tb}))
    return {"kind": kind, "input": str(path), "name": name, "format": str(fmt), "error": tb.strip().splitlines()[-1] if tb else ""}


if __name__ == "__main__":
    raise SystemExit(main())
