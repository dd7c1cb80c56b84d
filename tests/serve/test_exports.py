"""``/api/export.csv`` and ``/api/export.geojson``."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient


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
