"""``scripts/date_undated.py``: the undated proxy withholds the publication date, splits the
reports into halves by id, and calls a gold date knowable only when the text states it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _mod():
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("date_undated", SCRIPTS / "date_undated.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _ev(span, value, precision="day", text="x"):
    return {"type": "ASSAULT", "mode": None, "span": list(span), "date": {"value": value, "precision": precision, "basis": "text" if value else None, "text": text},
            "historical": False, "trigger": "t", "sentence": "s"}


def test_the_report_loses_its_publication_date_and_a_leading_dateline_keeps_offsets() -> None:
    m = _mod()
    doc = {"id": "r1", "text": "LIMA, 4 FEB 90 -- rebels burned a bus in the hills.", "dateline": "LIMA, 4 FEB 90", "published": "1990-02-04"}
    got = m.withheld(doc)
    assert got["published"] is None
    assert "FEB" not in got["text"] and len(got["text"]) == len(doc["text"])
    assert got["text"].index("rebels") == doc["text"].index("rebels")
    assert doc["published"] == "1990-02-04"  # nothing changed in place


def test_halves_are_stable_and_both_are_used() -> None:
    m = _mod()
    ids = [f"TST1-MUC3-{k:04d}" for k in range(40)]
    got = [m.half(i) for i in ids]
    assert got == [m.half(i) for i in ids]
    assert {"A", "B"} == set(got)


def test_a_date_is_knowable_only_from_what_the_text_states() -> None:
    m = _mod()
    gold = {"from": "1989-11-16", "to": "1989-11-16"}
    # a day and month with the year stated elsewhere in the report
    assert m.knowable("the priests were killed on 16 november. the army has fought since march 1989.", gold)
    assert not m.knowable("the priests were killed on 16 november. the army has fought since march 1988.", gold)
    # relative to a withheld publication date: nothing to count from
    assert not m.knowable("the priests were killed 2 days ago, the radio said today.", gold)
    # a year the report states is knowable (at year precision)
    assert m.knowable("it was the worst massacre of 1989.", gold)


def test_an_undated_answer_to_an_unknowable_date_is_honest_and_an_invented_one_is_wrong() -> None:
    m = _mod()
    docs = [{"id": "d1", "text": "guerrillas attacked the farm 2 days ago.", "templates": [
        {"incident_type": "attack", "date": {"from": "1990-02-02", "to": None, "raw": "02 FEB 90"},
         "targets": [{"spans": [[24, 28]]}], "victims": [], "location": None}]}]
    null = m.score(docs, {"d1": [_ev((0, 40), None, None, "2 days ago")]})
    assert null["unknowable"] == 1 and null["unknowable: undated (text unresolved)"] == 1
    made_up = m.score(docs, {"d1": [_ev((0, 40), "1990-03-01")]})
    assert made_up["unknowable: wrong (text)"] == 1


def test_the_gold_expression_says_whether_a_news_events_date_needs_the_publication() -> None:
    m = _mod()
    assert m.gold_knowable({"text": "April 15, 2013", "value": "2013-04-15"})
    assert m.gold_knowable({"text": "In August 1999", "value": "1999-08-01"})
    assert not m.gold_knowable({"text": "Monday evening", "value": "2016-08-15"})
    assert not m.gold_knowable({"text": None, "value": "2015-05-12"})
