"""``modes``: the PLOVER mode of each event, from what its text states.

The lexicon gives each trigger entry a kind ("attack" an armed attack); the codebook codes the
mode from the weapon, instrument or content the text names, and null when it names none
(docs/codebook.md §4: "killed" with no weapon named is null). ``classify.ModeResolver`` reads
the words (``lang/en/modes.yaml``) around the trigger; this component applies it once the
drafts are final (after ``detect`` and ``corefer``, whose models were trained with the lexicon
entry's kind of act as a feature, and after ``intent`` re-typed statements of intent). An event
whose main mention states no mode takes the first of its other mentions of the same type that
does ("an attack" ... "the car bomb attack"). ``acled`` calls the same resolver for the means.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..classify import ModeResolver
from ..registry import components
from .base import ArticleContext, EventDraft


class Modes:
    name: ClassVar[str] = "modes"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "draft.type")
    assigns: ClassVar[tuple[str, ...]] = ("draft.mode",)

    def __init__(self, resolver: ModeResolver) -> None:
        self.resolver = resolver

    def __call__(self, ctx: ArticleContext) -> None:
        for d in ctx.drafts:
            d.mode = self.stated(d, d.type)
            for o in d.others if d.mode is None else ():
                d.mode = self.stated(o, d.type)
                if d.mode is not None:
                    break

    def stated(self, d: EventDraft, etype: str) -> str | None:
        if d.type != etype:
            return None
        support = d.doc[d.match.support] if d.match.support is not None else None
        return self.resolver.resolve(d.tok, etype, support)[0]


@components.register("modes")
def make_modes(resources: Any) -> Modes:
    return Modes(ModeResolver.default())
