"""The facade on the CGTN sample article."""

from __future__ import annotations

from pathlib import Path

import pytest

CGTN = (
    Path(__file__).resolve().parents[2] / "src" / "eventcoder" / "samples" / "cgtn-albu-kamal.txt"
)


@pytest.fixture(scope="module")
def cgtn(gp, nlp):
    if not CGTN.exists():
        pytest.skip("shared sample absent")
    text = CGTN.read_text(encoding="utf-8").split("\n", 3)[3]
    return text, gp.find_in_text(text, nlp)


def test_cgtn_albu_kamal(cgtn, near):
    text, places = cgtn
    ak = [p for p in places if p.text in ("Albu Kamal", "Abu Kamal")]
    assert len(ak) >= 8 and {p.text for p in ak} == {"Albu Kamal", "Abu Kamal"}
    for p in ak:
        assert near(p, 34.45, 40.92) and p.country == "SYR" and p.feature.startswith("P")
    raqqa = next(p for p in places if p.text == "Raqqa")
    assert near(raqqa, 35.95, 39.01) and raqqa.feature.startswith("P")
    eu = next(p for p in places if p.text == "Euphrates")
    assert eu.feature == "H.STM" and eu.role == "place"
    for name, iso3 in (("Iraq", "IRQ"), ("Syria", "SYR"), ("Iran", "IRN"), ("Russia", "RUS")):
        ps = [p for p in places if p.text == name]
        assert ps and all(p.feature == "A.PCLI" and p.country == iso3 for p in ps), name
    dam = next(p for p in places if p.text == "Damascus")
    assert dam.role == "actor" and dam.country == "SYR"
    # sorted, non-overlapping, offsets index the text
    assert all(a.end <= b.start for a, b in zip(places, places[1:], strict=False))
    assert all(text[p.start : p.end] == p.text for p in places)
    # no demonyms, no armed groups
    assert not {"Syrian", "Iranian", "Russian", "ISIL", "Daesh", "Hezbollah"} & {
        p.text for p in places
    }


def test_cgtn_main_countries_and_event_location(cgtn, gp, nlp):
    text, places = cgtn
    assert gp.main_countries(places)[0] == "SYR"
    s = text.index("Aircraft spotted")
    sent = text[s : text.index("\n", s)]
    doc = nlp(sent)
    trig = next(t.i for t in doc if t.text == "spotted")
    loc = gp.event_location(doc, s, trig, places)
    assert loc is not None and loc.text == "Abu Kamal" and loc.basis == "trigger"
