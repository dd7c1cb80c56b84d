"""Roles: a place, or a place standing for an actor."""

from __future__ import annotations


def test_unparsed_text_uses_gazetteer_only(gp, nlp):
    text = "Fighting spread to Aleppo and Homs. Turkey shelled Afrin."
    doc = nlp("Turkey shelled Afrin.")
    off = text.index("Turkey")
    ps = gp.find(text, [doc], [off])
    names = [p.text for p in ps]
    assert names == ["Aleppo", "Homs", "Turkey", "Afrin"]
    assert {p.country for p in ps} == {"SYR", "TUR"}
    turkey = ps[2]
    assert turkey.role == "actor"
    loc = gp.event_location(doc, off, 1, ps)
    assert loc.text == "Afrin" and loc.basis == "trigger"


def test_landmarks_news_names_as_places(gp, nlp, near):
    text = (
        "Officials at the White House said the flight from Heathrow landed safely. "
        "The Kremlin denied it."
    )
    ps = {p.text: p for p in gp.find_in_text(text, nlp)}
    assert near(ps["White House"], 38.90, -77.04, 5) and near(ps["Heathrow"], 51.47, -0.45, 5)
    assert ps["Kremlin"].country == "RUS" and ps["Kremlin"].role == "actor"


def test_words_after_an_unparsed_name_make_it_an_actor():
    from eventcoder.geo.roles import actor_after

    assert actor_after(" said on Monday that talks would resume")
    assert actor_after("'s army, a source said")
    assert actor_after("’s new government fell")
    assert not actor_after(" has been shelled for days")  # a place that suffers
    assert not actor_after(" is a port city")
    assert not actor_after("'s old harbour")


def test_parse_makes_subjects_of_agentive_verbs_actors(nlp):
    from eventcoder.geo.roles import actor_dep

    doc = nlp("Ankara accused its neighbour of lying.")
    assert actor_dep(doc[0])
    doc = nlp("Mosul fell after a long siege.")
    assert not actor_dep(doc[0])  # a place that falls is still a place
    doc = nlp("Kenya's police arrested two men.")
    assert actor_dep(doc[0])
