"""``POST /api/ingest``: token and limits, coding through the run engine (``engine.code_one``),
the injected pipeline, and concurrent ingests giving the events of serial ones."""

from __future__ import annotations

import shutil
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from eventcoder.engine import code_one, process
from eventcoder.errors import ConfigError, ProcessingError
from eventcoder.ingest import parse_seed
from eventcoder.pipeline import Pipeline
from eventcoder.records import Origin, RawRecord
from eventcoder.serve import create_app
from eventcoder.serve.ingest import PipelineSource

from .fixtures import SAMPLE_PUBLISHED, build_empty_db, sample_paths
from .helpers import TOKEN, is_error

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def sample_bodies() -> list[dict[str, Any]]:
    """The packaged samples as JSON ingest bodies, with the run's --published date."""
    out = []
    for p in sample_paths():
        rec = parse_seed(p.read_text(encoding="utf-8"), Origin(str(p)))
        out.append({"title": rec.title, "source": rec.source, "tags": rec.tags,
                    "published": SAMPLE_PUBLISHED, "text": rec.text})  # fmt: skip
    return out


def ingest_app(path: Path, pipeline: Any) -> Any:
    return create_app(str(build_empty_db(path)), allow_ingest=True, ingest_token=TOKEN,
                      pipeline=pipeline)  # fmt: skip


def stored_events(db_path: str) -> dict[str, list[str]]:
    """article id -> its stored event records (JSON text), in a stable order."""
    con = duckdb.connect(db_path, read_only=True)
    try:
        rows = con.execute(
            "SELECT article_id, record FROM events ORDER BY article_id, start_char, event_id"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, list[str]] = {}
    for aid, rec in rows:
        out.setdefault(aid, []).append(rec)
    return out


class FailingPipeline:
    """Prepares with the real pipeline, then fails to code (as a bug in a stage would)."""

    def __init__(self, real: Pipeline) -> None:
        self.real = real

    def prepare(self, raw: RawRecord, published: str | None = None) -> Any:
        return self.real.prepare(raw, published=published)

    def code_many(self, articles: Any) -> Any:
        a = articles[0]
        raise ProcessingError("E201", article_id=a.id, origin=str(a.origin), reason="boom")

    def code(self, article: Any) -> Any:
        return self.code_many([article])[0]


def test_ingest_requires_token_and_limits(
    tmp_path: Path, sample_db: str, pipeline: Pipeline
) -> None:
    db = tmp_path / "ingest.duckdb"
    shutil.copy(sample_db, db)
    app = create_app(str(db), allow_ingest=True, ingest_token=TOKEN, pipeline=pipeline)
    try:
        c = TestClient(app, raise_server_exceptions=False)
        assert c.get("/api/health").json()["ingest"] is True
        body = {"title": "Police arrest protesters", "source": "Test Wire", "published": "2017-11-21",
                "text": "Kenyan police arrested 40 protesters in Nairobi on Monday, witnesses said."}  # fmt: skip
        r = c.post("/api/ingest", json=body)
        assert "Bearer" in is_error(r, 401)["error"] and r.headers["www-authenticate"] == "Bearer"
        is_error(c.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}), 401)
        is_error(c.post("/api/ingest", json=body, headers={"Authorization": TOKEN}), 401)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        is_error(
            c.post(
                "/api/ingest",
                content=b"x" * 1_000_001,
                headers={**auth, "Content-Type": "text/plain"},
            ),
            413,
        )
        is_error(
            c.post(
                "/api/ingest",
                content=b"{nope",
                headers={**auth, "Content-Type": "application/json"},
            ),
            400,
        )
        is_error(c.post("/api/ingest", json=[1, 2], headers=auth), 400)
        seed_without_body = b"A title\nA source\n"  # the library's InputError E101: a 422
        e = is_error(
            c.post(
                "/api/ingest",
                content=seed_without_body,
                headers={**auth, "Content-Type": "text/plain"},
            ),
            422,
        )
        assert e["error"].startswith("[E101]")
        is_error(c.post("/api/ingest", json={"title": "no text"}, headers=auth), 422)
        is_error(c.post("/api/ingest", json={**body, "published": "yesterday"}, headers=auth), 422)
        is_error(
            c.post(
                "/api/ingest", content=b"<x/>", headers={**auth, "Content-Type": "application/xml"}
            ),
            415,
        )
        r = c.post("/api/ingest", json=body, headers=auth)
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["ok"] and out["article"]["source"] == "Test Wire"
        assert all(ev["article_id"] == out["article"]["id"] for ev in out["events"])
        got = c.get(f"/api/articles/{out['article']['id']}").json()
        assert got["article"]["title"] == "Police arrest protesters"
        assert [e["event_id"] for e in got["events"]] == sorted(
            (e["event_id"] for e in out["events"]), key=[e["event_id"] for e in got["events"]].index
        )
        # the seed format as text/plain
        seed = 'Troops shell town\nTest Wire\n["asia"]\nGovernment troops shelled the town of Kunduz on Tuesday, officials said.\n'
        r = c.post(
            "/api/ingest", content=seed.encode(), headers={**auth, "Content-Type": "text/plain"}
        )
        assert r.status_code == 200, r.text
        assert r.json()["article"]["title"] == "Troops shell town"
        # sending the same article again stores nothing twice
        again = c.post("/api/ingest", json=body, headers=auth).json()
        assert again["article"]["id"] == out["article"]["id"]
        assert client_count(c, out["article"]["id"]) == len(out["events"])
    finally:
        app.state.db.close()


def client_count(c: TestClient, article_id: str) -> int:
    return len(c.get(f"/api/articles/{article_id}").json()["events"])


# -- one engine -----------------------------------------------------------------------------
def test_code_one_is_the_run_engine_for_one_record(pipeline: Pipeline) -> None:
    raws = [parse_seed(p.read_text(encoding="utf-8"), Origin(str(p))) for p in sample_paths()]
    batch = [o for outs in process(raws, pipeline, SAMPLE_PUBLISHED) for o in outs]
    one = [code_one(r, pipeline, SAMPLE_PUBLISHED) for r in raws]
    assert [k for k, _ in one] == [k for k, _ in batch] == ["coded"] * len(raws)
    for (_, a), (_, b) in zip(one, batch, strict=True):
        assert a.article.id == b.article.id
        assert [e.to_dict() for e in a.events] == [e.to_dict() for e in b.events]


def test_code_one_skips_and_quarantines_like_a_run(pipeline: Pipeline) -> None:
    empty = RawRecord(text="Share\n\n", origin=Origin("<t>"), title="x")
    kind, payload = code_one(empty, pipeline)
    assert kind == "skipped" and payload[1].reason, payload
    raw = RawRecord(text="Police arrested 3 people in Nairobi.", origin=Origin("<t>"))
    kind, q = code_one(raw, FailingPipeline(pipeline))  # type: ignore[arg-type]
    assert kind == "quarantined" and q.code == "E201" and q.article_id


def test_ingest_stores_what_run_stores(tmp_path: Path, sample_db: str, pipeline: Pipeline) -> None:
    app = ingest_app(tmp_path / "ingest.duckdb", pipeline)
    try:
        c = TestClient(app, raise_server_exceptions=False)
        for body in sample_bodies():
            r = c.post("/api/ingest", json=body, headers=AUTH)
            assert r.status_code == 200 and r.json()["article"], r.text
        runs = app.state.db.con.execute("SELECT status, report FROM runs").fetchall()
    finally:
        app.state.db.close()
    assert len(runs) == len(sample_bodies()) and all(s == "finished" for s, _ in runs)
    assert stored_events(str(tmp_path / "ingest.duckdb")) == stored_events(sample_db)


def test_ingest_quarantines_a_failing_article(tmp_path: Path, pipeline: Pipeline) -> None:
    app = ingest_app(tmp_path / "q.duckdb", FailingPipeline(pipeline))
    try:
        c = TestClient(app, raise_server_exceptions=False)
        r = c.post(
            "/api/ingest", json={"text": "Police arrested 3 people in Nairobi."}, headers=AUTH
        )
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["quarantined"].startswith("[E201]") and out["article"] is None
        rows = app.state.db.con.execute("SELECT code, origin FROM quarantine").fetchall()
        assert [r[0] for r in rows] == ["E201"] and "<api/ingest>" in rows[0][1]
    finally:
        app.state.db.close()


def test_ingest_skips_with_the_reason(tmp_path: Path, pipeline: Pipeline) -> None:
    app = ingest_app(tmp_path / "s.duckdb", pipeline)
    try:
        c = TestClient(app, raise_server_exceptions=False)
        r = c.post("/api/ingest", json={"title": "x", "text": "Share\n\n"}, headers=AUTH)
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["skipped"] and out["article"] is None and out["events"] == []
        status = app.state.db.con.execute("SELECT status, skip_reason FROM articles").fetchall()
        assert status == [("skipped", out["skipped"])]  # stored as a run stores a skip
    finally:
        app.state.db.close()


# -- the injected pipeline ------------------------------------------------------------------
def test_pipeline_factory_is_called_once_and_only_on_ingest(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    calls: list[int] = []

    def factory() -> Pipeline:
        calls.append(1)
        return pipeline

    app = ingest_app(tmp_path / "f.duckdb", factory)
    try:
        c = TestClient(app, raise_server_exceptions=False)
        assert c.get("/api/health").status_code == 200 and calls == []
        bodies = sample_bodies()[:2]
        for body in bodies:
            assert c.post("/api/ingest", json=body, headers=AUTH).status_code == 200
        assert calls == [1]
    finally:
        app.state.db.close()
    src = PipelineSource(factory)
    with ThreadPoolExecutor(4) as ex:
        got = list(ex.map(lambda _: src.get(), range(8)))
    assert all(p is pipeline for p in got) and calls == [1, 1]
    assert PipelineSource(pipeline).get() is pipeline  # an instance is used as it is


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ImportError("No module named 'spacy'"), 503),
        (ConfigError("E007", model="en_core_web_sm"), 503),
    ],
)
def test_a_pipeline_that_cannot_be_built_is_503(
    tmp_path: Path, error: Exception, status: int
) -> None:
    def factory() -> Pipeline:
        raise error

    app = ingest_app(tmp_path / "e.duckdb", factory)
    try:
        c = TestClient(app, raise_server_exceptions=False)
        is_error(
            c.post("/api/ingest", json={"text": "Police arrested 3 people."}, headers=AUTH), status
        )
    finally:
        app.state.db.close()


# -- concurrency ----------------------------------------------------------------------------
def _events_by_title(out: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    return out["article"]["title"], out["events"]


def test_concurrent_ingests_give_the_events_of_serial_ones(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    """Several POST /api/ingest at once on one app (one shared Pipeline) code each article as
    coding them one after the other does: no state of one call leaks into another."""
    bodies = sample_bodies()
    serial_app = ingest_app(tmp_path / "serial.duckdb", pipeline)
    try:
        c = TestClient(serial_app, raise_server_exceptions=False)
        serial = dict(_events_by_title(c.post("/api/ingest", json=b, headers=AUTH).json())
                      for b in bodies)  # fmt: skip
    finally:
        serial_app.state.db.close()

    app = ingest_app(tmp_path / "concurrent.duckdb", pipeline)
    start = threading.Barrier(len(bodies))

    def post(body: dict[str, Any]) -> dict[str, Any]:
        client = TestClient(app, raise_server_exceptions=False)
        start.wait(timeout=60)
        r = client.post("/api/ingest", json=body, headers=AUTH)
        assert r.status_code == 200, r.text
        return r.json()

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: interleave the codings finely
    try:
        for _ in range(2):  # twice: the second round codes again (already stored, same events)
            with ThreadPoolExecutor(len(bodies)) as ex:
                concurrent = dict(_events_by_title(o) for o in ex.map(post, bodies))
            assert concurrent == serial
    finally:
        sys.setswitchinterval(switch)
        app.state.db.close()
    assert stored_events(str(tmp_path / "concurrent.duckdb")) == stored_events(
        str(tmp_path / "serial.duckdb")
    )
