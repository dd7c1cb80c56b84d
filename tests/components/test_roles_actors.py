"""``roles`` and ``actors``: participants from the clause, resolved through the dictionary."""

from __future__ import annotations

ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors"]


def test_an_instrument_is_not_the_perpetrator(analyse) -> None:
    ctx = analyse("A roadside bomb exploded near a police checkpoint.", ORDER)
    d = next(d for d in ctx.drafts if d.type == "ASSAULT")
    assert d.src_span is None and d.source_actor is None


def test_a_place_taken_is_not_a_participant(analyse) -> None:
    ctx = analyse("Government forces shelled Homs overnight.", ORDER)
    d = next(d for d in ctx.drafts if d.type == "ASSAULT")
    assert d.object_place is not None and d.object_place.name == "Homs"
    assert d.target_actor is None
    assert d.location is not None and (d.location.name, d.location.basis) == ("Homs", "trigger")


def test_source_and_target_resolved(analyse) -> None:
    ctx = analyse("Kenyan police arrested two Somali nationals in Garissa.", ORDER)
    d = next(d for d in ctx.drafts if d.type == "COERCE")
    assert d.source_actor is not None and d.source_actor.country == "KEN"
    assert d.source_actor.text == "Kenyan police"


def test_a_private_person_acted_on_is_a_civilian_of_the_story(analyse) -> None:
    # "thief" and "herders" name people (role_person_nouns), not fragments; acted on, they
    # are civilians of the story's country, as ACLED codes the victims
    ctx = analyse("A mob in Nyeri lynched a suspected thief on Sunday night.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "lynched")
    assert d.target_actor is not None and d.target_actor.text == "suspected thief"
    assert (d.target_actor.sector, d.target_actor.country) == ("CVL", "KEN")


def test_who_died_in_an_attack_did_not_carry_it_out(analyse) -> None:
    ctx = analyse("Four Kenyan soldiers died in an attack near Mandera on Tuesday.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "attack")
    assert d.source_actor is None or d.source_actor.text != "Four Kenyan soldiers"
    assert d.target_actor is not None and d.target_actor.text == "Four Kenyan soldiers"


def _sides(d) -> tuple[str | None, str | None]:
    text = lambda s: None if s is None else d.doc[s.start : s.end].text  # noqa: E731
    return text(d.src_span), text(d.tgt_span)


def test_a_symmetric_act_of_conjoined_parties_has_the_second_as_its_target(analyse) -> None:
    # "A and B met" says what "A met with B" says: the codebook's source is the first party
    # named, the target the other (a time, "on Tuesday", is no party)
    ctx = analyse("President William Ruto and Prime Minister Hamza Barre met in Nairobi on Tuesday.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "met")
    assert _sides(d) == ("President William Ruto", "Prime Minister Hamza Barre")
    ctx = analyse("The Kenyan foreign minister and his Somali counterpart met in Nairobi on Tuesday.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "met")
    assert _sides(d) == ("Kenyan foreign minister", "his Somali counterpart")
    ctx = analyse("Ethiopia and Eritrea agreed on Sunday to reopen their border crossings.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "agreed")
    assert _sides(d) == ("Ethiopia", "Eritrea")


def test_a_symmetric_act_between_two_parties(analyse) -> None:
    # the between-phrase names both sides, also when it hangs on the verb the act is subject of
    ctx = analyse("Fresh clashes erupted between students and police near the university on Friday.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "clashes")
    assert _sides(d) == ("students", "police")
    ctx = analyse("Heavy fighting broke out between rebels and government troops in the north.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "fighting")
    assert _sides(d) == ("rebels", "government troops")


def test_the_conjoined_subjects_of_any_other_act_act_together(analyse) -> None:
    # "refused" is no symmetric act: the second conjunct refused too, it is not refused
    ctx = analyse("The mayor and two of her deputies refused to sign the order.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "refused")
    assert _sides(d)[1] is None


def test_a_list_after_a_plural_description_is_no_apposition(analyse, pipeline) -> None:
    # "two villages, Dida and Kargi": the parser attaches the first name as an apposition, but a
    # plural description names a group whose members follow — no one name stands for it
    from eventcoder.components.roles import _list_not_apposition

    on = {"roles": {"name_in_apposition": True}}
    ctx = analyse("Armed herders attacked two villages, Dida and Kargi, on Sunday.", ORDER, settings=on)
    d = next(d for d in ctx.drafts if d.tok.text == "attacked")
    assert _sides(d)[1] != "Dida"
    doc = pipeline.resources.nlp("Ghana's foreign minister, Kwame Mensah, accused Togo of arming the rebels.")
    minister, name = next(t for t in doc if t.text == "minister"), next(t for t in doc if t.text == "Mensah")
    assert not _list_not_apposition(minister, name)
    doc = pipeline.resources.nlp("Security update: Colonel Ruto, the district commander, met the elders.")
    update, ruto = next(t for t in doc if t.text == "update"), next(t for t in doc if t.text == "Ruto")
    assert _list_not_apposition(update, ruto)  # a heading before a colon labels what follows


def test_a_description_in_apposition_with_a_name_stands_for_the_name(analyse) -> None:
    # the mention is the name; the apposition only describes it (either order) — on by default
    # since the actors stage codes such a name by its description (x27people); off, the description
    on = {"roles": {"name_in_apposition": True}}
    off = {"roles": {"name_in_apposition": False}}
    ctx = analyse("Ghana's foreign minister, Kwame Mensah, accused Togo of arming the rebels.", ORDER, settings=off)
    d = next(d for d in ctx.drafts if d.tok.text == "accused")
    assert _sides(d)[0] == "Ghana's foreign minister"
    ctx = analyse("Ghana's foreign minister, Kwame Mensah, accused Togo of arming the rebels.", ORDER, settings=on)
    d = next(d for d in ctx.drafts if d.tok.text == "accused")
    assert _sides(d)[0] == "Kwame Mensah"
    ctx = analyse("Gunmen shot dead a 45-year-old opposition activist, Musa Rahman, near the polling centre.", ORDER, settings=on)
    d = next(d for d in ctx.drafts if d.tok.text == "shot")
    assert _sides(d) == ("Gunmen", "Musa Rahman")
