"""The shipped relevance model read from the on-disk cache has the JSON file's weights."""

from __future__ import annotations

import json
from importlib import resources

from eventcoder.components import relevance


def test_cached_model_is_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTCODER_CACHE_DIR", str(tmp_path))
    name = relevance.DEFAULT_MODEL
    fresh = relevance.RelevanceModel(json.loads(resources.files("eventcoder.data.models").joinpath(name).read_text("utf-8")))
    built = relevance._cached_package_model(name)  # built, then written
    assert len(list(tmp_path.glob("relevance-*.pickle"))) == 1
    read = relevance._cached_package_model(name)  # read back
    assert read is not built
    for m in (built, read):
        assert vars(m) == vars(fresh)
        assert list(m.weights.items()) == list(fresh.weights.items())
    text = "Protesters clashed with police outside the parliament in Nairobi on Monday, officials said."
    assert read.prob(text) == fresh.prob(text) and read.article_prob(text * 10) == fresh.article_prob(text * 10)
