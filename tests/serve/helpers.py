"""Small helpers shared by the serve tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

ALBU_KAMAL = (34.45, 40.92)
TOKEN = "s3cret-test-token"


def all_events(client: TestClient, **params: object) -> list[dict[str, Any]]:
    """Every event matching ``params``, following the cursors to the last page."""
    items: list[dict[str, Any]] = []
    cursor = None
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


def is_error(r: Any, status: int) -> dict[str, Any]:
    """Assert ``r`` is an error of ``status`` with the one error body; return the body."""
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


def cgtn(client: TestClient) -> dict[str, Any]:
    arts = client.get("/api/articles", params={"limit": 500}).json()["items"]
    return next(a for a in arts if "Albu Kamal" in (a["title"] or ""))
