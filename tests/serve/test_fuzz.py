"""Fuzzing every GET endpoint: hypothesis over query parameters and ids, schemathesis from
the OpenAPI schema. No request may answer 5xx; every error has the one error body."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder.serve import create_app

_texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "ASSAULT",
            "assault,coerce",
            "SYR",
            "2017-11-20",
            "-1",
            "1e309",
            "nan",
            "0,0,0,0",
            "-181,-91,181,91",
            "10,10,0,0",
            "'; DROP TABLE events; --",
            "%",
            "_",
            "\\",
            "\x00",
            "💥",
        ]
    ),  # fmt: skip
)
_params = st.dictionaries(
    st.sampled_from(
        [
            "type",
            "acled_event_type",
            "actor",
            "country",
            "bbox",
            "date_from",
            "date_to",
            "source",
            "q",
            "min_confidence",
            "include_negated",
            "include_hypothetical",
            "historical",
            "limit",
            "cursor",
            "order",
            "zoom",
            "view",
            "cluster",
            "cell_px",
            "interval",
            "article_id",
            "status",
            "actor_role",
            "place",
            "radius_km",
            "precision",
            "date_precision",
            "date_basis",
            "sort",
            "window_from",
            "window_to",
        ]
    ),  # fmt: skip
    _texts,
    max_size=6,
)
_paths = st.sampled_from(["/api/events", "/api/facets", "/api/events.geojson", "/api/articles", "/api/export.csv",
                          "/api/export.geojson", "/api/events/x", "/api/articles/x", "/api/actors",
                          "/api/places", "/api/places/labels", "/api/export.acled.csv",
                          "/api/export.parquet"])  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=_paths, params=_params)
def test_fuzz_query_params_never_5xx(client: TestClient, path: str, params: dict[str, str]) -> None:
    r = client.get(path, params=params)
    assert r.status_code < 500, (path, params, r.text)
    if r.status_code >= 400:
        body = r.json()
        assert body["ok"] is False and body["status"] == r.status_code


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_fuzz_event_and_article_ids(client: TestClient, path: str) -> None:
    for base in ("/api/events/", "/api/articles/"):
        r = client.get(base + quote(path, safe=""))
        assert r.status_code < 500, (base, path, r.text)
        json.loads(r.text)


def test_schemathesis_against_openapi(sample_db: str) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck as HC
    from hypothesis import Phase
    from hypothesis import settings as hsettings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    app = create_app(sample_db)
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        failures: list[str] = []
        for op in schema.get_all_operations():
            operation = op.ok()
            if operation.method.upper() != "GET":
                continue

            @hsettings(
                max_examples=12,
                deadline=None,
                phases=[Phase.generate],
                suppress_health_check=list(HC),
                database=None,
            )
            @given(case=operation.as_strategy())
            def check(case) -> None:  # type: ignore[no-untyped-def]
                resp = case.call()
                if resp.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} {case.query}: {resp.status_code} {resp.text[:200]}"
                    )
                    return
                # The schema cannot say that a bbox needs 4 numbers or that date_from <= date_to
                # (those answer 400), so "schema-valid data must be accepted" is not checked.
                case.validate_response(resp, checks=checks)

            check()
        assert not failures, failures[:5]
    finally:
        app.state.db.close()
