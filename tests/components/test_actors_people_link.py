"""Issue 12, x27people: one person, many names. A name in apposition with a description, or the
subject of a copular description, is one person with it: the name is the mention shown, the
description's actor codes it when the name alone codes nothing, and a later definite description
with the same head noun re-mentions the named person. Sentences are invented."""

from __future__ import annotations

ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors"]
ON = {"roles": {"name_in_apposition": True}}


def _draft(ctx, trigger):
    return next(d for d in ctx.drafts if d.tok.lower_ == trigger)


def _parse(pipeline, text):
    return pipeline.resources.nlp(text)


def test_a_name_after_its_description_is_coded_by_the_description(analyse) -> None:
    ctx = analyse("Ghana's foreign minister, Kwame Mensah, accused Togo of arming the rebels.", ORDER, settings=ON)
    d = _draft(ctx, "accused")
    assert d.source_actor is not None and d.source_actor.text == "Kwame Mensah"
    assert d.source_actor.country == "GHA"


def test_a_name_before_its_description_is_coded_by_the_description(analyse) -> None:
    ctx = analyse("Kwame Mensah, the foreign minister of Ghana, accused Togo of arming the rebels.", ORDER, settings=ON)
    d = _draft(ctx, "accused")
    assert d.source_actor is not None and "Mensah" in d.source_actor.text
    assert d.source_actor.country == "GHA"


def test_a_generic_description_does_not_code_the_name(pipeline) -> None:
    # "a human rights activist" is nobody's in particular: the name stays uncoded
    from eventcoder.components.actors import name_description

    doc = pipeline.resources.nlp("Musa Rahman, a veteran human rights activist, began a hunger strike in prison.")
    span = name_description(next(t for t in doc if t.text == "Rahman"))
    assert span is not None and doc[span.head].text == "activist"
    assert name_description(next(t for t in doc if t.text == "prison")) is None


def test_a_copular_description_links_a_later_definite_description(analyse) -> None:
    ctx = analyse(
        "Dara Quinn is the governor of Lagos State. On Monday the governor accused the police of abuses.", ORDER,
    )
    d = _draft(ctx, "accused")
    assert d.source_actor is not None and d.source_actor.text == "governor"
    assert d.source_actor.name == "Dara Quinn"


def test_a_negated_copula_gives_no_description(pipeline) -> None:
    from eventcoder.components.actors import _copular_description

    nlp = pipeline.resources.nlp
    ent = next(e for e in nlp("Ama Lee is not a suspect in the case.").ents if e.label_ == "PERSON")
    assert _copular_description(ent) is None
    ent = next(e for e in nlp("Ama Lee is a suspect in the case.").ents if e.label_ == "PERSON")
    assert _copular_description(ent).text == "suspect"


def test_a_gendered_description_skips_a_person_of_the_other_gender(pipeline) -> None:
    from eventcoder.components.actors import People, Person

    people = People([
        Person("Ama Lee", 0, 7, None, None, frozenset({"girl"})),
        Person("Tom Hale", 20, 28, None, None, frozenset({"girl"}), honorific="Mr"),
    ])
    doc = pipeline.resources.nlp("Police said the girl was taken to hospital.")
    from eventcoder.roles import RoleSpan

    girl = next(t for t in doc if t.text == "girl")
    found = people.find(doc, 100, RoleSpan(girl.i, girl.i + 1, girl.i))
    assert found is not None and found.name == "Ama Lee"


def test_a_place_beside_a_description_is_not_its_name(analyse) -> None:
    # "(Uganda)" says whose the gang is; the apposition step keeps the description
    ctx = analyse("An unknown armed gang (Uganda) raided a village near Kabale and robbed its residents.", ORDER, settings=ON)
    d = next(d for d in ctx.drafts if d.source_actor is not None)
    assert "gang" in d.source_actor.text
