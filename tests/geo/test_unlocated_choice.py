"""A chosen place the gazetteer cannot locate takes the coordinates of a located place
(issue 12, x28place): of its sentence, else of the article. Invented sentences, and a
stub choice model that prefers names the gazetteer does not know."""

from __future__ import annotations

from dataclasses import replace

from eventcoder.geo import locate
from eventcoder.geo.event_model import EventLocationModel
from eventcoder.records import Place

#: a choice model that always picks an unresolved name over "none" and over known places
PREFER_UNRESOLVED = EventLocationModel({"C:fc=unres": 5.0, "C:fc=extra_pat": 5.0, "C:fc=extra_ent": 5.0})


def _trigger(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_anchored_takes_the_nearest_located_place_of_the_sentence(gp, nlp):
    doc = nlp("A boy was shot near Mill Lane in Tacoma on Monday.")
    trig = doc[_trigger(doc, "shot")]
    ps = gp.find(doc.text, [doc], [0])
    opts, _cand, _none = gp.event_options(doc, 0, trig.i, ps)
    tacoma = next(o[0] for o in opts if o[0].text == "Tacoma")
    assert tacoma.lat is not None
    # a street name with no coordinates of its own
    street = Place(text="Mill Lane", start=doc.text.index("Mill"), end=doc.text.index("Mill") + 9)
    span = doc.char_span(street.start, street.end)
    opts = [*opts, (street, span, None, None)]
    got = locate._anchored(opts, len(opts) - 1, trig)
    assert got.text == "Mill Lane"  # the name stays
    assert (got.lat, got.lon) == (tacoma.lat, tacoma.lon)
    assert got.country == tacoma.country and got.precision == tacoma.precision


def test_anchored_keeps_a_located_choice(gp, nlp):
    doc = nlp("Protesters marched in Nairobi on Tuesday.")
    trig = doc[_trigger(doc, "marched")]
    ps = gp.find(doc.text, [doc], [0])
    opts, _cand, _none = gp.event_options(doc, 0, trig.i, ps)
    k = next(i for i, o in enumerate(opts) if o[0].text == "Nairobi")
    assert locate._anchored(opts, k, trig) is opts[k][0]


def test_anchored_without_a_located_place_stays_unlocated(gp, nlp):
    doc = nlp("A girl was hurt on Mill Lane.")
    trig = doc[_trigger(doc, "hurt")]
    street = Place(text="Mill Lane", start=doc.text.index("Mill"), end=doc.text.index("Mill") + 9)
    opts = [(street, doc.char_span(street.start, street.end), None, None)]
    got = locate._anchored(opts, 0, trig)
    assert got.lat is None


def test_unlocated_choice_takes_the_article_place(gp, nlp):
    head = "SPOKANE, Wash. - Police are looking for a driver after a crash on Monday.\n\n"
    body = "A cyclist was hit on Mill Lane, officers said."
    text = head + body
    places = gp.find(text, [nlp(head), nlp(body)], [0, len(head)])
    spokane = next(p for p in places if p.text.lower() == "spokane")
    assert spokane.lat is not None
    doc = nlp(body)
    off = len(head)
    street = Place(text="Mill Lane", start=off + body.index("Mill"), end=off + body.index("Mill") + 9)
    places = [*places, street]
    loc = locate.event_location(
        doc, off, _trigger(doc, "hit"), places, PREFER_UNRESOLVED, gp._settings(), text
    )
    assert loc is not None and loc.text == "Mill Lane" and loc.basis == "trigger"
    assert (loc.lat, loc.lon) == (spokane.lat, spokane.lon)
    # no article place: the name stays, unlocated (nothing to say where it is)
    bare = locate.event_location(
        doc, 0, _trigger(doc, "hit"), [replace(street, start=body.index("Mill"), end=body.index("Mill") + 9)],
        PREFER_UNRESOLVED, gp._settings(), body,
    )
    assert bare is not None and bare.lat is None


def test_a_guessed_unknown_name_far_from_its_sentence_is_replaced(gp, nlp):
    doc = nlp("Students clashed with police at the Mill College campus in Nairobi.")
    trig = doc[_trigger(doc, "clashed")]
    ps = gp.find(doc.text, [doc], [0])
    opts, _cand, _none = gp.event_options(doc, 0, trig.i, ps)
    nairobi = next(o[0] for o in opts if o[0].text == "Nairobi")
    s = doc.text.index("Mill")
    # an unknown name find placed by a guess 700 km off (at the article's focus, say)
    far = Place(text="Mill College", start=s, end=s + 12, lat=nairobi.lat - 6.3, lon=nairobi.lon, precision="point")
    near = replace(far, lat=nairobi.lat + 0.2)
    for p, moved in ((far, True), (near, False)):
        o = [*opts, (p, doc.char_span(p.start, p.end), None, None)]
        got = locate._anchored(o, len(o) - 1, trig)
        assert got.text == "Mill College"
        assert (got.lat == nairobi.lat) is moved
