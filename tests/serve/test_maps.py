"""``/api/events.geojson``: clusters, points, the view."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .helpers import ALBU_KAMAL, all_events


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
    assert view["total"] == len(all_events(client, bbox=f"{lon - 1},{lat - 1},{lon + 1},{lat + 1}"))
    one = client.get("/api/events.geojson", params={"limit": 1, "zoom": 10}).json()
    assert len(one["features"]) == 1 and one["truncated"] == (
        fc["total"] > 1 and len(fc["features"]) > 1 or one["truncated"]
    )
