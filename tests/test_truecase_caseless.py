"""A body whose case carries no information (all lower case, all capitals) is parsed as prose
(``eventcoder.truecase``: ``body_case``, the case lexicon, ``Truecaser.recase_caseless``,
``case_view``).

Every text here is invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.clean import clean
from eventcoder.errors import ConfigError
from eventcoder.records import Origin, RawRecord
from eventcoder.truecase import Truecaser, body_case, case_lexicon, case_view

STORY = (
    "taliban fighters attacked a police checkpoint in kandahar province on tuesday, killing four officers, "
    "the interior ministry said. the militants fled towards the border with pakistan after the assault."
)


def test_a_body_is_caseless_only_when_nearly_every_word_is_in_one_case() -> None:
    assert body_case(["rebels shelled the town of goma overnight, the un said."]) == "lower"
    assert body_case(["REBELS SHELLED THE TOWN OF GOMA OVERNIGHT, THE UN SAID."]) == "upper"
    # prose: each sentence opens with a capital ("A" counts), names are capitalised
    assert body_case(["A crowd gathered outside the court and waited for the verdict all day."]) is None
    assert body_case(["Rebels shelled the town of Goma overnight, the UN said."]) is None
    assert body_case(["riot in town"]) is None  # too few words to tell


def test_the_shipped_lexicon_knows_names_acronyms_and_common_words() -> None:
    lex = case_lexicon()
    assert lex["monday"] == "Monday" and lex["taliban"] == "Taliban" and lex["i"] == "I"
    assert lex["u.s."] == "U.S." and lex["un"] == "UN"  # acronyms keep their capitals
    assert lex["police"] == "police" and lex["said"] == "said"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("kabul\tKabul\t3\n", "4 tab-separated"),
        ("kabul\tKabul\tx\t0\n", "whole numbers"),
        ("kabul\tKandahar\t3\t0\n", "not a spelling"),
        ("kabul\tKabul\t0\t3\n", "majority"),
        ("kabul\tKabul\t3\t0\nkabul\tKabul\t3\t0\n", "twice"),
        ("# only a comment\n", "no words"),
    ],
)
def test_a_malformed_lexicon_is_a_coded_error(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "lexicon.tsv"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        case_lexicon(path)
    assert err.value.code == "E597" and reason in str(err.value)


def test_recasing_a_caseless_sentence_keeps_its_length() -> None:
    lex = {"monday": "Monday", "un": "UN", "goma": "Goma", "police": "police", "u.s.": "U.S."}
    tc = Truecaser(None, lex, frozenset({"amina"}))
    line = "police said on monday that amina and the un left goma for the u.s. border."
    out = tc.recase_caseless(line)
    assert out == "Police said on Monday that Amina and the UN left Goma for the U.S. border."
    upper = line.upper()
    assert tc.recase_caseless(upper) == out and len(tc.recase_caseless(upper)) == len(upper)
    # the whole article is caseless: every sentence recased; a cased one is left to the headline rules
    assert tc.parse_texts([line], [line, "they left."]) == [out]
    assert tc.parse_texts(["Police said on Monday that Amina left."], ["Police said on Monday that Amina left."]) == [
        "Police said on Monday that Amina left."
    ]


def test_the_dictionaries_capitalise_names_the_lexicon_does_not_know(pipeline) -> None:
    tc = pipeline.truecaser
    line = "gunmen from al-shabaab stormed a hotel in mogadishu and the islamic state claimed a bombing."
    out = tc.recase_caseless(line)
    assert len(out) == len(line)
    assert "Mogadishu" in out and "Islamic State" in out and out.startswith("Gunmen from")
    assert "hotel" in out and "bombing" in out


def test_the_view_for_capitals_follows_the_parse_of_a_caseless_body_only() -> None:
    class Doc:
        def __init__(self, text: str) -> None:
            self.text = text

    lower = "troops left goma on friday. they crossed into rwanda."
    parsed = [Doc("Troops left Goma on Friday."), Doc("They crossed into Rwanda.")]
    view = case_view(lower, parsed, [0, 28])
    assert view == "Troops left Goma on Friday. They crossed into Rwanda." and len(view) == len(lower)
    cased = "Troops left Goma on Friday. They crossed into Rwanda."
    assert case_view(cased, [Doc("troops left goma on friday.")], [0]) is cased


@pytest.mark.parametrize("casing", [str.lower, str.upper])
def test_a_caseless_story_codes_its_actor_and_place_as_written(pipeline, casing) -> None:
    text = casing(STORY)
    art = clean(RawRecord(text=text, origin=Origin("<test>")), published="2024-03-05")
    assert art.text == text
    coded = pipeline.code(art)
    attack = next(e for e in coded.events if e.type == "ASSAULT")
    src = attack.source_actor
    assert src is not None and src.name == "Taliban"
    assert src.text == art.text[src.start : src.end] == casing("taliban fighters")  # as written
    places = {p.name: p for p in coded.places}
    assert "Pakistan" in places
    for p in coded.places:
        assert p.text == art.text[p.start : p.end]
    assert art.text[attack.start : attack.end]  # the event's offsets index the stored text
