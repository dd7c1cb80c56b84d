"""Issue 12, ninth session: a doer the rules read from the act's own phrase ("a Hamas-claimed
attack wounded ...") stands over the role model, whose path features read a rare path there."""

from __future__ import annotations

ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors"]


def test_the_phrase_agent_stands_over_the_model(analyse) -> None:
    from eventcoder.roles import phrase_agent

    ctx = analyse("A Hamas-claimed rocket attack wounded three soldiers in Sderot, while Israeli jets bombed Gaza.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "wounded")
    assert phrase_agent(d.tok, d.type) is not None
    assert d.source_actor is not None and d.source_actor.text == "Hamas"


def test_who_planted_or_fired_the_weapon_is_the_doer(analyse) -> None:
    # an incident note naming the act by its weapon: the participle of placing names who used it
    ctx = analyse("On 9 May, a police van was struck by a Houthi-planted landmine near Hodeidah.", ORDER)
    d = next(d for d in ctx.drafts if d.tok.text == "landmine")
    assert d.source_actor is not None and d.source_actor.text == "Houthi"
    # a participle of carrying is no such doer ("a bomb carried by ..." stays as it was)
    from eventcoder.roles import AGENT_PARTICIPLES

    assert "plant" in AGENT_PARTICIPLES and "carry" not in AGENT_PARTICIPLES
