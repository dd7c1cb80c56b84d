"""``dates``: when each event happened, with the precision the text allows.

In order of preference: a time expression of the trigger's own clause (or of a clause
governing it: "X withdrew, the monitor said on Sunday"); one opening the sentence ("On 3
March, ..."), which frames everything it reports; the story's reference time carried from an
earlier sentence (a dateline, "17 July."); else the publication date at week precision,
marked ``basis: publication`` with no text, so it is never mistaken for a stated date. A time
of a sibling clause never dates the event ("... the caliphate it declared in 2014").
"""

from __future__ import annotations

import re
from datetime import date as _date
from typing import Any, ClassVar

from ..attribute import SPEECH_LEMMAS
from ..nlp import clause_head
from ..records import EventDate
from ..registry import components
from ..temporal import TimeExpression, find_expressions, to_event_date
from .base import ArticleContext, EventDraft

_LEAD_SKIP = re.compile(r"^[\W_]*(?:[A-Z][a-z]+(?: [a-z]+){0,2}:\s*)?(?:(?:on|in|at|since|during|from|by|between)\s+|(?:early|late|around|about|approximately|circa)\s+)*", re.I)
#: a sentence-initial date this precise becomes the story's reference time
NARRATIVE_PRECISION = ("day", "week", "month")


class Dates:
    name: ClassVar[str] = "dates"
    requires: ClassVar[tuple[str, ...]] = ("drafts",)
    assigns: ClassVar[tuple[str, ...]] = ("draft.date", "draft.historical")

    def __call__(self, ctx: ArticleContext) -> None:
        published = ctx.article.published
        by_sentence = ctx.drafts_by_sentence()
        narrative: EventDate | None = None  # the story's reference time so far
        for sent in ctx.sentences:
            times = find_expressions(sent.text, published)
            for d in by_sentence.get(sent.start, ()):
                d.date = date_event(d, times, narrative, published)
                d.historical = is_historical(d.date, published)
            narrative = narrative_time(sent.text, published, sent.start, narrative, times)


@components.register("dates")
def make_dates(resources: Any) -> Dates:
    return Dates()


#: the guidelines' "more than about a month before publication"
HISTORICAL_DAYS = 31


def is_historical(date: EventDate, published: str | None) -> bool:
    """Background, not current news: the event's own date (from the text, not the report's)
    ends more than a month before publication. Undated events are not judged here."""
    if not date.value or not published or date.basis == "publication":
        return False
    try:
        start = _date.fromisoformat(date.value)
        pub = _date.fromisoformat(published[:10])
    except ValueError:
        return False
    span = {"day": 0, "week": 6, "month": 30, "year": 364}.get(date.precision or "day", 0)
    return (pub - start).days - span > HISTORICAL_DAYS


def date_event(d: EventDraft, times: list[TimeExpression], narrative: EventDate | None, published: str | None) -> EventDate:
    date = clause_date(d.tok, d.doc, times, d.off)
    if date.text is not None:
        return date
    lead = leading_time(times, d.sentence.text)
    if lead is not None:
        return to_event_date(lead, d.off)
    if narrative is not None:
        return EventDate(narrative.value, narrative.precision, narrative.text, narrative.start, narrative.end, "narrative")
    if published:
        # the report's own date, as event datasets date undated reported events
        return EventDate(published, "week", None, None, None, "publication")
    return date


def clause_date(tok: Any, doc: Any, times: list[TimeExpression], off: int) -> EventDate:
    """The time expression of the trigger's own clause, else of a clause governing it."""
    if not times:
        return EventDate()
    anchor = clause_head(tok)
    governing = {anchor.i} | {a.i for a in anchor.ancestors}
    best = None
    for t in times:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        head = clause_head(span.root)
        if head.i == anchor.i:
            return to_event_date(t, off)
        reporting = head.lemma_.lower() in SPEECH_LEMMAS and head.head.i in governing
        if (head.i in governing or reporting) and best is None:
            best = t  # "took control ..., a news service said on Sunday": the report's date
    return to_event_date(best, off) if best is not None else EventDate()


def leading_time(times: list[TimeExpression], text: str) -> TimeExpression | None:
    """A time expression that opens the sentence ("On 3 March,", "22 August:")."""
    if not times:
        return None
    t = times[0]
    head = text[: t.start]
    if _LEAD_SKIP.sub("", head).strip(" ,.:;-(") == "":
        return t
    return None


def narrative_time(
    text: str, published: str | None, off: int, current: EventDate | None, times: list[TimeExpression] | None = None
) -> EventDate | None:
    """The story's reference time after this sentence: a sentence-initial date (or a whole
    dateline sentence) of day/week/month precision replaces it. (``times``: the sentence's
    time expressions, when the caller has them already.)"""
    if times is None:
        times = find_expressions(text, published)
    lead = leading_time(times, text)
    if lead is None or (lead.precision is not None and lead.precision not in NARRATIVE_PRECISION):
        return current
    return to_event_date(lead, off)
