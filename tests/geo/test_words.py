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
    assert W.alternation(["St", "St.", "Street"]) == r"Street|St\.|St"


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
