"""The shipped speech model read from the on-disk cache has the JSON file's weights."""

from __future__ import annotations

from importlib import resources

from eventcoder.components import speech


def test_cached_model_is_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTCODER_CACHE_DIR", str(tmp_path))
    name = speech.DEFAULT_MODEL
    fresh = speech.read_model(resources.files("eventcoder.data").joinpath("models", name))
    speech.load_model.cache_clear()
    built = speech.load_model(name)  # built, then written
    assert len(list(tmp_path.glob("speech-*.pickle"))) == 1
    speech.load_model.cache_clear()
    read = speech.load_model(name)  # read back from the pickle
    speech.load_model.cache_clear()
    assert read is not built
    for m in (built, read):
        assert vars(m) == vars(fresh)
        assert list(m.weights.items()) == list(fresh.weights.items())
    text = "The minister said the government would reject the proposal."
    assert read.best(text) == fresh.best(text)
    assert read.distribution(["bias"]) == fresh.distribution(["bias"])
