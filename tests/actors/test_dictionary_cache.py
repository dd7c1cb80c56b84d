"""The default actor dictionary read from the on-disk cache is the one ``load`` builds."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from eventcoder.actors import ActorDictionary
from eventcoder.actors import dictionary as dictionary_module

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "eventcoder" / "samples"


def _canon(x: Any, seen: set[int] | None = None) -> Any:
    """A structural form of an object graph: objects by type and attributes, sets sorted."""
    seen = set() if seen is None else seen
    if isinstance(x, str | int | float | bool | type(None)):
        return x
    if isinstance(x, dict):
        return ("dict", [(_canon(k, seen), _canon(v, seen)) for k, v in x.items()])
    if isinstance(x, list | tuple):
        return (type(x).__name__, [_canon(v, seen) for v in x])
    if isinstance(x, set | frozenset):
        return (type(x).__name__, sorted((_canon(v, seen) for v in x), key=repr))
    if id(x) in seen:  # shared sub-objects: compared where first met
        return ("seen", type(x).__name__)
    seen.add(id(x))
    if dataclasses.is_dataclass(x):
        fields = {f.name: getattr(x, f.name) for f in dataclasses.fields(x)}
    else:
        fields = dict(getattr(x, "__dict__", {}))
        for name in getattr(type(x), "__slots__", ()):
            if hasattr(x, name):
                fields[name] = getattr(x, name)
    return (type(x).__name__, sorted((k, _canon(v, seen)) for k, v in fields.items()))


def test_cached_default_is_the_built_one(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTCODER_CACHE_DIR", str(tmp_path))
    built = ActorDictionary.load()
    first = dictionary_module._cached_default(ActorDictionary)  # built, then written
    (cached,) = tmp_path.glob("actors-default-*.pickle")
    again = dictionary_module._cached_default(ActorDictionary)  # read back
    assert again is not first
    fresh = _canon(vars(built))  # before any look-up fills a memo
    assert _canon(vars(again)) == fresh == _canon(vars(first))
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts.append("Kenyan police and Al-Shabaab militants clashed; the Kremlin and the UN Security Council reacted.")
    for text in texts:
        assert again.find(text) == built.find(text)
    for phrase in ("the Syrian army", "Hezbollah", "Kenyan police", "protesters"):
        assert again.resolve(phrase) == built.resolve(phrase)
    # a damaged file is rebuilt, not trusted
    cached.write_bytes(b"not a pickle")
    rebuilt = dictionary_module._cached_default(ActorDictionary)
    assert _canon(vars(rebuilt)) == fresh
    assert cached.read_bytes() != b"not a pickle"


def test_cache_key_follows_the_data(tmp_path, monkeypatch):
    key = dictionary_module._default_key()
    assert key == dictionary_module._default_key()
    data = tmp_path / "actors"
    data.mkdir()
    for f in dictionary_module.DATA_DIR.iterdir():
        (data / f.name).write_bytes(f.read_bytes())
    monkeypatch.setattr(dictionary_module, "DATA_DIR", data)
    assert dictionary_module._default_key() == key  # same bytes, another place: same key
    (data / "media.yaml").write_text((data / "media.yaml").read_text("utf-8") + "\n# edited\n", "utf-8")
    assert dictionary_module._default_key() != key
