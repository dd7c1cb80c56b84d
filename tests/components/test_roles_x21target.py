"""Target rules of issue 12 (x21target): who an act is done to, where the parse hangs the
phrase that names them somewhere the older rules did not look. Texts are paraphrases."""

from __future__ import annotations

import pytest

from eventcoder.roles import roles


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


def _roles(nlp, text: str, trigger: str, etype: str | None = None) -> tuple[str | None, str | None]:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    src, tgt = roles(tok, etype)
    return (doc[src.start : src.end].text if src else None, doc[tgt.start : tgt.end].text if tgt else None)


def test_a_party_phrase_hung_on_the_object_is_the_verbs(nlp) -> None:
    # the parse attaches "with the chancellor" to "the rumours"; the chancellor is who was consulted
    got = _roles(nlp, "The premier said she had discussed the rumours with the chancellor on Monday.", "discussed", "CONSULT")
    assert got == ("she", "chancellor")
    assert _roles(nlp, "The prime minister said he had discussed the leaked memo with the party chairman.", "discussed", "CONSULT")[1] == "party chairman"
    # a thing's with-phrase that names no one is no party
    assert _roles(nlp, "The council discussed the budget with great care.", "discussed", "CONSULT")[1] != "great care"


def test_an_aiming_participle_carries_the_acts_target(nlp) -> None:
    got = _roles(nlp, "The villagers still remember the mass expulsion inflicted on their neighbours by the regime.", "expulsion", "COERCE")
    assert got == ("regime", "their neighbours")
    got = _roles(nlp, "Officials condemned the raids carried out against farmers in the valley.", "raids", "ASSAULT")
    assert got[1] == "farmers"


def test_who_is_hit_with_a_nominal_act_is_its_target(nlp) -> None:
    got = _roles(nlp, "The administration hit twelve officials with sanctions on Friday.", "sanctions", "SANCTION")
    assert got == ("administration", "twelve officials")
    # who is charged with a crime is its suspect, not its victim
    assert _roles(nlp, "Prosecutors charged Larkin with murder last spring.", "murder", "ASSAULT")[1] is None


def test_a_facing_participle_hung_on_a_place_is_its_subjects(nlp) -> None:
    # "awaiting" is parsed as describing the jail; who is in the jail awaits the trial
    got = _roles(nlp, "Marco Diaz, now 31, is in a county jail awaiting trial on several charges.", "trial", "ACCUSE")
    assert got[1] == "Marco Diaz"
