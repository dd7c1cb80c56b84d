"""The geo vocabulary: every concept loads from lang/en/geo.yaml and the patterns built from it."""

from __future__ import annotations

import re

from eventcoder.geo import words as W
from eventcoder.lang import vocabulary


def test_every_geo_concept_is_used_by_the_code():
    from pathlib import Path

    src = Path(W.__file__).parent
    code = "\n".join(p.read_text(encoding="utf-8") for p in src.glob("*.py"))
    yaml_concepts = set(
        re.findall(r"^([a-z0-9_]+):", (src.parent / "lang" / "en" / "geo.yaml").read_text(), re.M)
    )
    assert yaml_concepts <= set(vocabulary())
    unused = {
        c for c in yaml_concepts if f'words("{c}")' not in code and f"words('{c}')" not in code
    }
    assert not unused, unused


def test_alternation_puts_longer_words_first():
    assert W.alternation(["St", "St.", "Street"]) == r"S(?:treet|t\.|t)"
    assert re.match(rf"(?:{W.alternation(['St', 'St.', 'Street'])})", "Street").group(0) == "Street"


def test_alternation_grouped_by_first_letter_matches_as_the_flat_list():
    """The first-letter groups are only a faster way to write the flat longest-first list:
    every match, with backtracking into a longer or shorter word, is the flat list's."""
    items = ["mayor", "May", "minister", "min", "Capt", "captain", "colonel", "envoy", "e", "general"]
    flat = "|".join(re.escape(w) for w in sorted(items, key=lambda w: (-len(w), w)))
    assert W.alternation(items) != flat
    text = ("May 3: the Mayor and mayor John Smith, Minister Ann Lee, min. Capt Bo, captain Al Gore, "
            "Colonel X Y, e envoy Ed Bo, general Zed Q, MAYOR Q R, and Captain Tom Jones.")
    for tmpl, flags in ((r"\b(?:{})\.? ([A-Z]\w+ [A-Z]\w+)", 0), (r"\b(?i:{})\.? ([A-Z]\w+ [A-Z]\w+)", 0), (r"\b(?:{})\b", re.I)):
        fast = [(m.span(), m.groups()) for m in re.finditer(tmpl.format(W.alternation(items)), text, flags)]
        slow = [(m.span(), m.groups()) for m in re.finditer(tmpl.format(flat), text, flags)]
        assert fast == slow and fast
    assert W.alternation(["St.", ".x"]) == r"St\.|\.x"  # a word led by a non-letter: flat


def test_derived_sets():
    assert "airbase" in W.SITE_HEADS and "state" not in W.SITE_HEADS  # "State Department"
    assert "state" in W.PLACE_HEADS
    assert {"into"} <= W.DIRECTIONAL_PREPS and "in" in W.STRONG_PREPS
    assert "us" not in W.STOP  # "US" in capitals is the country


def test_patterns():
    assert W.CONTAINER_GAP.fullmatch(" sub-county, ")
    assert W.CONTAINER_GAP.fullmatch(" districts of ")
    assert not W.CONTAINER_GAP.fullmatch(" and ")
    assert W.TYPE_AFTER.match(" (Upper) district")
    assert W.STREET.search("found at 12 S. Maple Drive on Monday").group() == "12 S. Maple Drive"
    assert W.STREET_END.search("Lisbon Drive") and not W.STREET_END.search("Lisbon")
    assert W.ROAD.findall("on the A12 and M25, not A380s") == ["A12", "M25"]
    assert W.JOINED_NAME.match(" i Kalan village").group() == " i Kalan"
    assert W.NAME_RUN_OF.match(" Kala of Nesh district").group() == " Kala"
    assert W.HONORIFIC_NAME.search("Mrs. Kamau said").group(1) == "Kamau"
    assert W.ACTOR_VERB_AFTER.match(" said on Monday") and W.PASSIVE_AFTER.match(" has been hit")
