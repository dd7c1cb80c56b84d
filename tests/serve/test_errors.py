"""Errors: one body shape for every error, the exception -> status mapping, time limits,
read-only mode, and the CLI's answer to a misconfigured server."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from eventcoder.cli import main
from eventcoder.errors import ConfigError, InputError, ProcessingError, UsageError
from eventcoder.serve import create_app
from eventcoder.serve.db import Database, QueryTimeout
from eventcoder.serve.errors import ApiError, status_of
from eventcoder.serve.query import BadRequest

from .helpers import TOKEN, is_error


def test_error_shape(client: TestClient) -> None:
    is_error(client.get("/api/events", params={"limit": 0}), 422)
    is_error(client.get("/api/events", params={"limit": 501}), 422)
    is_error(client.get("/api/events", params={"type": "NOPE"}), 400)
    is_error(client.get("/api/events", params={"bbox": "1,2,3"}), 400)
    is_error(client.get("/api/events", params={"bbox": "0,10,5,0"}), 400)
    is_error(client.get("/api/events", params={"date_from": "2017-13-01"}), 422)
    is_error(
        client.get("/api/events", params={"date_from": "2018-01-01", "date_to": "2017-01-01"}), 400
    )
    is_error(client.get("/api/events", params={"min_confidence": "nan"}), 422)
    is_error(client.get("/api/events", params={"cursor": "not-a-cursor"}), 400)
    first = client.get("/api/articles", params={"limit": 1}).json()["next_cursor"]
    is_error(client.get("/api/events", params={"cursor": first}), 400)  # a cursor of another list
    is_error(client.get("/api/events", params={"q": "x" * 201}), 422)
    is_error(client.get("/api/events/does-not-exist"), 404)
    is_error(client.get("/api/articles/does-not-exist"), 404)
    is_error(client.get("/api/nothing-here"), 404)
    is_error(client.post("/api/events"), 405)
    is_error(client.delete("/api/events/x"), 405)


def test_read_only_no_write_endpoint(client: TestClient) -> None:
    is_error(client.post("/api/ingest", json={"text": "Police arrested 3 people in Nairobi."}), 403)
    is_error(
        client.post(
            "/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}, json={"text": "x"}
        ),
        403,
    )
    for path in client.app.openapi()["paths"].values():
        for method in path:
            assert method in ("get", "post")
    post_paths = [p for p, ops in client.app.openapi()["paths"].items() if "post" in ops]
    assert post_paths == ["/api/ingest"]


def test_query_time_limit(sample_db: str) -> None:
    db = Database(sample_db, timeout=0.2)
    try:
        with db.cursor() as cur, pytest.raises(QueryTimeout):
            cur.all("SELECT count(*) FROM range(100000000000) a, range(10) b")
        with db.cursor() as cur:  # the connection is still usable
            assert cur.one("SELECT count(*) FROM events")[0] >= 1
    finally:
        db.close()


def test_timeout_answers_503(sample_db: str) -> None:
    app = create_app(sample_db, timeout=0.2)
    try:
        c = TestClient(app, raise_server_exceptions=False)
        real = app.state.db.cursor

        from contextlib import contextmanager

        @contextmanager
        def slow_cursor():  # every query becomes one that cannot finish in time
            with real() as cur:
                orig = cur.all

                def all_(sql, params=()):
                    return orig("SELECT count(*) FROM range(100000000000) a, range(10) b")

                cur.all = all_  # type: ignore[method-assign]
                cur.one = all_  # type: ignore[method-assign]
                yield cur

        app.state.db.cursor = slow_cursor
        is_error(c.get("/api/facets"), 503)
    finally:
        app.state.db.close()


def test_create_app_errors(tmp_path: Path, sample_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UsageError):
        create_app(str(tmp_path / "missing.duckdb"))
    monkeypatch.delenv("EVENTCODER_INGEST_TOKEN", raising=False)
    with pytest.raises(UsageError) as err:
        create_app(sample_db, allow_ingest=True)
    assert err.value.code == "E011" and "EVENTCODER_INGEST_TOKEN" in err.value.message


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (ApiError(401, "no", {"WWW-Authenticate": "Bearer"}), 401),
        (BadRequest("bad bbox"), 400),
        (QueryTimeout("took too long"), 503),
        (duckdb.ConversionException("Conversion Error: x"), 400),
        (duckdb.IOException("disk"), 500),
        (InputError("E101", path="<api/ingest>"), 422),
        (UsageError("E004", value="x"), 422),
        (ConfigError("E007", model="en_core_web_sm"), 503),
        (ProcessingError("E201", article_id="a", origin="o", reason="r"), 500),
        (KeyError("secret internals"), 500),
    ],
)
def test_status_of_maps_every_exception_class(exc: BaseException, status: int) -> None:
    got, message, headers = status_of(exc, "/api/x")
    assert got == status and message
    if status == 500 and not isinstance(exc, ProcessingError):
        assert "secret" not in message and "disk" not in message  # no internals leak
    if isinstance(exc, ApiError):
        assert headers == {"WWW-Authenticate": "Bearer"}


def test_a_bug_answers_500_with_the_error_body(sample_db: str) -> None:
    app = create_app(sample_db)
    try:

        def broken_cursor():  # type: ignore[no-untyped-def]
            raise KeyError("boom")

        app.state.db.cursor = broken_cursor
        c = TestClient(app, raise_server_exceptions=False)
        body = is_error(c.get("/api/health"), 500)
        assert body["error"] == "internal error"
    finally:
        app.state.db.close()


def test_cli_serve_allow_ingest_without_token_is_a_coded_usage_error(
    sample_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("EVENTCODER_INGEST_TOKEN", raising=False)
    code = main(["serve", "--db", sample_db, "--allow-ingest", "--port", "0"])
    err = capsys.readouterr().err
    assert code == UsageError.exit_code == 2
    assert "[E011]" in err and "EVENTCODER_INGEST_TOKEN" in err
    assert "Traceback" not in err


def test_cli_serve_passes_a_lazy_pipeline_factory(
    sample_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventcoder.serve

    seen: dict[str, object] = {}

    def fake_serve(db_path: str, **kwargs: object) -> None:
        seen.update(kwargs, db_path=db_path)

    monkeypatch.setattr(eventcoder.serve, "serve", fake_serve)
    assert main(["serve", "--db", sample_db, "--allow-ingest"]) == 0
    assert seen["db_path"] == sample_db and seen["allow_ingest"] is True
    assert callable(seen["pipeline"])  # a factory: nothing built until the first ingest


def test_error_answers_carry_the_security_headers(client: TestClient) -> None:
    r = client.post("/api/ingest", json={"text": "x"})
    is_error(r, 403)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert "default-src 'self'" in r.headers["content-security-policy"]
