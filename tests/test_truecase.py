"""Truecasing for parsing: a Title-Case or ALL-CAPS line is parsed as prose (``eventcoder.truecase``).

Every text here is invented."""

from __future__ import annotations

import pytest

from eventcoder.clean import clean
from eventcoder.components.base import as_written
from eventcoder.errors import ConfigError
from eventcoder.records import Actor, Origin, RawRecord
from eventcoder.truecase import (
    Truecaser,
    caps_shape,
    case_evidence,
    check_setting,
    dictionary_names,
)

HEADLINE = "Rebels Attack Army Base Near Goma"
BODY = (
    "Rebels of the M23 movement attacked an army base near Goma on Sunday, a military spokesman said. "
    "Soldiers fired back and the fighters withdrew into the hills."
)


def test_a_title_case_line_is_a_headline_and_prose_crowded_with_names_is_not() -> None:
    assert caps_shape(HEADLINE) == "title"
    assert caps_shape("Court Frees Editor of Lagos Weekly After Appeal") == "title"  # "of" is no evidence
    assert caps_shape("GUNMEN STORM HOTEL IN CAPITAL") == "upper"
    # a lower-case verb or noun among the names: prose
    assert caps_shape("On Monday, President Ana Ruiz met Foreign Minister Paulo Costa in Lima.") is None
    assert caps_shape("Soldiers fired back and the fighters withdrew.") is None
    # too short to tell, and a list of names (a team sheet) is no headline
    assert caps_shape("Updated Monday") is None
    assert caps_shape("Smith, Jones, Brown, Taylor, Wilson.") is None
    assert caps_shape("all lower case text about a riot in town") is None


def test_case_evidence_reads_capitals_inside_sentences_only() -> None:
    ev = case_evidence([HEADLINE, BODY, "Army officers in Goma met the Army chief."])
    assert ev["goma"] == "Goma"
    assert "rebels" not in ev  # capitalised only first in its sentence
    assert "army" not in ev  # "an army base", "the Army chief": as often lower as capitalised
    assert "attack" not in ev and "base" not in ev


def test_recasing_keeps_the_length_and_the_names() -> None:
    tc = Truecaser()
    ev = case_evidence([BODY])
    out = tc.recase(HEADLINE, "title", ev)
    assert out == "Rebels attack army base near Goma"
    assert len(out) == len(HEADLINE)
    upper = "REBELS ATTACK ARMY BASE NEAR GOMA, UN SAYS"
    out = tc.recase(upper, "upper", ev)
    assert out == "Rebels attack army base near Goma, un says" and len(out) == len(upper)
    # only headline lines change
    assert tc.parse_texts([HEADLINE, BODY], [HEADLINE, BODY]) == ["Rebels attack army base near Goma", BODY]


def test_the_dictionaries_keep_names_the_body_does_not_repeat(pipeline) -> None:
    spans = dictionary_names(pipeline.actors, pipeline.geoparser.gaz)
    tc = Truecaser(spans)
    line = "Syrian Army Shells Rebel Positions Near Aleppo"
    out = tc.recase(line, "title", {})
    assert out.startswith("Syrian army shells rebel positions")  # the country word, not the head
    assert out.endswith("Aleppo")  # a city the gazetteer knows
    assert len(out) == len(line)


def test_a_headline_is_parsed_as_prose_and_codes_its_event(pipeline, monkeypatch) -> None:
    art = clean(RawRecord(text=f"{HEADLINE}\n{BODY}", origin=Origin("<test>")), published="2024-03-05")
    ctx = pipeline.analyse(art)
    head = ctx.parsed[0]
    assert head.sentence.text == HEADLINE
    attack = head.doc[1]
    # a common word again, lemma in lower case (as written it was a PROPN "Attack"; the small
    # model may still read a headline's verb as a noun, which the lexicon handles)
    assert (attack.lower_, attack.lemma_) == ("attack", "attack") and attack.pos_ != "PROPN"
    assert len(head.doc.text) == len(HEADLINE)
    coded = pipeline.code(art)
    ev = [e for e in coded.events if e.start == 0]
    assert [e.type for e in ev] == ["ASSAULT"]
    assert ev[0].trigger == "Attack"  # as written
    # its sides: the lede's fuller telling of the act the headline sums up (corefer lead =
    # "headline"): the headline's "Rebels" named there as the M23
    assert ev[0].source_actor is not None and ev[0].source_actor.text.startswith("Rebels") and ev[0].source_actor.name == "M23"
    # off: the headline is a string of proper nouns and yields nothing
    monkeypatch.setattr(pipeline, "truecaser", None)
    assert not [e for e in pipeline.code(art).events if e.start == 0]


def test_stored_texts_are_the_article_as_written() -> None:
    text = "Rebels Attack Army Base"
    a = Actor("rebels", "rebels", None, None, 0, 6)
    assert as_written(a, text).text == "Rebels" and a.name == "Rebels"
    b = Actor("the rebels", "Rebels", None, None, 0, 6)  # composed on purpose: left as it is
    assert as_written(b, text).text == "the rebels"
    assert as_written(None, text) is None


def test_the_setting_is_a_boolean() -> None:
    assert check_setting(True) is True and check_setting(False) is False
    with pytest.raises(ConfigError) as err:
        check_setting("yes")
    assert err.value.code == "E574"
