"""``headline.headline_span``: the line a text opens with when it is a headline (invented lines)."""

from __future__ import annotations

import pytest

from eventcoder.headline import headline_span, in_headline


@pytest.mark.parametrize(
    ("text", "title", "is_headline"),
    [
        # headline-ese ending bare, then a body
        ("Teenager dies in shooting at shopping centre\n\nA 16-year-old boy died on Sunday.", None, True),
        # a time stamp run into the headline line still ends bare
        ("Two hurt in stabbing; suspect held Updated: Friday, May 2, 2014 6:10 PM EDT\n\nTwo men were hurt.", None, True),
        # Title Case, even with a converter's final stop
        ("Senator: Rivals Will Not Be at the Hearing, Panel Was 'Misled'.\n\nThe senator said on Sunday ...", None, True),
        # the record's own title, in sentence case with a stop
        ("Union backs the mayor in runoff.\n\nThe transit union endorsed the mayor.", "Union backs the mayor in runoff", True),
        # a lead sentence of prose is no headline
        ("The finance minister will present the budget on 4 April, the ministry has announced.\nThe budget is the last.", None, False),
        # a lead sentence run into a section heading is prose
        ("On 3 May 2016 in Kunduz, a bomber blew himself up, killing four soldiers. ==Victims=\nThe dead were ...", None, False),
        # nothing after the first line: no body, no headline
        ("Teenager dies in shooting at shopping centre", None, False),
    ],
)
def test_headline_span_reads_the_form_of_the_first_line(text, title, is_headline) -> None:
    span = headline_span(text, title)
    assert (span is not None) is is_headline
    if span is not None:
        assert text[span[0] : span[1]] == text.split("\n")[0].rstrip()
        assert in_headline(span, 0) and not in_headline(span, text.index("\n") + 1)


def test_a_long_first_line_is_prose_whatever_its_end() -> None:
    line = " ".join(["word"] * 40)
    assert headline_span(line + "\n\nBody text follows here.") is None
