"""``acled``: the ACLED event type and sub-type of a PLOVER event, where ACLED's taxonomy applies.

The trigger's ACLED key and the rules of ``data/plover_acled.yaml`` (conditioned on the
actors' sectors, the stated means of the act — ``classify.ModeResolver`` —, the words of the
sentence and whether the target is protesters) give ``{event_type, sub_event_type}`` or null
(most verbal events). ACLED codes only acts that happened (GUIDELINES, codebook §11.1): a
negated or hypothetical event has no ACLED pair.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..classify import ModeResolver
from ..lang import words
from ..registry import components
from .base import ArticleContext, EventDraft

PROTESTER_NOUNS = words("protester_nouns")


class Acled:
    name: ClassVar[str] = "acled"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "draft.source_actor", "draft.target_actor", "draft.tgt_span", "draft.negated", "draft.hypothetical")
    assigns: ClassVar[tuple[str, ...]] = ("draft.acled",)

    def __init__(self, mapper: Any, modes: ModeResolver | None = None) -> None:
        self.mapper = mapper
        self.modes = modes or ModeResolver.default()

    def __call__(self, ctx: ArticleContext) -> None:
        for d in ctx.drafts:
            d.acled = self.map(d)

    def map(self, d: EventDraft) -> dict[str, str] | None:
        if d.negated or d.hypothetical:
            return None
        doc = d.doc
        support = doc[d.match.support] if d.match.support is not None else None
        mode, means = self.modes.resolve(d.tok, d.type, support)
        lemmas = [t.lemma_.lower() for t in doc]
        span = d.tgt_span
        protester = bool(span and any(doc[i].lemma_.lower() in PROTESTER_NOUNS for i in range(span.start, span.end)))
        source, target = d.source_actor, d.target_actor
        return self.mapper.map(
            d.match.entry.acled,
            source.sector if source else None,
            target.sector if target else None,
            lemmas,
            protester,
            mode,
            means,
        )


@components.register("acled")
def make_acled(resources: Any) -> Acled:
    return Acled(resources.acled)
