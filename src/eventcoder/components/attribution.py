"""``attribution``: who each event is attributed to (``reported_by``).

Speech sources of the sentence ("<agency> said", "according to <monitor>") that frame the
trigger become its ``reported_by``, resolved through the actor dictionary; a pronoun source
("he said") takes the last named source; events inside a quotation left open across sentences
inherit the source named where the quotation closes. A generic source ("a police spokesman")
takes the article's main country unless it says it is from elsewhere.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..attribute import Source, quote_state, sources_for, speech_sources
from ..records import Article, Attribution
from ..registry import components
from ..roles import PRONOUNS
from .actors import localisable
from .base import ArticleContext, EventDraft


class Attributions:
    name: ClassVar[str] = "attribution"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "article.countries")
    assigns: ClassVar[tuple[str, ...]] = ("draft.reported_by",)

    def __init__(self, dictionary: Any) -> None:
        self.dictionary = dictionary

    def __call__(self, ctx: ArticleContext) -> None:
        art = ctx.article
        by_sentence = ctx.drafts_by_sentence()
        parsed = {p.sentence.start: p for p in ctx.parsed}
        last: Attribution | None = None
        open_quote: list[EventDraft] = []
        depth = 0
        for sent in ctx.sentences:
            depth_before = depth
            depth = max(0, depth + quote_state(sent.text)) % 2
            p = parsed.get(sent.start)
            if p is None:
                continue
            sources = speech_sources(p.doc)
            named = [self.attribution(s, p.off, last, art) for s in sources.values()]
            drafts = by_sentence.get(sent.start, [])
            for d in drafts:
                d.reported_by = [self.attribution(s, p.off, last, art) for s in sources_for(d.tok, sources)]
            if named and depth_before and depth == 0:
                # the quotation closes here, attributed: its events inherit the source
                for d in open_quote:
                    if not d.reported_by:
                        d.reported_by = [named[0]]
                open_quote = []
            if depth:
                open_quote.extend(d for d in drafts if not d.reported_by)
            elif not named:
                open_quote = []
            for a in named:
                if a.name or a.text.lower() not in PRONOUNS:
                    last = a
        for d in ctx.drafts:
            for a in d.reported_by:
                a.text = art.text[a.start : a.end]

    def attribution(self, s: Source, off: int, last: Attribution | None, art: Article) -> Attribution:
        if s.pronoun and last is not None:
            return Attribution(s.text, last.name or last.text, s.start + off, s.end + off)
        who = s.who or s.text
        entry = self.dictionary.resolve(who)
        if entry is not None and entry.generic and entry.country is None and art.countries and localisable(who):
            entry = self.dictionary.localise(entry, art.countries[0])
        return Attribution(s.text, entry.name if entry else None, s.start + off, s.end + off)


@components.register("attribution")
def make_attribution(resources: Any) -> Attributions:
    return Attributions(resources.actors)
