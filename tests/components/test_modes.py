"""``modes``: the PLOVER mode is what the text states about this act, else null."""

from __future__ import annotations

import pytest

from eventcoder.classify import PLOVER_MODES, ModeResolver
from eventcoder.errors import ConfigError

MODES = ["triggers", "modes"]


@pytest.mark.parametrize(
    ("text", "trigger", "mode"),
    [
        # no weapon stated: null, never the type's default
        ("The insurgents then staged a counter-attack using sleeper cells.", "attack", None),
        ("Three farmers were killed near the river on Tuesday.", "killed", None),
        # the weapon in the trigger phrase, the subject or the instrument
        ("A car bomb attack killed five people at the market on Tuesday.", "killed", "explosives"),
        ("Gunmen attacked a police post outside the town on Monday.", "attacked", "firearms"),
        ("Masked gunmen and suicide bombers stormed the barracks at dawn.", "stormed", "suicide-attack"),
        ("Two villagers were killed in an air strike on Sunday.", "killed", "aerial"),
        ("The militia attacked the convoy with machetes.", "attacked", "primitive"),
        ("A roadside bomb killed two soldiers on the highway.", "killed", "explosives"),
        ("Rebels fired rockets at the airport overnight.", "fired", "heavy-weapons"),
        # the act itself names the mode, whatever the weapon
        ("Armed men kidnapped two engineers at gunpoint on Monday.", "kidnapped", "abduct"),
        # another act's weapon is not this act's means
        ("The army pressed an offensive in the east backed by foreign air power.", "offensive", None),
    ],
)
def test_assault_mode_is_the_stated_means(analyse, text: str, trigger: str, mode: str | None) -> None:
    ctx = analyse(text, MODES)
    d = next(d for d in ctx.drafts if d.tok.text == trigger)
    assert d.mode == mode


@pytest.mark.parametrize(
    ("text", "trigger", "mode"),
    [
        ("The opposition leader condemned the decision on Monday.", "condemned", "disapprove"),
        ("Prosecutors indicted the former mayor on Friday.", "indicted", "allege"),
        ("The interior ministry deployed riot police to the square.", "deployed", "police"),
        ("Thousands of teachers marched to the ministry on Monday.", "marched", "demo"),
        ("The union urged the government to release the detained workers.", "urged", "yield"),
        # types without modes in the codebook
        ("The two sides agreed to a ceasefire on Monday.", "agreed", None),
    ],
)
def test_other_types_take_their_codebook_modes(analyse, text: str, trigger: str, mode: str | None) -> None:
    ctx = analyse(text, MODES)
    d = next(d for d in ctx.drafts if d.tok.text == trigger)
    assert d.mode == mode


def test_every_mode_word_list_names_a_codebook_mode() -> None:
    resolver = ModeResolver.default()
    for etype, cues in resolver.cues.items():
        assert {m for m, _ in cues} <= set(PLOVER_MODES[etype])
    assert {m for m, _ in resolver.cues["ASSAULT"]} >= {"firearms", "explosives", "aerial", "abduct"}


def test_a_mode_list_outside_the_codebook_is_a_coded_error() -> None:
    with pytest.raises(ConfigError) as err:
        ModeResolver.from_vocabulary({"mode_assault_laser": frozenset({"laser"})})
    assert err.value.code == "E330"
