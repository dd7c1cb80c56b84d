"""``event_dates``: the story's narrative time carried to a later sentence's undated act."""

from __future__ import annotations

import pytest

from eventcoder.components import dates as D

#: the components an event needs before ``event_dates`` (no learned filter, no coreference)
EVENT_ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "confidence", "mentions", "event_dates"]
NO_CARRY = {"event_dates": {"carry": False}}


def _by_trigger(ctx) -> dict[str, object]:
    return {ctx.article.text[d.trigger_start : d.trigger_end]: d for d in ctx.drafts}


LEAD = "A roadside bomb exploded near an army convoy outside Kandahar on Tuesday, officials said. "


def test_a_later_past_tense_act_takes_the_incidents_date(analyse) -> None:
    ctx = analyse(LEAD + "Police arrested two suspects near the scene.", EVENT_ORDER, published="2019-03-08")
    d = _by_trigger(ctx)["arrested"]
    assert (d.date.value, d.date.precision, d.date.basis) == ("2019-03-05", "day", "narrative")
    assert not d.historical


def test_without_the_carry_the_act_gets_the_publication_week(analyse) -> None:
    ctx = analyse(LEAD + "Police arrested two suspects near the scene.", EVENT_ORDER, published="2019-03-08", settings=NO_CARRY)
    d = _by_trigger(ctx)["arrested"]
    assert (d.date.value, d.date.precision, d.date.basis) == ("2019-03-08", "week", "publication")


@pytest.mark.parametrize(
    "follow, trigger",
    [
        ("The army is investigating the blast.", "investigating"),  # the report's present
        ("Police have arrested two suspects.", "arrested"),  # a present perfect: the report's time
        ("Insurgents had attacked the same road years ago.", "attacked"),  # a background shift
    ],
)
def test_no_carry_into_the_present_the_perfect_or_background(analyse, follow: str, trigger: str) -> None:
    ctx = analyse(LEAD + follow, EVENT_ORDER, published="2019-03-08")
    d = _by_trigger(ctx).get(trigger)
    assert d is not None
    assert d.date.basis != "narrative"
    assert d.date.value != "2019-03-05"


def test_no_carry_from_beyond_the_window(analyse) -> None:
    filler = "The road links the city to the border. It is busy at dawn. Traders use it daily. It is narrow. Trucks crowd it. Buses are rare. "
    ctx = analyse(LEAD + filler + "Police arrested two suspects near the scene.", EVENT_ORDER, published="2019-03-08")
    d = _by_trigger(ctx)["arrested"]
    assert d.date.basis == "publication"


def test_a_background_time_is_not_carried(analyse) -> None:
    """The corpus: after a background sentence the story is back in the news more often than not."""
    text = "Militants stormed a hospital in the border town in 2009, officials said. Troops killed most of the gunmen."
    ctx = analyse(text, EVENT_ORDER, published="2019-03-08")
    d = _by_trigger(ctx)["killed"]
    assert d.date.basis != "narrative" and d.date.value != "2009-01-01"


def test_measuring_carries_a_background_time_too(analyse) -> None:
    text = "Militants stormed a hospital in the border town in 2009, officials said. Troops killed most of the gunmen."
    ctx = analyse(text, EVENT_ORDER[:-1], published="2019-03-08")
    d = _by_trigger(ctx)["killed"]
    assert D.NarrativeTimes(ctx, "2019-03-08").carried(d, 1) is None
    got = D.NarrativeTimes(ctx, "2019-03-08", from_background=True).carried(d, 1)
    assert got is not None and (got.value, got.precision, got.basis) == ("2009-01-01", "year", "narrative")


def test_a_quotation_keeps_the_speakers_time(analyse) -> None:
    ctx = analyse(LEAD + '"They attacked us without warning," a soldier said.', EVENT_ORDER, published="2019-03-08")
    d = _by_trigger(ctx).get("attacked")
    assert d is not None and d.date.basis != "narrative"


def test_in_quote() -> None:
    s = 'He said "they shot at us" and left.'
    assert D.in_quote(s, s.index("shot"))
    assert not D.in_quote(s, s.index("left"))


def test_a_future_clauses_weekday_is_the_next_one(analyse) -> None:
    ctx = analyse("Rebels will attack the garrison on Tuesday, a commander warned.", ["triggers", "dates"], published="2021-06-11")
    d = _by_trigger(ctx)["attack"]
    assert d.date.value == "2021-06-15"


@pytest.mark.parametrize("bias, carried", [(9.0, False), (-9.0, True)])
def test_the_background_model_vetoes_carrying_a_current_time(analyse, bias: float, carried: bool) -> None:
    from eventcoder.components.dates import BackgroundModel, EventDates

    ctx = analyse("Rebels shelled the airport on Monday. Gunmen attacked a checkpoint on the road.", EVENT_ORDER[:-1], published="2020-02-06")
    EventDates(BackgroundModel({"bias": bias, "weights": {}, "threshold": 0.5}))(ctx)
    d = _by_trigger(ctx)["attacked"]
    if carried:
        assert (d.date.value, d.date.basis, d.historical) == ("2020-02-03", "narrative", False)
    else:
        assert d.historical and d.date.value is None


def test_a_time_of_a_clause_describing_a_noun_is_not_carried(analyse) -> None:
    text = "Six men thought to belong to a gang arrested in the county last week were detained by police in the town. Two others were shot dead while trying to flee."
    ctx = analyse(text, EVENT_ORDER, published="2018-02-19")
    d = _by_trigger(ctx).get("shot")
    assert d is not None and d.date.basis != "narrative"


def test_the_shooting_happened_at_is_the_scenes_time(analyse) -> None:
    """A re-statement of the incident's time ("The shooting happened Monday evening") dates the
    scene's later acts told in the past, across sentences of quotes and context."""
    text = (
        "A teenager died after being shot in a car park, police said Tuesday. "
        "The shooting happened Monday evening outside a cinema. "
        "It is unknown where the gun came from, police said. "
        "Two other people were in the car at the time. "
        '"He was a kind boy," a neighbour said. '
        "The cinema is closed on Mondays. "
        "Officers recovered the gun and questioned witnesses for hours."
    )
    ctx = analyse(text, EVENT_ORDER, published="2016-08-16")
    d = next(d for d in ctx.drafts if ctx.article.text[d.trigger_start : d.trigger_end].startswith("questioned"))
    assert (d.date.value, d.date.precision, d.date.basis) == ("2016-08-15", "day", "narrative")
