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


# invented: a full name before the act and another only after it
ACT_BETWEEN = (
    "Interior Minister Lena Varga toured the harbour district on Tuesday. "
    "Rebels attacked a police post in the north on Wednesday. "
    "Ms Varga grew up in the port city with Mayor Tom Okafor."
)


def test_before_events_asks_only_for_names_a_later_act_can_refer_back_to(pipeline) -> None:
    sents, parsed = _parsed(pipeline, ACT_BETWEEN)
    ctx = ArticleContext(None, sents, parsed)  # type: ignore[arg-type]
    assert Actors(pipeline.actors).needs_entities(ctx) == [0, 2]
    assert Actors(pipeline.actors, full_name_entities="before_events", lexicon=pipeline.lexicon).needs_entities(ctx) == [0]
    # no trigger match at all: no full-name sentence is asked for
    sents, parsed = _parsed(pipeline, "Interior Minister Lena Varga toured the harbour district on Tuesday. Ms Varga grew up in the port city.")
    ctx = ArticleContext(None, sents, parsed)  # type: ignore[arg-type]
    assert Actors(pipeline.actors, full_name_entities="before_events", lexicon=pipeline.lexicon).needs_entities(ctx) == []


def test_a_bad_full_name_setting_is_a_coded_error(pipeline) -> None:
    import pytest

    from eventcoder.errors import ConfigError

    for bad, lexicon in (("sometimes", pipeline.lexicon), ("before_events", None)):
        with pytest.raises(ConfigError) as err:
            Actors(pipeline.actors, full_name_entities=bad, lexicon=lexicon)
        assert err.value.code == "E576"
