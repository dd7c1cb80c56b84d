"""``places``: where each event happened.

A place the trigger acts on ("took control over <town>", found by ``roles``) is the place;
else the geoparser's event-location choice (a model trained on the MIT event-location set,
with rules as fallback) picks among the sentence's and the article's places. Where an
expected or intended act would happen is not where the story is: a hypothetical event gets
no article-level place.

Two article-level readings follow the news-events guidelines ("where this event happened,
stated or clearly implied"), once every event has its own place:

* an event spread over the whole country ("nationwide protests", "strikes across the
  country") is at the article's main country when the article names it, not at the town
  the sentence or the article happens to name;
* a definite event noun that the sentence does not place ("the failed attack", "the
  blast") is the event of that type told with that word that the article places
  elsewhere: it happened
  there (basis ``article``; the nearest such event before it, else after it, whose own
  sentence places it);
* an event its sentence places only at a country ("Syrian troops shelled rebel positions
  in Syria") is at the town where the article's other events of that type in that country
  happened, when they all happened at one place (within 161 km): the incident's town is the
  most specific place of the event, stated in another sentence (basis ``article``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..geo.locate import (
    SCENE_KM,
    is_party,
    is_seat,
    named_country,
    national_body,
    on_the_scene,
    over_whole_country,
    refers_back,
    seat_body,
)
from ..geo.resolve import haversine_km
from ..geo.seats import find_seats
from ..records import Location, Place
from ..registry import components
from .base import ArticleContext, EventDraft
from .speech import VERBAL_TYPES


class Places:
    name: ClassVar[str] = "places"
    requires: ClassVar[tuple[str, ...]] = (
        "drafts", "places", "mentions", "draft.object_place", "draft.hypothetical", "draft.src_span"
    )
    assigns: ClassVar[tuple[str, ...]] = ("draft.location",)

    def __init__(self, geoparser: Any) -> None:
        self.geoparser = geoparser

    def __call__(self, ctx: ArticleContext) -> None:
        if not ctx.drafts:
            return
        places = _with_seats(ctx.places, ctx.article.text, self.geoparser)
        own: list[Location | None] = []
        for d in ctx.drafts:
            op = d.object_place
            if op is not None and op.geonameid is not None and not _party_object(d, op):
                loc: Location | None = Location.from_place(op, "trigger")
            else:
                loc = self.geoparser.event_location(d.doc, d.off, d.match.i, places, ctx.article.text)
            own.append(loc)
        countries = ctx.article.countries
        for k, d in enumerate(ctx.drafts):
            loc = own[k]
            if (loc is None or loc.basis != "trigger") and countries and over_whole_country(d.tok):
                cp = named_country(ctx.places, countries[0])
                if cp is not None:
                    # the sentence says where: over the whole country (so a call for
                    # nationwide protests keeps it, unlike an article-level place)
                    loc = Location.from_place(cp, "sentence")
            elif (loc is None or loc.basis == "article") and refers_back(d.tok):
                loc = _told_elsewhere(ctx.drafts, own, k) or loc
            elif loc is not None and loc.basis == "sentence" and loc.precision == "country":
                loc = _incident_town(ctx.drafts, own, k, loc) or loc
            if (loc is None or loc.basis == "article" or (loc.basis == "sentence" and loc.precision == "country")) and not d.hypothetical:
                loc = _seat_act(d, ctx, places) or loc
            if (loc is None or loc.basis == "article") and not d.hypothetical:
                loc = _national_act(d, ctx) or loc
            if loc is not None and loc.basis == "article" and d.type in VERBAL_TYPES:
                loc = _seat_venue(d, places, loc) or loc
            if d.hypothetical and loc is not None and loc.basis == "article":
                loc = None
            if loc is None and not d.hypothetical:
                loc = _home_country(d, ctx)
            if loc is None and not d.hypothetical and on_the_scene(d.tok):
                loc = _last_scene(ctx.drafts, k)
            d.location = loc


def _with_seats(places: list[Place], text: str, geoparser: Any) -> list[Place]:
    """The article's places and the legislatures and courts it names at their seats
    (``geo/seats.py``: "the House of Lords", "the Knesset"; not toponyms, so not in
    ``ctx.places``), in text order; a seat mention overlapping a toponym is left out."""
    gaz = getattr(geoparser, "gaz", None)
    seats = find_seats(text, gaz.iso3 if gaz is not None else None)
    seats = [q for q in seats if not any(p.start < q.end and q.start < p.end for p in places)]
    if not seats:
        return list(places)
    return sorted([*places, *seats], key=lambda p: p.start)


def _party_object(d: EventDraft, op: Any) -> bool:
    """The place the trigger acts on is the other party of talks or a deal ("negotiations
    with Turkey", "a deal with Iran": ``locate.is_party``), a government, not where the act
    happened; the geoparser's choice, which skips parties, decides instead."""
    span = d.doc.char_span(op.start - d.off, op.end - d.off, alignment_mode="expand")
    return span is not None and len(span) > 0 and is_party(span)


def _told_elsewhere(drafts: list[EventDraft], own: list[Location | None], k: int) -> Location | None:
    """The stated place of the event draft ``k`` refers back to: same type, told with the
    same word (as its trigger or inside the trigger's phrase: "a suicide attack killed
    ..."), placed by its own sentence; the nearest before ``k``, else the nearest after."""
    d = drafts[k]
    lemma = d.tok.lemma_.lower()

    def same(j: int) -> bool:
        o, loc = drafts[j], own[j]
        return (
            j != k
            and loc is not None
            and loc.basis in ("trigger", "sentence")
            and loc.lat is not None
            and o.type == d.type
            and (o.tok.lemma_.lower() == lemma or any(t.lemma_.lower() == lemma for t in o.tok.subtree))
        )

    before = [j for j in range(k - 1, -1, -1) if same(j)]
    after = [j for j in range(k + 1, len(drafts)) if same(j)]
    for j in before[:1] or after[:1]:
        src = own[j]
        assert src is not None
        return Location(**{**src.to_dict(), "basis": "article"})
    return None


#: precisions of a place that says where in a country
_SPECIFIC = ("point", "admin2")


def _incident_town(
    drafts: list[EventDraft], own: list[Location | None], k: int, loc: Location
) -> Location | None:
    """The one place inside ``loc``'s country where the article's other events of draft
    ``k``'s type happened by their own sentences (the nearest such event's place, basis
    ``article``), or None when there is none or they happened at places more than
    :data:`SCENE_KM` apart (the story moves: the country is all that can be said)."""
    d = drafts[k]
    same = [
        j
        for j, o in enumerate(own)
        if j != k
        and o is not None
        and o.basis in ("trigger", "sentence")
        and o.precision in _SPECIFIC
        and o.lat is not None
        and o.country == loc.country
        and drafts[j].type == d.type
        and not drafts[j].hypothetical
    ]
    if not same:
        return None
    pts = [own[j] for j in same]
    for a in pts:
        for b in pts:
            assert a is not None and b is not None and a.lat is not None and b.lat is not None
            if haversine_km(a.lat, a.lon, b.lat, b.lon) > SCENE_KM:
                return None
    j = min(same, key=lambda j: (j > k, abs(j - k)))
    src = own[j]
    assert src is not None
    return Location(**{**src.to_dict(), "basis": "article"})


#: sectors of a state's organs that act at home (not its military, which fights abroad)
_HOME_SECTORS = frozenset(("GOV", "COP", "JUD"))


def _home_country(d: EventDraft, ctx: ArticleContext) -> Location | None:
    """An event nothing places, done by a state's civil organ the subject names ("the French
    interior minister instructed prefects", "Kenyan police arrested ..."): in that state, at
    country precision, when the article names the country (basis ``sentence``: the subject
    says whose). A military is left out: armies act abroad as often as at home."""
    sp = d.src_span
    if sp is None or sp.pronoun:
        return None
    doc, off = d.doc, d.off
    s, e = off + doc[sp.start].idx, off + doc[sp.end - 1].idx + len(doc[sp.end - 1])
    for m in ctx.mentions:
        ent = m.entry
        if s <= m.start and m.end <= e and ent.kind == "state" and ent.country and ent.sector in _HOME_SECTORS:
            cp = named_country(ctx.places, ent.country)
            if cp is not None:
                return Location.from_place(cp, "sentence")
    return None


def _national_act(d: EventDraft, ctx: ArticleContext) -> Location | None:
    """An act its sentence does not place, done by a state's national political body as a
    whole (``locate.national_body``: "the government issued a ban", "opposition parties are
    boycotting the election"): over that state — the country a state mention of the subject
    names, else the article's main country — at country precision, when the article names
    the country (basis ``sentence``), not at the town the article is set in."""
    sp = d.src_span
    if sp is None or sp.pronoun:
        return None
    doc, off = d.doc, d.off
    if not national_body(doc[sp.start : sp.end]):
        return None
    s, e = off + doc[sp.start].idx, off + doc[sp.end - 1].idx + len(doc[sp.end - 1])
    whose = next(
        (m.entry.country for m in ctx.mentions if s <= m.start and m.end <= e and m.entry.country and m.entry.kind in ("state", "country")),
        None,
    )
    countries = ctx.article.countries
    whose = whose or (countries[0] if countries else None)
    cp = named_country(ctx.places, whose) if whose else None
    return Location.from_place(cp, "sentence") if cp is not None else None


def _seat_act(d: EventDraft, ctx: ArticleContext, places: list[Place]) -> Location | None:
    """An act its sentence does not place (or places only at a country) by a legislature or
    a court: at its seat. A seat the subject names ("the Knesset voted", "the House of Lords
    ruled"), or a capital that is the subject's head as its government ("Washington imposed
    sanctions", role ``actor``), is the place (basis ``sentence``); a subject that is a legislature or court by
    its head noun (``locate.seat_body``: "the UK's highest court has ruled") is at the seat
    the article names for that state — the country a state mention of the subject names,
    else the article's main country — the one named nearest the event (basis ``article``);
    with no such seat named, nothing is guessed (seats are not always capitals)."""
    sp = d.src_span
    if sp is None or sp.pronoun:
        return None
    doc, off = d.doc, d.off
    s, e = off + doc[sp.start].idx, off + doc[sp.end - 1].idx + len(doc[sp.end - 1])
    root = doc[sp.start : sp.end].root
    r = off + root.idx
    for p in places:
        if p.start < e and s < p.end and is_seat(p):  # "the Knesset" over the subject "Knesset"
            return Location.from_place(p, "sentence")
        if p.start <= r < p.end and p.role == "actor" and p.feature == "P.PPLC":
            return Location.from_place(p, "sentence")  # "Washington imposed sanctions": its government
    if not seat_body(doc[sp.start : sp.end]):
        return None
    whose = next(
        (m.entry.country for m in ctx.mentions if s <= m.start and m.end <= e and m.entry.country and m.entry.kind in ("state", "country")),
        None,
    )
    countries = ctx.article.countries
    whose = whose or (countries[0] if countries else None)
    seats = [p for p in places if is_seat(p) and p.country == whose]
    if not seats:
        return None
    return Location.from_place(min(seats, key=lambda p: abs(p.start - s)), "article")


def _seat_venue(d: EventDraft, places: list[Place], loc: Location) -> Location | None:
    """A statement (``speech.VERBAL_TYPES``) the article places only at a region or a country
    (basis ``article``) is at the seat of power inside it the article named before it ("a
    statement by the first minister to the Scottish Parliament ... He also praised ...": the
    Scottish Parliament, not Scotland): the most specific place of the article that holds
    the statement (the guidelines: "where it was said, if stated"). The last such seat before
    the event, within :data:`SCENE_KM` of a region's point or in the country (basis
    ``article``)."""
    if loc.precision not in ("admin1", "country") or loc.lat is None:
        return None
    seats = [
        p
        for p in places
        if is_seat(p)
        and p.end <= d.off
        and p.lat is not None
        and p.country == loc.country
        and (loc.precision == "country" or haversine_km(p.lat, p.lon, loc.lat, loc.lon) <= SCENE_KM)
    ]
    return Location.from_place(max(seats, key=lambda p: p.start), "article") if seats else None


#: incidents that have a scene ("the area" refers back to): not statements about them
_SCENE_TYPES = frozenset(("ASSAULT", "COERCE", "PROTEST", "MOBILIZE"))


def _last_scene(drafts: list[EventDraft], k: int) -> Location | None:
    """The place of the nearest earlier incident its own sentence places (``_SCENE_TYPES``,
    not hypothetical, not a re-mention: "condemned the bombing" in a capital is no scene):
    the scene "the area" or "the scene" of draft ``k`` refers back to (basis ``article``)."""
    for j in range(k - 1, -1, -1):
        o = drafts[j]
        loc = o.location
        if (
            loc is not None
            and loc.lat is not None
            and not o.hypothetical
            and loc.basis in ("trigger", "sentence")  # placed by its own sentence
            and o.type in _SCENE_TYPES
            and not refers_back(o.tok)  # "condemned the bombing" in a capital: a re-mention
        ):
            return Location(**{**loc.to_dict(), "basis": "article"})
    return None


@components.register("places")
def make_places(resources: Any) -> Places:
    return Places(resources.geoparser)
