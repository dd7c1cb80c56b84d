"""``/api/events`` and ``/api/events/{event_id}``: page shape, pagination, filters, provenance."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .helpers import ALBU_KAMAL, all_events


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


def _day(e: dict) -> str:
    """The day an event is drawn at (``query.EVENT_DAY``): its own date, else a current
    event's report day; an undated historical event has none ("", sorted last both ways)."""
    own = (e.get("date") or {}).get("value")
    return own or ("" if e.get("historical") else e["article"]["published"] or "")


def test_pagination_covers_every_event_once(client: TestClient) -> None:
    everything = all_events(client)
    paged = all_events(client, limit=2)
    assert [e["event_id"] for e in paged] == [e["event_id"] for e in everything]
    assert len({e["event_id"] for e in paged}) == len(paged)
    # newest first by default; asc is the same events oldest first
    days = [_day(e) for e in everything]
    assert days == sorted(days, reverse=True) and days[0] > days[-1]
    asc = all_events(client, limit=3, order="asc")
    assert sorted(e["event_id"] for e in asc) == sorted(e["event_id"] for e in everything)
    assert [_day(e) for e in asc] == sorted(days, key=lambda d: (d == "", d))
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert total == len(everything)


def test_every_sort_column_pages_through_every_event_once(client: TestClient) -> None:
    everything = {e["event_id"] for e in all_events(client)}
    for sort in ("type", "source_actor", "location", "outlet", "published", "confidence"):
        for order in ("asc", "desc"):
            paged = all_events(client, limit=4, sort=sort, order=order)
            ids = [e["event_id"] for e in paged]
            assert len(ids) == len(set(ids)) and set(ids) == everything, (sort, order)
    conf = [e["confidence"] for e in all_events(client, sort="confidence", order="desc")]
    assert conf == sorted(conf, reverse=True)
    names = [
        (e["source_actor"] or {}).get("name")
        for e in all_events(client, sort="source_actor", order="asc")
    ]
    named = [n for n in names if n]
    assert named == sorted(named, key=str.lower)
    assert names[: len(named)] == named  # actors without a name come last
    assert client.get("/api/events", params={"sort": "sentence"}).status_code == 422


def test_historical_filter(client: TestClient) -> None:
    allev = all_events(client)
    cur = all_events(client, historical="false")
    hist = all_events(client, historical="true")
    assert hist and all(e["historical"] for e in hist) and not any(e["historical"] for e in cur)
    assert sorted(e["event_id"] for e in cur + hist) == sorted(e["event_id"] for e in allev)
    assert client.get("/api/events", params={"historical": "maybe"}).status_code == 422


def test_negated_and_hypothetical_flags(client: TestClient) -> None:
    base = all_events(client)
    more = all_events(client, include_negated=True, include_hypothetical=True)
    assert len(more) >= len(base)
    assert {e["event_id"] for e in base} <= {e["event_id"] for e in more}
    assert all(not e["negated"] and not e["hypothetical"] for e in base)


def test_filters(client: TestClient) -> None:
    allev = all_events(client, include_negated=True, include_hypothetical=True)
    types = {e["type"] for e in allev}
    t = sorted(types)[0]
    only = all_events(client, type=t, include_negated=True, include_hypothetical=True)
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
    q = all_events(client, q="albu kamal")
    assert q and all("albu kamal" in e["sentence"].lower() for e in q)
    # source: exact article source, case-insensitive
    cgtn = all_events(client, source="cgtn")
    assert cgtn and all(e["article"]["source"] == "CGTN" for e in cgtn)
    # min_confidence
    hi = all_events(client, min_confidence=0.7)
    assert all(e["confidence"] >= 0.7 for e in hi)
    # country of the location
    located = [e for e in allev if e["location"] and e["location"].get("country")]
    cc = located[0]["location"]["country"]
    by_cc = all_events(client, country=cc.lower(), include_negated=True, include_hypothetical=True)
    assert by_cc and all(e["location"]["country"] == cc for e in by_cc)
    # acled_event_type
    acled = [e for e in allev if e["acled"]]
    if acled:
        et = acled[0]["acled"]["event_type"]
        got = all_events(
            client, acled_event_type=et, include_negated=True, include_hypothetical=True
        )
        assert got and all(e["acled"]["event_type"] == et for e in got)
    # actor: a canonical name (exactly, ignoring case) in either role (test_actors has aliases)
    actor_ev = next(e for e in allev if e["source_actor"] and e["source_actor"]["name"])
    name = actor_ev["source_actor"]["name"]
    got = all_events(client, actor=name.upper(), include_negated=True, include_hypothetical=True)
    assert actor_ev["event_id"] in {e["event_id"] for e in got}
    for e in got:
        assert name in {(a or {}).get("name") for a in (e["source_actor"], e["target_actor"])}
    # article_id
    aid = allev[0]["article_id"]
    assert all(e["article_id"] == aid for e in all_events(client, article_id=aid))


def test_bbox_and_dates(client: TestClient) -> None:
    lat, lon = ALBU_KAMAL
    near = all_events(client, bbox=f"{lon - 0.5},{lat - 0.5},{lon + 0.5},{lat + 0.5}")
    assert near, "no event near Albu Kamal"
    for e in near:
        assert abs(e["location"]["lat"] - lat) < 0.5 and abs(e["location"]["lon"] - lon) < 0.5
    # a box crossing the antimeridian that holds no sample event
    assert all_events(client, bbox="170,-60,-170,60") == []
    # a box that wraps round the world holds everything with coordinates
    allev = all_events(client)
    world = all_events(client, bbox="-200,-90,200,90")
    assert len(world) == sum(
        1 for e in allev if e["location"] and e["location"].get("lat") is not None
    )
    days = sorted({_day(e) for e in allev if _day(e)})
    d = days[-1]
    same = all_events(client, date_from=d, date_to=d)
    assert same and all(_day(e) == d for e in same)
    assert len(same) == sum(1 for e in allev if _day(e) == d)


def test_event_detail_spans_index_cleaned_text(client: TestClient) -> None:
    ev = all_events(client, q="Albu Kamal")[0]
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
