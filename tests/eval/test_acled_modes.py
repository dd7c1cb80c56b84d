"""``acled.primary_acled`` reads the codebook's modes: every remote weapon mode is an explosion's
evidence, and a killing with no stated weapon still makes an abduction an attack."""

from __future__ import annotations

import pytest

from acled_events import acled_event
from eventcoder.acled import acled_tier, primary_acled


@pytest.mark.parametrize(
    ("mode", "st", "tier"),
    [
        ("drone", "Air/drone strike", 5),
        ("suicide-attack", "Suicide bomb", 5),
        ("explosives", "Grenade", 5),
        ("heavy-weapons", "Shelling/artillery/missile attack", 3),
        (None, "Remote explosive/landmine/IED", 2),
    ],
)
def test_remote_weapon_modes(mode, st, tier):
    assert acled_tier(acled_event("Explosions/Remote violence", st, mode=mode)) == tier


def test_a_drone_strike_stands_for_the_report():
    clash = acled_event("Battles", "Armed clash", conf=0.9, tgt="REB")
    drone = acled_event("Explosions/Remote violence", "Air/drone strike", mode="drone", conf=0.5)
    assert primary_acled([clash, drone]) is drone


def test_abducted_then_killed_with_no_weapon_named_is_an_attack():
    abduct = acled_event("Violence against civilians", "Abduction/forced disappearance", mode="abduct", conf=0.9, tgt="CVL")
    killed = acled_event("Violence against civilians", "Attack", mode=None, conf=0.6)
    assert primary_acled([abduct, killed]) is killed


def test_a_crowd_burning_property_turns_a_protest_into_a_riot():
    protest = acled_event("Protests", "Peaceful protest", mode="demo", conf=0.9, type_="PROTEST")
    burned = acled_event("Strategic developments", "Looting/property destruction", mode=None, conf=0.6, type_="COERCE")
    burned["source_actor"] = {"text": "protesters", "name": "protesters", "sector": "CVL"}
    assert primary_acled([protest, burned])["acled"]["event_type"] == "Riots"
