"""An event's sides from its article (issue 12, x12side): a condemnation aims at the
condemned act's perpetrator, not its victims; a passive subject never does the act; a
conjunct of the source is not the target; and the discourse carry (``carry_sides``, off by
default) lends an open side only within one incident. Invented names; paraphrased kinds of
sentence."""

from __future__ import annotations

from types import SimpleNamespace

from eventcoder.records import Actor, EventDate, Location


def _events(pipeline, text: str) -> dict[str, tuple[str | None, str | None]]:
    out = {}
    for e in pipeline.code_text(text).events:
        out[text[e.trigger_start : e.trigger_end]] = (
            e.source_actor.name if e.source_actor else None, e.target_actor.name if e.target_actor else None
        )
    return out


def test_a_condemnation_is_aimed_at_the_perpetrator_not_the_victims(pipeline) -> None:
    text = (
        "Islamic State fighters stormed an army checkpoint near Deir ez-Zor on Sunday. "
        "The Syrian government denounced the assault on its soldiers."
    )
    ev = _events(pipeline, text)
    assert ev["stormed"][0] == "Islamic State"
    assert ev["denounced"] == ("Government of Syria", "Islamic State")


def test_a_condemnation_of_an_act_with_no_known_perpetrator_keeps_its_target(pipeline) -> None:
    ev = _events(pipeline, "The Syrian government denounced the assault on its soldiers near Deir ez-Zor.")
    assert ev["denounced"][1] != "Islamic State"


def test_a_passive_subject_is_never_the_source(pipeline) -> None:
    from eventcoder.components.roles import passive_subject

    doc = pipeline.nlp("We send condolences to the families of the six U.S. service members killed and to all of those injured in the attack.")
    killed = next(t for t in doc if t.text == "killed")
    members = next(t for t in doc if t.text == "members")
    assert passive_subject(members, killed)
    doc = pipeline.nlp("Seven soldiers were killed in the ambush.")
    assert passive_subject(doc[1], doc[3])
    doc = pipeline.nlp("Rebels killed seven soldiers in the ambush.")
    assert not passive_subject(doc[0], doc[1]) and not passive_subject(doc[3], doc[1])


def test_a_conjunct_of_the_source_is_not_the_target(pipeline) -> None:
    ev = _events(pipeline, "The mayor and two council members rejected the plan.")
    assert ev["rejected"][1] is None


def _actor(name: str, country: str, sector: str) -> Actor:
    return Actor(name.lower(), name, country, sector, 0, 1)


def _d(etype: str, source=None, target=None, country=None, date=None, negated=False) -> SimpleNamespace:
    loc = Location("x", "x", 1, None, None, country, None, 0, 1) if country else None
    return SimpleNamespace(
        type=etype, source_actor=source, target_actor=target, location=loc, negated=negated, hypothetical=False,
        date=EventDate(date, "day", None, None, None, "text" if date else None),
    )


def test_one_incident_never_spans_another_country_date_denial_or_side() -> None:
    from eventcoder.components.actors import same_incident

    army = _actor("Military Forces of Syria", "SYR", "MIL")
    isis = _actor("Islamic State", None, "REB")
    base = _d("ASSAULT", army, None, "SYR", "2017-11-08")
    assert same_incident(_d("ASSAULT", None, None, "SYR", "2017-11-08"), base)
    assert not same_incident(_d("ASSAULT", None, None, "IRQ"), base)
    assert not same_incident(_d("ASSAULT", None, None, None, "2017-11-02"), base)
    assert not same_incident(_d("ASSAULT", None, None, negated=True), base)
    assert not same_incident(_d("ASSAULT", isis, None), base)


def test_the_main_actor_needs_two_events_and_a_clear_lead() -> None:
    from eventcoder.components.actors import main_actor

    army = _actor("Military Forces of Syria", "SYR", "MIL")
    isis = _actor("Islamic State", None, "REB")
    evs = [_d("ASSAULT", army), _d("ASSAULT", army), _d("ASSAULT", isis)]
    stated = {id(e): (e.source_actor, e.target_actor) for e in evs}
    assert main_actor(evs, "source_actor", stated).name == army.name
    assert main_actor(evs[1:], "source_actor", stated) is None  # one each: no main incident
    assert main_actor(evs[:1], "source_actor", stated) is None  # once is not the article's


def test_the_carry_fills_an_agentless_passive_from_the_incident(analyse) -> None:
    from eventcoder.components.actors import carry_sides

    text = (
        "Rebel fighters attacked an army convoy near the town of Kefr Amin on Monday, killing four soldiers. "
        "Two more soldiers were shot near the convoy later that day."
    )
    ctx = analyse(text, ["focus", "triggers", "roles", "modality", "dates", "places", "actors"])
    shot = next(d for d in ctx.drafts if d.tok.lower_ == "shot")
    assert shot.source_actor is None  # the clause does not say who shot them
    carried = carry_sides(sorted(ctx.drafts, key=lambda d: d.trigger_start), ctx.article.text)
    assert (shot, "source_actor") in carried
    assert shot.source_actor is not None and shot.source_actor.sector == "REB"
    attack = next(d for d in ctx.drafts if d.tok.lower_ == "attacked")
    assert (attack, "source_actor") not in carried  # a stated side is never replaced


def test_who_quotes_an_act_is_not_its_target(pipeline) -> None:
    text = 'Opposition spokesman Tom Hale said: "Labour has rejected the Tory idea of quotas, and rightly so."'
    ev = _events(pipeline, text)
    assert ev["rejected"][1] != "Tom Hale"
    assert ev["rejected"][1] == "Conservative Party"
