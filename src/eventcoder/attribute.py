"""Who said it: the clause or quotation that frames an event, and its speaker.

An event is attributed only when something frames it — news writing has four shapes:

* a speech or framing verb whose complement holds the trigger ("X said that ISIL withdrew",
  "the FBI warned officials to boost security"), or a reporting clause hanging off the
  trigger's clause ("ISIL withdrew, X said on Sunday" — parsed as parataxis/ccomp/advcl);
* "according to X" in the event's clause;
* a direct quotation the trigger is inside (:func:`quote_spans`, found on the whole article
  text because the sentence splitter drops a closing quote between sentences), whose speaker
  is named where the quotation opens or closes, in that sentence or the sentence after
  (:func:`surface_speaker` reads it when the sentence was not parsed);
* pronoun speakers ("he said") resolved by the component to the nearest named speaker.

Nothing else: an event outside every frame has no ``reported_by``. Before this, a quotation
left "open" by a lost closing mark made every later event inherit the next named speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError
from .lang import words
from .nlp import doc_memo, doc_text, has_entities
from .roles import PRONOUNS

SPEECH_LEMMAS = words("speech_lemmas")
FRAMING_LEMMAS = words("framing_lemmas")
SPEECH_FORMS = words("speech_forms")
SPEAKER_STOPS = words("speaker_stops")
SPEAKER_PRONOUNS = words("speaker_pronouns")
OBJECT_FRAMING_LEMMAS = words("object_framing_lemmas")
FRAMING_NOUNS = words("framing_nouns")
PERSON_HEADS = words("speaker_person_heads")
#: heads of phrases naming a speaking body: a relative "which"/"that" on one speaks for it
BODY_HEADS = words("speaker_body_heads")
SPEECH_PRONOUNS_ALL = SPEAKER_PRONOUNS | PRONOUNS
SPEAKER_TITLES = words("speaker_titles")
CONTENT_MARKS = words("content_marks")
LOCAL_BODY_HEADS = words("local_body_heads")
CLAIM_HOLDING_LEMMAS = words("claim_holding_lemmas")
STANCE_WORDS = words("stance_words")


def _subset(concept: str, superset: str, found: frozenset[str], within: frozenset[str]) -> frozenset[str]:
    """``found``, checked to lie inside ``within`` (E568 names the strays)."""
    stray = sorted(found - within)
    if stray:
        raise ConfigError("E568", path="lang/en/attribution.yaml", concept=concept, superset=superset, words=stray)
    return found


#: verbs whose object is a matter reported, not the speaker's act ("cited criticism of X")
REPORTED_MATTER_LEMMAS = _subset("reported_matter_lemmas", "object_framing_lemmas", words("reported_matter_lemmas"), OBJECT_FRAMING_LEMMAS)
#: prepositions whose object is what a framing verb or noun is about ("accused X of
#: associating with", "his statement about shootings")
_ABOUT = ("of", "about", "against", "over")

#: dependency labels by which a trigger's clause is the content of a speech verb above it
_CONTENT_DEPS = ("ccomp", "xcomp", "parataxis")
#: labels by which a reporting clause or "according to" hangs off the trigger's clause
_HANGING_DEPS = ("advcl", "parataxis", "ccomp", "prep", "advmod")
#: labels climbed from a trigger to the head of its own clause (never into another clause)
_IN_CLAUSE = ("dobj", "pobj", "prep", "nsubj", "nsubjpass", "compound", "amod", "nmod", "npadvmod",
              "attr", "appos", "poss", "acomp", "agent", "dative", "oprd", "conj", "aux", "auxpass", "neg")
#: labels of the clauses that describe a noun or the circumstances of a clause: a reporting
#: clause on the sentence's main clause covers them
_SUBORDINATE = ("relcl", "acl", "advcl", "xcomp", "pcomp")
_OPEN = "“"
_CLOSE = "”"


@dataclass(slots=True, frozen=True)
class Source:
    """A source of reported speech, found in a sentence (offsets in the sentence doc). Frozen:
    ``speech_sources`` hands the same ones to every stage that asks."""

    verb_i: int
    start: int  # char offsets in the doc
    end: int
    text: str
    pronoun: bool
    #: the words that say who speaks: ``text`` without the objects of its clauses
    #: ("the forces battling ISIL" are not ISIL); ``text`` when there are none
    who: str = ""
    #: the speaker is a person (a PERSON entity or a person noun): "he"/"she" may refer to it
    person: bool = False


def _source_phrase(tok: Any) -> tuple[int, int, str]:
    """The speaker phrase with its modifiers ("a military news service run by Hezbollah")."""
    sub = [t for t in tok.subtree if not (t.dep_ in ("punct",) and t.i in (tok.left_edge.i, tok.right_edge.i))]
    toks = [t for t in sub if t.i >= tok.left_edge.i]
    # drop a leading determiner
    while toks and toks[0].dep_ == "det" and toks[0].lower_ in ("the", "a", "an"):
        toks = toks[1:]
    toks = [t for t in toks if t.i <= tok.right_edge.i]
    while toks and toks[-1].tag_ == "POS":
        toks = toks[:-1]  # "Dallas police’s claim": the possessive mark is not the speaker's
    if not toks:
        return tok.idx, tok.idx + len(tok), tok.text
    doc = tok.doc
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    return start, end, doc_text(doc)[start:end]


def _who(tok: Any, start: int, end: int) -> str:
    """The speaker phrase without the objects of its participial and relative clauses.

    "the forces battling ISIL in Syria" speak for the forces, not for ISIL; "a service
    run by Hezbollah" keeps its agent (the name that says whose service it is).
    """
    drop: set[int] = set()
    if tok.pos_ == "PROPN":
        # "Tomás, a taxi driver in the capital": the name speaks; the apposition describes it (and
        # would resolve to whatever its words name — here Caracas's government)
        for c in tok.children:
            if c.dep_ == "appos":
                drop.update(x.i for x in c.subtree)
                drop.update(x.i for x in tok.doc[c.left_edge.i - 1 : c.left_edge.i] if x.is_punct)
                drop.update(x.i for x in tok.doc[c.right_edge.i + 1 : c.right_edge.i + 2] if x.is_punct)
    for t in tok.subtree:
        if t.dep_ in ("acl", "relcl") and t.pos_ in ("VERB", "AUX"):
            for c in t.children:
                if c.dep_ in ("dobj", "prep", "advcl", "xcomp"):
                    drop.update(x.i for x in c.subtree)
    if not drop:
        return doc_text(tok.doc)[start:end]
    kept = [t for t in tok.doc if start <= t.idx < end and t.i not in drop]
    return "".join(t.text_with_ws for t in kept).strip()


def _is_person(tok: Any) -> bool:
    """Does the speaker phrase headed by ``tok`` name a person (he/she can refer to it)?"""
    if tok.lower_ in ("he", "she", "his", "her"):
        return True
    ent = tok.ent_type_ or next((t.ent_type_ for t in tok.subtree if t.ent_type_), "")
    return ent == "PERSON"


def _make(verb_i: int, subj: Any) -> Source:
    s, e, text = _source_phrase(subj)
    pron = subj.lower_ in PRONOUNS or subj.lower_ in SPEECH_PRONOUNS_ALL
    owner = _noun_source(subj) if subj.pos_ == "NOUN" and subj.lower_ in FRAMING_NOUNS else None
    if owner is not None:
        # "the Interior Ministry's statement said", "according to a statement from the army":
        # the statement speaks for its owner, who is the source
        os_, oe, _ = _source_phrase(owner)
        who = _who(owner, os_, oe)
        return Source(verb_i, s, e, text, owner.lower_ in SPEECH_PRONOUNS_ALL, who, _is_person(owner))
    return Source(verb_i, s, e, text, pron, _who(subj, s, e), _is_person(subj))


def speech_sources(doc: Any) -> dict[int, Source]:
    """Speech and framing verbs of the sentence with their speakers, keyed by verb index
    ("according to X" is keyed by "according"). A new dict each call, of shared frozen
    ``Source``s.

    Memoised per sentence (``nlp.doc_memo``): ``speech``, ``attribution`` and ``actors`` ask
    for the sources of the same sentences, ``speech`` up to four times each. The answer reads
    the parse and, through ``_is_person``, the entity labels, which the on-demand NER adds to
    the same ``Doc`` in place: so the memo is kept per entity state, and a sentence asked about
    before its NER is asked again after."""
    if getattr(doc, "user_data", None) is None:  # a Span: nothing to keep the memo in
        return _speech_sources(doc)
    memo = doc_memo(doc, "eventcoder.speech_sources")
    key = has_entities(doc)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _speech_sources(doc)
    return dict(found)


def _speech_sources(doc: Any) -> dict[int, Source]:
    out: dict[int, Source] = {}
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and (lemma in SPEECH_LEMMAS or lemma in FRAMING_LEMMAS):
            deps = ("nsubj", "nsubjpass") if lemma in SPEECH_LEMMAS else ("nsubj",)
            subj = next((c for c in tok.children if c.dep_ in deps), None)
            if subj is None and lemma in SPEECH_LEMMAS:
                by = next((c for c in tok.children if c.dep_ == "agent"), None)
                subj = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
            if subj is None and tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX"):
                # "The senator spoke out, arguing that ...", "X said ... and added that ...": the
                # speaker is the subject of the clause the participle or conjunct hangs off
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subj is None and tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ == "NOUN":
                # "the ministry issued a statement saying ...", "she said at a news conference
                # announcing that ...": the statement's owner, or who issued or held it, speaks
                owner = _noun_source(tok.head) if tok.head.lower_ in FRAMING_NOUNS else None
                subj = owner if owner is not None else _governing_subject(tok.head, framing=False)
            if subj is None or subj.dep_ == "expl" or subj.lower_ in ("i", "you", "me", "one"):
                continue
            if any(c.dep_ == "prep" and any(g.tag_ in ("WP", "WDT") for g in c.children) for c in subj.children):
                # "generals -- most of whom had announced their support": a relative clause's
                # subject stands for a noun outside it, not resolved here
                continue
            if subj.lower_ in PRONOUNS and subj.lower_ not in SPEAKER_PRONOUNS:
                continue
            if subj.pos_ == "PRON" and subj.lower_ not in SPEAKER_PRONOUNS:
                rel = _relative_source(tok, subj)
                if rel is not None:
                    out[tok.i] = rel
                continue  # "what", a free relative: nobody named
            out[tok.i] = _make(tok.i, subj)
        if tok.pos_ == "NOUN":
            src = _noun_source(tok) if tok.lower_ in FRAMING_NOUNS else None
            if src is not None:
                out[tok.i] = _make(tok.i, src)
            elif (verb := _verb_read_as_noun(tok)) is not None:
                out[tok.i] = verb
        if tok.lower_ == "according" and tok.dep_ in ("prep", "advmod", "case"):
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = None
            if to is not None:
                pobj = next((g for g in to.children if g.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                out[tok.i] = _make(tok.i, pobj)
    return out


def stance_sources(doc: Any) -> dict[int, Source]:
    """Adjectives and participles of belief or feeling with a content clause, keyed by the
    adjective's index, with the subject who holds the stance ("officials are **confident**
    that the army retook the town", "protesters were **frustrated** that police released ...",
    "aides seem **worried** that ..."): the subject of the copula or linking verb the
    adjective completes (acomp, oprd), or of the passive participle (nsubjpass). The clause
    must be a content clause (a that/whether mark or its own subject); an infinitive ("eager
    to attack") is the subject's own intent. Apart from ``speech_sources``: a stance is a frame
    for what is inside it, not a speech act the ``speech`` component drafts or a quotation's
    speaker."""
    out: dict[int, Source] = {}
    for tok in doc:
        if tok.lower_ not in STANCE_WORDS or tok.pos_ not in ("ADJ", "VERB"):
            continue
        if not any(c.dep_ == "ccomp" and _content_clause(c) for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and tok.dep_ in ("acomp", "oprd") and tok.head.pos_ in ("AUX", "VERB"):
            subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.dep_ == "expl" or subj.lower_ in ("i", "you", "me", "one", "it"):
            continue  # "it is certain that ...": nobody holds it; "I am sure": the writer
        if subj.pos_ == "PRON" and subj.lower_ not in SPEAKER_PRONOUNS:
            continue
        out[tok.i] = _make(tok.i, subj)
    return out


def _relative_source(verb: Any, subj: Any) -> Source | None:
    """The speaker of a relative clause's speech verb whose subject is the relative pronoun:
    the noun the clause describes ("Donald Trump, **who** had talked about the idea that ...",
    "the ministry, **which** said ..."). Like a personal pronoun, the source keeps the
    pronoun's span and text and carries the antecedent's words (``who``) — its own phrase,
    without the relative clause — which name it."""
    head = verb.head
    if verb.dep_ != "relcl" or subj.tag_ not in ("WP", "WDT") or subj.lower_ not in ("who", "which", "that"):
        return None
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    if subj.lower_ == "who" and head.ent_type_ in _THINGS:
        return None  # "who" is never a place or a thing
    if subj.lower_ != "who" and not (
        head.pos_ == "PROPN" or head.ent_type_ in ("ORG", "NORP", "GPE") or head.lower_ in PERSON_HEADS or head.lower_ in BODY_HEADS or head.lower_ in FRAMING_NOUNS
    ):
        return None  # "a note inside the boat that said ...": "that"/"which" may hang on any noun; only a body or a statement speaks
    if head.lower_ in FRAMING_NOUNS:
        owner = _noun_source(head)
        if owner is not None:  # "a statement from the army, which said ...": the army
            head = owner
    inner = {t.i for t in verb.subtree}
    inner.update(x.i for c in head.children if c.dep_ == "appos" for x in c.subtree)  # "Smith, a senator, who"
    toks = [t for t in head.subtree if t.i not in inner and t.i < verb.left_edge.i]
    while toks and (toks[0].is_punct or (toks[0].dep_ == "det" and toks[0].lower_ in ("the", "a", "an"))):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].tag_ == "POS"):
        toks = toks[:-1]
    if not toks:
        return None
    words = "".join(t.text_with_ws for t in toks).strip()
    start = subj.idx
    return Source(verb.i, start, start + len(subj.text), subj.text, False, words, _is_person(head) or head.lower_ in PERSON_HEADS)


#: entity labels of places and things: never the antecedent of "who"
_THINGS = ("GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "DATE", "TIME", "MONEY")


def _verb_read_as_noun(tok: Any) -> Source | None:
    """A speech verb the parser read as a plural noun: "Trump charges that countries donated
    millions" parses as the noun phrase "Trump charges" with a that-clause. A bare plural
    (no determiner or possessor) of a speech or framing lemma right after a capitalised name
    that heads it or is its compound, with a that-clause of its own, is the verb; the name is
    its speaker."""
    lemma = tok.lemma_.lower()
    if tok.tag_ != "NNS" or not (lemma in SPEECH_LEMMAS or lemma in FRAMING_LEMMAS) or tok.i == 0:
        return None
    if any(c.dep_ in ("det", "poss", "amod", "nummod") for c in tok.children):
        return None
    clause = any(
        c.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in tok.children
    )
    subj = tok.doc[tok.i - 1]
    heads = subj.i == tok.head.i or (subj.head.i == tok.i and subj.dep_ == "compound")
    if not clause or not (subj.pos_ == "PROPN" or subj.is_title) or not heads:
        return None
    first = min([subj, *(c for c in subj.lefts if c.dep_ == "compound")], key=lambda t: t.i)
    start, end = first.idx, subj.idx + len(subj)
    text = doc_text(tok.doc)[start:end]
    return Source(tok.i, start, end, text, False, text, _is_person(subj))


def _noun_source(noun: Any) -> Any:
    """Who a framing noun belongs to: its possessor ("Trump's claim", "his statement"), a
    compound ("the intelligence community consensus") or a by/from phrase; else None."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    doc = noun.doc
    le = noun.left_edge.i
    if le >= 2 and doc[le - 1].tag_ == "POS" and doc[le - 2].pos_ in ("NOUN", "PROPN"):
        # "Tulsa police’s earlier claim": the parser may hang a curly possessive off the verb
        # as a clause of its own; the noun right before it is still the possessor
        return doc[le - 2]
    comp = [
        c for c in noun.children
        if c.dep_ == "compound" and c.i < noun.i and any(t.pos_ == "PROPN" or t.ent_type_ for t in c.subtree)
    ]
    if comp:
        return comp[-1]
    return _holder(noun)


def _holder(noun: Any) -> Any:
    """Who holds an unowned claim noun with a content clause: the subject of the verb that
    makes, presses or points to it ("Democrats persisted in arguments that the panel ...",
    "she pointed to reports that Trump called ...") when that verb is a speech or framing verb
    or one of ``claim_holding_lemmas``; else None ("police are investigating reports that
    ..." holds nothing)."""
    if not any(c.dep_ in ("acl", "ccomp") and _content_clause(c) for c in noun.children):
        return None
    return _governing_subject(noun)


def _governing_subject(noun: Any, framing: bool = True) -> Any:
    """The subject of the verb whose object (or prepositional object) ``noun`` is, when that
    verb is a speech or claim-holding verb ("the ministry issued a statement ...", "she said at
    a news conference ...") or, with ``framing``, a framing verb ("she pointed to reports that
    ..."; not for a statement's participle: "police found a note saying ..."); else None."""
    gov = noun.head
    if noun.dep_ == "pobj" and gov.dep_ == "prep":
        gov = gov.head
    lemma = gov.lemma_.lower()
    if noun.dep_ not in ("dobj", "pobj") or gov.pos_ != "VERB":
        return None
    if not (lemma in SPEECH_LEMMAS or (framing and lemma in FRAMING_LEMMAS) or lemma in CLAIM_HOLDING_LEMMAS):
        return None
    subj = next((c for c in gov.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in ("i", "you", "me", "one", "who", "which", "that"):
        return None
    if subj.pos_ == "PRON" and subj.lower_ not in SPEAKER_PRONOUNS:
        return None
    return subj


def _frames_content(head: Any, child: Any) -> bool:
    """Is ``child`` (a phrase under ``head``) what the speaker says, claims or wants?

    A speech or framing verb frames its ccomp, xcomp and parataxis ("urged Congress to leave
    the program"); a verb of :data:`OBJECT_FRAMING_LEMMAS` also its direct object ("announced
    the arrest"), and a framing verb the object of about/of/against ("accused Cruz of
    associating with Oswald"); a framing noun its clause ("the claim that ...") and its
    of/about object ("his statement about shootings").
    """
    if head.pos_ == "NOUN":
        if child.dep_ == "acl" and child.tag_ in ("VBG", "VBN") and not _content_clause(child):
            # "Trump's tweets accusing Machado of lying": the participle is what the tweets
            # do (the speech act itself), not what they say
            return False
        return child.dep_ in ("acl", "ccomp") or (child.dep_ == "prep" and child.lower_ in ("about", "that"))
    if child.dep_ in _CONTENT_DEPS:
        return True
    lemma = head.lemma_.lower()
    if child.dep_ == "advcl" and lemma in SPEECH_LEMMAS and child.i > head.i and _content_clause(child, marked=False):
        # "The mayor said after the vote she would not accept ...": a fronted phrase makes
        # the parser hang the said-clause as an adverbial; unmarked and with its own
        # subject it is what was said
        return True
    if (
        child.dep_ == "advcl" and lemma in SPEECH_LEMMAS and _mark(child) in CONTENT_MARKS
        and any(c.dep_ == "ccomp" and c.i < child.i for c in head.children)
    ):
        # "Gowdy said that claim smacked of hypocrisy, because Democrats ...": a reason or a
        # condition after what was said is part of it (the parser hangs it on the verb)
        return True
    if child.dep_ == "dobj":
        # "She has called the police shootings a moment like the civil rights era": an object
        # with its own predicate (oprd) is a small clause, what the speaker says of it
        return lemma in OBJECT_FRAMING_LEMMAS or any(c.dep_ == "oprd" for c in head.children)
    return child.dep_ == "prep" and child.lower_ in _ABOUT and lemma in FRAMING_LEMMAS


def _mark(verb: Any) -> str:
    """The subordinating mark of the clause headed by ``verb`` ("because", "if"), or ""."""
    return next((c.lower_ for c in verb.children if c.dep_ == "mark"), "")


def _content_clause(verb: Any, marked: bool = True) -> bool:
    """Is the clause headed by ``verb`` a content clause (what is said or believed), not a
    description? ``marked``: a "that"/"whether"/"if" mark or its own subject makes it one
    ("reports that a deal had been offered"); else (an adverbial under a speech verb) it
    needs its own subject and no subordinating mark at all."""
    # "when she resigned": a wh-adverb subordinates like a mark
    marks = [c.lower_ for c in verb.children if c.dep_ == "mark" or c.tag_ == "WRB"]
    subj = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("who", "which", "that") for c in verb.children)
    if marked:
        return bool(set(marks) & {"that", "whether", "if"}) or (subj and not marks)
    return subj and not marks


def sources_for(trigger: Any, sources: dict[int, Source]) -> list[Source]:
    """The sources whose speech contains ``trigger``: the nearest speech verb above it whose
    content holds it, else a reporting clause or "according to" on the trigger's own clause."""
    if not sources:
        return []
    cur = trigger
    described = False  # crossed a relative or participial clause on the way up
    for _ in range(16):
        head = cur.head
        if head.i == cur.i:
            break
        if head.i in sources and head.i != trigger.i and _frames_content(head, cur):
            speech = head.pos_ == "VERB" and head.lemma_.lower() in SPEECH_LEMMAS
            if described and not speech:
                break
            if not speech:
                # "The governor plans to visit the port, according to an aide": the aide reports
                # the plan; a plan, a demand or a belief is framed by who reports it
                hanging = [x for x in _hanging(head, sources) if x.verb_i != head.i and trigger.doc[x.verb_i].lower_ == "according"]
                if hanging:
                    return hanging
            return [sources[head.i]]
        if cur.dep_ == "advcl" and _mark(cur) in CONTENT_MARKS:
            pass  # "what the car would cost if a tariff were imposed": the condition is the claim's
        elif cur.dep_ in ("relcl", "advcl") or (cur.dep_ == "acl" and cur.tag_ in ("VBN", "VBG") and not _content_clause(cur)):
            # a clause describing a noun or an act: inside what a speaker says it is theirs
            # ("Reyes said officials have footage that shows the blast"); under a demand
            # or a claim noun it is the journalist's ("demanded the release of the reporter,
            # who was arrested", "warned officials to boost security after hackers targeted")
            described = True
        cur = head
    return _hanging(trigger, sources)


def outer_sources(trigger: Any, frame: Source, sources: dict[int, Source]) -> list[Source]:
    """The frame around ``frame`` itself: "Merrill says Machado promised to continue
    supporting Clinton" — Machado's promise (a self-report of the supporting) is Merrill's
    report. Climbed from the framing verb or noun as from a trigger; "according to" has
    none."""
    verb = trigger.doc[frame.verb_i]
    if verb.lower_ == "according":
        return []
    return [x for x in sources_for(verb, sources) if x.verb_i != frame.verb_i]


def _hanging(trigger: Any, sources: dict[int, Source]) -> list[Source]:
    """Reporting clauses and "according to" on the trigger's own clause (climbed through its
    phrase up to a clause boundary)."""
    clause = [trigger]
    cur = trigger
    for _ in range(10):
        if cur.head.i == cur.i or cur.dep_ not in _IN_CLAUSE:
            break
        cur = cur.head
        clause.append(cur)
    found = _reporting_on(clause, trigger, sources)
    if found:
        return found
    # "The man who was stabbed has died, according to police"; "Gunmen fled after they shot two
    # guards, police said": a reporting clause on the sentence's main clause reports the
    # clauses that describe its nouns or its circumstances too — climbed up to a speech or
    # framing verb (whose own content is its speaker's, found by sources_for) or the root
    outer: list[Any] = []
    for _ in range(16):
        if cur.head.i == cur.i or cur.dep_ not in _IN_CLAUSE + _SUBORDINATE + ("ccomp",) or cur.head.i in sources:
            break
        cur = cur.head
        outer.append(cur)
    found = _reporting_on(outer, trigger, sources)
    if found:
        return found
    # "Scott is one of 707 people shot by police this year and the fourth shot by a county
    # officer, according to a database": a reporting clause at the end of the last conjunct
    # of the main clause reports the whole coordination
    for a in clause + outer:
        for c in a.children:
            if c.dep_ == "conj" and c.i > trigger.i and c.pos_ in ("VERB", "AUX"):
                found += [x for x in _reporting_on([c], trigger, sources) if x.verb_i > c.i and x not in found]
    return found


def _reporting_on(clause: list[Any], trigger: Any, sources: dict[int, Source]) -> list[Source]:
    """The reporting clauses hanging off the tokens of ``clause`` (not holding the trigger)."""
    found: list[Source] = []
    for a in clause:
        for c in a.children:
            if c.i in sources and c.i != trigger.i and c.dep_ in _HANGING_DEPS and not _inside_content(c, trigger):
                if not _reporting_clause(c):
                    continue
                if sources[c.i] not in found:
                    found.append(sources[c.i])
    return found


def _reporting_clause(c: Any) -> bool:
    """Is ``c``, hanging off the trigger's clause, a reporting clause ("..., police said",
    "as the ministry said", "according to X") rather than a clause of its own ("though a
    review of records indicates ...", "condemned what he called a breach")?"""
    if c.lower_ == "according":
        return True
    if c.dep_ in ("prep", "advmod"):
        return False
    if not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children):
        return False  # "Trump attacked Clinton, saying ...": a participle elaborates the act
    if c.dep_ == "advcl":
        marks = [m.lower_ for m in c.children if m.dep_ == "mark"]
        # "as the ministry said" reports; "as the government showed no willingness" does not
        return not marks or (marks == ["as"] and c.lemma_.lower() in SPEECH_LEMMAS)
    if c.dep_ == "ccomp":
        # a reporting verb set off by a comma after the clause ("ISIL withdrew, X said")
        left = c.left_edge
        return left.i > 0 and c.doc[left.i - 1].text in (",", "—", "–") and not any(t.tag_ in ("WP", "WDT") for t in c.subtree)
    return True


def clause_subject(trigger: Any) -> Any:
    """The subject of the trigger's own clause (climbed through its phrase), or None:
    "he" in "the commissioner says he is asking for details" — who the actor is when the
    actor component left it empty."""
    cur = trigger
    for _ in range(10):
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and cur.pos_ in ("VERB", "AUX"):
            return subj if subj.dep_ == "nsubj" else None
        if cur.head.i == cur.i or cur.dep_ not in _IN_CLAUSE:
            break
        cur = cur.head
    return None


def clause_doer(trigger: Any) -> Any:
    """Who does the trigger's own clause, read from the parse, or None when the parse does not
    say: a verb's active subject ("Ryan said the shootings **demand** ..." -> shootings);
    for an infinitive under a verb with an object, that object — the one asked, urged or
    warned to act ("the FBI warned officials to **boost** security" -> officials; "Palmieri
    called on Trump to **apologize**" -> Trump), while a subject-control infinitive ("the FBI
    decided not to **recommend**") climbs to its governing verb; a gerund after a preposition,
    the governing verb's person object ("Cruz thanked Trump for **backing** ...") or doer; an
    active participle's noun
    ("the **suing** states" -> states); a conjunct shares its first conjunct's doer. A passive
    subject is not a doer, and a nominal trigger ("the U.S. **killing** of ...") has none
    here (None): its doer is its possessor, which the actor component reads."""
    cur = trigger
    for _ in range(12):
        if cur.pos_ not in ("VERB", "AUX"):
            return None
        subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj if subj.dep_ == "nsubj" else None
        if cur.dep_ == "xcomp":
            head = cur.head
            obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is None:
                on = next((c for c in reversed(list(head.children)) if c.dep_ == "prep" and c.lower_ == "on" and c.i < cur.i), None)
                obj = next((c for c in on.children if c.dep_ == "pobj"), None) if on is not None else None
            if obj is not None:
                return obj
            cur = head
        elif cur.dep_ in ("amod", "acl", "compound") and cur.tag_ == "VBG" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head
        elif cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head.pos_ in ("VERB", "AUX"):
            # "thanked Trump for **backing** ...", "accused the mayor of **lying**": the
            # person object of the governing verb, else that verb's own doer
            verb = cur.head.head
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None and (obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or obj.lower_ in PERSON_HEADS):
                return obj
            cur = verb
        elif cur.dep_ == "conj":
            cur = cur.head
        else:
            return None
    return None


#: prepositions whose object is an event noun's agent ("endorsements **from** 88 generals",
#: "an investigation **by** the FBI") when it names people or a body
_AGENT_PREPS = ("by", "from")
#: what a by-phrase names when it is not an agent: "by Friday", "by the river"
_NOT_AGENT_ENTS = ("DATE", "TIME", "GPE", "LOC", "FAC")


def _prenominal_agent(c: Any) -> bool:
    """A noun's own agent before it: a possessor ("his"), a name ("the U.S. killing") or a
    nationality ("Israeli strikes")."""
    if c.dep_ == "poss":
        return True
    return c.dep_ in ("compound", "nmod", "amod") and (c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"))


def nominal_doer(trigger: Any) -> Any:
    """Who does a nominal trigger's event as far as the parse shows it, or None: the object of
    its by-phrase unless a time or a place ("an investigation **by** the state police"), of its
    from-phrase when that names a body or a person noun ("cited his endorsements **from** 88
    generals" -> generals; a name after "from" is as often a place: where, not who); else, for
    a noun without a possessor that is the object or prepositional object of a verb, that
    verb's active subject, a clause included ("... that 'who did it' **remains** under **investigation**" -> the
    clause): the noun stands in someone else's clause. A noun with its own agent before it (a
    possessor, a name, a nationality: "his **endorsements**", "the U.S. **killing**", "Israeli
    **strikes**") is left to the actor component, which reads it."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return None
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ in _AGENT_PREPS:
            for g in c.children:
                if g.dep_ != "pobj" or g.pos_ not in ("NOUN", "PROPN"):
                    continue
                if c.lower_ == "by" and g.ent_type_ not in _NOT_AGENT_ENTS:
                    return g  # "an investigation by the state police"
                # after "from" a name is as often a place the tagger calls a person: only
                # a body or a person noun there
                if g.ent_type_ in ("ORG", "NORP") or g.lemma_.lower() in PERSON_HEADS or g.lower_ in PERSON_HEADS:
                    return g
    if any(_prenominal_agent(c) for c in trigger.children):
        return None
    cur = trigger
    for _ in range(3):
        if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
            cur = cur.head.head
        elif cur.dep_ in ("dobj", "attr"):
            cur = cur.head
        else:
            return None
        if cur.pos_ in ("VERB", "AUX"):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
            return subj if subj is not None and subj.dep_ != "nsubjpass" else None
        if cur.pos_ not in ("NOUN", "PROPN"):
            return None
    return None


def reported_matter(trigger: Any) -> bool:
    """Is a nominal trigger a matter its clause's subject reports rather than does? The direct
    object (or a conjunct of it) of a verb of ``reported_matter_lemmas`` ("he **cited**
    criticism of the host", "**citing** a threat to public health"), with no agent of its own
    before it ("cited **his** criticism" is his). Then the reporter is not its doer: an actor
    agreeing with the speaker was read off the clause's subject by mistake."""
    if trigger.pos_ not in ("NOUN", "PROPN") or any(_prenominal_agent(c) for c in trigger.children):
        return False
    cur = trigger
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    return cur.dep_ == "dobj" and cur.head.pos_ == "VERB" and cur.head.lemma_.lower() in REPORTED_MATTER_LEMMAS


def _inside_content(verb: Any, trigger: Any) -> bool:
    """Is the trigger inside the reporting verb's own subtree (its subject or object)?"""
    return verb.left_edge.i <= trigger.i <= verb.right_edge.i


# --------------------------------------------------------------------------- quotations


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Direct quotations of an article as (start, end) spans, quote marks included.

    Curly marks pair as opened and closed (a closing mark shaped as an opening one, with
    none open, opens); straight double quotes (and the two apostrophes
    some archives print for them) alternate. Quotation
    state is kept per paragraph (one per line in the cleaned text): a quotation still open at
    the end of its paragraph ends there — a multi-paragraph quotation re-opens each
    paragraph with a mark of its own, so nothing leaks further.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        start: int | None = None
        depth = 0  # curly marks nest ("what he calls “hell” than ...”)
        for m in re.finditer(r"''|[\"“”]", para):
            ch, i = m.group(), pos + m.start()
            if start is None:
                j = m.start()
                # a straight mark with a word before it and a space (or the end) after it
                # closes a quotation; with none open it is an orphan ('... job."' after a
                # quotation the cleaner split): opening on it would invert every later pair
                closing = ch != _OPEN and j > 0 and not para[j - 1].isspace() and (m.end() >= len(para) or para[m.end()].isspace())
                # a closing curly mark shaped as an opening one (after a space or the start of
                # the paragraph, before a word: '”Fear. I am afraid ...” ― Ana') is a typo
                # for the opening mark: nothing is open for it to close
                if (ch != _CLOSE and not closing) or (ch == _CLOSE and _opening(para, j, m.end()) and para[m.end()].isalnum()):
                    start, depth = i, 1
            elif ch != _CLOSE and ch != _OPEN and _opening(para, m.start(), m.end()):
                # a straight mark shaped as an opening while one is open: the cleaner joined
                # the paragraphs of a multi-paragraph quotation ('... gossip. "The only
                # reason ...') — the next paragraph's quotation starts here
                out.append((start, i))
                start, depth = i, 1
            elif ch == _OPEN:
                depth += 1
            elif ch == _CLOSE and depth > 1:
                depth -= 1
            else:
                out.append((start, i + len(ch)))
                start, depth = None, 0
        if start is not None:
            out.append((start, pos + len(para)))
        pos += len(para) + 1
    return out


def continues_quote(text: str, prev: tuple[int, int], cur: tuple[int, int]) -> bool:
    """Does quotation ``cur`` continue the speech of ``prev``? It does when nothing but the
    reporting words lie between them in the same paragraph ('"...," Trump said. "It's ...')
    or ``cur`` opens the paragraph right after the one ``prev`` ends (a multi-paragraph
    quotation re-opens each paragraph)."""
    between = text[prev[1] : cur[0]]
    if between.count("\n") == 0:
        return len(between) <= 120
    return between.count("\n") == 1 and text.rfind("\n", 0, cur[0]) + 1 == cur[0]


#: a transcript's speaker label at the start of a paragraph ('"WALLACE: Let's start ...',
#: 'MR. SMITH: ...'): one to four upper-case words and a colon
_LABEL = re.compile(r"[\"“”]?[ \t]*((?:[A-Z][A-Z.'’\-]+)(?:[ \t]+[A-Z][A-Z.'’\-]*){0,3}):[ \t]")


def transcript_labels(text: str) -> dict[int, tuple[str, int, int]]:
    """The speaker labels of a transcript: paragraph start -> (label, start, end) for each
    paragraph opening with one ('"PENCE: Gennifer Flowers will not be attending ...'). Only
    upper-case labels count (a headline's "Pence: ..." is the headline's), and only in an
    article with two different labels at least — a transcript has two speakers, while a lone
    "UPDATE:" or "WATCH:" is an editor's tag. An unlabelled paragraph that opens with a
    quotation mark right after a labelled one (blank lines between) goes on with its label."""
    found: dict[int, tuple[str, int, int]] = {}
    line = 0
    last: tuple[str, int, int] | None = None
    while line <= len(text):
        m = _LABEL.match(text, line)
        if m is not None and sum(ch.isalpha() for ch in m.group(1)) >= 2:
            found[line] = last = (m.group(1), m.start(1), m.end(1))
        elif last is not None and text[line : line + 1] in ('"', "“"):
            # an unlabelled paragraph that opens with a quotation mark goes on with the
            # speaker before it (a multi-paragraph answer re-opens each paragraph)
            found[line] = last
        elif text[line : line + 1].strip():
            last = None
        nxt = text.find("\n", line)
        if nxt < 0:
            break
        line = nxt + 1
    return found if len({v[0] for v in found.values()}) >= 2 else {}


#: a speaker's name heading a paragraph with a colon, in any case ('Sanders: Clinton needs to
#: get away from ...', 'Rush Limbaugh: Hillary Asking ...'): one to four capitalised words
_NAME_LABEL = re.compile(r"[\"“”]?[ \t]*([A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3}):[ \t]+\S")


def colon_label(text: str, pos: int) -> tuple[str, int, int] | None:
    """The words heading the paragraph that holds ``pos`` with a colon ('Pence: Gennifer
    Flowers Won't Be at Debate'), when ``pos`` is after the colon: (label, start, end) with
    offsets in ``text``, or None. Whether the label names a speaker (and not an editor's tag:
    "The Latest:", "Correction:") is for the caller to decide."""
    line = text.rfind("\n", 0, pos) + 1
    m = _NAME_LABEL.match(text, line)
    if m is None or m.end(1) >= pos:
        return None
    return m.group(1), m.start(1), m.end(1)


#: a headline signed with a dash by its source: "Police beat protesters – Amnesty International";
#: the signature is one to five capitalised words after a spaced dash that ends the line
_DASH_SIGNATURE = re.compile(r"\S[ \t]+[–—-][ \t]+([A-Z][\w.'’\-]*(?:[ \t]+(?:of|for|the|[A-Z][\w.'’\-]*)){0,4})[ \t]*$")


def dash_signature(text: str, headline: tuple[int, int] | None) -> tuple[str, int, int] | None:
    """The source a headline names after a closing dash ('Police beat protesters – Amnesty'): (name,
    start, end) with offsets in ``text``, or None. Only a headline (``headline.headline_span``):
    in prose a dash at a line's end opens an aside or closes a dateline. Whether the words name a
    source (a person or an organisation, not a place or a time) is for the caller to decide."""
    if headline is None:
        return None
    a, b = headline
    m = _DASH_SIGNATURE.search(text, a, b)
    if m is None or m.start(1) - a < 12:
        return None
    return m.group(1), m.start(1), m.end(1)


def transcript_speaker(labels: dict[int, tuple[str, int, int]], text: str, pos: int) -> tuple[str, int, int] | None:
    """The label of the transcript paragraph holding ``pos`` (``transcript_labels``), or
    None: the words after the label are the labelled speaker's."""
    found = labels.get(text.rfind("\n", 0, pos) + 1) if labels else None
    return found if found is not None and found[2] <= pos else None


def _opening(para: str, a: int, b: int) -> bool:
    """Is the straight mark at ``para[a:b]`` shaped as an opening one: after a space or the
    start of the paragraph, before a word?"""
    return (a == 0 or para[a - 1].isspace()) and b < len(para) and not para[b].isspace()


_WORD = re.compile(r"[\w'’.\-]+|[,;:()—―]")


def _speaker_words(tokens: list[str]) -> str:
    """A speaker phrase from the surface tokens after or before a speech verb: up to the
    first stop word or punctuation; an appositive after a comma is dropped."""
    kept: list[str] = []
    for t in tokens:
        if t in (",", ";", ":", "(", ")", "—", "―") or t.lower() in SPEAKER_STOPS or t.lower().rstrip(".") in SPEECH_FORMS:
            break
        kept.append(t)
        if len(kept) >= 7:
            break
        if t.endswith(".") and len(t) > 2 and t.rstrip(".").lower() not in SPEAKER_TITLES:
            break  # '," said Burman. “He ...': the sentence ends with the name (not "Sen.", "J.")
    while kept and kept[0].lower() in ("the", "a", "an"):
        kept = kept[1:]
    return " ".join(kept).rstrip(".")


def surface_speaker(after: str, before: str, closed_sentence: bool = False) -> tuple[str, int, int] | None:
    """Who speaks a quotation, read from the words right after it ('," the governor said',
    '," said Aidan O'Carroll', '" ― Adriana Rodarte') or right before it ('Trump said: "').

    ``closed_sentence``: the quotation ended with a full stop, so the words after it start a
    new sentence and do not say who spoke it. Returns (speaker, start, end) with offsets
    relative to ``after`` (>= 0) or to the end of ``before`` (negative), or None. Used where
    no parsed speech verb outside the quotation speaks it.
    """
    m = re.match(r"\s*[,.!?]?\s*[—―-]{1,2}\s*([A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,4})", after)
    if m:
        return m.group(1), m.start(1), m.end(1)
    m = re.match(r"\s*,?\s*([^\n]{0,120})", after)
    if m and not (closed_sentence and not after.lstrip().startswith(",")):
        toks = [(t.group(), t.start() + m.start(1)) for t in _WORD.finditer(m.group(1))]
        for k, (t, _) in enumerate(toks[:9]):
            if t.lower().rstrip(".") in SPEECH_FORMS:
                if k == 0:  # '," said X'
                    who = _speaker_words([x for x, _ in toks[1:]])
                else:  # '," X said'
                    if any(x in (",", ";", ":") for x, _ in toks[:k]):
                        break
                    who = _speaker_words([x for x, _ in toks[:k]])
                if who and (who[0].isupper() or who.lower() in SPEAKER_PRONOUNS or who.split()[0].islower()):
                    i = after.find(who, m.start(1))
                    # words rejoined by spaces that are not in the text give no span at all
                    return (who, i, i + len(who)) if i >= 0 else None
                break
    m = re.search(r"([^,;:“”\"\n]{1,120})[:,]\s*$", before)
    if m:
        toks = m.group(1).split()
        verbs = [k for k, t in enumerate(toks) if t.lower() in SPEECH_FORMS and k >= len(toks) - 5]
        who = _speaker_words(toks[max(0, verbs[-1] - 6) : verbs[-1]]) if verbs else ""
        i = before.rfind(who) if who else -1
        if i >= 0:
            return who, i - len(before), i - len(before) + len(who)
    return None


_NAMED_SPEAKER = re.compile(
    r"\b((?:[A-Z][\w'’.\-]+\s+){0,4}[A-Z][\w'’\-]+)(?:,[^,“”\"]{1,80},)?\s+(\w+)\b"
)


def named_speakers(text: str) -> list[tuple[str, int, int]]:
    """Capitalised names followed by a speech form ("Colonel Ahmed Hassan, an army
    spokesman, told reporters ..."), read from the surface of a sentence that was not parsed:
    what a later "he said" may refer to. (name, start, end) with offsets in ``text``."""
    out = []
    for m in _NAMED_SPEAKER.finditer(text):
        first = m.group(1).split()[0].lower()
        if m.group(2).lower() in SPEECH_FORMS and first not in SPEAKER_STOPS | SPEAKER_PRONOUNS | PRONOUNS | {"the", "a", "an"}:
            out.append((m.group(1), m.start(1), m.end(1)))
    return out


def lead_speaker(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> tuple[str, int, int] | None:
    """Who speaks in the sentence ``text[start:end]``, read from its surface (a sentence that
    was not parsed) outside its quotations: a speaker before a colon at its end ('He said:'),
    else the first capitalised name or pronoun before a speech form ('Schiff said ...',
    'Colonel Ahmed Hassan, an army spokesman, told ...'), else a name right after one ('...,
    said Patrick McGinley, a law professor'). (speaker, start, end) with offsets in ``text``;
    None when none is found. What a direct quotation opening the next sentence continues."""
    sent = text[start:end].rstrip()
    outside = lambda a, b: not any(qa < start + b and start + a < qb for qa, qb in quotes)  # noqa: E731
    if sent.endswith(":"):
        found = surface_speaker("", sent)
        if found is not None:
            who, a, _ = found
            i = len(sent) + a
            if outside(i, i + len(who)):
                return who, start + i, start + i + len(who)
    for who, a, b in named_speakers(sent):
        if outside(a, b):
            return who, start + a, start + b
    for m in _SPEAKER_PRONOUN.finditer(sent):
        if m.group(2).lower() in SPEECH_FORMS and outside(m.start(1), m.end(1)):
            return m.group(1), start + m.start(1), start + m.end(1)
    for m in _INVERTED.finditer(sent):
        if m.group(1).lower() in SPEECH_FORMS and outside(m.start(2), m.end(2)):
            return m.group(2), start + m.start(2), start + m.end(2)
    return None


#: a pronoun speaker before a speech form ("he said", "She told")
_SPEAKER_PRONOUN = re.compile(r"\b([Hh]e|[Ss]he|[Tt]hey)\s+(\w+)\b")
#: a speech form before a capitalised name ("said Patrick McGinley")
_INVERTED = re.compile(r"\b(\w+)\s+((?:[A-Z][\w'’.\-]+\s+){0,4}[A-Z][\w'’\-]+)")


def named_persons(text: str) -> list[tuple[str, int, int]]:
    """People named in a sentence that was not parsed, read from the surface: a capitalised
    name after a title ("Colonel Ahmed Hassan", "Mayor Lisa Grant", "Mr Brown") or before an
    apposition headed by a person noun ("Ahmed Hassan, an army spokesman,"). What a later
    "he said" may refer to. (name, start, end) with offsets in ``text``."""
    out = []
    for m in _NAME.finditer(text):
        words_ = m.group(1).split()
        titled = words_[0].lower().rstrip(".") in SPEAKER_TITLES and len(words_) > 1
        app = _APPOSITION.match(text, m.end(1))
        described = app is not None and app.group(1).lower() in PERSON_HEADS
        if titled or described:
            out.append((m.group(1), m.start(1), m.end(1)))
    return out


_NAME = re.compile(r"\b([A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,4})")
#: an apposition headed by a noun: ", a local doctor,", ", political science professor at ..."
#: (a title-like apposition often drops its article; its head ends it or a preposition follows)
_APPOSITION = re.compile(r",\s+(?:(?:an?|the)\s+)?(?:[\w'’\-]+\s+){0,4}?([\w\-]+)(?:\s*,|\s+(?:at|of|for|in|with|from|to)\b)")


def quote_state(text: str) -> int:
    """Net opening quotation marks in ``text`` (straight quotes alternate)."""
    n = 0
    straight = 0
    for ch in text:
        if ch == _OPEN:
            n += 1
        elif ch == _CLOSE:
            n -= 1
        elif ch == '"':
            straight += 1
    return n + (straight % 2)


def is_pronoun(text: str) -> bool:
    """A speaker given by a pronoun alone ("he", "They")."""
    return text.strip().lower() in SPEAKER_PRONOUNS
