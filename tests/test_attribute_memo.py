"""``speech_sources`` is memoised per sentence: the same answer as computing it afresh, and a
fresh answer once the on-demand NER has labelled the sentence (the speaker's ``person`` flag
reads the entity labels)."""

from __future__ import annotations

import dataclasses

import pytest

from eventcoder.attribute import Source, _speech_sources, speech_sources
from eventcoder.nlp import ENTITY_PIPE, add_entities, has_entities


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


def _parse(nlp, text, entities=True):
    disable = [] if entities else [ENTITY_PIPE]
    return next(nlp.pipe([text], disable=disable))


def test_memo_gives_the_fresh_answer(nlp):
    doc = _parse(
        nlp, "Maria Okafor, the regional governor, said on Monday that the talks had failed."
    )
    first = speech_sources(doc)
    assert first and first == _speech_sources(doc)
    again = speech_sources(doc)
    assert again == first
    again.clear()  # each call hands out its own dict: a caller's change reaches no other caller
    assert speech_sources(doc) == first


def test_sources_are_frozen(nlp):
    doc = _parse(nlp, "The ministry said the convoy was attacked near the border.")
    (src,) = speech_sources(doc).values()
    with pytest.raises(dataclasses.FrozenInstanceError):
        src.who = "someone else"  # type: ignore[misc]
    assert isinstance(src, Source)


def test_asked_again_after_the_entities_are_added(nlp):
    # before its NER the speaker is no PERSON; once the labels are added in place, the memo
    # must not hand back the answer read without them
    text = "Daniel Mwangi said the protesters had blocked the highway."
    doc = _parse(nlp, text, entities=False)
    assert not has_entities(doc)
    before = speech_sources(doc)
    assert before == _speech_sources(doc)
    add_entities(nlp, [doc])
    assert has_entities(doc)
    after = speech_sources(doc)
    assert after == _speech_sources(doc)
    assert [s.person for s in before.values()] == [False]  # read without the labels
    assert [s.person for s in after.values()] == [True]  # the memo answered afresh
    assert after == _speech_sources(_parse(nlp, text))


def test_a_span_is_answered_without_a_memo(nlp):
    doc = _parse(nlp, "Officials said two people were hurt. The mayor said the road would reopen.")
    span = doc[0 : len(doc)]
    assert speech_sources(span) == _speech_sources(span)
