"""Words as data: the vocabulary the coding path uses, one definition per concept.

Like spaCy's ``lang/en/``, a language is a folder of data files. Each file under
``lang/<code>/`` is a YAML mapping of *concept* -> ``{about: why the list exists, words: [...]}``.
A concept is defined in exactly one file of a language; code asks for it by name::

    from eventcoder.lang import words
    MODALS = words("modal_auxiliaries")

A concept may instead be a number — ``{about: ..., value: 0.97}`` — a threshold the code reads
with ``value(concept)`` (a share, a count), kept beside the words it is about.

Files are validated when first loaded (a missing ``about``, a non-string word, a concept
defined twice, an unknown concept name) and a problem raises a coded ``ConfigError``
rather than silently matching nothing. ``tests/test_lang.py`` checks that every concept
named in the package's code exists, so a typo fails the build, not a run.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

HERE = Path(__file__).parent
DEFAULT_LANG = "en"
#: libyaml's safe loader when PyYAML was built with it: the same documents as ``SafeLoader``
#: (``tests/test_lang.py`` compares them on every shipped file) at a tenth of the start-up cost
SAFE_YAML: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _load(lang: str) -> tuple[dict[str, frozenset[str]], dict[str, float]]:
    folder = HERE / lang
    if not folder.is_dir():
        raise ConfigError("E301", path=str(folder), reason="no such language folder")
    out: dict[str, frozenset[str]] = {}
    nums: dict[str, float] = {}
    where: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        for concept, entry in _read(path).items():
            if concept in where:
                raise ConfigError("E301", path=str(path), reason=f"concept {concept!r} is already defined in {where[concept]}")
            if isinstance(entry, dict) and "value" in entry:
                nums[concept] = _value(path, concept, entry)
            else:
                out[concept] = _words(path, concept, entry)
            where[concept] = path.name
    return out, nums


def vocabulary(lang: str = DEFAULT_LANG) -> dict[str, frozenset[str]]:
    """Every word concept of a language, loaded and validated once per process."""
    return _load(lang)[0]


def value(concept: str, lang: str = DEFAULT_LANG) -> float:
    """The number of a numeric concept (a threshold defined beside the words it is about)."""
    nums = _load(lang)[1]
    if concept not in nums:
        raise ConfigError("E302", concept=concept, lang=lang)
    return nums[concept]


def words(concept: str, lang: str = DEFAULT_LANG) -> frozenset[str]:
    """The words of one concept (lower-cased surface forms or lemmas, as its file says)."""
    vocab = vocabulary(lang)
    if concept not in vocab:
        raise ConfigError("E302", concept=concept, lang=lang)
    return vocab[concept]


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_YAML)
    except yaml.YAMLError as err:
        raise ConfigError("E301", path=str(path), reason=f"not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise ConfigError("E301", path=str(path), reason="the top level must be a mapping of concept -> entry")
    return data


def _value(path: Path, concept: str, entry: dict) -> float:
    if not isinstance(entry.get("about"), str) or not entry["about"].strip():
        raise ConfigError("E301", path=str(path), reason=f"concept {concept!r} needs an 'about' line saying why it exists")
    v = entry["value"]
    if isinstance(v, bool) or not isinstance(v, int | float) or "words" in entry:
        raise ConfigError("E301", path=str(path), reason=f"concept {concept!r}: 'value' must be a number (and no 'words' beside it)")
    return float(v)


def _words(path: Path, concept: str, entry: Any) -> frozenset[str]:
    if not isinstance(entry, dict) or not isinstance(entry.get("about"), str) or not entry["about"].strip():
        raise ConfigError("E301", path=str(path), reason=f"concept {concept!r} needs an 'about' line saying why it exists")
    items = entry.get("words")
    if not isinstance(items, list) or not items:
        raise ConfigError("E301", path=str(path), reason=f"concept {concept!r} needs a non-empty 'words' list")
    bad = [w for w in items if not isinstance(w, str) or not w.strip() or w != w.strip()]
    if bad:
        raise ConfigError("E301", path=str(path), reason=f"concept {concept!r} has invalid words: {bad[:5]!r}")
    return frozenset(items)


__all__ = ["value", "vocabulary", "words"]
