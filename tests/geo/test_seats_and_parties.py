"""Admin vs town, containers said with Kenyan division words, and the other party of talks
(sentences written for these tests, in the style of ACLED notes and wire copy)."""

from __future__ import annotations

from eventcoder.geo.locate import is_party


def _places(gp, nlp, text: str) -> dict:
    return {p.text: p for p in gp.find_in_text(text, nlp)}


def test_bare_county_name_after_in_is_its_seat_town(gp, nlp, near):
    # Kwale County's centroid is ~40 km from Kwale town; "in Kwale" names the town
    p = _places(gp, nlp, "Gunmen shot dead two traders in Kwale on Sunday night.")["Kwale"]
    assert p.precision == "point" and p.feature.startswith("P") and near(p, -4.17, 39.45, 10)


def test_county_said_as_one_keeps_the_division(gp, nlp):
    ps = _places(gp, nlp, "Gunmen shot dead two traders in Kwale County on Sunday night.")
    (p,) = [p for t, p in ps.items() if t.startswith("Kwale")]
    assert p.precision == "admin1"


def test_bare_county_name_as_an_actor_or_without_locative_keeps_the_division(gp, nlp):
    ps = _places(gp, nlp, "Kwale residents were angry about the new road, the governor said.")
    assert ps["Kwale"].precision == "admin1"


def test_place_type_word_after_a_name_overrides_a_person_reading(gp, nlp):
    # the small model calls "Turkana District" a person; "District" says it is a division
    ps = _places(gp, nlp, "Raiders attacked Katilu Division, Turkana District.")
    assert ps["Turkana"].country == "KEN" and ps["Turkana"].precision == "admin1"


def test_a_common_words_division_abroad_does_not_unseat_a_typed_town(gp, nlp, near):
    # "Eastern Province" (a former Kenyan province) reads as Sri Lanka's; the town stays
    ps = _places(gp, nlp, "Residents of Isiolo town in Eastern Province marched over the abduction of three men.")
    assert ps["Isiolo"].country == "KEN" and near(ps["Isiolo"], 0.35, 37.58, 10)


def _span(doc, word: str):
    (t,) = [t for t in doc if t.text == word]
    return doc[t.i : t.i + 1]


def test_other_party_of_talks_is_not_a_place(nlp):
    doc = nlp("The minister hoped to open negotiations with Turkey and Greece next year.")
    assert is_party(_span(doc, "Turkey")) and is_party(_span(doc, "Greece"))
    doc = nlp("The minister opened negotiations in Ankara next year.")
    assert not is_party(_span(doc, "Ankara"))
    doc = nlp("Soldiers clashed with rebels near the border with Somalia.")
    assert not is_party(_span(doc, "Somalia"))
