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
    # an event sits on the timeline at its own date, else — a current event — at its
    # article's publication day; an undated historical one (the CGTN report's summed-up Raqqa
    # campaign) has no day: it is counted beside the timeline, not drawn on the report's day
    undated = client.get("/api/events", params={"date_precision": "none", "limit": 500}).json()["items"]
    off = [e for e in undated if e["historical"] or not e["article"]["published"]]
    dated = f["total"] - len(off)
    assert len(undated) == next((b["count"] for b in f["date_precisions"] if b["value"] == "none"), 0)
    assert f["undated_background"] == sum(1 for e in undated if e["historical"]) >= 1
    assert inside + f["before"] + f["after"] == dated
    z = client.get("/api/facets", params={"window_from": "2017-11-15", "window_to": "2017-11-20"}).json()
    assert z["window"]["from"] == "2017-11-15" and z["before"] > 0
    assert all("2017-11-15" <= b["date"] <= "2017-11-20" for b in z["timeline"])
    assert sum(b["count"] for b in z["timeline"]) + z["before"] + z["after"] == dated
    bad = client.get("/api/facets", params={"window_from": "2017-12-01", "window_to": "2017-11-01"})
    assert bad.status_code == 400
    assert sum(b["count"] for b in f["date_precisions"]) == f["total"]


def test_the_day_an_event_is_drawn_at() -> None:
    """``EVENT_DAY``, the one definition: its own date; an undated current event (or one
    coded before the flag was stored) at its report's day; an undated historical one nowhere."""
    import duckdb

    from eventcoder.serve.query import EVENT_DAY, UNDATED_BACKGROUND

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE events AS SELECT * FROM (VALUES"
        " ('dated background', DATE '2013-05-01', DATE '2017-11-20', true),"
        " ('dated current', DATE '2017-11-19', DATE '2017-11-20', false),"
        " ('undated current', NULL, DATE '2017-11-20', false),"
        " ('undated, coded before the flag', NULL, DATE '2017-11-20', NULL),"
        " ('undated background', NULL, DATE '2017-11-20', true),"
        " ('undated current of an undated report', NULL, NULL, false)"
        ") t(name, date, published, historical)"
    )
    rows = con.execute(f"SELECT name, CAST({EVENT_DAY} AS VARCHAR), {UNDATED_BACKGROUND} FROM events e").fetchall()
    got = {name: (day, off) for name, day, off in rows}
    assert got == {
        "dated background": ("2013-05-01", False),
        "dated current": ("2017-11-19", False),
        "undated current": ("2017-11-20", False),
        "undated, coded before the flag": ("2017-11-20", False),
        "undated background": (None, True),
        "undated current of an undated report": (None, False),
    }


def test_historical_facet_and_undated_background(client: TestClient) -> None:
    f = client.get("/api/facets").json()
    counts = {b["value"]: b["count"] for b in f["historical"]}
    assert counts["historical"] >= 1 and counts["historical"] + counts["current"] == f["total"]
    # the facet ignores its own filter; the rest follows it
    cur = client.get("/api/facets", params={"historical": "false"}).json()
    assert cur["historical"] == f["historical"] and cur["total"] == counts["current"]
    assert cur["undated_background"] == 0
    assert sum(b["count"] for b in cur["timeline"]) + cur["before"] + cur["after"] == sum(
        b["count"] for b in f["timeline"]
    ) + f["before"] + f["after"]
    hist = client.get("/api/facets", params={"historical": "true"}).json()
    assert hist["total"] == counts["historical"]
    dated_hist = hist["total"] - hist["undated_background"]
    assert sum(b["count"] for b in hist["timeline"]) + hist["before"] + hist["after"] == dated_hist


def test_cgtn_raqqa_campaign_is_background_off_the_timeline(client: TestClient) -> None:
    """End to end on the real CGTN sample: the SDF's capture of Raqqa, told as the
    campaign's background, is historical and undated — not drawn on the report's day."""
    items = client.get("/api/events", params={"source": "CGTN", "limit": 500}).json()["items"]
    raqqa = [e for e in items if "Raqqa" in e["sentence"] and e["type"] == "ASSAULT"]
    assert raqqa and all(e["historical"] and e["date"]["value"] is None for e in raqqa)
    ids = {e["event_id"] for e in raqqa}
    published = raqqa[0]["article"]["published"]
    on_day = client.get("/api/events", params={"date_from": published, "date_to": published, "limit": 500}).json()
    assert not ids & {e["event_id"] for e in on_day["items"]}
    assert all(e["historical"] or e["date"]["value"] for e in items)  # the rest is dated
    # the background is last in date order, after every event with a day
    by_date = client.get("/api/events", params={"source": "CGTN", "sort": "date", "order": "asc", "limit": 500}).json()
    tail = [e["event_id"] for e in by_date["items"]][-len(ids):]
    assert set(tail) == ids
    assert not ids & {e["event_id"] for e in client.get("/api/events", params={"historical": "false", "limit": 500}).json()["items"]}
    rows = client.get("/api/export.csv", params={"source": "CGTN", "historical": "true"}).text.splitlines()
    assert len(rows) == 1 + len(ids) and "historical" in rows[0].split(",")
