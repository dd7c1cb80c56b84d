"""The local gazetteer layer (``geo/local.py``): Kenya's wards, constituencies and
sub-counties from ``kenya-data`` as low-prior entries (sentences written for these tests)."""

from __future__ import annotations

import pytest

from eventcoder.geo import local
from eventcoder.geo.resolve import prior

pytest.importorskip("kenya_data")


def _places(gp, nlp, text: str) -> dict:
    return {p.text: p for p in gp.find_in_text(text, nlp)}


def test_wards_and_constituencies_are_indexed_in_their_county(gp):
    g = gp.gaz
    liboi = [e for e in g.lookup("Liboi") if e.cc == "KE"]
    assert liboi and liboi[0].feature == local.WARD_FEATURE
    assert g.admin1_name("KE", liboi[0].admin1) == "Garissa"
    likoni = [e for e in g.lookup("Likoni") if e.cc == "KE"]
    assert likoni and likoni[0].feature == local.CONSTITUENCY_FEATURE
    assert g.admin1_name("KE", likoni[0].admin1) == "Mombasa"
    # each part of a joint ward is a name of it
    assert any(e.cc == "KE" and e.name == "Muhoroni/Koru" for e in g.lookup("Koru"))


def test_a_layer_entry_is_below_any_town_before_context(gp):
    g = gp.gaz
    ward = next(e for e in g.lookup("Hulugho") if e.cc == "KE")
    town = next(e for e in g.lookup("Garissa") if e.feature.startswith("P"))
    assert ward.population == 0
    assert prior(g, ward.idx, 0) < prior(g, town.idx, 0)


def test_the_layer_fills_gaps_only(gp):
    g = gp.gaz
    # a town or county the gazetteer had keeps its name: no ward of that name beside it
    for name in ("Isiolo", "Mandera", "Muhoroni"):
        assert not any(e.feature == local.WARD_FEATURE for e in g.lookup(name, "KE")), name
    # names made of common words are not indexed ("Township", "Central", "Airport")
    assert not any(e.cc == "KE" and e.geonameid >= local.LOCAL_ID_BASE for e in g.lookup("Township"))
    assert not any(e.cc == "KE" and e.geonameid >= local.LOCAL_ID_BASE for e in g.lookup("Airport"))


def test_common_word_names_are_dropped():
    common = frozenset({"central", "township", "airport"})
    assert local._names("Central", common) == []
    assert local._names("Township", common) == []
    assert "township" in local._common_words() and "racecourse" in local._common_words()
    assert local._names("Kabondo East", common) == ["Kabondo East"]
    assert local._names("Kano/Wawidhi", common) == ["Kano/Wawidhi", "Kano", "Wawidhi"]


def test_a_ward_in_its_county_is_the_kenyan_place(gp, nlp, near):
    # before the layer "Fino" was Fino Mornasco, Lombardy
    ps = _places(gp, nlp, "Gunmen ambushed a police convoy near Fino, Mandera County, on Sunday.")
    fino = ps["Fino"]
    assert fino.country == "KEN" and near(fino, 3.5, 40.5, 200)
    assert fino.precision == "admin2"


def test_an_unknown_village_before_the_layer_now_has_a_point(gp, nlp, near):
    ps = _places(gp, nlp, "Residents of Hulugho in Garissa County protested over insecurity.")
    h = ps["Hulugho"]
    assert h.country == "KEN" and h.geonameid is not None and near(h, -1.5, 41.0, 120)


def test_a_kenyan_ward_name_does_not_take_a_foreign_story(gp, nlp):
    # "Fino" in an Italian story stays the Lombard town; the Kenyan ward needs Kenya
    ps = _places(gp, nlp, "Firefighters were called to a warehouse in Fino Mornasco, near Como, Italy.")
    assert all(p.country != "KEN" for p in ps.values())


def test_the_county_after_a_ward_picks_the_ward_inside_it(gp, nlp):
    # two wards share the name; the county named after it decides, whichever comes first
    g = gp.gaz
    for county in ("Lamu", "Mombasa"):
        ps = _places(gp, nlp, f"Police dispersed youths who blocked a road in Mkomani, {county} County.")
        m = ps["Mkomani"]
        assert m.country == "KEN" and m.admin1 is not None and county in m.admin1, (county, m)
    # and a county picks the Kenyan ward over the Indian town of the name
    ps = _places(gp, nlp, "Traders protested in Shella, Kilifi County, over new market fees.")
    assert ps["Shella"].country == "KEN" and "Kilifi" in (ps["Shella"].admin1 or "")
    assert g.lookup("Shella")  # (both readings exist)


def test_ward_names_shared_with_big_places_or_people_keep_their_usual_sense(gp, nlp):
    # Nairobi has wards named California and Karen; neither takes an American story
    ps = _places(gp, nlp, "Wildfires forced thousands to flee their homes in California on Tuesday.")
    assert ps["California"].country == "USA"
    ps = _places(gp, nlp, "Karen Whitfield, 41, told reporters in Ohio that the shelter was full.")
    assert "Karen" not in ps and "Karen Whitfield" not in ps
    assert ps["Ohio"].country == "USA"
