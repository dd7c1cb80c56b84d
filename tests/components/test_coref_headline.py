"""A headline re-tells the lead: the event's fields come from the fuller body mention
(``Corefer.leading``, ``[components.corefer] lead``). Invented articles of the kind the local
crime reports of news-events open with."""

from __future__ import annotations

import pytest

from eventcoder.components import coref
from eventcoder.errors import ConfigError

TEXT = (
    "Man arrested after shooting at mall\n\n"
    "Dayton police arrested Mark Lewis, 32, on Saturday after a shooting at the Riverside mall, officers said. "
    "Nobody was hurt."
)


def _arrest(coded):
    return next(e for e in coded.events if e.type == "COERCE")


def test_a_fuller_lede_mention_gives_an_event_first_told_in_the_headline_its_fields(pipeline) -> None:
    coded = pipeline.code_text(TEXT, published="2021-03-08")
    ev = _arrest(coded)
    # the lede's telling: a named target, the police as doer, its date, not the headline's bare "Man"
    assert ev.target_actor is not None and "Lewis" in ev.target_actor.text
    assert ev.source_actor is not None and "police" in ev.source_actor.text
    assert ev.date.value == "2021-03-06" and ev.date.basis == "text"
    # the event keeps the headline's trigger and place in the order, and both tellings as mentions
    assert ev.start == 0 and ev.trigger == "arrested"
    starts = [m["trigger"]["start"] for m in ev.mentions]
    assert starts == sorted(starts) and len(starts) == 2 and starts[0] < coded.article.text.index("\n") < starts[1]


def test_lead_first_keeps_the_headline_s_telling(analyse) -> None:
    names = ["focus", "triggers", "relevance", "speech", "roles", "modality", "dates", "places", "actors", "intent", "backrefs",
             "attribution", "retype", "detect", "confidence", "mentions", "corefer"]
    first = analyse(TEXT, names, published="2021-03-08", settings={"corefer": {"lead": "first"}})
    lead = analyse(TEXT, names, published="2021-03-08", settings={"corefer": {"lead": "headline"}})
    f = next(d for d in first.drafts if d.type == "COERCE")
    h = next(d for d in lead.drafts if d.type == "COERCE")
    assert f.trigger_start == h.trigger_start < TEXT.index("\n")
    assert f.target_actor is not None and "Lewis" not in f.target_actor.text
    assert h.target_actor is not None and "Lewis" in h.target_actor.text
    body = next(m for m in h.others if m.trigger_start > TEXT.index("\n"))
    assert coref.fullness(body) > coref.fullness(f)
    assert [d.type for d in first.drafts] == [d.type for d in lead.drafts]


def test_an_event_not_told_in_the_headline_keeps_its_first_mention(pipeline) -> None:
    text = (
        "Dayton police arrested Mark Lewis, 32, on Saturday after a shooting at the Riverside mall, officers said.\n"
        "Officers detained Lewis at his home in Dayton on Saturday evening, the police chief told reporters."
    )
    ev = _arrest(pipeline.code_text(text, published="2021-03-08"))
    assert ev.start == 0


def test_an_unknown_lead_is_refused(pipeline) -> None:
    with pytest.raises(ConfigError, match="E598"):
        coref.make_corefer(pipeline.resources, lead="longest")


def test_a_headline_act_the_body_tells_as_hypothetical_takes_the_body_s_flags(pipeline) -> None:
    text = (
        "Rebels attack army base in north\n\n"
        "Rebels could attack the army base at Gao within days, a UN official warned on Tuesday. "
        "Troops have been sent to the base."
    )
    coded = pipeline.code_text(text, published="2021-03-08")
    (ev,) = [e for e in coded.events if e.type == "ASSAULT"]
    assert ev.hypothetical
    t = coded.article.text  # the cleaned text the offsets index
    assert [m["trigger"]["start"] for m in ev.mentions] == [t.index("attack"), t.index("could attack") + len("could ")]


def test_a_headline_act_the_body_never_tells_again_stays_an_event(pipeline) -> None:
    text = (
        "Police arrest ten protesters in Lagos\n\n"
        "The governor of Lagos State opened a new bridge over the lagoon on Monday. It cost 20 billion naira, officials said."
    )
    coded = pipeline.code_text(text, published="2021-03-08")
    ev = next(e for e in coded.events if e.type == "COERCE")
    assert ev.start == 0 and not ev.hypothetical
