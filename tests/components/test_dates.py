"""``dates``: the clause's own time, a leading time, the story's time, or the publication week."""

from __future__ import annotations

import pytest

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


def test_a_sentence_initial_time_dates_every_act_of_the_sentence(analyse) -> None:
    ctx = analyse("In May, the journalist was detained and charged with sedition.", ORDER, published="2017-08-07")
    got = {ctx.article.text[d.trigger_start : d.trigger_end]: (d.date.value, d.date.precision, d.date.text) for d in ctx.drafts}
    assert got["detained"] == ("2017-05-01", "month", "In May")
    assert got["charged"] == ("2017-05-01", "month", "In May")


def test_a_coordinated_clause_takes_the_time_of_its_sentence(analyse) -> None:
    ctx = analyse("Militants raided the village on Tuesday and the army later responded with air strikes.", ORDER, published="2021-06-10")
    got = {ctx.article.text[d.trigger_start : d.trigger_end]: d.date for d in ctx.drafts}
    assert got["air strikes"].value == "2021-06-08" and got["air strikes"].basis == "text"


def test_a_clause_describing_an_event_noun_takes_the_nouns_time(analyse) -> None:
    ctx = analyse("The bombing, which killed nine people, happened on the evening of 12 March 2006 near the hotel.", ORDER)
    got = {ctx.article.text[d.trigger_start : d.trigger_end]: d.date for d in ctx.drafts}
    assert (got["killed"].value, got["killed"].precision) == ("2006-03-12", "day")


def test_without_a_publication_date_a_named_year_is_background(analyse) -> None:
    text = "Mr Lane, who resigned after his party's 2010 election defeat, says he will not run again."
    ctx = analyse(text, ORDER)
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "resigned")
    assert (d.date.value, d.historical) == ("2010-01-01", True)


def test_a_planned_act_in_a_named_year_is_not_background(analyse) -> None:
    ctx = analyse("The minister hoped the summit could set a date in 2006 for the start of negotiations with Ankara.", ORDER)
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "negotiations")
    assert d.date.value == "2006-01-01" and not d.historical


def test_the_page_stamp_dates_the_report(analyse) -> None:
    text = "Region profile Published 9 February 2019\nIn August 1999, a militant council declared a state and called on followers to take up arms."
    ctx = analyse(text, ORDER)
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "called")
    assert (d.date.value, d.historical) == ("1999-08-01", True)


def test_a_relative_time_is_judged_against_the_latest_stated_date(analyse) -> None:
    text = "Crowds marched through the capital on 7 August 2017. In May, the activist was detained."
    ctx = analyse(text, ORDER)
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "detained")
    assert d.date.value is None and d.date.text == "In May"  # no year is given: no value
    assert d.historical  # but May is months before the report's latest date


def test_a_time_of_a_noun_or_of_another_time_does_not_date_the_act(analyse) -> None:
    cases = {
        "Villagers held protests in the town following the killing of four herders by raiders on Sunday.": "protests",
        "Traders marched to show their opposition to holding the vote on Saturday.": "marched",
        "The nurses are protesting over unpaid wages, although the county received the money on Tuesday.": "protesting",
    }
    for text, trigger in cases.items():
        ctx = analyse(text, ORDER, published="2021-06-10")
        d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == trigger)
        assert d.date.basis == "publication", (text, d.date)


def test_since_names_the_start_of_a_span_not_the_acts_time(analyse) -> None:
    ctx = analyse("Hundreds of nurses marched to protest the non-payment of their wages since March.", ORDER, published="2021-06-10")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "marched")
    assert d.date.basis == "publication"


@pytest.mark.parametrize(
    ("text", "trigger", "value", "precision"),
    [
        # a "when" clause tells what happened at the time it describes, after "since" too
        ("Tensions have been high since February 2019, when a suicide bomber killed 40 police officers.", "killed", "2019-02-01", "month"),
        ("The insurgency began in October 2017, when gunmen attacked three police stations.", "attacked", "2017-10-01", "month"),
        ("The dispute goes back to talks in 2012, when the army withdrew and rebels seized the town.", "seized", "2012-01-01", "year"),
    ],
)
def test_a_when_clause_of_a_time_takes_that_time(analyse, text: str, trigger: str, value: str, precision: str) -> None:
    ctx = analyse("Troops shelled the hills on Monday. " + text, ORDER, published="2020-10-08")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == trigger)
    assert (d.date.value, d.date.precision, d.date.basis) == (value, precision, "text")
    assert d.historical


def test_a_when_clause_of_a_noun_is_not_a_time(analyse) -> None:
    ctx = analyse("Troops shelled the hills on Monday. Residents remember the day when gunmen attacked the market.", ORDER, published="2020-10-08")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "attacked")
    assert d.date.text is None or "Monday" not in d.date.text


def test_a_background_time_reaches_the_background_paragraph_not_the_news(analyse) -> None:
    """A sentence-initial background time dates the past-tense acts right after it, not the
    report's present nor an act sentences later, when the story is back in the news."""
    text = (
        "In June, rebels seized the airport. "
        "Within weeks, troops had attacked the rebels there. "
        "The army has sent more troops to the area. "
        "The road is quiet. Traders are back. Schools reopened. Buses run. Shops are open. "
        "The governor urged calm."
    )
    ctx = analyse(text, ORDER, published="2021-10-20")
    got = {ctx.article.text[d.trigger_start : d.trigger_end].split()[0]: d for d in ctx.drafts}
    assert got["attacked"].date.value == "2021-06-01" and got["attacked"].historical
    assert got["sent"].date.basis == "publication" and not got["sent"].historical
    assert got["urged"].date.basis == "publication" and not got["urged"].historical


def test_a_sentence_with_a_time_of_its_own_does_not_take_the_leads(analyse) -> None:
    text = "On Monday, gunmen attacked a convoy. The region has been tense since 2019, after rebels stormed the capital in 2019."
    ctx = analyse(text, ORDER, published="2021-10-20")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "stormed")
    assert d.date.value != "2021-10-18"


def test_a_time_said_inside_the_report_beats_the_reports_own(analyse) -> None:
    # "said today that gunmen stormed ... on Friday and burned ...": the burning is Friday's
    # (the time of the reported line it is told in), not the report's
    ctx = analyse("Officials said today that gunmen stormed the village on Friday and burned dozens of homes.", ORDER, published="2020-03-09")
    (d,) = [d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "burned"]
    assert (d.date.value, d.date.text) == ("2020-03-06", "on Friday")


def test_a_reported_act_without_a_time_takes_the_reports(analyse) -> None:
    ctx = analyse("Rebels seized the depot, a military spokesman said on Sunday.", ORDER, published="2017-11-20")
    (d,) = [d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "seized"]
    assert d.date.value == "2017-11-19"


def test_a_relative_clause_on_a_time_noun_dates_its_act(analyse) -> None:
    ctx = analyse("The decree was signed on 12 August, the same day the governor was assassinated.", ORDER, published="2019-10-03")
    (d,) = [d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "assassinated"]
    assert (d.date.value, d.historical) == ("2019-08-12", True)


def test_a_clause_describing_the_event_noun_dates_it(analyse) -> None:
    # the attack's own clause ("carried out ... on 6 May") dates it, not the confirmation's "today"
    ctx = analyse("Police confirmed today that the candidate survived a bomb attack carried out by rebels on 6 May.", ORDER, published="1990-05-09")
    (d,) = [d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "attack"]
    assert (d.date.value, d.date.text) == ("1990-05-06", "on 6 May")


def test_an_act_a_reaction_talks_about_is_not_dated_by_the_reaction(analyse) -> None:
    # the ministry's "today" is the condemnation's; the assassination is a known, earlier act
    ctx = analyse("The foreign ministry condemned today the assassination of the opposition leader.", ORDER, published="1990-01-13")
    (d,) = [d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "assassination"]
    assert (d.date.basis, d.date.text) == ("publication", None)
    # its own time still dates it, and a counter-act shares its object's time
    ctx = analyse("The president referred on Thursday to the murder of six priests on 16 November.", ORDER, published="1990-01-13")
    (d,) = [d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "murder"]
    assert (d.date.value, d.date.text) == ("1989-11-16", "on 16 November")


def test_a_time_of_a_clause_describing_what_framed_the_act_dates_it(analyse) -> None:
    # "during X that happened <time>": the clause tells when X happened, "during" puts the act in it
    text = "Two traders were injured during a wave of bombings that hit the market town last night."
    ctx = analyse(text, ORDER, published="1991-04-12")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "injured")
    assert (d.date.value, d.date.text, d.date.basis) == ("1991-04-11", "last night", "text")


def test_a_time_of_a_clause_describing_a_place_does_not_date_the_act(analyse) -> None:
    text = "Two soldiers were killed in a village that was founded in 1850."
    ctx = analyse(text, ORDER, published="1991-04-12")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "killed")
    assert d.date.basis == "publication"


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("On Friday, the bishop gave evidence to the court regarding the murder of the two nuns.", "murder"),
        ("The judge opened on Monday the investigation of the bombing of the bus station.", "bombing"),
    ],
)
def test_an_act_talked_about_does_not_take_the_talks_time(analyse, text, trigger) -> None:
    ctx = analyse(text, ORDER, published="1990-03-09")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == trigger)
    assert d.date.basis == "publication" and d.date.text is None


@pytest.mark.parametrize(
    "text",
    [
        # a clause of beginning tells when the span began, not when the act inside it happened
        "During the hearing, which opened in March, the general denied ordering the killings.",
        "Amid the offensive that began in February, rebels shelled the port town.",
        # "throughout" spans its object (or a place: "throughout the country, which ...")
        "Throughout the siege, which ended in March, rebels shelled the port town.",
    ],
)
def test_a_clause_of_beginning_or_a_span_does_not_lend_its_time(analyse, text: str) -> None:
    ctx = analyse(text, ORDER, published="2021-06-10")
    (d,) = [d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] in ("denied", "shelled")]
    assert d.date.text is None
    assert d.date.basis in ("publication", None)


def test_a_framing_clause_that_is_not_of_beginning_still_dates_the_act(analyse) -> None:
    text = "Amid the fighting that broke out on Sunday, rebels shelled the port town."
    ctx = analyse(text, ORDER, published="2021-06-10")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] == "shelled")
    assert (d.date.value, d.date.basis) == ("2021-06-06", "text")


@pytest.mark.parametrize(
    "text",
    [
        # the parser hangs the time on the participle describing the place: a state has no time
        "A bomb went off at a bank located in the old quarter of the city last night.",
        "A car bomb damaged a school situated in a southern district of the capital last night.",
    ],
)
def test_a_time_on_a_stative_participle_dates_the_clause_of_its_noun(analyse, text: str) -> None:
    ctx = analyse(text, ORDER, published="1991-04-12")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end] in ("bomb", "went off", "damaged"))
    assert (d.date.value, d.date.text, d.date.basis) == ("1991-04-11", "last night", "text")
