"""``/api/clusters`` and ``count_by=clusters`` on a clustered database: the samples coded with
near-duplicate detection (a syndicated copy of the CGTN report skipped and linked), then
``eventcoder clusters``' run over the store (``fixtures.build_clustered_db``)."""

from __future__ import annotations

from collections import defaultdict

import duckdb


def _all_events(client, **params) -> list[dict]:  # type: ignore[no-untyped-def]
    out, cursor = [], None
    while True:
        q = {"limit": 7, **params, **({"cursor": cursor} if cursor else {})}
        r = client.get("/api/events", params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        out += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return out


def _clusters_of(db: str) -> dict[str, str]:
    con = duckdb.connect(db, read_only=True)
    try:
        return dict(con.execute("SELECT event_id, cluster_id FROM event_clusters").fetchall())
    finally:
        con.close()


def test_clusters_mode_lists_each_real_world_event_once_by_its_first_report(clustered_client, clustered_db) -> None:  # type: ignore[no-untyped-def]
    cid = _clusters_of(clustered_db)
    mentions = _all_events(clustered_client)
    per = defaultdict(list)
    for e in mentions:
        per[cid.get(e["event_id"], e["event_id"])].append(e)
    assert len(per) < len(mentions)  # the CGTN report's four mentions are one event
    for sort, order in (("date", "desc"), ("outlet", "asc"), ("confidence", "desc")):
        real = _all_events(clustered_client, count_by="clusters", sort=sort, order=order)
        ids = [e["event_id"] for e in real]
        assert len(ids) == len(set(ids)) == len(per), (sort, order)
        assert {cid.get(i, i) for i in ids} == set(per)
    first = clustered_client.get("/api/events", params={"count_by": "clusters", "limit": 1}).json()
    assert first["total"] == len(per)
    # a filter: the clusters among the matching mentions, each once
    assault = _all_events(clustered_client, type="ASSAULT")
    real_assault = _all_events(clustered_client, type="ASSAULT", count_by="clusters")
    assert len(real_assault) == len({cid.get(e["event_id"], e["event_id"]) for e in assault}) < len(assault)
    # every event endpoint counts the same way
    facets = clustered_client.get("/api/facets", params={"count_by": "clusters"}).json()
    assert facets["total"] == len(per)
    assert sum(b["count"] for b in facets["types"]) == len(per)
    located = [e for e in _all_events(clustered_client, count_by="clusters") if (e.get("location") or {}).get("lat") is not None]
    geo = clustered_client.get("/api/events.geojson", params={"count_by": "clusters", "zoom": 2}).json()
    assert geo["total"] == len(located)
    csv = clustered_client.get("/api/export.csv", params={"count_by": "clusters"})
    assert csv.status_code == 200 and csv.text.count("\n") == len(per) + 1
    assert 'filename="events_real-world-events.csv"' in csv.headers["content-disposition"]


def test_each_event_names_its_cluster_and_the_health_counts_them(clustered_client, clustered_db) -> None:  # type: ignore[no-untyped-def]
    cid = _clusters_of(clustered_db)
    items = _all_events(clustered_client)
    assert all(e["cluster"]["cluster_id"] == cid[e["event_id"]] for e in items if e["event_id"] in cid)
    big = max(items, key=lambda e: ((e["cluster"] or {}).get("n_events", 0), (e["cluster"] or {}).get("independent_sources", 0)))
    # the CGTN capture claim and the Observatory's report: two events, two voices (issue 13)
    assert big["cluster"]["n_events"] >= 2 and big["cluster"]["independent_sources"] >= 2
    one = clustered_client.get(f"/api/events/{big['event_id']}").json()["event"]
    assert one["cluster"] == big["cluster"]
    health = clustered_client.get("/api/health").json()
    assert health["counts"]["clusters"] == len(set(cid.values()))


def test_the_cgtn_cluster_shows_both_sides_its_sources_and_the_syndicated_copy(clustered_client) -> None:  # type: ignore[no-untyped-def]
    listed = clustered_client.get("/api/clusters", params={"contradicted": "true", "limit": 50}).json()["items"]
    cgtn = [k for k in listed if "CGTN" in k["outlets"] and any(c["field"] == "outcome" for c in k["contradictions"])]
    assert len(cgtn) == 1
    k = clustered_client.get(f"/api/clusters/{cgtn[0]['cluster_id']}").json()["cluster"]
    (out,) = [c for c in k["contradictions"] if c["field"] == "outcome"]
    sides = {c["value"]: c["said_by"] for c in out["claims"] if "Hezbollah" in c["said_by"] or "Observatory" in c["said_by"]}
    assert "Hezbollah" in sides["complete"] and "Observatory" in sides["ongoing"]
    assert all(c["quote"] for c in out["claims"])
    # sources: every report with its article; one independent source per voice
    assert {s["event_id"] for s in k["sources"]} == set(k["event_ids"])
    assert all(s["title"] and s["outlet"] == "CGTN" for s in k["sources"])
    assert sum(s["independent"] for s in k["sources"]) == k["independent_sources"]
    # the wire copy was not coded and is listed as a copy of the CGTN article, not a source
    (copy,) = k["copies"]
    assert copy["outlet"] == "Wire Copy Service" and copy["duplicate_of"] in k["article_ids"]
    assert copy["article_id"] not in k["article_ids"]


def test_unclustered_database_counts_mentions_either_way(client) -> None:  # type: ignore[no-untyped-def]
    a = client.get("/api/events", params={"limit": 500}).json()
    b = client.get("/api/events", params={"limit": 500, "count_by": "clusters"}).json()
    assert a["total"] == b["total"] > 0 and [e["event_id"] for e in a["items"]] == [e["event_id"] for e in b["items"]]
    assert all(e["cluster"] is None for e in a["items"])
    assert client.get("/api/clusters").json() == {"ok": True, "total": 0, "items": []}
    assert "clusters" not in client.get("/api/health").json()["counts"]
    assert client.get("/api/events", params={"count_by": "stories"}).status_code == 422


def test_date_basis_through_the_side_table_matches_the_records(clustered_client) -> None:  # type: ignore[no-untyped-def]
    every = _all_events(clustered_client)
    for basis in ("text", "narrative", "publication"):
        want = {e["event_id"] for e in every if (e.get("date") or {}).get("basis") == basis}
        got = {e["event_id"] for e in _all_events(clustered_client, date_basis=basis)}
        assert got == want, basis
    assert {e["event_id"] for e in _all_events(clustered_client, date_basis="publication", count_by="clusters")} <= {
        e["event_id"] for e in _all_events(clustered_client, date_basis="publication")
    }
