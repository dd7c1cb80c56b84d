"""The server against hostile requests: the Host allow-list (DNS rebinding), ingest bodies that
no parser should choke on (deep nesting, lone surrogates, huge), each ingest request its own
origin in the quarantine, and schemathesis over the whole API including ingest with a token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder.pipeline import Pipeline
from eventcoder.serve import create_app
from eventcoder.serve.app import DEFAULT_ALLOWED_HOSTS

from .fixtures import build_empty_db
from .helpers import TOKEN, is_error

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_only_allowed_host_names_are_answered(sample_db: str) -> None:
    app = create_app(sample_db, allowed_hosts=[*DEFAULT_ALLOWED_HOSTS, "events.example.org"])
    try:
        c = TestClient(app, raise_server_exceptions=False, base_url="http://127.0.0.1:8000")
        assert c.get("/api/health").status_code == 200
        for host in ("localhost:8000", "LOCALHOST", "[::1]:8000", "127.0.0.1", "events.example.org:80", "localhost."):
            assert c.get("/api/health", headers={"Host": host}).status_code == 200, host
        for host in ("evil.example.com", "127.0.0.1.evil.com", "localhost.evil.com:8000", "", "[::2]:8000"):
            r = c.get("/api/events", headers={"Host": host})
            body = is_error(r, 400)
            assert "--allow-host" in body["error"], host
            assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert c.get("/", headers={"Host": "rebound.example.net"}).status_code == 400
    finally:
        app.state.db.close()
    anyhost = create_app(sample_db, allowed_hosts=["*"])
    try:
        c = TestClient(anyhost, raise_server_exceptions=False)
        assert c.get("/api/health", headers={"Host": "whatever.example"}).status_code == 200
    finally:
        anyhost.state.db.close()


@pytest.fixture
def ingest(tmp_path: Path, pipeline: Pipeline) -> Any:
    app = create_app(build_empty_db(tmp_path / "i.duckdb"), allow_ingest=True, ingest_token=TOKEN, pipeline=pipeline)
    yield app
    app.state.db.close()


def _post(c: TestClient, content: bytes | str, ctype: str = "application/json") -> Any:
    return c.post("/api/ingest", content=content, headers={**AUTH, "Content-Type": ctype})


def test_bodies_that_broke_the_server_are_answered(ingest: Any) -> None:
    c = TestClient(ingest, raise_server_exceptions=False)
    deep = '{"text": "Rebels attacked a village.", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert "nested" in is_error(_post(c, deep), 400)["error"]
    assert "nests deeper" in is_error(_post(c, '{"text": "x y z", "m": ' + "[" * 40 + "]" * 40 + "}"), 422)["error"]
    for body in ('{"text": "Police arrested \\udc00 five people in Nairobi."}', '{"title": "\\ud800", "text": "Police arrested five."}',
                 '{"text": "Police arrested five.", "\\udfff": 1}'):  # fmt: skip
        assert "surrogate" in is_error(_post(c, body), 422)["error"], body
    is_error(_post(c, b"\xed\xb0\x80 encoded surrogate", "text/plain"), 400)
    is_error(_post(c, "x" * 1_100_000, "text/plain"), 413)
    is_error(_post(c, '{"text": "a", "n": ' + "9" * 5000 + "}"), 400)  # int too long to convert
    ok = _post(c, json.dumps({"text": "Police arrested five people in Nairobi on Monday, officials said."}))
    assert ok.status_code == 200 and ok.headers["X-Request-Id"]


class Failing:
    """A pipeline whose coding stage fails: every article is quarantined (E201)."""

    def __init__(self, real: Pipeline) -> None:
        self.real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def code_many(self, articles: Any) -> Any:
        from eventcoder.errors import ProcessingError

        raise ProcessingError("E201", article_id="-", origin="-", reason="test stage failure")

    def code(self, article: Any) -> Any:
        from eventcoder.errors import ProcessingError

        raise ProcessingError("E201", article_id=article.id, origin=str(article.origin), reason="test stage failure")


def test_each_ingest_request_keeps_its_origin_in_the_quarantine(tmp_path: Path, pipeline: Pipeline) -> None:
    app = create_app(build_empty_db(tmp_path / "q.duckdb"), allow_ingest=True, ingest_token=TOKEN, pipeline=Failing(pipeline))
    try:
        c = TestClient(app, raise_server_exceptions=False)
        ids = []
        for text in ("Police arrested three people in Nairobi.", "Rebels shelled a town near Aleppo.", "Police arrested three people in Nairobi."):
            r = c.post("/api/ingest", json={"text": text}, headers=AUTH)
            assert r.status_code == 200 and r.json()["quarantined"].startswith("[E201]"), r.text
            ids.append(r.headers["X-Request-Id"])
        rows = app.state.db.con.execute("SELECT origin, code FROM quarantine ORDER BY stored_at").fetchall()
        assert len(rows) == 3 and {code for _, code in rows} == {"E201"}  # none collapsed into another
        for (origin, _), rid in zip(rows, ids, strict=True):
            assert origin.startswith("<api/ingest>#") and origin.endswith(rid) and "testclient" in origin
    finally:
        app.state.db.close()


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
_bodies = st.one_of(
    st.dictionaries(st.sampled_from(["text", "title", "source", "published", "url", "tags", "id", "x"]), _json, max_size=6),
    st.fixed_dictionaries({"text": st.text(min_size=1, max_size=300)}, optional={"tags": _json, "published": st.text(max_size=12)}),
    _json,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_bodies)
def test_fuzz_ingest_bodies_never_5xx(ingest: Any, body: Any) -> None:
    c = TestClient(ingest, raise_server_exceptions=False)
    raw = json.dumps(body, ensure_ascii=True).encode()  # \\ud800 escapes included, as a client may send
    r = _post(c, raw)
    assert r.status_code < 500, (body, r.text)
    json.loads(r.text)


@pytest.fixture(scope="module")
def shared_ingest(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Any:
    app = create_app(build_empty_db(tmp_path_factory.mktemp("raw") / "r.duckdb"), allow_ingest=True,
                     ingest_token=TOKEN, pipeline=pipeline)  # fmt: skip
    yield app
    app.state.db.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400), ctype=st.sampled_from(["application/json", "text/plain", "", "application/x-www-form-urlencoded"]))
def test_fuzz_ingest_raw_bytes_never_5xx(shared_ingest: Any, raw: bytes, ctype: str) -> None:
    c = TestClient(shared_ingest, raise_server_exceptions=False)
    r = c.post("/api/ingest", content=raw, headers={**AUTH, "Content-Type": ctype})
    assert r.status_code < 500, (raw, ctype, r.text)


def schemathesis_run(app: Any, token: str, examples: int, seed: int | None = 15) -> tuple[dict[str, int], list[str]]:
    """Schemathesis cases of every operation of ``app`` (ingest with the token): calls per
    operation and the server errors met. ``scripts/fuzz_api.py`` is the long run of this."""
    import schemathesis
    from hypothesis import seed as hseed

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    counts: dict[str, int] = {}
    failures: list[str] = []
    for op in schema.get_all_operations():
        operation = op.ok()
        key = f"{operation.method.upper()} {operation.path}"
        counts[key] = 0
        check = _checker(operation, key, token, examples, counts, failures)
        (hseed(seed)(check) if seed is not None else check)()
    return counts, failures


def _checker(operation: Any, key: str, token: str, examples: int, counts: dict[str, int], failures: list[str]) -> Any:
    from hypothesis import HealthCheck as HC
    from hypothesis import Phase

    @settings(max_examples=examples, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HC), database=None)  # fmt: skip
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        resp = case.call(headers={"Authorization": f"Bearer {token}"})
        counts[key] += 1
        if resp.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path} {case.query} {str(case.body)[:100]}: {resp.status_code} {resp.text[:200]}")

    return check


def test_schemathesis_over_the_api_with_ingest(tmp_path: Path, sample_db: str, pipeline: Pipeline) -> None:
    """Every operation, ingest included (with the token), from the OpenAPI schema: no 5xx.
    scripts/fuzz_api.py runs the same with many more examples."""
    pytest.importorskip("schemathesis")
    import shutil

    db = tmp_path / "s.duckdb"
    shutil.copy(sample_db, db)
    app = create_app(str(db), allow_ingest=True, ingest_token=TOKEN, pipeline=pipeline)
    try:
        counts, failures = schemathesis_run(app, TOKEN, examples=8)
    finally:
        app.state.db.close()
    assert not failures, failures[:5]
    assert counts["POST /api/ingest"] >= 8 and len(counts) >= 9
