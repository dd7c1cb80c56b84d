"""More than 60 kinds of bad input mixed with good articles in ONE ``eventcoder run``:
exit 0, no good record lost, every bad record counted once — skipped with its reason or
quarantined with its code (issue 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import duckdb

from .corpus import MAX_CHARS, build


def test_one_run_over_the_bad_input_corpus(tmp_path):
    corpus = build(tmp_path / "in")
    assert len(corpus.kinds) >= 60 and len(corpus.repaired) >= 10, (len(corpus.kinds), len(corpus.repaired))
    db = tmp_path / "out.duckdb"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.run(
        [sys.executable, "-m", "eventcoder", "run", str(corpus.root), "--db", str(db), "--format", "json", "--max-chars", str(MAX_CHARS)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])

    # every good story coded
    con = duckdb.connect(str(db), read_only=True)
    coded = [r[0] for r in con.execute("SELECT text FROM articles WHERE status = 'coded'").fetchall()]
    lost = [g for g in corpus.good if not any(g.split(",")[0][:50] in t for t in coded)]
    assert not lost, lost
    assert report["coded"] == len(corpus.good) == len(coded)

    # every bad record counted exactly once, where it belongs
    by_code = Counter()
    for key, n in report["quarantined_by_error"].items():
        by_code[key.split()[0]] += n
    assert by_code == corpus.quarantined
    assert Counter(report["skipped_by_reason"]) == corpus.skipped
    assert report["read"] == len(corpus.good) + corpus.n_bad
    # the quarantine table holds each quarantined record with its origin
    stored = con.execute("SELECT code, count(*) FROM quarantine GROUP BY code").fetchall()
    assert dict(stored) == dict(corpus.quarantined)
    # what was repaired says so
    warnings = " ".join(r[0] for r in con.execute("SELECT CAST(warnings AS VARCHAR) FROM articles").fetchall() if r[0])
    for expected in ("lone surrogate", "NUL", "bidirectional", "mixed encodings", "not UTF-8", "blank line(s) before the title"):
        assert expected in warnings, expected
