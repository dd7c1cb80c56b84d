"""``acled-csv`` ships the eval's primary-event choice: one row per happening of an article."""

from __future__ import annotations

import csv
from collections import Counter
from functools import partial
from pathlib import Path

from acled_events import acled_event
from eventcoder.acled import acled_report, happening_key, primary_acled
from eventcoder.engine import run
from eventcoder.store import Store

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "eventcoder" / "samples"


#: the export tests' events carry a firearms mode unless they say otherwise
_ev = partial(acled_event, mode="firearms")


def test_one_happening_is_one_row_and_the_eval_choice():
    events = [_ev("Violence against civilians", "Attack", 0.9), _ev("Battles", "Armed clash", 0.6, tgt="REB")]
    assert acled_report(events) == [primary_acled(events)]


def test_two_places_or_two_days_are_two_rows():
    a = _ev("Battles", "Armed clash", tgt="REB", place=1)
    b = _ev("Explosions/Remote violence", "Air/drone strike", mode="aerial", place=2)
    c = _ev("Battles", "Armed clash", tgt="REB", place=1, date="2020-03-20")
    assert acled_report([a, b, c]) == [a, b, c]
    assert len({happening_key(e) for e in (a, b, c)}) == 3


def test_an_event_without_a_stated_place_joins_the_happening_told_before_it():
    attack = _ev("Battles", "Armed clash", 0.6, tgt="MIL")
    killing = _ev("Violence against civilians", "Attack", 0.9, place=None)
    assert acled_report([attack, killing]) == [attack]
    assert acled_report([killing, attack]) == [attack]  # or, first, the one told after it
    other = _ev("Explosions/Remote violence", "Air/drone strike", mode="aerial", place=2)
    assert acled_report([attack, other, killing]) == [attack, other]  # joins the air strike
    guessed = {**_ev("Battles", "Armed clash", tgt="REB", place=3), "location": {"geonameid": 3, "basis": "article"}}
    # a guessed place is no second happening: one row, chosen over both
    assert acled_report([attack, guessed]) == [primary_acled([attack, guessed])]


def test_nothing_codable_is_no_row():
    assert acled_report([]) == []
    assert acled_report([_ev(None, None, type_="CONSULT"), {**_ev("Battles", "Armed clash"), "negated": True}]) == []


def test_export_writes_the_report_of_every_article(tmp_path, pipeline):
    db = tmp_path / "a.duckdb"
    run([str(SAMPLES)], str(db), pipeline=pipeline, published="2017-11-20")
    with Store(db, read_only=True) as st:
        n = st.export("acled-csv", tmp_path / "a.csv")
        by_article: dict[str, list[dict]] = {}
        for e in st.iter_events():
            by_article.setdefault(e["article_id"], []).append(e)
    rows = list(csv.DictReader(open(tmp_path / "a.csv", encoding="utf-8")))
    assert len(rows) == n > 0
    expected = [r["event_id"] for evs in by_article.values() for r in acled_report(evs)]
    assert Counter(r["event_id_cnty"] for r in rows) == Counter(expected)
    assert len(rows) < sum(1 for evs in by_article.values() for e in evs if e["acled"])  # fewer rows than ACLED-typed events
