"""Every place and location says how precise its coordinates are (ACLED's geo-precision)."""

from __future__ import annotations

import pytest

from eventcoder.geo.precision import LEVELS, precision
from eventcoder.records import Location, Place
from eventcoder.store import acled_geo_precision


@pytest.mark.parametrize(
    ("feature", "expected"),
    [
        ("P.PPL", "point"),
        ("P.PPLC", "point"),
        ("S.AIRP", "point"),
        ("A.ADM2", "admin2"),
        ("A.ADM3", "admin2"),
        ("T.ISL", "admin2"),
        ("A.ADM1", "admin1"),
        ("H.STM", "admin1"),
        ("L.RGN", "admin1"),
        ("A.PCLI", "country"),
        ("H.OCN", "country"),
        (None, None),
    ],
)
def test_precision_of_feature(feature, expected):
    assert precision(feature) == expected
    assert expected is None or expected in LEVELS


def test_places_carry_precision_to_locations(gp, nlp):
    text = "Shelling hit Homs, in Syria, and Dayr az Zawr governorate on Monday."
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert ps["Homs"].precision == "point"
    assert ps["Syria"].precision == "country"
    loc = Location.from_place(ps["Syria"], "article")
    assert loc.precision == "country" and loc.to_dict()["precision"] == "country"


def test_unresolved_name_takes_its_anchor_precision(gp, nlp):
    text = "A man was shot in Chicago on Sunday. Doctors at Northwestern Memorial Hospital could not save him."
    (h,) = [p for p in gp.find_in_text(text, nlp) if p.text == "Northwestern Memorial Hospital"]
    assert h.geonameid is None and h.precision == "point"


def test_acled_geo_precision():
    town = {"precision": "point", "basis": "trigger"}
    assert acled_geo_precision(town) == 1
    assert acled_geo_precision({**town, "basis": "article"}) == 2  # only near the article's town
    assert acled_geo_precision({"precision": "admin2", "basis": "trigger"}) == 2
    assert acled_geo_precision({"precision": "admin1", "basis": "sentence"}) == 3
    assert acled_geo_precision({"precision": "country", "basis": "trigger"}) == 3
    assert acled_geo_precision({"precision": None, "basis": "trigger"}) is None  # no coordinates
    assert acled_geo_precision({"basis": "article"}) == 2  # a record stored before precision
    assert acled_geo_precision({}) is None
    p = Place("Homs", 0, 4, geonameid=1, lat=34.7, lon=36.7, feature="P.PPL", precision="point")
    assert Location.from_place(p, "trigger").precision == "point"
