"""--workers: forked workers code exactly what one process codes, in input order."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest

from conftest import SAMPLES
from eventcoder.cli import main
from eventcoder.engine import check_workers, code, default_workers, run
from eventcoder.errors import UsageError


def _corpus(tmp_path):
    """The samples twice over (duplicates across batches) plus a non-English and an empty file."""
    d = tmp_path / "in"
    d.mkdir()
    for i, f in enumerate(sorted(SAMPLES.glob("*.txt"))):
        shutil.copy(f, d / f"a{i}.txt")
        shutil.copy(f, d / f"z{i}.txt")
    (d / "m.txt").write_text("Le gouvernement a annoncé de nouvelles mesures pour les agriculteurs du pays.", encoding="utf-8")
    (d / "n.txt").write_text("   \n", encoding="utf-8")
    return d


def _state(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (
            con.execute("SELECT id, status, skip_reason, n_events FROM articles ORDER BY id").fetchall(),
            con.execute("SELECT * EXCLUDE (run_id) FROM events ORDER BY event_id").fetchall(),
            con.execute("SELECT * FROM places ORDER BY article_id, start_char").fetchall(),
            con.execute("SELECT origin, code FROM quarantine ORDER BY origin").fetchall(),
        )
    finally:
        con.close()


def test_two_workers_store_what_one_stores(tmp_path, pipeline):
    src = _corpus(tmp_path)
    one = run([str(src)], str(tmp_path / "1.duckdb"), pipeline=pipeline, published="2017-11-20", batch_size=2, workers=1)
    two = run([str(src)], str(tmp_path / "2.duckdb"), pipeline=pipeline, published="2017-11-20", batch_size=2, workers=2)
    a, b = one.to_dict(), two.to_dict()
    for k in ("seconds", "articles_per_second"):
        a.pop(k), b.pop(k)
    assert a == b
    assert a["skipped_by_reason"]["duplicate in this run"] == len(list(SAMPLES.glob("*.txt")))
    assert _state(tmp_path / "1.duckdb") == _state(tmp_path / "2.duckdb")
    # resuming with workers: everything already stored, nothing coded twice
    again = run([str(src)], str(tmp_path / "2.duckdb"), pipeline=pipeline, published="2017-11-20", batch_size=2, workers=2)
    assert again.coded == 0 and again.events_written == 0
    assert again.skipped["already stored"] == one.coded


def test_code_keeps_input_order(tmp_path, pipeline):
    src = _corpus(tmp_path)
    seq = [ca.article.id for ca in code([str(src)], pipeline=pipeline, batch_size=1, workers=1)]
    par = [ca.article.id for ca in code([str(src)], pipeline=pipeline, batch_size=1, workers=2)]
    assert seq == par and len(seq) == len(set(seq))


def test_workers_are_checked():
    assert check_workers(None) == default_workers() >= 1
    assert check_workers(3) == 3
    for bad in (0, -2, True, 1.5):
        with pytest.raises(UsageError) as err:
            check_workers(bad)
        assert err.value.code == "E502"


def test_cli_workers(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "cgtn-albu-kamal.txt", src / "a.txt")
    assert main(["run", str(src), "--db", str(tmp_path / "x.duckdb"), "--workers", "0", "--format", "jsonl"]) == 2
    assert "E502" in capsys.readouterr().err
    assert main(["run", str(src), "--db", str(tmp_path / "x.duckdb"), "--workers", "2", "--format", "jsonl", "--published", "2017-11-20"]) == 0
    rep = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert rep["coded"] == 1 and rep["gated"] == 0 and rep["events"] > 0
