"""The trigger lexicon's recall classes (issue 11) and the loader's validation of every entry.

Sentences are invented for these tests (not taken from any eval set); each class is checked
both ways: the act is drafted with its type, and a near sense of the same word is not.
"""

from __future__ import annotations

import pytest

from eventcoder.classify import TriggerLexicon
from eventcoder.errors import ConfigError
from eventcoder.nlp import load_model


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def _types(nlp, lex: TriggerLexicon, text: str) -> dict[str, str]:
    doc = nlp(text)
    return {doc[m.i].text: m.entry.type for m in lex.match(doc)}


@pytest.mark.parametrize(
    ("text", "word", "etype"),
    [
        # court and legal procedure
        ("A jury in Leeds convicted the former councillor of bribery on Tuesday.", "convicted", "SANCTION"),
        ("The judge sentenced both brothers to nine years in prison.", "sentenced", "SANCTION"),
        ("The appeal court ruled that the deportation order was unlawful.", "ruled", "SANCTION"),
        ("The two men are awaiting trial for the robbery.", "trial", "ACCUSE"),
        ("The villagers filed a lawsuit against the mining company.", "filed", "ACCUSE"),
        ("Prosecutors said arrest warrants were issued for four officials.", "warrants", "COERCE"),
        ("The activists are being held in a military prison near the capital.", "held", "COERCE"),
        # asset freezes and bans
        ("The finance ministry froze the bank accounts of three exporters.", "froze", "SANCTION"),
        ("The governor issued a ban on night-time gatherings in the port.", "ban", "COERCE"),
        # police operations and force with primitive weapons
        ("Officers cordoned off the market after the blast.", "cordoned", "COERCE"),
        ("Detectives are hunting for a gunman who fled on a motorbike.", "hunting", "ACCUSE"),
        ("Two men pistol-whipped the shopkeeper and took the cash box.", "whipped", "ASSAULT"),
        ("Angry protesters gathered outside the ministry on Friday.", "gathered", "PROTEST"),
        # diplomatic acts
        ("The foreign ministry summoned the Danish ambassador over the remarks.", "summoned", "ACCUSE"),
        ("The embassy ordered the evacuation of its non-essential staff.", "ordered", "RETREAT"),
        ("The minister quit his post after the vote.", "quit", "RETREAT"),
    ],
)
def test_recall_class_is_drafted(nlp, text, word, etype):
    assert _types(nlp, TriggerLexicon.default(), text).get(word) == etype


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The dynasty ruled the country for two centuries.", "ruled"),  # governing, not a court
        ("She quit smoking last year.", "quit"),  # no office left
        ("The campaign tried to whip up support among students.", "whip"),
        ("The lake froze early this winter.", "froze"),  # no assets
        ("Fans gathered in the square to watch the final.", "gathered"),  # no protest
    ],
)
def test_near_sense_is_not_drafted(nlp, text, word):
    assert word not in _types(nlp, TriggerLexicon.default(), text)


def _lex(entry: str, head: str = "") -> str:
    return f"{head}triggers:\n  - {entry}\n"


@pytest.mark.parametrize(
    ("text", "code", "needle"),
    [
        (_lex("{lemma: attack, wiht: [town], type: ASSAULT}"), "E546", "unknown key"),
        (_lex("{lemma: attack, type: ATTACK}"), "E546", "unknown PLOVER type"),
        (_lex("{lemma: attack, type: ASSAULT, acled: battles}"), "E546", "acled key"),
        (_lex("{lemma: attack, type: ASSAULT, pos: VRB}"), "E546", "pos"),
        (_lex("{lemma: attack, type: ASSAULT, obj: town}"), "E546", "obj"),
        (_lex("{lemma: attack, type: ASSAULT, weight: 1.5}"), "E546", "weight"),
        (_lex("{lemma: Attack, type: ASSAULT}"), "E546", "lower-case"),
        (_lex("{lemma: attack, type: ASSAULT, with: town}"), "E546", "list"),
        (_lex("{lemma: attack, type: ASSAULT, mode: arrest}"), "E547", "ASSAULT"),
        (_lex("{lemma: attack, type: ASSAULT, mode: raid}", "kinds: {ASSAULT: [seize]}\n"), "E547", "raid"),
        ("irregular: {}\n", "E546", "triggers"),
    ],
)
def test_loader_rejects_bad_entries(text, code, needle):
    with pytest.raises(ConfigError) as err:
        TriggerLexicon.from_yaml(text, "test.yaml")
    assert err.value.code == code and needle in err.value.message and "test.yaml" in err.value.message


def test_declared_kind_and_plover_mode_load():
    lex = TriggerLexicon.from_yaml(
        "kinds: {ASSAULT: [seize]}\ntriggers:\n  - {lemma: capture, type: ASSAULT, mode: seize}\n"
        "  - {lemma: convict, type: SANCTION, mode: convict, acled: null}\n"
    )
    assert {e.mode for e in lex.entries} == {"seize", "convict"}
