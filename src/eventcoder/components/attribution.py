"""``attribution``: who each event is attributed to (``reported_by``).

Only the frame of an event attributes it (``attribute.py``): a speech or framing verb whose
content holds the trigger, a reporting clause or "according to" on the trigger's clause, or
a direct quotation the trigger is inside, credited to the quotation's speaker (named where it
opens or closes, in a parsed sentence or read from the surface). An event outside every frame
keeps an empty ``reported_by`` — a source never carries over to later sentences.

A self-report — the speaker is the event's own source actor ("Brown said he had met ...") —
is kept unless the config says ``self_reports = false``. Speakers are resolved through the
actor dictionary; a pronoun speaker takes the nearest
named speaker before it that fits ("he"/"she": a person — a speaker or a PERSON entity;
"it"/"they"/"we": a named non-person speaker). A generic source ("a police spokesman") takes
the article's main country unless it says it is from elsewhere.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..actors.gender import honorific_gender, nearest_agreeing, pronoun_gender
from ..attribute import (
    LOCAL_BODY_HEADS,
    PERSON_HEADS,
    SPEAKER_TITLES,
    SPEECH_LEMMAS,
    Source,
    clause_doer,
    clause_subject,
    colon_label,
    continues_quote,
    dash_signature,
    is_pronoun,
    lead_speaker,
    named_persons,
    named_speakers,
    nominal_doer,
    outer_sources,
    quote_spans,
    reported_matter,
    sources_for,
    speech_sources,
    stance_sources,
    surface_speaker,
    transcript_labels,
    transcript_speaker,
)
from ..headline import headline_span
from ..lang import words
from ..records import Actor, Article, Attribution
from ..registry import components
from ..roles import RoleSpan, np_span
from .actors import Actors, People, home_countries, localisable
from .base import ArticleContext, ParsedSentence

#: the speaker's own words for themselves: a quoted "we" is not who the statement is about
FIRST_PERSON = words("speech_first_person")
#: characters over which a named non-person speaker stays the referent of "it"/"they"
_SALIENT = 600
#: how salient a person's mention makes them for a later he/she (Lappin & Leass 1994: recency
#: 100 + head noun 80, + subject 80 and non-adverbial 50 / + object 50 and non-adverbial 50);
#: halved with each sentence back, summed over the mentions of one person
_SUBJECT, _OBJECT, _OTHER = 310, 280, 180


@dataclass(slots=True)
class _Memory:
    """The nearest named speakers so far: what a pronoun speaker can refer to."""

    person: Attribution | None = None
    other: Attribution | None = None
    #: the nearest organisation named as a clause's subject: what "it"/"they" fall back to
    #: before any non-person speaker is named ("The ministry closed the border. It said ...")
    org: Attribution | None = None
    #: spans of speakers known to be persons (a PERSON entity, an unknown capitalised name)
    persons: set[tuple[int, int]] = field(default_factory=set)
    seen: list[tuple[int, Attribution, bool]] = field(default_factory=list)
    #: the persons named so far, in text order (the last is ``person``)
    people: list[Attribution] = field(default_factory=list)
    #: a person's grammatical gender as the article shows it ("m"/"f"), by name: the
    #: pronoun a he/she speaker resolved to them used, or an honorific (Mr, Mrs, Ms)
    gender: dict[str, str] = field(default_factory=dict)
    #: the sentence each of ``people`` was named in and the salience of that mention
    weights: list[tuple[int, int]] = field(default_factory=list)
    #: the index of the sentence being read
    sentence: int = 0

    def note(self, a: Attribution, person: bool, weight: int = _SUBJECT) -> None:
        if person:
            self.person = a
            self.people.append(a)
            self.weights.append((self.sentence, weight))
        else:
            self.other = a

    def person_words(self) -> frozenset[str]:
        """The words of the names of the persons noted so far."""
        return frozenset(w for a in self.people for w in _words(a.name or a.text).split() if w[:1].isalpha() and w.rstrip(".") not in SPEAKER_TITLES)

    def gender_of(self, a: Attribution) -> str | None:
        key = _words(a.name or a.text)
        if key in self.gender:
            return self.gender[key]
        first = _words(a.text).split()[:1]
        return honorific_gender(first[0]) if first else None

    def _person_for(self, pronoun: str) -> Attribution | None:
        """The most salient person "he"/"she" can be: one the article has not shown to be of
        the other gender ("she said" resolved to Ana Ruiz earlier: a later "he said" is not
        her). Salience (Lappin & Leass 1994) sums a person's mentions, each weighted by its
        role — a speaker or a subject over an object, an object over any other mention — and
        halved with each sentence back: "Trump met Putin. He said ..." is Trump, as is a "he"
        after a sentence that names Putin once in a prepositional phrase while Trump is the
        subject of every sentence before it. Ties go to the nearest."""
        if not self.people:
            return self.person
        if len(self.weights) != len(self.people) or pronoun_gender(pronoun) is None:
            return nearest_agreeing(self.people, pronoun, self.gender_of)
        want = pronoun_gender(pronoun)
        #: one entry a person: (their words, salience, latest mention)
        found: list[list[Any]] = []
        for a, (k, w) in zip(self.people, self.weights, strict=True):
            sal = w * 0.5 ** max(0, self.sentence - k)
            key = set(_words(a.name or a.text).split())
            same = next((f for f in reversed(found) if key and (key <= f[0] or f[0] <= key)), None)
            if same is None:
                found.append([key, sal, a])
            else:
                same[0] = key if len(key) > len(same[0]) else same[0]
                same[1] += sal
                same[2] = a
        best: list[Any] | None = None
        for f in found:  # text order: a later person wins a tie
            g = self.gender_of(f[2])
            if g is not None and g != want:
                continue
            if best is None or f[1] >= best[1]:
                best = f
        return best[2] if best is not None else None

    def refer(self, pronoun: str, pos: int = -1) -> Attribution | None:
        """The nearest fitting referent before ``pos``: he/she a person; it/they/we the last
        non-person speaker when it is recent (a speaker stays salient over a few sentences:
        "The Observatory said the army attacked. It said ..."), else the nearest
        organisation mentioned before, else that older speaker."""
        p = pronoun.strip().lower()
        if p in ("he", "she", "his", "her"):
            ref = self._person_for(p)
            if ref is not None:
                self.gender[_words(ref.name or ref.text)] = "f" if p in ("she", "her") else "m"
            return ref
        if self.other is not None and (pos < 0 or self.org is None or pos - self.other.end <= _SALIENT):
            return self.other
        return self.org or self.other


class Attributions:
    name: ClassVar[str] = "attribution"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "article.countries")
    assigns: ClassVar[tuple[str, ...]] = ("draft.reported_by", "draft.source_actor", "draft.target_actor", "drafts")

    def __init__(self, dictionary: Any, self_reports: bool = True) -> None:
        self.dictionary = dictionary
        #: keep a speaker who reports their own act ("Brown said he had discussed the
        #: campaign")? The article does attribute it to Brown (PolNeAR counts it, and the
        #: speaker cannot be recovered once dropped, while a consumer can compare
        #: reported_by with source_actor); the news-events annotation mostly leaves such
        #: events empty — ``self_reports = false`` follows it. See docs/attribution.md.
        self.self_reports = self_reports
        #: resolves a quoted statement's speaker as an actor (``_speaker_as_source``)
        self.actors = Actors(dictionary)

    def __call__(self, ctx: ArticleContext) -> None:
        art = ctx.article
        text = art.text
        quotes = quote_spans(text)
        labels = transcript_labels(text)
        headline = headline_span(text, art.title)
        q_starts = [q[0] for q in quotes]
        parsed = {p.sentence.start: p for p in ctx.parsed}
        by_sentence = ctx.drafts_by_sentence()
        memory = _Memory()
        speakers: dict[int, Attribution | None] = {}  # quote index -> speaker
        sent_starts = [s.start for s in ctx.sentences]
        #: draft -> the frame around its own frame, taken when its own is a self-report
        outers: dict[int, list[Attribution]] = {}
        # the words of the article's person names: "Pagliano" tagged an organisation in one
        # sentence is still the person "Bryan Pagliano" named in another
        person_words = frozenset(
            t.lower_ for p in ctx.parsed for e in p.doc.ents if e.label_ == "PERSON" for t in e if t.pos_ == "PROPN"
        )
        for k, sent in enumerate(ctx.sentences):
            # and the names read as persons so far ("Trump told O'Reilly ..." read from the
            # surface of a sentence that was not parsed)
            known = person_words | memory.person_words()
            memory.sentence = k
            p = parsed.get(sent.start)
            # a stance adjective frames like a framing verb ("were frustrated that ...")
            sources = {**speech_sources(p.doc), **stance_sources(p.doc)} if p is not None else {}
            resolved = {
                i: _unresolved(s, p.off) if s.pronoun and _quote_at(quotes, q_starts, s.start + p.off) is not None
                else self.attribution(s, p.off, memory, art, p.doc)
                for i, s in sources.items()
            } if p is not None else {}
            # the quotations that close in this sentence (or open in it and close nowhere later)
            for qi, (qs, qe) in enumerate(quotes):
                if qi not in speakers and sent.start <= max(qs, qe - 1) < sent.end + 1:
                    speakers[qi] = self._quote_speaker((qs, qe), quotes, ctx, k, sent_starts, parsed, memory, art, speakers)
                    if speakers[qi] is None and qi > 0 and continues_quote(text, quotes[qi - 1], (qs, qe)):
                        speakers[qi] = speakers.get(qi - 1)
            for d in by_sentence.get(sent.start, []):
                srcs = sources_for(d.tok, sources) if p is not None else []
                if srcs:
                    d.reported_by = [_copy(resolved[s.verb_i]) for s in srcs]
                    outer = outer_sources(d.tok, srcs[0], sources)
                    if outer:
                        outers[id(d)] = [_copy(resolved[s.verb_i]) for s in outer]
                    continue
                qi = _quote_at(quotes, q_starts, d.trigger_start)
                if qi is not None:
                    if qi not in speakers:
                        speakers[qi] = self._quote_speaker(quotes[qi], quotes, ctx, k, sent_starts, parsed, memory, art, speakers)
                        if speakers[qi] is None and qi > 0 and continues_quote(text, quotes[qi - 1], quotes[qi]):
                            speakers[qi] = speakers.get(qi - 1)
                    sp = speakers[qi]
                    d.reported_by = [_copy(sp)] if sp is not None else []
                else:
                    d.reported_by = []
                d.reported_by = d.reported_by or self._labelled(labels, d.trigger_start, memory, art)
                d.reported_by = d.reported_by or self._colon_named(d.trigger_start, ctx, sent_starts, parsed, memory, art, known, d)
                d.reported_by = d.reported_by or self._signed(d, headline, ctx, sent_starts, parsed, memory, art, known)
            for m in mentions_in(ctx.mentions, sent.start, sent.end):
                if m.entry.kind != "person":
                    memory.org = self._named(m.text, m.start, m.end, False, memory, art)
            self._remember(sent, p, sources, resolved, memory, art, known)

        #: a quoted sentence's speech draft: the speaker of its quotation (before a quoted "we"
        #: makes it a self-report below)
        spoken = {id(d): d.reported_by[0] for d in ctx.drafts if d.quoted and d.reported_by}
        persons = frozenset(memory.persons)
        people_: list[People] = []  # built once, when first needed
        for d in ctx.drafts:
            for a in [*d.reported_by, *outers.get(id(d), [])]:
                a.text = text[a.start : a.end]
            quoted = self._in_quotation(d, quotes, q_starts, speakers, ctx, people_)
            if not self.self_reports and d.reported_by and _self_report(d, quoted, persons, person_words):
                # a self-report inside another speaker's report is that speaker's ("Merrill
                # says Machado promised to keep supporting Clinton"); else nobody's
                d.reported_by = outers.get(id(d), [])
                if d.reported_by and _self_report(d, quoted, persons, person_words):
                    d.reported_by = []
        if any(d.quoted for d in ctx.drafts):
            people = People.build(ctx.parsed, self.dictionary, ctx.sentences)
            home = home_countries(art, ctx.places, ctx.mentions)
            ctx.drafts = [d for d in ctx.drafts if not d.quoted or self._speaker_as_source(d, spoken.get(id(d)), ctx, parsed, sent_starts, people, home)]

    def _remember(
        self, sent: Any, p: ParsedSentence | None, sources: dict[int, Source], resolved: dict[int, Attribution],
        memory: _Memory, art: Article, known: frozenset[str],
    ) -> None:
        """Note the sentence's named speakers and persons for later pronouns (``_Memory``), with
        the salience of each person's mention. ``known``: the words of the article's person names
        (a name the recogniser tags an organisation here is still that person)."""
        if p is None:
            for who, a, b in named_persons(sent.text):
                memory.note(Attribution(who, None, sent.start + a, sent.start + b), True, _OBJECT)
            for who, a, b in named_speakers(sent.text):
                named = self._named(who, sent.start + a, sent.start + b, False, memory, art)
                memory.note(named, named.name is None)
            return
        for i, s in sorted(sources.items(), key=lambda kv: sources[kv[0]].start):
            a = resolved[i]
            if not s.pronoun:
                person = s.person or _person_name(s, p.doc, known)
                if person:
                    memory.persons.add((a.start, a.end))
                memory.note(a, person)
        for ent in p.doc.ents:
            if _is_person_ent(ent, known) and not any(s.start <= ent.start_char < s.end for s in sources.values()):
                memory.note(Attribution(ent.text, ent.text, ent.start_char + p.off, ent.end_char + p.off), True, _mention_weight(ent.root))

    def _in_quotation(
        self, d: Any, quotes: list[tuple[int, int]], q_starts: list[int], speakers: dict[int, Attribution | None],
        ctx: ArticleContext, people_: list[People],
    ) -> bool:
        """Is the draft inside a direct quotation? Then its third-person actors are not the
        quotation's speaker (``_not_the_speaker``)."""
        qi = _quote_at(quotes, q_starts, d.trigger_start)
        if qi is None:
            return False
        sp = speakers.get(qi)
        if sp is not None and not d.quoted:
            self._not_the_speaker(d, sp, ctx, people_)
        return True

    def _not_the_speaker(self, d: Any, sp: Attribution, ctx: ArticleContext, people_: list[People]) -> None:
        """A third-person "he"/"she" (or "him"/"her") inside a direct quotation is not the
        quotation's speaker, who says "I" ('"He ought to pull that back," Axelrod said' is
        someone else): an actor the actor component resolved to the speaker is re-resolved to
        the nearest person named before it who is not the speaker, else left unnamed."""
        for role in ("source_actor", "target_actor"):
            actor = getattr(d, role)
            if actor is None or actor.text.strip().lower() not in _THIRD_PERSON or not actor.name:
                continue
            if not _agrees(sp, {_words(actor.name)} - {""}):
                continue
            if not people_:
                people_.append(People.build(ctx.parsed, self.dictionary, ctx.sentences))
            person = people_[0].before(actor.start, skip=lambda p: _agrees(sp, {_words(p.name)} - {""}))
            if person is None:
                setattr(d, role, Actor(actor.text, None, None, None, actor.start, actor.end))
            else:
                setattr(d, role, Actor(actor.text, person.name, person.country, person.sector, actor.start, actor.end))

    def _labelled(self, labels: dict[int, tuple[str, int, int]], pos: int, memory: _Memory, art: Article) -> list[Attribution]:
        """A transcript's paragraph is its labelled speaker's ('"PENCE: Gennifer Flowers will
        not be attending ...'; ``attribute.transcript_labels``)."""
        label = transcript_speaker(labels, art.text, pos)
        return [self._named(label[0], label[1], label[2], False, memory, art)] if label is not None else []

    def _colon_named(
        self, pos: int, ctx: ArticleContext, sent_starts: list[int], parsed: dict[int, ParsedSentence], memory: _Memory,
        art: Article, known: frozenset[str], d: Any = None,
    ) -> list[Attribution]:
        """A paragraph headed by a speaker's name and a colon is that speaker's ('Sanders:
        Clinton needs to get away from ...', a headline's usual frame; ``attribute.colon_label``)
        — the name, not an editor's tag ("The Latest:", "Correction:", "Source:"): a person or
        organisation the recogniser finds there, a name whose words are the article's person
        names, or an actor the dictionary knows by name (not a generic "police"); never a place
        or a time, nor an upper-case word (a dateline: "KABUL:", "Kabul:"). The label frames the
        content and is not one of its sides: a parse that took it for the subject of the act
        after the colon ("Amnesty: Police Beat Protesters" read as Amnesty beating) loses that
        side (``_not_a_side``), so the event is the content's, attributed, not the speaker's act."""
        found = colon_label(art.text, pos)
        if found is None:
            return []
        who, a, b = found
        if who.isupper():
            return []  # a dateline ("KABUL:") or a transcript's label (``transcript_labels``)
        if not self._names_source(who, a, b, ctx, sent_starts, parsed, known):
            return []
        if d is not None:
            _not_a_side(d, a, b)
        return [self._named(who, a, b, False, memory, art)]

    def _names_source(
        self, who: str, a: int, b: int, ctx: ArticleContext, sent_starts: list[int], parsed: dict[int, ParsedSentence], known: frozenset[str],
    ) -> bool:
        """Whether the words ``who`` at ``a:b`` framing a headline or a paragraph name a source: a
        person or organisation the recogniser finds there, a name whose words are the article's
        person names, or an actor the dictionary knows by name (not a generic "police"); never a
        place or a time."""
        k = bisect_right(sent_starts, a) - 1
        p = parsed.get(ctx.sentences[k].start) if k >= 0 else None
        labels = {e.label_ for e in p.doc.ents if e.start_char + p.off < b and a < e.end_char + p.off} if p is not None else set()
        if labels & {"GPE", "LOC", "FAC", "DATE", "TIME"}:
            return False  # a place or a time heading a paragraph ("Kabul: ...") is a dateline
        named = bool(labels) and labels <= {"PERSON", "ORG"}
        named = named or all(w.lower() in known for w in who.split())
        entry = self.dictionary.resolve(who)
        return named or (entry is not None and not entry.generic)

    def _signed(
        self, d: Any, headline: tuple[int, int] | None, ctx: ArticleContext, sent_starts: list[int], parsed: dict[int, ParsedSentence],
        memory: _Memory, art: Article, known: frozenset[str],
    ) -> list[Attribution]:
        """A headline signed by its source after a closing dash ('Police beat protesters –
        Amnesty International', ``attribute.dash_signature``) is that source's, for the events
        told before the dash; the signature is not a side of them."""
        found = dash_signature(art.text, headline)
        if found is None or not (headline is not None and headline[0] <= d.trigger_start < found[1]):
            return []
        who, a, b = found
        if who.isupper() or not self._names_source(who, a, b, ctx, sent_starts, parsed, known):
            return []
        _not_a_side(d, a, b)
        return [self._named(who, a, b, False, memory, art)]

    def _speaker_actor(self, sp: Attribution, ctx: ArticleContext, parsed: dict[int, ParsedSentence], sent_starts: list[int], people: People) -> Actor | None:
        """The speaker of a quotation as an actor, resolved by ``actors`` like any role span
        when its sentence is parsed ("she" -> the person named before, "the minister" -> the
        person the article titles so); else through the actor dictionary, or the name as written."""
        k = bisect_right(sent_starts, sp.start) - 1
        p = parsed.get(ctx.sentences[k].start) if k >= 0 else None
        if p is not None:
            toks = [t for t in p.doc if sp.start <= t.idx + p.off < sp.end]
            top = next((t for t in toks if not (sp.start <= t.head.idx + p.off < sp.end) or t.head.i == t.i), None)
            if top is not None:
                span = RoleSpan(toks[0].i, toks[-1].i + 1, top.i, is_pronoun(top.text)) if is_pronoun(top.text) else np_span(top)
                found = self.actors.actor(span, p.doc, p.off, ctx.mentions, people=people, depth=1)
                if found is not None and (found.name or found.country or found.sector):
                    return found
        if sp.name is None and not sp.text[:1].isupper():
            return None
        entry = self.dictionary.resolve(sp.name or sp.text)
        return Actor(sp.text, entry.name if entry else (sp.name or sp.text), entry.country if entry else None, entry.sector if entry else None, sp.start, sp.end)

    def _speaker_as_source(
        self, d: Any, sp: Attribution | None, ctx: ArticleContext, parsed: dict[int, ParsedSentence], sent_starts: list[int], people: People, home: list[str]
    ) -> bool:
        """A quoted sentence's speech draft (``speech``: its reporting clause is in another
        sentence) is the speaker's act: the quotation's speaker becomes its source, and who
        the quoted clause is about (its own subject, unless the speaker's "we"/"I") its target
        when it has none. Without a resolved speaker the draft is dropped (False)."""
        speaker = self._speaker_actor(sp, ctx, parsed, sent_starts, people) if sp is not None else None
        if speaker is None:
            return False
        said = d.source_actor
        if d.target_actor is None and said is not None and said.text.strip().lower() not in FIRST_PERSON and said.name != speaker.name:
            d.target_actor = said
        d.source_actor = speaker
        self.actors.localise(d, ctx.article, home)
        if not self.self_reports:
            d.reported_by = []  # the speaker's own act (a self-report: "X said: ..." is X's)
        return True

    def _quote_speaker(
        self,
        quote: tuple[int, int],
        quotes: list[tuple[int, int]],
        ctx: ArticleContext,
        k: int,
        sent_starts: list[int],
        parsed: dict[int, ParsedSentence],
        memory: _Memory,
        art: Article,
        speakers: dict[int, Attribution | None] | None = None,
    ) -> Attribution | None:
        """The speaker of a quotation: a speech verb outside every quotation in the sentence
        where it closes or opens (nearest the quotation), else the surface words around it,
        else the speaker of the sentence that leads into it (``_lead_in``). ``speakers``: the
        speakers of the quotations before it, by index."""
        qs, qe = quote
        text = art.text
        sents = ctx.sentences
        first = max(0, bisect_right(sent_starts, qs) - 1)
        # the quotation's last word, not its closing mark: a splitter that carried the mark
        # over to the next sentence ('... you might ask?” The ad then references ...') leaves
        # the quotation in the sentence it is spoken in
        inner = text[qs:qe].rstrip().rstrip("\"”'").rstrip()
        last = max(0, bisect_right(sent_starts, max(qs, qs + len(inner) - 1)) - 1)
        best: tuple[int, Any, Source, ParsedSentence] | None = None
        saying: list[tuple[Any, Source, ParsedSentence]] = []
        for j in dict.fromkeys((last, first)):
            p = parsed.get(sents[j].start)
            if p is None:
                continue
            for s in speech_sources(p.doc).values():
                verb = p.doc[s.verb_i]
                verb_at = verb.idx + p.off
                # a speaker is outside the quotation: '"My reaction, that was outrageous," the
                # strategist said' parsed with "reaction" as the subject gives no speaker here
                if any(a <= verb_at < b or a <= s.start + p.off < b for a, b in quotes):
                    continue
                dist = verb_at - qe if verb_at >= qe else qs - verb_at
                if dist >= 200:
                    continue
                if (verb.pos_ == "VERB" and verb.lemma_.lower() in SPEECH_LEMMAS) or verb.lower_ == "according":
                    saying.append((verb, s, p))
                if best is None or dist < best[0]:
                    best = (dist, verb, s, p)
        if best is not None:
            _, verb, s, p = best
            # quotation marks report words: a verb of thought or demand inside what a verb of
            # saying reports is not who speaks them ("Ditto said she **expects** the campaign
            # 'to continue ...'" is Ditto's words) — the nearest such verb of saying is
            outer = [x for x in saying if x[0].doc is verb.doc and x[0] in verb.ancestors]
            if outer:
                _, s, p = min(outer, key=lambda x: sum(1 for _ in verb.ancestors) - sum(1 for _ in x[0].ancestors))
            return self.attribution(s, p.off, memory, art, p.doc)
        line_start = text.rfind("\n", 0, qs) + 1
        line_end = text.find("\n", qe)
        line_end = len(text) if line_end < 0 else line_end
        closed = text[max(qs, qe - 3) : qe].rstrip("\"”'").endswith(".")
        found = surface_speaker(text[qe:line_end], text[max(line_start, sents[first].start) : qs], closed)
        if found is None:
            return self._lead_in(qs, quotes, ctx, first, parsed, memory, art, speakers or {})
        who, a, b = found
        start, end = (qe + a, qe + b) if a >= 0 else (qs + a, qs + b)
        pron = is_pronoun(who)
        named = self._named(who, start, end, pron, memory, art)
        if not pron:
            # a capitalised speaker the actor dictionary does not know is taken for a person
            person = who[:1].isupper() and named.name is None
            memory.note(named, person)
            if person:
                memory.persons.add((named.start, named.end))
        return named

    def _lead_in(
        self, qs: int, quotes: list[tuple[int, int]], ctx: ArticleContext, first: int, parsed: dict[int, ParsedSentence],
        memory: _Memory, art: Article, speakers: dict[int, Attribution | None],
    ) -> Attribution | None:
        """The speaker of a quotation that opens its own sentence with no speaker in or around
        it: the speaker of the sentence just before it, which leads into it — the reported
        speech that introduces a direct quotation ('Schiff said the administration may wait.
        "The other factor is ..."'; 'He said:' closing the paragraph before) — a quotation of
        sentences (its words end with a stop or a comma, or it runs to its paragraph's end), not
        a quoted name or phrase ('"Hamilton" opened on Broadway'). The leading
        sentence is in the same paragraph, or ends the paragraph before with a colon. Its
        speaker: the speaker of a quotation that closes in it ('"...," said Kevin Barrett, a
        lawyer who represents ... . "It was destined to fail."'); else, parsed, the outermost
        verb of saying (``speech_lemmas``, or "according to") outside every quotation — "X
        said Y told him" leads in X's words, not Y's; else, not parsed, a speaker read from its
        surface (``attribute.lead_speaker``: 'X said:', 'X said ...', 'said X')."""
        text = art.text
        sents = ctx.sentences
        if first == 0 or text[sents[first].start : qs].strip(" \t\"“”'"):
            return None  # words of the sentence before the quotation: not a lead-in
        qe = next((b for a, b in quotes if a == qs), qs)
        inner = text[qs:qe].rstrip().rstrip("\"“”'").rstrip()
        if not (inner.endswith((".", "!", "?", ",", "—", "-")) or text[qe : qe + 1] in ("", "\n")):
            return None  # a quoted name or phrase ('"Hamilton" opened ...'), not quoted sentences
        prev = sents[first - 1]
        lead = text[prev.start : sents[first].start].rstrip()
        gap = text[prev.start + len(lead) : qs]
        if "\n" in gap and not (lead.endswith(":") and gap.count("\n") == 1):
            return None
        closing = [i for i, (a, b) in enumerate(quotes) if prev.start <= b - 1 < sents[first].start and a < qs]
        if closing and speakers.get(closing[-1]) is not None:
            return _copy(speakers[closing[-1]])  # type: ignore[arg-type]
        p = parsed.get(prev.start)
        if p is None:
            found = lead_speaker(text, prev.start, sents[first].start, quotes)
            if found is None:
                return None
            who, a, b = found
            pron = is_pronoun(who)
            named = self._named(who, a, b, pron, memory, art)
            return named
        best: tuple[int, Source] | None = None
        for s in speech_sources(p.doc).values():
            verb = p.doc[s.verb_i]
            if not ((verb.pos_ == "VERB" and verb.lemma_.lower() in SPEECH_LEMMAS) or verb.lower_ == "according"):
                continue
            if any(a <= verb.idx + p.off < b or a <= s.start + p.off < b for a, b in quotes):
                continue
            depth = sum(1 for _ in verb.ancestors)
            if best is None or depth < best[0]:
                best = (depth, s)
        return self.attribution(best[1], p.off, memory, art, p.doc) if best is not None else None

    def attribution(self, s: Source, off: int, memory: _Memory, art: Article, doc: Any = None) -> Attribution:
        subject = _sentence_subject(doc, s) if doc is not None and s.pronoun else None
        if subject is not None:
            # "Sen. Claire McCaskill scolded him: '...,' she said": the person this sentence
            # is about speaks, not the last speaker named before it
            memory.gender[_words(subject)] = "f" if s.text.strip().lower() == "she" else "m"
            return Attribution(s.text, subject, s.start + off, s.end + off)
        a = self._named(s.who or s.text, s.start + off, s.end + off, s.pronoun, memory, art, s.text)
        if s.person and not s.pronoun:
            memory.persons.add((a.start, a.end))
        if a.name is None and not s.pronoun and (s.who[:1].isupper() or s.text.lower() in _RELATIVE) and s.who != s.text:
            # "Tomás, a taxi driver in the capital": a name the dictionary does not know is named by
            # itself, without the apposition that describes it; "a man who said ...": the
            # relative pronoun's antecedent names it
            a.name = s.who
        return a

    def _named(self, who: str, start: int, end: int, pronoun: bool, memory: _Memory, art: Article, text: str | None = None) -> Attribution:
        text = who if text is None else text
        if pronoun:
            ref = memory.refer(who, start)
            return Attribution(text, (ref.name or ref.text) if ref is not None else None, start, end)
        entry = self.dictionary.resolve(who)
        if entry is not None and entry.generic:
            local = _local_body(who, art.text, start)
            if local is not None:
                return Attribution(text, local, start, end)
        if entry is not None and entry.generic and entry.country is None and art.countries and localisable(who):
            entry = self.dictionary.localise(entry, art.countries[0])
        return Attribution(text, entry.name if entry else None, start, end)




def _person_name(s: Any, doc: Any, person_words: frozenset[str]) -> bool:
    """Is a parsed speaker that the recogniser did not label PERSON here a person the article
    names elsewhere ("Trump said ..." tagged an organisation in this sentence, "Donald Trump" a
    person in another)? Then "he"/"she" may refer to it. The words of its name (proper nouns)
    must all be words of the article's PERSON names."""
    toks = [t for t in doc if s.start <= t.idx < s.end]  # the source's offsets are the sentence's
    head = next((t for t in toks if not (s.start <= t.head.idx < s.end) or t.head.i == t.i), None)
    names = [t for t in toks if t.pos_ == "PROPN"]
    # the name itself speaks ("Trump said"), not a name's lawyer ("Pagliano's lawyer")
    return head is not None and head.pos_ == "PROPN" and all(t.lower_ in person_words for t in names)


def _is_person_ent(ent: Any, person_words: frozenset[str]) -> bool:
    """A PERSON entity, or an organisation label on a name whose words are all the article's
    person names (the recogniser tags "Trump" ORG in one sentence and PERSON in another)."""
    if ent.label_ == "PERSON":
        return True
    names = [t for t in ent if t.pos_ == "PROPN"]
    return ent.label_ == "ORG" and bool(names) and len(names) == len(ent) and all(t.lower_ in person_words for t in names)


def _mention_weight(tok: Any) -> int:
    """How salient a person's mention is by its role in the clause (``_Memory``): the head
    of a name climbed through compounds, appositions and flat names."""
    for _ in range(4):
        if tok.dep_ in ("compound", "appos", "flat") and tok.head.i != tok.i:
            tok = tok.head
        else:
            break
    if tok.dep_ in ("nsubj", "nsubjpass", "ROOT"):
        return _SUBJECT
    if tok.dep_ in ("dobj", "dative", "attr", "oprd"):
        return _OBJECT
    return _OTHER


def _local_body(who: str, text: str, at: int) -> str | None:
    """The named local body a generic speaker stands for: "police" or "a police source" in an
    article that names "the Yonkers Police Department" is that department (the nearest such
    name before the speaker, else the first after it). Only for the heads of
    ``local_body_heads`` (police, sheriff, coroner): a country's army or ministry is named by
    the actor dictionary, not by whatever capitalised phrase ends in "Army"."""
    for w in reversed(re.findall(r"[a-z][\w'’\-]*", who.lower())):
        if w not in LOCAL_BODY_HEADS:
            continue
        pattern = re.compile(
            r"\b((?:[A-Z][\w'’\-]*\s+){1,4}" + re.escape(w.capitalize()) + r"(?:['’]s)?(?:\s+(?:Department|Office|Service|Force|Bureau))?)\b"
        )
        found = [m for m in pattern.finditer(text) if not (m.start() <= at < m.end())]
        if not found:
            continue
        before = [m for m in found if m.end() <= at]
        m = before[-1] if before else found[0]
        name = re.sub(r"^(?:The|A|An)\s+", "", m.group(1))
        return name if name.split()[0] != w.capitalize() else None
    return None


def _sentence_subject(doc: Any, s: Source) -> str | None:
    """The person a "he"/"she" speaker refers to inside its own sentence: the nearest PERSON
    entity before it that is a clause's subject, outside any quotation; else None (the
    memory of earlier speakers decides)."""
    if s.text.strip().lower() not in ("he", "she"):
        return None
    quoted = False
    best = None
    for t in doc:
        if t.idx >= s.start:
            break
        if t.text in ('"', "“", "”"):
            quoted = t.text == "“" or (t.text == '"' and not quoted)
            continue
        if not quoted and t.ent_type_ == "PERSON" and t.dep_ in ("nsubj", "nsubjpass"):
            best = next((e.text for e in doc.ents if e.start <= t.i < e.end), t.text)
    return best


def mentions_in(mentions: list[Any], start: int, end: int) -> list[Any]:
    """The article's actor-dictionary mentions inside [start, end), in text order."""
    return [m for m in mentions if start <= m.start < end]


def _unresolved(s: Source, off: int) -> Attribution:
    """A pronoun speaker inside a direct quotation ('"... and he would say, uh huh," Lynch
    said'): someone the quotation's speaker talks about, not a speaker the article named —
    kept as written, left unnamed, and not read as evidence of anyone's gender."""
    return Attribution(s.text, None, s.start + off, s.end + off)


def _quote_at(quotes: list[tuple[int, int]], starts: list[int], pos: int) -> int | None:
    """The index of the quotation holding ``pos`` (quotations do not nest), or None."""
    i = bisect_right(starts, pos) - 1
    return i if i >= 0 and quotes[i][0] <= pos < quotes[i][1] else None


_NON_WORD = re.compile(r"[^\w]+")


def _words(s: str | None) -> str:
    return " ".join(w for w in _NON_WORD.sub(" ", (s or "").casefold()).split() if w not in ("the", "a", "an"))


#: third-person pronouns an actor may be, and whether they stand for a person
_PERSONAL = {"he": True, "she": True, "it": False, "they": False}
#: relative pronouns a speaker may be (``attribute._relative_source``): named by their antecedent
_RELATIVE = ("who", "which", "that")
#: third-person person pronouns: inside a direct quotation never its speaker
_THIRD_PERSON = ("he", "she", "him", "her")
#: first-person actors: the speaker or the speaker's side, once resolved to a name
_FIRST = ("i", "we", "me", "us")


def _speaks_as(a: Attribution, pronoun: str, persons: frozenset[tuple[int, int]] = frozenset()) -> bool:
    """Can ``pronoun`` (the actor inside the speech) be the speaker ``a`` themselves? "The
    minister said he had met ...": a person speaks as he/she; a body as it/they; "experts"
    as they, never it. ``persons``: speaker spans known to name a person (a PERSON entity)."""
    person = _PERSONAL[pronoun]
    speaker = (a.text or "").strip().lower()
    if speaker in _PERSONAL:
        return _PERSONAL[speaker] == person
    if speaker in _RELATIVE:
        # "a man who said he had ...": "who" is people (he, she, they), "which" a body (it, they)
        return pronoun != "it" if speaker == "who" else not person
    if (a.start, a.end) in persons:
        return person
    if a.text[:1].isupper():
        return person == (a.name is None or a.name == a.text)
    if _human(a.text):
        return person
    head = speaker.split()[-1:] or [""]
    plural = head[0].endswith("s") and not head[0].endswith("ss")
    return pronoun == "they" if plural else not person


def _human(text: str) -> bool:
    """A lower-case speaker phrase headed by a person noun ("the prime minister", "a
    spokesman") rather than a body ("the ministry", "police")."""
    head = (text or "").split()[-1:] or [""]
    return head[0].lower() in PERSON_HEADS


def _self_report(
    d: Any, quoted: bool = False, persons: frozenset[tuple[int, int]] = frozenset(), person_words: frozenset[str] = frozenset()
) -> bool:
    """Is the speaker the event's own source actor (a self-report, not a report)?

    "Brown said he had discussed the campaign": the actor and the speaker are the same — by
    name (whole words either way), by the same span, or by a pronoun that can be the speaker
    in reported speech. A pronoun the actor component resolved to the speaker's name is the
    speaker anywhere. Inside a direct quotation (``quoted``) a person speaks of themselves
    as "I": "'He hasn't proposed anything,' said Burman" is about someone else, so there a
    third-person pronoun counts only through its resolved name. A first-person actor
    unresolved ("'we support our schools,' Mulgrew said") is not enough: "we" is the
    speaker's side, often not the speaker.
    """
    tok = getattr(d, "tok", None)
    if tok is not None and reported_matter(tok):
        return False  # "He cited criticism of the host": a matter he reports, not his act
    actor = d.source_actor
    if actor is None:
        # no actor coded: the subject of the event's own clause, when it is "he"/"she" and
        # can be the speaker ("the commissioner says he is asking for details"); an
        # unresolved "they"/"it" in the content is as often its participants ("according to
        # the complaint, the developers ran a scheme in which they looted ...")
        tok = getattr(d, "tok", None)
        subj = clause_subject(tok) if tok is not None and not quoted else None
        pron = subj.lower_ if subj is not None else ""
        return pron in ("he", "she") and any(_speaks_as(a, pron, persons) for a in d.reported_by)
    pron = actor.text.strip().lower()
    if pron in _PERSONAL or pron in _FIRST:
        names = {_words(actor.name)} - {"", pron} if actor.name else set()
        if pron in _PERSONAL and not any(_agrees(a, names) for a in d.reported_by):
            return any(
                _speaks_as(a, pron, persons)
                and not (quoted and (_PERSONAL[pron] or (a.start, a.end) in persons))
                and not _other_antecedent(d, a, actor, pron, person_words)
                for a in d.reported_by
            )
    else:
        names = {_words(actor.name), _words(actor.text)} - {""}
    for a in d.reported_by:
        if (a.start < actor.end and actor.start < a.end) or _agrees(a, names):
            if not _other_doer(d, a, actor, quoted, persons):
                return True
    return False


def _other_doer(d: Any, a: Attribution, actor: Any, quoted: bool = False, persons: frozenset[tuple[int, int]] = frozenset()) -> bool:
    """Does the parse name someone else as the doer of the event's clause than the speaker the
    actor agrees with? Then the actor is the speaker only by mistake and the event is not a
    self-report: "the FBI warned officials to **boost** security" (officials boost), "Ryan
    said the shootings **demand** ..." (the shootings), "Roberts said one should **visit**"
    (one), "Johnson tells MSNBC that 'who did it' remains under **investigation**" (the
    clause, not Johnson). The doer is ``attribute.clause_doer``, for a noun
    ``attribute.nominal_doer``; a doer inside the actor's span or agreeing
    with the speaker's name is the same person. A first-person doer is the speaker's side, and
    a third-person pronoun doer ("he", "it", "they") is the speaker only where it could be in
    reported speech (``_speaks_as``): not when the speaker cannot be called so ("Police say
    **he** posed a threat and **refused**": police are not "he") and never inside a direct
    quotation, where a speaker says "I" or "we" ('"..., and so **it** requested a diagnosis,"
    said Tusk')."""
    tok = getattr(d, "tok", None)
    doer = (clause_doer(tok) or nominal_doer(tok)) if tok is not None else None
    if doer is None:
        return False
    pos = doer.idx + d.off
    if actor.start <= pos < actor.end or a.start <= pos < a.end:
        return False
    if doer.lower_ in _PERSONAL:
        return quoted or not _speaks_as(a, doer.lower_, persons)
    if doer.lower_ in _FIRST or is_pronoun(doer.text):
        return False
    return not _agrees(a, {_words(doer.text)} - {""})


def _other_antecedent(d: Any, a: Attribution, actor: Any, pron: str, person_words: frozenset[str] = frozenset()) -> bool:
    """Does a noun that ``pron`` can refer to stand between the speaker and the pronoun?

    Then the pronoun is that noun, not the speaker: "According to the complaint, the
    developers ran a scheme in which they looted millions" (they = the developers);
    "Chaffetz insisted he has other questions for Pagliano than the ones he refused to answer"
    (the second he = Pagliano). A person (a PERSON entity, or a person noun as subject or
    object, or a name an article's PERSON entity bears) for he/she; a plural subject for
    they; a singular subject for it. Only the
    event's own sentence is read: after the speaker when the speaker comes first, else from
    the sentence's start."""
    tok = getattr(d, "tok", None)
    if tok is None:
        return False
    off = d.off
    lo = max(a.end, off) if a.end <= actor.start else off
    for t in tok.doc:
        pos = t.idx + off
        if pos < lo or pos >= actor.start or a.start <= pos < a.end or t.pos_ not in ("NOUN", "PROPN"):
            continue
        if _PERSONAL[pron]:
            if t.ent_type_ == "PERSON" or (t.dep_ in _ARGUMENTS and (t.lower_ in PERSON_HEADS or (t.pos_ == "PROPN" and t.lower_ in person_words))):
                return True
        elif t.dep_ in ("nsubj", "nsubjpass") and (t.tag_ in ("NNS", "NNPS")) == (pron == "they"):
            return True
    return False


#: dependency labels of a clause's arguments: a person noun there can be a he/she's antecedent
_ARGUMENTS = ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj")


def _agrees(a: Attribution, names: set[str]) -> bool:
    """Does the speaker's name or text agree with one of ``names`` as whole words?"""
    for w in {_words(a.name), _words(a.text)} - {""}:
        if any(f" {w} " in f" {n} " or f" {n} " in f" {w} " for n in names):
            return True
    return False


def _copy(a: Attribution) -> Attribution:
    return Attribution(a.text, a.name, a.start, a.end)


def _not_a_side(d: Any, a: int, b: int) -> None:
    """A headline's frame (the speaker before "X: ..." or after "... – X") names who tells the
    event, not who takes part in it: a side the parse read inside those words is dropped."""
    for side, span in (("source_actor", "src_span"), ("target_actor", "tgt_span")):
        actor = getattr(d, side)
        if actor is not None and a <= actor.start and actor.end <= b:
            setattr(d, side, None)
            setattr(d, span, None)


@components.register("attribution")
def make_attribution(resources: Any, self_reports: bool = True) -> Attributions:
    return Attributions(resources.actors, self_reports)
