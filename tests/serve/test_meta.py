"""``GET /api/health``."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_health(client: TestClient) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] is True and body["read_only"] is True and body["ingest"] is False
    assert body["counts"]["articles"] >= 6 and body["counts"]["events"] >= 5
