"""``/api/articles`` and ``/api/articles/{article_id}``."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .helpers import ALBU_KAMAL, cgtn


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
    cg = cgtn(client)
    detail = client.get(f"/api/articles/{cg['id']}").json()
    art = detail["article"]
    assert "Albu Kamal" in art["text"]
    assert "europe" in art["tags"]
    assert any("europe" in w for w in art["warnings"]), art["warnings"]
    assert "Share" in art["removed"]
    assert art["captions"] and art["caption_spans"]
    assert detail["events"] and all(e["article_id"] == cg["id"] for e in detail["events"])
    assert any(p["lat"] and abs(p["lat"] - ALBU_KAMAL[0]) < 0.3 for p in detail["places"])
    assert client.get("/api/articles", params={"q": "albu"}).json()["total"] == 1
    assert client.get("/api/articles", params={"source": "cgtn"}).json()["total"] == 1
