"""Who said it: reported speech and attribution linked to the events inside it.

Three shapes, in the order news writing uses them:

* a speech verb governing the clause that holds the event ("X said that ISIL withdrew"),
  or hanging off it ("ISIL withdrew, X said on Sunday" — parsed as advcl/parataxis/ccomp);
* "according to X" anywhere in the event's clause;
* across sentences: a quotation that opens in one sentence and is attributed at its close in
  a later one, and pronoun sources ("it added", "he said") that refer to the last named
  source in the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lang import words
from .roles import PRONOUNS

SPEECH_LEMMAS = words("speech_lemmas")
_QUOTES = '"“”'


@dataclass(slots=True)
class Source:
    """A source of reported speech, found in a sentence (offsets in the sentence doc)."""

    verb_i: int
    start: int  # char offsets in the doc
    end: int
    text: str
    pronoun: bool
    #: the words that say who speaks: ``text`` without the objects of its clauses
    #: ("the forces battling ISIL" are not ISIL); ``text`` when there are none
    who: str = ""


def _source_phrase(tok: Any) -> tuple[int, int, str]:
    """The speaker phrase with its modifiers ("a military news service run by Hezbollah")."""
    sub = [t for t in tok.subtree if not (t.dep_ in ("punct",) and t.i in (tok.left_edge.i, tok.right_edge.i))]
    toks = [t for t in sub if t.i >= tok.left_edge.i]
    # drop a leading determiner
    while toks and toks[0].dep_ == "det" and toks[0].lower_ in ("the", "a", "an"):
        toks = toks[1:]
    # stop at a following clause boundary (comma + that-clause etc.)
    toks = [t for t in toks if t.i <= tok.right_edge.i]
    if not toks:
        return tok.idx, tok.idx + len(tok), tok.text
    doc = tok.doc
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    return start, end, doc.text[start:end]


def _who(tok: Any, start: int, end: int) -> str:
    """The speaker phrase without the objects of its participial and relative clauses.

    "the forces battling ISIL in Syria" speak for the forces, not for ISIL; "a service
    run by Hezbollah" keeps its agent (the name that says whose service it is).
    """
    drop: set[int] = set()
    for t in tok.subtree:
        if t.dep_ in ("acl", "relcl") and t.pos_ in ("VERB", "AUX"):
            for c in t.children:
                if c.dep_ in ("dobj", "prep", "advcl", "xcomp") :
                    drop.update(x.i for x in c.subtree)
    if not drop:
        return tok.doc.text[start:end]
    kept = [t for t in tok.doc if start <= t.idx < end and t.i not in drop]
    return "".join(t.text_with_ws for t in kept).strip()


def speech_sources(doc: Any) -> dict[int, Source]:
    """Speech verbs of the sentence with their speakers, keyed by verb index."""
    out: dict[int, Source] = {}
    for tok in doc:
        if tok.lemma_.lower() in SPEECH_LEMMAS and tok.pos_ == "VERB":
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None:
                by = next((c for c in tok.children if c.dep_ == "agent"), None)
                subj = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
            if subj is None or subj.dep_ == "expl" or subj.lower_ in ("i", "you"):
                continue
            s, e, text = _source_phrase(subj)
            out[tok.i] = Source(tok.i, s, e, text, subj.lower_ in PRONOUNS, _who(subj, s, e))
        if tok.lower_ == "according" and tok.dep_ in ("prep", "advmod", "case"):
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            pobj = None
            if to is not None:
                pobj = next((g for g in to.children if g.dep_ == "pobj"), None)
            if pobj is None:
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                s, e, text = _source_phrase(pobj)
                out[tok.i] = Source(tok.i, s, e, text, pobj.lower_ in PRONOUNS, _who(pobj, s, e))
    return out


def sources_for(trigger: Any, sources: dict[int, Source]) -> list[Source]:
    """The sources whose speech contains ``trigger``."""
    if not sources:
        return []
    found: list[Source] = []
    # 1. a speech verb above the trigger, the trigger inside its complement
    cur = trigger
    for _ in range(12):
        if cur.head is cur:
            break
        if cur.head.i in sources and cur.dep_ in ("ccomp", "xcomp", "parataxis", "conj", "advcl", "dobj"):
            found.append(sources[cur.head.i])
            break
        cur = cur.head
    # 2. a speech verb or "according to" hanging off the trigger's clause (or an ancestor)
    anc = [trigger, *list(trigger.ancestors)[:6]]
    for a in anc:
        for c in a.children:
            if c.i in sources and c.i != trigger.i and c.dep_ in ("advcl", "parataxis", "ccomp", "prep", "conj", "advmod"):
                if sources[c.i] not in found:
                    found.append(sources[c.i])
    return found


def quote_state(text: str) -> int:
    """Net opening quotation marks in ``text`` (straight quotes alternate)."""
    n = 0
    straight = 0
    for ch in text:
        if ch == "“":
            n += 1
        elif ch == "”":
            n -= 1
        elif ch == '"':
            straight += 1
    return n + (straight % 2)
