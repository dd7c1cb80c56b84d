"""``scripts/date_muc4.py``: a template is matched only by an event whose type fits its incident
type, and its bucket follows the system date against the gold range."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "date_muc4.py"


def _mod():
    spec = importlib.util.spec_from_file_location("date_muc4", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _ev(type_, mode, span, value, precision="day", basis="text"):
    return {"type": type_, "mode": mode, "span": list(span), "date": {"value": value, "precision": precision, "basis": basis, "text": "x"},
            "historical": False, "trigger": "t", "sentence": "s"}


def test_an_arrest_does_not_stand_for_an_attack_but_an_assault_does() -> None:
    m = _mod()
    assert not m.fits("attack", _ev("COERCE", "arrest", (0, 10), None))
    assert m.fits("attack", _ev("ASSAULT", None, (0, 10), None))
    assert m.fits("kidnapping", _ev("COERCE", "arrest", (0, 10), None))  # "seized" a hostage
    assert not m.fits("bombing", _ev("COERCE", "arrest", (0, 10), None))
    assert m.fits("arson", _ev("COERCE", "destroy", (0, 10), None))


def test_score_takes_the_first_fitting_event_whose_sentence_holds_a_filler() -> None:
    m = _mod()
    doc = {"id": "d1", "published": "1989-11-20", "templates": [
        {"incident_type": "attack", "date": {"from": "1989-11-16", "to": None, "raw": "16 NOV 89"},
         "targets": [{"spans": [[3, 8]]}], "victims": [], "location": None},
    ]}
    # the arrest comes first in the sentence's order but is no attack: the murder stands for it
    coded = {"d1": [_ev("COERCE", "arrest", (0, 40), "1989-11-20"), _ev("ASSAULT", None, (0, 40), "1989-11-16")]}
    got = m.score([doc], coded)
    assert got["ok"] == 1 and got["matched"] == 1
    old = m.score([doc], coded, fit_type=False)
    assert old["wrong (text)"] == 1
    assert m.score([doc], {"d1": [_ev("ASSAULT", None, (20, 40), "1989-11-16")]})["unmatched"] == 1
