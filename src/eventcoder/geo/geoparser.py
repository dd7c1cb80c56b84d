"""Toponym recognition, resolution, roles and event locations.

Recognition combines two sources:

* spaCy entities (GPE, LOC, FAC) in the sentences that were parsed;
* a case-sensitive gazetteer phrase matcher over the whole text (a dict lookup per
  token, leftmost-longest, bounded by the longest name starting with that token), with
  guards against common words, person names and weakly supported small places.

Resolution scores each candidate by a prior (feature class, population, main vs
alternate name) plus article context (countries and first-level divisions named in the
article, country hints, an explicit container such as "Springfield, Illinois", and
distance to the other places of the article), in two passes.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..records import Location, Place
from .event_model import (
    add_relative,
    candidate_features,
    default_model,
    extra_spans,
    none_features,
)
from .gazetteer import Gazetteer
from .normalize import ARTICLES, fold

_WORD = re.compile(r"[^\W_]+")
_KEYTOK = re.compile(r"[^\W_]+")

#: lower-case words that may sit inside a multi-word name
CONNECTORS = frozenset(
    """of de del della di da do dos das du des la le les el al ad ag an ar as ash at az ez es
    en et upon on the and y i im am der den bin ibn sur sous aux a au zu van von ul ur
    e ye wa s""".split()
)

#: capitalised words that are far more often something else than a place
STOP = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    of the a an and or but if in on at to by for from with as is it he she we they you i me
    my his her our their its this that these those there here what when where who how why
    mr mrs ms dr st mount lake river north south east west northern southern eastern western
    central new old great little upper lower city town county state province district
    police best golden university college school hospital church street
    road avenue square park centre center bay beach island islands valley hill hills
    battle victory union liberty independence progress enterprise
    industry commerce friendship harmony unity concord justice freedom paradise eden
    home house early late long young rich white black green brown grant price young
    man woman men women boy girl king queen prince princess lord lady sir
    god christ jesus allah obama trump clinton bush john james george lincoln
    jackson franklin jefferson madison wilson hamilton marion clay lee warren
    apple amazon google twitter facebook windows office
    army navy force forces government court council party news post times daily
    april summer winter spring fall autumn christmas easter ramadan
    said says told according
    however meanwhile although because since while after before during
    media press today world global national international federal
    us rd ave blvd hwy""".split()
) - {"us"}

#: more common English words: an alternate name made only of these (and of ``STOP``)
#: is a translation or a phrase, not the English name of a place ("White House")
COMMON_WORDS = frozenset(
    """mountain mountains village colony republic summit congress club theatre theater
    trust support stadium house houses garden gardens court courts hall field fields
    forest wood woods rock rocks stone creek falls spring springs well wells cross
    crossing ford port harbour harbor fort castle palace tower towers market bridge
    bridges gate gates coast shore point cape head heights plain plains ridge view
    station airport mall centre center grand royal holy saint sacred red blue yellow
    silver gold iron salt sand sands sea ocean water waters world land lands senate
    parliament assembly capitol embassy wing hurricane tornado storm mission bank
    northeast northwest southeast southwest terrace line""".split()
)

#: words after a place name that make it an organisation, not a place ("Manchester United")
ORG_AFTER = frozenset(
    """university college school hospital club fc united city's times post herald tribune
    journal gazette news airlines airways airport bank police council""".split()
)

#: nouns whose possessor or compound is an actor ("Syria's army", "Turkey's president")
ACTOR_NOUNS = frozenset(
    """government army military forces troops police president minister ministry officials
    official authorities leader leaders regime administration parliament navy air
    airforce cabinet embassy delegation envoy ambassador spokesman spokeswoman
    prime foreign defense defence security intelligence state""".split()
)

#: verbs whose subject is a place, not an actor ("Raqqa fell", "Iraq lies")
NON_AGENTIVE = frozenset(
    """be fall lie sit remain become host border see suffer experience witness stretch
    include contain have locate situate hit flood burn shake collapse""".split()
)

#: names spaCy's small model often labels GPE that are not places
NON_PLACES = frozenset(
    [
        *"isil isis is daesh hezbollah hizbollah hamas taliban sdf ypg ypj pkk nato un".split(),
        *"iswap houthi houthis nusra hts amaq sana".split(),
        *"nazi nazis".split(),  # "Nazi Germany": not the Syrian village al-Annazah
        "el nino",  # weather, not the town of El Niño
        "la nina",
        "al qaeda",
        "al qaida",
        "al shabaab",
        "boko haram",
        "al nusra",
        "jabhat al nusra",
        "jaish al islam",
        "islamic state",
    ]
)

#: prepositions that put an event in a place
LOC_PREPS = frozenset(
    """in at near inside outside around across throughout within on into outside
    off over along between among north south east west towards toward
    from through""".split()
)
STRONG_PREPS = frozenset("in at near inside outside around across throughout within".split())

PLACE_HEADS = frozenset(
    """province governorate district county city town village state region area
    neighbourhood neighborhood suburb camp border countryside outskirts sub-district
    subdistrict municipality oblast raion prefecture department division settlement
    hamlet quarter shantytown""".split()
)

#: last words that make an organisation's name a building or site: a toponym in news
#: geoparsing corpora, located at the place around it ("MetroHealth Medical Center")
FACILITY_HEADS = frozenset(
    """hospital center centre church chapel cathedral mosque temple synagogue basilica
    school academy college university campus prison jail penitentiary stadium arena
    theatre theater hall hotel inn mall market library museum airport airfield station
    racecourse circuit street road avenue drive lane boulevard highway bridge farm farms
    plantation estate plaza palace castle tower cottage house cemetery graveyard base
    auditorium square bazaar place lagoon airbase courthouse restaurant cafe café pub
    cinema gallery studio shop store supermarket hostel motel resort zoo aquarium pier
    marina wharf terminal depot warehouse factory refinery complex elementary""".split()
)

#: nouns after a proper noun that make it a named site ("Akida village", "Kweires
#: airbase", "Treskavica mountain", "Siinaay junction"), whatever the small model's label
SITE_HEADS = (PLACE_HEADS - {"department", "division", "state", "border"}) | frozenset(
    """mountain mountains hill hills valley peninsula island islands airbase barracks
    garrison junction crossing checkpoint roundabout square bazaar dam lagoon""".split()
)

#: postal codes that are also English words or common abbreviations in names
COMMON_CODES = frozenset("in or me ok hi oh ma la de al co id mo pa ga va wa sa".split())

#: titles that open a person's name, never a place's
PERSON_TITLES = frozenset(
    """mr mrs ms dr congressman congresswoman senator sen rep representative president
    minister governor gov mayor general gen colonel col captain capt sergeant sgt judge
    justice bishop father pope king queen prince princess lord lady sir""".split()
)

#: nouns of "the stronghold of X": the name after "of" is a place
OF_SITE_HEADS = frozenset("stronghold enclave bastion port city".split())

_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())

#: "X on Wednesday, Nov. 2, 2016, in Place": a date between a venue and its place
_DATED_IN = re.compile(r" on [^.!?;:]{0,30}?(?:\.[^.!?;:A-Z]{0,20})?,? in ")

#: people named after where they live: "residents of Njiru", "Muranga residents",
#: "Hulugho villagers" -- the name is a place whatever the small model's label
RESIDENT_HEADS = frozenset("resident villager inhabitant native".split())

#: the cue words of the parse patterns, joined once
_OF_CUES = SITE_HEADS | OF_SITE_HEADS | RESIDENT_HEADS
_APPOS_CUES = SITE_HEADS | OF_SITE_HEADS
_COMPOUND_CUES = SITE_HEADS | RESIDENT_HEADS | {"mountain", "hill", "island"}

#: first words that make a name a site: "Hotel Kyjev", "Jabal Maskar al-Nimr", "Kafr
#: Nabuda", "Rue d'Enghein", "Mount Chaambi"
SITE_PREFIXES = frozenset(
    "hotel mount mt. lake jabal jebel jbel kafr kfar wadi rue faubourg".split()
)

#: facility heads that are also common surnames: a PERSON "Jerry Hall", "Rachel Park"
#: is not a building, an ORG "Carnegie Hall" is
SURNAME_HEADS = frozenset(
    "hall house church park lane street field fields tower cottage bridge castle temple hill "
    "drive farm inn base station market center centre".split()
)

#: English words (or brands) that are also well-known towns: a place only where the
#: context says so ("in Male", "Reading, Berkshire", a GPE label), never on their own
AMBIGUOUS_WORDS = frozenset(
    "male female date metro sig bar split nice reading bath mobile hope most".split()
)

#: labels the small model gives unknown place names that a site word overrides
_SITE_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"})

#: single words that are not a toponym on their own ("Village", "Congress", "Airport")
COMMON_SINGLE = COMMON_WORDS | PLACE_HEADS | FACILITY_HEADS

#: between a place and the division holding it: "X district, Balkh", "X area of Y"
_CONTAINER_GAP = re.compile(
    r" (?:district|province|city|area|village|county|region|governorate|town|municipality"
    r"|sub-district|sub-county|subcounty|ward|neighbou?rhood|camp|suburb)s?(?:,| of| in|, in) "
)

#: what separates the items of a list of places: "A, B and C", "A or B", "A & B"
_LIST_GAP = re.compile(r"\s*(?:,|;|&|and|or|, and|, or)\s*")

#: a street name: optional house number and compass letter, up to three capitalised words
#: or an ordinal, and a street word ("401 Victoria St.", "N. Bedford Drive", "14th St.")
_STREET_WORDS = (
    r"Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Boulevard|Blvd\.|Lane|Highway|Parade|"
    r"Terrace|Circle|Parkway|Pike"
)
_STREET = re.compile(
    r"\b(?:\d{1,5}\s+)?(?:[NSEW]\.\s+)?(?:(?:[A-Z][\w’'-]*|\d{1,3}(?:st|nd|rd|th))\s+){1,3}"
    rf"(?:{_STREET_WORDS})(?!\w)"
)
#: a division type right after a name: "Maywand district", "Farah city"
_TYPE_AFTER = re.compile(r"(?: \([^)]{1,30}\))? (?:district|province|city|county|governorate)s?\b")

#: capitalised words after a name that run on to " of <Name> district": "Band Temur of
#: Maywand district", "Kala Shamir of Maywand district"
_NAME_RUN_OF = re.compile(
    r"(?: [A-Z][\w'’-]+)+(?= of [A-Z][\w'’-]+(?: [\w'’-]+){0,3}"
    r"(?: \([^)]{1,30}\))? (?:district|province|city|county)\b)"
)

#: a Dari/Arabic connector and another capitalised word after a name: "Dara i Pech"
_JOINED_NAME = re.compile(r" (?:i|e|ye|wa) [A-Z][\w'’-]+")

#: a named place and its type right before ", ": "Charbolak district, " (then a division)
_TYPED_NAME_BEFORE = re.compile(
    r"[A-Z][\w'’.-]*(?: [\w'’.()-]+){0,3} (?:district|province|county|city|area|village|"
    r"town|region|governorate|municipality|sub-district|sub-county|ward|neighbou?rhood)s?, $"
)

#: one to three capitalised words right before ", " (the name before a division)
_NAME_BEFORE_COMMA = re.compile(r"(?:^|[:;(]\s*|\s)((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+), $")

#: a route named after its ends: "the Eldoret-Kitale road" (the small model's ORG)
_ROUTE_AFTER = re.compile(r"\s+(?:road|highway|railway|railroad|route|border|pipeline|corridor)\b")

#: the street word closing a street's name: "Madrid Drive" is a street wherever the
#: story is, never in Madrid, however big Madrid is
_STREET_END = re.compile(rf"\s(?:{_STREET_WORDS}|St|Ave|Rd|Dr\.?|Blvd|Place|Court|Way)$")

#: a British or Irish road number: A120, M25, A1(M), N7
_ROAD = re.compile(r"\b[AMNB]\d{1,4}(?:\(M\))?(?![\w-])")
_ROAD_WORDS = re.compile(
    r"\b(?:road|roads|carriageway|junction|roundabout|motorway|bound|northbound|southbound|"
    r"eastbound|westbound|lane|lanes|traffic|closed|closure|crash|collision|diversion|"
    r"between|slip)\b"
)
#: "Bourbon and Dauphine streets", "State and Hubbard streets": two street names
_STREET_PAIR = re.compile(r"\b([A-Z][\w’'-]+) and ([A-Z][\w’'-]+) (?:streets|avenues|roads)\b")

DEMONYM_SUFFIX = re.compile(r"(?:ian|ians|ese|ish|i|is|an|ans|ic|ch)$")


class _TokenIndex:
    """The parsed token starting at a character offset of the article, made on demand.

    Building a dict of every token of every sentence cost more than the rest of the
    geoparser (spaCy creates a Python object per token); only a few offsets are asked for.
    """

    def __init__(self, docs, offsets) -> None:
        self.docs = list(docs)
        self.offs = list(offsets)
        self._starts: dict[int, dict[int, int]] = {}

    def get(self, pos: int, default=None):
        k = bisect.bisect_right(self.offs, pos) - 1
        if k < 0 or k >= len(self.docs):
            return default
        doc = self.docs[k]
        rel = pos - self.offs[k]
        if not len(doc) or rel > doc[-1].idx:  # (doc.text would join every token)
            return default
        starts = self._starts.get(k)
        if starts is None:
            starts = {int(c): i for i, c in enumerate(doc.to_array("IDX"))}
            self._starts[k] = starts
        i = starts.get(rel)
        return doc[i] if i is not None else default


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    cands: list[tuple[int, int]] = field(default_factory=list)  # (entry idx, alt)
    source: str = "gaz"  # "gaz" | "ent" | "ent+gaz"
    label: str | None = None  # spaCy label when from an entity
    core: tuple[int, int] | None = None  # span of the gazetteer name inside an entity
    variant: bool = False
    role: str = "place"
    best: int | None = None
    score: float = 0.0
    head_word: str | None = None  # a place-type word next to it ("province")
    near: int | None = None  # entry an unresolved toponym is approximately located at
    dropped: bool = False  # found not to be a toponym after all (see ``_drop_outliers``)


class Geoparser:
    """Find and resolve toponyms; pick an event's location. See ``docs/geo.md``."""

    #: attachment ranks above this do not count as "at the trigger" (see ``_relation``)
    max_relation: float = 10.0
    #: when nothing attaches to the trigger, take another place of the sentence
    sentence_fallback: bool = True
    #: pick the event's place with the learned choice model when its weights ship
    #: (``data/event_location_model.json``); False, or no file, uses the rules below
    use_model: bool = True
    #: let the model also choose sentence spans ``find`` did not return (unresolved
    #: GPE/LOC/FAC entities, proper nouns after in/at/near), see ``event_model``
    extra_candidates: bool = True
    #: prior bonus per decade of population a city leads the next town of its name by
    big_city_bonus: float = 0.2
    big_city_bonus_cap: float = 0.35

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer if gazetteer is not None else Gazetteer.default()

    # ================================================================== recognition
    def _tokens(self, text: str) -> list[tuple[int, int, str, str]]:
        out = []
        for m in _WORD.finditer(text):
            raw = m.group()
            key = " ".join(_KEYTOK.findall(fold(raw).replace("'", " ")))
            if key:
                out.append((m.start(), m.end(), key, raw))
        return out

    @staticmethod
    def _gap_ok(text: str, a: int, b: int) -> bool:
        gap = text[a:b]
        if len(gap) > 3:
            return False
        return gap in ("", " ", "-", "'", "’", "‘", "ʿ", "ʾ", "‐", "‑", ". ", ".", "-", " - ") or (
            gap.strip(" -'’.") == "" and "\n" not in gap
        )

    def _match(self, text: str) -> list[tuple[int, int, str, bool]]:
        """Gazetteer phrase matches: (start, end, key, all_caps); leftmost-longest."""
        gaz = self.gaz
        toks = self._tokens(text)
        n = len(toks)
        out = []
        i = 0
        while i < n:
            s, e, key, raw = toks[i]
            maxlen = gaz.first.get(key)
            if not maxlen:
                i += 1
                continue
            first_ok = raw[0].isupper() or (
                key in ARTICLES and i + 1 < n and toks[i + 1][3][:1].isupper()
            )
            if not first_ok:
                i += 1
                continue
            found = None
            limit = min(maxlen, n - i)
            # extend while the gaps are name-like
            span = 1
            while span < limit and self._gap_ok(text, toks[i + span - 1][1], toks[i + span][0]):
                span += 1
            for L in range(span, 0, -1):
                last_raw = toks[i + L - 1][3]
                if not (last_raw[0].isupper() or last_raw[0].isdigit()) and L > 1:
                    continue
                if L == 1 and key in ARTICLES:
                    continue
                mid_ok = all(
                    toks[j][3][0].isupper() or toks[j][2] in CONNECTORS
                    for j in range(i + 1, i + L - 1)
                )
                if not mid_ok:
                    continue
                k = " ".join(t[2] for t in toks[i : i + L])
                if k in gaz.index:
                    found = (L, k)
                    break
                if 1 < L <= 3:  # "Dawlat Abad" ~ "Dawlatabad", "Abu Kamal" ~ "Abukamal"
                    k2 = k.replace(" ", "")
                    if k2 in gaz.index and all(
                        t[3][0].isupper() and len(t[3]) > 1 and not t[3].isupper()
                        for t in toks[i : i + L]
                    ):  # (not "A US" ~ Aus)
                        found = (L, k2)
                        break
            if found is None:
                i += 1
                continue
            L, k = found
            if L > 1 and toks[i][2] == "the":
                rest = k.split(" ", 1)[1]
                if rest in gaz.index:  # "the Middle East": the toponym is "Middle East"
                    i, L, k = i + 1, L - 1, rest
            raws = [t[3] for t in toks[i : i + L]]
            all_caps = all(r.isupper() for r in raws)
            out.append((toks[i][0], toks[i + L - 1][1], k, all_caps))
            i += L
        return out

    # ---------------------------------------------------------------- candidate info
    def _prior(self, i: int, alt: int) -> float:
        g = self.gaz
        f = g.feature[i]
        pop = g.pop[i]
        lp = math.log10(pop + 1)
        if f == "A.PCLI":
            p = 0.9 + 0.01 * lp
            if not alt:
                p += 0.25  # "Mexico" is the country, not Mexico City (alternate name)
        elif f == "L.CONT":
            p = 0.85
        elif f == "A.ADM1":
            p = 0.35 + 0.045 * lp
        elif f == "A.ADM2":
            p = 0.25 + 0.04 * lp
        elif f.startswith("P"):
            p = 0.1 + 0.1 * lp
            if f == "P.PPLC" and not alt:
                p += 0.25  # (not "Salisbury", Harare's former name)
        else:  # curated physical features and regions
            p = 0.4 + 0.05 * lp
        if alt and not (f.startswith("P") and pop >= 1_000_000):
            p *= 0.75  # "New York" is the city's alternate name, and still the city
        return p

    def _strength(self, m: _Mention) -> float:
        if not m.cands:
            return 0.0
        # an alternate name ending in a place word is as plain as the main name
        # ("Enugu State", "Kano State" for the states Enugu and Kano)
        headed = len(m.text.split()) > 1 and m.text.split()[-1].lower() in PLACE_HEADS
        s = max(self._prior(i, 0 if headed else a) for i, a in m.cands)
        return s + (0.2 if m.variant else 0.0)

    # ================================================================== find
    def find(
        self,
        text: str,
        docs: Sequence = (),
        offsets: Sequence[int] = (),
        country_hints: Iterable[str] = (),
    ) -> list[Place]:
        """Every toponym of ``text``, resolved where possible, sorted by start."""
        mentions = self._recognise(text, docs, offsets)
        self._roles(text, mentions, docs, offsets)
        self._resolve(text, mentions, country_hints)
        return [self._to_place(m) for m in mentions if not m.dropped]

    def find_in_text(self, text: str, nlp, country_hints: Iterable[str] = ()) -> list[Place]:
        """Sentence-split ``text``, parse every sentence with ``nlp`` and :meth:`find`."""
        from ..nlp import split_sentences

        sents = split_sentences(text)
        docs = list(nlp.pipe([s.text for s in sents]))
        return self.find(text, docs, [s.start for s in sents], country_hints)

    # ---------------------------------------------------------------- recognise
    def _recognise(self, text: str, docs, offsets) -> list[_Mention]:
        gaz = self.gaz
        matches = self._match(text)
        # spaCy information per character range
        ents = []  # (start, end, label, ent)
        parsed = []  # (start, end, doc, offset)
        tok_at = _TokenIndex(docs, offsets)
        for doc, off in zip(docs, offsets, strict=False):
            end = off + (doc[-1].idx + len(doc[-1]) if len(doc) else 0)
            parsed.append((off, end, doc, off))
            for ent in doc.ents:
                s, e = off + ent.start_char, off + ent.end_char
                ents.append((s, e, ent.label_, ent))
        ents.sort()

        def ent_over(s: int, e: int):
            for es, ee, lab, ent in ents:
                if es < e and s < ee:
                    return es, ee, lab, ent
            return None

        def is_parsed(s: int) -> bool:
            return any(a <= s < b for a, b, _, _ in parsed)

        lower_words = {w for w in _WORD.findall(text) if w.islower()}
        common = lower_words | STOP | PLACE_HEADS | FACILITY_HEADS | COMMON_WORDS
        # names the article uses for a person ("Yulia", "Modi", "Mr. Heiden") are not
        # places elsewhere in it either, unless spaCy or the gazetteer insist
        person_keys: set[str] = set()
        # where each whole-entity key comes from: the entity "Marks Tey" alone is not a
        # person's name *elsewhere*, it is the small model's reading of this very match
        whole_person: dict[str, set[int]] = {}
        for _es, _ee, lab, ent_ in ents:
            # "Sam Gallagher", "Narendra Modi": the small model's one-word PERSONs are
            # too often places ("Tamil Nadu", "Samos") to count
            if lab == "PERSON" and len(ent_) >= 2 and ent_[0].pos_ == "PROPN":
                person_keys.add(self._key(ent_.text))
                person_keys.add(self._key(ent_[-1].text))
                whole_person.setdefault(self._key(ent_.text), set()).add(_es)
        surname_keys = {
            self._key(ent_[-1].text)
            for _es, _ee, lab, ent_ in ents
            if lab == "PERSON" and len(ent_) >= 2
        }
        for tm in re.finditer(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir)\.?\s+([A-Z][\w'’-]+)", text):
            person_keys.add(self._key(tm.group(1)))
        # ... but not a name the article also calls a town, a village, a district
        heads = "|".join(sorted(PLACE_HEADS))
        for pm in re.finditer(
            rf"\b(?:{heads}) of ((?:[A-Z][\w'’-]+ ?){{1,3}})|((?:[A-Z][\w'’-]+ ){{1,3}})(?:{heads})\b",
            text,
        ):
            name = (pm.group(1) or pm.group(2)).strip()
            person_keys.discard(self._key(name))
            person_keys.discard(self._key(name.split()[-1]))
        person_keys.discard("")
        # surnames the article gives people: "Hall said" makes "Jerry Hall" no building
        surnames = {
            ent_[-1].lower_
            for _es, _ee, lab, ent_ in ents
            if lab == "PERSON" and not self._named_site(ent_, lab, set())
        }
        surnames |= {
            m.group(1).lower() for m in re.finditer(r"\b(?:Mr|Mrs|Ms|Dr)\.? ([A-Z]\w+)", text)
        }
        mentions: list[_Mention] = []
        accepted_keys: set[str] = set()
        pending = []
        org_postal: list[tuple[int, int, str]] = []
        connected: list[_Mention] = []
        org_ends = {ee for _es, ee, lab, _ in ents if lab in ("ORG", "FAC")}
        ent_ends = {ee for _es, ee, lab, _ in ents if lab in _SITE_LABELS | {"GPE", "LOC", "FAC"}}
        for s, e, key, all_caps in matches:
            if key in gaz.abbrev_keys and not (
                text[e : e + 1] == "." and (len(key) > 3 or text[max(0, s - 2) : s] == ", ")
            ):
                continue  # "Ga.", "Wash.", "La." only as written after a place: "Dalton, Ga."
            if key in NON_PLACES and key not in gaz.variant_keys:
                continue  # "El Niño" the weather, "Hamas" the group
            postal = key in gaz.postal_keys and all_caps and e - s <= 3
            if postal:
                # "Myrtle Beach, SC", "HORRY COUNTY, SC (WMBF)", "Nelson, BC": a postal
                # code only right after a place and a comma, or where spaCy says GPE
                ent0 = ent_over(s, e)
                after_place = bool(re.search(r"[A-Za-z.)], $", text[max(0, s - 3) : s]))
                if not (
                    (after_place and not text[e : e + 1].isalnum())
                    or (ent0 is not None and ent0[2] == "GPE" and ent0[:2] == (s, e))
                ):
                    if (
                        ent0 is not None
                        and ent0[2] == "ORG"
                        and ent0[:2] != (s, e)
                        and key not in COMMON_CODES
                        and (ent0[0] == s or ent0[1] == e)
                    ):
                        org_postal.append((s, e, key))  # "FrontCounter BC", "NSW Police"
                    continue
            m = _Mention(s, e, text[s:e], gaz.lookup_key(key))
            joined = _JOINED_NAME.match(text, e) or _NAME_RUN_OF.match(text, e)
            if joined and (not m.cands or self._strength(m) < 0.7):
                # "Dara i Pech", "Tarnak wa Jaldak": the name goes on after a Dari/Arabic
                # connector; the whole is another, unknown place, not Syria's Daraa
                whole = text[s : joined.end()]
                connected.append(
                    _Mention(s, joined.end(), whole, gaz.lookup_key(self._key(whole)), label="PAT")
                )
                continue
            if key in gaz.postal_keys and not postal:
                # "Act", "Co": not the postal codes ACT and CO
                m.cands = [(i, a) for i, a in m.cands if i not in gaz.postal_keys[key]]
                if not m.cands:
                    continue
            m.variant = key in gaz.variant_keys or postal
            if not m.variant and all(w in common for w in key.split()):
                # an alternate name that is a common English phrase ("White House" is
                # one of Casablanca's names, "Mountains" of Montagnes) is not that place
                m.cands = [(i, a) for i, a in m.cands if not a]
                if not m.cands:
                    continue
            surface = text[s:e]
            ntok = len(text[s:e].split())
            strength = self._strength(m)
            prev = text[max(0, s - 12) : s].split()
            prev_w = prev[-1].lower() if prev else ""
            nxt_w = text[e : e + 16].split()
            nxt_w = nxt_w[0].lower().strip('.,;:()"”’') if nxt_w else ""
            # "in X", "near X", "X province": the context says it is a place
            locative = (
                prev_w in STRONG_PREPS
                or prev_w in ("from", "to", "into")
                or nxt_w in PLACE_HEADS
                or (prev_w == "of" and self._person_of(text, s, ents))
            )
            if nxt_w in PLACE_HEADS:
                m.head_word = nxt_w
            # "Croft, Yorkshire", "Knockhill, Fife": a division after "Name, " is a place
            container_pos = bool(
                (
                    re.search(r"[A-Z][\w'’.-]*, $", text[max(0, s - 40) : s])
                    # "in Charbolak district, Balkh", "the Bazar area of Adraskan district, Herat"
                    or _TYPED_NAME_BEFORE.search(text, max(0, s - 60), s)
                )
                and any(gaz.feature[i] in ("A.ADM1", "A.ADM2", "A.PCLI") for i, _ in m.cands)
                and not all_caps
            )
            # "Federal University of Technology, Owerri", "Percy French Hotel,
            # Ballyjamesduff": a town right after an organisation's or a building's name
            # and a comma is where it is (the address idiom)
            address = (text[max(0, s - 2) : s] == ", " and s - 2 in org_ends) or (
                # "Fig Leaf Boutique (Maywood)", "residents of Kapkwen (Bomet)"
                text[max(0, s - 2) : s] == " (" and text[e : e + 1] == ")" and s - 2 in ent_ends
            )
            locative = locative or address
            # "in X" and the address idioms take weaker names; "at", "to" and "from" also
            # take people, and a name going on in capitals ("at Donald Trump's", "The
            # Interior Department") is a longer name
            longer = re.match(r"\s[A-Z][a-z]", text[e : e + 3]) is not None
            need = (
                0.4
                if (address or prev_w in ("in", "near", "inside", "outside", "within"))
                and not longer
                and key not in person_keys
                else 0.45  # "angry at Bennett", "wrote to Donald": people too
            )
            if m.variant or (locative and strength >= need) or (container_pos and strength >= 0.4):
                strength = max(strength, 0.7)
            big = strength >= 0.7  # country, continent, admin1 of note, city >= ~1M
            mid = strength >= 0.55
            tok = tok_at.get(s)
            ent = ent_over(s, e)
            single = ntok == 1
            own = (
                ent is not None
                and ent[:2] == (s, e)
                and whole_person.get(key) == {s}
                and key not in surname_keys
            )
            if (
                key in person_keys
                and not own
                and not (locative or container_pos or m.variant or all_caps)
                and not (ent and ent[2] in ("GPE", "LOC") and (big or not single))
                and (single or not mid)
            ):
                continue  # the article's "Tyler Moody", "Conor McGregor": not towns here
            # never: a common word written in lower case elsewhere, or a stop word
            acronym = all_caps and key in gaz.acronyms  # "US" is not "us"
            common_single = key in STOP or key in COMMON_SINGLE
            if (
                single
                and (common_single or (surface.lower() in lower_words and not acronym))
                and not (ent and ent[2] in ("GPE", "LOC") and not common_single)
            ):
                continue
            if (
                single
                and key in CONNECTORS
                and re.search(r"[A-Z][\w'’-]* $", text[max(0, s - 30) : s])
                and re.match(r" [A-Z]", text[e : e + 2])
            ):
                continue  # "Tarnak Wa Jaldak", "Dara i Pech": a connector, not Wa in Ghana
            if (
                single
                and key in AMBIGUOUS_WORDS
                and not (
                    prev_w in STRONG_PREPS
                    or nxt_w in PLACE_HEADS
                    or container_pos
                    or (ent and ent[2] in ("GPE", "LOC"))
                )
            ):
                continue  # "Sex – Male", "a Sig Sauer", "Metro Video": not the towns
            if all_caps and len(surface) <= 3 and key not in gaz.acronyms:
                continue
            if (
                len(surface) <= 4
                and all(a for _, a in m.cands)
                and not m.variant
                and not (ent and ent[2] in ("GPE", "LOC"))
            ):
                continue  # short alternate names ("Sam", "Sham") need spaCy's support
            # a dateline: "WASHINGTON (AP) -", "ALBUQUERQUE, N.M. (AP)", "IMMOKALEE -"
            line_start = (
                s == 0
                or text[max(0, s - 1) : s] == "\n"
                or (text[max(0, s - 2) : s] in (". ", "\n "))
            )
            dateline = (
                all_caps
                and line_start
                and len(surface) > 3
                and bool(m.cands)
                and re.match(r"\s*(?:,|\(|[-–—]\s)", text[e : e + 4]) is not None
            )
            if dateline:
                big = mid = True
            if (
                all_caps
                and not big
                and not (ent and ent[2] in ("GPE", "LOC"))
                and not (mid and len(surface) > 4 and not self._caps_context(text, s, e))
            ):
                continue  # (a well-known name in capitals inside lower-case text stays)
            # an organisation named after the place: "Manchester United", "Harvard University"
            nxt = text[e : e + 20].split()
            if (
                nxt
                and nxt[0].lower().strip(".,") in ORG_AFTER
                and not (big or (mid and ent is not None and ent[2] == "ORG" and ent[0] <= s))
            ):
                continue  # (a known town opening a named organisation stays, as an actor)
            if ent is not None:
                es, ee, lab, span = ent
                if lab in ("GPE", "LOC", "FAC"):
                    m.source = "ent+gaz"
                    m.label = lab
                    accepted_keys.add(key)
                    mentions.append(m)
                    continue
                if lab == "PERSON":
                    if es < s:  # a first name before it: "Michael Jordan"
                        continue
                    if ee > e and not mid:  # "Jordan Peterson"
                        continue
                    if ntok >= 2 and mid or big or (locative and mid):
                        m.role = "place"
                        mentions.append(m)
                        accepted_keys.add(key)
                    else:
                        pending.append(m)
                    continue
                if lab == "NORP":
                    if big and es == s and ee == e:
                        mentions.append(m)
                    continue
                if lab in ("ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"):
                    # a place that opens an organisation's name is embedded in it
                    # ("Allendale Woman's Club", "Beverly Hills Police Department")
                    opens = es == s or text[es:s].strip().lower() == "the"
                    # "Band Temur of Maywand district" is no organisation, whatever its label
                    typed = _TYPE_AFTER.match(text, e) is not None
                    if (
                        mid
                        or (ntok >= 2 and strength >= 0.45)
                        or (opens and strength >= 0.45)
                        or typed
                    ):
                        route = _ROUTE_AFTER.match(text, ee) is not None
                        m.role = (
                            "actor"
                            if lab == "ORG" and (es < s or ee > e) and not (route or typed)
                            else "place"
                        )
                        mentions.append(m)
                    elif es == s and ee == e:
                        pending.append(m)  # a whole "ORG" may still be a listed town
                    continue
                if lab == "MONEY" and big and nxt_w in ("dollars", "dollar", "cents"):
                    mentions.append(m)  # "11 billion US dollars"
                    continue
                if lab in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
                    # "in Manbij" is no date, whatever the small model says
                    if not (
                        locative
                        and lab == "DATE"
                        and getattr(tok, "pos_", "") == "PROPN"
                        and not any(c.isdigit() for c in text[es:ee])
                    ):
                        continue
            if tok is not None:
                # parsed sentence, not an entity
                if single:
                    if getattr(tok, "pos_", "") != "PROPN" and not big:
                        continue
                    if getattr(tok, "pos_", "") == "ADJ" or (
                        DEMONYM_SUFFIX.search(key) and getattr(tok, "pos_", "") != "PROPN"
                    ):
                        continue
                    if not mid:
                        pending.append(m)
                        continue
                elif strength < 0.4:
                    pending.append(m)
                    continue
                mentions.append(m)
                accepted_keys.add(key)
                continue
            # unparsed text: the gazetteer alone
            sent_initial = s == 0 or text[max(0, s - 2) : s].strip() in (
                "",
                ".",
                "!",
                "?",
                '"',
                "“",
            )
            if single:
                if big or (mid and not sent_initial):
                    mentions.append(m)
                    accepted_keys.add(key)
                else:
                    pending.append(m)
            else:
                if strength >= 0.45 or (strength >= 0.35 and not sent_initial):
                    mentions.append(m)
                    accepted_keys.add(key)
                else:
                    pending.append(m)
        # one sense per discourse: a name accepted once is a place everywhere
        rest = []
        for m in pending:
            if m.text and self._key(m.text) in accepted_keys:
                mentions.append(m)
            else:
                rest.append(m)
        mentions.extend(self._rescue(text, mentions, rest))
        mentions.extend(self._org_postal(text, mentions, org_postal))
        for cm in connected:
            cm.source = "ent+gaz" if cm.cands else "ent"
            if not any(x.start < cm.end and cm.start < x.end for x in mentions):
                mentions.append(cm)

        # spaCy GPE/LOC/FAC entities: extend gazetteer mentions to the entity, or add
        # entities the gazetteer does not know (unresolved)
        by_start = sorted(mentions, key=lambda x: x.start)
        for es, ee, lab, span in ents:
            site = lab in _SITE_LABELS and (
                self._named_site(span, lab, surnames) or self._venue(span, es, by_start)
            )
            if site:
                lab = "FAC"  # "Northwestern Memorial Hospital", "Karl Bremer Hospital"
            if lab not in ("GPE", "LOC", "FAC"):
                continue
            es, ee = self._trim_entity(text, es, ee)
            if ee <= es:
                continue
            inner = [m for m in by_start if m.start >= es and m.end <= ee]
            overl = [m for m in by_start if m.start < ee and es < m.end and m not in inner]
            if overl:
                continue
            surface = text[es:ee]
            if inner:
                if len(inner) == 1:
                    m = inner[0]
                    extra = (text[es : m.start] + " " + text[m.end : ee]).strip().lower()
                    words = extra.split()
                    if words and all(w in PLACE_HEADS or w in CONNECTORS for w in words):
                        # "Idlib province": keep the name as the toponym, note the type
                        m.head_word = next((w for w in words if w in PLACE_HEADS), None)
                        m.source, m.label = "ent+gaz", lab
                    elif lab == "FAC" or (words and lab == "LOC"):
                        # "Waldo County Jail": the entity is the toponym, the name inside
                        # gives its approximate location
                        m.core = (m.start, m.end)
                        m.start, m.end, m.text = es, ee, surface
                        m.source, m.label = "ent+gaz", lab
                    elif (
                        lab == "GPE"
                        and self._other_name(text[es:ee], words)
                        and self._strength(m) < 0.7
                    ):
                        # "Puli Alam", "Ibrahim Khel", "Grants Town": a longer name the
                        # gazetteer does not know, not the small town "Puli" or "Khel"
                        m.cands, m.core, m.source, m.label = [], None, "ent", lab
                        m.start, m.end, m.text = es, ee, surface
                continue
            if surface.lower() in STOP or not surface[:1].isupper():
                continue
            if self._key(surface) in person_keys and not site:
                continue
            if self._key(surface) in NON_PLACES or (surface.isupper() and len(surface) <= 5):
                continue  # armed groups and acronyms spaCy tags as GPE: "ISIL", "Daesh"
            if DEMONYM_SUFFIX.search(surface.lower()) and len(span) == 1 and span[0].pos_ == "ADJ":
                continue
            if len(span) == 1 and lab == "GPE" and not self._place_context(text, es, ee, span):
                # a lone unknown word the small model calls GPE ("Dropbox", "Buhari",
                # "Yulia", "Coincheck") is a name more often than a place the gazetteer lacks
                continue
            mm = _Mention(es, ee, surface, [], source="ent", label=lab)
            by_start.append(mm)
            by_start.sort(key=lambda x: x.start)
        self._add_names_before_divisions(text, by_start, ents, person_keys, tok_at)
        self._add_initials(text, by_start)
        self._add_streets(text, by_start)
        # parse patterns for names neither spaCy nor the gazetteer know: "the village of
        # X", "in X" (a proper-noun chain governed by a locative preposition), "X camp"
        for doc, off in zip(docs, offsets, strict=False):
            for es, ee, cue in self._pattern_spans(doc):
                es, ee = es + off, ee + off
                over = [m for m in by_start if m.start < ee and es < m.end]
                if over and not (
                    # "the Band Temur area", "the Sufi Kala area", "Marki Khel area": a
                    # typed name longer than the small gazetteer town inside it is
                    # another, unknown place (not Band, El Kala or Hel)
                    cue
                    and all(
                        es <= m.start
                        and m.end <= ee
                        and m.end - m.start < ee - es
                        and self._strength(m) < 0.7
                        and m.label != "GPE"
                        for m in over
                    )
                ):
                    continue
                for m in over:
                    by_start.remove(m)
                surface = text[es:ee]
                if self._key(surface) in person_keys:
                    continue
                cands = gaz.lookup_key(self._key(surface))
                mm = _Mention(
                    es, ee, surface, cands, source="ent" if not cands else "ent+gaz", label="PAT"
                )
                by_start.append(mm)
        mentions = by_start
        # drop overlaps, keep the longer
        mentions.sort(key=lambda x: (x.start, -(x.end - x.start)))
        out: list[_Mention] = []
        for m in mentions:
            if out and m.start < out[-1].end:
                continue
            out.append(m)
        return out

    @staticmethod
    def _place_context(text: str, s: int, e: int, span) -> bool:
        """Words around ``text[s:e]`` that make an unknown name a place."""
        prev = text[max(0, s - 15) : s].split()
        nxt = text[e : e + 20].split()
        prev_w = prev[-1].lower() if prev else ""
        nxt_w = nxt[0].lower().strip(".,;:") if nxt else ""
        if prev_w in STRONG_PREPS or prev_w in ("from", "to", "into", "of") or nxt_w in PLACE_HEADS:
            return True
        if text[e : e + 2] == ", " or text[max(0, s - 2) : s] == ", ":
            return True  # "Umuanunu, Obinze", "Khayelitsha, Cape Town"
        return span.root.dep_ == "pobj"

    @staticmethod
    def _other_name(surface: str, extra: list[str]) -> bool:
        """The words around a gazetteer name in an entity make it another name."""
        caps = [w for w in _WORD.findall(surface) if w.lower() in extra]
        return bool(caps) and all(
            w[:1].isupper() and w.lower() not in STOP and w.lower() not in COMMON_WORDS
            for w in caps
        )

    @staticmethod
    def _street_spans(text: str) -> list[tuple[int, int]]:
        out = []
        for sm in _STREET.finditer(text):
            ss, se = sm.span()
            words = text[ss:se].split()
            while len(words) > 2 and words[0].lower() in STOP:
                ss = text.index(" ", ss) + 1  # "The", "From" opening a sentence
                words.pop(0)
            if text[ss:se].split()[0].lower() in STOP and len(text[ss:se].split()) == 2:
                continue  # "North Road", "New Street" alone: too often a common phrase
            out.append((ss, se))
        for sm in _STREET_PAIR.finditer(text):
            for k in (1, 2):
                out.append(sm.span(k))
        # British and Irish road numbers ("on the A120", "via the A436, A40 and A429"):
        # only after "the" or in a list of roads, with a road word nearby (not the A380,
        # an M16, the B1 and B2 levels of a language framework)
        roads = list(_ROAD.finditer(text))
        for k, rm in enumerate(roads):
            a, b = rm.span()
            listed = any(
                0 < abs(o.start() - b) <= 6 or 0 < abs(a - o.end()) <= 6
                for j, o in enumerate(roads)
                if j != k
            )
            ctx = text[max(0, a - 60) : b + 60].lower()
            if (listed or text[max(0, a - 4) : a].lower() == "the ") and _ROAD_WORDS.search(ctx):
                out.append((a, b))
        return out

    @staticmethod
    def _person_of(text: str, s: int, ents) -> bool:
        """``text[s:]`` follows a person's "of": "Miss Abdhou, of Hayes", "Jodi Mahler of
        Bellmore" -- the news idiom for where someone lives."""
        before = text[max(0, s - 60) : s]
        if re.search(r"[A-Za-z)],(?: (?:aged )?\d{1,3},)? of $", before):
            return True
        k = s - 4  # start of " of "
        return any(lab == "PERSON" and ee == k for _es, ee, lab, _ in ents)

    def _org_postal(self, text: str, accepted: list[_Mention], found) -> list[_Mention]:
        """A division's postal code inside an organisation's name ("FrontCounter BC",
        "Small Business BC", "NSW National Parks") when the article's places are in that
        division: an embedded toponym (role actor). Elsewhere "BC" or "CA" in a name
        ("CA Technologies") is left alone."""
        g = self.gaz
        out = []
        for s, e, key in found:
            divs = g.postal_keys.get(key, set())
            support = {
                self._key(m.text)
                for m in accepted
                if any(
                    g.feature[i].startswith("P")
                    and any(g.cc[i] == g.cc[d] and g.admin1[i] == g.admin1[d] for d in divs)
                    for i, _ in m.cands
                )
            }
            if len(support) >= 2:
                m = _Mention(s, e, text[s:e], [(d, 0) for d in sorted(divs)])
                m.variant, m.role = True, "actor"
                out.append(m)
        return out

    def _rescue(self, text: str, accepted: list[_Mention], weak: list[_Mention]):
        """Weak gazetteer matches that a list or a container makes places.

        The small model calls many towns PERSON or ORG ("Hilversum and Almelo",
        "Karnataka, Kerala and Puducherry"); a name coordinated with an accepted place,
        or followed by ", " and a division or country holding one of its candidates
        ("Silverstone, Northamptonshire"), is a place too. Repeated until nothing changes,
        so a whole list is taken from one anchor.
        """
        g = self.gaz
        placed = sorted(accepted, key=lambda x: x.start)
        out: list[_Mention] = []
        todo = [m for m in weak if m.cands]
        changed = True
        while changed and todo:
            changed = False
            for m in list(todo):
                ok = False
                for a in placed:
                    if a.end <= m.start and m.start - a.end <= 6:
                        gap = text[a.end : m.start]
                    elif m.end <= a.start and a.start - m.end <= 6:
                        gap = text[m.end : a.start]
                    else:
                        continue
                    if not a.cands or not any(g.feature[i][0] in "AP" for i, _ in a.cands):
                        continue
                    if _LIST_GAP.fullmatch(gap):
                        ok = True
                    elif m.end <= a.start and gap == ", ":
                        conts = {
                            (g.cc[i], g.admin1[i] if g.feature[i] != "A.PCLI" else "")
                            for i, _ in a.cands
                            if g.feature[i] in ("A.PCLI", "A.ADM1")
                        }
                        ok = any(
                            (g.cc[i], "") in conts or (g.cc[i], g.admin1[i]) in conts
                            for i, _ in m.cands
                        )
                    if ok:
                        break
                if ok:
                    todo.remove(m)
                    out.append(m)
                    placed.append(m)
                    changed = True
        return out

    def _add_names_before_divisions(self, text, by_start, ents, person_keys, tok_at) -> None:
        """An unknown name right before ", Division": "Knockhill, Fife", "Brands Hatch
        GP, Kent", "Croft, Yorkshire" -- a place in that division the gazetteer lacks."""
        gaz = self.gaz
        for b in list(by_start):
            if not b.cands or not any(gaz.feature[i] in ("A.ADM1", "A.ADM2") for i, _ in b.cands):
                continue
            head = text[max(0, b.start - 60) : b.start]
            hm = _NAME_BEFORE_COMMA.search(head)
            if hm is None:
                continue
            a, e = b.start - len(head) + hm.start(1), b.start - len(head) + hm.end(1)
            words = text[a:e].split()
            if any(w.lower() in STOP or w.lower() in ACTOR_NOUNS for w in words) or any(
                x.start < e and a < x.end for x in by_start
            ):
                continue  # ("President, Zimbabwe", "Police, Kent": titles and bodies)
            if self._key(text[a:e]) in person_keys or any(
                lab in ("PERSON", "ORG", "NORP") and es <= a < ee for es, ee, lab, _ in ents
            ):
                continue
            tok0 = tok_at.get(a)
            if tok0 is not None and tok0.pos_ != "PROPN":
                continue  # "Still, Hawaii ...", "Ideally, California ..."
            by_start.append(_Mention(a, e, text[a:e], [], source="ent", label="PAT"))
        by_start.sort(key=lambda x: x.start)

    @staticmethod
    def _add_initials(text: str, by_start: list[_Mention]) -> None:
        """Initials of a place the article names in full: "Trinidad and Tobago" ...
        "T&T", "South Africa" ... "SA" (never from the gazetteer alone: "SA" is many
        things)."""
        initials: dict[str, _Mention] = {}
        for m in by_start:
            words = [w for w in m.text.split() if w[:1].isupper() and w.isalpha()]
            if m.cands and m.core is None and len(words) >= 2 and len(m.text.split()) <= 5:
                letters = [w[0] for w in words]
                initials.setdefault("".join(letters), m)
                if " and " in m.text:
                    initials.setdefault("&".join(letters), m)
        for ab, full in initials.items():
            for am in re.finditer(rf"(?<![\w&.]){re.escape(ab)}(?![\w&])", text):
                a, b = am.span()
                if any(x.start < b and a < x.end for x in by_start):
                    continue
                by_start.append(_Mention(a, b, ab, list(full.cands), source="gaz"))
        by_start.sort(key=lambda x: x.start)

    def _add_streets(self, text: str, by_start: list[_Mention]) -> None:
        """Street names the small model misses ("N. Bedford Drive", "14th St.", "State
        and Hubbard streets"): toponyms located at the place around them."""
        for ss, se in self._street_spans(text):
            if any(m.start <= ss and se <= m.end for m in by_start):
                continue
            inner = [m for m in by_start if ss <= m.start and m.end <= se]
            if any(m.start < se and ss < m.end for m in by_start if m not in inner):
                continue
            if len(inner) > 1:
                continue
            if inner:
                m = inner[0]
                if m.cands:  # "Victoria St.": the inner town places it approximately
                    m.core = (m.start, m.end)
                    m.source = "ent+gaz"
                m.start, m.end, m.text, m.label = ss, se, text[ss:se], "FAC"
            else:
                by_start.append(_Mention(ss, se, text[ss:se], [], source="ent", label="FAC"))
        by_start.sort(key=lambda x: x.start)

    @staticmethod
    def _named_site(span, lab: str, surnames: set[str]) -> bool:
        """An entity whose head or first word names a building or site.

        The small model calls "Karl Bremer Hospital", "Meydan Racecourse" and "Hotel
        Kyjev" PERSON and "the Hayyan Gas Fields" ORG; the word that says what the thing
        is outweighs the label. A PERSON needs a head that is not also a surname ("Jerry
        Hall", "Rachel Park") and no surname the article uses for someone.
        """
        toks = [t for t in span if t.lower_ not in ("the", "a", "an")]
        if len(toks) < 2 or not toks[-1].text[:1].isupper():
            return False
        head, first = toks[-1].lower_, toks[0].lower_
        if head in FACILITY_HEADS or head in SITE_HEADS:
            if lab == "ORG":
                return True
            return head not in SURNAME_HEADS and not any(t.lower_ in surnames for t in toks[:-1])
        return first in SITE_PREFIXES and lab in ("PERSON", "ORG", "NORP", "PRODUCT")

    @staticmethod
    def _venue(span, start: int, mentions: list[_Mention]) -> bool:
        """ "at Terra Kulture in Lagos", "at the CHU in Montpellier": a name after "at"
        that is itself placed "in" a known place is a venue, whatever its label ("at
        Google" alone may be an employer)."""
        root, doc = span.root, span.doc
        if root.dep_ != "pobj" or root.head.lower_ != "at":
            return False
        k = span.end
        while k < len(doc) and (doc[k].ent_type_ in ("DATE", "TIME") or doc[k].text in (",", "on")):
            k += 1  # "at Whole Foods on Wednesday, Nov. 2, 2016, in Fresno"
        if k + 1 >= len(doc) or doc[k].lower_ != "in":
            return False
        nxt = start - span.start_char + doc[k + 1].idx
        return any(m.start == nxt and m.cands for m in mentions)

    @staticmethod
    def _pattern_spans(doc) -> list[tuple[int, int, bool]]:
        out = []
        bad_ents = {
            "PERSON",
            "ORG",
            "NORP",
            "DATE",
            "TIME",
            "CARDINAL",
            "ORDINAL",
            "MONEY",
            "PERCENT",
            "QUANTITY",
            "EVENT",
            "WORK_OF_ART",
            "LAW",
            "LANGUAGE",
            "PRODUCT",
        }
        for tok in doc:
            if tok.pos_ != "PROPN" or (tok.dep_ == "compound" and tok.head.pos_ == "PROPN"):
                continue
            head = tok.head
            strong = False
            cue = False  # a word that says what the name is: "village of X", "X airbase"
            dep = tok.dep_
            if dep == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _OF_CUES:
                strong = cue = True  # "the village of X", "the town of X"
            elif (
                dep == "compound" and head.pos_ == "NOUN" and head.lemma_.lower() in _COMPOUND_CUES
            ):
                strong = cue = True  # "X village", "X refugee camp", "X airbase", "X mountain"
            elif any(
                c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in _APPOS_CUES
                for c in (tok.children if dep != "conj" else (*tok.children, *head.children))
            ):
                strong = cue = True  # "Ngabe, a village in ...", "Fuah and Kafraya, an enclave"
            elif dep == "pobj" and head.lower_ in STRONG_PREPS:
                # "in Sabaa al-Bour", "at Manigram": the small model often calls such
                # unknown names PERSON or ORG; the locative preposition outweighs it
                strong = head.lower_ in ("in", "near", "outside", "inside") and not any(
                    t.lower_ in ("'s", "’s") for t in tok.rights
                )
            else:
                continue
            chain = [tok]
            for left in reversed(list(tok.lefts)):
                if left.i != chain[0].i - 1:
                    break
                if (left.dep_ in ("compound", "amod") and left.pos_ in ("PROPN", "PUNCT")) or (
                    left.text in ("-", "‐") and not left.whitespace_  # "Daher Al-Hawa"
                ):
                    chain.insert(0, left)
            while chain and (
                not chain[0].text[:1].isalnum()
                or chain[0].ent_type_ in ("DATE", "TIME", "CARDINAL")
                or chain[0].lower_.rstrip(".") in _MONTHS
            ):
                chain.pop(0)  # "09 Sep. Muranga residents"
            if not chain:
                continue
            first = chain[0]
            if not first.text[:1].isupper() and first.lower_ not in ARTICLES:
                continue
            if first.lower_.rstrip(".") in PERSON_TITLES:
                continue  # "at Congressman Mario Diaz-Balart's office"
            words = [t.lower_ for t in chain]
            if any(w in STOP or w in COMMON_SINGLE for w in words if len(chain) == 1) or any(
                t.like_num for t in chain
            ):
                continue
            if len(chain) == 1 and (tok.text.isupper() or len(tok.text) < 3):
                continue
            ent_types = {t.ent_type_ for t in chain} - {""}
            allowed = _SITE_LABELS if cue else {"PERSON", "ORG"}
            if ent_types & bad_ents and not (strong and ent_types <= allowed):
                continue
            out.append((chain[0].idx, tok.idx + len(tok.text), cue))
        return out

    @staticmethod
    def _caps_context(text: str, s: int, e: int) -> bool:
        """The words around ``text[s:e]`` are in capitals too (a headline, a banner)."""
        around = _WORD.findall(text[max(0, s - 40) : s]) + _WORD.findall(text[e : e + 40])
        words = [w for w in around if len(w) > 1 and not w.isdigit()]
        return bool(words) and sum(w.isupper() for w in words) >= len(words) / 2

    @staticmethod
    def _key(s: str) -> str:
        return " ".join(_KEYTOK.findall(fold(s).replace("'", " ")))

    @staticmethod
    def _trim_entity(text: str, s: int, e: int) -> tuple[int, int]:
        seg = text[s:e]
        for pre in ("the ", "The "):
            if seg.startswith(pre):
                s += len(pre)
                seg = seg[len(pre) :]
        for suf in ("'s", "’s", "'", "’"):
            if seg.endswith(suf):
                e -= len(suf)
                seg = seg[: -len(suf)]
        while seg and not seg[-1].isalnum():
            e -= 1
            seg = seg[:-1]
        return s, e

    # ---------------------------------------------------------------- roles
    def _roles(self, text: str, mentions: list[_Mention], docs, offsets) -> None:
        tok_at = _TokenIndex(docs, offsets)
        for m in mentions:
            if m.role == "actor":
                continue
            toks = [t for t in map(tok_at.get, range(m.start, m.end)) if t is not None]
            ids = {t.i for t in toks}
            root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), None)
            if root is not None:
                if self._actor_dep(root):
                    m.role = "actor"
            else:
                after = text[m.end : m.end + 30]
                if re.match(
                    r"\s+(?:has|have|had|will|would|says|said|seeks|sought|wants|accused|accuses|"
                    r"denied|denies|rejected|rejects|warned|warns|demanded|demands|threatened|"
                    r"threatens|announced|announces|agreed|agrees|signed|signs|urged|urges|"
                    r"condemned|condemns|shelled|struck|launched|sent|sends)\b",
                    after,
                ) and not re.match(r"\s+(?:has|have|had|will|would)\s+(?:been|be)\b", after):
                    m.role = "actor"
                elif re.match(r"[’']s\s+(?:\w+\s+)?(\w+)", after) and (
                    re.match(r"[’']s\s+(?:\w+\s+)?(\w+)", after).group(1).lower() in ACTOR_NOUNS
                ):
                    m.role = "actor"

    @staticmethod
    def _actor_dep(t) -> bool:
        dep = t.dep_
        head = t.head
        if (
            dep == "nsubj"
            and head.pos_ in ("VERB", "AUX")
            and head.lemma_.lower() not in NON_AGENTIVE
        ):
            # "Iraq is ..." / "Raqqa fell" are places; "Damascus seeks" is an actor
            return True
        if dep == "poss" and head.lemma_.lower() in ACTOR_NOUNS:
            return True
        if (
            dep in ("compound", "nmod")
            and head.lemma_.lower() in ACTOR_NOUNS
            and head.dep_
            in (
                "nsubj",
                "nsubjpass",
                "agent",
                "pobj",
            )
        ):
            return dep == "compound" and head.dep_ == "nsubj"
        if dep == "pobj" and head.dep_ == "agent":
            return True
        return False

    # ---------------------------------------------------------------- resolve
    def _resolve(self, text: str, mentions: list[_Mention], hints: Iterable[str]) -> None:
        g = self.gaz
        hint_cc = set()
        hint_order: list[str] = []
        for h in hints:
            cc = g.to_iso2(h) if h else None
            if cc:
                hint_cc.add(cc)
                if cc not in hint_order:
                    hint_order.append(cc)
        # restrict candidates by the place-type word ("X province" -> admin)
        for m in mentions:
            if not m.cands and m.core is None and m.source == "ent":
                continue
            if m.head_word in (
                "province",
                "governorate",
                "state",
                "region",
                "oblast",
                "prefecture",
            ):
                adm = [(i, a) for i, a in m.cands if g.feature[i] in ("A.ADM1", "A.ADM2")]
                if adm:
                    m.cands = adm
            elif m.head_word in ("district", "county", "raion", "municipality", "department"):
                adm = [(i, a) for i, a in m.cands if g.feature[i] in ("A.ADM2", "A.ADM1")]
                if adm:
                    m.cands = adm
            elif m.head_word in ("city", "town", "village", "camp", "suburb"):
                pp = [(i, a) for i, a in m.cands if g.feature[i].startswith("P")]
                if pp:
                    m.cands = pp

        # a country's own name beats entries that merely list it as an alternate name
        # ("Mexico" is not Mexico City, "Kuwait" not Kuwait City)
        for m in mentions:
            if any(a == 0 and g.feature[i] == "A.PCLI" for i, a in m.cands):
                m.cands = [(i, a) for i, a in m.cands if a == 0]
            # a town's alternate name does not beat a bigger town of that main name
            # ("Washington" is not Watervliet, a former name of which it is)
            top_main = max(
                (g.pop[i] for i, a in m.cands if not a and g.feature[i].startswith("P")),
                default=-1,
            )
            if top_main >= 0:
                m.cands = [
                    (i, a)
                    for i, a in m.cands
                    if not a or not g.feature[i].startswith("P") or g.pop[i] > 10 * top_main
                ]
        # a city much bigger than every other town of the name is the default reading
        # ("Louisville", "Portland"): context must be strong to pick a small namesake
        big_bonus: dict[int, tuple[int, float]] = {}
        for m in mentions:
            pops = sorted(
                (g.pop[i] for i, a in m.cands if g.feature[i].startswith("P") and not a),
                reverse=True,
            )
            top_adm = max(
                (g.pop[i] for i, _ in m.cands if g.feature[i] in ("A.ADM1", "A.PCLI")), default=0
            )
            # (not when the name is mainly a state or province: "Ontario", "Florida")
            if len(pops) >= 2 and pops[0] >= 100_000 and 20 * pops[0] > top_adm:
                bonus = min(
                    self.big_city_bonus_cap,
                    self.big_city_bonus * math.log10(pops[0] / max(pops[1], 1)),
                )
                i0 = next(
                    i
                    for i, a in m.cands
                    if g.feature[i].startswith("P") and not a and g.pop[i] == pops[0]
                )
                big_bonus[id(m)] = (i0, bonus)
        # explicit containers: "Springfield, Illinois", "Dawlat Abad district, Balkh"
        # ("Nahri Shahi district, Balkh", "the Bazar area of Adraskan district, Herat")
        container: dict[int, set[tuple[str, str]]] = defaultdict(set)
        container_of: dict[int, _Mention] = {}
        explicit_in: set[int] = set()
        for a, b in zip(mentions, mentions[1:], strict=False):
            gap = text[a.end : b.start]
            if (
                (gap.strip() in (",", "(", ", in", "in") and len(gap) <= 5)
                or _CONTAINER_GAP.fullmatch(gap)
                # "Saidan of Nahri Saraj district": a place of a named district
                or (gap == " of " and _TYPE_AFTER.match(text, b.end) is not None)
            ) and b.cands:
                container_of[id(a)] = b
                if _CONTAINER_GAP.fullmatch(gap) or gap == " of ":
                    # "X district, Y", "X of Y district": said to be in it (not a list,
                    # not "Wales in Rome", a team playing there)
                    explicit_in.add(id(a))
                for i, _ in b.cands:
                    f = g.feature[i]
                    if f == "A.PCLI":
                        container[id(a)].add((g.cc[i], ""))
                    elif f == "A.ADM1":
                        container[id(a)].add((g.cc[i], g.admin1[i]))

        # list neighbours: "California, Washington, Utah and Idaho" are the same kind
        # ("Sacramento, California" is a container, not a list: a comma alone needs a
        # list of three)
        peers: dict[int, list[_Mention]] = defaultdict(list)
        conj: set[int] = set()
        for a, b in zip(mentions, mentions[1:], strict=False):
            gap = text[a.end : b.start]
            if b.start - a.end <= 6 and _LIST_GAP.fullmatch(gap):
                peers[id(a)].append(b)
                peers[id(b)].append(a)
                if gap.strip(" ,") in ("and", "or", "&"):
                    conj.update((id(a), id(b)))
        peers = {k: v for k, v in peers.items() if len(v) >= 2 or k in conj}

        def own_adm(m: _Mention) -> tuple[tuple[str, str] | None, float]:
            """What ``m``'s own current reading adds to the article's admin1 context."""
            if m.best is None:
                return None, 0.0
            f = g.feature[m.best]
            if f == "A.ADM1":
                return (g.cc[m.best], g.admin1[m.best]), 1.0
            if g.admin1[m.best] and m.score > 0.7:
                return (g.cc[m.best], g.admin1[m.best]), 0.5
            return None, 0.0

        # the container side: "Tacoma, Washington" -> the Washington that holds a Tacoma
        holds: dict[int, set[tuple[int, str, str]]] = defaultdict(set)
        by_id = {id(x): x for x in mentions}
        for a_id, b in container_of.items():
            if a_id in peers or id(b) in peers:
                continue  # "stops in Washington, New York and Boston": a list
            a = by_id[a_id]
            inner = {(g.cc[j], g.admin1[j]) for j, _ in a.cands}
            for i, _ in b.cands:
                f = g.feature[i]
                if f == "A.PCLI" and any(c == g.cc[i] for c, _ in inner):
                    holds[id(b)].add((i, g.cc[i], ""))
                elif f == "A.ADM1" and (g.cc[i], g.admin1[i]) in inner:
                    holds[id(b)].add((i, g.cc[i], g.admin1[i]))
        # divisions and countries another surface form names without doubt (a spelling
        # variant, an AP abbreviation such as "Wash.", a postal code)
        named_as: dict[int, set[str]] = defaultdict(set)
        for x in mentions:
            if x.variant and x.cands:
                for i, _ in x.cands:
                    if g.feature[i] in ("A.ADM1", "A.PCLI"):
                        named_as[i].add(self._key(x.text))

        local_cc: Counter = Counter()  # towns and divisions (not capitals) per country

        def score(m: _Mention, ctx_cc: Counter, ctx_adm: Counter, pts) -> tuple[int | None, float]:
            if not m.cands:
                return None, 0.0
            mkey = self._key(m.text)
            # "the Atlantic", "the Pacific", "the Sahel": a physical feature or region
            # takes the article, a town does not ("the Atlantic" is not Atlantic, Iowa)
            # (not when the article belongs to a longer name: "the New York Auto Show")
            the = (
                text[max(0, m.start - 4) : m.start].lower() == "the "
                and m.core is None
                and not re.match(r"[ -]+[A-Z]", text[m.end : m.end + 3])
            )
            own_key, own_w = own_adm(m) if ctx_adm else (None, 0.0)
            peer_feats = {
                g.feature[p.best]
                for p in peers.get(id(m), ())
                if p.best is not None and g.feature[p.best] in ("A.ADM1", "A.PCLI")
            }
            best, bs, second = None, -1.0, -1.0
            tot_cc = sum(ctx_cc.values()) or 1
            # a country of this name that nothing else in the article supports
            country_rival = any(
                g.feature[j] == "A.PCLI"
                and ctx_cc.get(g.cc[j], 0) - (1.0 if m.best == j else 0.0) < 0.5
                for j, _ in m.cands
            )
            bb = big_bonus.get(id(m))
            for i, a in m.cands:
                s = self._prior(i, a)
                if bb is not None and bb[0] == i:
                    s += bb[1]
                cc = g.cc[i]
                f = g.feature[i]
                if cc:
                    s += 0.45 * ctx_cc.get(cc, 0) / tot_cc
                    if cc in hint_cc:
                        s += 0.2
                    if f != "A.PCLI" and f != "A.ADM1" and ctx_adm.get((cc, g.admin1[i]), 0):
                        s += 0.2
                    elif f == "A.ADM1":
                        # the state the article's other places are in ("CAMP MURRAY,
                        # Wash." ... "Washington" is the state, not DC)
                        k = (cc, g.admin1[i])
                        if ctx_adm.get(k, 0) - (own_w if k == own_key else 0.0) > 0.4:
                            s += 0.2
                        if (
                            country_rival
                            and local_cc.get(cc, 0) - (m.best == i) >= 2
                            and 2 * ctx_cc.get(cc, 0) >= tot_cc
                        ):
                            # "Georgia" in a local story whose towns and counties are
                            # American, and nothing Caucasian: the state, not the country
                            # (a "WASHINGTON (AP)" dateline and "U.S." are not enough)
                            s += 0.4
                if f in peer_feats:
                    s += 0.6  # "California, Washington, Utah": the state
                if the:
                    if f[0] in "HTLV" and f != "L.CONT":
                        s += 0.5
                    elif f.startswith("P"):
                        s -= 0.2
                cont = container.get(id(m))
                if cont:
                    if any(c == cc and (not ad or ad == g.admin1[i]) for c, ad in cont):
                        s += 0.8
                if (i, cc, g.admin1[i] if f == "A.ADM1" else "") in holds.get(id(m), ()):
                    s += 0.5  # "Tacoma, Washington": the state holding Tacoma, not DC
                if i in named_as and named_as[i] - {mkey}:
                    s += 0.4  # "CAMP MURRAY, Wash." ... "Washington": the same state
                if pts and f not in ("A.PCLI", "L.CONT"):
                    lat_i, lon_i = g.lat[i], g.lon[i]
                    dmin = min(
                        (
                            _km(lat_i, lon_i, la, lo)
                            for la, lo, who in pts
                            if who is not m and abs(la - lat_i) < 3.7  # (only < 400 km counts)
                        ),
                        default=None,
                    )
                    if dmin is not None:
                        if dmin < 50:
                            s += 0.3
                        elif dmin < 150:
                            s += 0.2
                        elif dmin < 400:
                            s += 0.1
                if s > bs:
                    best, bs, second = i, s, bs
                elif s > second:
                    second = s
            if second < 0:
                conf = min(1.0, 0.6 + 0.4 * min(bs, 1.0))
            else:
                conf = max(0.05, min(1.0, 0.5 + (bs - second) / (2 * max(bs, 1e-6))))
            return best, conf

        # pass 1: priors only
        ctx_cc: Counter = Counter()
        ctx_adm: Counter = Counter()
        for m in mentions:
            m.best, m.score = score(m, Counter(), Counter(), None)
        for _ in range(2):
            ctx_cc = Counter()
            ctx_adm = Counter()
            local_cc.clear()
            pts = []
            for m in mentions:
                if m.best is None:
                    continue
                i = m.best
                f = g.feature[i]
                w = 1.0 if f == "A.PCLI" else (0.7 * m.score if len(m.cands) > 1 else 0.8)
                if g.cc[i]:
                    ctx_cc[g.cc[i]] += w
                    if f in ("A.ADM1", "A.ADM2", "P.PPL", "P.PPLA", "P.PPLA2", "P.PPLX"):
                        local_cc[g.cc[i]] += 1
                if f == "A.ADM1":
                    ctx_adm[(g.cc[i], g.admin1[i])] += 1
                elif g.admin1[i] and m.score > 0.7:
                    ctx_adm[(g.cc[i], g.admin1[i])] += 0.5
                if f not in ("A.PCLI", "L.CONT") and (m.score >= 0.75 or len(m.cands) == 1):
                    pts.append((g.lat[i], g.lon[i], m))
            for cc in hint_cc:
                ctx_cc[cc] += 1.0
            for m in mentions:
                m.best, m.score = score(m, ctx_cc, ctx_adm, pts)
        self._relocate_outside_containers(mentions, container_of, peers, explicit_in)
        self._drop_outliers(mentions, container)
        self._last_focus = self._focus(mentions)
        if self._last_focus is None and hint_order and hint_order[0] in g.countries:
            # nothing resolved, but the actors say where the story is ("Kenyan police
            # ... in Kayole"): unknown names get that country, at country precision
            self._last_focus = g.countries[hint_order[0]][1]
        self._anchor_unknown(text, mentions, container_of)

    def _relocate_outside_containers(
        self, mentions: list[_Mention], container_of, peers, explicit_in=frozenset()
    ) -> None:
        """A small place outside the division named right after it is a misreading: it
        is another place of that name, located at the division ("Chora district,
        Urozgan" is not Chóra in Greece)."""
        g = self.gaz
        for m in mentions:
            b = container_of.get(id(m))
            # "the Bazar area of Tarnak Wa Jaldak district, Zabul": through unknown
            # districts up to the first container the gazetteer knows
            for _ in range(3):
                if b is None or b.best is not None:
                    break
                b = container_of.get(id(b))
            if m.best is None or b is None or b.best is None:
                continue
            fb, fm = g.feature[b.best], g.feature[m.best]
            foreign_adm1 = (
                fm == "A.ADM1" and fb in ("A.ADM1", "A.PCLI") and g.cc[m.best] != g.cc[b.best]
            )
            if not (fm.startswith("P") or fm == "A.ADM2" or foreign_adm1):
                continue  # ("Mohmand Dara district, Nangarhar" is not Syria's Daraa)
            if id(b) in peers:
                continue  # "Saipan, Guam, Alaska": a list, not a container
            if fb in ("A.PCLI", "A.ADM1"):
                inside = g.cc[m.best] == g.cc[b.best] and (
                    fb == "A.PCLI" or g.admin1[m.best] == g.admin1[b.best]
                )
            elif fb.startswith("P") or fb == "A.ADM2":
                # "the Rabat area of Maywand district, Kandahar": another country's
                # town named with its type inside a local place is another place
                inside = g.cc[m.best] == g.cc[b.best] or (
                    m.head_word is None and id(m) not in explicit_in
                )
            else:
                continue
            if not inside:
                m.cands, m.best, m.score, m.source = [], None, 0.0, "ent"

    def _anchor_unknown(self, text: str, mentions: list[_Mention], container_of) -> None:
        """Locate the toponyms the gazetteer does not know (a street, a school, a village).

        At the place named right after them ("Mount Chaambi, Kasserine"), else at the
        closest resolved local place before them when it is near or in one of the
        article's main countries (not "Dubreuil", a surname read as a town in
        Mauritius, in a story about New Orleans), else at the article's focus. Buildings
        named after a far place are moved to the local place here too.
        """
        g = self.gaz
        place_cc: Counter = Counter(
            g.cc[m.best] for m in mentions if m.best is not None and m.role == "place"
        )
        top_n = max(place_cc.values(), default=0)
        main_cc = {cc for cc, n in place_cc.items() if cc and 2 * n >= top_n}
        last_local = None
        last_at = -(10**9)

        focus = self._last_focus

        def local_before(m: _Mention, near_focus: bool = False) -> int | None:
            if last_local is None:
                return focus
            if m.start - last_at < 250:
                return last_local  # the place just named
            if g.cc[last_local] in main_cc and (
                not near_focus
                or focus is None
                or _km(g.lat[last_local], g.lon[last_local], g.lat[focus], g.lon[focus]) < 500
            ):
                return last_local  # (not "Hart", a name read as a town far from the story)
            return focus

        for k, m in enumerate(mentions):
            if m.dropped:
                continue
            if m.best is not None and m.core is not None and m.label in ("FAC", "LOC"):
                ctx = local_before(m)
                opens = m.core[0] == m.start and m.core[1] < m.end
                if not opens and g.feature[m.best] in ("A.ADM1", "A.PCLI"):
                    ctx = None  # "Western US", "British Embassy Tokyo": where it is
                street = _STREET_END.search(text, m.core[1], m.end) is not None
                if ctx is not None and ctx != m.best and (self._named_after(m.best, ctx) or street):
                    # "Carnegie Library", "Hampton Avenue", "California State University",
                    # spaCy's FAC "Broadway": a building or street named after a place far
                    # from the article's places (or after the whole state) stands at the
                    # article's place
                    m.cands, m.best, m.near, m.score, m.source = [], None, ctx, 0.0, "ent"
                    continue
            if m.best is not None and m.role == "place":
                if g.feature[m.best].startswith("P") or g.feature[m.best] == "A.ADM2":
                    if m.core is None:
                        last_local, last_at = m.best, m.end
            elif m.best is None:
                nxt = mentions[k + 1] if k + 1 < len(mentions) else None
                if (
                    nxt is not None
                    and nxt.best is not None
                    and (
                        text[m.end : nxt.start] in (", ", " in ", ", in ", " near ")
                        or container_of.get(id(m)) is nxt
                        or _DATED_IN.fullmatch(text, m.end, nxt.start) is not None
                    )
                    and g.feature[nxt.best][0] in "AP"
                    # "X, Tunisia" may be a list; "the Summit of the Americas in Peru" not
                    and (g.feature[nxt.best] != "A.PCLI" or text[m.end : nxt.start] == " in ")
                ):
                    m.near = nxt.best
                else:
                    m.near = local_before(m, near_focus=True)

    def _drop_outliers(self, mentions: list[_Mention], container) -> None:
        """A small town abroad that nothing else in the article supports is a misreading.

        "Dubreuil" (a surname; a village in Mauritius), "Chartres" and "Rue" (streets of
        New Orleans), "Grants" in "Bains and Grants Town" (Nassau): in an article
        whose places are all in one or two other countries, a single reading of a town
        under 50,000 people in a country the article names nowhere else is more likely
        a local name the gazetteer does not know; it becomes unresolved and is located
        at the place around it like other unknown names.
        """
        g = self.gaz
        by_cc: Counter = Counter()
        for m in mentions:
            if m.best is not None and g.cc[m.best]:
                by_cc[g.cc[m.best]] += 1
        names: dict[str, int] = Counter(self._key(m.text) for m in mentions if m.best is not None)
        # a short note names one county or province ("Wote in Makueni county"): its
        # country is the story's, too few places for the count above
        div_cc = {
            g.cc[m.best]
            for m in mentions
            if m.best is not None
            and g.feature[m.best] in ("A.ADM1", "A.ADM2")
            and m.head_word in ("county", "province", "district", "governorate", "state")
        }
        for m in mentions:
            i = m.best
            if i is None or m.variant or container.get(id(m)):
                continue
            f = g.feature[i]
            key = self._key(m.text)
            if f in ("A.ADM1", "A.ADM2"):
                # a division named with common words ("West Coast", a region of New
                # Zealand) is the same words' local sense in a story set elsewhere
                if not all(w in STOP or w in COMMON_WORDS for w in key.split()):
                    continue
            elif not f.startswith("P") or f == "P.PPLC" or g.pop[i] >= 50_000:
                continue
            own = names[key]
            if by_cc[g.cc[i]] > own:
                continue  # the article names the country or another place in it
            if not (
                any(n >= 3 for cc, n in by_cc.items() if cc != g.cc[i])
                or any(cc != g.cc[i] for cc in div_cc)
            ):
                continue  # no other country dominates the article or names a division
            if m.label in ("GPE", "LOC", "FAC") or len(m.text.split()) > 1:
                # a local name: unresolved, located at the place around it
                m.cands, m.best, m.score, m.source = [], None, 0.0, "ent"
            else:
                m.dropped = True  # a lone word ("Zara", "McGregor", "Noma"): a name
                m.cands, m.best, m.score = [], None, 0.0

    def _named_after(self, i: int, ctx: int) -> bool:
        """A facility's inner place ``i`` is only its namesake given the local place ``ctx``."""
        g = self.gaz
        f = g.feature[i]
        d = _km(g.lat[i], g.lon[i], g.lat[ctx], g.lon[ctx])
        if f in ("A.ADM1", "A.PCLI"):
            # the state or country the local place is in: the local place is more precise
            return g.cc[i] == g.cc[ctx] and (f == "A.PCLI" or g.admin1[i] == g.admin1[ctx])
        return d > 150 and g.pop[i] < 200_000

    def _focus(self, mentions: list[_Mention]) -> int | None:
        """The most specific often-mentioned resolved place: default for unresolved ones."""
        g = self.gaz
        cnt: Counter = Counter()
        for m in mentions:
            if m.label == "FAC" and (
                _STREET_END.search(" " + m.text) or m.text.lower().endswith(" square")
            ):
                continue  # "Birch Street", "Washington Square": named after a place
            if m.best is not None and m.role == "place":
                cnt[m.best] += 2
            elif m.best is not None and g.feature[m.best].startswith("P") and not m.dropped:
                # a town in an organisation's name ("New Orleans Railways", "Seattle
                # police") says where the story is, if less than a place named as such
                cnt[m.best] += 1
        if not cnt:
            return None
        top_cc = Counter()
        for i, c in cnt.items():
            if g.cc[i]:
                top_cc[g.cc[i]] += c
        main_cc = top_cc.most_common(1)[0][0] if top_cc else None
        rank = {"P": 0, "A": 1}

        def key(i):
            f = g.feature[i]
            lvl = 0 if f.startswith("P") else 1 if f == "A.ADM2" else 2 if f == "A.ADM1" else 3
            if f == "A.PCLI":
                lvl = 4
            return (g.cc[i] != main_cc, lvl, -cnt[i], rank.get(f[0], 2))

        return min(cnt, key=key)

    def _to_place(self, m: _Mention) -> Place:
        g = self.gaz
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
            p.score = round(m.score * (0.8 if m.core else 1.0), 3)
        else:
            f_i = m.near
            if f_i is not None and m.source == "ent":
                # not in the gazetteer (a street, a building, a small village): located
                # approximately at the article's focus place, flagged by geonameid None
                p.lat = round(g.lat[f_i], 5)
                p.lon = round(g.lon[f_i], 5)
                p.country = g.iso3(g.cc[f_i]) if g.cc[f_i] else None
                p.score = 0.1
        return p

    # ================================================================== countries
    def main_countries(self, places: Sequence[Place]) -> list[str]:
        """ISO3 codes the article is about, most salient first."""
        w: Counter = Counter()
        first: dict[str, int] = {}
        for k, p in enumerate(places):
            if not p.country or p.geonameid is None:
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
    def event_location(
        self, doc, offset: int, trigger_i: int, places: Sequence[Place]
    ) -> Location | None:
        """Where the event triggered by ``doc[trigger_i]`` happened (see module doc)."""
        end = offset + len(doc.text)
        local = [p for p in places if p.start >= offset and p.end <= end]
        trig = doc[trigger_i]
        model = default_model() if self.use_model else None
        if local and model is not None:
            opts, cand_feats, none_feats = self.event_options(doc, offset, trigger_i, places)
            if opts:
                pr = model.probs(cand_feats, none_feats)
                # macro-regions and oceans ("in the Middle East") are backdrop, never
                # the place the event is attached to (the docs' convention)
                ok = [k + 1 for k, o in enumerate(opts) if not _is_macro(o[0])]
                best = max(ok, key=pr.__getitem__, default=0)
                if best and pr[best] > pr[0]:
                    # the model links this place to the trigger
                    return Location.from_place(opts[best - 1][0], "trigger")
                others = [
                    (pr[k + 1], x)
                    for k, x in enumerate(opts)
                    if x[0].role == "place"
                    and not (x[0].feature or "").startswith("X.")
                    and not self._is_source(x[1], trig)
                ]
                if others and self.sentence_fallback:
                    others.sort(key=lambda x: (-x[0], x[1][0].start))
                    return Location.from_place(others[0][1][0], "sentence")
            local = []  # the model said "none": go to the article's main place
        if local:
            scored = []
            for p in local:
                span = doc.char_span(p.start - offset, p.end - offset, alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                root = span.root
                rel = self._relation(root, trig, span)
                if rel is None:
                    rel = self._in_clause(root, trig)
                scored.append((p, span, rel))
            # macro-regions and oceans ("in the Middle East") are backdrop, not the place of
            # an event: they may still be the sentence-level fallback
            attached = [
                x
                for x in scored
                if x[2] is not None
                and x[2] <= self.max_relation
                and not (x[0].feature or "").startswith(("L.RGN", "L.CONT", "H.OCN"))
            ]
            if attached:
                attached.sort(
                    key=lambda x: (x[2], x[0].role != "place", -_specificity(x[0]), x[0].start)
                )
                p = attached[0][0]
                if p.role == "place" or all(x[0].role != "place" for x in scored):
                    return Location.from_place(p, "trigger")
            others = [x for x in scored if x[0].role == "place" and not self._is_source(x[1], trig)]
            if others and self.sentence_fallback:
                others.sort(key=lambda x: (-_specificity(x[0]), abs(x[1].start - trigger_i)))
                return Location.from_place(others[0][0], "sentence")
        # the article's main place
        main = [p for p in places if p.role == "place" and p.geonameid is not None]
        if not main:
            return None
        cc = self.main_countries(places)
        top_cc = cc[0] if cc else None
        cnt = Counter(p.geonameid for p in main)
        best = min(
            main,
            key=lambda p: (
                p.country != top_cc,
                -min(_specificity(p), 2),
                -cnt[p.geonameid],
                p.start,
            ),
        )
        return Location.from_place(best, "article")

    def event_options(self, doc, offset: int, trigger_i: int, places: Sequence[Place]):
        """The candidate places of the trigger's sentence and the choice-model features.

        Returns ``(options, candidate_features, none_features)``; ``options`` holds
        ``(place, span, rel, in_clause)`` per candidate in text order.
        """
        end = offset + len(doc.text)
        trig = doc[trigger_i]
        opts = []
        for p in places:
            if p.start < offset or p.end > end:
                continue
            span = doc.char_span(p.start - offset, p.end - offset, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            root = span.root
            opts.append((p, span, self._relation(root, trig, span), self._in_clause(root, trig)))
        if self.extra_candidates:
            resolved = [o[0] for o in opts if o[0].lat is not None]
            for a, b, kind in extra_spans(
                doc, lambda s, e: any(s < o[1].end_char and o[1].start_char < e for o in opts)
            ):
                span = doc[a:b]
                near = min(
                    resolved, key=lambda q: abs(q.start - offset - span.start_char), default=None
                )
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
                opts.append(
                    (p, span, self._relation(root, trig, span), self._in_clause(root, trig))
                )
            opts.sort(key=lambda o: o[0].start)
        n = len(opts)
        cand_feats = [
            candidate_features(
                doc,
                trig,
                span,
                p,
                rel,
                inc,
                k,
                n,
                (p.feature or "").startswith(("L.RGN", "L.CONT", "H.OCN")),
                self._is_source(span, trig),
            )
            for k, (p, span, rel, inc) in enumerate(opts)
        ]
        add_relative(cand_feats, opts, trigger_i)
        any_att = any(o[2] is not None or o[3] is not None for o in opts)
        return opts, cand_feats, none_features(doc, trig, n, any_att)

    @staticmethod
    def _is_source(span, trig) -> bool:
        """The place is the speaker or a reported source ("..., Damascus said")."""
        r = span.root
        return r.dep_ in ("nsubj",) and r.head.lemma_ in (
            "say",
            "tell",
            "report",
            "announce",
            "claim",
        )

    @staticmethod
    def _in_clause(root, trig) -> float | None:
        """A weak rank for a place inside the trigger's own clause.

        The place's head chain reaches the trigger without passing another verb, and
        its first preposition is locative or "of" ("residents of X demonstrated", "killed
        ... at a restaurant in the north of X"). Measured on the event-location set such
        places are the annotated location slightly more often than not; places reached
        through another verb, through "from"/"to", or with no preposition are not.
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
        if prep in ("in", "at", "near", "of", "inside", "outside", "around"):
            return 3.0
        return None

    @staticmethod
    def _relation(root, trig, span) -> float | None:
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
                if dep == "dobj":
                    return 1.2  # "shelled Aleppo", "captured X"
                # a passive subject ("Mosul was bombed") is no better than chance on the
                # event-location set (mostly people: "X was captured"), so it does not count
                if dep in ("npadvmod", "obl", "advmod"):
                    return 1.6
                if dep in ("compound", "amod", "nmod"):
                    return 1.8
                return None
            if dep in ("compound", "appos", "conj", "amod", "nmod", "poss", "nummod"):
                t = h
                continue
            if dep == "pobj" and h.dep_ == "prep":
                prep = h
                if prep.lower_ == "of" and prep.head.lemma_.lower() in PLACE_HEADS | {
                    "outskirts",
                    "part",
                    "parts",
                    "centre",
                    "center",
                    "heart",
                    "north",
                    "south",
                    "east",
                    "west",
                }:
                    t = prep.head  # "the village of X", "the outskirts of X"
                    continue
                if prep.lower_ not in LOC_PREPS:
                    return None
                H = prep.head
                strong = prep.lower_ in STRONG_PREPS
                for _ in range(2):  # "a group of jihadists in X": climb the "of" chain
                    if H.dep_ == "pobj" and H.head.lower_ == "of" and H.head.head != trig:
                        H = H.head.head
                        hops += 1
                base = 1.0 if strong else 1.5
                if H == trig:
                    return base + 0.05 * hops
                if H.head == trig and H.dep_ in (
                    "dobj",
                    "nsubjpass",
                    "attr",
                    "oprd",
                    "npadvmod",
                    "nsubj",
                    "pobj",
                    "agent",
                ):
                    return base + 0.3 + 0.05 * hops
                if H.head.head == trig and H.dep_ == "pobj" and H.head.dep_ == "prep":
                    return base + 0.5 + 0.05 * hops  # "in a raid on a house in X"
                if H.lemma_.lower() in PLACE_HEADS and H.head == trig:
                    return base + 0.2
                return None
            return None
        return None


def _is_macro(p: Place) -> bool:
    return (p.feature or "").startswith(("L.RGN", "L.CONT", "H.OCN"))


def _specificity(p: Place) -> int:
    f = p.feature or ""
    if p.geonameid is None:
        return 3
    if f.startswith("P") or f.startswith("S"):
        return 4
    if f == "A.ADM2":
        return 3
    if f == "A.ADM1" or f.startswith("H") or f.startswith("T"):
        return 2
    if f == "A.PCLI":
        return 1
    return 0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


haversine_km = _km
