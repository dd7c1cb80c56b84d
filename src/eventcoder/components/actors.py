"""``actors``: who the source and the target are, as actors with a name, country and sector.

Turns the role spans into ``Actor`` records through the actor dictionary: the whole phrase
if the dictionary knows it, else the named actor inside it ("most <group> members"); a
pronoun takes the last named group before it (never the event's other participant); a
generic agent ("the jihadists") is linked to the group the article names, unless it is
marked unidentified; an unknown proper name stays a named actor without a code. A generic
agent with no country takes the country of the event's place when that place is one of the
article's countries, else the article's main country (a mis-resolved place must not turn
local police into another country's police), unless the phrase says it is from elsewhere.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from ..actors import link_generic
from ..lang import words
from ..records import Actor, Article
from ..registry import components
from ..roles import RoleSpan
from .base import ArticleContext, EventDraft

_ELSEWHERE = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words("foreign_markers"))) + r")\b", re.I)
_UNKNOWN = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words("unknown_markers"))) + r")\b", re.I)
#: pronouns that never take an antecedent group (a person is not a group)
PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
NAMED_ENTITY_HEADS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: how many of the article's main countries count as "the story's" for an event's place
STORY_COUNTRIES = 3


class Actors:
    name: ClassVar[str] = "actors"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "mentions", "draft.src_span", "draft.tgt_span", "draft.location")
    assigns: ClassVar[tuple[str, ...]] = ("draft.source_actor", "draft.target_actor")

    def __init__(self, dictionary: Any) -> None:
        self.dictionary = dictionary

    def __call__(self, ctx: ArticleContext) -> None:
        for d in ctx.drafts:
            self.link(d, ctx.mentions)
            self.localise(d, ctx.article)
            for actor in (d.source_actor, d.target_actor):
                if actor is not None:
                    actor.text = ctx.article.text[actor.start : actor.end]  # as written, not as parsed

    def link(self, d: EventDraft, mentions: list[Any]) -> None:
        source = self.actor(d.src_span, d.doc, d.off, mentions)
        target = self.actor(d.tgt_span, d.doc, d.off, mentions, exclude=source.name if source else None)
        if d.type == "RETREAT" and target is not None and target.name is None:
            target = None  # "withdrew from the town": a place, not a participant
        if source is not None and target is not None and source.name and source.name == target.name:
            target = None
        d.source_actor, d.target_actor = source, target

    def localise(self, d: EventDraft, art: Article) -> None:
        loc = d.location
        where = loc.country if loc is not None and loc.country in art.countries[:STORY_COUNTRIES] else (art.countries[0] if art.countries else None)
        if not where:
            return
        for actor in (d.source_actor, d.target_actor):
            if actor is not None and actor.country is None:
                entry = self.dictionary.resolve(actor.text)
                if entry is not None and entry.generic and actor.name == entry.name and localisable(actor.text):
                    local = self.dictionary.localise(entry, where)
                    actor.name, actor.country = local.name, local.country

    def actor(self, span: RoleSpan | None, doc: Any, off: int, mentions: list[Any], exclude: str | None = None) -> Actor | None:
        if span is None:
            return None
        start = doc[span.start].idx
        end = doc[span.end - 1].idx + len(doc[span.end - 1].text)
        text = doc.text[start:end]
        if span.pronoun:
            ref = antecedent(mentions, start + off, doc[span.head].lower_, exclude)
            if ref is None:
                return Actor(text, None, None, None, start + off, end + off)
            e = ref.entry
            return Actor(text, e.name, e.country, e.sector, start + off, end + off)
        entry = self.resolve(text, doc[span.head].idx - start)
        if entry is None:
            head = doc[span.head]
            if head.pos_ == "PROPN" or head.ent_type_ in NAMED_ENTITY_HEADS:
                return Actor(text, text, None, None, start + off, end + off)
            if head.pos_ == "NOUN":
                return Actor(text, None, None, None, start + off, end + off)
            return None
        if entry.generic and not _UNKNOWN.search(text):
            named = [mm.entry for mm in mentions if mm.start < start + off and not mm.entry.generic and mm.entry.kind == "group"]
            entry = link_generic(entry, named)
        return Actor(text, entry.name, entry.country, entry.sector, start + off, end + off)

    def resolve(self, text: str, head_at: int) -> Any:
        """The dictionary entry for a noun phrase: the whole phrase if the dictionary knows
        it, else the named actor inside it, preferring a named group or organisation over a
        bare country adjective."""
        entry = self.dictionary.resolve(text)
        if entry is not None and (entry.kind not in ("country", "generic") or (entry.generic and entry.country)):
            return entry  # "protesters in <city>" stays protesters of that country, not its government
        named = [m for m in self.dictionary.find(text) if not m.entry.generic]
        if named:
            covering = [m for m in named if m.start <= head_at < m.end]
            if covering:
                return covering[0].entry
            ranked = sorted(named, key=lambda m: (m.entry.kind == "country", -(m.end - m.start)))
            best = ranked[0].entry
            if entry is None or entry.generic or best.kind != "country":
                return best
        return entry


@components.register("actors")
def make_actors(resources: Any) -> Actors:
    return Actors(resources.actors)


def antecedent(mentions: list[Any], pos: int, pronoun: str, exclude: str | None = None) -> Any | None:
    """The last named group (else any named actor) mentioned before ``pos``, other than the
    event's other participant."""
    before = [m for m in mentions if m.end <= pos and not m.entry.generic and m.entry.name != exclude]
    if pronoun in PERSONAL_PRONOUNS:
        return None
    for m in reversed(before):
        if m.entry.kind == "group":
            return m
    return before[-1] if before else None


def localisable(text: str) -> bool:
    """May a generic agent take the country of the story? Not when the phrase says it comes
    from elsewhere; a demonym was already resolved by the dictionary."""
    return not _ELSEWHERE.search(text)
