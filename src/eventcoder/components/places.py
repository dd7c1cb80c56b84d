"""``places``: where each event happened.

A place the trigger acts on ("took control over <town>", found by ``roles``) is the place;
else the geoparser's event-location choice (a model trained on the MIT event-location set,
with rules as fallback) picks among the sentence's and the article's places. Where an
expected or intended act would happen is not where the story is: a hypothetical event gets
no article-level place.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..records import Location
from ..registry import components
from .base import ArticleContext


class Places:
    name: ClassVar[str] = "places"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "places", "draft.object_place", "draft.hypothetical")
    assigns: ClassVar[tuple[str, ...]] = ("draft.location",)

    def __init__(self, geoparser: Any) -> None:
        self.geoparser = geoparser

    def __call__(self, ctx: ArticleContext) -> None:
        for d in ctx.drafts:
            op = d.object_place
            if op is not None and op.geonameid is not None:
                loc: Location | None = Location.from_place(op, "trigger")
            else:
                loc = self.geoparser.event_location(d.doc, d.off, d.match.i, ctx.places, ctx.article.text)
            if d.hypothetical and loc is not None and loc.basis == "article":
                loc = None
            d.location = loc


@components.register("places")
def make_places(resources: Any) -> Places:
    return Places(resources.geoparser)
