"""Run a chosen list of components (not the whole pipeline) over a text, sharing the
session pipeline's resources so no model or dictionary is built twice."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from eventcoder.clean import clean
from eventcoder.components.base import ArticleContext
from eventcoder.pipeline import Pipeline, load_config
from eventcoder.records import Origin, RawRecord


@pytest.fixture(scope="session")
def analyse(pipeline: Pipeline) -> Callable[..., ArticleContext]:
    cache: dict[tuple[str, ...], Pipeline] = {}

    def run(
        text: str, components: list[str], published: str | None = None, tags: list[str] | None = None,
        settings: dict[str, dict] | None = None,
    ) -> ArticleContext:
        """``settings``: per-component options over default.cfg's (e.g. a component that is off by default)."""
        key = (*components, repr(sorted((settings or {}).items())))
        if key not in cache:
            cfg = load_config()
            cfg["pipeline"] = {**cfg["pipeline"], "components": components}
            for name, opts in (settings or {}).items():
                cfg["components"][name] = {**cfg["components"][name], **opts}
            r = pipeline.resources
            cache[key] = Pipeline(config=cfg, nlp=r.nlp, lexicon=r.lexicon, actors=r.actors, geoparser=r.geoparser, acled=r.acled)
        raw = RawRecord(text=text, origin=Origin("<test>"), tags=tags or [])
        return cache[key].analyse(clean(raw, published=published))

    return run
