"""Within-article actor coreference: people to their roles, a person's pronoun to the person,
"we" inside a quotation to the speaker's side, fragments never actors. Paraphrased sentences
of the kinds the issue lists (Bolton's and Erdoğan's "we", titled officials)."""

from __future__ import annotations

ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors"]


def _draft(ctx, etype, trigger=None):
    return next(d for d in ctx.drafts if d.type == etype and (trigger is None or d.tok.lower_ == trigger))


def test_people_get_the_role_the_article_gives_them(analyse, pipeline) -> None:
    from eventcoder.components.actors import People

    ctx = analyse("Syrian Foreign Minister Walid Muallem accused Turkey of supporting terrorists on Monday.", ORDER)
    people = People.build(ctx.parsed, pipeline.actors)
    p = people.by_last["muallem"]
    assert (p.name, p.country, p.sector) == ("Walid Muallem", "SYR", "GOV")


def test_a_short_name_takes_the_full_name_and_role(analyse) -> None:
    ctx = analyse(
        "Syrian Foreign Minister Walid Muallem accused Turkey of backing militants. "
        "Muallem also criticised the United Nations envoy on Tuesday.",
        ORDER,
    )
    d = _draft(ctx, "ACCUSE", "criticised")
    assert d.source_actor is not None
    assert (d.source_actor.name, d.source_actor.country, d.source_actor.sector) == ("Walid Muallem", "SYR", "GOV")


def test_he_is_the_last_person_not_a_group(analyse) -> None:
    ctx = analyse(
        "Islamic State fighters attacked the town. Iraqi Prime Minister Haider al-Abadi condemned the attack. "
        "He also urged the army to retake the area.",
        ORDER,
    )
    d = _draft(ctx, "REQUEST", "urged")
    assert d.source_actor is not None and d.source_actor.text == "He"
    assert d.source_actor.country == "IRQ" and d.source_actor.name != "Islamic State"


def test_we_in_a_quotation_is_the_speakers_side(analyse) -> None:
    ctx = analyse(
        "Kurdish militia fighters of the YPG still hold the town of Afrin. "
        'Turkish President Recep Tayyip Erdogan said on Sunday: "We will capture Afrin and hand it back to its owners."',
        ORDER,
    )
    d = _draft(ctx, "ASSAULT", "capture") if any(x.tok.lower_ == "capture" for x in ctx.drafts) else None
    if d is None or d.src_span is None:
        return  # the model did not take the pronoun as the source: nothing to resolve
    assert d.source_actor is not None and d.source_actor.country == "TUR"


def test_the_speaker_model_on_a_drafted_we(analyse, pipeline) -> None:
    """The speaker model itself, on the first-person subject of a quoted act."""
    from eventcoder.components.actors import Actors, People
    from eventcoder.roles import np_span

    ctx = analyse('National Security Adviser John Bolton told reporters: "We are going to withdraw our troops from Syria."', ORDER)
    d = _draft(ctx, "RETREAT")
    we = next(t for t in d.doc if t.lower_ == "we")
    comp = Actors(pipeline.actors)
    people = People.build(ctx.parsed, pipeline.actors)
    got = comp.actor(np_span(we), d.doc, d.off, ctx.mentions, people=people)
    # the speaker, not a group nearby ("Syria" is the place withdrawn from)
    assert got is not None and got.name == "John Bolton"


def test_we_takes_the_speakers_country_when_the_article_gives_one(analyse, pipeline) -> None:
    from eventcoder.components.actors import Actors, People
    from eventcoder.roles import np_span

    ctx = analyse('Turkish President Recep Tayyip Erdogan told supporters: "We will withdraw our soldiers from the border."', ORDER)
    d = _draft(ctx, "RETREAT")
    we = next(t for t in d.doc if t.lower_ == "we")
    comp = Actors(pipeline.actors)
    got = comp.actor(np_span(we), d.doc, d.off, ctx.mentions, people=People.build(ctx.parsed, pipeline.actors))
    assert got is not None and (got.name, got.country, got.sector) == ("Recep Tayyip Erdogan", "TUR", "GOV")


def test_outside_a_quotation_we_is_not_resolved_to_a_nearby_group(analyse, pipeline) -> None:
    from eventcoder.components.actors import Actors, People
    from eventcoder.roles import np_span

    ctx = analyse("The Taliban attacked a checkpoint. We called our baby Hawar, a mother said.", ORDER)
    comp = Actors(pipeline.actors)
    people = People.build(ctx.parsed, pipeline.actors)
    for d in ctx.drafts:
        for t in d.doc:
            if t.lower_ == "we":
                got = comp.actor(np_span(t), d.doc, d.off, ctx.mentions, people=people)
                assert got is None or got.name != "Taliban"


def test_fragments_are_not_actors(analyse, pipeline) -> None:
    from eventcoder.components.actors import participant_noun

    ctx = analyse("Police arrested a suspect after the refuge was cleared at the same time.", ["focus", "triggers"])
    doc = ctx.drafts[0].doc
    words = {t.text: participant_noun(t) for t in doc if t.pos_ == "NOUN"}
    assert words.get("suspect") is True and words.get("refuge") is False and words.get("time") is False
