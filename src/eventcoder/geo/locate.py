"""Where things are: the article's focus and main countries, unknown names, event places.

* :func:`focus` - the article's most specific often-mentioned place, the default
  location of the names the gazetteer does not know (:func:`anchor_unknown`);
* :func:`main_countries` - the countries an article is about;
* :func:`event_location` - where the event of a trigger happened: the learned choice
  model over the sentence's places (:func:`event_options`), else dependency rules
  (:func:`relation`, :func:`in_clause`), else the sentence's or article's main place.

Every function takes what it needs as arguments: the focus of one article is returned
to the caller, never stored where another thread could read it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..nlp import doc_text
from ..records import Location, Place
from .event_model import (
    add_relative,
    add_structure,
    candidate_features,
    extra_spans,
    none_features,
)
from .gazetteer import Gazetteer
from .mention import Mention
from .precision import minor_division, precision
from .resolve import haversine_km
from .roles import TEAM
from .words import (
    ANAPHOR_DETS,
    CLAUSE_PREPS,
    DATED_IN,
    HELD_IN_PART,
    LOC_PREPS,
    LOCAL_BODIES,
    NATIONAL_BODIES,
    NATIONAL_PARTY_HEADS,
    NATIONWIDE,
    OF_PLACE_NOUNS,
    PARTY_HEADS,
    PARTY_PREPS,
    PLACE_HEADS,
    SCENE_ANAPHORS,
    SEAT_BODIES,
    SOURCE_VERBS,
    STREET_END,
    STRONG_PREPS,
    WHOLE_AREA_PREPS,
    WHOLE_COUNTRY_NOUNS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from .event_model import EventLocationModel

#: a candidate of the event-location choice: (place, span, relation rank, in-clause rank)
Option = tuple[Place, "Span", float | None, float | None]

_MACRO = ("L.RGN", "L.CONT", "H.OCN")


# ================================================================== unknown names
def focus(gaz: Gazetteer, mentions: list[Mention]) -> int | None:
    """The most specific often-mentioned resolved place: default for unresolved ones."""
    g = gaz
    cnt: Counter = Counter()
    for m in mentions:
        if m.label == "FAC" and (
            STREET_END.search(" " + m.text) or m.text.lower().endswith(" square")
        ):
            continue  # streets and squares are named after a place, not in it
        if m.best is not None and m.role == "place":
            cnt[m.best] += 2
        elif m.best is not None and g.feature[m.best].startswith("P") and not m.dropped and m.role != TEAM:
            # a town in an organisation's name says where the story is, if less than a
            # place named as such
            cnt[m.best] += 1
    if not cnt:
        return None
    top_cc = Counter()
    for i, c in cnt.items():
        if g.cc[i]:
            top_cc[g.cc[i]] += c
    main_cc = top_cc.most_common(1)[0][0] if top_cc else None
    rank = {"P": 0, "A": 1}

    def key(i: int) -> tuple[bool, int, int, int]:
        f = g.feature[i]
        lvl = 0 if f.startswith("P") else 1 if minor_division(f) else 2 if f == "A.ADM1" else 3
        if f == "A.PCLI":
            lvl = 4
        return (g.cc[i] != main_cc, lvl, -cnt[i], rank.get(f[0], 2))

    return min(cnt, key=key)


def article_focus(gaz: Gazetteer, mentions: list[Mention], hint_order: Sequence[str]) -> int | None:
    """:func:`focus`, else the first hinted country when nothing resolved.

    When nothing resolves but the actors say where the story is (a country's police in
    an unknown suburb), unknown names get that country, at country precision.
    """
    f = focus(gaz, mentions)
    if f is None and hint_order and hint_order[0] in gaz.countries:
        f = gaz.countries[hint_order[0]][1]
    return f


def named_after(gaz: Gazetteer, i: int, ctx: int) -> bool:
    """A facility's inner place ``i`` is only its namesake given the local place ``ctx``."""
    g = gaz
    f = g.feature[i]
    d = haversine_km(g.lat[i], g.lon[i], g.lat[ctx], g.lon[ctx])
    if f in ("A.ADM1", "A.PCLI"):
        # the state or country the local place is in: the local place is more precise
        return g.cc[i] == g.cc[ctx] and (f == "A.PCLI" or g.admin1[i] == g.admin1[ctx])
    return d > 150 and g.pop[i] < 200_000


@dataclass(slots=True)
class _Anchor:
    """The walk through an article's mentions: the last local place seen, the focus."""

    gaz: Gazetteer
    focus: int | None
    main_cc: set[str]
    last_local: int | None = None
    last_at: int = -(10**9)

    def local_before(self, m: Mention, near_focus: bool = False) -> int | None:
        """The place just named, a local place in a main country, else the focus."""
        g, last = self.gaz, self.last_local
        if last is None:
            return self.focus
        if m.start - self.last_at < 250:
            return last  # the place just named
        if g.cc[last] in self.main_cc and (
            not near_focus
            or self.focus is None
            or haversine_km(g.lat[last], g.lon[last], g.lat[self.focus], g.lon[self.focus]) < 500
        ):
            return last  # (not a name read as a town far from the story)
        return self.focus


def _rename_namesake_facility(a: _Anchor, text: str, m: Mention) -> bool:
    """A building or street named after a far place (or the whole state) stands at the
    article's place: unresolve it there. True when done."""
    g = a.gaz
    ctx = a.local_before(m)
    opens = m.core[0] == m.start and m.core[1] < m.end
    if not opens and g.feature[m.best] in ("A.ADM1", "A.PCLI"):
        ctx = None  # a region or embassy named with its country: where it is
    street = STREET_END.search(text, m.core[1], m.end) is not None
    if ctx is not None and ctx != m.best and (named_after(g, m.best, ctx) or street):
        m.cands, m.best, m.near, m.score, m.source = [], None, ctx, 0.0, "ent"
        return True
    if street and opens and (ctx is None or ctx == m.best) and g.feature[m.best].startswith("P"):
        # a street named after a town, in an article that names no other place: the
        # street is somewhere the text does not say, not in the namesake town
        m.cands, m.best, m.near, m.score, m.source = [], None, None, 0.0, "ent"
        return True
    return False


def _next_place_holds(
    gaz: Gazetteer,
    text: str,
    m: Mention,
    nxt: Mention | None,
    container_of: dict[int, Mention],
) -> bool:
    """The resolved place right after ``m`` ("X, Y", "X in Y", "X on <date> in Y") holds it."""
    if nxt is None or nxt.best is None:
        return False
    gap = text[m.end : nxt.start]
    joined = (
        gap in (", ", " in ", ", in ", " near ")
        or container_of.get(id(m)) is nxt
        or DATED_IN.fullmatch(text, m.end, nxt.start) is not None
    )
    in_part = HELD_IN_PART.fullmatch(text, m.end, nxt.start) is not None
    # "X, <country>" may be a list; "X in <country>" not
    f = gaz.feature[nxt.best]
    return (joined and f[0] in "AP" and (f != "A.PCLI" or gap == " in ")) or (in_part and f[0] == "A")


def anchor_unknown(
    gaz: Gazetteer,
    text: str,
    mentions: list[Mention],
    container_of: dict[int, Mention],
    focus_i: int | None,
) -> None:
    """Locate the toponyms the gazetteer does not know (a street, a school, a village).

    At the place named right after them ("Mount X, <province>"), else at the closest
    resolved local place before them when it is near or in one of the article's main
    countries (not a surname read as a town abroad), else at the article's focus.
    Buildings named after a far place are moved to the local place here too.
    """
    g = gaz
    place_cc: Counter = Counter(
        g.cc[m.best] for m in mentions if m.best is not None and m.role == "place"
    )
    top_n = max(place_cc.values(), default=0)
    main_cc = {cc for cc, n in place_cc.items() if cc and 2 * n >= top_n}
    a = _Anchor(g, focus_i, main_cc)
    for k, m in enumerate(mentions):
        if m.dropped:
            continue
        if (
            m.best is not None
            and m.core is not None
            and m.label in ("FAC", "LOC")
            and _rename_namesake_facility(a, text, m)
        ):
            continue
        if m.best is not None and m.role == "place":
            if g.feature[m.best].startswith("P") or minor_division(g.feature[m.best]):
                if m.core is None:
                    a.last_local, a.last_at = m.best, m.end
        elif m.best is None:
            nxt = mentions[k + 1] if k + 1 < len(mentions) else None
            if _next_place_holds(g, text, m, nxt, container_of):
                m.near = nxt.best
            else:
                m.near = a.local_before(m, near_focus=True)


def to_place(gaz: Gazetteer, m: Mention) -> Place:
    """The public record of a mention."""
    g = gaz
    p = Place(text=m.text, start=m.start, end=m.end, role=m.role)
    i = m.best
    if i is not None:
        p.name = g.name[i]
        p.geonameid = g.gid[i]
        p.lat = round(g.lat[i], 5)
        p.lon = round(g.lon[i], 5)
        p.country = g.iso3(g.cc[i]) if g.cc[i] else None
        f = g.feature[i]
        if f == "A.ADM1":
            p.admin1 = g.name[i]
        else:
            p.admin1 = g.admin1_name(g.cc[i], g.admin1[i])
        p.feature = f
        p.precision = precision(f)
        p.score = round(m.score * (0.8 if m.core else 1.0), 3)
    elif m.near is not None and m.source == "ent":
        # not in the gazetteer (a street, a building, a small village): located
        # approximately at the article's focus place, flagged by geonameid None
        f_i = m.near
        p.lat = round(g.lat[f_i], 5)
        p.lon = round(g.lon[f_i], 5)
        p.country = g.iso3(g.cc[f_i]) if g.cc[f_i] else None
        p.precision = precision(g.feature[f_i])
        p.score = 0.1
    return p


# ================================================================== countries
def main_countries(places: Sequence[Place]) -> list[str]:
    """ISO3 codes the article is about, most salient first."""
    w: Counter = Counter()
    first: dict[str, int] = {}
    for k, p in enumerate(places):
        if not p.country or p.geonameid is None or p.role == TEAM:
            continue
        weight = 1.0 if p.role == "place" else 0.6
        weight *= 0.5 + 0.5 * p.score
        if k < 5:
            weight *= 1.3
        w[p.country] += weight
        first.setdefault(p.country, k)
    if not w:
        return []
    top = max(w.values())
    keep = [c for c, v in w.items() if v >= 0.2 * top]
    return sorted(keep, key=lambda c: (-w[c], first[c]))


# ================================================================== event location
def is_macro(p: Place) -> bool:
    """A macro-region, continent or ocean: backdrop, never an event's attached place."""
    return (p.feature or "").startswith(_MACRO)


def specificity(p: Place) -> int:
    """How precise a place is (town 4 ... country 1, macro-region 0)."""
    f = p.feature or ""
    if p.geonameid is None:
        return 3
    if f.startswith("P") or f.startswith("S"):
        return 4
    if minor_division(f):
        return 3
    if f == "A.ADM1" or f.startswith("H") or f.startswith("T"):
        return 2
    if f == "A.PCLI":
        return 1
    return 0


def is_source(span: Span, trig: Token) -> bool:
    """The place is the speaker or a reported source ("..., <capital> said")."""
    r = span.root
    return r.dep_ in ("nsubj",) and r.head.lemma_ in SOURCE_VERBS


def is_party(span: Span) -> bool:
    """The place is the other party of a talk, meeting or deal ("negotiations with Turkey",
    "talks between Kabul and the Taliban"): a country or capital standing for its
    government. A meeting happens where it is held, not in the other party's country."""
    t = span.root
    for _ in range(3):  # through a list: "talks with Turkey and Greece"
        if t.dep_ != "conj" or t.head == t:
            break
        t = t.head
    p = t.head
    return (
        t.dep_ == "pobj"
        and p.lower_ in PARTY_PREPS
        and p.head != p
        and p.head.lemma_.lower() in PARTY_HEADS
    )


def in_clause(root: Token, trig: Token) -> float | None:
    """A weak rank for a place inside the trigger's own clause.

    The place's head chain reaches the trigger without passing another verb, and its
    first preposition is locative or "of" ("residents of X demonstrated", "killed ... at
    a restaurant in the north of X"). Measured on the event-location set such places
    are the annotated location slightly more often than not; places reached through
    another verb, through "from"/"to", or with no preposition are not.
    """
    t = root
    prep = None
    for _ in range(12):
        h = t.head
        if h == t:
            return None
        if t.dep_ == "pobj" and prep is None:
            prep = h.lower_
        if h == trig:
            break
        if h.pos_ in ("VERB", "AUX"):
            return None
        t = h
    else:
        return None
    if prep in CLAUSE_PREPS:
        return 3.0
    return None


_TRIGGER_DEP_RANK = {"dobj": 1.2, "npadvmod": 1.6, "obl": 1.6, "advmod": 1.6}
_TRIGGER_DEP_RANK.update({"compound": 1.8, "amod": 1.8, "nmod": 1.8})
_NAME_LINKS = frozenset(("compound", "appos", "conj", "amod", "nmod", "poss", "nummod"))
_ARG_DEPS = frozenset(("dobj", "nsubjpass", "attr", "oprd", "npadvmod", "nsubj", "pobj", "agent"))


def _prep_rank(prep: Token, trig: Token, hops: int) -> float | None:
    """The rank of a place under locative preposition ``prep``, if it hangs on the trigger."""
    if prep.lower_ not in LOC_PREPS:
        return None
    H = prep.head
    strong = prep.lower_ in STRONG_PREPS
    for _ in range(2):  # "a group of fighters in X": climb the "of" chain
        if H.dep_ == "pobj" and H.head.lower_ == "of" and H.head.head != trig:
            H = H.head.head
            hops += 1
    base = 1.0 if strong else 1.5
    if H == trig:
        return base + 0.05 * hops
    if H.head == trig and H.dep_ in _ARG_DEPS:
        return base + 0.3 + 0.05 * hops
    if H.head.head == trig and H.dep_ == "pobj" and H.head.dep_ == "prep":
        return base + 0.5 + 0.05 * hops  # "in a raid on a house in X"
    if H.lemma_.lower() in PLACE_HEADS and H.head == trig:
        return base + 0.2
    return None


def relation(root: Token, trig: Token, span: Span) -> float | None:
    """A rank (lower is closer) if the place is attached to the trigger, else None.

    Climbs from the place through name-internal links (compound, appos, conj, "the
    town of X") to the first locative preposition; the event is there when that
    preposition hangs on the trigger or on one of the trigger's own arguments.
    """
    t = root
    hops = 0
    while hops < 6:
        hops += 1
        dep = t.dep_
        h = t.head
        if h == t:
            return None
        if h == trig:
            # a direct object ("shelled X") ranks best; a passive subject ("X was bombed")
            # is no better than chance on the event-location set (mostly people), so it
            # does not count
            return _TRIGGER_DEP_RANK.get(dep)
        if dep in _NAME_LINKS:
            t = h
            continue
        if dep == "pobj" and h.dep_ == "prep":
            if h.lower_ == "of" and h.head.lemma_.lower() in OF_PLACE_NOUNS:
                t = h.head  # "the village of X", "the outskirts of X"
                continue
            return _prep_rank(h, trig, hops)
        return None
    return None


def event_options(
    doc: Doc,
    offset: int,
    trigger_i: int,
    places: Sequence[Place],
    extra_candidates: bool = True,
) -> tuple[list[Option], list[list[str]], list[str]]:
    """The candidate places of the trigger's sentence and the choice-model features.

    Returns ``(options, candidate_features, none_features)``; ``options`` holds
    ``(place, span, rel, in_clause)`` per candidate in text order.
    """
    end = offset + len(doc_text(doc))
    trig = doc[trigger_i]
    opts = []
    for p in places:
        if p.start < offset or p.end > end:
            continue
        span = doc.char_span(p.start - offset, p.end - offset, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        root = span.root
        opts.append((p, span, relation(root, trig, span), in_clause(root, trig)))
    if extra_candidates:
        opts.extend(_extra_options(doc, offset, trig, opts))
        opts.sort(key=lambda o: o[0].start)
    n = len(opts)
    cand_feats = [
        candidate_features(doc, trig, span, p, rel, inc, k, n, is_macro(p), is_source(span, trig))
        for k, (p, span, rel, inc) in enumerate(opts)
    ]
    add_relative(cand_feats, opts, trigger_i)
    any_att = any(o[2] is not None or o[3] is not None for o in opts)
    none_feats = none_features(doc, trig, n, any_att)
    add_structure(cand_feats, none_feats, opts, trig)
    return opts, cand_feats, none_feats


def _extra_options(doc: Doc, offset: int, trig: Token, opts: list[Option]) -> list[Option]:
    """Sentence spans ``find`` did not return, located at the nearest resolved place."""
    resolved = [o[0] for o in opts if o[0].lat is not None]
    out = []
    for a, b, kind in extra_spans(
        doc, lambda s, e: any(s < o[1].end_char and o[1].start_char < e for o in opts)
    ):
        span = doc[a:b]
        near = min(resolved, key=lambda q: abs(q.start - offset - span.start_char), default=None)
        p = Place(
            text=span.text,
            start=offset + span.start_char,
            end=offset + span.end_char,
            lat=near.lat if near else None,
            lon=near.lon if near else None,
            country=near.country if near else None,
            admin1=near.admin1 if near else None,
            feature="X." + kind,  # not in the gazetteer: an extra candidate
        )
        root = span.root
        out.append((p, span, relation(root, trig, span), in_clause(root, trig)))
    return out


@dataclass(slots=True, frozen=True)
class EventSettings:
    """How :func:`event_location` decides (the geoparser's class attributes)."""

    #: attachment ranks above this do not count as "at the trigger" (see ``relation``)
    max_relation: float = 10.0
    #: when nothing attaches to the trigger, take another place of the sentence
    sentence_fallback: bool = True
    #: let the model also choose sentence spans ``find`` did not return
    extra_candidates: bool = True


def _model_choice(
    model: EventLocationModel,
    doc: Doc,
    offset: int,
    trigger_i: int,
    places: Sequence[Place],
    cfg: EventSettings,
) -> tuple[Location | None, bool]:
    """The choice model's answer: (location or None, decided); undecided with a location when
    the sentence names a country only as a modifier (a last resort after the article's place)."""
    trig = doc[trigger_i]
    opts, cand_feats, none_feats = event_options(
        doc, offset, trigger_i, places, cfg.extra_candidates
    )
    if not opts:
        return None, False
    pr = model.probs(cand_feats, none_feats)
    # macro-regions and oceans are backdrop, never the place the event is attached to
    ok = [k + 1 for k, o in enumerate(opts) if not is_macro(o[0]) and not is_party(o[1])]
    best = max(ok, key=pr.__getitem__, default=0)
    if best and pr[best] > pr[0]:
        return Location.from_place(_anchored(opts, best - 1, trig), "trigger"), True
    others = [
        (pr[k + 1], x)
        for k, x in enumerate(opts)
        if x[0].role == "place"
        and not (x[0].feature or "").startswith("X.")
        and not is_source(x[1], trig)
        and not is_party(x[1])
    ]
    named = [x for x in others if not is_classifier(x[1][0], x[1][1])]
    if others and not named and cfg.sentence_fallback:
        # only a nationality or a topic ("UK citizens", "US forces"): the article's
        # place if it has one, else that country (the caller decides)
        others.sort(key=lambda x: (-x[0], x[1][0].start))
        return Location.from_place(others[0][1][0], "sentence"), False
    others = named
    if others and cfg.sentence_fallback:
        others.sort(key=lambda x: (-x[0], x[1][0].start))
        best_p = others[0][1][0]
        inner = [
            o[0]
            for o in opts
            if o[0].geonameid is not None
            and specificity(o[0]) > specificity(best_p)
            and _contains(best_p, o[0])
            and not is_source(o[1], trig)
        ]
        if specificity(best_p) <= 2 and inner:
            # a country or region with a town of its own in the sentence ("Paris'
            # prosecutors, competent throughout France, opened a probe"): the town,
            # even named as the actor's seat, says more of where it happened
            best_p = max(inner, key=lambda q: (specificity(q), -q.start))
        return Location.from_place(best_p, "sentence"), True
    return None, False


#: an unknown name ``find`` placed (at the article's focus or an earlier local place) farther
#: than this from every resolved place of its own sentence is re-placed at the nearest of them
#: (the scorer's "same area" radius)
UNKNOWN_NAME_FAR_KM = 161.0


def _anchored(opts: list[Option], k: int, trig: Token) -> Place:
    """The chosen candidate ``opts[k]``, placed at a located place of its sentence when the
    gazetteer gives it no coordinates of its own ("a home on <a street>", "the <hamlet>
    area of <a district>"): the name stays, its coordinates and precision are those of
    the nearest resolved place of the sentence (a place, not an actor, a macro-region, a
    quoted source or the other party of talks), as the extra candidates of
    :func:`event_options` are. Without one the name stays unlocated (the caller may anchor
    it at the article's place). An unknown name ``find`` placed by a guess (the article's
    focus, an earlier local place) farther than ``UNKNOWN_NAME_FAR_KM`` from every such
    place of its sentence is re-placed the same way ("the <university> campus in <a
    state>" in a story whose focus is the capital)."""
    p = opts[k][0]
    guessed = p.geonameid is None and not (p.feature or "").startswith("X.")
    if p.lat is not None and not guessed:
        return p
    located = [
        o[0]
        for o in opts
        if o[0].lat is not None
        and o[0].geonameid is not None
        and o[0].role == "place"
        and not is_classifier(o[0], o[1])  # "Turkana raiders" say who, not where
        and not is_macro(o[0])
        and not is_source(o[1], trig)
        and not is_party(o[1])
    ]
    if not located:
        return p
    if p.lat is not None and any(
        haversine_km(p.lat, p.lon, q.lat, q.lon) <= UNKNOWN_NAME_FAR_KM for q in located
    ):
        return p  # an unknown name placed near the sentence's own places: keep it
    near = min(located, key=lambda q: (abs(q.start - p.start), q.start))
    return _placed_at(p, near)


def _placed_at(p: Place, anchor) -> Place:
    """``p`` (a name without coordinates) at ``anchor``'s coordinates and precision."""
    return replace(
        p,
        lat=anchor.lat,
        lon=anchor.lon,
        country=p.country or anchor.country,
        admin1=anchor.admin1,
        precision=anchor.precision,
    )


def is_classifier(p: Place, span: Span) -> bool:
    """A country or bloc used as a noun's modifier ("EU membership", "US military
    forces", "Syrian-backed"): a nationality or a topic, not where the sentence is."""
    if specificity(p) > 2:
        return False  # a town before a noun ("Kabul police") is still where they are
    r = span.root
    h = r.head
    return (
        r.dep_ in ("compound", "amod", "nmod")
        and h.pos_ in ("NOUN", "PROPN")
        and h.i >= span.end
        and h.lemma_.lower() not in PLACE_HEADS  # "Aragua state", "Kandahar and Zabul provinces"
        and not h.text[:1].isupper()  # a longer name ("EU Parliament"), not a modifier
    )


def _rule_choice(
    doc: Doc, offset: int, trigger_i: int, local: list[Place], cfg: EventSettings
) -> Location | None:
    """The dependency rules' answer for the sentence's places, or None."""
    trig = doc[trigger_i]
    scored = []
    for p in local:
        span = doc.char_span(p.start - offset, p.end - offset, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        root = span.root
        rel = relation(root, trig, span)
        if rel is None:
            rel = in_clause(root, trig)
        scored.append((p, span, rel))
    # macro-regions and oceans are backdrop, not the place of an event: they may
    # still be the sentence-level fallback
    attached = [
        x
        for x in scored
        if x[2] is not None and x[2] <= cfg.max_relation and not is_macro(x[0]) and not is_party(x[1])
    ]
    if attached:
        attached.sort(key=lambda x: (x[2], x[0].role != "place", -specificity(x[0]), x[0].start))
        p = attached[0][0]
        if p.role == "place" or all(x[0].role != "place" for x in scored):
            return Location.from_place(p, "trigger")
    others = [
        x for x in scored if x[0].role == "place" and not is_source(x[1], trig) and not is_party(x[1])
    ]
    if others and cfg.sentence_fallback:
        others.sort(key=lambda x: (-specificity(x[0]), abs(x[1].start - trigger_i)))
        return Location.from_place(others[0][0], "sentence")
    return None


#: two places this far apart (km) are different scenes of a story
SCENE_KM = 161.0
#: how many times more often the main scene is named than any other, for it to be the
#: article's place
SCENE_DOMINANCE = 2.0


def _scene_places(places: Sequence[Place]) -> list[Place]:
    """The article's resolved places that can be a scene: places, not actors, not
    macro-regions, at least a region's precision."""
    return [
        p
        for p in places
        if p.role == "place" and p.geonameid is not None and not is_macro(p) and specificity(p) >= 2
    ]


def _contains(big: Place, small: Place) -> bool:
    """``big`` is a division or country holding ``small`` (by country and admin1)."""
    if big.country is None or big.country != small.country:
        return False
    if big.feature == "A.PCLI":
        return True
    return big.feature == "A.ADM1" and big.admin1 is not None and big.admin1 == small.admin1


def _one_scene(main: Place, scenes: Sequence[Place]) -> bool:
    """The article is about the scene of ``main``: the mentions at it (within
    :data:`SCENE_KM`) or of what holds it outnumber those of any other place at least
    :data:`SCENE_DOMINANCE` to one. A person's home town or a capital's reaction named
    once does not make a second scene; Paris, Lyon and Strasbourg named alike do."""
    here = 0
    other: Counter = Counter()
    for p in scenes:
        if p.geonameid == main.geonameid or _contains(p, main):
            here += 1
        elif main.lat is not None and p.lat is not None and haversine_km(main.lat, main.lon, p.lat, p.lon) <= SCENE_KM:
            here += 1
        else:
            other[p.geonameid] += 1
    return not other or here >= SCENE_DOMINANCE * max(other.values())


#: a line of at most this many words without a sentence's closing punctuation is a
#: heading or a caption, not a paragraph of the narrative
HEADING_WORDS = 12
_CLOSING = tuple('.!?:;"\u201d\'\u2019)')


def _is_heading(line: str) -> bool:
    """A subheading or a photo caption between paragraphs ("Calls for calm", "Soldiers were
    deployed to secure the area"): a short line that does not end as a sentence does. Long
    reports break their narrative with them; the scene goes on across them."""
    line = line.strip()
    return bool(line) and len(line.split()) <= HEADING_WORDS and not line.endswith(_CLOSING)


def _paragraph_place(places: Sequence[Place], offset: int, text: str | None, back: int = 0) -> Place | None:
    """The last scene named before ``offset`` in the same paragraph (or up to ``back``
    paragraphs before it): where the narrative is.

    A story that moves between towns tells each scene's events after naming it ("In
    Lyon, ... Police said two men were arrested"); the paragraph's own place is the
    implied place far more often than the article's main one.
    """
    if text is None:
        return None
    para = text.rfind("\n", 0, offset) + 1
    for _ in range(back):
        while True:
            j = para
            while j > 0 and text[j - 1].isspace():
                j -= 1  # blank lines between paragraphs are no paragraph
            if j == 0:
                break
            para = text.rfind("\n", 0, j) + 1
            if not _is_heading(text[para:j]):
                break  # a heading or caption line is no step of the narrative
        if j == 0:
            break
    before = [p for p in _scene_places(places) if para <= p.start and p.end <= offset]
    if not before:
        return None
    # the most specific of the places named last (a town before its country: "Lyon, France")
    last = before[-1]
    close = [p for p in before if last.start - p.end <= 40]
    return max(close, key=lambda p: (specificity(p), p.start))


def _article_place(places: Sequence[Place], offset: int = 0, text: str | None = None) -> Location | None:
    """Where an event whose sentence names no place of its own happened, when the article
    says so without saying it here (basis ``article``), else None.

    The paragraph's place, when it names one before the event; else the article's main
    place — in its main country, specific, often named, early — but only when the article
    is about one scene (all its places at that place or holding it). An article about
    Paris, Lyon and Strasbourg has no main place to give an event it does not place: the
    event is at the scene named last in the paragraph before, if any, else nowhere.
    """
    near = _paragraph_place(places, offset, text)
    if near is not None:
        return Location.from_place(near, "article")
    main = [p for p in places if p.role == "place" and p.geonameid is not None]
    if not main:
        return None
    cc = main_countries(places)
    top_cc = cc[0] if cc else None
    cnt = Counter(p.geonameid for p in main)
    best = min(
        main,
        key=lambda p: (p.country != top_cc, -min(specificity(p), 2), -cnt[p.geonameid], p.start),
    )
    if not _one_scene(best, _scene_places(places)):
        # several scenes: the one the narrative was at just before (a caption or a
        # one-line paragraph after a scene's paragraph is still at that scene)
        prev = _paragraph_place(places, offset, text, back=1)
        return Location.from_place(prev, "article") if prev is not None else None
    return Location.from_place(best, "article")


def _anchor_location(loc: Location, anchor: Location) -> Location:
    """``loc`` (unlocated) at ``anchor``'s coordinates; the name and basis stay."""
    return replace(
        loc,
        lat=anchor.lat,
        lon=anchor.lon,
        country=loc.country or anchor.country,
        admin1=anchor.admin1,
        precision=anchor.precision,
    )


def event_location(
    doc: Doc,
    offset: int,
    trigger_i: int,
    places: Sequence[Place],
    model: EventLocationModel | None,
    cfg: EventSettings,
    text: str | None = None,
) -> Location | None:
    """Where the event triggered by ``doc[trigger_i]`` happened.

    The choice ``model`` (None: the rules) picks among the sentence's places; when it
    says "none", or nothing in the sentence qualifies, the place the article implies
    (:func:`_article_place`; ``text`` is the article the offsets index, for paragraphs).
    """
    end = offset + len(doc_text(doc))
    places = [p for p in places if p.role != TEAM]  # a side or a company is no scene
    local = [p for p in places if p.start >= offset and p.end <= end]
    weak = None
    if local and model is not None:
        loc, decided = _model_choice(model, doc, offset, trigger_i, places, cfg)
        if decided:
            if loc is not None and loc.lat is None:
                # a name the gazetteer cannot place and nothing in its sentence locates:
                # it is at the place the article implies, when the article has one
                art = _article_place(places, offset, text)
                if art is not None and art.lat is not None:
                    loc = _anchor_location(loc, art)
            return loc
        weak = loc  # a country named only as a modifier, if any
        local = []  # the model said "none": go to the article's main place
    if local:
        loc = _rule_choice(doc, offset, trigger_i, local, cfg)
        if loc is not None:
            return loc
    return _article_place(places, offset, text) or weak


# ================================================================== scope and back-reference
def over_whole_country(trig: Token) -> bool:
    """The event is spread over a whole country: "nationwide protests", "a countrywide
    strike", "protests across the country", "strikes were held nationwide".

    ACLED and the news-events guidelines put such an event at the country; the article's
    main town (its capital, often) is more than 161 km off in most countries.
    """
    heads = [trig]
    if trig.dep_ in ("nsubj", "nsubjpass", "dobj") and trig.head.pos_ in ("VERB", "AUX"):
        heads.append(trig.head)  # "strikes were held nationwide"
    for h in heads:
        for c in h.children:
            low = c.lower_
            if low in NATIONWIDE and c.dep_ in ("amod", "advmod", "npadvmod", "compound"):
                return True
            if c.dep_ == "prep" and low in WHOLE_AREA_PREPS:
                if any(g.dep_ == "pobj" and g.lemma_.lower() in WHOLE_COUNTRY_NOUNS for g in c.children):
                    return True
    return False


def named_country(places: Sequence[Place], iso3: str) -> Place | None:
    """The article's first mention of country ``iso3`` by name (place or actor), if any."""
    for p in places:
        if p.feature == "A.PCLI" and p.country == iso3 and p.geonameid is not None:
            return p
    return None


def national_body(span: Span) -> bool:
    """The subject ``span`` names a state's national political body as a whole ("the
    government", "opposition parties", "Venezuela's government": ``national_body_words``),
    not a local one ("the city government", "the county council": ``local_body_words``), nor
    a force or a person it qualifies ("government forces", "opposition leader X"): the head
    is the body itself, or a party or coalition of it (``national_body_party_heads``)."""
    words = {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
    if not words & NATIONAL_BODIES or words & LOCAL_BODIES:
        return False
    head = span.root
    return bool({head.lower_, head.lemma_.lower()} & (NATIONAL_BODIES | NATIONAL_PARTY_HEADS))


#: gazetteer features of a seat of power (the landmarks of ``features.tsv``: parliament
#: buildings, courts, palaces, the Kremlin)
SEAT_FEATURES = frozenset(("S.BLDG", "S.PAL", "S.CSTL"))


def is_seat(p: Place) -> bool:
    """``p`` is a resolved building or palace where a legislature, court or government sits."""
    return p.geonameid is not None and p.feature in SEAT_FEATURES


def seat_body(span: Span) -> bool:
    """The subject ``span`` is a legislature or a court (``seat_body_words`` as its head:
    "the UK's highest court", "parliament", "the law lords"), not a local one ("the county
    court", "the state senate": ``local_body_words``)."""
    words = {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
    if words & LOCAL_BODIES:
        return False
    head = span.root
    return bool({head.lower_, head.lemma_.lower()} & SEAT_BODIES)


def on_the_scene(trig: Token) -> bool:
    """The trigger acts on the scene of an incident told before ("cordoned off the area",
    "secured the scene", "the site was evacuated"): an argument of the trigger, directly
    or through a preposition, is a definite ``scene_anaphor_nouns`` noun."""
    args = []
    for c in trig.children:
        if c.dep_ in ("dobj", "nsubjpass", "obj"):
            args.append(c)
        elif c.dep_ == "prep":
            args.extend(x for x in c.children if x.dep_ == "pobj")
    return any(
        a.lemma_.lower() in SCENE_ANAPHORS and any(x.dep_ == "det" and x.lower_ in ANAPHOR_DETS for x in a.children)
        for a in args
    )


def refers_back(trig: Token) -> bool:
    """The trigger is an event noun made definite ("the failed attack", "this bombing"):
    it names an event the article tells elsewhere, rather than a new one."""
    if trig.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.dep_ in ("det", "poss") and c.lower_ in ANAPHOR_DETS for c in trig.children)
