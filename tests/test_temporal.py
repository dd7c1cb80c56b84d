"""Time expressions resolved against the publication date, with honest precision."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.temporal import find_expressions


@pytest.mark.parametrize(
    ("text", "published", "value", "precision"),
    [
        ("a news service said on Sunday", "2017-11-20", "2017-11-19", "day"),  # a Monday
        ("on Monday", "2017-11-20", "2017-11-20", "day"),
        ("earlier this month", "2017-11-20", "2017-11-01", "month"),
        ("the caliphate it declared in 2014", "2017-11-20", "2014-01-01", "year"),
        ("On 21 March 2020, 12 Taliban militants were killed", "2020-03-23", "2020-03-21", "day"),
        ("on March 21, 2020", None, "2020-03-21", "day"),
        ("yesterday", "2020-01-01", "2019-12-31", "day"),
        ("last week", "2017-11-20", "2017-11-13", "week"),
        ("last month", "2020-01-15", "2019-12-01", "month"),
        ("on 28 December", "2020-01-03", "2019-12-28", "day"),
        ("in November 2019", None, "2019-11-01", "month"),
    ],
)
def test_resolution(text, published, value, precision):
    (e, *_) = find_expressions(text, published)
    assert (e.value, e.precision) == (value, precision)


def test_relative_without_publication_date_keeps_text_only():
    (e,) = find_expressions("said on Sunday", None)
    assert e.value is None and e.precision is None and e.text == "on Sunday"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.dates().map(lambda d: d.isoformat()) | st.none())
def test_never_crashes_and_spans_are_exact(s, published):
    for e in find_expressions(s, published):
        assert s[e.start : e.end] == e.text
        assert e.precision in (None, "day", "week", "month", "year")


@pytest.mark.parametrize(
    ("text", "anchor", "value", "precision"),
    [
        ("the next day", ("2013-04-15", "day"), "2013-04-16", "day"),
        ("a day later", ("2013-04-15", "day"), "2013-04-16", "day"),
        ("three days later", ("2013-04-15", "day"), "2013-04-18", "day"),
        ("Days later, he was caught", ("2013-04-15", "day"), "2013-04-18", "week"),
        ("later that year", ("2013-04-15", "day"), "2013-01-01", "year"),
        ("the next day", ("2013-04-01", "month"), "2013-04-01", "month"),  # no finer than its anchor
    ],
)
def test_anchored_relatives_count_from_the_previous_stated_date(text, anchor, value, precision):
    (e,) = find_expressions(text, "2020-01-01", anchor)
    assert (e.value, e.precision) == (value, precision)


def test_anchored_relative_without_a_stated_date_counts_from_the_report():
    (e,) = find_expressions("the previous day", "2020-01-01")
    assert (e.value, e.precision) == ("2019-12-31", "day")
    (e,) = find_expressions("the following day", None)
    assert e.value is None and e.text == "the following day"


def test_a_page_stamp_is_not_an_event_time():
    assert find_expressions("Two men hurt; one held Updated: Friday, March 4, 2016 8:10 AM EST", "2015-02-01") == []


def test_weekday_belongs_to_the_full_date_it_opens():
    (e,) = find_expressions("on Monday, July 7, 2014", "2014-07-09")
    assert (e.value, e.precision) == ("2014-07-07", "day")


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("after his club's 2010 title win", "2010-01-01", "year"),
        ("two years ago", "2018-01-01", "year"),
        ("three months ago", "2020-03-01", "month"),
    ],
)
def test_possessive_years_and_units_ago(text, value, precision):
    (e,) = find_expressions(text, "2020-06-15")
    assert (e.value, e.precision) == (value, precision)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("talks resume next Tuesday", "2021-06-15"),  # a Friday report: the Tuesday after it
        ("the vote is on the coming Friday", "2021-06-18"),  # the same weekday: a week on
        ("they met on Tuesday", "2021-06-08"),  # the past one, as before
    ],
)
def test_next_weekday_is_after_the_report(text, value):
    (e,) = find_expressions(text, "2021-06-11")
    assert e.value == value


def test_a_future_clauses_weekday_is_ahead():
    from eventcoder.temporal import ahead

    (e,) = find_expressions("will meet on Tuesday", "2021-06-11")
    assert e.value == "2021-06-08"
    assert ahead(e, "2021-06-11").value == "2021-06-15"
    (last,) = find_expressions("last Tuesday", "2021-06-11")
    assert ahead(last, "2021-06-11").value == "2021-06-08"


def test_a_capitalised_may_is_the_month_and_the_modal_is_not():
    (e,) = find_expressions("In May, she was detained and charged.", "2017-08-07")
    assert (e.kind, e.value, e.precision) == ("month_only", "2017-05-01", "month")
    assert find_expressions("officials said the vote in may be delayed", "2017-08-07") == []


def test_the_second_year_of_a_pair_is_read():
    found = find_expressions("In 1994 and 1997, gunmen took hostages in two towns.", None)
    assert [(e.value, e.precision) for e in found] == [("1994-01-01", "year"), ("1997-01-01", "year")]
    assert find_expressions("They had 2000 and 3000 rifles.", None) == []


def test_in_the_last_week_is_not_last_week():
    assert [e.kind for e in find_expressions("two people were killed in the last week", "2021-06-10")] == []
    (e,) = find_expressions("two people were killed last week", "2021-06-10")
    assert e.kind == "last_week"


def test_hours_later_is_the_anchors_day():
    (e,) = find_expressions("Hours later, police stormed the building.", None, anchor=("2019-03-01", "day"))
    assert (e.value, e.precision) == ("2019-03-01", "day")


def test_the_page_header_stamp_is_the_publication_date():
    from eventcoder.temporal import page_date

    assert page_date("Country profile Published 9 February 2019\nThe republic lies in the mountains.") == "2019-02-09"
    assert page_date("Posted 4:10 PM, June 2, 2016\nA man was shot.") == "2016-06-02"
    # a report the story is about, in a line of prose, is not the page's date
    prose = "Title\nThe audit, published on Monday, 3 May 2015, found that the ministry had lost track of many of the contracts it signed over the last few years."
    assert page_date(prose) is None
    assert page_date("A man was shot on 2 June 2016 outside a bar.") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("In the afternoon, troops left the town.", "2019-03-01"),
        ("Overnight, rebels shelled the hills.", "2019-03-01"),
        ("Four hours later, police sealed the road.", "2019-03-01"),
        ("Two days later, the army withdrew.", "2019-03-03"),
    ],
)
def test_parts_and_hours_of_the_storys_day(text, value):
    (e,) = find_expressions(text, None, anchor=("2019-03-01", "day"))
    assert (e.value, e.precision) == (value, "day")


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        # a part of a day after a month names a day, and the only day is the report's
        ("The coalition says it struck the bridge overnight.", "2016-10-17", "day"),
        ("In the morning, crowds gathered again.", "2016-10-17", "day"),
        # "that day" still belongs to the story's stated period, however coarse
        ("Later that day, police sealed the road.", "2016-07-01", "month"),
    ],
)
def test_a_part_of_a_day_after_a_month_counts_from_the_report(text, value, precision):
    (e,) = find_expressions(text, "2016-10-17", anchor=("2016-07-01", "month"))
    assert (e.value, e.precision) == (value, precision)


def test_a_weekday_naming_a_paper_is_not_a_time():
    assert find_expressions("a book by Sunday Telegraph journalist Robert Hale", "2021-06-10") == []
    (e,) = find_expressions("On Tuesday Mr Hale said it was over", "2021-06-10")
    assert e.value == "2021-06-08"


def test_each_pattern_skipped_without_its_cue_never_matches_without_it() -> None:
    """``find_expressions`` skips a pattern when the text lacks what all its matches contain
    (a digit, a month's three letters, "day"): check that claim on every match in invented
    text and, where the bench is present, in BBC articles."""
    from pathlib import Path

    from eventcoder.temporal import _CUES, _DIGIT, _DIGIT_KINDS, _NEEDS, _PATTERNS

    texts = [
        "On Tuesday, 3rd of March 2005, troops entered; on Sept. 14 they left, and in May 2004 and early June "
        "they came back; on March 21, 2020 too, and on 14 March they met again. The 2003 war, its 2001 budget, 2005-03-01, the next Friday evening, since 1999.",
        "Yesterday and last night, today and tonight, this morning; earlier this week, last week, three days ago, "
        "two years ago, later this month, last month, this year, last year, the following morning, a day earlier, "
        "four hours afterwards, weeks later, that same evening, overnight, after midnight, the same month, that year, "
        "the following year, held from 1996 to 2001.",
    ]
    bench = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "bbc-news"
    texts += [p.read_text(errors="replace") for p in sorted(bench.rglob("*.txt"))[::20]]
    seen = set()
    for kind, pat in _PATTERNS:
        for x in texts:
            for m in pat.finditer(x):
                seen.add(kind)
                for need in _NEEDS.get(kind, ()):
                    assert need.search(m.group(0)), (kind, m.group(0))
                # the plain-word cues read on ASCII text
                cues = _CUES.get(kind)
                assert cues is None or any(c in m.group(0).lower() for c in cues), (kind, m.group(0))
                assert kind not in _DIGIT_KINDS or _DIGIT.search(m.group(0)), (kind, m.group(0))
    assert set(_NEEDS) <= seen  # every claim was put to the test
    # every kind has its cues (the digit kinds: a digit at least), each put to the test
    assert {k for k, _ in _PATTERNS} == set(_CUES) | _DIGIT_KINDS == seen


def test_skipping_patterns_keeps_every_expression() -> None:
    from eventcoder.temporal import find_expressions

    # no digit: the digit patterns are skipped, the others still find theirs
    got = [(t.kind, t.text) for t in find_expressions("Troops came back on Monday night and left in June, days later.", "2005-03-01")]
    assert got == [("weekday", "on Monday night"), ("month_only", "in June"), ("vague_later", "days later")]


def test_an_anchored_time_counts_from_an_earlier_time_of_its_own_sentence():
    # "the same day" names the day just stated, not the story's previous date
    (first, same) = find_expressions("The order came on 9 June, the same day the mayor was shot.", "2019-07-20", anchor=("2019-07-18", "day"))
    assert (first.value, same.value, same.precision) == ("2019-06-09", "2019-06-09", "day")
    # without an earlier time in the sentence the story's previous date still anchors it
    (e,) = find_expressions("The mayor was shot the same day.", "2019-07-20", anchor=("2019-07-18", "day"))
    assert e.value == "2019-07-18"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The rebels held the valley from 1996 to 2001.", "1996-01-01"),
        ("Fighting flared between 2008 and 2010.", "2008-01-01"),
        ("Throughout 2015 the port stayed closed.", "2015-01-01"),
    ],
)
def test_a_span_of_years_starts_at_its_first(text, value):
    (e, *_) = find_expressions(text, None)
    assert (e.value, e.precision) == (value, "year")


@pytest.mark.parametrize(
    ("text", "anchor", "value", "precision"),
    [
        ("The following year, the army withdrew.", ("2012-05-04", "day"), "2013-01-01", "year"),
        ("The next month, talks resumed.", ("2012-05-04", "day"), "2012-06-01", "month"),
        ("The next month, talks resumed.", ("2012-01-01", "year"), "2012-01-01", "year"),
        ("The following week, the governor resigned.", ("2012-05-04", "day"), "2012-05-11", "week"),
    ],
)
def test_the_next_period_counts_from_the_storys_date(text, anchor, value, precision):
    (e,) = find_expressions(text, "2020-01-01", anchor=anchor)
    assert (e.value, e.precision) == (value, precision)


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("two engineers were seized on 4 and 5 March by a rebel unit", "1990-03-20", "1990-03-04"),
        ("the strike of 10-12 June 2019 closed the port", None, "2019-06-10"),
        ("the talks ran from 7 to 9 May", "2021-05-20", "2021-05-07"),
    ],
)
def test_a_pair_or_range_of_days_is_its_first_day(text, published, value):
    (e, *_) = find_expressions(text, published)
    assert (e.value, e.precision) == (value, "day")


def test_a_count_before_a_day_is_not_a_range():
    (e, *_) = find_expressions("rebels killed 5 and wounded 12 on 4 May", "2021-05-20")
    assert (e.text, e.value) == ("on 4 May", "2021-05-04")
