"""``/api/facets``."""

from __future__ import annotations

from fastapi.testclient import TestClient


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
