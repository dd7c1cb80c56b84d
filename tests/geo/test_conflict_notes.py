"""Short conflict notes (ACLED style): typed name runs, bracketed aliases, lists of
districts, and the foreign namesakes the gazetteer offers for local names (sentences
written for these tests; the village names are invented)."""

from __future__ import annotations


def _places(gp, nlp, text: str) -> dict:
    return {p.text: p for p in gp.find_in_text(text, nlp)}


def test_a_weak_word_opening_a_typed_run_is_one_unknown_name(gp, nlp):
    # "Bato" alone is a Philippine town and "Chin" a Chinese city's other name; before
    # a place type the whole run is the local name, placed in the province after it
    ps = _places(gp, nlp, "Gunmen fired on a checkpoint in Bato Kandi district, Nangarhar, on Monday.")
    assert "Bato" not in ps
    run = ps["Bato Kandi"]
    assert run.country == "AFG" and run.geonameid is None
    ps = _places(gp, nlp, "A roadside bomb hit a patrol in the Chin Qalawal area in Takhar province.")
    assert "Chin" not in ps and ps["Chin Qalawal"].country == "AFG"


def test_a_hyphenated_ezafe_name_before_a_type_is_not_its_first_word(gp, nlp):
    ps = _places(gp, nlp, "Rockets landed near a base in the Pul-e-Zardak area of Kabul city.")
    assert "Pul" not in ps  # not Poole, England
    assert ps["Pul-e-Zardak"].country == "AFG"


def test_a_capital_opening_a_run_stays_the_capital(gp, nlp):
    ps = _places(gp, nlp, "Fighting was reported in the Kabul Bagrami area on Sunday.")
    assert ps["Kabul"].country == "AFG" and ps["Kabul"].geonameid is not None


def test_a_bracketed_alias_does_not_hide_the_container(gp, nlp, near):
    # Andar is also a French commune's other name: the district of Ghazni it is here
    ps = _places(gp, nlp, "Militants shelled an army post in Andar (Shalgar) district, Ghazni.")
    assert ps["Andar"].country == "AFG" and near(ps["Andar"], 33.4, 68.4, 100)


def test_a_plural_type_before_the_container_holds_every_item_of_the_list(gp, nlp):
    ps = _places(gp, nlp, "Troops killed nine militants in Khogyani and Sherzad districts, Nangarhar.")
    k = ps["Khogyani"]
    # not the Ghazni town that has Khogyani as another name: somewhere in Nangarhar
    assert k.country == "AFG" and (k.admin1 is None or "Nangarh" in k.admin1)
    assert k.lat is not None and 33.5 < k.lat < 35.0 and 69.5 < k.lon < 71.5


def test_a_person_label_before_a_division_type_is_a_place(gp, nlp):
    ps = _places(gp, nlp, "A bomb killed two farmers in Gulbaz of Nadir Shah Kot district, Khost.")
    assert "Nadir" not in ps and "Shah" not in ps
    assert ps["Nadir Shah Kot"].country == "AFG"


def test_a_town_named_like_its_province_holds_only_its_own_province(gp, nlp):
    # Khost is a town and a province: a namesake in another province is another place
    ps = _places(gp, nlp, "A bomb killed two farmers in Gulbaz of Nadir Shah Kot district, Khost.")
    n = ps["Nadir Shah Kot"]
    assert n.admin1 is None or "Khōst" in n.admin1 or "Khost" in n.admin1


def test_a_foreign_namesake_in_a_note_whose_province_says_the_country(gp, nlp):
    ps = _places(gp, nlp, "Two civilians died when a mine hit their car in the Sare-Tapa village of Dara Kalan district, Ghor.")
    st = ps.get("Sare-Tapa")
    assert st is None or st.country in (None, "AFG")
