"""``modality`` and ``intent``: negation, hypothesis, and statements of intent re-typed."""

from __future__ import annotations

import pytest

FLAGS = ["triggers", "modality"]
BEFORE_INTENT = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "acled"]


@pytest.mark.parametrize(
    ("text", "negated", "hypothetical"),
    [
        ("The militia denied attacking the village.", True, False),
        ("Officials fear the rebels could attack the dam.", False, True),
        ("The rebels attacked the dam at dawn.", False, False),
        # a negated statement after a dash or semicolon is a note of its own, not the act's
        ("A ranch was attacked by herders - DETAILS NOT SPECIFIED.", False, False),
        # a complement after its negated governor stays negated
        ("Police did not confirm that the militia attacked the dam.", True, False),
    ],
)
def test_flags(analyse, text: str, negated: bool, hypothetical: bool) -> None:
    ctx = analyse(text, FLAGS)
    d = next(d for d in ctx.drafts if d.type == "ASSAULT")
    assert (d.negated, d.hypothetical) == (negated, hypothetical)


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("The ministry said it will provide aid to the flood victims.", "AID", "AGREE"),
        ("The government said the army will attack the rebel camps unless they disarm.", "ASSAULT", "THREATEN"),
    ],
)
def test_intent_retypes_the_statement(analyse, text: str, before: str, after: str) -> None:
    plain = analyse(text, BEFORE_INTENT)
    assert before in {d.type for d in plain.drafts}
    retyped = analyse(text, [*BEFORE_INTENT, "intent"])
    d = next(d for d in retyped.drafts if d.match.entry.type == before)
    assert d.type == after and not d.hypothetical and d.acled is None


def test_a_coordinated_verb_is_not_negated_by_its_neighbour(analyse) -> None:
    # "rejected and condemned": the condemnation happened
    ctx = analyse("The prosecutor rejected and condemned the leak of the recordings.", FLAGS)
    d = next(d for d in ctx.drafts if d.tok.text == "condemned")
    assert not d.negated


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Moscow backed the rebel offensive with air strikes on Sunday.", "AID"),
        ("The Labour party backed the education bill on Monday.", "SUPPORT"),
    ],
)
def test_material_backing_is_aid(analyse, text: str, etype: str) -> None:
    ctx = analyse(text, [*BEFORE_INTENT, "intent"])
    d = next(d for d in ctx.drafts if d.tok.text == "backed")
    assert d.type == etype


def test_background_backing_clause_is_no_event(analyse) -> None:
    # "..., backed by Y": who stands behind whom, described, with no occasion
    ctx = analyse("The army has pressed an offensive in the east backed by foreign air and missile power.", FLAGS)
    assert not [d for d in ctx.drafts if d.tok.text == "backed"]


def test_a_denied_allegation_was_still_made(analyse) -> None:
    # denying the allegations rejects what they say; the accusation itself happened
    ctx = analyse("The governor denied the allegations and accused the opposition of spreading panic.", FLAGS)
    for d in ctx.drafts:
        if d.type == "ACCUSE":
            assert not d.negated, d.tok.text


@pytest.mark.parametrize(
    ("text", "word", "hypothetical"),
    [
        # what a request or intent verb governs is its content ...
        ("Unions called for a general strike after the election.", "strike", True),
        ("The envoy warned of attacks on the northern towns.", "attacks", True),
        ("The rebels threatened to shell the port.", "shell", True),
        # ... not the time or cause phrase it is said after or over
        ("Mourners called for justice following the killing of three farmers.", "killing", False),
        ("Students demanded an inquiry after the shooting of a classmate.", "shooting", False),
        ("The council vowed revenge over the bombing of the market.", "bombing", False),
        ("Kabul urged calm, citing the killing of two guards.", "killing", False),
        # nor a relative clause describing a participant
        ("The minister demanded the extradition of gunmen who killed a judge.", "killed", False),
        # the noun of a governing adjective governs too
        ("The junta showed no willingness to withdraw its troops.", "withdraw", True),
    ],
)
def test_an_adjunct_of_a_request_is_not_its_content(analyse, text: str, word: str, hypothetical: bool) -> None:
    ctx = analyse(text, FLAGS)
    d = next(d for d in ctx.drafts if d.tok.text == word)
    assert d.hypothetical is hypothetical


def test_content_prepositions_are_a_data_file() -> None:
    from eventcoder.components.modality import CONTENT_PREPOSITIONS

    assert {"for", "of"} <= CONTENT_PREPOSITIONS and "after" not in CONTENT_PREPOSITIONS


@pytest.mark.parametrize(
    ("text", "word", "hypothetical"),
    [
        # a tensed second conjunct is a clause of its own, outside the first one's modal
        ("The minister said the state could not afford the raise and urged the union to resume talks.", "urged", False),
        # a bare one shares it
        ("Officials said the militia could attack and burn the village.", "burn", True),
    ],
)
def test_a_tensed_conjunct_has_its_own_modality(analyse, text: str, word: str, hypothetical: bool) -> None:
    ctx = analyse(text, FLAGS)
    d = next(d for d in ctx.drafts if d.tok.text == word)
    assert d.hypothetical is hypothetical
