"""API tests of ``eventcoder serve`` (FastAPI TestClient, in process).

The database is the bundled sample articles (src/eventcoder/samples) coded by the real
pipeline; where the pipeline cannot run, ``build_sample_db`` falls back to the same
articles with hand-made events (see eventcoder/serve/demo.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder.errors import UsageError
from eventcoder.serve import create_app
from eventcoder.serve.db import Database, QueryTimeout
from eventcoder.serve.demo import build_sample_db

ALBU_KAMAL = (34.45, 40.92)
TOKEN = "s3cret-test-token"


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    path = tmp_path_factory.mktemp("serve") / "samples.duckdb"
    built_by = build_sample_db(path)
    return str(path), built_by


@pytest.fixture(scope="module")
def client(sample_db: tuple[str, str]) -> TestClient:
    app = create_app(sample_db[0])
    c = TestClient(app, raise_server_exceptions=False)
    yield c
    app.state.db.close()


def _all_events(client: TestClient, **params: object) -> list[dict]:
    items, cursor = [], None
    for _ in range(1000):
        q = dict(params, limit=params.get("limit", 500))
        if cursor:
            q["cursor"] = cursor
        r = client.get("/api/events", params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items
    raise AssertionError("pagination did not end")


def _is_error(r, status: int) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"ok", "error", "status"}
    assert (
        body["ok"] is False
        and body["status"] == status
        and isinstance(body["error"], str)
        and body["error"]
    )
    return body


def _cgtn(client: TestClient) -> dict:
    arts = client.get("/api/articles", params={"limit": 500}).json()["items"]
    return next(a for a in arts if "Albu Kamal" in (a["title"] or ""))


# -- basics ---------------------------------------------------------------------------------
def test_health(client: TestClient, sample_db: tuple[str, str]) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] is True and body["read_only"] is True and body["ingest"] is False
    assert body["counts"]["articles"] >= 6 and body["counts"]["events"] >= 5
    print("sample database built by:", sample_db[1])


def test_events_page_shape_and_provenance(client: TestClient) -> None:
    body = client.get("/api/events", params={"limit": 5}).json()
    assert body["ok"] is True and body["total"] >= 5 and len(body["items"]) == 5
    for ev in body["items"]:
        assert {
            "event_id",
            "article_id",
            "type",
            "trigger",
            "sentence",
            "date",
            "location",
            "article",
        } <= set(ev)
        assert ev["article"]["id"] == ev["article_id"]
        assert not ev["negated"] and not ev["hypothetical"]


def test_pagination_covers_every_event_once(client: TestClient) -> None:
    everything = _all_events(client)
    paged = _all_events(client, limit=2)
    assert [e["event_id"] for e in paged] == [e["event_id"] for e in everything]
    assert len({e["event_id"] for e in paged}) == len(paged)
    desc = _all_events(client, limit=3, order="desc")
    assert [e["event_id"] for e in desc] == [e["event_id"] for e in reversed(everything)]
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert total == len(everything)


def test_negated_and_hypothetical_flags(client: TestClient) -> None:
    base = _all_events(client)
    more = _all_events(client, include_negated=True, include_hypothetical=True)
    assert len(more) >= len(base)
    assert {e["event_id"] for e in base} <= {e["event_id"] for e in more}
    assert all(not e["negated"] and not e["hypothetical"] for e in base)


def test_filters(client: TestClient) -> None:
    allev = _all_events(client, include_negated=True, include_hypothetical=True)
    types = {e["type"] for e in allev}
    t = sorted(types)[0]
    only = _all_events(client, type=t, include_negated=True, include_hypothetical=True)
    assert only and all(e["type"] == t for e in only)
    assert len(only) == sum(e["type"] == t for e in allev)
    # several types: comma-separated and repeated give the same answer
    two = sorted(types)[:2]
    a = client.get("/api/events", params={"type": ",".join(two), "limit": 500}).json()["items"]
    b = client.get(
        "/api/events", params=[("type", two[0]), ("type", two[1]), ("limit", 500)]
    ).json()["items"]
    assert [e["event_id"] for e in a] == [e["event_id"] for e in b]
    # q: text in the sentence
    q = _all_events(client, q="albu kamal")
    assert q and all("albu kamal" in e["sentence"].lower() for e in q)
    # source: exact article source, case-insensitive
    cgtn = _all_events(client, source="cgtn")
    assert cgtn and all(e["article"]["source"] == "CGTN" for e in cgtn)
    # min_confidence
    hi = _all_events(client, min_confidence=0.7)
    assert all(e["confidence"] >= 0.7 for e in hi)
    # country of the location
    located = [e for e in allev if e["location"] and e["location"].get("country")]
    cc = located[0]["location"]["country"]
    by_cc = _all_events(client, country=cc.lower(), include_negated=True, include_hypothetical=True)
    assert by_cc and all(e["location"]["country"] == cc for e in by_cc)
    # acled_event_type
    acled = [e for e in allev if e["acled"]]
    if acled:
        et = acled[0]["acled"]["event_type"]
        got = _all_events(
            client, acled_event_type=et, include_negated=True, include_hypothetical=True
        )
        assert got and all(e["acled"]["event_type"] == et for e in got)
    # actor: substring of source/target name or text
    actor_ev = next(e for e in allev if e["source_actor"])
    needle = (actor_ev["source_actor"]["name"] or actor_ev["source_actor"]["text"])[:5]
    got = _all_events(client, actor=needle, include_negated=True, include_hypothetical=True)
    assert actor_ev["event_id"] in {e["event_id"] for e in got}
    for e in got:
        blob = " ".join(
            (x or "")
            for a in (e["source_actor"], e["target_actor"])
            if a
            for x in (a.get("name"), a.get("text"))
        )
        assert needle.lower() in blob.lower()
    # article_id
    aid = allev[0]["article_id"]
    assert all(e["article_id"] == aid for e in _all_events(client, article_id=aid))


def test_bbox_and_dates(client: TestClient) -> None:
    lat, lon = ALBU_KAMAL
    near = _all_events(client, bbox=f"{lon - 0.5},{lat - 0.5},{lon + 0.5},{lat + 0.5}")
    assert near, "no event near Albu Kamal"
    for e in near:
        assert abs(e["location"]["lat"] - lat) < 0.5 and abs(e["location"]["lon"] - lon) < 0.5
    # a box crossing the antimeridian that holds no sample event
    assert _all_events(client, bbox="170,-60,-170,60") == []
    # a box that wraps round the world holds everything with coordinates
    allev = _all_events(client)
    world = _all_events(client, bbox="-200,-90,200,90")
    assert len(world) == sum(
        1 for e in allev if e["location"] and e["location"].get("lat") is not None
    )
    days = sorted(
        {
            e["date"]["value"] or e["article"]["published"]
            for e in allev
            if e["date"]["value"] or e["article"]["published"]
        }
    )
    d = days[-1]
    same = _all_events(client, date_from=d, date_to=d)
    assert same and all((e["date"]["value"] or e["article"]["published"]) == d for e in same)


def test_event_detail_spans_index_cleaned_text(client: TestClient) -> None:
    ev = _all_events(client, q="Albu Kamal")[0]
    r = client.get(f"/api/events/{ev['event_id']}")
    assert r.status_code == 200
    body = r.json()
    assert body["event"]["event_id"] == ev["event_id"]
    assert body["article"]["id"] == ev["article_id"] and body["article"]["source"] == "CGTN"
    art = client.get(f"/api/articles/{ev['article_id']}").json()["article"]
    roles = {s["role"] for s in body["spans"]}
    assert "trigger" in roles
    for s in body["spans"]:
        if s["text"] is not None and s["role"] != "date":
            assert art["text"][s["start"] : s["end"]] == s["text"], s
    assert (
        art["text"][body["event"]["start"] : body["event"]["end"]].strip()
        == body["event"]["sentence"].strip()
    )


def test_articles(client: TestClient) -> None:
    page = client.get("/api/articles", params={"limit": 2}).json()
    assert page["total"] >= 6 and len(page["items"]) == 2 and page["next_cursor"]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/articles", params=params).json()
        seen += [a["id"] for a in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == page["total"]
    cgtn = _cgtn(client)
    detail = client.get(f"/api/articles/{cgtn['id']}").json()
    art = detail["article"]
    assert "Albu Kamal" in art["text"]
    assert "europe" in art["tags"]
    assert any("europe" in w for w in art["warnings"]), art["warnings"]
    assert "Share" in art["removed"]
    assert art["captions"] and art["caption_spans"]
    assert detail["events"] and all(e["article_id"] == cgtn["id"] for e in detail["events"])
    assert any(p["lat"] and abs(p["lat"] - ALBU_KAMAL[0]) < 0.3 for p in detail["places"])
    assert client.get("/api/articles", params={"q": "albu"}).json()["total"] == 1
    assert client.get("/api/articles", params={"source": "cgtn"}).json()["total"] == 1


def test_facets(client: TestClient) -> None:
    f = client.get("/api/facets").json()
    assert f["ok"] and f["total"] == client.get("/api/events").json()["total"]
    assert sum(b["count"] for b in f["types"]) == f["total"]
    assert f["interval"] == "day" and f["timeline"]
    assert sum(b["count"] for b in f["timeline"]) <= f["total"]
    t = f["types"][0]["value"]
    g = client.get("/api/facets", params={"type": t}).json()
    assert g["total"] == f["types"][0]["count"]
    # a facet ignores its own filter: the type counts stay the same
    assert g["types"] == f["types"]
    day = f["timeline"][-1]["date"]
    h = client.get("/api/facets", params={"date_from": day, "date_to": day}).json()
    assert h["timeline"] == f["timeline"] and h["total"] == f["timeline"][-1]["count"]
    assert any(b["value"] == "SYR" for b in f["countries"])


def test_geojson_clusters_and_points(client: TestClient) -> None:
    lat, lon = ALBU_KAMAL
    fc = client.get("/api/events.geojson", params={"zoom": 6}).json()
    assert fc["type"] == "FeatureCollection" and fc["clustered"] is True and not fc["truncated"]
    assert sum(f["properties"]["count"] for f in fc["features"]) == fc["total"]
    near = [
        f
        for f in fc["features"]
        if abs(f["geometry"]["coordinates"][1] - lat) < 1
        and abs(f["geometry"]["coordinates"][0] - lon) < 1
    ]
    assert near, "no marker near Albu Kamal"
    pts = client.get("/api/events.geojson", params={"cluster": False}).json()
    assert len(pts["features"]) == pts["total"] == fc["total"]
    assert all(
        f["properties"]["count"] == 1 and f["properties"]["event_id"] for f in pts["features"]
    )
    view = client.get(
        "/api/events.geojson",
        params={"zoom": 8, "view": f"{lon - 1},{lat - 1},{lon + 1},{lat + 1}"},
    ).json()
    assert view["total"] == len(
        _all_events(client, bbox=f"{lon - 1},{lat - 1},{lon + 1},{lat + 1}")
    )
    one = client.get("/api/events.geojson", params={"limit": 1, "zoom": 10}).json()
    assert len(one["features"]) == 1 and one["truncated"] == (
        fc["total"] > 1 and len(fc["features"]) > 1 or one["truncated"]
    )


def test_exports(client: TestClient) -> None:
    total = client.get("/api/events").json()["total"]
    r = client.get("/api/export.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total and {"event_id", "type", "lat", "lon", "sentence"} <= set(rows[0])
    r = client.get("/api/export.csv", params={"source": "CGTN", "limit": 1})
    assert len(list(csv.DictReader(io.StringIO(r.text)))) == 1
    g = client.get("/api/export.geojson").json()
    located = client.get("/api/events.geojson", params={"cluster": False}).json()["total"]
    assert g["type"] == "FeatureCollection" and len(g["features"]) == located
    f0 = g["features"][0]
    assert f0["geometry"]["type"] == "Point" and "event_id" in f0["properties"]


# -- errors ---------------------------------------------------------------------------------
def test_error_shape(client: TestClient) -> None:
    _is_error(client.get("/api/events", params={"limit": 0}), 422)
    _is_error(client.get("/api/events", params={"limit": 501}), 422)
    _is_error(client.get("/api/events", params={"type": "NOPE"}), 400)
    _is_error(client.get("/api/events", params={"bbox": "1,2,3"}), 400)
    _is_error(client.get("/api/events", params={"bbox": "0,10,5,0"}), 400)
    _is_error(client.get("/api/events", params={"date_from": "2017-13-01"}), 422)
    _is_error(
        client.get("/api/events", params={"date_from": "2018-01-01", "date_to": "2017-01-01"}), 400
    )
    _is_error(client.get("/api/events", params={"min_confidence": "nan"}), 422)
    _is_error(client.get("/api/events", params={"cursor": "not-a-cursor"}), 400)
    first = client.get("/api/articles", params={"limit": 1}).json()["next_cursor"]
    _is_error(client.get("/api/events", params={"cursor": first}), 400)  # a cursor of another list
    _is_error(client.get("/api/events", params={"q": "x" * 201}), 422)
    _is_error(client.get("/api/events/does-not-exist"), 404)
    _is_error(client.get("/api/articles/does-not-exist"), 404)
    _is_error(client.get("/api/nothing-here"), 404)
    _is_error(client.post("/api/events"), 405)
    _is_error(client.delete("/api/events/x"), 405)


def test_read_only_no_write_endpoint(client: TestClient) -> None:
    _is_error(
        client.post("/api/ingest", json={"text": "Police arrested 3 people in Nairobi."}), 403
    )
    _is_error(
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


def test_query_time_limit(sample_db: tuple[str, str]) -> None:
    db = Database(sample_db[0], timeout=0.2)
    try:
        with db.cursor() as cur, pytest.raises(QueryTimeout):
            cur.all("SELECT count(*) FROM range(100000000000) a, range(10) b")
        with db.cursor() as cur:  # the connection is still usable
            assert cur.one("SELECT count(*) FROM events")[0] >= 1
    finally:
        db.close()


def test_timeout_answers_503(sample_db: tuple[str, str]) -> None:
    app = create_app(sample_db[0], timeout=0.2)
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
        _is_error(c.get("/api/facets"), 503)
    finally:
        app.state.db.close()


def test_create_app_errors(
    tmp_path: Path, sample_db: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(UsageError):
        create_app(str(tmp_path / "missing.duckdb"))
    monkeypatch.delenv("EVENTCODER_INGEST_TOKEN", raising=False)
    with pytest.raises(ValueError):
        create_app(sample_db[0], allow_ingest=True)


def test_ingest_requires_token_and_limits(tmp_path: Path, sample_db: tuple[str, str]) -> None:
    db = tmp_path / "ingest.duckdb"
    shutil.copy(sample_db[0], db)
    app = create_app(str(db), allow_ingest=True, ingest_token=TOKEN)
    try:
        c = TestClient(app, raise_server_exceptions=False)
        assert c.get("/api/health").json()["ingest"] is True
        body = {"title": "Police arrest protesters", "source": "Test Wire", "published": "2017-11-21",
                "text": "Kenyan police arrested 40 protesters in Nairobi on Monday, witnesses said."}  # fmt: skip
        e = _is_error(c.post("/api/ingest", json=body), 401)
        assert "Bearer" in e["error"]
        _is_error(c.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}), 401)
        _is_error(c.post("/api/ingest", json=body, headers={"Authorization": TOKEN}), 401)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        _is_error(
            c.post(
                "/api/ingest",
                content=b"x" * 1_000_001,
                headers={**auth, "Content-Type": "text/plain"},
            ),
            413,
        )
        _is_error(
            c.post(
                "/api/ingest",
                content=b"{nope",
                headers={**auth, "Content-Type": "application/json"},
            ),
            400,
        )
        _is_error(c.post("/api/ingest", json=[1, 2], headers=auth), 400)
        _is_error(c.post("/api/ingest", json={"title": "no text"}, headers=auth), 422)
        _is_error(c.post("/api/ingest", json={**body, "published": "yesterday"}, headers=auth), 422)
        _is_error(
            c.post(
                "/api/ingest", content=b"<x/>", headers={**auth, "Content-Type": "application/xml"}
            ),
            415,
        )
        if sample_db[1] != "pipeline":
            pytest.skip("the coding pipeline does not run here; ingest coding not tested")
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


# -- docs and explorer ----------------------------------------------------------------------
def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for p in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/articles/{article_id}", "/api/facets",
              "/api/events.geojson", "/api/export.csv", "/api/export.geojson", "/api/health", "/api/ingest"):  # fmt: skip
        assert p in spec["paths"], p
    assert spec["paths"]["/api/events"]["get"]["responses"]["422"]["content"]["application/json"][
        "schema"
    ]["$ref"].endswith("/Error")
    html = client.get("/docs").text
    assert "cdn" not in html.lower() and "/static/swagger-ui/swagger-ui-bundle.js" in html
    for asset in (
        "/static/swagger-ui/swagger-ui-bundle.js",
        "/static/swagger-ui/swagger-ui.css",
    ):
        assert client.get(asset).status_code == 200


def test_explorer_is_self_contained(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "default-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and all(u.startswith(("/", "#")) for u in refs), refs
    for u in refs:
        if u.startswith("/static/"):
            assert client.get(u).status_code == 200, u
    static = Path(__file__).resolve().parent.parent / "src" / "eventcoder" / "serve" / "static"
    for f in ("app.js", "app.css"):
        text = (static / f).read_text()
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), (
            f"{f} refers to the network"
        )
    assert client.get("/static/vendor/world-atlas/countries-110m.json").status_code == 200
    size = sum(p.stat().st_size for p in static.rglob("*") if p.is_file())
    assert size < 3_000_000, size


# -- fuzzing --------------------------------------------------------------------------------
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
        ]
    ),  # fmt: skip
    _texts,
    max_size=6,
)
_paths = st.sampled_from(["/api/events", "/api/facets", "/api/events.geojson", "/api/articles", "/api/export.csv",
                          "/api/export.geojson", "/api/events/x", "/api/articles/x"])  # fmt: skip


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


def test_schemathesis_against_openapi(sample_db: tuple[str, str]) -> None:
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
    app = create_app(sample_db[0])
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
