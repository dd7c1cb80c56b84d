"""``roles``: which noun phrases of the trigger's clause are its source and its target.

The parse gives candidate spans (``eventcoder.roles``: subject/agent and object/patient of
a verb, possessor and of-phrase of a noun); this component removes what is no participant —
a time ("on Sunday"), an instrument ("a car bomb exploded"), a place taken or attacked
("took control over <town>", whose place becomes the draft's ``object_place``) — and finds the
target where the grammar hides it (the at/on/against phrase after an instrument, the holder of
territory, the subject of a demanded act: "said that <country> must cooperate").
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..classify import _complement_aux
from ..lang import words
from ..records import Place
from ..registry import components
from ..roles import RoleSpan, held_by, np_span, roles
from ..temporal import MONTHS, WEEKDAYS
from .base import ArticleContext, EventDraft

INSTRUMENTS = words("instruments")
TIME_NOUNS = words("time_nouns")
TARGET_PREPS = tuple(sorted(words("target_prepositions")))
NON_PARTICIPANT_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"})

#: event types whose place-name objects are where it happened ("shelled <town>"); for the
#: others a country or capital object is the government acted upon ("visited Moscow")
PLACE_OBJECT_TYPES = frozenset({"ASSAULT", "COERCE", "RETREAT", "MOBILIZE", "PROTEST"})


class Roles:
    name: ClassVar[str] = "roles"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "places")
    assigns: ClassVar[tuple[str, ...]] = ("draft.src_span", "draft.tgt_span", "draft.object_place")

    def __call__(self, ctx: ArticleContext) -> None:
        for d in ctx.drafts:
            assign_roles(d, ctx.places)


@components.register("roles")
def make_roles(resources: Any) -> Roles:
    return Roles()


def assign_roles(d: EventDraft, places: list[Place]) -> None:
    tok, doc, off, m = d.tok, d.doc, d.off, d.match
    src_span, tgt_span = roles(tok)
    if tgt_span is not None and m.support is not None and tgt_span.start <= m.support < tgt_span.end:
        # the licensing word is the instrument; the target is the at/on/against phrase
        tgt_span = None
        alt = _pobj_any(tok, TARGET_PREPS) or _pobj_any(doc[m.support], TARGET_PREPS)
        if alt is not None:
            tgt_span = np_span(alt)
    if tgt_span is not None and is_time_or_instrument(doc, tgt_span):
        tgt_span = None
    if src_span is not None and is_time_or_instrument(doc, src_span):
        src_span = None  # the weapon is not the perpetrator
    if tgt_span is not None:
        first, last = doc[tgt_span.start], doc[tgt_span.end - 1]
        d.object_place = place_at(places, first.idx + off, last.idx + len(last.text) + off)
        if d.object_place is not None and object_is_place(d.type, m.entry.acled, d.object_place):
            tgt_span = None  # a place taken or attacked, not a participant
    if tgt_span is None and m.entry.acled == "territory":
        tgt_span = held_by(tok)
    if m.entry.comp_aux:
        # a demand reported in a that-clause is made of the clause's subject
        comp = _complement_aux(tok, m.entry.comp_aux)
        subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None) if comp is not None else None
        tgt_span = np_span(subj) if subj is not None else tgt_span
    d.src_span, d.tgt_span = src_span, tgt_span


def is_time_or_instrument(doc: Any, span: RoleSpan) -> bool:
    head = doc[span.head]
    if head.ent_type_ in NON_PARTICIPANT_ENTS:
        return True
    low = head.lower_
    if low in WEEKDAYS or low in MONTHS or low in TIME_NOUNS:
        return True
    return low in INSTRUMENTS or head.lemma_.lower() in INSTRUMENTS


def _pobj_any(tok: Any, preps: tuple[str, ...]) -> Any | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def object_is_place(etype: str, acled_key: str | None, place: Place) -> bool:
    """Is a place-name object where the event happened rather than a participant?"""
    if acled_key == "territory":
        return True
    if etype in PLACE_OBJECT_TYPES:
        return not (place.feature or "").startswith("A.PCL")  # a country attacked is a participant
    return place.role == "place" and not ((place.feature or "").startswith(("A.PCL", "P.PPLC")))


def place_at(places: list[Place], start: int, end: int) -> Place | None:
    for p in places:
        if p.role == "place" and p.start < end and start < p.end:
            return p
    return None
