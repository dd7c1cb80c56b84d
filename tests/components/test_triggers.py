"""``triggers``: which sentences are parsed, and which words become event drafts."""

from __future__ import annotations

from eventcoder.clean import clean
from eventcoder.components.triggers import Triggers
from eventcoder.nlp import split_sentences
from eventcoder.records import Origin, RawRecord


def test_select_skips_sentences_without_a_trigger_form(pipeline) -> None:
    art = clean(RawRecord(text="The weather was mild all week. Rebels attacked a convoy near the border.", origin=Origin("<t>")))
    chosen = Triggers(pipeline.lexicon).select(art, split_sentences(art.text))
    assert [s.text for s in chosen] == ["Rebels attacked a convoy near the border."]


def test_a_licensing_word_next_to_the_trigger_joins_its_span(analyse) -> None:
    ctx = analyse("Government troops took control of the town on Friday.", ["triggers"])
    assert [(d.type, ctx.article.text[d.trigger_start : d.trigger_end]) for d in ctx.drafts] == [("ASSAULT", "took control")]


def test_drafts_come_in_text_order(analyse) -> None:
    ctx = analyse("Protesters marched in the capital. Later, soldiers arrested two organisers.", ["triggers"])
    assert [d.trigger_start for d in ctx.drafts] == sorted(d.trigger_start for d in ctx.drafts)
    assert {d.type for d in ctx.drafts} >= {"PROTEST", "COERCE"}
