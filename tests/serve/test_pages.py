"""The pages: OpenAPI, offline ``/docs``, the self-contained explorer."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from fastapi.testclient import TestClient


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
    static = Path(__file__).resolve().parents[2] / "src" / "eventcoder" / "serve" / "static"
    for f in ("app.js", "app.css"):
        text = (static / f).read_text()
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), (
            f"{f} refers to the network"
        )
    assert client.get("/static/vendor/world-atlas/countries-110m.json").status_code == 200
    size = sum(p.stat().st_size for p in static.rglob("*") if p.is_file())
    assert size < 3_000_000, size


def test_openapi_matches_the_snapshot(client: TestClient) -> None:
    """The API's paths, parameters and shapes are a contract: a change must be deliberate.

    tests/serve/openapi.json is /openapi.json without the version; after an intended change
    regenerate it with EVENTCODER_UPDATE_OPENAPI=1 and review the diff.
    """
    spec = json.loads(json.dumps(client.app.openapi()))
    spec["info"].pop("version")
    snapshot = Path(__file__).with_name("openapi.json")
    if os.environ.get("EVENTCODER_UPDATE_OPENAPI") == "1":
        text = json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        snapshot.write_text(text, encoding="utf-8")
    assert spec == json.loads(snapshot.read_text(encoding="utf-8"))
