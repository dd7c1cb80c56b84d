"""Who said it: attribution inside a sentence, across a quotation, and through pronouns."""

from __future__ import annotations


def _by(coded, trigger):
    (e,) = [e for e in coded.events if trigger in e.trigger]
    return [(r.name or r.text) for r in e.reported_by]


def test_according_to(pipeline):
    coded = pipeline.code_text("Five civilians were killed in an airstrike on Idlib, according to the Syrian Observatory for Human Rights.", published="2020-02-03")
    assert _by(coded, "killed") == ["Syrian Observatory for Human Rights"]


def test_said_that_clause(pipeline):
    coded = pipeline.code_text("Police said gunmen attacked a bus near Mandera on Friday.", published="2020-02-03")
    assert any("Police" in x for x in _by(coded, "attacked"))


def test_quotation_across_sentences(pipeline):
    text = '"Militants attacked the checkpoint at dawn. They killed three soldiers," the provincial governor said.'
    coded = pipeline.code_text(text, published="2020-02-03")
    assert _by(coded, "attacked") and _by(coded, "attacked") == _by(coded, "killed")
    assert "governor" in coded.events[0].reported_by[0].text


def test_pronoun_source_refers_to_the_last_named_source(pipeline):
    text = (
        "The Syrian Observatory for Human Rights said on Sunday that ISIL militants withdrew from the town.\n"
        "It said the army shelled the outskirts overnight."
    )
    coded = pipeline.code_text(text, published="2017-11-20")
    assert _by(coded, "shelled") == ["Syrian Observatory for Human Rights"]


def test_unattributed_event_has_no_source(pipeline):
    coded = pipeline.code_text("Rebels attacked a police station in Kidal on Monday.", published="2020-02-03")
    assert _by(coded, "attacked") == []
