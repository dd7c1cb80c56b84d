"""Who did it, to whom: source and target of a trigger from the dependency parse.

Handles active and passive voice, nominal triggers ("ISIL's counter-attack", "Russian
airstrikes", "the jihadists staged a counter-attack"), coordination ("X and its allies":
the head conjunct is the actor), controlled subjects ("seeks to regain control"), reduced
relatives ("areas held by the SDF") and the holder of a taken place ("took control over
Albu Kamal, ISIL militants' last significant town" -> target ISIL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lang import words

SUBJ = ("nsubj", "csubj")
PASS_SUBJ = ("nsubjpass", "csubjpass")
TARGET_PREPS = ("against", "on", "upon", "from", "over", "with", "at", "of", "targeting")
PRONOUNS = words("pronouns")
_NP_DROP = frozenset({"conj", "cc", "appos", "relcl", "acl", "punct", "advcl", "prep", "parataxis", "preconj"})


@dataclass(slots=True)
class RoleSpan:
    start: int  # token indices in the sentence doc, end exclusive
    end: int
    head: int
    pronoun: bool = False


def np_span(tok: Any) -> RoleSpan:
    """The noun phrase headed by ``tok`` without coordinated or attached clauses.

    "The Syrian army and its allies" -> "The Syrian army"; "The Syrian Democratic Forces
    (SDF) alliance of Kurdish and Arab militias" stays whole (its "of" complement and the
    bracketed acronym belong to it); a leading determiner is dropped.
    """
    keep = {tok.i}
    for c in tok.children:
        if c.dep_ in _NP_DROP and not (c.dep_ == "prep" and c.lower_ == "of" and _nominal_of(c)):
            continue
        keep.update(t.i for t in c.subtree)
    start, end = min(keep), max(keep) + 1
    # never run across a dropped child (e.g. "X, backed by Y," or "X and its allies")
    for c in tok.children:
        if c.dep_ in ("conj", "cc", "relcl", "acl", "appos", "advcl") and c.i > tok.i:
            end = min(end, c.left_edge.i)
        if c.dep_ in ("conj", "cc", "relcl", "acl", "appos", "advcl") and c.i < tok.i:
            start = max(start, c.right_edge.i + 1)
    doc = tok.doc
    while start < end - 1 and doc[start].lower_ in ("the", "a", "an", ",", '"', "'", "(", "[", "“"):
        start += 1
    while end - 1 > start and doc[end - 1].lower_ in (",", '"', "'", ")", "]", "”", "-"):
        if doc[end - 1].lower_ == ")" and any(doc[k].lower_ == "(" for k in range(start, end - 1)):
            break
        end -= 1
    return RoleSpan(start, end, tok.i, tok.lower_ in PRONOUNS)


def _nominal_of(prep: Any) -> bool:
    """ "forces of the regime" keeps its complement; "accused the coalition of killing" does not."""
    return any(g.dep_ == "pobj" and g.tag_ != "VBG" for g in prep.children) and not any(g.dep_ == "pcomp" for g in prep.children)


def _child(tok: Any, deps: tuple[str, ...]) -> Any | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _pobj(tok: Any, preps: tuple[str, ...]) -> Any | None:
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _is_passive(tok: Any) -> bool:
    return any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in tok.children) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN"
    )


def _inherited_subject(tok: Any) -> Any | None:
    """Subject of a verb that has none of its own: conjoined, controlled or adverbial verbs."""
    seen = 0
    cur = tok
    while seen < 4 and cur.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp") and cur.head is not cur:
        head = cur.head
        if cur.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head
        subj = _child(head, SUBJ) or (_pobj(head, ("by",)) if _is_passive(head) else None)
        if subj is not None:
            if cur.dep_ == "xcomp" and _child(head, ("dobj",)) is not None and head.lemma_ in ("force", "order", "urge", "ask", "help", "allow"):
                return _child(head, ("dobj",))
            return subj
        cur = head
        seen += 1
    if tok.dep_ == "relcl" and tok.head is not tok:
        return tok.head
    return None


def _actor_like(tok: Any) -> bool:
    """A word that can name a participant: a person, organisation, people or country, a
    person noun, or a pronoun."""
    from .classify import PERSON_NOUNS

    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or tok.pos_ == "PROPN" or tok.lower_ in PRONOUNS:
        return True
    return tok.lemma_.lower() in PERSON_NOUNS or tok.lower_ in PERSON_NOUNS or tok.lemma_.lower() in _PARTY_NOUNS


_PARTY_NOUNS = words("party_nouns")


def verb_roles(tok: Any) -> tuple[RoleSpan | None, RoleSpan | None]:
    if _is_passive(tok):
        src_tok = _pobj(tok, ("by",))
        tgt_tok = _child(tok, PASS_SUBJ)
        if tgt_tok is None and tok.dep_ == "acl":
            tgt_tok = tok.head
        if tgt_tok is None:
            tgt_tok = _inherited_subject(tok)
    else:
        src_tok = _child(tok, SUBJ)
        if src_tok is None:
            src_tok = _inherited_subject(tok)
        tgt_tok = _child(tok, ("dobj",))
        if tgt_tok is not None and tgt_tok.lemma_.lower() in ("control", "attack", "victory", "offensive", "fire", "responsibility"):
            tgt_tok = None  # "took control over X": X is a place, the holder is found below
        if tgt_tok is not None and not _actor_like(tgt_tok):
            # "shared evidence with the U.S.", "gave Tanzania a grant", "handed over to
            # Britain two nationals", "praised Haiti's efforts": the party, not the thing
            party = _child(tok, ("dative",)) or _pobj(tok, ("with", "to", "for"))
            if party is not None and _actor_like(party):
                tgt_tok = party
            else:
                poss = _child(tgt_tok, ("poss",))
                if poss is not None and _actor_like(poss) and poss.lower_ not in PRONOUNS:
                    tgt_tok = poss
        if tgt_tok is None:
            tgt_tok = _pobj(tok, TARGET_PREPS)
        if tgt_tok is None:
            party = _child(tok, ("dative",)) or _pobj(tok, ("to", "for"))
            if party is not None and _actor_like(party):
                tgt_tok = party  # "apologized to Brazil"
        if tgt_tok is None:
            # "offered to negotiate with the president of Armenia": the party of the act offered
            xc = _child(tok, ("xcomp",))
            if xc is not None:
                party = _pobj(xc, ("with",))
                if party is not None and _actor_like(party):
                    tgt_tok = party
        if tgt_tok is None:
            dobj = _child(tok, ("dobj",))
            if dobj is not None:
                tgt_tok = _pobj(dobj, ("on", "against", "over", "of", "from"))
    if src_tok is not None and src_tok.dep_ == "expl":
        src_tok = None
    return (np_span(src_tok) if src_tok is not None else None, np_span(tgt_tok) if tgt_tok is not None else None)


def noun_roles(tok: Any) -> tuple[RoleSpan | None, RoleSpan | None]:
    src_tok = _child(tok, ("poss",)) or _pobj(tok, ("by", "from"))
    if src_tok is None:
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod") and (c.ent_type_ in ("NORP", "ORG", "GPE") or c.pos_ == "PROPN"):
                src_tok = c
                break
    if src_tok is None and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        # "the jihadists staged a counter-attack", "launched airstrikes"
        src_tok = _child(tok.head, SUBJ) or _inherited_subject(tok.head)
    if src_tok is None and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB":
        src_tok = _child(tok.head.head, SUBJ)
    tgt_tok = _pobj(tok, ("on", "against", "of", "targeting", "at"))
    if src_tok is not None and tgt_tok is not None and src_tok.i == tgt_tok.i:
        tgt_tok = None
    return (np_span(src_tok) if src_tok is not None else None, np_span(tgt_tok) if tgt_tok is not None else None)


def held_by(tok: Any) -> RoleSpan | None:
    """For a place taken from someone: the holder named beside it.

    "took control over Albu Kamal, ISIL militants' last significant town" -> ISIL militants;
    "recaptured the town from the Taliban" is handled as a plain target (from-phrase)."""
    places = []
    for c in tok.children:
        if c.dep_ == "dobj":
            places.append(c)
            places.extend(g for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
        if c.dep_ == "prep":
            places.extend(g for g in c.children if g.dep_ == "pobj")
    for p in places:
        for ap in [p, *[c for c in p.children if c.dep_ == "appos"]]:
            poss = _child(ap, ("poss",))
            if poss is not None and poss.lower_ not in PRONOUNS:
                return np_span(poss)
            # "areas held by the SDF", "towns controlled by the Taliban"
            for acl in (c for c in ap.children if c.dep_ == "acl" and c.lemma_.lower() in HOLD_VERBS):
                holder = _pobj(acl, ("by",))
                if holder is not None:
                    return np_span(holder)
    return None


HOLD_VERBS = words("hold_verbs")


def is_place(tok: Any) -> bool:
    """A place rather than an actor: a location entity or a place noun ("the town")."""
    from .classify import PLACE_NOUNS

    if tok.ent_type_ in ("GPE", "LOC", "FAC") and tok.dep_ in ("pobj", "dobj") and tok.head.lower_ not in ("by",):
        # countries and capitals after verbs of attacking are actors ("attacked Syria"),
        # but after from/over/in/into/across they are places
        return tok.dep_ == "pobj" and tok.head.lower_ in ("over", "in", "into", "across", "from", "at", "near", "of", "around")
    return tok.lemma_.lower() in PLACE_NOUNS


def roles(tok: Any) -> tuple[RoleSpan | None, RoleSpan | None]:
    src, tgt = noun_roles(tok) if tok.pos_ == "NOUN" else verb_roles(tok)
    if tgt is not None and is_place(tok.doc[tgt.head]):
        tgt = None
    return src, tgt
