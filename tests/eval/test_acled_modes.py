"""``acled.primary_acled`` reads the codebook's modes: every remote weapon mode is an explosion's
evidence, and a killing with no stated weapon still makes an abduction an attack."""

from __future__ import annotations

import pytest

from eventcoder.acled import acled_tier, primary_acled


def _ev(et, st, mode=None, conf=0.7, tgt=None, type_="ASSAULT"):
    return {
        "type": type_,
        "mode": mode,
        "acled": {"event_type": et, "sub_event_type": st} if et else None,
        "target_actor": {"text": "x", "name": "x", "sector": tgt, "country": None} if tgt else None,
        "source_actor": None,
        "negated": False,
        "hypothetical": False,
        "confidence": conf,
    }


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
    assert acled_tier(_ev("Explosions/Remote violence", st, mode)) == tier


def test_a_drone_strike_stands_for_the_report():
    clash = _ev("Battles", "Armed clash", conf=0.9, tgt="REB")
    drone = _ev("Explosions/Remote violence", "Air/drone strike", "drone", conf=0.5)
    assert primary_acled([clash, drone]) is drone


def test_abducted_then_killed_with_no_weapon_named_is_an_attack():
    abduct = _ev("Violence against civilians", "Abduction/forced disappearance", "abduct", conf=0.9, tgt="CVL")
    killed = _ev("Violence against civilians", "Attack", None, conf=0.6)
    assert primary_acled([abduct, killed]) is killed


def test_a_crowd_burning_property_turns_a_protest_into_a_riot():
    protest = _ev("Protests", "Peaceful protest", "demo", conf=0.9, type_="PROTEST")
    burned = _ev("Strategic developments", "Looting/property destruction", None, conf=0.6, type_="COERCE")
    burned["source_actor"] = {"text": "protesters", "name": "protesters", "sector": "CVL"}
    assert primary_acled([protest, burned])["acled"]["event_type"] == "Riots"
