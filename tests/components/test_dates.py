"""``dates``: the clause's own time, a leading time, the story's time, or the publication week."""

from __future__ import annotations

ORDER = ["triggers", "dates"]


def test_the_clause_time_wins(analyse) -> None:
    ctx = analyse("Gunmen attacked a bus on Tuesday.", ORDER, published="2021-06-10")
    (d,) = ctx.drafts
    assert (d.date.value, d.date.precision, d.date.basis) == ("2021-06-08", "day", "text")


def test_a_dateline_sentence_carries_forward(analyse) -> None:
    ctx = analyse("4 May. A crowd burned a police post in the market town.", ORDER, published="2021-05-04")
    d = ctx.drafts[0]
    assert d.date.value == "2021-05-04" and d.date.basis in ("text", "narrative")


def test_undated_current_news_gets_the_publication_week(analyse) -> None:
    ctx = analyse("Soldiers arrested three smugglers at the port.", ORDER, published="2021-06-10")
    (d,) = ctx.drafts
    assert (d.date.value, d.date.precision, d.date.basis, d.date.text) == ("2021-06-10", "week", "publication", None)


def test_no_publication_date_means_no_value(analyse) -> None:
    ctx = analyse("Soldiers arrested three smugglers at the port.", ORDER)
    (d,) = ctx.drafts
    assert d.date.value is None


def test_an_event_dated_months_before_publication_is_historical(analyse) -> None:
    ctx = analyse("The 2014 attack on the port killed ten. In March 2021 rebels seized a depot. On Monday troops shelled the hills.", ORDER, published="2021-06-10")
    flags = {ctx.article.text[d.trigger_start : d.trigger_end]: (d.date.value, d.historical) for d in ctx.drafts}
    assert flags["seized"] == ("2021-03-01", True)
    assert flags["shelled"] == ("2021-06-07", False)
    assert flags["killed"] == ("2014-01-01", True)  # a year modifying the event noun dates it


def test_undated_events_are_never_called_historical(analyse) -> None:
    ctx = analyse("Soldiers arrested three smugglers at the port.", ORDER, published="2021-06-10")
    assert [d.historical for d in ctx.drafts] == [False]


def test_a_when_clauses_time_dates_the_main_act(analyse) -> None:
    ctx = analyse("Two soldiers were killed when a mine went off under their truck on Tuesday.", ORDER, published="2021-06-11")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "killed")
    assert (d.date.value, d.date.precision, d.date.basis) == ("2021-06-08", "day", "text")


def test_an_after_clauses_time_does_not_date_the_main_act(analyse) -> None:
    ctx = analyse("Troops withdrew from the town after fighters attacked it on Wednesday.", ORDER, published="2021-06-11")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "withdrew")
    assert d.date.text is None  # the withdrawal followed the attack; when, the sentence does not say
