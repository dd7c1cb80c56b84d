"""``triggers``: which words of a sentence signal an event, and of which type.

Two jobs of one lexicon (``data/triggers.yaml``, via ``classify.TriggerLexicon``):
``select`` decides from surface forms alone which sentences could carry an event — only
those are parsed, the main saving of the whole pipeline — and the component itself turns
each lexicon match in a parsed sentence into an ``EventDraft`` with its type, mode and
trigger span. Photo captions are never coded as narrative.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..clean import caption_spans
from ..nlp import Sentence
from ..records import Article
from ..registry import components
from .base import ArticleContext, EventDraft

#: a licensing word this close to the trigger joins the trigger span ("took control")
SUPPORT_SPAN_TOKENS = 2


class Triggers:
    name: ClassVar[str] = "triggers"
    requires: ClassVar[tuple[str, ...]] = ("parsed",)
    assigns: ClassVar[tuple[str, ...]] = ("drafts", "draft.type", "draft.mode", "draft.trigger")

    def __init__(self, lexicon: Any) -> None:
        self.lexicon = lexicon

    def select(self, article: Article, sentences: list[Sentence]) -> list[Sentence]:
        """The sentences worth parsing: a trigger surface form, outside photo captions."""
        caps = caption_spans(article)
        return [
            s
            for s in sentences
            if self.lexicon.could_match(s.text) and not any(a <= s.start and s.end <= b for a, b in caps)
        ]

    def needs_entities(self, ctx: ArticleContext) -> list[int]:
        """The parsed sentences (indices into ``ctx.parsed``) this component's drafts will sit
        in: the entity recogniser runs on these only (``[pipeline] entities = "needed"``).

        Asked before the entities exist, so it must not miss a sentence that would get a draft
        with them: a lexicon match reads entity labels only for an entry constrained by its
        object's kind (``obj: place | person | thing``), so a sentence holding such an entry's
        word counts whatever it matches now; every other match is decided without entities."""
        obj_words = self._object_words()
        out = []
        for i, p in enumerate(ctx.parsed):
            doc = p.doc
            if any(t.lemma_.lower() in obj_words or t.lower_ in obj_words for t in doc) or self.lexicon.match(doc):
                out.append(i)
        return out

    def _object_words(self) -> frozenset[str]:
        """The lemmas with an entry whose object kind reads entity labels (computed once)."""
        words = getattr(self, "_obj_words", None)
        if words is None:
            by_lemma = getattr(self.lexicon, "by_lemma", {})
            words = self._obj_words = frozenset(
                lem for lem, entries in by_lemma.items() if any(e.obj and e.obj != "any" for e in entries)
            )
        return words

    def __call__(self, ctx: ArticleContext) -> None:
        for p in ctx.parsed:
            doc, off = p.doc, p.sentence.start
            for m in self.lexicon.match(doc):
                tok = doc[m.i]
                t_start = tok.idx + off
                t_end = t_start + len(tok.text)
                if m.support is not None and abs(m.support - m.i) <= SUPPORT_SPAN_TOKENS:
                    # "took control", "took back": the phrase is the trigger; a licensing word
                    # far away is not, or the trigger would swallow the target
                    sup = doc[m.support]
                    a = min(tok.idx, sup.idx)
                    t_start, t_end = a + off, max(tok.idx + len(tok.text), sup.idx + len(sup.text)) + off
                ctx.drafts.append(EventDraft(p, m, m.entry.type, m.entry.mode, t_start, t_end))


@components.register("triggers")
def make_triggers(resources: Any) -> Triggers:
    return Triggers(resources.lexicon)
