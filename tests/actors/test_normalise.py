"""Normalisation: one canonical actor for its many names, and people to the role the text
gives them (issue 12, item 3)."""

from __future__ import annotations

import pytest

from eventcoder.actors import ActorDictionary


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.default()


@pytest.mark.parametrize("name", ["ISIL", "Isis", "ISIS", "Islamic State", "Daesh", "Isis fighters", "IS militants"])
def test_the_islamic_state_is_one_actor(actors: ActorDictionary, name: str) -> None:
    e = actors.resolve(name)
    assert e is not None and (e.name, e.sector) == ("Islamic State", "REB")


def test_aliases_are_listed_under_the_canonical_name(actors: ActorDictionary) -> None:
    assert {"ISIL", "Isis", "Daesh"} <= set(actors.aliases["Islamic State"])


@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        ("Syrian Foreign Minister Walid Muallem", "SYR", "GOV"),
        ("an SDF commander", "SYR", "REB"),
        ("the White House press secretary", "USA", "GOV"),
    ],
)
def test_a_person_takes_the_role_the_phrase_gives(actors: ActorDictionary, phrase: str, country: str, sector: str) -> None:
    e = actors.resolve(phrase)
    assert e is not None and (e.country, e.sector) == (country, sector)


def test_isis_in_a_fragment_is_the_group_not_the_fragment(actors: ActorDictionary) -> None:
    # "clear Isis" is a fragment as a span; the dictionary still names the group inside it
    e = actors.resolve("clear Isis from the city")
    assert e is not None and e.name == "Islamic State"


@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        ("the Turkish interior minister", "TUR", "GOV"),  # the minister is the government; the ministry is COP
        ("Syria's defence minister", "SYR", "GOV"),
        ("Kenya's health minister", "KEN", "GOV"),
        ("the Turkish interior ministry", "TUR", "COP"),
        ("pro-government supporters in Caracas", "VEN", "CVL"),  # not the government they support
    ],
)
def test_office_holders_and_supporters(actors: ActorDictionary, phrase: str, country: str, sector: str) -> None:
    e = actors.resolve(phrase)
    assert e is not None and (e.country, e.sector) == (country, sector)
