"""``actors`` with ``full_name_entities = false``: no entity recogniser for the sentences that
only name someone in full; ``People`` reads such a parsed sentence from its surface, as it
reads a sentence that was not parsed (x14parse)."""

from __future__ import annotations

from eventcoder.components.actors import Actors, People
from eventcoder.components.base import ArticleContext, ParsedSentence
from eventcoder.nlp import ENTITY_PIPE, has_entities, split_sentences

TEXT = "Interior Minister Lena Varga toured the harbour district on Tuesday. Ms Varga later met the mayor."


def _parsed(pipeline, text: str) -> tuple[list, list[ParsedSentence]]:
    sents = split_sentences(text)
    docs = list(pipeline.nlp.pipe([s.text for s in sents], disable=[ENTITY_PIPE]))
    return sents, [ParsedSentence(s, d) for s, d in zip(sents, docs, strict=True)]


def test_a_parsed_sentence_without_entities_is_read_from_its_surface(pipeline) -> None:
    sents, parsed = _parsed(pipeline, TEXT)
    assert not any(has_entities(p.doc) for p in parsed)
    plain = People.build(parsed, pipeline.actors, sents, surface_plain=True)
    assert "Lena Varga" in {p.name for p in plain.persons}
    # the default keeps a parsed sentence to its entities (none here): nobody is found
    assert People.build(parsed, pipeline.actors, sents).persons == []


def test_no_full_name_sentences_are_asked_for(pipeline) -> None:
    sents, parsed = _parsed(pipeline, TEXT)
    ctx = ArticleContext(None, sents, parsed)  # type: ignore[arg-type]
    assert Actors(pipeline.actors).needs_entities(ctx) == [0, 1]
    assert Actors(pipeline.actors, full_name_entities=False).needs_entities(ctx) == []
