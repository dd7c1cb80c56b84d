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


def test_exports_carry_provenance_and_are_named_after_the_filter(client: TestClient) -> None:
    r = client.get("/api/export.csv", params={"actor": "ISIL", "type": "ASSAULT"})
    assert r.status_code == 200
    assert 'filename="events_actor-ISIL_type-ASSAULT.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(row["outlet"] == "CGTN" for row in rows)
    assert all(row["published"] == "2017-11-20" and "Albu Kamal" in row["title"] for row in rows)
    g = client.get("/api/export.geojson", params={"source": "CGTN"}).json()
    assert g["features"] and all(f["properties"]["outlet"] == "CGTN" for f in g["features"])


def test_acled_and_parquet_downloads(client: TestClient) -> None:
    import pyarrow.parquet as pq

    r = client.get("/api/export.acled.csv", params={"source": "CGTN"})
    assert r.status_code == 200 and "events_source-CGTN.acled.csv" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(row["source"] == "CGTN" and row["iso3"] for row in rows)
    n = client.get("/api/events", params={"source": "CGTN"}).json()["total"]
    assert len(rows) <= n  # one row per happening, not per mention
    p = client.get("/api/export.parquet", params={"source": "CGTN"})
    assert p.status_code == 200 and p.headers["content-type"] == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(p.content))
    assert table.num_rows == n and set(table.column("outlet").to_pylist()) == {"CGTN"}
    assert "title" in table.column_names and "record" not in table.column_names
