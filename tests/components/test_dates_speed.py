"""``EventDates`` reuses the calendar dates ``Dates`` found: the same as scanning again."""

from __future__ import annotations

import pytest

from eventcoder.components import dates as D
from eventcoder.temporal import find_expressions

SENTENCES = [
    "On 12 March 2021, gunmen attacked a convoy near the border, two days after the talks.",
    "The ministry said on Tuesday that the strike of March 3, 2020 killed nine people.",
    "Protesters returned the next day, and again in May 2019, a spokesman said.",
    "Updated: Monday, July 7, 2014 6:44 PM. Troops withdrew from the town later that month.",
    "No date at all in this sentence about the ceasefire.",
    "The 2003-04-09 statement was read again a week later, on 2003-04-16.",
]


@pytest.mark.parametrize("published", [None, "2021-03-15"])
@pytest.mark.parametrize("anchor", [None, ("2021-03-10", "day"), ("2019-05-01", "month")])
def test_remembered_calendar_dates_are_a_fresh_scans(published, anchor):
    D._CALENDAR_SEEN.clear()
    for text in SENTENCES:
        fresh = [t for t in find_expressions(text, published) if t.kind in D._CALENDAR]
        D.remember_calendar(text, published, find_expressions(text, published, anchor))
        assert D.calendar_times(text, published) == fresh
    assert any(D.calendar_times(t, published) for t in SENTENCES)  # the cases have dates


def test_unseen_sentence_is_scanned_and_the_memo_is_bounded(monkeypatch):
    D._CALENDAR_SEEN.clear()
    monkeypatch.setattr(D, "_CALENDAR_SEEN_MAX", 3)
    assert [t.text for t in D.calendar_times(SENTENCES[0], None)] == ["12 March 2021"]
    for k in range(10):
        D.remember_calendar(f"s{k}", None, [])
    assert len(D._CALENDAR_SEEN) <= 3


def test_the_time_prefilter_is_pinned_to_the_patterns_it_was_checked_against():
    """``dates._MAYBE_TIME`` claims every pattern needs a digit, a month's first letters or a
    word of time. When a pattern of ``temporal.py`` changes, check that claim for it, then
    update the fingerprint here."""
    import hashlib

    from eventcoder.temporal import _PATTERNS

    fingerprint = hashlib.sha256(repr([(k, p.pattern, p.flags) for k, p in _PATTERNS]).encode()).hexdigest()[:16]
    assert fingerprint == "7a85bb3644809e9b", "temporal._PATTERNS changed: re-check dates._MAYBE_TIME"


def test_find_times_is_find_expressions():
    from pathlib import Path

    from eventcoder.nlp import split_sentences

    root = Path(__file__).resolve().parents[2]
    texts = [*SENTENCES, "Aid arrived at dawn.", "It rained on the 3rd.", "Talks resume in Sept.", "In ſeptember 2019."]
    for path in sorted((root / "src" / "eventcoder" / "samples").glob("*.txt")):
        texts += [s.text for s in split_sentences(path.read_text("utf-8"))]
    bbc = root.parent / "shared" / "bench" / "bbc-news"
    for path in sorted(bbc.glob("*/*.txt"))[::100]:  # a few dozen articles, when present
        texts += [s.text for s in split_sentences(path.read_text("utf-8", errors="replace"))]
    skipped = 0
    for text in texts:
        for published, anchor in ((None, None), ("2020-06-01", ("2020-05-30", "day"))):
            assert D.find_times(text, published, anchor) == find_expressions(text, published, anchor), text
        skipped += D._MAYBE_TIME.search(text) is None
    assert skipped  # the shortcut is taken
