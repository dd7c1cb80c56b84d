"""``modality`` and ``intent``: did the act happen, and what does a statement of it do?

``modality`` flags a trigger ``negated`` ("denied attacking") or ``hypothetical`` ("could
strike", "plans to withdraw", "if ... attacked") from its own and its governors' dependents.
``intent`` then re-types what PLOVER codes as a statement rather than an act: a cooperative
act the source says it will take is AGREE, a hostile one (or one promised *unless* a demand
is met) THREATEN, one someone *must* take REQUEST, and a cooperative act refused or failed
REJECT.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..classify import ModeResolver
from ..lang import words
from ..nlp import clause_head
from ..registry import components
from .base import ArticleContext, EventDraft

HYPOTHETICAL_GOVERNORS = words("hypothetical_governors")
NEGATING_GOVERNORS = words("negating_governors")
ATTEMPT_GOVERNORS = words("attempt_governors")
FORCED_ENTRY_VERBS = words("forced_entry_verbs")
MODALS = words("modal_auxiliaries")
INTENT_WORDS = words("intent_words")
DOUBT_MODALS = words("doubt_modals")
REFUSING_GOVERNORS = words("refusing_governors")
CONDITION_MARKS = words("condition_marks")
#: the subordinators of a condition attached to a verb ("unless X agrees"); "whether" asks
CONDITIONS = CONDITION_MARKS - {"whether"}
CONTENT_PREPOSITIONS = words("content_prepositions")
#: time-frame words ("following", "after", "in the wake of"): what they head is a frame
FRAME_WORDS = words("event_frame_words")

COOPERATIVE = frozenset({"AID", "COOPERATE", "CONCEDE", "RETREAT", "SUPPORT", "CONSULT", "AGREE"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "REJECT"})
BACKING_VERBS = words("backing_verbs")
#: verbal acts named by a noun ("the allegations"): denying one rejects what it says, it does
#: not say the allegation was never made
STATEMENT_TYPES = frozenset({"ACCUSE", "REQUEST", "THREATEN"})
MATERIAL_MODES = frozenset({"military", "economic", "humanitarian"})
#: how deep to climb governors ("expect it to ... turn to an insurgency using ... bombings")
MAX_GOVERNOR_DEPTH = 8


class Modality:
    name: ClassVar[str] = "modality"
    requires: ClassVar[tuple[str, ...]] = ("drafts",)
    assigns: ClassVar[tuple[str, ...]] = ("draft.negated", "draft.hypothetical")

    def __call__(self, ctx: ArticleContext) -> None:
        for d in ctx.drafts:
            d.negated, d.hypothetical = modality(d.tok, attempt_happened=attempt_happens(d))
            if d.negated and d.type in STATEMENT_TYPES and denied_statement(d.tok):
                d.negated = False


class Intent:
    name: ClassVar[str] = "intent"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "draft.negated", "draft.hypothetical")
    assigns: ClassVar[tuple[str, ...]] = ("draft.type", "draft.mode", "draft.acled", "draft.negated", "draft.hypothetical")

    def __call__(self, ctx: ArticleContext) -> None:
        for d in ctx.drafts:
            retype(d)


@components.register("modality")
def make_modality(resources: Any) -> Modality:
    return Modality()


@components.register("intent")
def make_intent(resources: Any) -> Intent:
    return Intent()


def attempt_happens(d: EventDraft) -> bool:
    """Whether an attempt of the draft's act is the act: violence tried on a victim ("a mob
    tried to lynch", "gunmen attempted to abduct") is violence done, while a tried seizure of
    ground ("tried to take control"), a tried forced entry ("attempted to storm the offices",
    ``forced_entry_verbs``) or a tried meeting is not what it names."""
    return d.type == "ASSAULT" and d.match.entry.mode != "seize" and d.tok.lemma_.lower() not in FORCED_ENTRY_VERBS


def modality(tok: Any, attempt_happened: bool = False) -> tuple[bool, bool]:
    """(negated, hypothetical) for a trigger, from its own and its governors' dependents. An
    act governed by an attempt verb ("tried to", ``attempt_governors``) is hypothetical unless
    ``attempt_happened`` (:func:`attempt_happens`)."""
    negated = any(c.dep_ == "neg" for c in tok.children)
    hypothetical = False
    adjunct = False  # the climb has left the content of the governors above (:func:`adjunct_link`)
    own_tense = own_tensed_conjunct(tok)
    cur = tok
    for depth in range(MAX_GOVERNOR_DEPTH):
        for c in cur.children:
            if c.dep_ == "aux" and c.lower_ in MODALS and not (own_tense and depth == 1):
                hypothetical = True
            if c.dep_ == "mark" and c.lower_ in CONDITION_MARKS:
                hypothetical = True
        if cur.head.i == cur.i:
            break
        head = cur.head
        hl = head.lemma_.lower()
        adjunct = adjunct or adjunct_link(cur) or (own_tense and depth == 1)
        if cur.dep_ in ("xcomp", "ccomp", "acl", "pcomp", "dobj", "pobj", "advcl", "prep") or (cur.dep_ == "conj" and depth == 0):
            # a coordinated verb is a second act, not a governor: "rejected and condemned the
            # leak" condemns; "denies the allegations and accuses X" accuses
            if hl in NEGATING_GOVERNORS and cur.dep_ != "conj":
                negated = True
            if hl in HYPOTHETICAL_GOVERNORS and cur.dep_ != "conj" and not adjunct:
                hypothetical = True
            if hl in ATTEMPT_GOVERNORS and cur.dep_ != "conj" and not attempt_happened and not adjunct:
                hypothetical = True
            if any(c.dep_ == "neg" for c in head.children) and cur.dep_ in ("xcomp", "ccomp") and not juxtaposed(cur):
                negated = True
            if cur.dep_ == "pcomp" and head.lower_ == "without":
                negated = True  # "agreed to resign without returning"
        if cur.dep_ == "ROOT":
            break
        cur = head
    return negated, hypothetical


def own_tensed_conjunct(tok: Any) -> bool:
    """Whether a coordinated verb carries its own tense (a past or present form, or its own
    auxiliary): a modal or a request verb takes a bare or "to" verb, so a tensed second
    conjunct is a clause of its own, coordinated above the parser's attachment ("said the
    government could not afford the demands and urged it to return"; "will address the
    concerns but has accused X"), and neither the first conjunct's modal nor its governor is
    its own. A bare second conjunct ("could attack and destroy") shares them."""
    if tok.dep_ != "conj" or tok.pos_ not in ("VERB", "AUX"):
        return False
    return tok.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in tok.children)


def adjunct_link(cur: Any) -> bool:
    """Whether ``cur`` hangs on its head as an adjunct — a time, cause or place phrase, or a
    description of a participant — rather than as the head's content: what a request or
    intent verb governs is its complement ("called for justice", "plans to withdraw", "warned
    of attacks"), not what it is said after, over or at ("called for justice following the
    slaying", "demanded security after the attack", "militants it blames for a bombing"). An
    adjunct is a preposition outside ``content_prepositions``, a relative clause, or an
    adverbial clause that is not an infinitive ("to" + verb reads as the governor's
    purpose or a misparsed complement). A time-frame word (``event_frame_words``) heads an
    adjunct however the parser attaches it ("... to back down and following the slaying",
    "following" parsed as a coordinated verb)."""
    if cur.lower_ in FRAME_WORDS:
        return True
    if cur.dep_ == "prep":
        return cur.lower_ not in CONTENT_PREPOSITIONS
    if cur.dep_ == "relcl":
        return True
    if cur.dep_ == "advcl":
        return not any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
    return False


#: punctuation that closes one statement before the next in terse reports ("... was attacked -
#: details not specified", "... killed; location not known")
CLAUSE_BREAKS = frozenset({"-", "–", "—", ";", ":"})


def juxtaposed(clause: Any) -> bool:
    """Whether a complement clause is really a statement of its own set before its governor,
    cut off by a dash, semicolon or colon: the parser hangs "Kikuyu farm was attacked - DETAILS
    NOT SPECIFIED" and "Man killed ...; location not known" under the later verb as its
    complement, but the negation of what was not specified or known is not the negation of
    the attack. A complement that follows its governor ("did not say that ...") or is set off
    only by a comma ("X attacked, police did not confirm") is left as it was."""
    head = clause.head
    if clause.i >= head.i:
        return False
    return any(t.text in CLAUSE_BREAKS for t in clause.doc[clause.right_edge.i + 1 : head.i])


def retype(d: EventDraft) -> None:
    """PLOVER codes the statement of intent or the refusal, not the act that has not happened;
    and material backing ("backed the offensive with air strikes") as AID, not SUPPORT."""
    tok = d.tok
    if d.type == "SUPPORT" and tok.lemma_.lower() in BACKING_VERBS and material_backing(tok):
        d.type, d.acled = "AID", None
    intent = intent_type(tok, d.type) if d.hypothetical and not d.negated else None
    if d.negated and d.type in COOPERATIVE and refused(tok):
        intent = "REJECT"  # refusing or failing to cooperate is itself an event
        d.negated = False
    if intent is not None:
        d.type, d.mode, d.acled, d.hypothetical = intent, None, None, False


def _conditions(tok: Any) -> set[str]:
    """The subordinators of the conditions attached to a verb ("unless X agrees")."""
    return {g.lower_ for c in tok.children if c.dep_ == "advcl" for g in c.children if g.dep_ == "mark" and g.lower_ in CONDITIONS}


def intent_type(tok: Any, etype: str) -> str | None:
    """The statement a hypothetical action makes: AGREE for a cooperative action the source
    says it will take, THREATEN for a hostile one or one it will take *unless* its demand is
    met, REQUEST for one someone *must* take; None for conditions on the event itself, doubts
    ("could", "may") and intents already coded by their own trigger ("threatened to")."""
    cur = tok if tok.pos_ not in ("NOUN", "PROPN") else clause_head(tok)
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in cur.children):
            return None
        aux = {c.lower_ for c in cur.children if c.dep_ == "aux"}
        conds = _conditions(cur)
        if "must" in aux:
            return "REQUEST"
        if aux & DOUBT_MODALS:
            # a conditional hostile step ("may halt mediation if cooperation founders")
            return "THREATEN" if conds and etype in HOSTILE else None
        intent = bool(aux & INTENT_WORDS) or (cur.i != tok.i and cur.lemma_.lower() in INTENT_WORDS)
        if intent:
            if etype in HOSTILE or "unless" in conds:
                return "THREATEN"
            if etype in COOPERATIVE:
                return "AGREE"
            return None
        if cur.dep_ not in ("xcomp", "ccomp", "acl") or cur.head.i == cur.i:
            break
        cur = cur.head
    return None


def refused(tok: Any) -> bool:
    """A cooperative act its actor says it will not do or failed to do ("will not accept",
    "refused to release") — not a denial that it happened."""
    cur = tok if tok.pos_ not in ("NOUN", "PROPN") else clause_head(tok)
    if any(c.dep_ == "neg" for c in cur.children):
        return True
    for _ in range(2):
        if cur.dep_ not in ("xcomp", "ccomp") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lemma_.lower() in REFUSING_GOVERNORS or any(c.dep_ == "neg" for c in cur.children):
            return True
    return False


def material_backing(tok: Any) -> bool:
    """Backing given as material help — air power, troops, weapons, money — is PLOVER AID
    (codebook §12.8: air support to an ally is AID/military); backing a plan or a policy is
    verbal (SUPPORT). Read from what the backing is given with or by ("backed ... with air
    strikes", "backed by allied air power"), as the AID modes of ``lang/en/modes.yaml``."""
    mode, _ = ModeResolver.default().resolve(tok, "AID")
    return mode in MATERIAL_MODES


def denied_statement(tok: Any) -> bool:
    """A statement noun that is itself the object of a denial ("denies these allegations"):
    the statement was made; the denial is the denier's REJECT, not a negated accusation."""
    return (
        tok.pos_ == "NOUN"
        and tok.dep_ in ("dobj", "pobj")
        and tok.head.lemma_.lower() in NEGATING_GOVERNORS
        and not any(c.dep_ == "neg" for c in tok.children)
    )
