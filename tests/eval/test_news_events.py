"""The news-events scoring rules (GUIDELINES.md, "Scoring") on made-up articles — hermetic."""

from __future__ import annotations

from eventcoder.eval.scorer import same_date
from eventcoder.eval.sets.news_events import (
    SysEvent,
    actor_agrees,
    align,
    gold_events,
    reporters_agree,
    score,
)

TEXT = (
    "Rebels shelled the port town on Monday. "
    "The shelling killed four fishermen, officials said. "
    "The minister condemned the attack and demanded an inquiry."
)


def _span(needle: str, within: str | None = None) -> tuple[int, int]:
    base = TEXT.index(within) if within else 0
    s = TEXT.index(needle, base)
    return s, s + len(needle)


def _gold(type_: str, sentence: str, trigger: str, **extra) -> dict:
    return {
        "mentions": [{"sentence": sentence, "trigger": trigger}],
        "type": type_,
        "mode": extra.pop("mode", None),
        "acled": extra.pop("acled", None),
        "source_actor": extra.pop("source_actor", None),
        "target_actor": extra.pop("target_actor", None),
        "location": extra.pop("location", None),
        "date": extra.pop("date", {"value": None, "precision": None, "text": None}),
        "reported_by": extra.pop("reported_by", []),
        "negated": extra.pop("negated", False),
        "hypothetical": extra.pop("hypothetical", False),
        "historical": extra.pop("historical", False),
    }


S1 = "Rebels shelled the port town on Monday."
S2 = "The shelling killed four fishermen, officials said."
S3 = "The minister condemned the attack and demanded an inquiry."
ARTICLE = {
    "id": "x-1",
    "text": TEXT,
    "events": [
        {**_gold("ASSAULT", S1, "shelled"), "mentions": [{"sentence": S1, "trigger": "shelled"}, {"sentence": S2, "trigger": "shelling"}]},
        _gold("ACCUSE", S3, "condemned"),
        _gold("REQUEST", S3, "demanded", hypothetical=True),
    ],
}


def _sys(type_: str, sentence: str, trigger: str, **data) -> SysEvent:
    d = {"type": type_, "negated": False, "hypothetical": False, **data}
    return SysEvent(_span(sentence), _span(trigger, sentence), d)


def test_gold_mentions_are_located():
    g = gold_events(ARTICLE)
    assert g[0].sentences == [_span(S1), _span(S2)]
    assert g[0].triggers == [_span("shelled"), _span("shelling")]


def test_sentence_and_type_match_with_duplicates_counted_separately():
    gold = gold_events(ARTICLE)
    system = [
        _sys("ASSAULT", S1, "shelled"),
        _sys("ASSAULT", S2, "killed"),  # the same shelling again: a duplicate
        _sys("ACCUSE", S3, "condemned"),
        _sys("REQUEST", S3, "demanded"),  # gold is hypothetical, this is not: no match
    ]
    a = align(system, gold)
    assert sorted(a.pairs) == [(0, 0), (2, 1)]
    assert a.duplicates == 1
    out = score([system], [gold])
    assert out["precision"] == 0.5 and out["recall"] == round(2 / 3, 4)
    assert out["duplicate_rate"] == 0.25 and out["events_per_article"] == 4.0


def test_trigger_overlap_pairs_are_taken_first():
    gold = gold_events(ARTICLE)
    system = [_sys("ASSAULT", S2, "killed"), _sys("ASSAULT", S2, "shelling")]
    a = align(system, gold)
    assert a.pairs == [(1, 0)] and a.duplicates == 1


def test_loose_score_accepts_any_type_on_the_gold_trigger():
    gold = gold_events(ARTICLE)
    system = [_sys("COERCE", S1, "shelled"), _sys("SUPPORT", S3, "minister")]
    assert align(system, gold, strict=True).pairs == []
    assert align(system, gold, strict=False).pairs == [(0, 0)]
    out = score([system], [gold])
    assert out["trigger_precision"] == 0.5 and out["loose_precision"] == 0.5 and out["type_accuracy_loose"] == 0.0


def test_flagged_gold_matches_a_flagged_system_event():
    gold = gold_events(ARTICLE)
    a = align([_sys("REQUEST", S3, "demanded", hypothetical=True)], gold)
    assert a.pairs == [(0, 2)]


def test_current_news_recall_leaves_out_historical_events():
    art = {**ARTICLE, "events": [ARTICLE["events"][0], {**ARTICLE["events"][1], "historical": True}]}
    out = score([[_sys("ASSAULT", S1, "shelled")]], [gold_events(art)])
    assert out["recall"] == 0.5 and out["recall_current"] == 1.0


def test_field_accuracy_over_matched_pairs():
    loc = {"text": "port town", "name": "Port", "lat": 10.0, "lon": 20.0, "country": "XXX"}
    art = {
        **ARTICLE,
        "events": [
            _gold(
                "ASSAULT", S1, "shelled",
                source_actor={"text": "Rebels", "name": "Rebels", "country": "XXX", "sector": "REB"},
                location=loc,
                date={"value": "2020-01-06", "precision": "day", "text": "Monday"},
                reported_by=[{"text": "officials", "name": "officials"}],
            )
        ],
    }  # fmt: skip
    sys_ev = _sys(
        "ASSAULT", S1, "shelled",
        source_actor={"text": "Rebels", "name": "rebel forces", "country": "XXX", "sector": "REB"},
        location={"lat": 10.5, "lon": 20.0},
        date={"value": "2020-01-06", "precision": "day"},
        reported_by=[{"text": "local officials", "name": None}],
    )  # fmt: skip
    out = score([[sys_ev]], [gold_events(art)])
    assert out["source"] == 1.0  # country + sector agree
    assert out["target"] == 1.0 and out["field_counts"]["target"] == 1  # neither has a target: agreed
    assert out["location_25km"] == 0.0 and out["location_161km"] == 1.0
    assert out["date"] == 1.0 and out["reported_by"] == 1.0 and out["flags"] == 1.0


def test_actor_and_reporter_agreement():
    gold = {"text": "the PM", "name": "Tony Blair", "country": "GBR", "sector": "GOV"}
    assert actor_agrees({"name": "Tony Blair", "country": None, "sector": None}, gold)
    assert actor_agrees({"name": "Prime Minister", "country": "GBR", "sector": "GOV"}, gold)
    assert not actor_agrees({"name": "Prime Minister", "country": "GBR", "sector": "LEG"}, gold)
    assert not actor_agrees(None, gold) and actor_agrees(None, None)
    assert actor_agrees({"name": "Mr Blair", "text": "Mr Blair"}, gold)  # a form of address dropped
    assert actor_agrees({"name": None, "text": "Tory leader Tony Blair's"}, gold)
    assert actor_agrees({"name": "Labour", "text": "the PM"}, gold)  # the gold's own mention
    assert not actor_agrees({"name": "x", "country": None, "sector": None}, {"name": "y", "country": None, "sector": None})
    assert reporters_agree([], [])
    assert not reporters_agree([{"name": "police"}], [])
    assert reporters_agree([{"name": None, "text": "the Syrian Observatory"}], [{"name": "Syrian Observatory for Human Rights"}])
    assert not reporters_agree([{"name": "police"}], [{"name": "Syrian Observatory for Human Rights"}])
    assert reporters_agree([{"name": "Syrian Observatory for Human Rights"}], [{"name": "the Syrian Observatory for Human Rights"}])


def test_same_date_at_the_gold_precision():
    assert same_date("2020-01-06", "2020-01-06", "day")
    assert not same_date("2020-01-07", "2020-01-06", "day")
    assert same_date("2020-01-09", "2020-01-06", "week") and not same_date("2020-01-13", "2020-01-06", "week")
    assert same_date("2020-01-31", "2020-01-01", "month") and same_date("2020-12-31", "2020-01-01", "year")
    assert not same_date(None, "2020-01-01", "year")


def test_per_article_counts_add_up_to_the_totals():
    """``per_article`` (with ids) is what scripts/compare_news_events.py resamples: its counts
    must sum to the reported totals, and each system event keeps its confidence and match."""
    other = {"id": "x-2", "text": TEXT, "events": [_gold("ACCUSE", S3, "condemned")]}
    system = [
        [_sys("ASSAULT", S1, "shelled", confidence=0.9), _sys("ASSAULT", S2, "shelling", confidence=0.6)],
        [_sys("REQUEST", S3, "demanded", confidence=0.2)],
    ]
    out = score(system, [gold_events(ARTICLE), gold_events(other)], ids=["x-1", "x-2"])
    per = out["per_article"]
    assert list(per) == ["x-1", "x-2"]
    assert per["x-1"]["matched"] == 1 and per["x-1"]["duplicates"] == 1 and per["x-1"]["gold"] == 3
    assert per["x-2"] == {**per["x-2"], "system": 1, "gold": 1, "matched": 0}
    assert sum(a["matched"] for a in per.values()) == out["matched"]
    assert sum(a["system"] for a in per.values()) == out["system_events"]
    assert per["x-1"]["confidence"] == [[0.9, 1], [0.6, 0]]
    assert per["x-1"]["fields"]["mode"] == [1, 1]
    assert "per_article" not in score(system, [gold_events(ARTICLE), gold_events(other)])
