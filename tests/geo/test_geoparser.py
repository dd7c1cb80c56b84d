"""The facade on the CGTN sample article."""

from __future__ import annotations

import time
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


# ---------------------------------------------------------------- one shared instance
#: invented articles with different foci, unknown names and hints: a leak of one
#: call's state into another shows up as a different place or location
THREAD_TEXTS = [
    ("Protesters in Kayole marched to the Njiru road. Police fired tear gas.", ("KEN",)),
    ("Gunmen attacked a checkpoint in Chora district, Urozgan, and fled to Tarin Kot.", ()),
    ("Police in Fresno, California, closed Olive Avenue after a shooting at Tower Market.", ()),
    ("Shelling hit Kafr Nabl and Maarat al-Numan in Idlib province on Monday.", ("SYR",)),
    ("The mayor of Springfield, Illinois, met farmers at the Marsh Lane depot.", ()),
    ("Troops searched Mount Chaambi, Kasserine, for militants who fled Sfax.", ()),
    ("In Bongor, traders protested new taxes outside the market.", ("TCD",)),
    ("Flooding cut the A12 near Colchester, Essex, and closed Hythe Quay.", ()),
]


def _run_one(gp, item, pp):
    (text, hints), (docs, offs) = item, pp
    places = gp.find(text, docs, offs, country_hints=hints)
    trig = next((t.i for t in docs[0] if t.pos_ == "VERB"), 0)
    loc = gp.event_location(docs[0], offs[0], trig, places)
    return [p.to_dict() for p in places], loc and loc.to_dict()


def _yielding(fn):
    """``fn`` after a short sleep: another thread runs between two stages of a call."""

    def wrapped(*args, **kwargs):
        time.sleep(0.0002)
        return fn(*args, **kwargs)

    return wrapped


def test_one_geoparser_serves_many_threads(gp, parse, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from eventcoder.geo import geoparser, locate

    parsed = [parse(text) for text, _ in THREAD_TEXTS]  # spaCy parses in this thread
    serial = [_run_one(gp, item, pp) for item, pp in zip(THREAD_TEXTS, parsed, strict=True)]
    before = dict(vars(gp))
    # widen every gap between two stages, where state kept on the instance (as the old
    # geoparser kept the article's focus) would be overwritten by another thread's call
    for name in ("recognise", "assign_roles", "resolve", "article_focus", "anchor_unknown"):
        monkeypatch.setattr(geoparser, name, _yielding(getattr(geoparser, name)))
    monkeypatch.setattr(locate, "event_options", _yielding(locate.event_options))
    n = len(THREAD_TEXTS)

    def job(k: int):
        items = [(THREAD_TEXTS[j % n], parsed[j % n]) for j in range(k, k + n)]
        return k % n, [_run_one(gp, item, pp) for item, pp in items]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(job, range(48)))
    for k, got in results:
        assert got == serial[k:] + serial[:k]
    assert vars(gp) == before  # nothing of a call is left on the instance


def test_old_private_names_still_work(gp):
    from eventcoder.geo import geoparser

    assert geoparser._Mention is geoparser.Mention
    assert gp._key("Deir ez-Zor") == "deir ez zor"
    assert not hasattr(gp, "_last_focus")
    assert geoparser.haversine_km(0, 0, 0, 1) == geoparser._km(0, 0, 0, 1)
