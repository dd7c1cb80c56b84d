"""``actors``: who the source and the target are, as actors with a name, country and sector.

Turns the role spans into ``Actor`` records through the actor dictionary: the whole phrase
if the dictionary knows it, else the named actor inside it ("most <group> members"); a
pronoun takes the last named group before it (never the event's other participant); a
generic agent ("the jihadists") is linked to the group the article names, unless it is
marked unidentified; an unknown proper name stays a named actor without a code. A generic
agent with no country takes the country of the event's place when that place is one of the
article's countries, else the article's main country (a mis-resolved place must not turn
local police into another country's police), unless the phrase says it is from elsewhere.

Within-article coreference (``People``, built once per article from the parsed sentences):

* people are normalised to the role the article gives them: "Syrian Foreign Minister Walid
  Muallem" or "Richard Thomas, the information commissioner" is a person whose title the
  dictionary resolves (Syria, GOV); a later "Muallem", "Mr Muallem", "he" or "the foreign
  minister" is the same person, with that country and sector, named by the full name;
* a person's pronoun ("he", "her") takes the last person named before it, never a group;
* the speaker model: a first-person pronoun inside a quotation ("we will return Afrin") is
  the speaker's side — the speech source of the sentence (``attribute.speech_sources``),
  itself resolved (a person to their role, "he said" to the last person) — not the group
  mentioned nearby;
* a role span headed by a common noun that names no person, body or known actor is a
  fragment ("the deletion of e-mails", "refuge") and no actor.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ..actors import link_generic
from ..actors.gender import RECENT_PEOPLE, honorific_gender, nearest_agreeing, pronoun_gender
from ..attribute import speech_sources
from ..errors import ConfigError
from ..lang import words
from ..nlp import doc_text, has_entities
from ..records import Actor, Article
from ..registry import components
from ..roles import (
    ROLE_PRONOUNS,
    RoleSpan,
    described_pronoun,
    np_span,
    participant_noun,
    quoted_tokens,
)
from .base import ArticleContext, EventDraft, ParsedSentence
from .roles import is_time_or_instrument

_ELSEWHERE = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words("foreign_markers"))) + r")\b", re.I)
_UNKNOWN = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words("unknown_markers"))) + r")\b", re.I)
#: pronouns that never take an antecedent group (a person is not a group)
PERSONAL_PRONOUNS = words("person_pronouns")
FIRST_PERSON = words("first_person_pronouns")
COUNTER_ACTS = words("counter_acts")
#: a riot's trigger words: its crowd is rioters, not protesters
RIOTS = words("riot_triggers")
CONDEMNING = words("condemning_verbs")
#: "the group", "the movement": a definite re-mention of the last named organisation
ANAPHORIC_BODIES = words("anaphoric_body_nouns")
#: "a man", "the 4-year-old girl": a private person, a civilian when acted on
PRIVATE_PERSONS = words("private_person_nouns") | words("civilian_person_nouns")  # roles.yaml: victims ACLED codes as civilians
FEMALE = words("female_person_nouns")
MALE = words("male_person_nouns")
#: determiners that make a description a re-mention of something already named
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
#: entry kinds a definite body description ("the group") may re-mention
BODY_KINDS = frozenset({"group", "igo", "ngo"})
#: how many paragraphs back an earlier event of the same incident may lend a side (``sides``)
CARRY_PARAGRAPHS = 2
#: the incidents whose sides an article states once and implies after: violence and coercion
#: (a statement's open side is most often truly open)
CARRY_TYPES = frozenset({"ASSAULT", "COERCE"})
PRONOUNS_ALL = ROLE_PRONOUNS | FIRST_PERSON | PERSONAL_PRONOUNS
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "mr.", "mrs.", "ms.", "dr."})
NAMED_ENTITY_HEADS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: how many of the article's main countries count as "the story's" for an event's place
STORY_COUNTRIES = 3
#: sectors of a state office: a person holding one with no country named holds the story's
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
#: singular nouns for one person ("it" never refers to them)
PERSON_WORDS = words("person_nouns") | frozenset({
    "secretary", "minister", "commissioner", "president", "chairman", "chairwoman", "spokesman", "spokeswoman",
    "governor", "mayor", "ambassador", "envoy", "judge", "prosecutor", "chancellor", "premier", "lord",
})


def home_countries(art: Article, places: list[Any], mentions: list[Any]) -> list[str]:
    """The article's main countries that can be where its events happen, in the article's
    order: all but those only a named non-state armed group brings (its home from the
    dictionary, an entry of kind ``group`` tagged ``armed``: "al-Shabaab attacks police post"
    — the police are not Somalia's because al-Shabaab is Somali); a toponym or any other
    actor (a state, a party, a people, "Fijian rebels" whose text says whose) keeps its
    country."""
    seen = {p.country for p in places if p.country}
    seen |= {
        m.entry.country for m in mentions
        if m.entry.country and not (m.entry.kind == "group" and "armed" in m.entry.tags)
    }
    return [c for c in art.countries if c in seen]


#: the values of ``[components.actors] full_name_entities``
FULL_NAME_ENTITIES = (True, False, "before_events")


def _full_name(doc: Any) -> bool:
    """Two proper nouns in a row: where the parse may hold a person's full name."""
    prev = False
    for t in doc:
        cur = t.pos_ == "PROPN"
        if cur and prev:
            return True
        prev = cur
    return False


class Actors:
    name: ClassVar[str] = "actors"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "mentions", "places", "draft.src_span", "draft.tgt_span", "draft.location")
    assigns: ClassVar[tuple[str, ...]] = ("draft.source_actor", "draft.target_actor")

    def __init__(self, dictionary: Any, full_name_entities: bool | str = True, lexicon: Any = None) -> None:
        self.dictionary = dictionary
        if full_name_entities not in FULL_NAME_ENTITIES or (full_name_entities == "before_events" and lexicon is None):
            raise ConfigError(
                "E576", option="[components.actors] full_name_entities", value=full_name_entities,
                expected='true, false or "before_events" (with a trigger lexicon)',
            )
        #: whether a parsed sentence naming someone in full gets the entity recogniser for
        #: ``People`` (else it is read from its surface, as an unparsed sentence is);
        #: "before_events": only one at or before the article's last sentence with a trigger
        #: match, the sentences a later act's "he", "Ms Roe" or title can refer back to
        self.full_name_entities = full_name_entities
        self.lexicon = lexicon
        #: the generic civilians entry a private person acted on is coded as
        self.civilians = dictionary.resolve("civilians")
        #: who a protest or riot whose clause names no one is by (``crowd``)
        self.protesters = dictionary.resolve("protesters")
        self.rioters = dictionary.resolve("rioters")

    def needs_entities(self, ctx: ArticleContext) -> list[int]:
        """The parsed sentences whose PERSON entities ``People`` (and attribution's memory of
        speakers) read beyond the event sentences: those naming someone in full (two proper
        nouns in a row), whom a later "he", "Ms Roe" or title refers back to
        (``[pipeline] entities = "needed"``). With ``full_name_entities`` off, none: ``People``
        reads a parsed sentence without entities from its surface, as it reads one not parsed."""
        if not self.full_name_entities:
            return []
        if self.full_name_entities == "before_events":
            last = max((i for i, p in enumerate(ctx.parsed) if self.lexicon.match(p.doc)), default=-1)
            return [i for i, p in enumerate(ctx.parsed[: last + 1]) if _full_name(p.doc)]
        return [i for i, p in enumerate(ctx.parsed) if _full_name(p.doc)]

    def __call__(self, ctx: ArticleContext) -> None:
        people = People.build(ctx.parsed, self.dictionary, ctx.sentences, surface_plain=self.full_name_entities is not True) if ctx.drafts else None
        #: the headline and the lead: they state an act before the article names who did it
        lead_end = ctx.sentences[1].end if len(ctx.sentences) > 1 else (ctx.sentences[0].end if ctx.sentences else 0)
        home = home_countries(ctx.article, ctx.places, ctx.mentions)
        for d in ctx.drafts:
            self.link(d, ctx.mentions, people, lead=d.sentence.start < lead_end)
            self.localise(d, ctx.article, home)
            for actor in (d.source_actor, d.target_actor):
                if actor is not None:
                    actor.text = ctx.article.text[actor.start : actor.end]  # as written, not as parsed

    def link(self, d: EventDraft, mentions: list[Any], people: People | None = None, lead: bool = False) -> None:
        source = self.actor(d.src_span, d.doc, d.off, mentions, people=people)
        if source is None and d.carried.get("source") is not None:
            source = self.carried_actor(d.carried["source"], mentions, people)
        target = self.actor(d.tgt_span, d.doc, d.off, mentions, exclude=source.name if source else None, people=people)
        if target is None and d.carried.get("target") is not None:
            target = self.carried_actor(d.carried["target"], mentions, people)
        if target is not None and target.name is None and not target.country and private_person(d.tgt_span, d.doc):
            # "a man was shot", "the 4-year-old girl who was shot": a private person acted
            # on is a civilian (localised to the story's country below)
            civ = self.civilians
            if civ is not None:
                target = Actor(target.text, civ.name, None, civ.sector, target.start, target.end)
        if d.type == "RETREAT" and target is not None and target.name is None:
            target = None  # "withdrew from the town": a place, not a participant
        if source is None and d.type == "PROTEST":
            source = self.crowd(d)
        if source is None and (d.match.entry.mode == "arrest" or custody_release(d.tok)):
            source = arresting_body(d, mentions, lead=lead)
        if source is not None and target is not None and source.name and source.name == target.name:
            target = None
        d.source_actor, d.target_actor = source, target

    def carried_actor(self, ref: Any, mentions: list[Any], people: People | None = None) -> Actor | None:
        """The actor of a side carried from an earlier sentence (``EventDraft.carried``): the
        earlier draft's span resolved as there, or the dictionary's match as it stands."""
        if isinstance(ref, tuple):
            doc, off, span = ref
            return self.actor(span, doc, off, mentions, people=people)
        e = ref.entry
        return Actor(ref.text, e.name, e.country, e.sector, ref.start, ref.end)

    def crowd(self, d: EventDraft) -> Actor | None:
        """The source of a protest or riot whose clause names no one ("Riots broke out in
        <town>", "Protests against the tariffs"): protesters, or rioters for a riot — who a
        demonstration is by, as ACLED codes it — with the trigger as the mention (localised
        to the story's country like any generic)."""
        entry = self.rioters if d.tok.lemma_.lower() in RIOTS or d.tok.lower_ in RIOTS else self.protesters
        if entry is None:
            return None
        start, end = d.tok.idx + d.off, d.tok.idx + len(d.tok.text) + d.off
        return Actor(d.tok.text, entry.name, None, entry.sector, start, end)

    def localise(self, d: EventDraft, art: Article, home: list[str] | None = None) -> None:
        """Give an unnamed generic ("police", "the army", "civilians") the country where the
        event happened: its location's country when that is one of the story's, else the
        story's first country (``home``: see :func:`home_countries`; the article's main
        countries when not given)."""
        loc = d.location
        story = art.countries if home is None else home
        where = loc.country if loc is not None and loc.country in art.countries[:STORY_COUNTRIES] else (story[0] if story else None)
        if not where:
            return
        for actor in (d.source_actor, d.target_actor):
            if actor is not None and actor.country is None:
                entry = self.dictionary.resolve(actor.text)
                for made in (self.civilians, self.protesters, self.rioters):
                    if entry is None and made is not None and actor.name == made.name:
                        entry = made  # a private person made a civilian, a crowd, in ``link``
                if entry is not None and entry.generic and actor.name == entry.name and localisable(actor.text):
                    local = self.dictionary.localise(entry, where)
                    actor.name, actor.country = local.name, local.country
                elif actor.sector in STATE_SECTORS and actor.name and localisable(actor.text):
                    if entry is not None and not entry.generic and entry.country and entry.sector == actor.sector:
                        # the mention itself says whose ("two Kenya Defense Forces (KDF)
                        # soldiers" linked by its head noun): that state, not the story's
                        actor.country = entry.country
                        if entry.name.startswith(actor.name):
                            actor.name = entry.name
                        continue
                    # a person the article gives a state office without a country ("Home
                    # Secretary Ann Roe", "she" for her): that office is the story's
                    actor.country = where

    def actor(
        self, span: RoleSpan | None, doc: Any, off: int, mentions: list[Any], exclude: str | None = None,
        people: People | None = None, depth: int = 0,
    ) -> Actor | None:
        if span is None:
            return None
        start = doc[span.start].idx
        end = doc[span.end - 1].idx + len(doc[span.end - 1].text)
        text = doc_text(doc)[start:end]
        head = doc[span.head]
        low = head.lower_
        if low in FIRST_PERSON or span.pronoun or low in PERSONAL_PRONOUNS:
            if low in FIRST_PERSON and depth == 0:
                # the speaker model: "we" inside a quotation is the speaker's side
                spoken = self.speaker(doc, off, span, mentions, people)
                if spoken is not None:
                    return Actor(text, spoken.name, spoken.country, spoken.sector, start + off, end + off)
                return None
            if depth == 0:
                said = self.reported_speaker(doc, off, span, mentions, people)
                if said is not None and (said.name or said.country or said.sector):
                    return Actor(text, said.name, said.country, said.sector, start + off, end + off)
                if said is not None:
                    # "the auditor says she is reviewing ...": an uncoded
                    # described speaker is still who "she" is; the actor is that mention
                    return said
            if low in PERSONAL_PRONOUNS:
                described = described_antecedent(doc, head)
                if described is not None:
                    # "a 4-year-old girl is in hospital after she shot herself": the person
                    # the sentence describes before the pronoun; the actor is that mention
                    a0 = described.start
                    a1 = doc[described.end - 1].idx + len(doc[described.end - 1].text)
                    return Actor(doc_text(doc)[doc[a0].idx : a1], None, None, None, doc[a0].idx + off, a1 + off)
                person = people.before(start + off, pronoun=low) if people is not None else None
                if person is None:
                    return Actor(text, None, None, None, start + off, end + off)
                return Actor(text, person.name, person.country, person.sector, start + off, end + off)
            ref = antecedent(mentions, start + off, low, exclude)
            if ref is None:
                return Actor(text, None, None, None, start + off, end + off)
            e = ref.entry
            return Actor(text, e.name, e.country, e.sector, start + off, end + off)
        named = appositive_person(head) if depth == 0 else None
        if named is not None:
            # "the head of the infectious diseases department at <hospital>, Ana Ruiz, called
            # on ...": the actor is the person, coded by the office the description gives
            # when the article gives the person none
            who = self.actor(named, doc, off, mentions, exclude, people, depth + 1)
            office = self.actor(span, doc, off, mentions, exclude, people, depth + 1)
            if who is not None and office is not None and not (who.country or who.sector):
                who.country, who.sector = office.country, office.sector
            return who
        person = people.find(doc, off, span) if people is not None else None
        if person is not None:
            country, sector = self.person_actor(person, span, doc, off, mentions, exclude, people, depth)
            return Actor(text, person.name, country, sector, start + off, end + off)
        entry = self.resolve(text, head.idx - start)
        if (entry is None or (entry.generic and entry.country is None)) and not _UNKNOWN.search(text):
            same = same_head_antecedent(head, mentions, start + off, exclude)
            if same is not None:
                # "the ministry" after "Russia's defence ministry", "the officers" after
                # "Kenyan police officers": the same head noun, definite, re-mentions it
                e = same.entry
                return Actor(text, e.name, e.country, e.sector, start + off, end + off)
        if entry is None and body_remention(head):
            ref = body_antecedent(mentions, start + off, exclude)
            if ref is not None:
                e = ref.entry
                return Actor(text, e.name, e.country, e.sector, start + off, end + off)
        if entry is None:
            if head.pos_ == "PROPN" or head.ent_type_ in NAMED_ENTITY_HEADS:
                office = self.described_office(head, doc, off, mentions, exclude, people) if depth == 0 else None
                if office is not None:
                    # "Iran's religious leader Ayatollah Ruhollah Khomeini": a name the
                    # dictionary does not code takes its description's actor
                    return Actor(text, text, office.country, office.sector, start + off, end + off)
                return Actor(text, text, None, None, start + off, end + off)
            if (head.pos_ == "NOUN" and participant_noun(head)) or described_pronoun(head):
                # "the residents", "anyone with information", "those responsible": a
                # described person is an actor by its text, uncoded
                return Actor(text, None, None, None, start + off, end + off)
            return None  # a fragment, not an actor
        if entry.generic and not _UNKNOWN.search(text):
            named = [mm.entry for mm in mentions if mm.start < start + off and not mm.entry.generic and mm.entry.kind == "group"]
            if named:
                entry = link_generic(entry, named)
            else:
                entry = link_generic(entry, later_groups(mentions, start + off))
        return Actor(text, entry.name, entry.country, entry.sector, start + off, end + off)

    def described_office(
        self, head: Any, doc: Any, off: int, mentions: list[Any], exclude: str | None, people: People | None,
    ) -> Actor | None:
        """The actor of the description a name stands in apposition with (:func:`name_description`),
        when the dictionary codes it as some country's ("Ghana's foreign minister"); None otherwise
        — a bare generic ("a human rights activist": civilians of no country) says too little
        about whose the person is to replace an uncoded name."""
        desc = name_description(head)
        if desc is None:
            return None
        office = self.actor(desc, doc, off, mentions, exclude, None, depth=1)
        if office is None or not office.country:
            return None
        return office

    def person_actor(
        self, person: Person, span: RoleSpan, doc: Any, off: int, mentions: list[Any], exclude: str | None,
        people: People | None, depth: int,
    ) -> tuple[str | None, str | None]:
        """(country, sector) of a named person: the article's title for them, else — the name
        and title coding no country — the office the sentence describes them with ("Kwame
        Mensah, the foreign minister of Ghana": one person, shown by the name, coded by the
        description; the title "foreign minister" alone is a government of no country)."""
        if not person.country and depth == 0:
            head = doc[span.head]
            if head.pos_ == "PROPN":
                office = self.described_office(head, doc, off, mentions, exclude, people)
            else:
                # the description itself ("the foreign minister of Ghana", re-mentioning the
                # person named before it): what the dictionary makes of its own words
                office = self.actor(span, doc, off, mentions, exclude, None, depth=1)
            if office is not None and office.country:
                return office.country, office.sector
        return person.country, person.sector

    def speaker(self, doc: Any, off: int, span: RoleSpan, mentions: list[Any], people: People | None) -> Actor | None:
        """The side a first-person pronoun inside a quotation speaks for: the sentence's
        speech source outside the quotation, resolved like any other mention."""
        quoted = quoted_tokens(doc)
        if span.head not in quoted:
            return None
        for src in speech_sources(doc).values():
            verb = doc[src.verb_i]
            if verb.i in quoted:
                continue
            subj = next((t for t in doc if t.idx == src.start), None)
            if subj is None:
                continue
            top = next((t for t in doc if src.start <= t.idx < src.end and (t.head.idx < src.start or t.head.idx >= src.end or t.head.i == t.i)), subj)
            found = self.actor(np_span(top), doc, off, mentions, people=people, depth=1)
            if found is not None and (found.name or found.country):
                return found
        return None

    def reported_speaker(self, doc: Any, off: int, span: RoleSpan, mentions: list[Any], people: People | None) -> Actor | None:
        """A pronoun that is the subject of what a speaker says is the speaker: "the prime
        minister said he had discussed the claims", "the authority announced that it has
        opened a probe", "police said they arrested two men". The pronoun's clause must be
        the speech verb's complement (through conjoined clauses), and the speaker must fit
        the pronoun (he/she a person, not a body; it one body, not a person)."""
        pron = doc[span.head]
        if pron.dep_ not in ("nsubj", "nsubjpass"):
            return None
        sources = speech_sources(doc)
        cur, steps = pron.head, 0
        while steps < 4 and cur.head.i != cur.i:
            dep, cur = cur.dep_, cur.head
            steps += 1
            if dep == "ccomp" and cur.i in sources:
                break
            if dep not in ("conj", "ccomp"):
                return None
        else:
            return None
        src = sources[cur.i]
        lo, hi = sorted((pron.idx, src.start))
        if pron.i in quoted_tokens(doc) or any(ch in doc_text(doc)[lo - doc[0].idx : hi - doc[0].idx] for ch in _QUOTES):
            # direct speech: the speaker says "I"/"we"; a "he" or "they" in the quotation is
            # someone else ("'He attacked every judge,' said Cole"; "'They killed three
            # soldiers,' the governor said")
            return None
        inside = [t for t in doc if src.start <= t.idx < src.end]
        top = next((t for t in inside if t.head.idx < src.start or t.head.idx >= src.end or t.head.i == t.i), None)
        if top is None or top.i == pron.i or top.lower_ in PRONOUNS_OF_SPEAKERS:
            return None
        if not _fits(pron.lower_, top):
            return None
        found = self.actor(np_span(top), doc, off, mentions, people=people, depth=1)
        return found

    def resolve(self, text: str, head_at: int) -> Any:
        """The dictionary entry for a noun phrase: the whole phrase if the dictionary knows
        it, else the named actor inside it, preferring a named group or organisation over a
        bare country adjective."""
        entry = self.dictionary.resolve(text)
        if entry is not None and not entry.generic:
            at_head = self.head_generic(text, head_at)
            if at_head is not None:
                return at_head
        if entry is not None and (entry.kind not in ("country", "generic") or (entry.generic and entry.country)):
            return entry  # "protesters in <city>" stays protesters of that country, not its government
        named = [m for m in self.dictionary.find(text) if not m.entry.generic]
        if named:
            covering = [m for m in named if m.start <= head_at < m.end]
            if covering:
                return covering[0].entry
            ranked = sorted(named, key=lambda m: (m.entry.kind == "country", -(m.end - m.start)))
            best = ranked[0].entry
            if entry is None or entry.generic or best.kind != "country":
                return best
        return entry


    def head_generic(self, text: str, head_at: int) -> Any:
        """The actor at the phrase's head when no named mention touches it: in "AFP
        image caption Federal troops" (a caption's credit run into the sentence) the head is
        "troops", and the agency three words before it names nobody here. A named mention right
        before the head's ("Syrian army", "ISIL militants" are one mention anyway) or covering
        the head keeps the phrase's own resolution."""
        found = self.dictionary.find(text)
        at = next((m for m in found if m.start <= head_at < m.end), None)
        if at is None:
            return None
        before = [m for m in found if m.end <= at.start and not m.entry.generic]
        if not before or any(_COORDINATED.fullmatch(text[m.end : at.start]) for m in before):
            return None  # adjacent, possessive or coordinated ("Ukrainian and Russian negotiators")
        return at.entry


_QUOTES = "\"“”«»„"
#: what may stand between a named mention and the head's mention that it still modifies
_COORDINATED = re.compile(r"(?:\s|['’]s?|,|-|\b(?:and|or|&)\b)*", re.I)

#: a speaker that is itself a pronoun is resolved by the usual rules, not through itself
PRONOUNS_OF_SPEAKERS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which", "that"})


def appositive_person(head: Any) -> RoleSpan | None:
    """The person a common-noun description names in apposition ("the head of <unit>, Ana
    Ruiz,"; "a spokesman for the ministry, John Hale,"): the PERSON entity's tokens, or None."""
    if head.pos_ != "NOUN":
        return None
    doc = head.doc
    end = head.right_edge.i
    # the apposition closes the description: "<title> of <unit> at <place>, NAME," (the parser
    # may hang it on the last noun of the title rather than on its head)
    app = next((t for t in head.subtree if t.dep_ == "appos" and t.ent_type_ == "PERSON" and t.i > head.i
                and (t.right_edge.i == end or (t.right_edge.i + 1 == end and doc[end].is_punct))), None)
    if app is None or app.right_edge.i + 1 >= len(doc) or doc[app.right_edge.i + 1].text != ",":
        return None  # set off by commas on both sides, as a name in apposition is
    cur = app.head
    while cur.i != head.i:
        if cur.dep_ == "prep" and cur.lower_ not in TITLE_PREPS:
            return None  # "militants in Andar district, Ghazni": a place, not the office's holder
        cur = cur.head
    lo = hi = app.i
    while doc[lo].ent_iob_ == "I" and lo > 0 and doc[lo - 1].ent_type_ == "PERSON":
        lo -= 1
    while hi + 1 < len(doc) and doc[hi + 1].ent_type_ == "PERSON" and doc[hi + 1].ent_iob_ == "I":
        hi += 1
    return RoleSpan(lo, hi + 1, app.i)


def name_description(head: Any) -> RoleSpan | None:
    """The common-noun description a name stands in apposition with, in either order:
    "Ghana's foreign minister, Kwame Mensah," / "Iran's religious leader Ayatollah Khomeini"
    (the name hung on the description) or "Kwame Mensah, the foreign minister of Ghana," (the
    description hung on the name). Its span: the description's words up to the name, or the
    description's own phrase after it; None when the name has none."""
    if head.pos_ != "PROPN":
        return None
    doc = head.doc
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.i < head.i:
        desc = head.head
        lo, hi = desc.left_edge.i, head.left_edge.i
        while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].dep_ == "cc"):
            hi -= 1
        if hi <= desc.i:
            return None
        return RoleSpan(lo, hi, desc.i)
    for c in head.rights:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            lo, hi = c.left_edge.i, c.right_edge.i + 1
            while lo < c.i and doc[lo].dep_ == "det":
                lo += 1
            while hi > c.i + 1 and doc[hi - 1].is_punct:
                hi -= 1
            return RoleSpan(lo, hi, c.i)
    return None


#: prepositions inside an office description ("head of the department at the hospital")
TITLE_PREPS = frozenset({"of", "for", "at", "from", "with"})


def later_groups(mentions: list[Any], pos: int) -> list[Any]:
    """The named groups an article names only after ``pos``, each once: "a suicide bomber blew
    himself up ... The Taliban claimed the attack". A generic agent with no group named before
    it is that group only when exactly one fits (``link_generic`` with no repeats: several
    distinct fitting groups leave the generic entry), so cataphora never picks between two."""
    seen: dict[str, Any] = {}
    for mm in mentions:
        if mm.start >= pos and not mm.entry.generic and mm.entry.kind == "group":
            seen.setdefault(mm.entry.name, mm.entry)
    return list(seen.values())


def _fits(pronoun: str, head: Any) -> bool:
    """Does a speaker's head fit the pronoun that may refer to it? he/she: a person (a
    PERSON entity or a singular noun that is not an organisation or place); it: a body, not
    a person; they: anything but one named person."""
    plural = head.tag_ in ("NNS", "NNPS")
    if pronoun in PERSONAL_PRONOUNS:
        return not plural and head.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC") and (
            head.ent_type_ == "PERSON" or head.pos_ == "PROPN" or head.lemma_.lower() in PERSON_WORDS
        )
    if pronoun in ("it", "its"):
        return not plural and head.ent_type_ != "PERSON" and not (head.pos_ == "NOUN" and head.lemma_.lower() in PERSON_WORDS)
    return not (head.ent_type_ == "PERSON" and not plural)


@components.register("actors")
def make_actors(resources: Any, full_name_entities: bool | str = True) -> Actors:
    return Actors(resources.actors, full_name_entities, resources.lexicon)


class EventSides:
    """``sides``: an event takes an empty side from another telling of it.

    Runs after ``mentions`` and ``corefer``, when an event carries all its mentions. The first
    telling usually names the actors and the later ones do not ("Police arrested two men in
    <town> ... The arrests followed ..."; "the assault on the town" after "the army attacked
    the town"), so a side the lead mention left empty is the side another mention resolved,
    earliest telling first. Only a side some mention states: a side no mention names stays
    empty (null is the answer when the article does not say), and a side that would repeat
    the event's other participant is not taken."""

    name: ClassVar[str] = "sides"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "draft.others", "draft.source_actor", "draft.target_actor")
    assigns: ClassVar[tuple[str, ...]] = ("draft.source_actor", "draft.target_actor")

    def __init__(self, carry: bool = False, paragraphs: int = CARRY_PARAGRAPHS) -> None:
        self.carry = carry
        self.paragraphs = paragraphs

    def __call__(self, ctx: ArticleContext) -> None:
        for d in ctx.drafts:
            if d.others:
                fill_sides(d)
        tellings = sorted((t for d in ctx.drafts for t in (d, *d.others)), key=lambda t: t.trigger_start)
        for d in ctx.drafts:
            if d.target_actor is None and d.source_actor is not None and d.source_actor.name and is_counter_act(d.tok):
                d.target_actor = answered_side(d, tellings)
        if self.carry:
            carry_sides(sorted(ctx.drafts, key=lambda d: d.trigger_start), ctx.article.text, self.paragraphs)
        for d in ctx.drafts:
            aim_reaction(d, ctx.drafts)


def is_counter_act(tok: Any) -> bool:
    """An act that answers the other side's earlier act: "counter-attack", "counteroffensive",
    "retaliation" (the trigger or a word of its own phrase)."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text in ("-", "‑") and doc[tok.i - 2].lower_ == "counter":
        return True  # "counter-attack" split by the tokenizer
    for t in (tok, *[c for c in tok.children if c.dep_ in ("compound", "amod", "prep", "pobj")]):
        low = t.lower_
        if low.startswith("counter") or low in COUNTER_ACTS or t.lemma_.lower() in COUNTER_ACTS:
            return True
    return False


def answered_side(d: EventDraft, tellings: list[EventDraft]) -> Actor | None:
    """The target of a counter-act with none in its clause: the source of the latest earlier
    event whose target was this act's source ("the army took the town from <group> ... <group>
    staged a counter-attack" -> the army). None when the article states no such event."""
    me = d.source_actor
    assert me is not None
    for t in reversed([t for t in tellings if t.trigger_start < d.trigger_start]):
        src, tgt = t.source_actor, t.target_actor
        if src is not None and tgt is not None and src.name and tgt.name == me.name and src.name != me.name:
            return replace(src)
    return None


def fill_sides(d: EventDraft) -> None:
    """Fill the lead draft's empty sides from its other mentions (earliest first)."""
    tellings = sorted(d.others, key=lambda o: o.trigger_start)
    for side, other in (("source_actor", "target_actor"), ("target_actor", "source_actor")):
        if getattr(d, side) is not None:
            continue
        for o in tellings:
            a = getattr(o, side)
            if a is None or not (a.country or a.sector) or a.text.lower() in PRONOUNS_ALL:
                continue  # an uncoded name or description, or a pronoun resolved there: too weak to carry over
            kept = getattr(d, other)
            if kept is not None and kept.name and kept.name == a.name:
                continue
            setattr(d, side, replace(a))
            break


@components.register("sides")
def make_sides(resources: Any, carry: bool = False, paragraphs: int = CARRY_PARAGRAPHS) -> EventSides:
    """``carry``: an open side from the article's incident (``carry_sides``); ``paragraphs``:
    how far back an earlier event of the incident may lend it."""
    return EventSides(carry, paragraphs)

#: how far (km) two events' stated places may be apart and still be one incident
SAME_PLACE_KM = 50.0


def open_side(d: EventDraft, side: str) -> bool:
    """Does the event's clause leave this side open, so that the article may state it
    elsewhere? An agentless passive ("the student was shot"), a nominal act with no
    possessor, agent compound or by-phrase ("the blast", "shootings had continued"), an act
    whose subject is its instrument ("the blast killed six"), an intransitive ("clashes
    erupted"). A side the clause fills with a phrase the roles or ``actors`` could not code
    ("the owner of a body shop identified ...") is stated there and not open."""
    span = d.src_span if side == "source_actor" else d.tgt_span
    if span is not None:
        return False
    tok = d.tok
    if side == "source_actor":
        slots = [c for c in tok.children if c.dep_ in ("nsubj", "csubj", "agent", "poss")]
        slots += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
        if tok.pos_ == "NOUN":
            slots += [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and (c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "ORG", "GPE", "PERSON"))]
    else:
        slots = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "dative", "poss" if tok.pos_ == "NOUN" else "-")]
        slots += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "of", "at", "targeting") for g in c.children if g.dep_ == "pobj"]
    return all(is_time_or_instrument(d.doc, np_span(s)) or s.ent_type_ == "CARDINAL" or s.pos_ == "NUM" for s in slots)


def _km(a: Any, b: Any) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def same_incident(d: EventDraft, donor: EventDraft) -> bool:
    """Could the two events be one incident? Not when their clauses state different dates,
    different places (another country, or more than ``SAME_PLACE_KM`` apart), when one is
    denied or not real (negated, hypothetical), or when a side both state differs."""
    if d.negated or donor.negated or d.hypothetical or donor.hypothetical:
        return False
    if d.date.basis == "text" and donor.date.basis == "text" and d.date.value and donor.date.value:
        n = min(len(d.date.value), len(donor.date.value))
        if d.date.value[:n] != donor.date.value[:n]:
            return False
    a, b = d.location, donor.location
    if a is not None and b is not None and a.basis != "article" and b.basis != "article":
        if a.country and b.country and a.country != b.country:
            return False
        if None not in (a.lat, a.lon, b.lat, b.lon) and _km(a, b) > SAME_PLACE_KM:
            return False
    for side in ("source_actor", "target_actor"):
        x, y = getattr(d, side), getattr(donor, side)
        if x is not None and y is not None and x.name and y.name and x.name != y.name:
            return False
    return True


def _coded(a: Actor | None) -> bool:
    """A side worth carrying: coded (country or sector) or named, and not a pronoun resolved
    where it was stated."""
    return a is not None and bool(a.country or a.sector or (a.name and a.name[:1].isupper())) and a.text.lower() not in PRONOUNS_ALL


def carry_sides(drafts: list[EventDraft], text: str, paragraphs: int = CARRY_PARAGRAPHS) -> list[tuple[EventDraft, str]]:
    """An event's open side from the article's incident it belongs to: the side of the
    nearest earlier event of the same type in the same or the ``paragraphs`` paragraphs
    before it, else the article's main incident of that type (the actor most often on that
    side of the article's events of the type, at least twice and more often than any other).
    Only a side the clause leaves open (``open_side``), only across one incident
    (``same_incident``), and never the event's other participant. Returns what was carried."""
    par = [text.count("\n", 0, d.trigger_start) for d in drafts]
    stated = {id(d): (d.source_actor, d.target_actor) for d in drafts}
    carried = []
    for k, d in enumerate(drafts):
        if d.type not in CARRY_TYPES:
            continue
        for side, other in (("source_actor", "target_actor"), ("target_actor", "source_actor")):
            if getattr(d, side) is not None or not all(open_side(t, side) for t in (d, *d.others)):
                continue
            kept = getattr(d, other)
            pick = None
            for j in range(k - 1, -1, -1):
                e = drafts[j]
                if par[k] - par[j] > paragraphs:
                    break
                a = stated[id(e)][0 if side == "source_actor" else 1]
                if e.type == d.type and _coded(a) and same_incident(d, e):
                    pick = a
                    break
            if pick is None:
                pick = main_actor([e for e in drafts if e is not d and e.type == d.type and same_incident(d, e)], side, stated)
            if pick is None or (kept is not None and kept.name and kept.name == pick.name):
                continue
            setattr(d, side, replace(pick))
            carried.append((d, side))
    return carried


def condemned_act(d: EventDraft, drafts: list[EventDraft]) -> EventDraft | None:
    """The act a condemnation is about: the draft (of an incident type) whose trigger is the
    object of a condemning verb ("condemns this attack", "deplored the slaughter and maiming
    of ...", "blamed X for the bombing"). The object may be a telling ``detect`` dropped and
    ``corefer`` attached to the act (``retold``: "denounced the assault" a sentence after the
    storming was told): the detector drops such re-mentions as events of their own, not as
    mentions of the act, so the act they name is the condemned one."""
    tok = d.tok
    if tok.lemma_.lower() not in CONDEMNING:
        return None
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "over") for g in c.children if g.dep_ == "pobj"]
    objs += [x for o in objs for x in o.conjuncts]
    at = {o.i for o in objs}
    for e in drafts:
        for t in (e, *e.others, *e.retold):
            if e is not d and e.type in CARRY_TYPES and t.sentence.start == d.sentence.start and t.tok.i in at:
                return e if t is e or _coded(e.source_actor) else t
    return None


def aim_reaction(d: EventDraft, drafts: list[EventDraft]) -> None:
    """A condemnation's target is the condemned act's perpetrator, not its victims ("the
    United States condemns this attack on members of the U.S. forces" -> the attacker, not
    the soldiers): the act's source, else the article's main source of acts of that type
    (``main_actor``). A target the condemnation states outside the act's phrase ("blamed the
    rebels for the bombing") stands; with no perpetrator known the victims stay."""
    act = condemned_act(d, drafts)
    if act is None:
        return
    if d.tgt_span is not None and d.tgt_span.head not in {x.i for x in act.tok.subtree} | {x.i for t in (*act.others, *act.retold) for x in t.tok.subtree if t.sentence.start == d.sentence.start}:
        return
    who = act.source_actor if _coded(act.source_actor) else None
    if who is None:
        stated = {id(e): (e.source_actor, e.target_actor) for e in drafts}
        who = main_actor([e for e in drafts if e.type == act.type and e is not act], "source_actor", stated)
    if who is None or (d.source_actor is not None and d.source_actor.name == who.name):
        return
    d.target_actor = replace(who)


def main_actor(events: list[EventDraft], side: str, stated: dict[int, tuple[Actor | None, Actor | None]]) -> Actor | None:
    """The actor the article's events most often have on this side (as first stated): at
    least two events, and more than any other actor."""
    count: dict[str, list[Actor]] = {}
    for e in events:
        a = stated[id(e)][0 if side == "source_actor" else 1]
        if _coded(a) and a.name:
            count.setdefault(a.name, []).append(a)
    ranked = sorted(count.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < 2 or (len(ranked) > 1 and len(ranked[1]) == len(ranked[0])):
        return None
    return ranked[0][0]


CUSTODY = words("custody_nouns")
RELEASING = words("release_lemmas")


def custody_release(tok: Any) -> bool:
    """A release from custody ("one of the men has since been released from custody", "was
    freed on bail"): the holding body's act, whose agent the article names as for an arrest."""
    if tok.lemma_.lower() not in RELEASING:
        return False
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "on"):
            for g in c.children:
                if g.dep_ == "pobj" and (g.lower_ in CUSTODY or " ".join(t.lower_ for t in g.subtree if t.dep_ != "det") in CUSTODY):
                    return True
    return False


def arresting_body(d: EventDraft, mentions: list[Any], lead: bool = False) -> Actor | None:
    """Who made an arrest the sentence states without its agent ("a suspect was arrested",
    "people had been detained"): the police the article names in the sentence, else the
    last police named before it (else, in the headline or lead, the first named after it); a
    security or intelligence service only in the sentence. An arrest is an act of
    those bodies; the article saying so elsewhere is its stated agent, not a guess."""
    at = d.tok.idx + d.off
    s0, s1 = d.sentence.start, d.sentence.end
    for sectors, look_back in ((("COP",), True), (("SPY", "MIL"), False)):
        same = [m for m in mentions if s0 <= m.start < s1 and m.entry.sector in sectors]
        prior = [m for m in mentions if m.end <= at and m.entry.sector in sectors] if look_back else []
        later = [m for m in mentions if m.start >= s1 and m.entry.sector in sectors] if look_back and lead else []
        # a headline or lead states the arrest before the article names the force that made it
        m = same[0] if same else (prior[-1] if prior else (later[0] if later else None))
        if m is not None:
            e = m.entry
            return Actor(m.text, e.name, e.country, e.sector, m.start, m.end)
    return None


#: entry kinds a definite same-head description may re-mention
SAME_HEAD_KINDS = frozenset({"state", "group", "igo", "ngo"})


def _head_word(word: str) -> str:
    w = word.lower().strip(".,;:'’\"")
    return w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w


def same_head_antecedent(head: Any, mentions: list[Any], pos: int, exclude: str | None = None) -> Any | None:
    """The named actor a definite description re-mentions by its own head noun: "the
    ministry" after "the Russian defence ministry", "the officers" after "Kenyan police
    officers", "the group" after "the Islamic State group" — the latest earlier mention of a
    state body or organisation whose last word is the description's head. Nothing when the
    phrase is not definite or names something of its own."""
    if head.pos_ != "NOUN":
        return None
    kids = list(head.children)
    if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in kids):
        return None
    if any(c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE", "ORG") or c.dep_ == "poss" for c in kids):
        return None
    word = _head_word(head.text)
    for m in reversed([m for m in mentions if m.end <= pos]):
        e = m.entry
        if e.generic or e.kind not in SAME_HEAD_KINDS or e.name == exclude:
            continue
        words_ = m.text.split()
        if len(words_) >= 2 and _head_word(words_[-1]) == word:
            return m
    return None


def body_remention(head: Any) -> bool:
    """Is a noun phrase a definite re-mention of an organisation ("the group", "the militant
    organisation", "this movement")? Not when it is a collection of something ("the group of
    students") or carries a name of its own."""
    if head.pos_ != "NOUN" or head.lemma_.lower() not in ANAPHORIC_BODIES or head.tag_ in ("NNS", "NNPS"):
        return False
    kids = list(head.children)
    if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in kids):
        return False
    return not any((c.dep_ == "prep" and c.lower_ == "of") or c.pos_ == "PROPN" or c.dep_ == "poss" for c in kids)


def body_antecedent(mentions: list[Any], pos: int, exclude: str | None = None) -> Any | None:
    """The organisation a definite body description re-mentions: the last named group, IGO
    or NGO the article mentioned before ``pos``, other than the event's other participant."""
    for m in reversed([m for m in mentions if m.end <= pos]):
        e = m.entry
        if not e.generic and e.kind in BODY_KINDS and e.name != exclude:
            return m
    return None


def private_person(span: RoleSpan | None, doc: Any) -> bool:
    """Is a role span a private person described by a common noun ("a man", "the
    4-year-old girl") with no name, title or body in its phrase?"""
    if span is None:
        return False
    head = doc[span.head]
    if head.pos_ != "NOUN" or head.lemma_.lower() not in PRIVATE_PERSONS:
        return False
    return not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or t.dep_ == "poss" for t in doc[span.start : span.end])


def described_antecedent(doc: Any, pron: Any) -> RoleSpan | None:
    """The described person a he/she/him/her re-mentions in its own sentence: the last
    singular private-person subject before it ("A 4-year-old girl is in critical condition
    after she ..."), when no named person stands between them."""
    if pron.lower_ not in PERSONAL_PRONOUNS or pron.lower_ in ("his",):
        return None
    found = None
    wrong = FEMALE if pron.lower_ in ("he", "him") else MALE
    for t in doc[: pron.i]:
        if t.ent_type_ == "PERSON":
            found = None  # a name since: "he" is more likely that person
        elif (
            t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "NOUN" and t.tag_ == "NN"
            and t.lemma_.lower() in PRIVATE_PERSONS - wrong and t.lemma_.lower() not in ("people", "family")
        ):
            found = np_span(t)
    return found


def antecedent(mentions: list[Any], pos: int, pronoun: str, exclude: str | None = None) -> Any | None:
    """The last named group (else any named actor) mentioned before ``pos``, other than the
    event's other participant."""
    before = [m for m in mentions if m.end <= pos and not m.entry.generic and m.entry.name != exclude]
    if pronoun in PERSONAL_PRONOUNS:
        return None
    for m in reversed(before):
        if m.entry.kind == "group":
            return m
    return before[-1] if before else None


@dataclass(slots=True)
class Person:
    """A person named in the article, with the role the article gives them."""

    name: str  # the fullest form of the name ("Gordon Brown")
    start: int  # article offset of the mention
    end: int
    country: str | None
    sector: str | None
    titles: frozenset[str]  # lemmas of the title words ("chancellor", "minister")
    age: int | None = None  # "17-year-old Tom Lane", "Tom Lane, 17,": a later "the 17-year-old" is them
    honorific: str | None = None  # "Mr", "Ms" before the name: the gender a he/she must agree with


class People:
    """The people of one article, from the PERSON entities of its parsed sentences, each with
    the title the article gives them ("Chancellor Gordon Brown", "Richard Thomas, the
    information commissioner") resolved through the actor dictionary to a country and sector."""

    def __init__(self, persons: list[Person]) -> None:
        self.persons = sorted(persons, key=lambda p: p.start)
        # a later short form ("Mr Brown", "Brown") takes the fullest form's role
        by_last: dict[str, Person] = {}
        for p in self.persons:
            last = p.name.split()[-1].lower()
            best = by_last.get(last)
            if best is None or (best.country is None and p.country is not None) or len(p.name) > len(best.name):
                merged = Person(
                    p.name if best is None or len(p.name) >= len(best.name) else best.name, p.start, p.end,
                    p.country or (best.country if best else None), p.sector or (best.sector if best else None),
                    p.titles | (best.titles if best else frozenset()),
                )
                by_last[last] = merged
            elif best is not None:
                by_last[last] = Person(best.name, best.start, best.end, best.country, best.sector, best.titles | p.titles)
        self.by_last = by_last
        # a full name is its own person: "Police Commissioner Ian Hart" is not Prime Minister Tom Hart
        by_full: dict[str, Person] = {}
        for p in self.persons:
            key = p.name.lower()
            if len(key.split()) < 2:
                continue
            prev = by_full.get(key)
            by_full[key] = p if prev is None else Person(
                p.name, prev.start, prev.end, prev.country or p.country, prev.sector or p.sector, prev.titles | p.titles
            )
        self.by_full = by_full
        #: a person's grammatical gender as the article shows it ("m"/"f"), by the name
        #: ``before`` returns: an honorific ("Ms Roe"), then each he/she resolved to them;
        #: two honorifics of different genders for one name show none
        shown: dict[str, set[str]] = {}
        for p in self.persons:
            g = honorific_gender(p.honorific)
            if g is not None:
                shown.setdefault(self._full(p).name.lower(), set()).add(g)
        self.gender: dict[str, str] = {k: next(iter(v)) for k, v in shown.items() if len(v) == 1}
        #: the genders of the he/she resolved to each person so far
        self.shown: dict[str, set[str]] = {}

    @classmethod
    def build(cls, parsed: list[ParsedSentence], dictionary: Any, sentences: list[Any] = (), surface_plain: bool = False) -> People:
        """The people of the parsed sentences (PERSON entities) and, read from the surface,
        the titled or honorific names of the sentences that were not parsed: the article
        often names and titles a person once, in a sentence with no event ("..., Home
        Secretary Ann Roe has said"), and refers to them later as "the home secretary",
        "Ms Roe" or "she". With ``surface_plain``, a parsed sentence the entity recogniser did
        not run on is read from its surface too."""
        done = {p.sentence.start for p in parsed if not surface_plain or has_entities(p.doc)}
        persons = [q for sent in sentences if sent.start not in done for q in surface_persons(sent.text, sent.start, dictionary)]
        for p in parsed:
            doc = p.doc
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                toks = [t for t in ent if t.lower_ not in HONORIFICS and t.text not in ("'s", "’s")]
                if not toks or toks[-1].pos_ not in ("PROPN", "NOUN"):
                    continue
                name = " ".join(t.text for t in toks)
                known = dictionary.resolve(name)
                if known is not None and known.kind in ("group", "igo", "ngo", "media", "state"):
                    continue  # "Labour" read as a person: the dictionary knows it as a party
                title = _title_tokens(ent)
                entry = resolve_title(dictionary, [t.text for t in title])
                described = _described_by(ent)
                if entry is None and described:
                    # "A spokesman for the Kenyan army, Col. Ali Hassan, said": the office is
                    # the description the name stands in apposition to
                    entry = resolve_title(dictionary, [t.text for t in described])
                    title = title + described
                attr = _copular_description(ent) if not title else None
                if attr is not None:
                    # "Jane Roe is the governor of Lagos state": the copula describes the name as
                    # an apposition does; its head words are what a later "the governor" matches
                    entry = entry or resolve_title(dictionary, [t.text for t in doc[attr.left_edge.i : attr.right_edge.i + 1] if not t.is_punct and t.dep_ != "det"])
                    title = [t for t in doc[attr.left_edge.i : attr.i + 1] if not t.is_punct and t.dep_ != "det"]
                persons.append(Person(
                    name, ent.start_char + p.off, ent.end_char + p.off,
                    entry.country if entry else None, entry.sector if entry else None,
                    frozenset(t.lemma_.lower() for t in title if t.pos_ in ("NOUN", "PROPN")),
                    age_of(doc_text(doc), ent.start_char, ent.end_char),
                    honorific=_honorific(doc, ent),
                ))
        return cls(persons)

    def aged(self, text: str) -> Person | None:
        """The person a description by age re-mentions ("the 17-year-old", "a 4-year-old
        girl"): the one person of the article given that age, before or after."""
        m = _AGE_WORD.search(text)
        if m is None:
            return None
        found = {p.name: p for p in self.persons if p.age == int(m.group(1))}
        if len(found) != 1:
            return None
        p = next(iter(found.values()))
        return self.by_full.get(p.name.lower(), p)

    def canonical(self, person: Person) -> Person:
        return self.by_last.get(person.name.split()[-1].lower(), person)

    def before(self, pos: int, skip: Callable[[Person], bool] | None = None, pronoun: str | None = None) -> Person | None:
        """The last person named before an article offset (a "he" or "her"); ``skip``: persons
        who cannot be the referent (in a direct quotation, its speaker). With a he/she
        ``pronoun``, the nearest of the last few persons the article has not shown to be of
        the other gender (an honorific, an earlier he/she resolved to them); the pronoun shows
        that person's gender when it had no other person to take. None when all of them are of
        the other gender."""
        prior = [p for p in self.persons if p.end <= pos and (skip is None or not skip(p))]
        if not prior:
            return None
        want = pronoun_gender(pronoun) if pronoun else None
        if want is None:
            return self._full(prior[-1])
        distinct: dict[str, Person] = {}
        for p in prior:
            full = self._full(p)
            distinct.pop(full.name.lower(), None)
            distinct[full.name.lower()] = full  # in order of last mention
        recent = list(distinct.values())
        found = nearest_agreeing(recent, pronoun, self.gender_of)
        if found is not None and sum(self.gender_of(q) in (None, want) for q in recent[-RECENT_PEOPLE:]) == 1:
            # only a pronoun with no other person it could be shows the gender: the nearest
            # person is often not the referent, and a wrong gender would mislead every later
            # he/she of the article
            self.shown.setdefault(found.name.lower(), set()).add(want)
        return found

    def gender_of(self, person: Person) -> str | None:
        """The gender the article shows a person: an honorific, else the he/she resolved to
        them when they all agree (a "he" and a "she" both resolved to one name show none)."""
        key = person.name.lower()
        if key in self.gender:
            return self.gender[key]
        shown = self.shown.get(key, ())
        return next(iter(shown)) if len(shown) == 1 else None

    def _full(self, p: Person) -> Person:
        """The person a mention names: a full name is its own person ("Lisbeth Roe" is not
        "Luis Roe" named elsewhere); only a bare surname takes the fullest form of that surname."""
        if len(p.name.split()) >= 2:
            return self.by_full.get(p.name.lower(), p)
        return self.canonical(p)

    def find(self, doc: Any, off: int, span: RoleSpan) -> Person | None:
        """The person a role span names: a PERSON head ("Mr Brown" -> Gordon Brown), or a
        definite title named earlier with a person ("the chancellor" -> Gordon Brown)."""
        head = doc[span.head]
        if not any(t.pos_ == "PROPN" for t in doc[span.start : span.end]):
            lo = doc[span.start].left_edge.i if span.start == span.head else span.start
            aged = self.aged(doc[min(lo, span.start) : span.end].text)
            if aged is not None:
                return aged
        full = " ".join(t.text for t in doc[span.start : span.end] if t.ent_type_ == "PERSON" and t.lower_ not in HONORIFICS and t.text not in ("'s", "’s"))
        if len(full.split()) >= 2 and full.lower() in self.by_full and head.ent_type_ == "PERSON":
            return self.by_full[full.lower()]
        if head.pos_ == "PROPN":
            # a name the article gave a person ("Muallem", whatever its entity label here)
            return self.by_last.get(head.text.lower()) if head.ent_type_ in ("PERSON", "") or head.text.lower() in self.by_last else None
        if head.pos_ == "NOUN" and span.start > 0 and doc[span.start - 1].lower_ == "the":
            lemma = head.lemma_.lower()
            pos = head.idx + off
            prior = [p for p in self.persons if p.end <= pos and lemma in p.titles]
            # "the girl" is no one the article shows to be male (an honorific, a he resolved to them)
            wrong = "m" if lemma in FEMALE else ("f" if lemma in MALE else None)
            prior = [p for p in prior if wrong is None or self.gender_of(self._full(p)) != wrong]
            if prior:
                return self.canonical(prior[-1])
        return None


#: words that close a person's title before or after the name ("Home Secretary", "party
#: leader", "the foreign minister"): titles of address and the heads of person phrases
TITLE_WORDS = words("speaker_titles") | words("speaker_person_heads") - {"man", "woman", "father", "mother", "son", "daughter", "friend"}
_CAP_RUN = re.compile(r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|(?:al-\w+|bin|de|van|von)\b))*")
_APPOS = re.compile(r",\s+(?:the\s+|an?\s+)?((?:[\w'’\-]+\s+){0,5}?([a-z][\w\-]*))\s*[,.;]")
#: a copular description of a name: "Ann Roe is the home secretary", "Tom Hale was a spokesman for …"
_COPULA = re.compile(r"\s+(?:is|was)\s+(?:the\s+|an?\s+)((?:[\w'’\-]+\s+){0,5}?([a-z][\w\-]*))(?=\s*[,.;]|\s+(?:of|for|at|in|to)\b)")
#: an age next to a name marks a person: "51-year-old Ann Roe", "Ann Roe, 23,"
_AGE_BEFORE = re.compile(r"\b\d{1,3}-year-old\s+$")
_AGE_AFTER = re.compile(r",\s+\d{1,3}\s*[,.;)]")
_AGE_WORD = re.compile(r"\b(\d{1,3})\s*-\s*year\s*-\s*old\b", re.I)


def age_of(text: str, start: int, end: int) -> int | None:
    """The age a text gives a name at [start, end): "17-year-old Tom Lane", "Tom Lane, 17,"."""
    m = re.search(r"\b(\d{1,3})-year-old\s+$", text[max(0, start - 20) : start])
    if m is None:
        m = re.match(r",\s+(\d{1,3})\s*[,.;)]", text[end : end + 8])
    return int(m.group(1)) if m else None


_TITLE_STOP = frozenset({"the", "a", "an", "and", "or", "of", "said", "says", "told", "by", "to", "in", "on", "for", "with", "that", "but", "as", "at", "from"})


def surface_persons(text: str, off: int, dictionary: Any) -> list[Person]:
    """Titled and honorific names in a sentence that was not parsed, read from its surface:
    "Home Secretary Ann Roe", "party spokesman Tom Hale", "Ann Roe, the home secretary,",
    "Mr Hale". The title is resolved through the actor dictionary to a country and sector;
    its words are what a later "the home secretary" matches. A capitalised run with no
    title or honorific is not taken (it may be a place or a body)."""
    out = []
    for m in _CAP_RUN.finditer(text):
        toks = m.group(0).split()
        k = max((j for j, w in enumerate(toks) if w.lower().rstrip(".") in TITLE_WORDS | HONORIFICS), default=-1)
        name_toks = toks[k + 1 :]
        if not name_toks or any(w.lower().rstrip(".") in TITLE_WORDS for w in name_toks):
            continue
        title_toks = toks[: k + 1]
        honorific_only = k >= 0 and all(w.lower() in HONORIFICS for w in title_toks)
        if k < 0 and len(name_toks) >= 2 and not any(w.lower() in _TITLE_STOP for w in name_toks) and (_AGE_BEFORE.search(text[: m.start()]) or _AGE_AFTER.match(text, m.end())):
            # a name with an age is a person even without a title (places and bodies have no age)
            name = " ".join(name_toks).rstrip(".")
            known = dictionary.resolve(name)
            if known is None or known.kind not in ("group", "igo", "ngo", "media", "state", "country"):
                out.append(Person(name, off + m.start(), off + m.start() + len(name), None, None, frozenset(), age_of(text, m.start(), m.end())))
            continue
        before = text[: m.start()].split()
        lead = []
        # lower-case title words just before the run ("home affairs spokesman Tom Hale")
        while k < 0 and before and len(lead) < 6 and before[-1].lower() not in _TITLE_STOP and before[-1][-1] not in ",.;:\"”“'" and not before[-1][0].isdigit():
            lead.insert(0, before.pop())
        if k < 0 and not (lead and lead[-1].lower() in TITLE_WORDS):
            # "Ann Roe, the home secretary," or, with a copula, "Ann Roe is the home secretary"
            app = _APPOS.match(text, m.end()) or _COPULA.match(text, m.end())
            if app is None or app.group(2).lower() not in TITLE_WORDS or len(name_toks) < 2:
                continue
            title_toks, lead = app.group(1).split(), []
        elif k < 0 and len(name_toks) < 2:
            continue
        name = " ".join(name_toks).rstrip(".")
        known = dictionary.resolve(name)
        if known is not None and known.kind in ("group", "igo", "ngo", "media", "state", "country"):
            continue
        title = [*lead, *title_toks] if not honorific_only else []
        entry = resolve_title(dictionary, title)
        start = m.start() + m.group(0).index(name_toks[0])
        out.append(Person(
            name, off + start, off + start + len(name), entry.country if entry else None, entry.sector if entry else None,
            frozenset(_lemma(w) for w in title if w.lower() not in _TITLE_STOP),
            honorific=next((w for w in reversed(toks[: k + 1]) if honorific_gender(w)), None),
        ))
    return out


def _honorific(doc: Any, ent: Any) -> str | None:
    """The gendered honorific of a PERSON entity, inside it or just before it ("Ms Ann Roe")."""
    toks = [*ent] if ent.start == 0 else [doc[ent.start - 1], *ent]
    return next((t.text for t in toks if honorific_gender(t.text)), None)


def resolve_title(dictionary: Any, title: list[str]) -> Any:
    """The dictionary entry of a person's title, None for a bare country word. A British
    "home secretary" or "defence secretary" is a minister of that office: when the title does
    not resolve as written it is tried with "minister" for "secretary". (The dictionary itself
    does not take office titles as heads: "Home Secretary Ann Roe" would then resolve as a
    whole to the government, a body, where attribution needs a person.)"""
    if not title:
        return None
    entry = dictionary.resolve(" ".join(title))
    if entry is None and any(w.lower() == "secretary" for w in title):
        entry = dictionary.resolve(" ".join("minister" if w.lower() == "secretary" else w for w in title))
    return None if entry is None or entry.kind == "country" else entry


def _lemma(word: str) -> str:
    """A title word as the parsed side stores it (lower case, singular)."""
    w = word.lower().strip(".,")
    return w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w


def _title_tokens(ent: Any) -> list[Any]:
    """The title words the article gives a person: the compounds and modifiers before the
    name ("Syrian Foreign Minister" Walid Muallem) or an apposition ("Richard Thomas, the
    information commissioner")."""
    root = ent.root
    doc = ent.doc
    before = [t for t in root.lefts if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod", "poss")]
    if before:
        first = min(t.left_edge.i for t in before)
        return [t for t in doc[first : ent.start] if not t.is_punct]
    for c in root.rights:
        if c.dep_ == "appos" and c.pos_ == "NOUN":
            return [t for t in doc[c.left_edge.i : c.i + 1] if not t.is_punct and t.dep_ != "det"]
    return []


def _described_by(ent: Any) -> list[Any]:
    """The description a name stands in apposition to, before it ("the head of the
    infectious diseases department at <hospital>, Ana Ruiz,"): the words of the noun phrase
    the parser hangs the name on (it may hang it on the phrase's last noun: climb through
    of/at/for phrases to the phrase's head), determiners and punctuation left out."""
    root = ent.root
    if root.dep_ != "appos" or root.head.i >= ent.start:
        return []
    top = root.head
    while top.dep_ in ("pobj", "compound") and top.head.i < top.i and (top.dep_ == "compound" or top.head.dep_ == "prep"):
        top = top.head.head if top.dep_ == "pobj" else top.head
    if top.pos_ != "NOUN":
        return []
    return [t for t in ent.doc[top.left_edge.i : ent.start] if not t.is_punct and t.dep_ != "det"]


def _copular_description(ent: Any) -> Any | None:
    """The common noun a copula predicates of a name: "Jane Roe is the governor of <state>",
    "Ama Lee was a 4-year-old girl" -> the attribute's head; None when the name is not the
    subject of "be" with a noun attribute (or the attribute is negated)."""
    root = ent.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_ != "be" or any(c.dep_ == "neg" for c in verb.children):
        return None
    return next((c for c in verb.rights if c.dep_ == "attr" and c.pos_ == "NOUN" and c.tag_ == "NN"), None)


def localisable(text: str) -> bool:
    """May a generic agent take the country of the story? Not when the phrase says it comes
    from elsewhere; a demonym was already resolved by the dictionary."""
    return not _ELSEWHERE.search(text)
