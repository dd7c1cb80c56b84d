"""``dates``: when each event happened, with the precision the text allows.

In order of preference: a time expression of the trigger's own clause (or of a clause
governing it: "X withdrew, the monitor said on Sunday"); one opening the sentence ("On 3
March, ..."), which frames everything it reports; the story's reference time carried from an
earlier sentence (a dateline, "17 July."); else the publication date at week precision,
marked ``basis: publication`` with no text, so it is never mistaken for a stated date. A time
of a sibling clause never dates the event ("... the caliphate it declared in 2014").

"The next day", "two days later" count from the story's previous stated date, not from the
publication date. A background event — its own date more than a month before the report
(or, without a publication date, before the latest date the article states), or a clause
marked as background ("years ago", "in the past", "had previously ...") — is ``historical``,
and an undated one gets no date rather than the publication week.

``event_dates`` runs once the mentions of one event are joined: an event takes the date its
best mention states (its own clause's time, else a re-statement "the shooting happened
Monday evening", else the time of the report), so a headline's undated "man shot" gets the
day the body gives; an act still undated then takes the story's narrative time when it is
told in the simple past right after a sentence that dates an act ("On Tuesday a bomb
exploded ... | Police arrested two suspects": ``NarrativeTimes``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from datetime import date as _date
from datetime import timedelta
from functools import cache
from importlib import resources as _resources
from typing import Any, ClassVar

from ..attribute import SPEECH_LEMMAS
from ..errors import ConfigError
from ..lang import words
from ..nlp import clause_head
from ..records import EventDate
from ..registry import components
from ..temporal import (
    ANCHORED,
    WEEKDAYS,
    TimeExpression,
    ahead,
    find_expressions,
    page_date,
    to_event_date,
)
from .base import ArticleContext, EventDraft

_LEAD_SKIP = re.compile(r"^[\W_]*(?:[A-Z][a-z]+(?: [a-z]+){0,2}:\s*)?(?:(?:on|in|at|since|during|from|by|between)\s+|(?:early|late|around|about|approximately|circa)\s+)*", re.I)
#: a sentence-initial date this precise becomes the story's reference time
NARRATIVE_PRECISION = ("day", "week", "month")
BACKGROUND_PHRASES = words("background_phrases")
BACKGROUND_ADVERBS = words("background_adverbs")
HAPPENING_FORMS = words("happening_forms")
SIMULTANEOUS_MARKERS = frozenset(words("simultaneous_markers"))
SEQUENCE_MARKERS = frozenset(words("sequence_markers"))
FRAMING_PREPOSITIONS = frozenset(words("framing_prepositions"))
BEGINNING_VERBS = frozenset(words("beginning_verbs"))
STATIVE_PARTICIPLES = frozenset(words("stative_participles"))
SUMMARY_QUANTIFIERS = frozenset(words("summary_quantifiers"))
#: a background phrase, but not a recent span ("in the past week", "in the past 24 hours")
_BACKGROUND = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(BACKGROUND_PHRASES, key=len, reverse=True)) + r")\b"
    r"(?!\s+(?:few\s+|several\s+|couple\s+of\s+|\d+\s+|two\s+|three\s+)?(?:days?|weeks?|months?|hours?|nights?|weekend)\b)",
    re.I,
)
_HAPPENING = re.compile(
    r"\b(?:(?P<it>it|this)|(?:the|that|this)\s+(?:[\w-]+\s+)?(?P<noun>[a-z]+))\s+(?:" + "|".join(re.escape(w) for w in sorted(HAPPENING_FORMS)) + r")\b",
    re.I,
)
#: acts that "happened" at a time and place (a generic "the incident happened" re-dates one)
MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "AID", "SANCTION"})
_CLOCK_END = re.compile(r"\b[ap]\.m\.$", re.I)
#: expression kinds that can stand for the article's own date when it has no publication date
_CALENDAR = frozenset({"abs_dmy", "abs_mdy", "iso", "my"})
#: the learned background-vs-current model (``scripts/train_background.py``)
DEFAULT_BACKGROUND_MODEL = "background.json"
#: the date bases of the acts it decides: nothing in the text dates them (the publication
#: week, or no date at all). A time the text states — the act's own, the story's reference time,
#: a reporting clause's ("As reported on 21 March, ...") — judges the act by itself
DECIDED_BASES = frozenset({"publication", None})


class Dates:
    name: ClassVar[str] = "dates"
    requires: ClassVar[tuple[str, ...]] = ("drafts",)
    assigns: ClassVar[tuple[str, ...]] = ("draft.date", "draft.historical")

    def __call__(self, ctx: ArticleContext) -> None:
        published = publication(ctx)
        # an undated act takes the publication week only of a date the article came with: a
        # page stamp resolves "last year" and judges background, but a week from it would make
        # every undated act of the page one date apart from none (the detector and the event
        # coreference were trained with such acts undated: news-events dev recall 0.483 ->
        # 0.478 when it was given)
        week = ctx.article.published
        by_sentence = ctx.drafts_by_sentence()
        narrative: EventDate | None = None  # the story's reference time so far
        told = -1  # the sentence that set it
        dateline = False  # ... a sentence that is nothing but the date ("17 July.")
        anchor: tuple[str, str] | None = None  # the story's previous stated date
        stated: list[TimeExpression] = []
        for k, sent in enumerate(ctx.sentences):
            times = find_times(sent.text, published, anchor)
            acts = by_sentence.get(sent.start, ())
            nouns = frozenset(d.tok.i for d in acts)  # the sentence's event words
            story = narrative if dateline or narrative_reaches(narrative, k - told, times, published) else None
            for d in acts:
                own = [ahead(t, published) for t in times] if times and future_clause(d.tok) else times
                told_past = story is not None and (dateline or not is_historical(story, published) or told_in_past(d.tok))
                d.date = date_event(d, own, story if told_past else None, week, nouns)
            now = narrative_time(sent.text, published, sent.start, narrative, times)
            if now is not narrative:
                narrative, told, dateline = now, k, is_dateline(sent.text, times)
            anchor = last_stated(times, anchor)
            stated.extend(times)
            remember_calendar(sent.text, published, times)
        reference = reference_date(published, stated)
        for d in ctx.drafts:
            if not published and d.date.text and not d.date.value:
                d.date = weekday_of_stated(d.date, stated)
            set_historical(d, reference, published)


#: auxiliaries of a clause about the future ("will meet on Tuesday")
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})


def future_clause(tok: Any) -> bool:
    """Is the trigger's clause (or the trigger itself) in the future tense? Its weekday is the
    next one, not the last ("talks will resume on Tuesday" in a Friday report)."""
    head = clause_head(tok)
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in (*head.children, *tok.children))


def weekday_of_stated(date: EventDate, stated: list[TimeExpression]) -> EventDate:
    """Without a publication date "Saturday's attack" cannot be counted back from the report;
    when the article states a full date falling on that weekday, it is that day — the latest
    such, as a weekday in news is the last one before the report (the caption's "June 3,
    2017" of the attack the text calls "Saturday's")."""
    own = (date.text or "").lower()
    days = {k for k, w in enumerate(WEEKDAYS) if w in own}
    if len(days) != 1:
        return date
    found = {t.value for t in stated if t.kind in _CALENDAR and t.precision == "day" and t.value and _date.fromisoformat(t.value).weekday() in days}
    if not found:
        return date
    return EventDate(max(found), "day", date.text, date.start, date.end, "text")


def last_stated(times: list[TimeExpression], anchor: tuple[str, str] | None) -> tuple[str, str] | None:
    """The story's stated date after a sentence: its last resolved time expression."""
    for t in reversed(times):
        if t.value and t.precision:
            return t.value, t.precision
    return anchor


def reference_date(published: str | None, stated: list[TimeExpression]) -> str | None:
    """The date background is judged against: the publication date, else the latest calendar
    date the article states (the report cannot be older than what it reports)."""
    if published:
        return published[:10]
    days = [t.value for t in stated if t.kind in _CALENDAR and t.value]
    return max(days) if days else None


def set_historical(d: EventDraft, reference: str | None, published: str | None = None) -> None:
    """Background or current news. A clause marked as background ("years ago", "in the
    past") is historical; with no date of its own it is undated (the guidelines: never the
    publication week). A stated date judges the rest, resolved or not ("last year")."""
    own = (d.date.text or "").lower() if d.date.basis in ("text", None) else ""
    if own and _BACKGROUND.search(own):
        d.historical = True
        return
    if d.date.basis in ("publication", "narrative", None) and background_clause(d.tok):
        d.historical = True
        if d.date.basis != "text" and not (d.date.basis is None and d.date.text):
            d.date = EventDate()
        return
    d.historical = judged_historical(d.date, reference, published, d.tok)


def publication(ctx: ArticleContext) -> str | None:
    """The article's publication date: as ingested, else the time stamp its page header states
    ("Published 17 January 2018": ``temporal.page_date``) — what a reader dates the report by."""
    return ctx.article.published or page_date(ctx.article.text)


def judged_historical(date: EventDate, reference: str | None, published: str | None, tok: Any = None) -> bool:
    """``is_historical``, and without a publication date (``reference``: the latest date the
    article states, or None):

    * a relative time the act's clause states ("In May", "last month"), resolved against the
      reference for the judgement only — its value stays unknown, as nothing gives the year;
    * an act of the narrated past the text dates by a year or a month of a named year ("in
      2001", "In August 1999", "his party's 2001 election defeat"): a report tells its own news
      by the day or by words relative to it ("on Tuesday", "this month"), so naming the year
      sets the act apart from the report's time (news-events dev, undated articles: 14 of the
      15 gold acts so dated are historical; a full date — 6 of 9 — is left to the reference
      date). A planned act ("could produce a date in 2005") is not background."""
    if is_historical(date, reference):
        return True
    if published or date.basis not in ("text", None) or not date.text:
        return False
    if not date.value:
        found = find_times(date.text, reference) if reference else []
        return bool(found) and is_historical(to_event_date(found[0]), reference)
    return (
        date.precision in ("month", "year")
        and _YEAR.search(date.text) is not None
        and (tok is None or not planned(tok))
    )


#: auxiliaries of a clause not told as done: a modal or the future ("could produce", "will hold")
_PLANNED_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "could", "can", "may", "might", "must", "should"})


def planned(tok: Any) -> bool:
    """Is the trigger's clause modal or future (or a noun under such a verb)?"""
    head = clause_head(tok)
    return any(c.dep_ == "aux" and c.lower_ in _PLANNED_AUX for c in (*head.children, *tok.children))


def background_clause(tok: Any) -> bool:
    """Does the trigger's clause place the act in the background ("years ago", "in the past",
    "had previously attacked", "once ruled")?"""
    head = clause_head(tok)
    if any(c.dep_ == "advmod" and c.lower_ in BACKGROUND_ADVERBS for c in (*head.children, *tok.children)):
        return True
    clause = [c for c in head.children if c.dep_ in ("prep", "advmod", "npadvmod", "advcl")]
    text = " ".join(t.lower_ for c in clause for t in c.subtree)
    return _BACKGROUND.search(text) is not None


@components.register("dates")
def make_dates(resources: Any) -> Dates:
    return Dates()


class EventDates:
    """``event_dates``: one date per real-world event, from the best of its mentions.

    Runs after the mentions of an event are joined (``mentions``, ``corefer``). In order: a
    time of a mention's own clause (or of a clause governing it that is not the report's);
    a later re-statement of when the incident happened ("The shooting happened Monday
    evening", "It occurred about 10:30 p.m. Monday"); for a re-told incident ("the murder of",
    "two cars were destroyed"), the date of the act it re-tells (``retold_date``, ``retell``: on
    by default); the story's narrative time
    (``NarrativeTimes``: ``carry``, on by default); the event's date as ``dates`` gave it.
    ``historical`` is judged again on the date chosen.

    Then background or current news, for an act nothing in the text dates: the learned
    background model (``background.json``, :func:`background_features`) decides, and a
    background act does not keep the publication week (the guidelines: a historical event with
    no date in the text has no value). An act with a time of its own is judged by that time alone (``is_historical``:
    the corpus marks a full past date in a lone sentence historical, news-events' undated
    articles do not, so the model is not asked there): only acts that nothing in the text
    dates (``DECIDED_BASES``) are the model's to judge. A planned act (``hypothetical``) keeps
    the publication week, as the guidelines date any undated act of the report (undating it
    costs every current act the modality rules wrongly flag: news-events test date 0.47 -> 0.42)."""

    name: ClassVar[str] = "event_dates"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "draft.date", "draft.historical", "draft.others")
    assigns: ClassVar[tuple[str, ...]] = ("draft.date", "draft.historical")

    def __init__(self, background: BackgroundModel | None = None, threshold: float | None = None, carry: bool = True, retell: bool = True) -> None:
        self.background = background
        self.threshold = threshold if threshold is not None else (background.threshold if background else 1.0)
        self.carry = carry
        self.retell = retell

    def __call__(self, ctx: ArticleContext) -> None:
        if not ctx.drafts:
            return
        published = publication(ctx)
        happenings = happening_dates(ctx, published)
        # the stated calendar dates matter only to an article without a publication date
        stated = [] if published else [t for sent in ctx.sentences for t in calendar_times(sent.text, published)]
        reference = reference_date(published, stated)
        index = sentence_indexes(ctx)
        story = NarrativeTimes(ctx, published, reference, happenings=happenings) if self.carry else None
        for d in ctx.drafts:
            if d.hypothetical:
                continue
            if not is_stated(d):
                best = next((o for o in d.others if is_stated(o) and not before_its_words(d, o.date, reference)), None)
                date = best.date if best is not None else restated(d, ctx.drafts, happenings)
                if date is None and not d.date.value and (d.date.text or re_mention(d.tok)):
                    date = the_date_of_its_kind(d, ctx.drafts, reference, published)
                if date is None and self.retell and d.date.basis == "publication":
                    date = retold_date(d, ctx.drafts, published)
                if date is None and story is not None:
                    date = self.carried(story, d, index[d.sentence.start], published, reference, ctx.drafts)
                if date is not None:
                    d.date = date
                    d.historical = judged_historical(d.date, reference, published, d.tok)
            if self.background is not None and not d.historical:
                self.judge_background(d, index.get(d.sentence.start, 0), published, reference, ctx.drafts)

    def carried(
        self, story: NarrativeTimes, d: EventDraft, sentence_index: int, published: str | None, reference: str | None, drafts: list[EventDraft] | None = None
    ) -> EventDate | None:
        """The story's narrative time for ``d`` — unless it is a current time and the background
        model calls ``d`` background: the model, not the carry, decides such an act (it would
        have undated it from the publication week; a carry must not bring a background act
        into the news). A background time carried ("In 1995 they seized ... | Scores died")
        keeps it background either way."""
        date = story.carried(d, sentence_index)
        if date is None or self.background is None or d.date.basis not in DECIDED_BASES or is_historical(date, reference):
            return date
        if self.background.p(background_features(d, sentence_index, published, reference, drafts)) >= self.threshold:
            return None
        return date

    def judge_background(self, d: EventDraft, sentence_index: int, published: str | None, reference: str | None, drafts: list[EventDraft] | None = None) -> None:
        """Background or current news for an act the rules left current (see the class)."""
        if d.date.basis not in DECIDED_BASES:
            return  # a time the text states (its own, the story's, the report's) judged it (``is_historical``)
        assert self.background is not None
        if not campaign_summary(d.tok) and self.background.p(background_features(d, sentence_index, published, reference, drafts)) < self.threshold:
            return
        d.historical = True
        d.date = EventDate()


#: Every pattern of ``temporal._PATTERNS`` needs one of these in its match: a digit, a month's
#: first three letters, or a word of time ("day" covers the weekdays, "today", "yesterday";
#: "night" covers "tonight", "hour" "hours later"). A sentence with none of them has no time expression, and most
#: sentences are such: ``find_times`` skips the 30 patterns there. ``tests/components/
#: test_dates_speed.py`` pins the pattern list, so a new pattern makes this be looked at again.
_TIME_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "day", "week", "month", "year", "night", "morning", "afternoon", "evening", "hour")  # fmt: skip
_MAYBE_TIME = re.compile(r"\d|" + "|".join(_TIME_WORDS), re.I)
_A_DIGIT = re.compile(r"\d")


def maybe_time(text: str) -> bool:
    """``_MAYBE_TIME.search(text)``: for an ASCII text (where ``str.lower`` agrees with
    IGNORECASE) a digit scan and ``in`` on the lower-cased text, several times cheaper than the
    21-way alternation tried at every position."""
    if text.isascii():
        low = text.lower()
        return any(w in low for w in _TIME_WORDS) or _A_DIGIT.search(text) is not None
    return _MAYBE_TIME.search(text) is not None


def find_times(text: str, published: str | None, anchor: tuple[str, str] | None = None) -> list[TimeExpression]:
    """``temporal.find_expressions``, without scanning a text that cannot hold a time."""
    if not maybe_time(text):
        return []
    return find_expressions(text, published, anchor)


#: (sentence text, publication date) -> its calendar-date expressions, as ``Dates`` found them
_CALENDAR_SEEN: dict[tuple[str, str | None], list[TimeExpression]] = {}
_CALENDAR_SEEN_MAX = 4096


def remember_calendar(text: str, published: str | None, times: list[TimeExpression]) -> None:
    """Keep a sentence's calendar dates for ``EventDates``, which would otherwise scan every
    sentence of the article with the same 30 patterns again. A calendar date (an absolute
    kind) does not depend on the anchor ``Dates`` passed, nor does which expressions the scan
    keeps, so the subset is exactly what ``find_expressions(text, published)`` gives."""
    if len(_CALENDAR_SEEN) >= _CALENDAR_SEEN_MAX:
        _CALENDAR_SEEN.clear()
    _CALENDAR_SEEN[(text, published)] = list(times)


def calendar_times(text: str, published: str | None) -> list[TimeExpression]:
    """The calendar-date expressions of a sentence (remembered from ``Dates``, else found)."""
    return [t for t in sentence_times(text, published) if t.kind in _CALENDAR]


def sentence_times(text: str, published: str | None) -> list[TimeExpression]:
    """Every time expression of a sentence as ``Dates`` found it (relative ones resolved with
    the story's anchor there), else found afresh without an anchor."""
    got = _CALENDAR_SEEN.get((text, published))
    return got if got is not None else find_times(text, published)


@components.register("event_dates")
def make_event_dates(resources: Any, background: str | None = DEFAULT_BACKGROUND_MODEL, threshold: float | None = None, carry: bool = True, retell: bool = True) -> EventDates:
    return EventDates(load_background(background) if background else None, threshold, carry, retell)


def is_stated(d: EventDraft) -> bool:
    """The draft's date is a time its own sentence gives for the act — not the report's
    ("..., police said Tuesday"), a carried-over or the publication date."""
    if d.date.basis != "text" or not d.date.value or d.date.start is None or d.date.end is None:
        return False
    span = d.doc.char_span(d.date.start - d.off, d.date.end - d.off, alignment_mode="expand")
    if span is None:
        return True
    head = clause_head(span.root)
    return head.i == clause_head(d.tok).i or head.lemma_.lower() not in SPEECH_LEMMAS


def happening_dates(ctx: ArticleContext, published: str | None) -> list[tuple[int, str | None, EventDate]]:
    """(sentence start, the incident's type or None, its date) of each "the X happened at
    <time>" sentence: the type of a trigger draft at X, None for "it", "the incident"."""
    out: list[tuple[int, str | None, EventDate]] = []
    text = ctx.article.text
    for k, sent in enumerate(ctx.sentences):
        m = _HAPPENING.search(sent.text)
        if m is None:
            continue
        end = sent.end
        if _CLOCK_END.search(sent.text) and k + 1 < len(ctx.sentences):
            end = ctx.sentences[k + 1].end  # "about 10:30 p.m. | Monday": the splitter broke at "p.m."
        span = text[sent.start : end]
        times = [t for t in find_times(span, published) if t.value and t.start >= m.end() and t.precision in ("day", "week")]
        if not times:
            continue
        etype = None
        if m.group("noun"):
            at = sent.start + m.start("noun")
            etype = next((d.type for d in ctx.drafts for o in (d, *d.others) if o.trigger_start <= at < o.trigger_end), None)
        out.append((sent.start, etype, to_event_date(times[0], sent.start)))
    return out


def re_mention(tok: Any) -> bool:
    """A definite singular noun trigger ("the bombing", "last year's blast") names an
    incident the article dates elsewhere."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN":
        return False
    return any((c.dep_ == "det" and c.lower_ in ("the", "that", "this")) or c.dep_ == "poss" for c in tok.children)


#: the expressions (``temporal`` kinds) naming a day counted back from the report: "today",
#: "this morning", "yesterday", "last night", "3 days ago"
DAY_DEICTIC = frozenset({"today", "yesterday", "days_ago"})


def the_date_of_its_kind(d: EventDraft, drafts: list[EventDraft], reference: str | None = None, published: str | None = None) -> EventDate | None:
    """The one date the article states for events of ``d``'s type, when ``d``'s own words
    ("Saturday's attack", "last year's blast") do not contradict it: how a reader dates a
    re-mentioned incident in an article without a publication date. Words counted back from
    the report contradict a date that ends before the earliest day they can name
    (:func:`not_before`: the report is no older than the ``reference`` date). A day they name
    ("shot today", "bombed last night") cannot be checked at all without a publication date,
    unlike a weekday: the act stays undated, its words kept, as the guidelines have it
    (x28undated: a report's one "12 November 1989" murder dated the attacks its sentences call
    "last night" and "today")."""
    dates = {(o.date.value, o.date.precision): o.date for e in drafts if e.type == d.type and not e.hypothetical for o in (e, *e.others) if is_stated(o) and o.date.precision in ("day", "month")}
    if len(dates) != 1:
        return None
    (date,) = dates.values()
    own = (d.date.text or "").lower()
    days = [k for k, w in enumerate(WEEKDAYS) if w in own]
    if days and date.precision == "day" and _date.fromisoformat(date.value or "").weekday() not in days:
        return None
    if not published and own and any(t.kind in DAY_DEICTIC for t in find_expressions(own, None)):
        return None
    if own and not same_calendar_day(own, date):
        return None
    return None if before_its_words(d, date, reference) else date


def same_calendar_day(own: str, date: EventDate) -> bool:
    """Can ``date`` be the day (or month) the words ``own`` name without a year ("on 14 March",
    "in May")? Read in ``date``'s year, they must give its month, and its day at day precision."""
    if not date.value:
        return True
    d = _date.fromisoformat(date.value[:10])
    for t in find_expressions(own, f"{d.year:04d}-12-31"):
        if t.kind not in ("dm", "md", "month_only") or not t.value:
            continue
        got = _date.fromisoformat(t.value)
        if got.month != d.month or (t.kind != "month_only" and date.precision == "day" and got.day != d.day):
            return False
    return True


def before_its_words(d: EventDraft, date: EventDate, reference: str | None) -> bool:
    """Does ``date`` end before the earliest day ``d``'s own words counted back from the report
    can name (:func:`not_before`)? Then it is another act's date, not ``d``'s."""
    earliest = not_before(d.date.text, reference)
    return earliest is not None and bool(date.value) and last_day(date) < earliest


def not_before(text: str | None, reference: str | None) -> _date | None:
    """The earliest day an expression counted back from the report ("today", "last night",
    "2 days ago", "last week", "on Sunday") can name, when the report is no older than
    ``reference`` (its publication date, or the latest date it states): the expression read as
    if the report were of that day. None for a time counted from the story ("the next day")
    or none at all."""
    if not text or not reference:
        return None
    days = [_date.fromisoformat(t.value[:10]) for t in find_expressions(text, reference[:10]) if t.value and t.kind not in ANCHORED]
    return min(days) if days else None


def last_day(date: EventDate) -> _date:
    """The last day of the period a date stands for (its day, week, month or year)."""
    d = _date.fromisoformat((date.value or "")[:10])
    p = date.precision or "day"
    if p == "week":
        return d + timedelta(days=6)
    if p == "month":
        return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if p == "year":
        return d.replace(month=12, day=31)
    return d


#: the acts ``retold_date`` dates: material incidents (a MUC-4 template's kinds)
RETOLD_TYPES = MATERIAL_TYPES | {"SEIZE"}
#: determiners of a definite re-mention ("the murder of", "this attack", "those killings")
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def retelling(tok: Any) -> bool:
    """Is the trigger a re-telling of a known act: a definite or possessed event noun ("the
    murder of six priests", "their kidnapping") or a passive past ("two ambulances were
    destroyed", "the priests murdered in")?"""
    if tok.pos_ == "NOUN":
        return any((c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in tok.children)
    if tok.tag_ != "VBN":
        return False
    aux = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if aux:
        return aux == ["was"] or aux == ["were"]
    return tok.dep_ in ("acl", "relcl")


def retold_date(d: EventDraft, drafts: list[EventDraft], published: str | None) -> EventDate | None:
    """The date of the known incident ``d`` re-tells, for a material act nothing in its own
    sentence dates (``d``'s basis is the publication): a report re-tells an incident it dates
    elsewhere ("the murder of six priests" | "the priests were murdered on 16 November"; "two
    cars were destroyed" after "a bomb went off yesterday"). ``d`` must read as a re-telling
    (:func:`retelling`) and its sentence state no time (else the story moved); the incident is
    the nearest earlier act of its type that states its own time (``is_stated``), unless that
    time is background (the news does not carry a background time on: ``NarrativeTimes``), else,
    for a definite noun only, the nearest later such act (the report reacts first and dates the
    incident after). Carried with basis ``narrative``; MUC-4 train 378 -> 382 (docs/dates.md)."""
    if d.type not in RETOLD_TYPES or not retelling(d.tok):
        return None
    if any(t.value for t in sentence_times(d.sentence.text, published)):
        return None
    best: EventDraft | None = None
    later: EventDraft | None = None
    for e in drafts:
        if e.hypothetical:
            continue
        for o in (e, *e.others):
            if o.type != d.type or o.trigger_start == d.trigger_start or not is_stated(o):
                continue
            if o.trigger_start > d.trigger_start:
                if later is None or o.trigger_start < later.trigger_start:
                    later = o
            elif not is_historical(o.date, published) and (best is None or o.trigger_start > best.trigger_start):
                best = o
    if best is None and d.tok.pos_ == "NOUN":
        best = later
    return None if best is None else replace(best.date, basis="narrative")


def restated(d: EventDraft, drafts: list[EventDraft], happenings: list[tuple[int, str | None, EventDate]]) -> EventDate | None:
    """The date of a later "the X happened at <time>" sentence that re-states ``d``: X of
    ``d``'s type, or a generic "it"/"the incident" whose latest earlier material event is
    ``d``."""
    for start, etype, date in happenings:
        if start <= d.sentence.start:
            continue
        if etype is not None:
            if etype == d.type:
                return date
            continue
        before = [e for e in drafts if e.type in MATERIAL_TYPES and e.sentence.start < start and not e.hypothetical]
        if before and max(before, key=lambda e: e.trigger_start) is d:
            return date
    return None


#: the guidelines' "more than about a month before publication"
HISTORICAL_DAYS = 31


def is_historical(date: EventDate, published: str | None) -> bool:
    """Background, not current news: the event's own date (from the text, not the report's)
    ends more than a month before publication (``published``: or the reference date that
    stands for it). Undated events are not judged here."""
    if not date.value or not published or date.basis == "publication":
        return False
    try:
        start = _date.fromisoformat(date.value)
        pub = _date.fromisoformat(published[:10])
    except ValueError:
        return False
    span = {"day": 0, "week": 6, "month": 30, "year": 364}.get(date.precision or "day", 0)
    return (pub - start).days - span > HISTORICAL_DAYS


def date_event(
    d: EventDraft, times: list[TimeExpression], narrative: EventDate | None, published: str | None, events: frozenset[int] = frozenset()
) -> EventDate:
    if talked_about(d.tok):
        # a known act the clause reacts to: only the noun's own time dates it
        own = [t for t in times if owned_by(t, d.tok, d.doc)]
        date = clause_date(d.tok, d.doc, own, d.off, events) if own else EventDate()
        if date.text is None and published:
            return EventDate(published, "week", None, None, None, "publication")
        return date
    date = clause_date(d.tok, d.doc, times, d.off, events)
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


def clause_date(tok: Any, doc: Any, times: list[TimeExpression], off: int, events: frozenset[int] = frozenset()) -> EventDate:
    """The time expression the trigger's noun phrase carries ("the 1995 bombing", "last year's
    blast"), else the one of its own clause, else of a clause governing it. A time that
    modifies another noun dates that noun's act before the clause's ("convicted on Friday over
    the 1995 bombing": the trial is Friday's, the bombing 1995's); it dates the clause only
    when the clause has no time of its own ("stepped down after the 2001 defeat": 2001) — and
    before a governing reporting clause's time, which dates the report, not the act."""
    if times:
        when = when_time(tok, doc, times)
        if when is not None:
            return to_event_date(when, off)
    times = [t for t in times if not t.text.lower().startswith("since")]  # a span's start, not the act's time
    if not times:
        return EventDate()
    spans = [(t, doc.char_span(t.start, t.end, alignment_mode="expand")) for t in times]
    for t, span in spans:
        if span is not None and nominal_owner(span) is not None and nominal_owner(span).i == tok.i:
            return to_event_date(t, off)
    described = describing_time(tok, spans)
    if described is not None:
        return to_event_date(described, off)
    anchor = clause_head(tok)
    governing = governors(anchor)
    best = best_head = None
    nominal = None  # a time of another noun of the clause: only when the clause has none
    during = None  # a time of a "when"/"as" clause under the trigger's: the same time
    for t, span in spans:
        if span is None:
            continue
        if nominal_owner(span) is not None:
            if nominal is None and clause_head(nominal_owner(span)).i == anchor.i:
                nominal = t  # "stepped down after his party's 2001 election defeat"
            continue
        head = time_clause(span)
        if head.i == anchor.i:
            return to_event_date(t, off)
        if during is None and simultaneous(head, anchor):
            during = t  # "were killed when a bomb exploded on Tuesday"
        reporting = head.lemma_.lower() in SPEECH_LEMMAS and head.head.i in governing
        if (head.i in governing or reporting) and best is None:
            best, best_head = t, head  # "took control ..., a news service said on Sunday": the report's date
    if nominal is not None:
        return to_event_date(nominal, off)
    if during is not None:
        return to_event_date(during, off)
    if best is not None:
        if best_head.i != anchor.i and best_head.lemma_.lower() in SPEECH_LEMMAS:
            # the report's time dates the act only when what it reports states none: "announced
            # today that gunmen on 28 April kidnapped ..." — the act's own line has its time
            inner = nearest_time(tok, anchor, [(t, sp) for t, sp in spans if t is not best], events)
            if inner is not None and reported_under(inner, doc, best_head, anchor):
                return to_event_date(inner, off)
        return to_event_date(best, off)
    return to_event_date(nearest_time(tok, anchor, spans, events), off)


TOPIC_VERBS = frozenset(words("topic_verbs")) | SPEECH_LEMMAS
TOPIC_PREPOSITIONS = frozenset(words("topic_prepositions"))
TOPIC_NOUNS = frozenset(words("topic_nouns"))


def talked_about(tok: Any) -> bool:
    """Is the trigger a definite event noun that a verb of reaction, judgement or inquiry takes
    as its object ("condemned today the assassination of", "referred to the murder of",
    "called for an investigation into the killing")? The act is known already; the clause's time
    is the reaction's (MUC-4 reports: "the foreign ministry condemned today the assassination"
    of an act two days old). So is one a preposition of topic takes ("made statements yesterday
    regarding the murder", ``topic_prepositions``), or a noun of inquiry or report
    ("the investigation of the murder", "information on the assassination", ``topic_nouns``)."""
    if tok.pos_ != "NOUN" or not any((c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss" for c in tok.children):
        return False
    cur = tok
    for _ in range(3):  # the object, a preposition's object, or a noun's in between ("an investigation into")
        head = cur.head
        if head.i == cur.i:
            return False
        if cur.dep_ == "pobj" and head.lower_ in TOPIC_PREPOSITIONS:
            return True
        if cur.dep_ == "prep" and head.pos_ == "NOUN" and head.lemma_.lower() in TOPIC_NOUNS:
            return True
        if head.pos_ in ("VERB", "AUX"):
            return head.lemma_.lower() in TOPIC_VERBS and cur.dep_ in ("dobj", "prep", "pobj")
        if cur.dep_ not in ("dobj", "pobj", "prep"):
            return False
        cur = head
    return False


def owned_by(t: TimeExpression, tok: Any, doc: Any) -> bool:
    """Does time ``t`` belong to the noun ``tok`` itself (before it: "Saturday's attack", or in
    its own subtree: "the killing of six priests on 16 November")?"""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return False
    owner = nominal_owner(span)
    if owner is not None:
        return owner.i == tok.i
    return span.root.i in {x.i for x in tok.subtree}


def reported_under(t: TimeExpression, doc: Any, speech: Any, anchor: Any) -> bool:
    """Is time ``t`` said inside what the reporting verb ``speech`` reports, on the act's side
    (below ``speech``, not a time of ``speech``'s own clause)?"""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return False
    head = clause_head(span.root)
    if head.i == speech.i:
        return False
    cur = head
    for _ in range(64):
        if cur.head.i == speech.i:
            return anchor.i in {x.i for x in cur.subtree}
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def describing_time(tok: Any, spans: list[tuple[TimeExpression, Any]]) -> TimeExpression | None:
    """The time of a clause describing the event noun itself ("the dynamite attack perpetrated
    by a cell on 6 May", "the bombing which killed 12 on Sunday"): the clause tells when the
    noun's act happened, whatever the time of the clause the noun stands in ("police confirmed
    today that he escaped the attack perpetrated on 6 May": 6 May, not today)."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    for t, span in spans:
        if span is None or nominal_owner(span) is not None:
            continue
        head = clause_head(span.root)
        if head.dep_ in _OWN_ACT_CLAUSES and head.head.i == tok.i and not _is_future(head):
            return t
    return None


#: the relative adverb of a clause that tells what happened at a time ("since 2019, when it seized")
_WHEN = frozenset(words("when_relatives"))


def when_time(tok: Any, doc: Any, times: list[TimeExpression]) -> TimeExpression | None:
    """The time a "when" clause describes, for an act of that clause ("tensions have been high
    since February 2019, when a suicide bomber killed 40 police", "the conflict began in
    October 2017, when gunmen attacked police stations"): the clause says what happened at that
    time, so it is the act's time — even after "since", which otherwise only opens a span. A
    background paragraph is told this way; without it the act took the story's time."""
    head = clause_head(tok)
    chain = [head]
    for _ in range(4):  # "when gunmen attacked ... and burned ...": the first conjunct's clause
        if head.dep_ != "conj" or head.head.i == head.i:
            break
        head = head.head
        chain.append(head)
    # the parser hangs "when" on either conjunct; a clause on a time noun needs none ("on 18
    # August, the same day the senator was assassinated")
    if head.dep_ != "relcl":
        return None
    if head.head.lower_ not in _PERIOD_NOUNS and not any(c.dep_ == "advmod" and c.lower_ in _WHEN for x in chain for c in x.children):
        return None
    at = head.head.idx - doc[0].idx
    return next((t for t in times if t.start <= at < t.end and t.value), None)


#: nouns of a time a relative clause can describe without "when" ("the day he was killed")
_PERIOD_NOUNS = frozenset({"day", "night", "morning", "afternoon", "evening", "week", "weekend", "month", "year"})

#: clauses that describe a noun with an act of their own ("the caliphate it declared in
#: 2014", "the decision to hold elections on Saturday"): their time is that act's alone
_OWN_ACT_CLAUSES = frozenset({"relcl", "acl"})


def nearest_time(tok: Any, anchor: Any, spans: list[tuple[TimeExpression, Any]], events: frozenset[int] = frozenset()) -> TimeExpression | None:
    """A time of the act's sentence that no clause of the act's own line holds: the one
    nearest the act's clause in the parse tree. A sentence's time frames every act it tells
    ("On Sunday, police arrested 12 people and seized weapons", "In May, she was arrested
    and charged", "X attacked Y, and on Monday police ..."), unless it belongs to something
    else: a noun's own time ("the 1995 bombing"), a clause describing a noun ("who was freed
    in 2014"), a clause about the future when the act is not ("and the trial will open on
    Monday"), nor across a clause of another time ("withdrew after fighters attacked on
    Wednesday": the withdrawal followed it). Both ends count: an act told in a clause describing
    a noun or in an "after" clause does not take the time of the clause above it either —
    unless the noun is itself an event of the sentence (``events``: its trigger tokens), whose
    clause tells when it happened ("The bombing, which killed 12 people, occurred on 14
    February"). Ties go to the earlier time (a sentence-initial one scopes over the rest)."""
    future = _is_future(anchor) or _is_future(tok)
    best: tuple[int, int, TimeExpression] | None = None
    for t, span in spans:
        if span is None or nominal_owner(span) is not None:
            continue
        head = time_clause(span)
        dist, sides = tree_path(anchor, head)
        if sides is None:
            continue
        time_side = ancestors(head)
        if any((x.dep_ in _OWN_ACT_CLAUSES and x.head.i not in events and not (x.i in time_side and framing(x) is not None)) or sequence_clause(x) for x in sides):
            continue
        if not free_time(span, anchor, tok, events):
            continue
        if not future and _is_future(head):
            continue
        if best is None or (dist, t.start) < (best[0], best[1]):
            best = (dist, t.start, t)
    return best[2] if best is not None else None


def stative(clause: Any) -> bool:
    """Is ``clause`` a participle describing a noun with a state, not an act ("a bank located in
    the city", ``stative_participles``)? It has no time of its own: a time under it is the time
    of the clause the noun stands in."""
    return clause.dep_ == "acl" and clause.tag_ == "VBN" and clause.lemma_.lower() in STATIVE_PARTICIPLES and clause.head.i != clause.i


def time_clause(span: Any) -> Any:
    """The clause a time expression belongs to: its nearest verb, past a stative participle
    (:func:`stative`) to the clause of the noun it describes."""
    head = clause_head(span.root)
    for _ in range(4):
        if not stative(head):
            break
        head = clause_head(head.head)
    return head


_PERFECT_AUX = frozenset({"has", "have", "'ve", "'s", "had", "'d"})


def campaign_summary(tok: Any) -> bool:
    """Does the act's clause sum up a campaign over its whole course — a perfect whose object
    or subject is a part of a whole (``summary_quantifiers``: "has driven it from much of its
    territory", "most of the city has been destroyed")? Such an act has no occasion in the
    report's time (the guidelines: background descriptions with no occasion); with no time in
    the text it is background and undated, not the publication week."""
    head = clause_head(tok)
    if head.tag_ != "VBN" or not any(c.dep_ == "aux" and c.lower_ in _PERFECT_AUX for c in head.children):
        return False
    for c in head.children:
        objs = [c] if c.dep_ in ("dobj", "nsubjpass") else [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else []
        if any(o.lemma_.lower() in SUMMARY_QUANTIFIERS and any(p.dep_ == "prep" and p.lower_ == "of" for p in o.children) for o in objs):
            return True
    return False


def ancestors(tok: Any) -> set[int]:
    """``tok`` and the tokens above it."""
    out = {tok.i}
    cur = tok
    for _ in range(64):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        out.add(cur.i)
    return out


def framing(clause: Any) -> Any:
    """The framing preposition (``framing_prepositions``) whose object ``clause`` (a relcl/acl)
    describes — the object itself or an "of" phrase in it ("injured during a wave of bombings
    that hit the city last night") —, or None. The clause's time is when that object happened,
    and the preposition puts the act inside it — unless the clause tells only when the object
    began (``beginning_verbs``: "during the trial, which opened in October")."""
    if clause.lemma_.lower() in BEGINNING_VERBS:
        return None
    noun = clause.head
    for _ in range(3):
        if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
            return None
        prep = noun.head
        if prep.lower_ in FRAMING_PREPOSITIONS:
            return prep
        if prep.lower_ != "of" or prep.head.pos_ not in ("NOUN", "PROPN"):
            return None
        noun = prep.head
    return None


def _is_future(head: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in head.children)


#: nouns a time expression hangs on that are times themselves ("the morning of 14 February")
_TIME_NOUNS = frozenset({"morning", "afternoon", "evening", "night", "day", "dawn", "noon", "midnight", "hours", "hour"})


def free_time(span: Any, anchor: Any, tok: Any, events: frozenset[int]) -> bool:
    """Does the time reach the act's clause without modifying something else on the way — a
    noun ("protested against the attacks on politicians the previous day": the attacks' time;
    "opposition to holding elections on Saturday", "the week beginning 26 November"), a word of
    another time ("since May", "following the killing on Sunday"), or a subordinate clause of
    its own act ("although the county received the money on Tuesday")? Only the time's side of
    the tree is read: the act's side is ``nearest_time``'s (an event noun there is the act's:
    "The bombing, which killed 12, occurred on ..."). (Found on ACLED Kenya notes: each such
    time re-dated a note away from its date.)"""
    above = set()
    cur = anchor
    for _ in range(64):
        above.add(cur.i)
        if cur.head.i == cur.i:
            break
        cur = cur.head
    inside = {t.i for t in span}
    cur = span.root
    for _ in range(64):
        if cur.i in above:
            return True
        if cur.i not in inside and cur.i != tok.i:
            prep = framing(cur) if cur.dep_ in _OWN_ACT_CLAUSES else None
            if prep is not None:
                cur = prep.head  # "during a wave of bombings that hit the city last night"
                continue
            if stative(cur):
                cur = clause_head(cur.head)  # "went off at a bank located in the city last night"
                continue
            if cur.dep_ in _OWN_ACT_CLAUSES:
                return False
            if cur.pos_ in ("NOUN", "PROPN") and cur.lower_ not in _TIME_NOUNS:
                return False
            if cur.lower_ in SEQUENCE_MARKERS or (cur.dep_ == "advcl" and not simultaneous(cur, cur.head)):
                return False
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return False


def sequence_clause(tok: Any) -> bool:
    """Is ``tok`` an adverbial clause of another time ("after fighters attacked", "before
    the vote", "since troops arrived")?"""
    return tok.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod", "prep") and c.lower_ in SEQUENCE_MARKERS and c.i < tok.i for c in tok.children)


def tree_path(a: Any, b: Any) -> tuple[int, list[Any] | None]:
    """The number of arcs between tokens ``a`` and ``b`` of one parse, and the tokens of both
    sides below their common ancestor (``a`` and ``b`` included), or (0, None) apart."""
    chain: list[Any] = []
    cur = a
    for _ in range(64):
        chain.append(cur)
        if cur.head.i == cur.i:
            break
        cur = cur.head
    up = {x.i: k for k, x in enumerate(chain)}
    side: list[Any] = []
    cur, k = b, 0
    for _ in range(64):
        if cur.i in up:
            return k + up[cur.i], side + chain[: up[cur.i]]
        side.append(cur)
        if cur.head.i == cur.i:
            break
        cur, k = cur.head, k + 1
    return 0, None


def simultaneous(head: Any, anchor: Any) -> bool:
    """Is ``head`` a clause under ``anchor`` that happens at the same time ("when a bomb
    exploded", "as troops advanced")? Its time is the act's: the act has none of its own."""
    return (
        head.dep_ == "advcl"
        and head.head.i == anchor.i
        and any(c.dep_ in ("mark", "advmod") and c.lower_ in SIMULTANEOUS_MARKERS and c.i < head.i for c in head.children)
    )


#: how a time expression modifies the noun after it ("the 1995 bombing", "last year's blast",
#: "Saturday's attack", "the April 19, 1995 bombing")
_PRENOMINAL = frozenset({"nummod", "compound", "poss", "amod"})


def nominal_owner(span: Any) -> Any:
    """The noun a time expression stands before and modifies, or None (a clause's time)."""
    out = [t for t in span if not span.start <= t.head.i < span.end]  # "the 1995": two tokens on "bombing"
    heads = {t.head.i for t in out}
    if len(heads) != 1 or not any(t.dep_ in _PRENOMINAL for t in out) or any(t.dep_ not in _PRENOMINAL | {"det"} for t in out):
        return None
    head = out[0].head
    return head if head.pos_ in ("NOUN", "PROPN") and head.i >= span.end else None


#: a clause that describes a noun ("the woman who bought the van used in the robbery"): the
#: time of the clause above it dates that clause's act, not the described one's
_NOUN_CLAUSES = frozenset({"relcl", "acl", "appos"})


def governors(head: Any) -> set[int]:
    """The clause head and the clauses governing it, up to a clause that describes a noun."""
    out = {head.i}
    cur = head
    while cur.head.i != cur.i and cur.dep_ not in _NOUN_CLAUSES:  # spaCy makes a new Token per access
        cur = cur.head
        out.add(cur.i)
    return out


def leading_time(times: list[TimeExpression], text: str) -> TimeExpression | None:
    """A time expression that opens the sentence ("On 3 March,", "22 August:")."""
    if not times:
        return None
    t = times[0]
    head = text[: t.start]
    if _LEAD_SKIP.sub("", head).strip(" ,.:;-(") == "":
        return t
    return None


def narrative_reaches(narrative: EventDate | None, distance: int, times: list[TimeExpression], published: str | None) -> bool:
    """May the story's reference time (a sentence-initial time ``distance`` sentences back)
    date an act of this sentence that has no time of its own?

    * Not when the sentence states a time of its own that the act did not take: the story
      moved ("Tehran has seized ships since 2019, when it held ...": not the lead's Monday).
    * A background time ("In June, ...", "Three days later" after a 2021 date) only within
      ``CARRY_WINDOW`` sentences: a feature's background paragraph ends and the story returns
      to the news without saying so (on the synthetic long-form news, such times carried to
      the end of the article made 33 current acts historical).
    * A current time (the lead's "On Sunday") as far as the story goes, as a dateline does.

    On ``corpus/events``' synthetic long-form news (``scripts/date_check.py``) ``historical``
    agreement 0.9275 -> 0.9417 of 2,180 acts; news-events dev unchanged (docs/dates.md)."""
    if narrative is None:
        return False
    if any(t.value for t in times):
        return False
    if is_historical(narrative, published):
        return distance <= CARRY_WINDOW
    return True


def told_in_past(tok: Any) -> bool:
    """Is the act told in the past ("seized", "was killed", "had suppressed") — not the
    report's present, a present perfect or a modal, which a background time does not reach?"""
    head = clause_head(tok)
    aux = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
    if aux & (_NOT_NARRATED_AUX - {"had", "'d"}):
        return False
    return head.tag_ in ("VBD", "VBN")


def is_dateline(text: str, times: list[TimeExpression]) -> bool:
    """Is the sentence nothing but its date ("17 July.", "Monday, 3 March 2014:")?"""
    if not times:
        return False
    t = times[0]
    return _LEAD_SKIP.sub("", text[: t.start]).strip(" ,.:;-(") == "" and text[t.end :].strip(" ,.:;-)\n") == ""


def narrative_time(
    text: str, published: str | None, off: int, current: EventDate | None, times: list[TimeExpression] | None = None
) -> EventDate | None:
    """The story's reference time after this sentence: a sentence-initial date (or a whole
    dateline sentence) of day/week/month precision replaces it. (``times``: the sentence's
    time expressions, when the caller has them already.)"""
    if times is None:
        times = find_times(text, published)
    lead = leading_time(times, text)
    if lead is None or (lead.precision is not None and lead.precision not in NARRATIVE_PRECISION):
        return current
    return to_event_date(lead, off)


# --------------------------------------------------------------------------- background model

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_AGE_EDGES = ((7, "week"), (31, "month"), (365, "year"))


class BackgroundModel:
    """A logistic model of "this act is background, not the news being reported" over
    :func:`background_features`, trained on the ``historical`` labels of ``corpus/events/``.
    ``threshold``: the probability from which an act is background (chosen on held-out
    documents by the training script)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.bias = float(data["bias"])
        self.weights: dict[str, float] = {str(k): float(v) for k, v in data["weights"].items()}
        self.threshold = float(data["threshold"])
        self.meta = data.get("meta", {})

    def p(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(x, 0.0) for x in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_background(name: str = DEFAULT_BACKGROUND_MODEL) -> BackgroundModel | None:
    """The shipped background model, or None when the file is absent (the rules alone)."""
    path = _resources.files("eventcoder.data").joinpath("models", name)
    if not path.is_file():
        return None
    try:
        return BackgroundModel(json.loads(path.read_text("utf-8")))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
        raise ConfigError("E340", path=str(path), reason=str(err)) from err


def _age(value: str | None, reference: str | None) -> str:
    """How long before the reference date a date starts, in coarse buckets."""
    if not value or not reference:
        return "unknown"
    try:
        days = (_date.fromisoformat(reference[:10]) - _date.fromisoformat(value[:10])).days
    except ValueError:
        return "unknown"
    if days < 0:
        return "after"
    return next((name for edge, name in _AGE_EDGES if days <= edge), "older")


def background_features(
    d: EventDraft, sentence_index: int, published: str | None, reference: str | None, drafts: list[EventDraft] | None = None
) -> list[str]:
    """Sparse features of "is this act background?" from its clause, not from a list of
    sentences: tense and aspect (a past perfect, a present perfect — with a plural or
    wide-scope object it summarises a campaign), the clause's time adverbials and their age
    against the report, a year in the sentence or on the noun itself ("the 2013 attack"), a
    noun clause describing a place or a group, the sentence's place in the article (background
    follows the lead), quotation, and the trigger's lemma. Case-robust (the corpus mixes
    lower-cased wire text with prose).

    And how the act is told (x23dates): a re-telling of a known act (:func:`retelling`: "the
    murder of six priests", "two cars were destroyed"), the simple narrated past
    (:func:`narrated_past`), a clause describing a noun (:func:`describes_a_noun`); with the
    article's ``drafts``, whether a re-telling finds the incident it re-tells dated in the
    text (:func:`retold_date`): a known incident the report never dates is more often old."""
    tok = d.tok
    head = clause_head(tok)
    lemma = tok.lemma_.lower()
    aux = sorted({c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")})
    perfect = "none"
    if head.tag_ == "VBN" and any(a in ("has", "have", "'ve", "'s") for a in aux):
        perfect = "present"
    elif head.tag_ == "VBN" and "had" in aux:
        perfect = "past"
    objects = [c for c in head.children if c.dep_ in ("dobj", "pobj", "attr")] + [g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    plural_obj = any(o.tag_ in ("NNS", "NNPS") for o in objects)
    in_noun_clause = any(t.dep_ in _NOUN_CLAUSES for t in (tok, head))
    sent = d.sentence.text
    own = (d.date.text or "").lower() if d.date.basis == "text" else ""
    kind = "none"
    if own:
        found = find_times(d.date.text or "", published)
        kind = found[0].kind if found else "unresolved"
    years = [int(y) for y in _YEAR.findall(sent)]
    ref_year = int(reference[:4]) if reference else None
    f = [
        "bias",
        "tag=" + tok.tag_,
        "head_tag=" + head.tag_,
        "perfect=" + perfect,
        "perfect_plural=" + perfect + "|" + str(plural_obj),
        "aux=" + "|".join(aux),
        "dep=" + tok.dep_,
        "head_dep=" + head.dep_,
        "noun_clause=" + str(in_noun_clause),
        "basis=" + str(d.date.basis),
        "kind=" + kind,
        "age=" + (_age(d.date.value, reference) if d.date.basis == "text" else "none"),
        "kind_age=" + kind + "|" + (_age(d.date.value, reference) if d.date.basis == "text" else "none"),
        "published=" + str(bool(published)),
        "bg_clause=" + str(background_clause(tok)),
        "lemma=" + lemma,
        "sent=" + ("0" if sentence_index == 0 else "1-2" if sentence_index <= 2 else "3-6" if sentence_index <= 6 else "7+"),
        "quoted=" + str(sent.count('"') + sent.count("\u201c") >= 1),
    ]
    for c in (*head.children, *tok.children):
        if c.dep_ in ("advmod", "npadvmod"):
            f.append("adv=" + c.lower_)
        elif c.dep_ == "prep":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            f.append("prep=" + c.lower_ + "|" + ("year" if any(_YEAR.fullmatch(g.text) for g in objs) else "other"))
        elif c.dep_ in ("amod", "nummod", "compound") and c.i < tok.i and c.head.i == tok.i:
            f.append("mod=" + ("year" if _YEAR.fullmatch(c.text) else c.lower_))
    ages = [_age(t.value, reference) for t in find_times(sent, published) if t.value]
    order = ("after", "week", "month", "year", "older")
    f.append("sent_age=" + (max(ages, key=lambda a: order.index(a) if a in order else -1) if ages else "none"))
    if d.date.basis == "narrative":
        f.append("narrative_age=" + _age(d.date.value, reference))
    told = retelling(tok)
    f.append("retelling=" + str(told))
    f.append("narrated=" + str(narrated_past(tok)))
    f.append("describes_noun=" + str(describes_a_noun(tok)))
    if drafts is not None and told and d.type in RETOLD_TYPES and d.date.basis == "publication":
        f.append("retold=" + ("dated" if retold_date(d, drafts, published) is not None else "undated"))
    # a year older than the report's (a full date of the report's own year says nothing)
    if years and ref_year and min(years) < ref_year:
        f.append("sent_year=older")
    elif years and not ref_year:
        f.append("sent_year=unreferenced")
    return f


def article_reference(ctx: ArticleContext) -> str | None:
    """The date an article's background is judged against: its publication date, else the
    latest calendar date it states."""
    published = publication(ctx)
    if published:
        return published[:10]
    return reference_date(None, [t for sent in ctx.sentences for t in calendar_times(sent.text, None)])


#: how many sentences back the story's narrative time is looked for: a local report tells
#: its incident's scene over several sentences of quotes and context ("The shooting happened
#: Monday evening | Police say ... | It is unknown ... | Three other people ... | Police
#: recovered the gun and questioned witnesses": the gold dates it Monday evening). 3 -> 5:
#: news-events dev date 22 -> 23 of 27, synthetic long-form news historical 2052 -> 2053 of 2180
CARRY_WINDOW = 5
#: a clause whose auxiliaries put the act outside the simple narrated past: a perfect
#: (background or the report's present), a modal or future (not a narrated act)
_NOT_NARRATED_AUX = frozenset({"had", "'d", "has", "have", "'ve", "will", "would", "could", "can", "may", "might", "must", "should", "shall"})
_QUOTES = ('"', "\u201c", "\u201d")


class NarrativeTimes:
    """The story's narrative time for an act with no time of its own (a later sentence of the
    lead's incident: "On Monday evening a man was shot ... | Police recovered the gun"): the
    date of the act of the nearest earlier sentence that states a time, when that time is
    the act's own (``is_stated``). The carried date keeps the stated precision and the basis
    ``narrative``. It is not carried

    * into a clause that is not simple narrated past ("police are investigating", "has died",
      "had attacked", "will appeal"): the present and the perfect are the report's time or
      background, as the guidelines date them (the publication week, or none);
    * into a background clause ("years ago") or a quotation (a speaker's own time);
    * from an act told in a clause describing a noun ("suspects arrested last week");
    * past a sentence whose time dates no act (the narrative moved to a time of its own), nor
      from further back than ``CARRY_WINDOW`` sentences, nor from a planned act;
    * from a background time (more than a month before the report): on the project's corpus
      (``scripts/train_background.py --check-carry``) an act after a background sentence was
      background only 24 times in 60 — the story returns to the news without saying so —
      while a current time carried kept 180 of 182 acts current as annotated."""

    def __init__(
        self,
        ctx: ArticleContext,
        published: str | None,
        reference: str | None = None,
        from_background: bool = False,
        happenings: list[tuple[int, str | None, EventDate]] | None = None,
    ) -> None:
        self.reference = reference if reference is not None else published
        #: "The shooting happened Monday evening": the incident's time, stated in a sentence
        #: whose act is a re-mention (no draft of its own)
        self.happened = {start: date for start, _, date in happenings or ()}
        self.from_background = from_background  # also carry a background time (measured: no)
        self.sentences = ctx.sentences
        self.times = [[t for t in sentence_times(s.text, published) if t.value] for s in ctx.sentences]
        self.stated: dict[int, list[EventDraft]] = {}
        for d in ctx.drafts:
            if d.hypothetical:
                continue
            for o in (d, *d.others):
                if is_stated(o) and not describes_a_noun(o.tok):
                    self.stated.setdefault(o.sentence.start, []).append(o)

    def carried(self, d: EventDraft, k: int) -> EventDate | None:
        """The narrative date ``d`` takes (see the class), or None."""
        if d.date.basis not in ("publication", None, "narrative") or (d.date.basis is None and d.date.text):
            return None
        if not narrated_past(d.tok) or in_quote(d.sentence.text, d.trigger_start - d.sentence.start):
            return None
        if self.times[k]:
            return None  # a time of another clause of its own sentence: the narrative moved
        for j in range(k - 1, max(-1, k - 1 - CARRY_WINDOW), -1):
            if not self.times[j]:
                continue
            start = self.sentences[j].start
            if d.date.basis == "narrative" and (d.date.start or 0) >= start:
                return None  # a later dateline already gives the story's time
            owners = sorted(self.stated.get(start, ()), key=lambda o: o.trigger_start)
            lead = leading_time(self.times[j], self.sentences[j].text)
            if owners:
                src = owners[-1].date
            elif start in self.happened:
                src = replace(self.happened[start], basis="narrative")
            elif lead is not None:
                src = replace(to_event_date(lead, start), basis="narrative")
            else:
                return None
            if not self.from_background and is_historical(src, self.reference):
                return None  # the news, not a background paragraph, carries its time on
            return EventDate(src.value, src.precision, src.text, src.start, src.end, "narrative")
        return None


def describes_a_noun(tok: Any) -> bool:
    """Is the act told in a clause describing a noun ("suspects arrested last week", "the
    decision to hold elections on Saturday")? Its time is that noun's story, not the
    narrative's (found on ACLED Kenya notes: of 6 notes the carry re-dated, all against
    ACLED's date, this rule returns 1; the other 5 carry a main clause's time)."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in _NOUN_CLAUSES:
            return True
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "ccomp", "conj", "aux", "auxpass"):
            break
        cur = cur.head
    return clause_head(tok).dep_ in _NOUN_CLAUSES


def narrated_past(tok: Any) -> bool:
    """Is the trigger's clause in the simple narrated past ("shot", "was arrested", a noun
    trigger of such a clause: "Scores died in the attacks")?"""
    head = clause_head(tok)
    aux = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
    if aux & _NOT_NARRATED_AUX or background_clause(tok):
        return False
    if head.tag_ == "VBD":
        return True
    return head.tag_ == "VBN" and bool(aux & {"was", "were"})


def in_quote(text: str, at: int) -> bool:
    """Is offset ``at`` of a sentence inside quotation marks (an odd number of them before)?"""
    return sum(text[:at].count(q) for q in _QUOTES) % 2 == 1


def sentence_indexes(ctx: ArticleContext) -> dict[int, int]:
    """Sentence start -> its position in the article."""
    return {s.start: k for k, s in enumerate(ctx.sentences)}
