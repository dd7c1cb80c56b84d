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
