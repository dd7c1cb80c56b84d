"""The gazetteer: GeoNames dumps, the default index and its curated names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.geo import Gazetteer, Geoparser, haversine_km
from eventcoder.geo.gazetteer import parse_geonames_line


def _row(gid, name, alts, lat, lon, fcl, fcode, cc, adm1, pop):
    return "\t".join(
        [
            str(gid),
            name,
            name,
            ",".join(alts),
            str(lat),
            str(lon),
            fcl,
            fcode,
            cc,
            "",
            adm1,
            "",
            "",
            "",
            str(pop),
            "",
            "0",
            "UTC",
            "2024-01-01",
        ]
    )


@settings(max_examples=50, deadline=None)
@given(
    gid=st.integers(1, 10**9),
    name=st.text(
        alphabet=st.characters(blacklist_characters="\t\n\r,", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=30,
    ).filter(str.strip),
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
    pop=st.integers(0, 10**8),
)
def test_parse_geonames_line_roundtrip(gid, name, lat, lon, pop):
    r = parse_geonames_line(_row(gid, name, ["Alt One"], lat, lon, "P", "PPL", "SY", "07", pop))
    assert r is not None
    assert (r["geonameid"], r["name"], r["population"]) == (gid, name, pop)
    assert r["alternatenames"] == ["Alt One"]
    assert parse_geonames_line("garbage\tline") is None


def test_from_geonames_dump(tmp_path):
    dump = tmp_path / "cities.txt"
    dump.write_text(
        "\n".join(
            [
                _row(1, "Springfield", [], 39.80172, -89.64371, "P", "PPL", "US", "IL", 114394),
                _row(2, "Springfield", [], 37.21533, -93.29824, "P", "PPL", "US", "MO", 170188),
                _row(
                    3,
                    "Illinois",
                    ["State of Illinois"],
                    40.0,
                    -89.0,
                    "A",
                    "ADM1",
                    "US",
                    "IL",
                    12000000,
                ),
                _row(4, "Missouri", [], 38.25, -92.5, "A", "ADM1", "US", "MO", 6000000),
                "not a geonames row",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    g = Gazetteer.from_geonames_dump(dump, with_package_data=False, cache=False)
    assert len(g) == 4
    assert [e.geonameid for e in g.lookup("Springfield")] == [2, 1]
    assert g.admin1_name("US", "IL") == "Illinois"
    gp = Geoparser(gazetteer=g)
    places = gp.find("He moved to Springfield, Illinois last year.")
    sp = next(p for p in places if p.text == "Springfield")
    assert sp.geonameid == 1 and sp.admin1 == "Illinois"
    places = gp.find("He moved to Springfield, Missouri last year.")
    assert next(p for p in places if p.text == "Springfield").geonameid == 2


def test_gazetteer_default_has_conflict_zone_names():
    g = Gazetteer.default()
    assert Gazetteer.default() is g
    for variant in ("Albu Kamal", "Abu Kamal", "al-Bukamal", "Boukamal", "Al Bukamal"):
        es = g.lookup(variant, "SYR")
        assert es and haversine_km(es[0].lat, es[0].lon, 34.45, 40.92) < 10, variant
    for variant in ("Deir ez-Zor", "Deir al-Zour", "Deir Ezzor", "Dayr az Zawr"):
        assert any(haversine_km(e.lat, e.lon, 35.34, 40.14) < 20 for e in g.lookup(variant)), (
            variant
        )
    assert any(e.feature == "H.STM" for e in g.lookup("Euphrates"))
    assert any(e.feature == "A.ADM1" for e in g.lookup("Balkh", "AF"))
    assert any(e.feature == "L.CONT" for e in g.lookup("Africa"))
    assert g.iso3("SY") == "SYR"
