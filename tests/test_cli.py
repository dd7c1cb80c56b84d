"""The CLI is a thin shell: JSON Lines out, coded errors become exit codes."""

from __future__ import annotations

import csv
import io
import json

from conftest import CGTN, SAMPLES
from eventcoder.cli import main


def test_ingest_cgtn_jsonl(capsys):
    assert main(["ingest", str(CGTN), "--format", "jsonl"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    a = json.loads(line)
    assert a["source"] == "CGTN" and a["tags"] == ["europe"]
    assert a["title"] == "Syrian army and allies take back Albu Kamal from ISIL"
    assert "Share" not in a["text"].split("\n") and "/AP Photo" not in a["text"]
    assert len(a["captions"]) == 2 and a["origin"]["path"].endswith("cgtn-albu-kamal.txt")


def test_code_jsonl_contract(capsys):
    assert main(["code", str(CGTN), "--published", "2017-11-20", "--format", "jsonl"]) == 0
    out = capsys.readouterr()
    events = [json.loads(x) for x in out.out.splitlines()]
    required = {
        "event_id", "article_id", "type", "mode", "acled", "source_actor", "target_actor", "location",
        "date", "reported_by", "negated", "hypothetical", "historical", "sentence", "start", "end", "confidence",
    }  # fmt: skip
    assert events and all(required <= set(e) for e in events)
    # the SDF's Raqqa campaign, summed up as background: historical and undated
    raqqa = [e for e in events if "Raqqa" in e["sentence"] and e["type"] == "ASSAULT"]
    assert raqqa and all(e["historical"] and e["date"]["value"] is None for e in raqqa)
    assert sum(e["historical"] for e in events) == len(raqqa)
    assert "europe" in out.err  # the tag warning reaches the user


def test_bad_date_and_missing_path_exit_codes(capsys):
    assert main(["code", str(CGTN), "--published", "20-11-2017"]) == 2
    assert "E004" in capsys.readouterr().err
    assert main(["ingest", "/no/such/file"]) == 2
    assert "E002" in capsys.readouterr().err


def test_run_then_export(tmp_path, capsys):
    db = tmp_path / "d.duckdb"
    assert main(["run", str(SAMPLES), "--db", str(db), "--published", "2017-11-20", "--format", "jsonl"]) == 0
    report = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert report["read"] == report["coded"] == len(list(SAMPLES.glob("*.txt")))
    assert main(["export", "--db", str(db), "--to", "geojson"]) == 0
    gj = json.loads(capsys.readouterr().out)
    assert len(gj["features"]) > 5
    assert main(["export", "--db", str(db), "--to", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["historical"] for r in rows} == {"True", "False"}
    # the table the CLI prints flags the background
    from eventcoder.cli import events_table
    from eventcoder.store import Store

    with Store(db, read_only=True) as st:
        table = events_table([e for e in st.events() if e["historical"]])
    assert table.row_count >= 1 and "historical" in list(table.columns[7].cells)[0]


def test_stdin_is_read(tmp_path):
    import subprocess
    import sys

    data = CGTN.read_bytes()
    out = subprocess.run(
        [sys.executable, "-m", "eventcoder", "ingest", "-", "--format", "jsonl"], input=data, capture_output=True, check=True, timeout=120
    ).stdout
    (a,) = [json.loads(x) for x in out.decode().splitlines()]
    assert a["source"] == "CGTN" and a["origin"]["path"] == "<stdin>"


# -- the error boundary: coded messages, never a traceback ------------------------------


def _fails(capsys, argv, code: str, exit_code: int = 6) -> str:
    assert main(argv) == exit_code
    err = capsys.readouterr().err
    assert f"[{code}]" in err and "Traceback" not in err, err
    return err


def test_environment_failures_are_coded(tmp_path, capsys):
    from eventcoder.store import Store

    db = tmp_path / "d.duckdb"
    Store(db).close()
    _fails(capsys, ["run", str(CGTN), "--db", str(tmp_path / "no" / "x.duckdb")], "E021")
    _fails(capsys, ["run", str(CGTN), "--db", str(tmp_path)], "E021")  # a directory
    (tmp_path / "text.duckdb").write_text("not a database\n" * 400)
    _fails(capsys, ["export", "--db", str(tmp_path / "text.duckdb"), "--to", "jsonl"], "E021")
    err = _fails(capsys, ["export", "--db", str(db), "--to", "csv", "-o", str(tmp_path / "no" / "x.csv")], "E022")
    assert "does not exist" in err
    _fails(capsys, ["export", "--db", str(tmp_path / "missing.duckdb"), "--to", "csv"], "E002", 2)


def test_lock_conflict_says_what_to_do(tmp_path, capsys):
    from eventcoder.store import Store

    db = tmp_path / "l.duckdb"
    with Store(db, what="eventcoder run (the first)"):
        err = _fails(capsys, ["run", str(CGTN), "--db", str(db)], "E018")
        assert "the first" in err and "wait for it to finish" in err and "another --db" in err


def test_allow_ingest_without_a_token(tmp_path, capsys, monkeypatch):
    from eventcoder.store import Store

    monkeypatch.delenv("EVENTCODER_INGEST_TOKEN", raising=False)
    db = tmp_path / "s.duckdb"
    Store(db).close()
    _fails(capsys, ["serve", "--db", str(db), "--allow-ingest"], "E011", 2)


def test_a_bug_is_coded_without_traceback(capsys, monkeypatch):
    import eventcoder.cli as cli

    def broken(args):
        raise ValueError("something the code did not expect")

    monkeypatch.setitem(cli.COMMANDS, "ingest", broken)
    err = _fails(capsys, ["ingest", str(CGTN)], "E025", 1)
    assert "ValueError" in err and "EVENTCODER_DEBUG" in err
    monkeypatch.setenv("EVENTCODER_DEBUG", "1")
    assert main(["ingest", str(CGTN)]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_eval_table_summarises_the_per_article_breakdown(capsys, monkeypatch):
    """A breakdown with one row an article is for scripts (jsonl), not for the table."""
    import eventcoder.eval as ev

    result = {"set": "news-events", "precision": 0.5, "per_article": {"a-1": {"system": 2}, "a-2": {"system": 1}}, "by_source": {"a": {"precision": 0.5}}}
    monkeypatch.setattr(ev, "run_eval", lambda *a, **k: result)
    assert main(["eval", "news-events", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "per_article: 2 items (--format jsonl)" in out and "a-1" not in out and "by_source" in out
    assert main(["eval", "news-events", "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out)["per_article"]["a-2"] == {"system": 1}
