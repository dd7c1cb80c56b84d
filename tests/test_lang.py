"""The vocabulary: every concept loads, is defined once, and every name the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventcoder.errors import ConfigError
from eventcoder.lang import _value, _words, value, vocabulary, words

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


def test_a_numeric_concept_is_read_and_validated(tmp_path: Path) -> None:
    assert 0.5 < value("caseless_body_share") <= 1.0
    assert "caseless_body_share" not in vocabulary()  # a number, not a word list
    with pytest.raises(ConfigError) as err:
        value("no_such_number_here")
    assert err.value.code == "E302"
    for entry in ({"value": 1}, {"about": "x", "value": "high"}, {"about": "x", "value": True}, {"about": "x", "value": 1, "words": ["a"]}):
        with pytest.raises(ConfigError) as err:
            _value(tmp_path / "x.yaml", "c", entry)
        assert err.value.code == "E301"


def test_every_code_the_coding_path_tests_exists() -> None:
    """Sector and PLOVER codes used in code must exist in their vocabularies: a sector the
    actor dictionary refuses (as "PRO" once was) makes a branch that can never run."""
    from eventcoder import classify
    from eventcoder.actors import SECTORS
    from eventcoder.components import modality, roles
    from eventcoder.records import PLOVER_TYPES

    for group in (classify.STATE_SECTORS, classify.ARMED_SECTORS, classify.CIVILIAN_SECTORS):
        assert group <= set(SECTORS), sorted(group - set(SECTORS))
    for group in (modality.COOPERATIVE, modality.HOSTILE, roles.PLACE_OBJECT_TYPES):
        assert group <= set(PLOVER_TYPES), sorted(group - set(PLOVER_TYPES))
    # a type compared by name in a component ('d.type == "RETREAT"') must be a PLOVER type
    code = "".join(p.read_text(encoding="utf-8") for p in (SRC / "components").glob("*.py"))
    compared = set(re.findall(r'type\s*==\s*"([A-Z]+)"', code))
    assert compared and compared <= set(PLOVER_TYPES), compared
