"""``dates`` and ``event_dates`` on long-form news: background, anchors, re-statements."""

from __future__ import annotations

ORDER = ["triggers", "dates"]
#: the components an event needs before ``event_dates`` (no learned filter, no coreference)
EVENT_ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "confidence", "mentions", "event_dates"]


def _by_trigger(ctx) -> dict[str, object]:
    return {ctx.article.text[d.trigger_start : d.trigger_end]: d for d in ctx.drafts}


def test_the_next_day_counts_from_the_previous_stated_date(analyse) -> None:
    ctx = analyse("On 4 March 2020 militants seized the town. The next day the army shelled the hills around it.", ORDER, published="2020-06-30")
    d = _by_trigger(ctx)["shelled"]
    assert (d.date.value, d.date.precision) == ("2020-03-05", "day")
    assert d.historical  # months before the report


def test_a_background_clause_is_historical_and_undated(analyse) -> None:
    ctx = analyse("Rebels attacked the garrison years ago, a local official said.", ORDER, published="2021-06-10")
    (d,) = ctx.drafts
    assert d.historical
    assert d.date.value is None  # never the publication week


def test_current_news_stays_current(analyse) -> None:
    ctx = analyse("Rebels attacked the garrison on Tuesday, a local official said.", ORDER, published="2021-06-10")
    (d,) = ctx.drafts
    assert not d.historical and d.date.value == "2021-06-08"


def test_a_time_of_the_clause_above_a_described_noun_does_not_date_it(analyse) -> None:
    text = "A clerk identified the suspect in court on Friday as the man who hired the lorry used in the bombing of the embassy."
    ctx = analyse(text, ORDER, published="2016-05-02")
    d = _by_trigger(ctx).get("bombing")
    assert d is not None
    assert d.date.text != "on Friday"


def test_without_a_publication_date_history_is_judged_against_the_latest_stated_date(analyse) -> None:
    text = "In August 1999 gunmen stormed a village in the hills. On 3 November 2004 protesters marched through the capital."
    ctx = analyse(text, ORDER)
    by = _by_trigger(ctx)
    assert by["stormed"].historical and by["stormed"].date.value == "1999-08-01"
    assert not by["marched"].historical


def test_the_shooting_happened_at_dates_the_earlier_report(analyse) -> None:
    text = "A teenager was shot outside a bar in the old town, police said. The shooting happened late Saturday night near the station."
    ctx = analyse(text, EVENT_ORDER, published="2019-03-12")  # a Tuesday
    first = min(ctx.drafts, key=lambda d: d.trigger_start)
    assert ctx.article.text[first.trigger_start : first.trigger_end] == "shot"
    assert (first.date.value, first.date.precision) == ("2019-03-09", "day")


def test_a_generic_incident_restatement_across_a_clock_time(analyse) -> None:
    text = "A boy was wounded when a gun went off in his home. The incident happened about 9:15 p.m. Sunday in the kitchen, officers said."
    ctx = analyse(text, EVENT_ORDER, published="2019-03-12")
    first = min(ctx.drafts, key=lambda d: d.trigger_start)
    assert first.date.value == "2019-03-10"


def test_an_event_dated_in_its_own_clause_keeps_its_date(analyse) -> None:
    text = "Troops shelled the village on Monday. The shelling happened as families slept on Saturday."
    ctx = analyse(text, EVENT_ORDER, published="2019-03-12")
    first = min(ctx.drafts, key=lambda d: d.trigger_start)
    assert first.date.value == "2019-03-11"


def test_without_a_publication_date_a_weekday_names_the_latest_stated_date_of_that_weekday(analyse) -> None:
    text = ("Police questioned the owner after Saturday's bombing of the depot. On May 27, 2017 a fire broke out at a farm. "
            "Firefighters at the depot in Leeds, Britain, June 3, 2017, searched the ruins.")
    ctx = analyse(text, ORDER)
    d = _by_trigger(ctx)["bombing"]
    assert (d.date.value, d.date.precision) == ("2017-06-03", "day")  # a Saturday
    ctx = analyse(text.replace("Saturday", "Monday"), ORDER)
    assert _by_trigger(ctx)["bombing"].date.value is None


def test_in_the_past_week_is_not_background(analyse) -> None:
    ctx = analyse("Gangs burned twelve houses in the past week in the valley.", ORDER, published="2021-06-10")
    (d,) = ctx.drafts
    assert not d.historical and d.date.value == "2021-06-10"


# --- a noun's own time; background acts without a time; aims ------------------------------------

#: the whole path to ``event_dates`` with the learned filter left out (it may drop a test's act)
FULL_ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "intent", "confidence", "mentions", "event_dates"]


def test_a_time_before_a_noun_dates_that_nouns_act_not_the_clauses(analyse) -> None:
    ctx = analyse("Police detained two men on Tuesday after Saturday's assault on a checkpoint.", ORDER, published="2019-05-09")
    by = _by_trigger(ctx)
    assert by["detained"].date.value == "2019-05-07"  # Tuesday
    assert by["assault"].date.value == "2019-05-04"  # Saturday, not the arrest's Tuesday


def test_a_nouns_own_year_beats_the_trials_day(analyse) -> None:
    ctx = analyse("A jury convicted a farmer on Friday over the 1998 bombing of a courthouse.", ORDER, published="2004-03-15")
    d = _by_trigger(ctx)["bombing"]
    assert (d.date.value, d.date.precision) == ("1998-01-01", "year")
    assert d.historical


def test_another_nouns_year_dates_a_clause_with_no_time_of_its_own(analyse) -> None:
    ctx = analyse("The minister resigned after his party's 2009 election defeat.", ORDER, published="2012-01-10")
    d = _by_trigger(ctx)["resigned"]
    assert d.date.value == "2009-01-01"


def test_the_shipped_background_model_undates_a_background_act_and_keeps_the_news(analyse) -> None:
    text = "Police arrested three men in the port city on Sunday. The men belonged to a cell that bombed a hotel, according to a 2012 court ruling."
    ctx = analyse(text, FULL_ORDER, published="2019-05-09")
    by = _by_trigger(ctx)
    assert not by["arrested"].historical and by["arrested"].date.value == "2019-05-05"
    assert by["bombed"].historical
    assert by["bombed"].date.value is None  # background with no time of its own: never the report's week


def test_a_background_model_decides_only_acts_without_a_time_of_their_own(analyse) -> None:
    from eventcoder.components.dates import BackgroundModel, EventDates

    text = "Rebels shelled the airport on Monday. The rebels have seized several villages in the valley."
    ctx = analyse(text, FULL_ORDER[:-1], published="2020-02-06")
    always = EventDates(BackgroundModel({"bias": 9.0, "weights": {}, "threshold": 0.5}))
    always(ctx)
    by = _by_trigger(ctx)
    assert by["shelled"].date.value == "2020-02-03" and not by["shelled"].historical  # its own Monday
    undated = [d for d in ctx.drafts if d.date.text is None]
    assert undated and all(d.historical and d.date.value is None for d in undated)


def test_the_background_model_file_is_valid() -> None:
    from eventcoder.components.dates import background_features, load_background

    m = load_background()
    assert m is not None and 0.0 < m.threshold < 1.0
    assert m.meta["cv_undated_auc"] > 0.7  # the training report travels with the weights
    assert background_features.__doc__



def test_a_definite_re_mention_takes_the_date_a_later_sentence_gives_its_incident(analyse) -> None:
    # the report reacts first ("the murder of"), then dates the incident in the past
    text = (
        "The bishops condemned the murder of four nuns at the mission. "
        "Aid groups have suspended their work in the province. "
        "The nuns were murdered on 3 May by men in uniform."
    )
    ctx = analyse(text, EVENT_ORDER, published="1990-07-20")
    d = _by_trigger(ctx)["murder"]
    assert (d.date.value, d.date.text, d.date.basis) == ("1990-05-03", "on 3 May", "narrative")
    assert d.historical


def test_a_re_telling_in_a_sentence_with_its_own_time_keeps_the_reports_week(analyse) -> None:
    text = "The bishops condemned on Friday the murder of four nuns at the mission. The nuns were murdered on 3 May by men in uniform."
    ctx = analyse(text, EVENT_ORDER, published="1990-07-20")
    d = _by_trigger(ctx)["murder"]
    assert d.date.basis == "publication"


def test_what_reads_as_a_re_telling(analyse) -> None:
    from eventcoder.components.dates import retelling

    text = "The army condemned the bombing. Two lorries were destroyed. Gunmen attacked a bus. The depot had been looted."
    ctx = analyse(text, ORDER, published="2019-03-12")
    got = {ctx.article.text[d.trigger_start : d.trigger_end]: retelling(d.tok) for d in ctx.drafts}
    assert got.get("bombing") is True
    assert got.get("destroyed") is True
    assert got.get("attacked") is False
    assert got.get("looted", False) is False  # a past perfect is not a re-telling


def test_a_perfect_summing_up_a_campaign_is_background_and_undated(analyse) -> None:
    # "has driven it from much of its territory": a whole campaign, no occasion in the report's week
    text = "Government troops captured the border town on Sunday. A rebel alliance has driven the militants from much of their territory in the north."
    ctx = analyse(text, EVENT_ORDER, published="2017-11-20")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end].startswith("driven"))
    assert d.historical and d.date.value is None
    took = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end].startswith("captured"))
    assert (took.date.value, took.historical) == ("2017-11-19", False)


def test_a_perfect_over_a_count_is_current_news(analyse) -> None:
    # a count is not a whole: "have arrested dozens of protesters" is this week's arrest
    ctx = analyse("Police have arrested dozens of protesters in the capital.", EVENT_ORDER, published="2017-11-20")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end].startswith("arrested"))
    assert not d.historical and (d.date.value, d.date.basis) == ("2017-11-20", "publication")


def test_without_a_publication_date_an_act_of_last_night_does_not_take_an_old_attack_of_its_kind(analyse) -> None:
    # the one stated attack date is an old murder; the bombing the report calls "last night"
    # cannot be checked against it without a publication date: undated, its words kept
    text = ("The offices of the opposition front were bombed last night in the capital. "
            "Its leader recalled that his brother was murdered on 12 November 1989 by a death squad.")
    ctx = analyse(text, EVENT_ORDER)
    d = _by_trigger(ctx)["bombed"]
    assert d.date.value is None and d.date.text == "last night"
    assert _by_trigger(ctx)["murdered"].date.value == "1989-11-12"


def test_with_a_publication_date_last_night_is_the_day_before(analyse) -> None:
    text = ("The offices of the opposition front were bombed last night in the capital. "
            "Its leader recalled that his brother was murdered on 12 November 1989 by a death squad.")
    ctx = analyse(text, EVENT_ORDER, published="1990-03-16")
    assert _by_trigger(ctx)["bombed"].date.value == "1990-03-15"


def test_the_words_an_act_is_told_with_must_fit_the_date_of_its_kind() -> None:
    from eventcoder.components.dates import last_day, not_before, same_calendar_day
    from eventcoder.records import EventDate

    nov12 = EventDate("1989-11-12", "day", "12 November 1989", None, None, "text")
    # "on 14 March" is no 12 November, whatever the year; "in November" may be
    assert not same_calendar_day("on 14 march", nov12)
    assert same_calendar_day("in November", nov12)
    assert same_calendar_day("last night", nov12)
    # a report no older than 20 March 1990: its "last week" began on 12 March at the earliest
    assert str(not_before("last week", "1990-03-20")) == "1990-03-12"
    assert not_before("the next day", "1990-03-20") is None  # counted from the story, not the report
    assert not_before(None, "1990-03-20") is None and not_before("today", None) is None
    assert str(last_day(EventDate("1989-11-01", "month", "in November 1989", None, None, "text"))) == "1989-11-30"
    assert str(last_day(EventDate("1989-01-01", "year", "1989", None, None, "text"))) == "1989-12-31"
