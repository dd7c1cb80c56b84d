"""Trigger lexicon and ACLED mapping: the data files load, and the cheap filter is safe."""

from __future__ import annotations

import pytest

from conftest import SAMPLES
from eventcoder.classify import PLOVER_TYPES, AcledMapper, TriggerLexicon
from eventcoder.nlp import load_model, split_sentences

ACLED_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"},
}


def test_lexicon_entries_are_valid():
    lx = TriggerLexicon.default()
    mapper = AcledMapper.default()
    assert len(lx.entries) > 40
    for e in lx.entries:
        assert e.type in PLOVER_TYPES
        assert 0 < e.weight <= 1
        assert e.acled is None or e.acled in mapper.rules, e.acled
        assert all(isinstance(w, str) for w in e.with_ | e.without | e.lemmas)


def test_acled_rules_use_acleds_own_labels():
    for rules in AcledMapper.default().rules.values():
        for r in rules:
            if r.acled:
                assert r.acled[1] in ACLED_TYPES[r.acled[0]], r.acled


def test_territory_depends_on_who_took_it():
    m = AcledMapper.default()
    assert m.map("territory", "MIL", "REB", [])["sub_event_type"] == "Government regains territory"
    assert m.map("territory", "REB", "MIL", [])["sub_event_type"] == "Non-state actor overtakes territory"


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_filter_never_drops_a_sentence_the_parser_would_code(path):
    nlp = load_model()
    lx = TriggerLexicon.default()
    for s in split_sentences(path.read_text()):
        if lx.match(nlp(s.text)):
            assert lx.could_match(s.text), s.text


def test_filter_skips_sentences_without_triggers():
    lx = TriggerLexicon.default()
    assert not lx.could_match("The film was a great success with audiences in London.")
    assert lx.could_match("Rebels attacked a checkpoint.")
    assert lx.could_match("The army took control of the town.")
    assert not lx.could_match("He took a photograph of the cathedral.")


def test_on_off_in_yaml_are_words_not_booleans():
    lx = TriggerLexicon.from_yaml("triggers:\n  - {lemma: fire, with: [on, at], type: ASSAULT, acled: null}\n")
    assert lx.entries[0].with_ == frozenset({"on", "at"})


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def _matched(nlp, text: str) -> list[tuple[str, str, str | None]]:
    doc = nlp(text)
    return [(doc[m.i].text, m.entry.type, m.entry.mode) for m in TriggerLexicon.default().match(doc)]


@pytest.mark.parametrize(
    ("text", "word", "type_", "mode"),
    [
        ("Militia kidnaps district officer", "kidnaps", "ASSAULT", "abduct"),  # tagged a plural noun
        ("Raiders attack herders, steal goats", "attack", "ASSAULT", None),  # a compound's modifier
        ("Teachers in Kisii protest salary delays", "protest", "PROTEST", None),
    ],
)
def test_headline_verb_read_as_noun_still_triggers(nlp, text, word, type_, mode):
    """Article-less notes parse as noun compounds; the verb between subject and object counts."""
    hits = _matched(nlp, text)
    assert any(w == word and t == type_ and (mode is None or m == mode) for w, t, m in hits), hits


@pytest.mark.parametrize(
    ("text", "word", "type_"),
    [
        ("Hawkers in Eldoret protest increased market levies.", "protest", "PROTEST"),  # object opens with a participle
        ("Clans in Wajir fight over water points.", "fight", "ASSAULT"),  # an intransitive verb and its phrase
        ("Police trade fire with cattle rustlers near Baragoi", "trade", None),  # no lexicon verb: nothing invented
    ],
)
def test_headline_verb_before_a_participle_or_preposition(nlp, text, word, type_):
    """A headline verb read as a noun may be followed by a participle or a preposition instead of
    its object; the lexicon then tries the verb reading."""
    hits = _matched(nlp, text)
    if type_ is None:
        assert not any(w == word for w, _, _ in hits), hits
    else:
        assert any(w == word and t == type_ for w, t, _ in hits), hits


def test_a_noun_before_a_preposition_keeps_its_noun_reading(nlp):
    """"stages demonstration against": no verb entry for "demonstration", so it stays the noun
    it is rather than being dropped as a would-be headline verb."""
    hits = _matched(nlp, "Rights group stages demonstration against police killings in Kisumu")
    assert ("demonstration", "PROTEST", "demonstrate") in hits, hits


def test_headline_reading_needs_a_sentence_without_a_finite_verb(nlp):
    """In a full sentence a noun-tagged "attack" before a noun is a noun modifier, not a verb."""
    hits = _matched(nlp, "Officials said the attack helicopter landed safely.")
    assert not any(w == "attack" for w, _, _ in hits), hits


def test_capitalised_first_word_and_missed_lemma(nlp):
    """"Riot" opening a note is tagged a proper noun; "raped" is lemmatised "rap"."""
    assert ("Riot", "PROTEST", "riot") in _matched(nlp, "Riot erupts at a market in Kisumu")
    assert ("raped", "ASSAULT", "sexual") in _matched(nlp, "A man raped a schoolgirl in Kitui")


def test_violence_typed_by_its_modifier(nlp):
    assert ("violence", "ASSAULT", "firearms") in _matched(nlp, "Post-election violence spreads to Eldoret")
    assert ("violence", "ASSAULT", "firearms") in _matched(nlp, "Clan violence leaves three dead near Wajir")


def test_no_violence_reports_none(nlp):
    assert not _matched(nlp, "No violence was reported in the village overnight.")


def test_a_light_verbs_object_is_not_its_own_participant(nlp):
    """The trigger noun a light verb carries is compared by index, not identity (spaCy makes
    a new Token on every access): "held a rally" gives the holders, not the rally itself."""
    from eventcoder.classify import _participants

    doc = nlp("Farmers held a rally outside the ministry.")
    noun = next(t for t in doc if t.lower_ == "rally")
    assert noun.head.lower_ == "held"
    words = {t.lower_ for t in _participants(noun, "PROTEST")}
    assert "farmers" in words
    assert "rally" not in words


def test_mass_destruction_names_a_weapon_not_an_act(nlp):
    # "weapon(s) of mass destruction" is a weapon's name; the destruction of property is an act
    assert not any(w == "destruction" for w, _, _ in _matched(nlp, "He awaits trial on charges of using a weapon of mass destruction."))
    assert ("destruction", "COERCE", "destroy") in _matched(nlp, "Residents blamed the militia for the destruction of forty homes.")
