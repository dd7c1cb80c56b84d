"""The event-location model's structural features (issue 12, x24place) and the appositive
place nouns of recognition, on invented sentences."""

from __future__ import annotations


def _options(gp, nlp, text: str, trigger: str):
    doc = nlp(text)
    ps = gp.find(doc.text, [doc], [0])
    trig = next(t.i for t in doc if t.text == trigger)
    return doc, trig, ps, gp.event_options(doc, 0, trig, ps)


def test_clause_and_containment_features(gp, nlp):
    text = "A bomb exploded at a market in Kirkuk, Iraq, on Monday, police said."
    _doc, _trig, _ps, (opts, cand, none) = _options(gp, nlp, text, "exploded")
    by = {o[0].text: f for o, f in zip(opts, cand, strict=True)}
    assert {"Kirkuk", "Iraq"} <= set(by)
    # the town is named with its country: one inside the other
    assert "inside_other" in by["Kirkuk"] and "contains_other" in by["Iraq"]
    assert "contains_other" not in by["Kirkuk"]
    # the town hangs on the trigger's own clause
    assert "clause=same" in by["Kirkuk"]
    assert "cand_same_clause" in none
    # each candidate's GeoNames feature code: a town apart from its country
    assert "fcode=A.PCLI" in by["Iraq"]
    assert not any(x.startswith("fcode=A.PCLI") for x in by["Kirkuk"])
    assert any(x.startswith("fcode=P.") for x in by["Kirkuk"])


def test_clause_relation_of_another_clause(gp, nlp):
    text = "Rebels who had trained in Libya attacked the convoy on Sunday."
    _doc, _trig, _ps, (opts, cand, _none) = _options(gp, nlp, text, "attacked")
    by = {o[0].text: f for o, f in zip(opts, cand, strict=True)}
    assert "Libya" in by
    # a relative clause on the subject, not the trigger's clause
    assert "clause=same" not in by["Libya"]


def test_place_inside_another_candidates_phrase(gp, nlp):
    text = "Gunmen opened fire near the Grand Mosque in Kano on Friday."
    _doc, _trig, _ps, (opts, cand, _none) = _options(gp, nlp, text, "opened")
    by = {o[0].text: f for o, f in zip(opts, cand, strict=True)}
    kano = next(k for k in by if "Kano" in k and "Mosque" not in k)
    mosque = next((k for k in by if "Mosque" in k), None)
    if mosque is not None:  # the mosque is a candidate span: the town hangs inside it
        assert "under_cand=in" in by[kano] and "over_cand=in" in by[mosque]


def test_appositive_place_noun_makes_a_toponym(gp, nlp):
    for text in (
        "A policeman was killed in the capital Grozny when his car hit a mine.",
        "One officer was shot dead outside the regional capital, Grozny, on Monday.",
    ):
        doc = nlp(text)
        names = [p.text for p in gp.find(text, [doc], [0]) if p.role == "place"]
        assert "Grozny" in names, text
    # a lower-case word after the noun is no name
    doc = nlp("The town mayor spoke to reporters.")
    assert gp.find(doc.text, [doc], [0]) == []


def test_none_sees_the_kinds_of_place_offered(gp, nlp):
    text = "Officials in Iraq said the talks would resume."
    _doc, _trig, _ps, (opts, _cand, none) = _options(gp, nlp, text, "resume")
    assert any(o[0].text == "Iraq" for o in opts)
    # a sentence naming only a country: "none" knows it, alone and with the trigger class
    assert "has_fc=country" in none
    assert any(x.startswith("has_fc|tc=country|") for x in none)
    assert "has_fc=city" not in none
