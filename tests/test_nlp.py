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
