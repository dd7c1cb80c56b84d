"""Unit tests of the gold-set readers, the label mapping, the ACLED actor matcher and the
primary-event choice (hermetic: no gold data needed)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.acled import acled_tier, primary_acled
from eventcoder.errors import ConfigError, UsageError
from eventcoder.eval import run_eval
from eventcoder.eval.scorer import macro_f1, prf_table
from eventcoder.eval.sets.acled import actor_matches, parse_acled_actor, parse_date
from eventcoder.eval.sets.plover_gsr import (
    PLOVER_05_TO_20,
    gsr_items,
    map_plover_label,
    parse_gsr,
    primary_plover,
)
from eventcoder.records import PLOVER_TYPES

# --------------------------------------------------------------------------- set resolution


def test_unknown_set_is_a_usage_error():
    with pytest.raises(UsageError) as err:
        run_eval("no-such-set")
    assert err.value.code == "E006"


def test_missing_gold_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as err:
        run_eval("acled", path=str(tmp_path / "absent.csv"))
    assert err.value.code == "E009"
    with pytest.raises(ConfigError):
        run_eval(str(tmp_path / "absent.csv"))


# --------------------------------------------------------------------------- label mapping


def test_plover_mapping_targets_are_plover_2_types():
    for old, new in PLOVER_05_TO_20.items():
        assert new is None or new in PLOVER_TYPES, old


@pytest.mark.parametrize(
    ("old", "mode", "new"),
    [
        ("DEMAND", None, "REQUEST"),
        ("DISAPPROVE", None, "ACCUSE"),
        ("INVESTIGATE", None, "ACCUSE"),
        ("FIGHT", "heavy-weapons", "ASSAULT"),
        ("ASSAULT", "torture", "ASSAULT"),
        ("YIELD", "withdraw", "RETREAT"),
        ("YIELD", "release", "CONCEDE"),
        ("agree ", None, "AGREE"),
        ("DOCUMENT", None, None),
        ("NONSENSE", None, None),
        (None, None, None),
    ],
)
def test_map_plover_label(old, mode, new):
    assert map_plover_label(old, mode) == new


# --------------------------------------------------------------------------- GSR parser

GSR_SAMPLE = """[
{"id": "D", "event": "DOCUMENT", "text": "docs"},
{"id": "1", "event": "DEMAND", "text": "Rebels demanded talks.", "source": [{"actorText": "Rebels", "code": "SDN", "sector": "REB"}]},
{"id": "2", "event": "FIGHT", "text": "Troops clashed with rebels.",},
{"id": "3", "event": "AGREE" "text": broken},
{"id": "4", "event": "AGREE", "text": "They agreed {to talk}."}
]
trailing junk
"""


def test_parse_gsr_counts_what_it_skips():
    parsed = parse_gsr(GSR_SAMPLE)
    assert [r["id"] for r in parsed.records] == ["D", "1", "2", "4"]
    assert parsed.repaired == 1
    assert parsed.skipped == Counter({"malformed object": 1, "stray text": 1})
    items, skipped = gsr_items(parsed)
    assert [i["gold"] for i in items] == ["REQUEST", "ASSAULT", "AGREE"]
    assert skipped["label DOCUMENT not scored"] == 1


def test_parse_gsr_truncated():
    parsed = parse_gsr(GSR_SAMPLE[:140])
    assert parsed.skipped["truncated object"] == 1
    assert [r["id"] for r in parsed.records] == ["D"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('{}[]",:\\ \nabc0123')), max_size=200))
def test_parse_gsr_never_crashes_on_garbage(text):
    parsed = parse_gsr(text)
    items, skipped = gsr_items(parsed)
    assert len(items) <= len(parsed.records)
    assert all(v > 0 for v in skipped.values())


def _object_spans(text):
    spans, depth, in_str, esc, start = [], 0, False, False, 0
    for i, c in enumerate(text):
        if in_str:
            esc, in_str = (False, in_str) if esc else (c == "\\", c != '"')
        elif c == '"':
            in_str = True
        elif c == "{":
            start = i if depth == 0 else start
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(GSR_SAMPLE)))
def test_parse_gsr_truncated_anywhere_counts_every_object(a):
    parsed = parse_gsr(GSR_SAMPLE[:a])
    spans = _object_spans(GSR_SAMPLE)
    complete = sum(1 for _, e in spans if e <= a)
    cut = any(s < a < e for s, e in spans)
    assert len(parsed.records) + parsed.skipped["malformed object"] == complete
    assert parsed.skipped["truncated object"] == int(cut)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(GSR_SAMPLE)), st.integers(min_value=0, max_value=len(GSR_SAMPLE)))
def test_parse_gsr_never_crashes_on_spliced_input(a, b):
    parsed = parse_gsr(GSR_SAMPLE[:a] + GSR_SAMPLE[b:])
    assert all(v > 0 for v in parsed.skipped.values())
    assert parsed.repaired <= len(parsed.records)


# --------------------------------------------------------------------------- ACLED actors


def test_parse_acled_actor():
    a = parse_acled_actor("Military Forces of Afghanistan (2014-) Special Forces")
    assert (a.kind, a.country) == ("state-mil", "AFG")
    assert parse_acled_actor("Police Forces of Kenya (2013-)").kind == "state-cop"
    u = parse_acled_actor("Unidentified Armed Group (Kenya)")
    assert (u.kind, u.country) == ("uaf", "KEN")
    m = parse_acled_actor("Pokot Ethnic Militia (Kenya)")
    assert m.kind == "militia" and "pokot" in m.aliases
    assert parse_acled_actor("Protesters (Kenya)").kind == "protesters"
    n = parse_acled_actor("ODM: Orange Democratic Movement")
    assert n.kind == "named" and {"odm", "orange democratic movement"} <= set(n.aliases)


def _actor(name=None, sector=None, country=None, text=None):
    return {"text": text or name or "", "name": name, "sector": sector, "country": country}


@pytest.mark.parametrize(
    ("gold", "pred", "ok"),
    [
        ("Military Forces of Afghanistan (2014-)", _actor("Military Forces of Afghanistan", "MIL", "AFG"), True),
        ("Military Forces of Afghanistan (2014-) Special Forces", _actor("Military Forces", "MIL", None), True),
        ("Military Forces of Afghanistan (2014-)", _actor("Military Forces of Pakistan", "MIL", "PAK"), False),
        ("Police Forces of Kenya (2013-)", _actor("Police Forces", "COP"), True),
        ("Police Forces of Kenya (2013-)", _actor("Taliban", "REB", "AFG"), False),
        ("Unidentified Armed Group (Afghanistan)", _actor("Unidentified Armed Group", "UAF"), True),
        ("Taliban", _actor("Taliban", "REB", "AFG"), True),
        ("Taliban - Red Unit", _actor("Taliban", "REB", "AFG"), True),
        ("Taliban", _actor("Islamic State", "REB"), False),
        ("Al Shabaab", _actor("al-Shabaab", "REB", "SOM"), True),
        ("Protesters (Kenya)", _actor("Protesters", "CVL"), True),
        ("Rioters (Kenya)", _actor("Rioters", "CVL"), True),
        ("Rioters (Kenya)", _actor("Protesters", "CVL"), False),
        ("Pokot Ethnic Militia (Kenya)", _actor(None, None, text="Pokot raiders"), True),
        ("Civilians (Afghanistan)", _actor("Civilians", "CVL"), True),
        ("Taliban", None, False),
        ("", _actor("Taliban", "REB"), False),
    ],
)
def test_actor_matches(gold, pred, ok):
    assert actor_matches(gold, pred) is ok


@pytest.mark.parametrize(
    ("gold", "pred", "event_type", "ok"),
    [
        # ACLED names demonstrating students or workers by their role
        ("Protesters (Kenya)", _actor("Students (Kenya)", "EDU"), "Protests", True),
        ("Protesters (Kenya)", _actor("Labour Group (Kenya)", "LAB"), "Riots", True),
        ("Protesters (Kenya)", _actor("Police Forces of Kenya", "COP"), "Protests", False),
        ("Protesters (Kenya)", _actor("Civilians (Kenya)", "CVL"), "Violence against civilians", False),
        ("Rioters (Kenya)", _actor("Civilians (Kenya)", "CVL"), "Riots", True),
        ("Rioters (Kenya)", _actor("Civilians (Kenya)", "CVL"), "Protests", False),
    ],
)
def test_actor_matches_by_role(gold, pred, event_type, ok):
    assert actor_matches(gold, pred, event_type) is ok


def test_reciprocal_fight_is_direct_battle_evidence():
    clash = {**_ev("Battles", "Armed clash"), "trigger": {"text": "clashed", "start": 0, "end": 7}}
    kill = _ev("Violence against civilians", "Attack", conf=0.9, tgt="CVL")
    assert acled_tier(clash) == acled_tier(kill) == 4


# --------------------------------------------------------------------------- primary event


def _ev(et, st_, conf=0.7, mode="firearms", tgt=None, negated=False, hypothetical=False, type_="ASSAULT"):
    return {
        "type": type_,
        "mode": mode,
        "acled": {"event_type": et, "sub_event_type": st_} if et else None,
        "target_actor": {"text": "x", "name": "x", "sector": tgt, "country": None} if tgt else None,
        "source_actor": None,
        "negated": negated,
        "hypothetical": hypothetical,
        "confidence": conf,
    }


def test_primary_none_when_nothing_counts():
    assert primary_acled([]) is None
    assert primary_acled([_ev(None, None, type_="CONSULT")]) is None
    assert primary_acled([_ev("Battles", "Armed clash", negated=True), _ev("Battles", "Armed clash", hypothetical=True)]) is None


def test_primary_battle_beats_default_violence():
    # "12 militants were killed when forces repulsed their attack": a Battle
    killed = _ev("Violence against civilians", "Attack", conf=0.9)
    repulsed = _ev("Battles", "Armed clash", conf=0.7, tgt="REB")
    assert primary_acled([killed, repulsed]) is repulsed


def test_primary_civilian_target_beats_default_battle():
    killed = _ev("Violence against civilians", "Attack", conf=0.7, tgt="CVL")
    attack = _ev("Battles", "Armed clash", conf=0.9)
    assert primary_acled([attack, killed]) is killed


def test_primary_remote_weapon_is_an_explosion():
    killed = _ev("Battles", "Armed clash", conf=0.9, tgt="MIL")
    ied = _ev("Explosions/Remote violence", "Remote explosive/landmine/IED", conf=0.6, mode="explosives")
    assert primary_acled([killed, ied]) is ied


def test_primary_territory_first_and_strategic_last():
    arrest = _ev("Strategic developments", "Arrests", conf=0.95, mode="arrest", type_="COERCE")
    clash = _ev("Battles", "Armed clash", conf=0.6)
    seize = _ev("Battles", "Government regains territory", conf=0.5, mode="seize")
    assert primary_acled([arrest, clash]) is clash
    assert primary_acled([arrest, clash, seize]) is seize
    assert primary_acled([arrest]) is arrest


def test_primary_protest_vs_riot():
    protest = _ev("Protests", "Peaceful protest", conf=0.9, mode="demonstrate", type_="PROTEST")
    riot = _ev("Riots", "Violent demonstration", conf=0.6, mode="riot", type_="PROTEST")
    force = _ev("Protests", "Excessive force against protesters", conf=0.6)
    assert primary_acled([protest, riot]) is riot
    assert primary_acled([protest, force]) is force


def test_primary_demonstration_with_violence_is_a_riot():
    protest = _ev("Protests", "Peaceful protest", conf=0.9, mode="demonstrate", type_="PROTEST")
    # a fight between two sides ("clashed with police") nobody armed is the source of
    clash = {**_ev("Battles", "Armed clash", conf=0.6), "trigger": {"text": "clashed", "start": 40, "end": 47}}
    got = primary_acled([protest, clash])
    assert got["acled"] == {"event_type": "Riots", "sub_event_type": "Violent demonstration"}
    assert protest["acled"]["event_type"] == "Protests"  # the input is not changed
    # a one-sided act mapped Battles with no doer ("had shot two men") is no fight of the crowd
    shot = {**_ev("Battles", "Armed clash", conf=0.6), "trigger": {"text": "shot", "start": 40, "end": 44}}
    assert primary_acled([protest, shot])["acled"]["event_type"] == "Protests"


def test_primary_abducted_and_killed_is_an_attack():
    abduct = _ev("Violence against civilians", "Abduction/forced disappearance", conf=0.9, mode="abduct", tgt="CVL")
    killed = _ev("Violence against civilians", "Attack", conf=0.6)
    assert primary_acled([abduct, killed]) is killed
    assert primary_acled([abduct]) is abduct


def test_primary_premature_detonation_is_disrupted_weapons_use():
    ied = _ev("Strategic developments", "Disrupted weapons use", conf=0.6, mode="explosives")
    killed = _ev("Explosions/Remote violence", "Remote explosive/landmine/IED", conf=0.9, mode="explosives")
    assert primary_acled([killed, ied]) is ied
    found = _ev("Strategic developments", "Disrupted weapons use", conf=0.9, mode="seize", type_="COERCE")
    attack = _ev("Battles", "Armed clash", conf=0.6, tgt="REB")
    assert primary_acled([attack, found]) is attack


def test_primary_plover_skips_negated():
    a = {"type": "ASSAULT", "negated": True, "confidence": 0.9}
    b = {"type": "ACCUSE", "negated": False, "confidence": 0.5}
    assert primary_plover([a, b]) is b
    assert primary_plover([a]) is None


# --------------------------------------------------------------------------- small helpers


def test_parse_date_layouts():
    assert parse_date("21 March 2020") == "2020-03-21"
    assert parse_date("31-12-19") == "2019-12-31"
    assert parse_date("2019-12-31") == "2019-12-31"
    assert parse_date("not a date") is None


def test_prf_and_macro_f1():
    t = prf_table(["A", "A", "B", "C"], ["A", "B", "B", "none"])
    assert t["A"]["recall"] == 0.5 and t["A"]["precision"] == 1.0
    assert t["C"]["f1"] == 0.0 and "none" not in t
    assert 0 < macro_f1(t) < 1


def test_primary_takes_the_perpetrator_named_elsewhere_in_the_report():
    killed = _ev("Violence against civilians", "Attack", conf=0.8)
    attack = {**_ev("Violence against civilians", "Attack", conf=0.6), "source_actor": {"text": "Taliban militants", "name": "Taliban", "sector": "REB", "country": "AFG"}}
    p = primary_acled([killed, attack])
    assert p["confidence"] == 0.8 and p["source_actor"]["name"] == "Taliban" and p["source_basis"] == "report"
    assert killed["source_actor"] is None  # the input is not changed
