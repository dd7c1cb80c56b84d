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


def test_timeline_window_fits_the_bulk_and_groups_outliers(client: TestClient) -> None:
    f = client.get("/api/facets").json()
    w = f["window"]
    assert w["min"] <= w["from"] <= w["to"] <= w["max"]
    inside = sum(b["count"] for b in f["timeline"])
    # an event sits on the timeline at its own date, else at its article's publication day (an
    # undated background act of a dated page — the CGTN report's Raqqa capture — is placed there)
    undated = client.get("/api/events", params={"date_precision": "none", "limit": 500}).json()["items"]
    dated = f["total"] - sum(1 for e in undated if not e["article"]["published"])
    assert len(undated) == next((b["count"] for b in f["date_precisions"] if b["value"] == "none"), 0)
    assert inside + f["before"] + f["after"] == dated
    z = client.get("/api/facets", params={"window_from": "2017-11-15", "window_to": "2017-11-20"}).json()
    assert z["window"]["from"] == "2017-11-15" and z["before"] > 0
    assert all("2017-11-15" <= b["date"] <= "2017-11-20" for b in z["timeline"])
    assert sum(b["count"] for b in z["timeline"]) + z["before"] + z["after"] == dated
    bad = client.get("/api/facets", params={"window_from": "2017-12-01", "window_to": "2017-11-01"})
    assert bad.status_code == 400
    assert sum(b["count"] for b in f["date_precisions"]) == f["total"]
