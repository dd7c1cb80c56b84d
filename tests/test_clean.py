"""Cleaning: page debris goes, the story stays, offsets map back to the raw text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.clean import clean, detect_language, normalise_date
from eventcoder.records import Origin, RawRecord


def test_cgtn_debris_removed_story_kept(cgtn_article):
    a = cgtn_article
    lines = a.text.split("\n")
    assert "Share" not in lines and "Copied" not in lines
    assert "/AP Photo" not in a.text and "/AFP Photo" not in a.text
    # each doubled caption once, marked as a caption
    assert a.text.count("Aircraft spotted a group of jihadists") == 1
    assert a.text.count("File photo taken in 2012") == 1
    assert len(a.captions) == 2 and a.captions[0].startswith("Aircraft spotted")
    assert {"Share", "Copied", "/AP Photo", "/AFP Photo"} <= set(a.removed)
    # the story is untouched
    assert a.text.startswith("The Syrian army and its allies took complete control over Albu Kamal")
    assert "Damascus seeks to regain control over areas held by the SDF." in a.text
    assert a.language == "en" and a.published == "2017-11-20"


def test_offsets_map_back_to_raw(cgtn_article):
    a = cgtn_article
    for word in ("Albu Kamal", "Raqqa", "Hezbollah news service", "Abu Kamal"):
        s = a.text.index(word)
        rs, re_ = a.raw_span(s, s + len(word))
        assert a.raw_text[rs:re_] == word


def test_stable_id(cgtn_article):
    rec = RawRecord(text=cgtn_article.raw_text, origin=Origin("elsewhere"), title=cgtn_article.title)
    assert clean(rec).id == cgtn_article.id


def test_non_english_detected():
    fr = "Les forces syriennes ont repris dimanche le contrôle de la ville d'Albou Kamal, selon un média du Hezbollah."
    assert detect_language(fr) == "fr"
    assert detect_language("Syrian forces retook control of the town of Albu Kamal on Sunday.") == "en"


def test_ui_lines_and_credits():
    raw = RawRecord(
        text="Advertisement\nRead more\nWe use cookies to improve your experience. Accept all\n"
        "Police fired tear gas at protesters in Nairobi. (Reuters)\nShare this article\nThe protest ended at noon.",
        origin=Origin("x"),
    )
    a = clean(raw)
    assert a.text.split("\n") == ["Police fired tear gas at protesters in Nairobi.", "The protest ended at noon."]
    assert "Advertisement" in a.removed and "(Reuters)" in a.removed


def test_whitespace_and_unicode_normalised():
    raw = RawRecord(text="  Rebels\u00a0 attacked\tthe\u200b base.  \n\n\nTroops  retreated. ", origin=Origin("x"))
    a = clean(raw)
    assert a.text == "Rebels attacked the base.\nTroops retreated."
    s = a.text.index("base")
    rs, re_ = a.raw_span(s, s + 4)
    assert raw.text[rs:re_] == "base"


def test_character_references_decoded_in_place():
    # plain-text exports of scraped pages keep HTML's references: "Jos&#233;" must be one word
    raw = RawRecord(text="Jos&#233; Ortiz met fans at the caf&eacute; for a Q&amp;A &bogus; today.", origin=Origin("x"))
    a = clean(raw)
    assert a.text == "José Ortiz met fans at the café for a Q&A &bogus; today."
    s = a.text.index("José")
    rs, re_ = a.raw_span(s, s + 4)
    assert raw.text[rs:re_] == "Jos&#233;"
    s = a.text.index("Q&A")
    rs, re_ = a.raw_span(s, s + 3)
    assert raw.text[rs:re_] == "Q&amp;A"


def test_dates():
    assert normalise_date("2017-11-20T10:00:00Z") == "2017-11-20"
    assert normalise_date("21 March 2020") == "2020-03-21"
    assert normalise_date("not a date") is None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_offset_map_is_total_and_monotonic(s):
    a = clean(RawRecord(text=s or "x", origin=Origin("h")))
    assert len(a.offset_map) == len(a.text) + 1
    assert all(x <= y for x, y in zip(a.offset_map, a.offset_map[1:], strict=False))
    for i, ch in enumerate(a.text):
        if ch.isascii() and ch.isalnum():
            assert ch in unicodedata.normalize("NFKC", a.raw_text[a.offset_map[i]])


def test_short_texts_abstain_rather_than_guess_another_language():
    assert detect_language("Rebels attacked village 12.") is None  # langid alone says Swedish
    assert detect_language("Rebellen griffen das Dorf an.") == "de"  # sure enough to skip
    long_de = "Die Polizei hat am Dienstag in der Hauptstadt zwölf Demonstranten festgenommen, teilte ein Sprecher mit."
    assert detect_language(long_de) == "de"


def test_debris_only_rule_keeps_real_short_items():
    for text in ("Share\nRebels attack village", "Share\nCopied\nTroops shelled the town overnight, killing three."):
        art = clean(RawRecord(text=text, origin=Origin("t")))
        assert art.text and not any("only page debris" in w for w in art.warnings), text
    art = clean(RawRecord(text="Share\nCopied\nEmail\nSubscribe now", origin=Origin("t"), title="Share"))
    assert art.text == "" and art.title is None and "Subscribe now" in art.removed


def test_lone_surrogates_repaired_wherever_they_are():
    raw = RawRecord(text="Police \udc00arrested ten people.", origin=Origin("t"), title="\ud800T", tags=["a\udfff"], meta={"k": {"\udc80": 1}})
    art = clean(raw)
    for s in (art.text, art.title, *art.tags, str(art.meta)):
        s.encode("utf-8")
    assert "\ufffd" in art.text and any("surrogate" in w for w in art.warnings)
