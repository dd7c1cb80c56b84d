"""The vocabulary: every concept loads, is defined once, and every name the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventcoder.errors import ConfigError
from eventcoder.lang import _words, vocabulary, words

SRC = Path(__file__).resolve().parents[1] / "src" / "eventcoder"


def test_vocabulary_loads_and_is_not_empty() -> None:
    vocab = vocabulary()
    assert vocab, "no concepts under lang/en/"
    assert all(isinstance(w, str) and w for ws in vocab.values() for w in ws)


def test_every_concept_named_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r"""\bwords\(\s*["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "the code asks for no concept: the scan is broken"
    missing = sorted(used - set(vocabulary()))
    assert not missing, f"concepts used in code but not defined in lang/en/: {missing}"


def test_unknown_concept_is_a_coded_error() -> None:
    with pytest.raises(ConfigError) as err:
        words("no_such_concept_here")
    assert err.value.code == "E302"


@pytest.mark.parametrize(
    "entry",
    [["a"], {"words": ["a"]}, {"about": "x", "words": []}, {"about": "x", "words": ["ok", 3]}, {"about": "x", "words": [" padded"]}],
)
def test_malformed_entries_are_rejected(entry: object, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        _words(tmp_path / "x.yaml", "c", entry)
    assert err.value.code == "E301"
