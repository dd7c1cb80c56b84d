"""``street_spans`` skips the street patterns for a text holding none of their closing words:
the spans are those of scanning every text."""

from __future__ import annotations

from eventcoder.geo import spans
from eventcoder.geo.words import STREET, STREET_PAIR, STREET_PLURAL_WORD_LIST, STREET_WORD_LIST

TEXTS = [
    "Protesters marched down Kenyatta Avenue before police dispersed them near Moi Avenue.",
    "The blast hit a cafe on 14th Street, close to the junction with Harbour Road.",
    "Shops on Tahrir and Talaat Harb streets stayed shut.",
    "Traffic was diverted after a crash on the A14 near the junction, police said.",
    "The minister visited Nairobi and Mombasa on Tuesday.",  # no street word: nothing to find
    "Crowds gathered on the parade ground; a lane was closed.",  # lower case: no match either
    "From Main Street to the St. Mary's church, 5 N. Oak Lane residents were evacuated.",
]


def _scanned(text):
    """``street_spans`` without the prefilter."""
    saved = spans.STREET_WORD_LIST, spans.STREET_PLURAL_WORD_LIST
    spans.STREET_WORD_LIST, spans.STREET_PLURAL_WORD_LIST = ("",), ("",)  # "" is in every text
    try:
        return spans.street_spans(text)
    finally:
        spans.STREET_WORD_LIST, spans.STREET_PLURAL_WORD_LIST = saved


def test_same_spans_with_and_without_the_prefilter():
    found = 0
    for text in TEXTS:
        assert spans.street_spans(text) == _scanned(text)
        found += len(spans.street_spans(text))
    assert found >= 6


def test_every_match_holds_a_listed_word():
    # the prefilter's premise, on every match of the patterns over the texts
    for text in TEXTS:
        for m in STREET.finditer(text):
            assert any(w in m.group() for w in STREET_WORD_LIST)
        for m in STREET_PAIR.finditer(text):
            assert any(w in m.group() for w in STREET_PLURAL_WORD_LIST)
