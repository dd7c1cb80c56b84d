"""nlp: the memoized lemmatizer gives spaCy's own lemmas."""

from __future__ import annotations

import spacy

from eventcoder.nlp import MODEL_CANDIDATES, load_model, memoize_lemmatizer


def _fresh():
    for name in MODEL_CANDIDATES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise AssertionError("no spaCy model installed")


def test_memoized_lemmas_equal_spacys():
    texts = [
        "The protesters were dispersed after they had blocked the roads leading to parliament.",
        "She reads; he read; they are reading the reports the ministers wrote.",
        "Better armed fighters took the best positions and held them for days.",
    ] * 2
    plain = _fresh()
    memo = load_model()
    assert getattr(memo.get_pipe("lemmatizer"), "_eventcoder_memo", False)
    for a, b in zip(plain.pipe(texts), memo.pipe(texts), strict=True):
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]


def test_memoize_is_idempotent_and_bounded():
    nlp = _fresh()
    memoize_lemmatizer(nlp, max_entries=5)
    first = nlp.get_pipe("lemmatizer").lemmatize
    memoize_lemmatizer(nlp)
    assert nlp.get_pipe("lemmatizer").lemmatize is first
    doc = nlp("Soldiers were fighting in many villages while talks continued.")
    assert [t.lemma_ for t in doc][:3] == ["soldier", "be", "fight"]


def test_a_clock_time_before_a_weekday_or_time_zone_ends_no_sentence() -> None:
    from eventcoder.nlp import split_sentences

    text = "Shots rang out at about 11:15 p.m. Saturday outside a bar. Officers said one man died."
    assert [s.text for s in split_sentences(text)] == [
        "Shots rang out at about 11:15 p.m. Saturday outside a bar.",
        "Officers said one man died.",
    ]
    assert len(split_sentences("The rally began at 6 a.m. GMT on Sunday. Thousands came.")) == 2
    # before anything else a.m./p.m. may end the sentence
    assert [s.text for s in split_sentences("The shop shut at 8 p.m. Deputies arrived an hour later.")] == [
        "The shop shut at 8 p.m.",
        "Deputies arrived an hour later.",
    ]


def test_entities_added_later_equal_the_full_pipelines() -> None:
    """en_core_web_sm's NER has its own tok2vec: parsed without it, then run alone on some of
    the docs, those docs get exactly the full pipeline's entities (and the same parse)."""
    from eventcoder.nlp import add_entities, entities_separable, has_entities

    nlp = load_model()
    assert entities_separable(nlp)
    texts = [
        "Government troops retook the town of Marib from Houthi fighters on Tuesday, officials in Sanaa said.",
        "The prime minister, Ann Roe, met the French president in Paris to discuss the 2019 accord.",
        "nothing here is capitalised and nobody was hurt.",
        "Two police officers were wounded when protesters stormed the governor's office in Kisumu.",
    ]
    full = list(nlp.pipe(texts))
    part = list(nlp.pipe(texts, disable=["ner"]))
    assert not any(has_entities(d) for d in part)
    add_entities(nlp, [part[0], part[1], part[3]])
    assert [has_entities(d) for d in part] == [True, True, False, True]
    for i in (0, 1, 3):
        assert [(e.start, e.end, e.label_) for e in full[i].ents] == [(e.start, e.end, e.label_) for e in part[i].ents]
        assert [t.ent_type_ for t in full[i]] == [t.ent_type_ for t in part[i]]
    for f, p in zip(full, part, strict=True):
        assert [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in f] == [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in p]
    assert {e.label_ for e in part[0].ents} >= {"GPE", "DATE"}
    add_entities(nlp, [])  # nothing to do is no error


def test_a_model_whose_ner_listens_to_a_shared_tok2vec_is_not_separable() -> None:
    from eventcoder.nlp import entities_separable

    nlp = spacy.blank("en")
    assert not entities_separable(nlp)  # no NER at all
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                                         "extra_state_tokens": False, "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
                                         "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}}})
    assert not entities_separable(nlp)
