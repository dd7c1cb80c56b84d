"""``/api/places``, the place filter (names, spelling variants, radius), precision, labels."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .helpers import ALBU_KAMAL, all_events


def test_a_variant_spelling_finds_the_events(client: TestClient) -> None:
    named = all_events(client, place="Ālbū Kamāl")
    assert named and all(e["location"]["geonameid"] == 174448 for e in named)
    ids = {e["event_id"] for e in named}
    # the gazetteer's variants and the spellings of the articles mean the same place
    for spelling in ("Albu Kamal", "Abu Kamal", "abu kamal", "Al Bukamal"):
        got = {e["event_id"] for e in all_events(client, place=spelling)}
        assert got == ids, spelling
    assert all_events(client, place="Nowhereville") == []


def test_radius(client: TestClient) -> None:
    lat, lon = ALBU_KAMAL
    exact = all_events(client, place="Abu Kamal")
    near = all_events(client, place="Abu Kamal", radius_km=10)
    assert {e["event_id"] for e in exact} <= {e["event_id"] for e in near}
    wide = all_events(client, place="Abu Kamal", radius_km=300)
    # Raqqa is about 230 km away: in a 300 km radius, not in 10 km
    assert any(e["location"]["name"] == "Ar Raqqah" for e in wide)
    assert not any(e["location"]["name"] == "Ar Raqqah" for e in near)
    # a place no event was placed at: the radius is around the gazetteer's point
    around = all_events(client, place="Deir ez-Zor", radius_km=150)
    assert around and all(abs(e["location"]["lat"] - 35.3) < 2 for e in around)


def test_precision_is_derived_and_filterable(client: TestClient) -> None:
    every = all_events(client)
    located = [e for e in every if e["location"] and e["location"]["lat"] is not None]
    assert all(e["location"]["precision"] in ("point", "admin2", "admin1", "country") for e in located)
    country = all_events(client, precision="country")
    assert country and all(e["location"]["precision"] == "country" for e in country)
    # the sanctions imposed on Russia are placed at the country (the campaign summaries that
    # once put events at Syria's centroid are no longer coded: background with no occasion)
    russia = [e for e in country if e["location"]["name"] == "Russian Federation"]
    assert russia, "the events placed at Russia's centroid are country-level"
    point = all_events(client, precision="point")
    assert not {e["event_id"] for e in point} & {e["event_id"] for e in country}
    both = all_events(client, precision="point,country")
    assert len(both) == len(point) + len(country)
    assert client.get("/api/events", params={"precision": "town"}).status_code == 400


def test_map_draws_country_level_as_country_totals(client: TestClient) -> None:
    fc = client.get("/api/events.geojson", params={"zoom": 4}).json()
    assert sum(f["properties"]["count"] for f in fc["features"]) == fc["total"]
    countries = [f for f in fc["features"] if f["properties"]["precision"] == "country"]
    russia = [f for f in countries if f["properties"]["country"] == "RUS"]
    assert len(russia) == 1  # one total per country, not merged into a town's cluster
    n = len(all_events(client, precision="country", country="RUS"))
    assert russia[0]["properties"]["count"] == n
    towns = [f for f in fc["features"] if f["properties"]["precision"] == "point"]
    assert towns and not any(f["properties"].get("country") for f in towns if f["properties"]["cluster"])


def test_place_autocomplete(client: TestClient) -> None:
    items = client.get("/api/places", params={"q": "Abu"}).json()["items"]
    assert items and items[0]["name"] == "Ālbū Kamāl" and items[0]["count"] >= 1
    assert items[0]["matched"] == "Abu Kamal"  # the spelling seen that starts with the query
    body = client.get("/api/places", params={"q": "Abu Kamal"}).json()["items"]
    assert body[0]["geonameid"] == 174448 and "Abu Kamal" in body[0]["variants"] + [body[0]["matched"]]
    top = client.get("/api/places", params={"limit": 3}).json()["items"]
    assert [p["count"] for p in top] == sorted((p["count"] for p in top), reverse=True)


def test_labels_are_offline_gazetteer_places(client: TestClient) -> None:
    body = client.get("/api/places/labels", params={"view": "35,32,43,38", "zoom": 6}).json()
    names = {lb["name"] for lb in body["items"]}
    assert "Damascus" in names or "Dimashq" in names, names
    assert all(35 <= lb["lon"] <= 43 and 32 <= lb["lat"] <= 38 for lb in body["items"])
    far = client.get("/api/places/labels", params={"view": "-180,-80,180,80", "zoom": 3}).json()
    assert len(far["items"]) <= 60 and all(lb["population"] >= 600_000 or lb["kind"] == "capital" for lb in far["items"])


def test_a_stored_location_precision_wins_over_the_derived_one(sample_db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Databases whose store keeps ``location_precision`` (the record's field) are read as such."""
    import shutil
    import warnings

    import duckdb

    from eventcoder.serve import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    path = tmp_path / "prec.duckdb"
    shutil.copy(sample_db, path)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE events ADD COLUMN location_precision VARCHAR")
    (eid,) = con.execute(
        "SELECT event_id FROM events WHERE location_name = 'Kabul' ORDER BY event_id LIMIT 1"
    ).fetchone()
    con.execute("UPDATE events SET location_precision = 'admin1' WHERE event_id = ?", [eid])
    con.close()
    app = create_app(str(path))
    try:
        c = TestClient(app)
        admin1 = all_events(c, precision="admin1")
        assert [e["event_id"] for e in admin1] == [eid]
        assert eid not in {e["event_id"] for e in all_events(c, precision="point")}
        # rows without a stored value are still derived: Russia's centroid is country-level
        assert any(e["location"]["name"] == "Russian Federation" for e in all_events(c, precision="country"))
    finally:
        app.state.db.close()
