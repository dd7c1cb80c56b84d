"""``acled``: which sides the report names (x26kenya). ACLED's Battles are a violent
interaction between two organised armed groups, its Violence against civilians hits unarmed
people (off-duty officials included), its Riots are the crowd's violence: read from the
parse, not from one note's words. The sentences are invented."""

from __future__ import annotations

import pytest

from eventcoder.classify import AcledMapper

UP_TO_ACLED = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "modes", "acled"]


def _pair(ctx, trigger: str) -> tuple[str, str] | None:
    d = next(d for d in ctx.drafts if d.tok.text == trigger)
    return (d.acled["event_type"], d.acled["sub_event_type"]) if d.acled else None


@pytest.mark.parametrize(
    ("text", "trigger", "acled"),
    [
        # the violence is named as between two parties: two sides, a battle
        ("Three herders were killed in violence between the Borana and the Gabra near the wells.", "killed",
         ("Battles", "Armed clash")),
        ("Raiders attacked a settlement, and the fighting between the two communities went on for a day.", "attacked",
         ("Battles", "Armed clash")),
        # no between-phrase: the victim decides, as before
        ("Three herders were killed by gunmen near the wells.", "killed", ("Violence against civilians", "Attack")),
        # a number range is no pair of sides
        ("Between ten and fifteen gunmen attacked a village near the wells.", "attacked",
         ("Violence against civilians", "Attack")),
    ],
)
def test_violence_between_two_named_sides_is_a_battle(analyse, text: str, trigger: str, acled: tuple[str, str]) -> None:
    assert _pair(analyse(text, UP_TO_ACLED), trigger) == acled


def test_the_perpetrators_own_noun_names_no_armed_victim(analyse) -> None:
    # "militia" names the doer: nothing says the three were armed
    assert _pair(analyse("A clan militia killed three in the village on Sunday.", UP_TO_ACLED), "killed") == (
        "Violence against civilians", "Attack")
    # the words outside the source still decide when they name an armed side
    assert _pair(analyse("Attackers killed three near a police post on Sunday.", UP_TO_ACLED), "killed") == (
        "Battles", "Armed clash")


def test_others_have_reads_the_words_outside_the_source() -> None:
    mapper = AcledMapper.default()
    lemmas = ["militia", "kill", "three", "village"]
    assert mapper.map("violence", "UAF", None, lemmas, other_lemmas=["kill", "three", "village"]) == {
        "event_type": "Violence against civilians", "sub_event_type": "Attack"}
    # without the split (older callers) the sentence's words stand for both
    assert mapper.map("violence", "UAF", None, lemmas)["event_type"] == "Battles"


def test_two_sides_is_a_condition_of_the_mapping() -> None:
    mapper = AcledMapper.default()
    assert mapper.map("attack", "UAF", "CVL", ["attack"], two_sides=True)["event_type"] == "Battles"
    assert mapper.map("attack", "UAF", "CVL", ["attack"])["event_type"] == "Violence against civilians"


@pytest.mark.parametrize(
    ("text", "trigger", "acled"),
    [
        ("Two gunmen shot dead an off-duty police officer outside his home.", "shot", ("Violence against civilians", "Attack")),
        ("Gunmen shot dead a retired army major at his farm.", "shot", ("Violence against civilians", "Attack")),
        ("Two gunmen shot dead a police officer outside the station.", "shot", ("Battles", "Armed clash")),
    ],
)
def test_an_off_duty_officer_is_a_civilian(analyse, text: str, trigger: str, acled: tuple[str, str]) -> None:
    assert _pair(analyse(text, UP_TO_ACLED), trigger) == acled


def test_how_the_police_acted_is_not_what_the_crowd_did(analyse) -> None:
    # "violently" tells the manner of the police's dispersal, not the demonstrators' violence
    ctx = analyse("Police violently dispersed a protest by traders in the market.", UP_TO_ACLED)
    assert _pair(ctx, "protest") == ("Protests", "Protest with intervention")
    ctx = analyse("Traders violently protested in the market.", UP_TO_ACLED)
    assert _pair(ctx, "protested") == ("Riots", "Violent demonstration")
