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
from ..nlp import Sentence, doc_memo, has_entities
from ..records import Article
from ..registry import components
from .base import ArticleContext, EventDraft

#: a licensing word this close to the trigger joins the trigger span ("took control")
SUPPORT_SPAN_TOKENS = 2
#: the ``doc_memo`` key of the lexicon matches ``needs_entities`` found before the entities
_MATCHES = "eventcoder.trigger_matches"


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
        keys = self._entity_keys()
        out = []
        for i, p in enumerate(ctx.parsed):
            doc = p.doc
            # whether entities could change the sentence's matches (every key of an object-kind
            # entry, ``obj_words`` among them): one walk over the tokens for most sentences
            sensitive = keys is None or any(t.lemma_.lower() in keys or t.lower_ in keys for t in doc)
            if sensitive and any(t.lemma_.lower() in obj_words or t.lower_ in obj_words for t in doc):
                out.append(i)
                continue
            found = self.lexicon.match(doc)
            # kept for ``__call__``, with what decides whether they still hold after the NER
            doc_memo(doc, _MATCHES)[None] = (has_entities(doc), sensitive, found)
            if found:
                out.append(i)
        return out

    def _kept_matches(self, doc: Any) -> list[Any] | None:
        """The matches ``needs_entities`` found, when they still hold: the doc's entities are as
        they were then, or no token of the sentence can reach an entry whose object kind reads
        entity labels (``_entity_keys``: the only part of a match the entities change). None:
        match again."""
        got = doc_memo(doc, _MATCHES).get(None)
        if got is None:
            return None
        had, sensitive, found = got
        return found if not sensitive or had == has_entities(doc) else None

    def _entity_keys(self) -> frozenset[str] | None:
        """Every lexicon key (lemma, or inflected form ``match`` falls back to) under which an
        entry with an entity-reading object kind is found; None for a lexicon without its
        tables (then a doc whose entities changed is matched again)."""
        if "_ent_keys" not in self.__dict__:
            by_lemma = getattr(self.lexicon, "by_lemma", None)
            by_form = getattr(self.lexicon, "_by_form", None)
            if by_lemma is None or by_form is None:
                self._ent_keys = None
            else:
                self._ent_keys = frozenset(
                    k for table in (by_lemma, by_form) for k, entries in table.items() if any(e.obj and e.obj != "any" for e in entries)
                )
        return self._ent_keys

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
            found = self._kept_matches(doc)
            for m in self.lexicon.match(doc) if found is None else found:
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
