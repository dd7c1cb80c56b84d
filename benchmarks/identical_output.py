"""Do two source trees store the same thing? The proof an exact speed-up owes.

    PYTHONPATH=src python benchmarks/identical_output.py --limit 600 \
        --src before=/tmp/before/src --src after=src [--workers 1] [--keep DIR]

Codes the same BBC articles (``throughput.corpus_files``: spread over the topic folders) with
``eventcoder run`` once per tree, each in its own process with that tree first on the path, and
compares every stored row of ``articles``, ``events`` (with its ``record`` JSON: every field of
the event and its mentions), ``places`` and ``quarantine`` — all columns but the run id and the
store time, which differ by construction. Prints the row counts and the first differences, and
exits 1 when anything differs: a speed-up that changes one stored value is not an exact one.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from throughput import corpus_files, stage_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "bench" / "bbc-news"
#: table -> the columns that differ between two runs of one tree (when and by which run)
VOLATILE = {
    "articles": ("run_id", "stored_at"),
    "events": ("run_id",),
    "places": (),
    "quarantine": ("run_id", "stored_at"),
}
#: a total order of each table's rows (its key)
ORDER = {
    "articles": "id",
    "events": "event_id",
    "places": "article_id, start_char, end_char",
    "quarantine": "id",
}


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every stored row of the compared tables, without the volatile columns, in key order."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table, volatile in VOLATILE.items():
            exclude = f" EXCLUDE ({', '.join(volatile)})" if volatile else ""
            out[table] = con.execute(
                f"SELECT *{exclude} FROM {table} ORDER BY {ORDER[table]}"
            ).fetchall()
        return out
    finally:
        con.close()


def run_tree(src: str, corpus: Path, db: Path, workers: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
    cmd = [
        sys.executable,
        "-m",
        "eventcoder",
        "run",
        str(corpus),
        "--db",
        str(db),
        "--format",
        "jsonl",
        "--no-progress",
        "--workers",
        str(workers),
    ]
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]], show: int = 5) -> list[str]:
    """Human-readable differences between two trees' tables (empty: identical)."""
    out = []
    for table in VOLATILE:
        ra, rb = a[table], b[table]
        if ra == rb:
            continue
        out.append(f"{table}: {len(ra)} rows vs {len(rb)}")
        sa, sb = set(ra), set(rb)
        for row in [r for r in ra if r not in sb][:show]:
            out.append(f"  only in the first:  {str(row)[:400]}")
        for row in [r for r in rb if r not in sa][:show]:
            out.append(f"  only in the second: {str(row)[:400]}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument(
        "--src", action="append", required=True, help="NAME=PATH of a tree's src/ (exactly two)"
    )
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="keep the databases in this directory")
    args = ap.parse_args()
    trees = [s.split("=", 1) for s in args.src]
    if len(trees) != 2 or any(len(t) != 2 for t in trees):
        ap.error("give exactly two --src NAME=PATH")
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        corpus = stage_corpus(corpus_files(args.corpus, args.limit), Path(tmp) / "corpus")
        got = {}
        for name, src in trees:
            db = where / f"{name}.duckdb"
            db.unlink(missing_ok=True)
            run_tree(src, corpus, db, args.workers)
            got[name] = tables(db)
    (na, _), (nb, _) = trees
    counts = ", ".join(f"{t} {len(got[na][t])}" for t in VOLATILE)
    diff = differences(got[na], got[nb])
    if diff:
        print(f"DIFFERENT ({na}: {counts})")
        print("\n".join(diff))
        return 1
    print(f"identical: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
