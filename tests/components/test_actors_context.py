"""Actors from the event's context: an empty side filled from another telling of the event
(``sides``), and people named and titled in a sentence with no event (read from the surface)
reached by a later surname, title or pronoun. Invented names; paraphrased kinds of sentence."""

from __future__ import annotations

from types import SimpleNamespace

from eventcoder.records import Actor

ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors"]


def _draft(ctx, etype, trigger=None):
    return next(d for d in ctx.drafts if d.type == etype and (trigger is None or d.tok.lower_ == trigger))


def test_surface_persons_read_titles_appositions_and_honorifics(pipeline) -> None:
    from eventcoder.components.actors import surface_persons

    d = pipeline.actors
    got = surface_persons("Visas will be harder to get, Home Secretary Ann Roe has said.", 100, d)
    assert [(p.name, p.sector) for p in got] == [("Ann Roe", "GOV")]
    assert got[0].start == 100 + len("Visas will be harder to get, Home Secretary ")
    assert {"home", "secretary"} <= got[0].titles
    got = surface_persons("Tom Hale, the information commissioner, wrote to ministers.", 0, d)
    assert [p.name for p in got] == ["Tom Hale"] and "commissioner" in got[0].titles
    got = surface_persons("Syrian Interior Minister Omar Dabbas visited the border.", 0, d)
    # a minister is the government (PLOVER GOV), whatever the ministry's own sector (interior ministry: COP)
    assert [(p.name, p.country, p.sector) for p in got] == [("Omar Dabbas", "SYR", "GOV")]
    assert [p.name for p in surface_persons("Mr Hale declined to comment.", 0, d)] == ["Hale"]


def test_surface_persons_take_no_untitled_name_or_body(pipeline) -> None:
    from eventcoder.components.actors import surface_persons

    d = pipeline.actors
    assert surface_persons("Heavy rain fell on North Yorkshire and Greater Manchester on Monday.", 0, d) == []
    assert surface_persons("The Foreign Office in London issued new advice.", 0, d) == []
    # a title with no name after it is nobody
    assert surface_persons("The Prime Minister arrived late.", 0, d) == []


def test_a_surname_reaches_the_title_given_in_a_sentence_with_no_event(analyse) -> None:
    ctx = analyse(
        "Visas will be harder to get, Home Secretary Ann Roe has said. "
        "Ms Roe also criticised the opposition over its plans on Tuesday.",
        ORDER,
    )
    assert len(ctx.parsed) < len(ctx.sentences)  # the first sentence was not parsed
    d = _draft(ctx, "ACCUSE", "criticised")
    assert d.source_actor is not None
    assert (d.source_actor.name, d.source_actor.sector) == ("Ann Roe", "GOV")


def test_a_pronoun_reaches_a_person_named_in_an_unparsed_sentence(analyse) -> None:
    ctx = analyse(
        "Visas will be harder to get, Home Secretary Ann Roe has said. "
        "She also criticised the opposition over its plans on Tuesday.",
        ORDER,
    )
    d = _draft(ctx, "ACCUSE", "criticised")
    assert d.source_actor is not None and d.source_actor.name == "Ann Roe"


def _actor(text: str, name: str | None, country: str | None = None, sector: str | None = None) -> Actor:
    return Actor(text, name, country, sector, 0, len(text))


def _d(start: int, source: Actor | None, target: Actor | None, others=()) -> SimpleNamespace:
    return SimpleNamespace(trigger_start=start, source_actor=source, target_actor=target, others=list(others))


def test_an_empty_side_comes_from_the_first_telling_that_states_it() -> None:
    from eventcoder.components.actors import fill_sides

    army = _actor("the army", "Military Forces of Syria", "SYR", "MIL")
    police = _actor("police", "Police Forces of Syria", "SYR", "COP")
    rebels = _actor("rebels", "Rebels (Syria)", "SYR", "REB")
    lead = _d(50, None, rebels, [_d(90, police, None), _d(10, army, rebels)])
    fill_sides(lead)
    assert lead.source_actor == army and lead.source_actor is not army  # a copy, earliest telling
    assert lead.target_actor is rebels  # a stated side is kept


def test_a_side_no_telling_states_stays_empty() -> None:
    from eventcoder.components.actors import fill_sides

    rebels = _actor("rebels", "Rebels (Syria)", "SYR", "REB")
    lead = _d(50, None, rebels, [
        _d(10, _actor("a man", None), None),  # an uncoded description: too weak to carry over
        _d(20, _actor("they", "Islamic State", None, "REB"), None),  # a pronoun resolved there
        _d(30, _actor("the rebels", "Rebels (Syria)", "SYR", "REB"), None),  # the other participant again
    ])
    fill_sides(lead)
    assert lead.source_actor is None


def test_a_counter_attack_is_aimed_at_the_side_that_acted_before(pipeline) -> None:
    """The CGTN kind: "the army took the town from <group> ... <group> staged a
    counter-attack" -- the counter-attack's target is the army, stated by the earlier event
    (here an arrest, so that event coreference cannot fold the two into one)."""
    text = (
        "Government troops arrested dozens of Islamic State fighters in the village of Kefr Amin on Monday. "
        "The jihadists then staged a counter-attack using sleeper cells hidden in the village."
    )
    events = pipeline.code_text(text).events
    first = next(e for e in events if e.trigger_start < text.index("The jihadists"))
    counter = next(e for e in events if text[e.trigger_start : e.trigger_end] in ("attack", "counter-attack"))
    assert first.source_actor is not None and first.target_actor is not None
    assert counter.source_actor is not None and counter.source_actor.name == first.target_actor.name
    assert counter.target_actor is not None and counter.target_actor.name == first.source_actor.name


def test_an_act_that_answers_nothing_keeps_its_target_empty(pipeline) -> None:
    text = "The jihadists staged a counter-attack using sleeper cells hidden in the village on Sunday."
    events = pipeline.code_text(text).events
    counter = [e for e in events if text[e.trigger_start : e.trigger_end] in ("attack", "counter-attack")]
    assert counter and counter[0].target_actor is None
