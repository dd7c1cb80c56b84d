"""Resolution: choose the GeoNames entry of each toponym candidate.

Each candidate entry is scored by a prior (feature class, population, main vs alternate
name) plus the article's context: the countries and first-level divisions named in it,
country hints, an explicit container ("Springfield, Illinois"), list neighbours of the
same kind ("California, Washington, Utah") and distance to the other places, in two
passes. All state lives in a per-call :class:`Resolution`; nothing is kept on the
geoparser.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from .gazetteer import Gazetteer
from .local import LOCAL_ID_BASE
from .mention import Mention, name_key
from .precision import minor_division
from .words import (
    ADMIN_HEAD_WORDS,
    COMMON_WORDS,
    CONTAINER_GAP,
    DISTRICT_HEAD_WORDS,
    LIST_CONTAINER_GAP,
    LIST_GAP,
    NAMED_DIVISION_HEAD_WORDS,
    PLACE_HEADS,
    SETTLEMENT_HEAD_WORDS,
    STOP,
    STRONG_PREPS,
    TYPE_AFTER,
)

#: feature codes of local places (towns and divisions, not capitals) counted per country
_LOCAL_FEATURES = ("A.ADM1", "A.ADM2", "A.ADM3", "P.PPL", "P.PPLA", "P.PPLA2", "P.PPLX")


# ---------------------------------------------------------------- priors
def prior(gaz: Gazetteer, i: int, alt: int) -> float:
    """How likely entry ``i`` is, before context: its kind, population, main name or not.

    Memoised per gazetteer by entry and alt flag (the only things it reads: the entry's
    feature code and population, which coding never changes), in the instance's own dict
    so that a forked worker inherits what the parent computed while warming up: a resolve
    asks for the same few hundred entries of an article again and again."""
    memo = gaz.__dict__.get("_prior_memo")
    if memo is None:
        memo = gaz.__dict__["_prior_memo"] = {}
    k = 2 * i + (1 if alt else 0)
    p = memo.get(k)
    if p is None:
        p = memo[k] = _prior(gaz, i, alt)
    return p


def _prior(gaz: Gazetteer, i: int, alt: int) -> float:
    """:func:`prior`, computed."""
    f = gaz.feature[i]
    pop = gaz.pop[i]
    lp = math.log10(pop + 1)
    if f == "A.PCLI":
        p = 0.9 + 0.01 * lp
        if not alt:
            p += 0.25  # a country's own name, not its capital's alternate name
    elif f == "L.CONT":
        p = 0.85
    elif f == "A.ADM1":
        p = 0.35 + 0.045 * lp
    elif f == "A.ADM2":
        p = 0.25 + 0.04 * lp
    elif f.startswith("A.ADM"):  # a local layer's ward or constituency (no population)
        p = 0.2 + 0.04 * lp
    elif f.startswith("P"):
        p = 0.1 + 0.1 * lp
        if f == "P.PPLC" and not alt:
            p += 0.25  # (not a capital's former name)
    else:  # curated physical features and regions
        p = 0.4 + 0.05 * lp
    if alt and not (f.startswith("P") and pop >= 1_000_000):
        p *= 0.75  # a big city's alternate name is still the city
    return p


def strength(gaz: Gazetteer, m: Mention) -> float:
    """The best prior of a mention's candidates: how well-known a place the name is."""
    if not m.cands:
        return 0.0
    # an alternate name ending in a place word is as plain as the main name
    # ("X State" for the state X)
    words = m.text.split()
    headed = len(words) > 1 and words[-1].lower() in PLACE_HEADS
    s = max(prior(gaz, i, 0 if headed else a) for i, a in m.cands)
    return s + (0.2 if m.variant else 0.0)


# ---------------------------------------------------------------- candidate filters
#: the words before "of" that make the name after it a division or a town ("the district of X")
_OF_TYPE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, PLACE_HEADS), key=len, reverse=True)) + r") of $", re.I)


def _marked_place(text: str, m: Mention) -> tuple[str, str | None] | None:
    """(the name, its type word) when the text itself says unknown ``m`` is a place: a
    type word after it ("X district", also inside the entity) or before "of" ("the province
    of X"), or a parse pattern after "in"/"near"; None otherwise."""
    words = m.text.split()
    if len(words) > 1 and words[-1].lower() in PLACE_HEADS:
        return " ".join(words[:-1]), words[-1].lower()
    nxt = text[m.end : m.end + 20].split()
    nxt_w = nxt[0].lower().strip('.,;:()"”’') if nxt else ""
    if nxt_w in PLACE_HEADS:
        return m.text, nxt_w
    om = _OF_TYPE.search(text, max(0, m.start - 30), m.start)
    if om is not None:
        return m.text, om.group(1).lower()
    prev = text[max(0, m.start - 12) : m.start].split()
    if m.label == "PAT" and prev and prev[-1].lower() in STRONG_PREPS:
        return m.text, None
    return None


def respell_unknown(
    gaz: Gazetteer, text: str, mentions: list[Mention], hints: AbstractSet[str] = frozenset()
) -> None:
    """Readings for a name the gazetteer lacks but the text calls a place, from the
    names spelled the same up to transliteration ("Nimruz" for GeoNames' Nimroz, "Kash
    Rod" for Khash Rod; :func:`.normalize.spelling_key`).

    Why only here: the loose key would turn any capitalised word into some village, so it
    is asked only when the exact lookup found nothing and the words around say "place";
    the readings count as alternate names, and only readings in a country the article
    already names (the likeliest reading of its known names, or a hint) are kept: a Kenyan
    village is not a namesake's Spanish town because their letters fold alike. The priors
    then choose among them as for any other name.
    """
    countries = set(hints)
    for m in mentions:
        if m.cands:
            i = max(m.cands, key=lambda c: prior(gaz, c[0], c[1]))[0]
            if gaz.cc[i]:
                countries.add(gaz.cc[i])
    for m in mentions:
        if m.cands or m.core is not None or m.source != "ent" or m.label == "FAC":
            continue
        found = _marked_place(text, m)
        if found is None:
            continue
        name, head = found
        if not name[:1].isupper() or name.lower() in STOP or name.lower() in COMMON_WORDS:
            continue
        cands = [
            (i, a)
            for i, a in gaz.spelling_lookup(name_key(name))
            if gaz.feature[i].startswith(("A.ADM", "P.")) and gaz.cc[i] in countries
        ]
        if cands:
            m.cands = cands
            m.source = "ent+gaz"
            if head is not None and m.head_word is None:
                m.head_word = head


def restrict_by_head_word(gaz: Gazetteer, mentions: list[Mention]) -> None:
    """A place-type word next to the name narrows its readings ("X province" -> admin)."""
    for m in mentions:
        if not m.cands and m.core is None and m.source == "ent":
            continue
        if m.head_word in ADMIN_HEAD_WORDS:
            keep = [(i, a) for i, a in m.cands if gaz.feature[i] == "A.ADM1" or minor_division(gaz.feature[i])]
        elif m.head_word in DISTRICT_HEAD_WORDS:
            keep = [(i, a) for i, a in m.cands if minor_division(gaz.feature[i]) or gaz.feature[i] == "A.ADM1"]
        elif m.head_word in SETTLEMENT_HEAD_WORDS:
            keep = [(i, a) for i, a in m.cands if gaz.feature[i].startswith("P")]
        else:
            continue
        if keep:
            m.cands = keep


def prefer_main_names(gaz: Gazetteer, mentions: list[Mention]) -> None:
    """Main names beat alternate names of the same kind.

    A country's own name beats entries that merely list it as an alternate name (a
    country is not its capital), and a town's alternate name does not beat a bigger
    town of that main name (a former name of a small town).
    """
    for m in mentions:
        if any(a == 0 and gaz.feature[i] == "A.PCLI" for i, a in m.cands):
            m.cands = [(i, a) for i, a in m.cands if a == 0]
        top_main = max(
            (gaz.pop[i] for i, a in m.cands if not a and gaz.feature[i].startswith("P")),
            default=-1,
        )
        if top_main >= 0:
            m.cands = [
                (i, a)
                for i, a in m.cands
                if not a or not gaz.feature[i].startswith("P") or gaz.pop[i] > 10 * top_main
            ]


def big_city_bonuses(
    gaz: Gazetteer, mentions: list[Mention], per_decade: float, cap: float
) -> dict[int, tuple[int, float]]:
    """A city much bigger than every other town of its name is the default reading.

    Context must then be strong to pick a small namesake. Not when the name is mainly
    a state or province. Keyed by ``id(mention)``: (entry, bonus).
    """
    out: dict[int, tuple[int, float]] = {}
    for m in mentions:
        pops = sorted(
            (gaz.pop[i] for i, a in m.cands if gaz.feature[i].startswith("P") and not a),
            reverse=True,
        )
        top_adm = max(
            (gaz.pop[i] for i, _ in m.cands if gaz.feature[i] in ("A.ADM1", "A.PCLI")), default=0
        )
        if len(pops) >= 2 and pops[0] >= 100_000 and 20 * pops[0] > top_adm:
            bonus = min(cap, per_decade * math.log10(pops[0] / max(pops[1], 1)))
            i0 = next(
                i
                for i, a in m.cands
                if gaz.feature[i].startswith("P") and not a and gaz.pop[i] == pops[0]
            )
            out[id(m)] = (i0, bonus)
    return out


# ---------------------------------------------------------------- article structure
def _container_gap(text: str, gap: str, after_end: int) -> bool:
    """``gap`` joins a place and the place holding it ("X, Y", "X district, Y", "X of Y district")."""
    return (
        (gap.strip() in (",", "(", ", in", "in") and len(gap) <= 5)
        or CONTAINER_GAP.fullmatch(gap) is not None
        or (gap == " of " and TYPE_AFTER.match(text, after_end) is not None)
    )


@dataclass(slots=True)
class Resolution:
    """Per-call resolution state: the article's structure and the context counts."""

    gaz: Gazetteer
    text: str
    mentions: list[Mention]
    hint_cc: set[str] = field(default_factory=set)
    hint_order: list[str] = field(default_factory=list)
    big_bonus: dict[int, tuple[int, float]] = field(default_factory=dict)
    container: dict[int, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    container_of: dict[int, Mention] = field(default_factory=dict)
    explicit_in: set[int] = field(default_factory=set)
    peers: dict[int, list[Mention]] = field(default_factory=dict)
    holds: dict[int, set[tuple[int, str, str]]] = field(default_factory=lambda: defaultdict(set))
    named_as: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    local_cc: Counter = field(default_factory=Counter)
    #: (id(mention), entry) -> how much the article's other names could lie near that reading
    support: dict[tuple[int, int], float] = field(default_factory=dict)

    def read_hints(self, hints: Iterable[str]) -> None:
        """Country hints (ISO2 or ISO3) as ISO2, in order."""
        for h in hints:
            cc = self.gaz.to_iso2(h) if h else None
            if cc:
                self.hint_cc.add(cc)
                if cc not in self.hint_order:
                    self.hint_order.append(cc)

    def find_containers(self) -> None:
        """Explicit containers: "Springfield, Illinois", "X district, Y", "X of Y district"."""
        text = self.text
        for a, b in zip(self.mentions, self.mentions[1:], strict=False):
            gap = text[a.end : b.start]
            if not (b.cands and _container_gap(text, gap, b.end)):
                continue
            self.container_of[id(a)] = b
            if CONTAINER_GAP.fullmatch(gap) or gap == " of ":
                # said to be in it (not a list, not a team playing in a city)
                self.explicit_in.add(id(a))
            self._hold(a, b)
        self._hold_lists()

    def share_containers(self) -> None:
        """One referent per name in an article: a name the article places once in a
        container ("NAPLES, Fla.", "Springfield, Illinois") is that place where it recurs
        alone ("the Naples Police Department"), unless another container is named there."""
        held: dict[str, set[tuple[str, str]]] = {}
        for m in self.mentions:
            got = self.container.get(id(m))
            if got:
                held.setdefault(name_key(m.text), set()).update(got)
        if not held:
            return
        for m in self.mentions:
            if self.container.get(id(m)):
                continue
            got = held.get(name_key(m.text))
            if got:
                self.container[id(m)] = set(got)

    def _hold(self, a: Mention, b: Mention) -> None:
        g = self.gaz
        for i, _ in b.cands:
            f = g.feature[i]
            if f == "A.PCLI":
                self.container[id(a)].add((g.cc[i], ""))
            elif f == "A.ADM1":
                self.container[id(a)].add((g.cc[i], g.admin1[i]))

    def _hold_lists(self) -> None:
        """"A, B and C districts, Y": a plural type before the container says it holds
        every item of the list, not only the last one."""
        ms, text = self.mentions, self.text
        for k in range(len(ms) - 1, 0, -1):
            b = self.container_of.get(id(ms[k]))
            if b is None or not LIST_CONTAINER_GAP.fullmatch(text, ms[k].end, b.start):
                continue
            j = k
            while j > 0 and ms[j].start - ms[j - 1].end <= 6 and LIST_GAP.fullmatch(text[ms[j - 1].end : ms[j].start]):
                j -= 1
                if id(ms[j]) not in self.container_of:
                    self.container_of[id(ms[j])] = b
                    self.explicit_in.add(id(ms[j]))
                    self._hold(ms[j], b)

    def find_peers(self) -> None:
        """List neighbours ("A, B, C and D") are the same kind of place.

        A comma alone needs a list of three ("Sacramento, California" is a container).
        """
        peers: dict[int, list[Mention]] = defaultdict(list)
        conj: set[int] = set()
        for a, b in zip(self.mentions, self.mentions[1:], strict=False):
            gap = self.text[a.end : b.start]
            if b.start - a.end <= 6 and LIST_GAP.fullmatch(gap):
                peers[id(a)].append(b)
                peers[id(b)].append(a)
                if gap.strip(" ,") in ("and", "or", "&"):
                    conj.update((id(a), id(b)))
        self.peers = {k: v for k, v in peers.items() if len(v) >= 2 or k in conj}

    def find_holders(self) -> None:
        """The container side: in "Tacoma, Washington" the Washington that holds a Tacoma."""
        g = self.gaz
        by_id = {id(x): x for x in self.mentions}
        for a_id, b in self.container_of.items():
            if a_id in self.peers or id(b) in self.peers:
                continue  # a list of cities, not a container
            inner = {(g.cc[j], g.admin1[j]) for j, _ in by_id[a_id].cands}
            for i, _ in b.cands:
                f = g.feature[i]
                if f == "A.PCLI" and any(c == g.cc[i] for c, _ in inner):
                    self.holds[id(b)].add((i, g.cc[i], ""))
                elif f == "A.ADM1" and (g.cc[i], g.admin1[i]) in inner:
                    self.holds[id(b)].add((i, g.cc[i], g.admin1[i]))

    def find_named_divisions(self) -> None:
        """Divisions and countries another surface form names without doubt.

        A spelling variant, an AP abbreviation ("Wash."), a postal code.
        """
        g = self.gaz
        for x in self.mentions:
            if x.variant and x.cands:
                for i, _ in x.cands:
                    if g.feature[i] in ("A.ADM1", "A.PCLI"):
                        self.named_as[i].add(name_key(x.text))


# ---------------------------------------------------------------- spatial minimality
#: readings of two names this close (km) place the two in one scene
SUPPORT_KM = 100.0
#: the score one other name adds to a reading near its likeliest readings (capped at one name's worth)
SUPPORT_WEIGHT = 0.3
#: the share of its support a name in the same first-level division gives a town reading.
#: Halved from 1: on the dev parts 0.5 ties 1.0 everywhere (GeoWebNews Acc@161 0.8105,
#: news-events, event-location, ACLED) while 0 loses two GeoWebNews dev toponyms; a whole
#: state's worth let "Florida" read as a New York town in a New York story.
SAME_ADMIN1_SUPPORT = 0.5


def _is_point(gaz: Gazetteer, i: int) -> bool:
    f = gaz.feature[i]
    return f.startswith("P") or minor_division(f)


def spatial_support(gaz: Gazetteer, mentions: list[Mention]) -> dict[tuple[int, int], float]:
    """For every reading of every ambiguous mention, how much the article's *other* names
    could lie near it or in it: the sum over the other names of the prior share of their
    town readings within :data:`SUPPORT_KM` of a town reading, or inside a division's or
    country's reading (capped at 1).

    This is the reading that keeps the article's places close (spatial minimality),
    computed over all readings weighted by their priors rather than over the current best
    ones: two misread names cannot vouch for each other ("Richmond" and "Twickenham" in a
    London story are not Kentucky and Alabama because each is the other's neighbour
    there), while a well-known name's likely reading (London, England) vouches for the
    namesakes around it. A division is supported by the towns that could be in it, so a
    state's name is not outvoted by a town of its name near the story. A name repeated is
    one name: it does not support itself.
    """
    g = gaz
    by_key: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for m in mentions:
        if m.cands:
            by_key[name_key(m.text)].update(m.cands)
    # per name: its town readings' prior shares, bucketed in 1-degree cells, per
    # first-level division and per country
    cells: dict[tuple[int, int], list[tuple[int, str, float]]] = defaultdict(list)
    in_adm: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    in_cc: dict[str, dict[str, float]] = defaultdict(dict)
    for key, cands in by_key.items():
        pri = {i: prior(g, i, a) for i, a in cands}
        tot = sum(pri.values()) or 1.0
        for i, p in pri.items():
            if not _is_point(g, i):
                continue
            share = p / tot
            cells[(math.floor(g.lat[i]), math.floor(g.lon[i]))].append((i, key, share))
            cc, a1 = g.cc[i], g.admin1[i]
            if cc:
                in_cc[cc][key] = max(in_cc[cc].get(key, 0.0), share)
                if a1:
                    in_adm[(cc, a1)][key] = max(in_adm[(cc, a1)].get(key, 0.0), share)
    out: dict[tuple[int, int], float] = {}
    for m in mentions:
        if len(m.cands) < 2:
            continue  # nothing to choose
        own = name_key(m.text)
        for i, alt in m.cands:
            f = g.feature[i]
            if _is_point(g, i):
                # near it, or for a town in its division: a town is in the state another
                # name could be in as much as the state is (New York City and New York);
                # so is a county by its own name, not a county an alternate name gives
                # ("Washington" for a Washington County)
                best = _near(g, i, own, cells)
                if (f.startswith("P") or not alt) and SAME_ADMIN1_SUPPORT:
                    for k, v in in_adm.get((g.cc[i], g.admin1[i]), {}).items():
                        best[k] = max(best.get(k, 0.0), SAME_ADMIN1_SUPPORT * v)
            elif f == "A.ADM1" and g.cc[i]:
                best = in_adm.get((g.cc[i], g.admin1[i]), {})
            elif f == "A.PCLI" and g.cc[i]:
                best = in_cc.get(g.cc[i], {})
            else:
                continue
            total = sum(v for k, v in best.items() if k != own)
            if total:
                out[(id(m), i)] = min(1.0, total)
    return out


def _near(
    g: Gazetteer, i: int, own: str, cells: dict[tuple[int, int], list[tuple[int, str, float]]]
) -> dict[str, float]:
    """Per other name, the largest prior share of its town readings near town ``i``."""
    la, lo = g.lat[i], g.lon[i]
    best: dict[str, float] = {}
    cy, cx = math.floor(la), math.floor(lo)
    for dy in (-1, 0, 1):
        for dx in (-2, -1, 0, 1, 2):
            for j, key, share in cells.get((cy + dy, cx + dx), ()):
                if key == own or share <= best.get(key, 0.0):
                    continue
                if haversine_km(la, lo, g.lat[j], g.lon[j]) <= SUPPORT_KM:
                    best[key] = share
    return best


# ---------------------------------------------------------------- scoring
@dataclass(slots=True)
class _Context:
    """The article context of one scoring pass."""

    cc: Counter
    adm: Counter
    pts: list[tuple[float, float, Mention]] | None

    @property
    def total(self) -> float:
        return sum(self.cc.values()) or 1


def _own_adm(g: Gazetteer, m: Mention) -> tuple[tuple[str, str] | None, float]:
    """What ``m``'s own current reading adds to the article's admin1 context."""
    if m.best is None:
        return None, 0.0
    f = g.feature[m.best]
    if f == "A.ADM1":
        return (g.cc[m.best], g.admin1[m.best]), 1.0
    if g.admin1[m.best] and m.score > 0.7:
        return (g.cc[m.best], g.admin1[m.best]), 0.5
    return None, 0.0


@dataclass(slots=True)
class _MentionView:
    """What the candidates of one mention share while they are scored."""

    m: Mention
    key: str
    the: bool
    own_key: tuple[str, str] | None
    own_w: float
    peer_feats: set[str]
    country_rival: bool


def _view(r: Resolution, m: Mention, ctx: _Context) -> _MentionView:
    g, text = r.gaz, r.text
    # "the Atlantic", "the Sahel": a physical feature or region takes the article, a town
    # does not (not when the article belongs to a longer name: "the <City> Boat Show")
    the = (
        text[max(0, m.start - 4) : m.start].lower() == "the "
        and m.core is None
        and not re.match(r"[ -]+[A-Z]", text[m.end : m.end + 3])
    )
    own_key, own_w = _own_adm(g, m) if ctx.adm else (None, 0.0)
    peer_feats = {
        g.feature[p.best]
        for p in r.peers.get(id(m), ())
        if p.best is not None and g.feature[p.best] in ("A.ADM1", "A.PCLI")
    }
    # a country of this name that nothing else in the article supports
    country_rival = any(
        g.feature[j] == "A.PCLI" and ctx.cc.get(g.cc[j], 0) - (1.0 if m.best == j else 0.0) < 0.5
        for j, _ in m.cands
    )
    return _MentionView(m, name_key(m.text), the, own_key, own_w, peer_feats, country_rival)


def _add_country_support(r: Resolution, v: _MentionView, i: int, ctx: _Context, s: float) -> float:
    """``s`` plus the support of the article's countries, hints and divisions.

    (Added term by term, in the order the scores were always summed: floating-point
    sums depend on it.)
    """
    g, m = r.gaz, v.m
    cc, f = g.cc[i], g.feature[i]
    s += 0.45 * ctx.cc.get(cc, 0) / ctx.total
    if cc in r.hint_cc:
        s += 0.2
    if f != "A.PCLI" and f != "A.ADM1" and ctx.adm.get((cc, g.admin1[i]), 0):
        s += 0.2
    elif f == "A.ADM1":
        # the state the article's other places are in (an abbreviated state after a
        # dateline town, then the state's full name: the state, not the capital)
        k = (cc, g.admin1[i])
        if ctx.adm.get(k, 0) - (v.own_w if k == v.own_key else 0.0) > 0.4:
            s += 0.2
        if (
            v.country_rival
            and r.local_cc.get(cc, 0) - (m.best == i) >= 2
            and 2 * ctx.cc.get(cc, 0) >= ctx.total
        ):
            # a state sharing a country's name in a local story whose towns and counties
            # are in the state's country, and nothing of the other country's: the state
            # (a capital's dateline and the country's initials are not enough)
            s += 0.4
    return s


def _distance_score(
    g: Gazetteer, m: Mention, i: int, pts: list[tuple[float, float, Mention]]
) -> float:
    """Closeness to the article's confidently resolved places (< 400 km counts)."""
    lat_i, lon_i = g.lat[i], g.lon[i]
    dmin = min(
        (
            haversine_km(lat_i, lon_i, la, lo)
            for la, lo, who in pts
            if who is not m and abs(la - lat_i) < 3.7  # (only < 400 km counts)
        ),
        default=None,
    )
    if dmin is None:
        return 0.0
    if dmin < 50:
        return 0.3
    if dmin < 150:
        return 0.2
    if dmin < 400:
        return 0.1
    return 0.0


def _candidate_score(r: Resolution, v: _MentionView, i: int, a: int, ctx: _Context) -> float:
    """The score of reading mention ``v.m`` as entry ``i``."""
    g, m = r.gaz, v.m
    s = prior(g, i, a)
    bb = r.big_bonus.get(id(m))
    if bb is not None and bb[0] == i:
        s += bb[1]
    cc = g.cc[i]
    f = g.feature[i]
    if cc:
        s = _add_country_support(r, v, i, ctx, s)
    if f in v.peer_feats:
        s += 0.6  # a list of states: the state
    if v.the:
        if f[0] in "HTLV" and f != "L.CONT":
            s += 0.5
        elif f.startswith("P"):
            s -= 0.2
    cont = r.container.get(id(m))
    if cont and any(c == cc and (not ad or ad == g.admin1[i]) for c, ad in cont):
        s += 0.8
    if (i, cc, g.admin1[i] if f == "A.ADM1" else "") in r.holds.get(id(m), ()):
        s += 0.5  # the state holding the town named before it
    if i in r.named_as and r.named_as[i] - {v.key}:
        s += 0.4  # the division another surface form names
    if ctx.pts and f not in ("A.PCLI", "L.CONT"):
        s += _distance_score(g, m, i, ctx.pts)
    sup = r.support.get((id(m), i))
    if sup:
        s += SUPPORT_WEIGHT * sup
    return s


def score(r: Resolution, m: Mention, ctx: _Context) -> tuple[int | None, float]:
    """The best reading of ``m`` in context and a confidence from its margin."""
    if not m.cands:
        return None, 0.0
    v = _view(r, m, ctx)
    best, bs, second = None, -1.0, -1.0
    for i, a in m.cands:
        s = _candidate_score(r, v, i, a, ctx)
        if s > bs:
            best, bs, second = i, s, bs
        elif s > second:
            second = s
    if second < 0:
        conf = min(1.0, 0.6 + 0.4 * min(bs, 1.0))
    else:
        conf = max(0.05, min(1.0, 0.5 + (bs - second) / (2 * max(bs, 1e-6))))
    return best, conf


def _gather_context(r: Resolution) -> _Context:
    """The countries, divisions and points of the current readings (and the hints)."""
    g = r.gaz
    ctx = _Context(Counter(), Counter(), [])
    r.local_cc.clear()
    for m in r.mentions:
        if m.best is None:
            continue
        i = m.best
        f = g.feature[i]
        w = 1.0 if f == "A.PCLI" else (0.7 * m.score if len(m.cands) > 1 else 0.8)
        if g.cc[i]:
            ctx.cc[g.cc[i]] += w
            if f in _LOCAL_FEATURES:
                r.local_cc[g.cc[i]] += 1
        if f == "A.ADM1":
            ctx.adm[(g.cc[i], g.admin1[i])] += 1
        elif g.admin1[i] and m.score > 0.7:
            ctx.adm[(g.cc[i], g.admin1[i])] += 0.5
        if f not in ("A.PCLI", "L.CONT") and (m.score >= 0.75 or len(m.cands) == 1):
            ctx.pts.append((g.lat[i], g.lon[i], m))
    for cc in r.hint_cc:
        ctx.cc[cc] += 1.0
    return ctx


def resolve(
    gaz: Gazetteer,
    text: str,
    mentions: list[Mention],
    hints: Iterable[str],
    big_city_bonus: float,
    big_city_bonus_cap: float,
    respell: bool = True,
) -> Resolution:
    """Choose every mention's entry (``best``, ``score``); returns the per-call state."""
    r = Resolution(gaz, text, mentions)
    r.read_hints(hints)
    if respell:
        respell_unknown(gaz, text, mentions, r.hint_cc)
    restrict_by_head_word(gaz, mentions)
    prefer_main_names(gaz, mentions)
    r.big_bonus = big_city_bonuses(gaz, mentions, big_city_bonus, big_city_bonus_cap)
    r.find_containers()
    r.share_containers()
    r.find_peers()
    r.find_holders()
    r.find_named_divisions()
    r.support = spatial_support(gaz, mentions)
    # pass 1: priors only; then twice with the context of the current readings
    for m in mentions:
        m.best, m.score = score(r, m, _Context(Counter(), Counter(), None))
    for _ in range(2):
        ctx = _gather_context(r)
        for m in mentions:
            m.best, m.score = score(r, m, ctx)
    relocate_outside_containers(gaz, mentions, r.container_of, r.peers, r.explicit_in, text)
    held_in = [b for k, b in r.container_of.items() if k in r.explicit_in]
    drop_outliers(gaz, mentions, r.container, held_in)
    prefer_seat_towns(gaz, text, mentions)
    return r


# ---------------------------------------------------------------- corrections
#: words before a bare name that put a thing at a point ("in X", "near X"), and the
#: settlement nouns of "the town of X"
_AT_POINT = frozenset(("in", "at", "near", "inside", "outside"))


def prefer_seat_towns(gaz: Gazetteer, text: str, mentions: list[Mention]) -> None:
    """A bare division name after "in/at/near" ("killed in Kwale", "near Kilifi", "the
    town of Kwale") is the town of that name inside it, when there is one: the division's
    seat, whose name it took.

    Counties, provinces and governorates are often named after their seats (Kenya's
    counties, Afghanistan's provinces); a division said as one ("Kwale County", "Mandera
    region") keeps its reading. A point where one is named is where an event is; the
    division's centroid is often 50-150 km from its seat, in the bush.
    """
    g = gaz
    for m in mentions:
        i = m.best
        if i is None or g.feature[i] != "A.ADM1" or m.head_word is not None or m.core is not None:
            continue
        before = text[max(0, m.start - 16) : m.start].lower().split()
        if not before:
            continue
        seat_ctx = before[-1] in _AT_POINT or (
            len(before) >= 2 and before[-1] == "of" and before[-2] in SETTLEMENT_HEAD_WORDS
        )
        if not seat_ctx:
            continue
        towns = [
            j
            for j, a in m.cands
            if not a and g.feature[j].startswith("P") and g.cc[j] == g.cc[i] and g.admin1[j] == g.admin1[i]
        ]
        if towns:
            m.best = max(towns, key=lambda j: g.pop[j])


#: a part is at most this fraction of its whole's population ("Eastleigh, Nairobi"); two
#: cities side by side are of one order ("In Nairobi, London officials ...")
PART_POPULATION_RATIO = 5
#: a sentence opening with a place phrase and a comma ("In Nairobi, ..."): the name after
#: the comma starts the clause, it does not hold the place
FRONTED_PLACE = re.compile(r"(?:^|[.!?\n][\"'”’)]?\s+)(?:In|At|From|Near|Outside|Inside)\s+(?:[\w'’-]+\s+){0,3}\Z")


def _first_known_container(m: Mention, container_of: dict[int, Mention]) -> Mention | None:
    """The container named after ``m``, through up to three unknown districts."""
    b = container_of.get(id(m))
    for _ in range(3):
        if b is None or b.best is not None:
            break
        b = container_of.get(id(b))
    return b


def _inside(
    gaz: Gazetteer,
    m: Mention,
    b: Mention,
    explicit_in: AbstractSet[int],
    comma_held: AbstractSet[int] = frozenset(),
) -> bool | None:
    """Whether ``m``'s reading lies in container ``b``'s (None: cannot tell)."""
    g = gaz
    fb = g.feature[b.best]
    if fb in ("A.PCLI", "A.ADM1"):
        return g.cc[m.best] == g.cc[b.best] and (
            fb == "A.PCLI" or g.admin1[m.best] == g.admin1[b.best]
        )
    if fb.startswith("P") or minor_division(fb):
        if g.cc[m.best] == g.cc[b.best] and g.feature[m.best] != "A.ADM1":
            # a town named like its province ("X district, Khost"): a reading of the
            # container is a division, and the place lies in none of its readings
            divs = {g.admin1[i] for i, _ in b.cands if g.feature[i] == "A.ADM1" and g.cc[i] == g.cc[b.best]}
            if divs and g.admin1[m.best] and g.admin1[m.best] not in divs | {g.admin1[b.best]}:
                return False
        if g.cc[m.best] == g.cc[b.best]:
            return True
        if m.head_word is None and id(m) not in explicit_in and id(m) in comma_held:
            # "Eastleigh, Nairobi": a bare name and a comma, then a town of another country
            # that is larger than the name's reading — a part named with its whole (a
            # quarter, an estate), not a list (lists are peers) nor two cities side by
            # side ("London, Paris"), where the first is as large as the second
            return not g.pop[m.best] * PART_POPULATION_RATIO < g.pop[b.best]
        # another country's town named with its type inside a local place is another place
        return m.head_word is None and id(m) not in explicit_in
    return None


def relocate_outside_containers(
    gaz: Gazetteer,
    mentions: list[Mention],
    container_of: dict[int, Mention],
    peers: dict[int, list[Mention]],
    explicit_in: AbstractSet[int] = frozenset(),
    text: str = "",
) -> None:
    """A small place outside the division named right after it is a misreading: it is
    another place of that name, located at the division."""
    g = gaz
    comma_held = {
        id(m)
        for m in mentions
        if (b := container_of.get(id(m))) is not None
        and text[m.end : b.start] == ", "
        and not FRONTED_PLACE.search(text, 0, m.start)
    }
    for m in mentions:
        b = _first_known_container(m, container_of)
        if m.best is None or b is None or b.best is None:
            continue
        fb, fm = g.feature[b.best], g.feature[m.best]
        foreign_adm1 = (
            fm == "A.ADM1" and fb in ("A.ADM1", "A.PCLI") and g.cc[m.best] != g.cc[b.best]
        )
        if not (fm.startswith("P") or minor_division(fm) or foreign_adm1):
            continue  # (a district named after a foreign division stays)
        if id(b) in peers:
            continue  # a list, not a container
        if g.cc[m.best] != g.cc[b.best] and _common_words_division(name_key(b.text)):
            # a division named with common words ("Eastern Province") is in many countries,
            # most of them missing from the gazetteer: it does not outweigh the place's name
            continue
        inside = _inside(g, m, b, explicit_in, comma_held)
        if inside is False:
            m.cands, m.best, m.score, m.source = [], None, 0.0, "ent"


def _common_words_division(key: str) -> bool:
    """A division named with common words only ("West Coast")."""
    return all(w in STOP or w in COMMON_WORDS for w in key.split())


def drop_outliers(
    gaz: Gazetteer,
    mentions: list[Mention],
    container: dict[int, set[tuple[str, str]]],
    held_in: Iterable[Mention] = (),
) -> None:
    """A small town abroad that nothing else in the article supports is a misreading.

    In an article whose places are all in one or two other countries, a single reading
    of a town under 50,000 people in a country the article names nowhere else is more
    likely a surname, a street or a local name the gazetteer does not know; it becomes
    unresolved and is located at the place around it like other unknown names (a lone
    word is dropped). A division named with common words is the words' local sense.
    """
    g = gaz
    by_cc: Counter = Counter()
    for m in mentions:
        if m.best is not None and g.cc[m.best]:
            by_cc[g.cc[m.best]] += 1
    names: dict[str, int] = Counter(name_key(m.text) for m in mentions if m.best is not None)
    # a short note names one county or province: its country is the story's, too few
    # places for the count above
    div_cc = {
        g.cc[m.best]
        for m in mentions
        if m.best is not None
        and g.feature[m.best] in ("A.ADM1", "A.ADM2")
        and m.head_word in NAMED_DIVISION_HEAD_WORDS
    }
    # ... and so does a division said to hold a typed name ("X district, <province>")
    div_cc |= {g.cc[b.best] for b in held_in if b.best is not None and g.feature[b.best] == "A.ADM1"}
    for m in mentions:
        i = m.best
        if i is None or m.variant or container.get(id(m)):
            continue
        f = g.feature[i]
        key = name_key(m.text)
        if g.gid[i] >= LOCAL_ID_BASE:
            pass  # a local layer's ward or constituency abroad is as weak as a small town
        elif f in ("A.ADM1", "A.ADM2"):
            if not _common_words_division(key):
                continue
        elif not f.startswith("P") or f == "P.PPLC" or g.pop[i] >= 50_000:
            continue
        if by_cc[g.cc[i]] > names[key]:
            continue  # the article names the country or another place in it
        if not (
            any(n >= 3 for cc, n in by_cc.items() if cc != g.cc[i])
            or any(cc != g.cc[i] for cc in div_cc)
        ):
            continue  # no other country dominates the article or names a division
        if m.label in ("GPE", "LOC", "FAC") or len(m.text.split()) > 1 or m.head_word or "-" in m.text:
            m.cands, m.best, m.score, m.source = [], None, 0.0, "ent"
        else:
            m.dropped = True  # a lone word: a name
            m.cands, m.best, m.score = [], None, 0.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
