"""``acled``: the ACLED event type and sub-type of a PLOVER event, where ACLED's taxonomy applies.

The trigger's ACLED key and the rules of ``data/plover_acled.yaml`` (conditioned on the
actors' sectors, the stated means of the act — ``classify.ModeResolver`` —, the words of the
sentence and whether the target is protesters) give ``{event_type, sub_event_type}`` or null
(most verbal events). ACLED codes only acts that happened (GUIDELINES, codebook §11.1): a
negated or hypothetical event has no ACLED pair. It runs once the events are whole (after
``mentions``/``corefer`` and ``modes``), so the sub-type reads the mode and means any mention
of the event states.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from ..classify import ModeResolver
from ..lang import words
from ..registry import components
from .base import ArticleContext, EventDraft

PROTESTER_NOUNS = words("protester_nouns")
ARMED_NOUNS = words("acled_armed_target_nouns")
CIVILIAN_NOUNS = words("acled_civilian_target_nouns")
ONE_SIDED_NOUNS = words("acled_one_sided_nouns")
GRIEVANCE_PREPS = words("acled_grievance_preps")
FORCE_NOUNS = words("acled_force_nouns")
CASUALTY_WORDS = words("acled_casualty_words")
RESPONDER_NOUNS = words("acled_responder_nouns")
TWO_SIDED_NOUNS = words("acled_two_sided_nouns")
OFF_DUTY_WORDS = words("acled_off_duty_words")
#: dependency labels of a protest trigger's child that names what the demonstration is against
GRIEVANCE_DEPS = frozenset({"dobj", "pobj"})
#: the modes of a demonstration whose object is a grievance ("blocked the road" is the act itself)
GRIEVANCE_MODES = frozenset({"demonstrate", "strike"})
#: the sector passed for a target known only by its noun: one of ``classify.ARMED_SECTORS`` /
#: ``CIVILIAN_SECTORS`` (what the mapping's ``target_armed`` / ``target_civilian`` read)
ARMED_NOUN_SECTOR, CIVILIAN_NOUN_SECTOR = "UAF", "CVL"


class Acled:
    name: ClassVar[str] = "acled"
    requires: ClassVar[tuple[str, ...]] = (
        "drafts", "draft.source_actor", "draft.target_actor", "draft.tgt_span", "draft.negated", "draft.hypothetical", "draft.mode",
    )
    assigns: ClassVar[tuple[str, ...]] = ("draft.acled",)

    def __init__(self, mapper: Any, modes: ModeResolver | None = None) -> None:
        self.mapper = mapper
        self.modes = modes or ModeResolver.default()

    def __call__(self, ctx: ArticleContext) -> None:
        casualties = note_casualties(ctx)
        for d in ctx.drafts:
            d.acled = self.map(d, self.continuation(ctx, d), self.grievance(ctx, d), report_side(ctx, d, casualties))

    @staticmethod
    def continuation(ctx: ArticleContext, d: EventDraft) -> set[str]:
        """Words of the sentence that goes on telling a demonstration ("Police used tear gas to
        disperse the protesters. Demonstrators responded by throwing stones."): the next
        sentence, when it reports no ACLED event of its own (an act ACLED codes, that
        happened: the police's tear gas, a demand or an accusation do not end the story of
        the demonstration; a killing or an arrest does). ACLED's Protests vs Riots turns on what
        the demonstrators did, which a short report often tells after the demonstration.
        Lemmas when the sentence was parsed, else its words with their inflections stripped.
        """
        if d.type != "PROTEST":
            return set()
        nxt = next((s for s in ctx.sentences if s.start >= d.sentence.end), None)
        if nxt is None or any(o.sentence.start == nxt.start and _codable(o) for o in ctx.drafts):
            return set()
        parsed = ctx.parsed_at(nxt.start)
        if parsed is not None:
            return {t.lemma_.lower() for t in parsed.doc if not names_a_force(t)}
        return {f for w in re.findall(r"[a-z][a-z-]*", nxt.text.lower()) for f in _forms(w)}

    @staticmethod
    def grievance(ctx: ArticleContext, d: EventDraft) -> frozenset[int]:
        """Token indices of the sentence that name what its demonstrations are against: the
        subtree of a demonstration trigger's direct object or of its against/over/about
        phrase, with no punctuation between them and without the clauses inside it
        ("residents protested against the extraction of stones", "hundreds protested the
        burning of a church"). A demonstration's Protests vs Riots reads the sentence's
        words for what the demonstrators did; the grievance is not what they did.
        For an act named inside that grievance (the demolition the traders protested), the
        other way round: the sentence's words outside the grievance, which are the
        demonstration's and not its own. Empty for other events."""
        out = _grievance_tokens(ctx, d)
        if d.type == "PROTEST" or d.tok.i not in out:
            return out if d.type == "PROTEST" else frozenset()
        # an act named in a demonstration's grievance ("protested the demolition of their
        # kiosks") is read with the grievance's own words: the demonstration is not its context
        return frozenset(t.i for t in d.doc if t.i not in out)


    def map(
        self, d: EventDraft, more: set[str] | frozenset[str] = frozenset(), skip: frozenset[int] = frozenset(),
        report: str | None = None,
    ) -> dict[str, str] | None:
        if d.negated or d.hypothetical or d.type != d.match.entry.type:
            # not an act that happened, or re-typed (a statement of intent, a refusal, material
            # backing): the entry's ACLED key described another act
            return None
        doc = d.doc
        # the event is all its mentions: "a mortar strike ... left two injured"
        means: set[str] = set()
        for m in (d, *d.others):
            if m.type == d.type:
                support = m.doc[m.match.support] if m.match.support is not None else None
                means |= self.modes.resolve(m.tok, d.type, support)[1]
        lemmas = [t.lemma_.lower() for t in doc if t.i not in skip and not names_a_force(t) and not forces_manner(t)] + sorted(more)
        src = d.src_span
        # the perpetrator's own words ("Pokot militia kill three") say nothing of the victim
        others = [
            t.lemma_.lower() for t in doc
            if t.i not in skip and not names_a_force(t) and not forces_manner(t) and (src is None or not src.start <= t.i < src.end)
        ] + sorted(more)
        span = d.tgt_span
        protester = bool(span and any(doc[i].lemma_.lower() in PROTESTER_NOUNS for i in range(span.start, span.end)))
        source, target = d.source_actor, d.target_actor
        key = d.match.entry.acled
        if key == "clash" and d.tok.lemma_.lower() in ONE_SIDED_NOUNS:
            # "a cattle raid", "an ambush": one side acts on the other, as in "attacked"
            key = "attack"
        return self.mapper.map(
            key,
            source.sector if source else None,
            CIVILIAN_NOUN_SECTOR if report != RESPONSE and off_duty(doc, span) else
            _target_side(target.sector if target else None, self.victim_side(d), report),
            lemmas,
            protester,
            d.mode,
            means,
            {doc[i].lemma_.lower() for i in range(src.start, src.end)} if src is not None else (),
            two_sides=names_two_sides(doc, skip),
            other_lemmas=others,
        )

    @staticmethod
    def victim_side(d: EventDraft) -> str | None:
        """The side of a victim the actor resolver left without a sector, from its noun.

        ACLED's Battles vs Violence against civilians turns on whether the target is armed
        and organised; a short note names its victim by a common noun ("an Ilchamus man",
        "two officers", "a police post"). The target span's head decides, then the span's
        other words; with no target span, the sentence's nouns outside the source span (the
        perpetrator's own noun — "militia attacked a village" — says nothing of the victim)
        decide when they name one side only. None when nothing, or both sides, are named.
        """
        doc = d.doc
        span = d.tgt_span
        if span is not None:
            head = doc[span.head].lemma_.lower()
            if head in ARMED_NOUNS:
                return ARMED_NOUN_SECTOR
            if head in CIVILIAN_NOUNS:
                return CIVILIAN_NOUN_SECTOR
            toks = range(span.start, span.end)
        else:
            src = d.src_span
            toks = (i for i in range(len(doc)) if src is None or not src.start <= i < src.end)
        lemmas = {doc[i].lemma_.lower() for i in toks if doc[i].pos_ in ("NOUN", "PROPN")}
        armed, civilian = bool(lemmas & ARMED_NOUNS), bool(lemmas & CIVILIAN_NOUNS)
        if armed != civilian:
            return ARMED_NOUN_SECTOR if armed else CIVILIAN_NOUN_SECTOR
        return None


def names_two_sides(doc: Any, skip: frozenset[int] | set[int] = frozenset()) -> bool:
    """Whether a sentence names its violence as between two parties: a noun of violence
    (``acled_two_sided_nouns``: violence, fighting, clashes ...) whose "between" phrase names
    two sides — coordinated ("between Kalenjin and Maasai", "between police and SLDF") or one
    plural noun ("between rival clans", "between the two groups"). ACLED's Battles are a
    violent interaction between two organised armed groups (communal and political militias
    count); a note that states both sides of the violence states a battle, whoever the victims
    were. Tokens in ``skip`` (a demonstration's grievance: "protested over clashes between
    clans") are not read."""
    for t in doc:
        if t.i in skip or t.pos_ != "NOUN" or t.lemma_.lower() not in TWO_SIDED_NOUNS:
            continue
        for prep in t.children:
            if prep.dep_ != "prep" or prep.lower_ != "between":
                continue
            for o in prep.children:
                if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN") and (
                    any(c.dep_ == "conj" for c in o.children) or o.tag_ in ("NNS", "NNPS")
                ):
                    return True
    return False


#: how many sentences before / after an event's own the report of it is read for casualties
#: (an ACLED note is one to five sentences; a news article tells many happenings)
REPORT_BEFORE, REPORT_AFTER = 1, 2
#: what :func:`report_side` returns for an armed response by the state's forces
RESPONSE = "response"
#: what :func:`report_side` returns for an armed casualty named in another sentence than the event's
REPORTED_ARMED = "reported-armed"
#: sectors of state actors (as ``classify.STATE_SECTORS``): their own act has no response
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
#: dependency labels of a casualty word's victim: "officers were killed", "killing two
#: officers", "a herder died"
VICTIM_DEPS = frozenset({"nsubjpass", "dobj", "nsubj"})
#: casualty words whose subject is the victim, not the doer ("died", "succumbed")
SUBJECT_VICTIM = words("acled_subject_victim_verbs")
#: heads that stand for their of-phrase's people ("two of the officers", "some of the raiders")
QUANTITY_HEADS = words("acled_quantity_heads")


def casualties_of(doc: Any) -> list[str]:
    """The head lemmas of the people a sentence says were harmed (``acled_casualty_words``):
    the passive subject or object of a casualty verb, the subject of "die"; "among the dead
    were two reservists" and "left two officers dead" name theirs through the verb the
    casualty word hangs on. A number or quantity ("two of the officers") stands for its
    of-phrase; coordinated victims all count."""
    out: list[Any] = []
    for t in doc:
        lem = t.lemma_.lower()
        if lem not in CASUALTY_WORDS and t.lower_ not in CASUALTY_WORDS:
            continue
        if t.pos_ in ("VERB", "AUX") and lem not in ("dead", "injured", "wounded"):
            deps = VICTIM_DEPS if lem in SUBJECT_VICTIM else VICTIM_DEPS - {"nsubj"}
            out.extend(c for c in t.children if c.dep_ in deps)
        elif t.dep_ == "pobj" and t.head.lower_ == "among":
            # "among the dead were two reservists"
            out.extend(c for c in t.head.head.children if c.dep_ in ("nsubj", "attr", "nsubjpass") and c.i != t.head.i)
        elif t.dep_ in ("oprd", "xcomp", "acomp", "ccomp"):
            # "left two officers dead", "two officers were found dead"
            out.extend(c for c in t.head.children if c.dep_ in ("dobj", "nsubjpass"))
    lemmas: list[str] = []
    seen: set[int] = set()
    while out:
        v = out.pop()
        if v.i in seen:
            continue
        seen.add(v.i)
        if v.pos_ in ("NUM", "PRON", "DET") or v.lemma_.lower() in QUANTITY_HEADS:
            out.extend(g for c in v.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj")
        out.extend(c for c in v.children if c.dep_ in ("conj", "appos"))
        lemmas.append(v.lemma_.lower())
    return lemmas


def responders_of(doc: Any) -> bool:
    """Whether a sentence has the state's forces do harm (``acled_responder_nouns`` as the
    subject of a casualty verb, or of the verb a casualty clause or conjunct hangs on: "police
    intervened, shooting dead three", "police responded killing two"). A casualty told as the
    state someone found a victim in ("officers found a man shot dead": a past participle
    complement) is no act of theirs."""
    for t in doc:
        if t.pos_ != "VERB" or (t.lemma_.lower() not in CASUALTY_WORDS and t.lower_ not in CASUALTY_WORDS):
            continue
        if t.lemma_.lower() in SUBJECT_VICTIM:
            continue
        heads = [t]
        h = t
        while (h.dep_ in ("advcl", "conj") or (h.dep_ == "xcomp" and h.tag_ == "VBG")) and h.head.i != h.i:
            h = h.head
            heads.append(h)
        for v in heads:
            if any(c.dep_ == "nsubj" and c.lemma_.lower() in RESPONDER_NOUNS for c in v.children):
                return True
    return False


def note_casualties(ctx: ArticleContext) -> dict[int, tuple[list[str], bool]]:
    """The casualties (:func:`casualties_of`) of every parsed sentence, and whether the
    state's forces did harm in it (:func:`responders_of`), by sentence start."""
    out: dict[int, tuple[list[str], bool]] = {}
    for p in ctx.parsed:
        doc = p.doc
        # both read only tokens whose lemma or form is a casualty word: most sentences have none
        if any(t.lemma_.lower() in CASUALTY_WORDS or t.lower_ in CASUALTY_WORDS for t in doc):
            out[p.sentence.start] = (casualties_of(doc), responders_of(doc))
        else:
            out[p.sentence.start] = ([], False)
    return out


def report_side(ctx: ArticleContext, d: EventDraft, casualties: dict[int, tuple[list[str], bool]]) -> str | None:
    """The side an event hit, read from the whole report around it (its sentence, the one
    before, the two after) — a short report names its victims or the armed response in
    another sentence than the attack's, and the coder has no event there (ACLED codebook:
    Battles are two armed, organised sides; Violence against civilians hits unarmed people;
    the state's forces fighting back make a battle). ``RESPONSE`` when another sentence has
    the state's forces do harm (:func:`responders_of`) and the event is not the state's own;
    ``REPORTED_ARMED`` when a casualty of another sentence is named by an armed noun
    (``acled_armed_target_nouns``: "two police reservists were killed"); the armed-noun sector
    when only the event's own sentence names one; the civilian one when the casualties named
    are unarmed people only; None when none is named.
    :func:`_target_side` orders this evidence against the sentence's own."""
    starts = [s.start for s in ctx.sentences]
    try:
        k = starts.index(d.sentence.start)
    except ValueError:
        return None
    around = starts[max(0, k - REPORT_BEFORE) : k + REPORT_AFTER + 1]
    own = d.source_actor.sector if d.source_actor else None
    if own not in STATE_SECTORS and any(casualties.get(s, ((), False))[1] for s in around if s != d.sentence.start):
        return RESPONSE
    others = [lem for s in around if s != d.sentence.start for lem in casualties.get(s, ((), False))[0]]
    if any(lem in ARMED_NOUNS for lem in others):
        return REPORTED_ARMED
    lemmas = others + list(casualties.get(d.sentence.start, ((), False))[0])
    if any(lem in ARMED_NOUNS for lem in lemmas):
        return ARMED_NOUN_SECTOR
    if any(lem in CIVILIAN_NOUNS for lem in lemmas):
        return CIVILIAN_NOUN_SECTOR
    return None


def _target_side(resolved: str | None, sentence: str | None, report: str | None) -> str | None:
    """The target sector the mapping reads: an armed response in the report (``RESPONSE``)
    decides before everything (ACLED: the state's forces fighting back make two armed sides);
    then the sector the actor resolver gave the target; then an armed casualty another
    sentence names, before the side the event's sentence's nouns suggest (a short note names
    "a farm" in the attack's sentence and "two police reservists were killed" in the next);
    then the sentence's side (:meth:`Acled.victim_side`), then the report's casualties."""
    if report == RESPONSE:
        return ARMED_NOUN_SECTOR
    if resolved:
        return resolved
    if report == REPORTED_ARMED:
        return ARMED_NOUN_SECTOR
    return sentence or report


def _grievance_tokens(ctx: ArticleContext, d: EventDraft) -> frozenset[int]:
    """The grievance token indices of the demonstrations of ``d``'s sentence (see
    :meth:`Acled.grievance`)."""
    out: set[int] = set()
    for o in ctx.drafts:
        if o.type != "PROTEST" or o.sentence.start != d.sentence.start or o.doc is not d.doc or o.match.entry.mode not in GRIEVANCE_MODES:
            continue
        for c in o.tok.children:
            if (c.dep_ in GRIEVANCE_DEPS or (c.dep_ == "prep" and c.lemma_.lower() in GRIEVANCE_PREPS)) and not _broken(o.tok, c):
                out.update(_phrase(c))
    return frozenset(out)


#: dependency labels that open a clause of its own inside a phrase
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "parataxis"})
#: the dependency labels of a noun's slot (a verb there is a clause the parser misread)
NOUN_DEPS = frozenset({"pobj", "dobj", "conj", "nsubj"})


def _phrase(tok: Any) -> set[int]:
    """The token indices of ``tok``'s subtree without the clauses it holds (:func:`_clause`):
    a clause under it tells an act of its own (a parse that hangs "throw stones" under
    "against" in "protesters against insecurity throw stones"), and so does a dependent set
    off by punctuation ("protested the state of a road, burning tyres")."""
    out, stack = set(), [tok]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(c for c in t.children if not _clause(c) and not _broken(t, c))
    return out


def _broken(head: Any, child: Any) -> bool:
    """Whether punctuation stands between a trigger and its dependent: "protested in the
    town, burning tyres" (a parse that makes the tyres the protest's object) is no
    grievance."""
    lo, hi = sorted((head.i, child.i))
    return any(head.doc[i].is_punct for i in range(lo + 1, hi))


def _clause(t: Any) -> bool:
    """Whether a token heads a clause of its own: a relative, adverbial or complement clause, a
    finite verb, or a verb standing where the phrase has a noun ("against insecurity throw
    stones", a headline parse of a clause as an object)."""
    return (
        t.dep_ in CLAUSE_DEPS or "Fin" in t.morph.get("VerbForm")
        or (t.pos_ == "VERB" and t.dep_ in NOUN_DEPS)
    )


def names_a_force(t: Any) -> bool:
    """Whether a word only modifies the name of a security force ("riot police", "anti-riot
    squad"): it tells who was sent, not what the crowd did (``acled_force_nouns``)."""
    return t.dep_ in ("compound", "amod", "nmod") and t.head.i != t.i and t.head.lemma_.lower() in FORCE_NOUNS


def off_duty(doc: Any, span: Any) -> bool:
    """Whether a target is named as out of service ("an off-duty officer", "a retired army
    major": ``acled_off_duty_words``, joined across the tokenizer's hyphen split). ACLED
    codes armed people who are not acting as such as civilians: violence on them is Violence
    against civilians (docs/codebook.md §9)."""
    if span is None:
        return False
    toks = [doc[i].lower_ for i in range(span.start, span.end)]
    text = " ".join(toks).replace(" - ", "-")
    return any(w in OFF_DUTY_WORDS for w in (*toks, *text.split()))


def forces_manner(t: Any) -> bool:
    """Whether a word only tells how the state's forces acted ("police violently dispersed the
    protesters": an adverb of a verb whose subject is ``acled_responder_nouns``): the manner of
    the response, not what the crowd did (ACLED's Protests vs Riots turns on the demonstrators'
    acts; force by the police makes a protest one with intervention or excessive force)."""
    return (
        t.dep_ == "advmod" and t.head.i != t.i
        and any(c.dep_ == "nsubj" and c.lemma_.lower() in RESPONDER_NOUNS for c in t.head.children)
    )


def _codable(d: EventDraft) -> bool:
    """Whether a draft is an act ACLED codes (its trigger entry has an ACLED key) that
    happened: such an event is a story of its own, not the continuation of another's."""
    return d.match.entry.acled is not None and not d.negated and not d.hypothetical


def _forms(word: str) -> set[str]:
    """A word and its candidate lemmas with a regular inflection stripped ("stones" stone,
    "throwing" throw, "torched" torch): enough to look up the mapping's lemma lists in a
    sentence that was not parsed."""
    out = {word}
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.add(word[: -len(suffix)] + repl)
    return out


@components.register("acled")
def make_acled(resources: Any) -> Acled:
    return Acled(resources.acled)
