"""Who did it, to whom: source and target of a trigger from the dependency parse.

Handles active and passive voice, nominal triggers ("ISIL's counter-attack", "Russian
airstrikes", "the jihadists staged a counter-attack"), coordination ("X and its allies":
the head conjunct is the actor), controlled subjects ("seeks to regain control"), reduced
relatives ("areas held by the SDF") and the holder of a taken place ("took control over
Albu Kamal, ISIL militants' last significant town" -> target ISIL).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .lang import words
from .nlp import doc_memo, doc_text

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

    Memoised per sentence (``nlp.doc_memo``): the stages ask for the same token's phrase once
    per draft and candidate. The span is shared, so it is never changed in place.
    """
    memo = doc_memo(tok.doc, "eventcoder.np_span")
    span = memo.get(tok.i)
    if span is None:
        span = memo[tok.i] = _np_span(tok)
    return span


def _np_span(tok: Any) -> RoleSpan:
    if described_pronoun(tok):
        return _described_span(tok)
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
    # nor across a comma-set clause hung on a kept complement ("the alliance of rebel
    # militias, backed by a Western coalition,": the backer is no part of the alliance)
    for t in doc[tok.i + 1 : end]:
        if t.dep_ in ("acl", "relcl", "appos") and t.head.i != tok.i and t.left_edge.i > start and doc[t.left_edge.i - 1].is_punct:
            end = min(end, t.left_edge.i)
            break
    while start < end - 1 and doc[start].lower_ in ("the", "a", "an", ",", '"', "'", "(", "[", "“"):
        start += 1
    while end - 1 > start and doc[end - 1].lower_ in (",", '"', "'", ")", "]", "”", "-"):
        if doc[end - 1].lower_ == ")" and any(doc[k].lower_ == "(" for k in range(start, end - 1)):
            break
        end -= 1
    return RoleSpan(start, end, tok.i, tok.lower_ in PRONOUNS)


def _described_span(tok: Any) -> RoleSpan:
    """ "those responsible", "anyone with information", "those involved [in the attack]": the
    pronoun with the words that describe it (a participle's own complements are left out,
    they say what the people did, not who they are)."""
    keep = {tok.i}
    for c in tok.children:
        if c.dep_ in ("amod", "prep", "advmod"):
            keep.update(t.i for t in c.subtree)
        elif c.dep_ in ("acl", "relcl"):
            keep.add(c.i)
            keep.update(t.i for g in c.children if g.i < c.i or g.dep_ in ("advmod", "neg") for t in g.subtree)
    start, end = min(keep), max(keep) + 1
    return RoleSpan(start, end, tok.i, False)


def _nominal_of(prep: Any) -> bool:
    """ "forces of the regime" keeps its complement; "accused the coalition of killing" does not."""
    return any(g.dep_ == "pobj" and g.tag_ != "VBG" for g in prep.children) and not any(g.dep_ == "pcomp" for g in prep.children)


def _child(tok: Any, deps: tuple[str, ...]) -> Any | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _pobj(tok: Any, preps: tuple[str, ...]) -> Any | None:
    """The object of one of ``preps`` on ``tok``; a preposition the parser took for a verb
    particle but gave an object ("called on Muslims to take up arms": ``prt`` + ``pobj``)
    counts, since its object is the party all the same."""
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "prt") and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _is_passive(tok: Any) -> bool:
    """Passive voice: a passive subject or auxiliary, a by-agent ("..., backed by allied air
    power" parses as an adverbial participle with an ``agent`` child), or a reduced relative
    ("areas held by the SDF") — unless that participle is really the main verb (:func:`acl_main`)."""
    if any(c.dep_ in PASS_SUBJ or c.dep_ in ("auxpass", "agent") for c in tok.children):
        return True
    if tok.dep_ == "conj" and tok.tag_ == "VBN" and tok.head.i != tok.i and not any(c.dep_ in SUBJ or c.dep_ == "aux" for c in tok.children):
        return _is_passive(tok.head)  # "was arrested and charged": both passive
    return (tok.dep_ == "acl" and tok.tag_ == "VBN" and not acl_main(tok)) or reduced_passive_patient(tok) is not None


PATIENT_VERBS = words("patient_verbs")


def reduced_passive_patient(tok: Any) -> Any | None:
    """Who underwent a passive the parse did not mark as one: "two men were in the evening
    hours shot dead by raiders" (the participle hung on "were" as an adverbial clause: the
    subject of "were"), and the headline or incident note that drops the auxiliary ("Police
    reservist killed when raiders attack", "Four officers shot at and injured"): an act verb
    that needs an object (``patient_verbs``) with a subject, no object, no auxiliary and no
    aimed preposition ("police shot at protesters") — its subject. None otherwise."""
    if tok.pos_ != "VERB" or tok.tag_ not in ("VBN", "VBD"):
        return None
    kids = list(tok.children)
    if any(c.dep_ in ("dobj", "dative", "aux", "auxpass", "nsubjpass", "expl") for c in kids):
        return None
    if any(c.dep_ == "conj" and any(g.dep_ == "dobj" for g in c.children) for c in kids):
        return None  # "gunmen shot and killed two people": the conjunct's object is shared
    head = tok.head
    if tok.dep_ in ("advcl", "xcomp", "acomp") and head.lemma_ == "be" and head.pos_ == "AUX" and head.i < tok.i and not any(c.dep_ in SUBJ for c in kids):
        return _child(head, ("nsubj",))
    if any(c.dep_ == "prep" and c.lower_ in ("at", "on", "upon", "into") and any(g.dep_ == "pobj" for g in c.children) for c in kids):
        return None
    if tok.dep_ == "ROOT" and tok.lemma_.lower() in PATIENT_VERBS:
        subj = _child(tok, ("nsubj",))
        if subj is not None and subj.lemma_.lower() not in PERPETRATOR_NOUNS and subj.lower_ not in PERPETRATOR_NOUNS:
            return subj
    return None


PERPETRATOR_NOUNS = words("perpetrator_nouns")


def acl_main(tok: Any) -> bool:
    """A participle the parser hung on the sentence's subject although it is the sentence's
    verb: "Dana Reyes, chair of the commission, called on the minister to ..." parses
    with "Reyes" as the root and "called" as its modifier. A participle with an object, or
    one that follows a comma-closed apposition of a root noun, is active with that noun as
    its subject (a reduced passive relative has no object and does not follow an apposition)."""
    if tok.dep_ != "acl" or tok.pos_ != "VERB" or tok.tag_ not in ("VBN", "VBD"):
        return False
    if any(c.dep_ in ("dobj", "dative") for c in tok.children):
        return True
    head = tok.head
    return head.dep_ == "ROOT" and head.pos_ in ("PROPN", "NOUN") and any(
        c.dep_ == "appos" and c.i > head.i and c.right_edge.i < tok.i for c in head.children
    ) and tok.i > 0 and tok.doc[tok.i - 1].is_punct


def _inherited_subject(tok: Any) -> Any | None:
    """Subject of a verb that has none of its own: conjoined, controlled or adverbial verbs."""
    seen = 0
    cur = tok
    while seen < 4 and cur.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp") and cur.head.i != cur.i:
        head = cur.head
        if cur.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head
        subj = _child(head, SUBJ)
        if subj is None and _is_passive(head):
            # "troops were deployed to repel incursions", "she was arrested and charged":
            # the passive subject does the controlled or conjoined act; "shelled by the
            # army, killing five": the agent does the participle's
            pat, agent = _child(head, PASS_SUBJ), _pobj(head, ("by",))
            subj = agent if (tok.tag_ == "VBG" and agent is not None) or pat is None else pat
        if subj is not None:
            if cur.dep_ == "xcomp" and _child(head, ("dobj",)) is not None and head.lemma_ in ("force", "order", "urge", "ask", "help", "allow"):
                return _child(head, ("dobj",))
            return subj
        cur = head
        seen += 1
    if tok.dep_ == "relcl" and tok.head.i != tok.i:
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
PARTICIPANT_NOUNS = words("participant_nouns") | words("role_person_nouns") | words("responsible_nouns")


def participant_noun(tok: Any) -> bool:
    """Does a common noun name people or a body (an actor), not a thing, act or time?"""
    from .classify import PERSON_NOUNS

    lemma = tok.lemma_.lower()
    return any(w in PARTICIPANT_NOUNS or w in PERSON_NOUNS or w in _PARTY_NOUNS for w in (lemma, tok.lower_))


def verb_roles(tok: Any) -> tuple[RoleSpan | None, RoleSpan | None]:
    if _is_passive(tok):
        src_tok = _pobj(tok, ("by",)) or contacted_appealer(tok)
        tgt_tok = _child(tok, PASS_SUBJ) or reduced_passive_patient(tok)
        if tgt_tok is None and tok.dep_ == "acl":
            tgt_tok = tok.head
        if tgt_tok is None:
            tgt_tok = _inherited_subject(tok)
    else:
        src_tok = _child(tok, SUBJ)
        if src_tok is None and acl_main(tok):
            src_tok = tok.head
        if src_tok is None and tok.dep_ == "acl" and addressee(tok) is not None and tok.head.head.head.pos_ in ("VERB", "AUX"):
            src_tok = _child(tok.head.head.head, SUBJ)  # "X wrote to the premier demanding ...": X demands
        if src_tok is None:
            src_tok = _inherited_subject(tok)
        tgt_tok = _child(tok, ("dobj",))
        if tgt_tok is not None and tgt_tok.lemma_.lower() in ("control", "attack", "victory", "offensive", "fire", "responsibility"):
            tgt_tok = None  # "took control over X": X is a place, the holder is found below
        if tgt_tok is not None and not _actor_like(tgt_tok):
            # "shared evidence with the U.S.", "gave Tanzania a grant", "handed over to
            # Britain two nationals", "praised Haiti's efforts": the party, not the thing
            party = _object_party(tok, tgt_tok)
            if party is not None:
                tgt_tok = party
            else:
                poss = _child(tgt_tok, ("poss",))
                if poss is None:
                    # "rejected the Tory idea", "dismissed the Russian proposal": the party whose
                    # thing it is, named as a modifier
                    poss = next((c for c in tgt_tok.children if c.dep_ in ("compound", "amod") and c.ent_type_ in ("NORP", "ORG")), None)
                if poss is not None and _actor_like(poss) and poss.lower_ not in PRONOUNS:
                    tgt_tok = poss
        if tgt_tok is None:
            tgt_tok = _pobj(tok, TARGET_PREPS)
        if tgt_tok is None:
            tgt_tok = sought_person(tok)
        if tgt_tok is None:
            party = _child(tok, ("dative",)) or _pobj(tok, ("to", "for")) or addressee(tok)
            if party is not None and _actor_like(party):
                tgt_tok = party  # "apologized to Brazil", "wrote to the premier demanding ..."
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
        if tgt_tok is None and _child(tok, ("dobj",)) is None:
            # "gunmen shot and killed two people", "beat and robbed a trader": coordinated
            # act verbs share the object the last of them carries
            conj = next((c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB" and _child(c, SUBJ) is None), None)
            shared = _child(conj, ("dobj",)) if conj is not None else None
            if shared is not None and (_actor_like(shared) or participant_noun(shared)):
                tgt_tok = shared
    if src_tok is not None and src_tok.dep_ == "expl":
        src_tok = None
    src_tok, tgt_tok = unrelative(quantified(src_tok)), unrelative(quantified(tgt_tok))
    party = _act_subject_agent(src_tok)
    if party is not None:
        return _span_outside(party, src_tok), (np_span(tgt_tok) if tgt_tok is not None else None)
    return (np_span(src_tok) if src_tok is not None else None, np_span(tgt_tok) if tgt_tok is not None else None)


OBJECT_PARTY_PREPS = ("with", "to")


def _object_party(verb: Any, obj: Any) -> Any | None:
    """The party of a verb whose object is a thing: its dative, its with/to/for phrase, who it
    is addressed to — or the with/to phrase the parse hung on the thing ("discussed these
    claims with the chancellor", "sent a letter to the premier"); None when that names no one."""
    party = _child(verb, ("dative",)) or _pobj(verb, ("with", "to", "for")) or addressee(verb)
    if party is None or not _actor_like(party):
        held = _pobj(obj, OBJECT_PARTY_PREPS)
        party = held if held is not None and (_actor_like(held) or participant_noun(held)) else party
    return party if party is not None and (_actor_like(party) or participant_noun(party)) else None


def quantified(tok: Any) -> Any | None:
    """The people a quantity counts: "arrested dozens of fighters", "hundreds of protesters
    marched" — the number heads the phrase in the parse, but it is a number (dropped as no
    participant), and the of-phrase names who took part."""
    if tok is None or not (tok.ent_type_ in ("CARDINAL", "QUANTITY") or tok.pos_ == "NUM"):
        return tok
    counted = _pobj(tok, ("of",))
    return counted if counted is not None and counted.pos_ in ("NOUN", "PROPN") else tok


CONTACT_VERBS = words("contact_verbs")


def contacted_appealer(tok: Any) -> Any | None:
    """Who makes an agentless passive appeal to contact them: "anyone with information is urged
    to call police", "witnesses are asked to contact detectives" — the one to be contacted
    (a person or body, not "a number" or "a hotline"). None otherwise."""
    xc = _child(tok, ("xcomp",))
    if xc is None or xc.lemma_.lower() not in CONTACT_VERBS or _pobj(tok, ("by",)) is not None:
        return None
    obj = _child(xc, ("dobj",)) or _pobj(xc, ("with", "to"))
    if obj is not None and obj.lower_ not in PRONOUNS and (_actor_like(obj) or participant_noun(obj)):
        return obj
    return None


def _act_subject_agent(subj: Any) -> Any | None:
    """When a verb's subject is an act ("a Taliban-claimed attack killed four", "the rebels'
    attack wounded ...", "a blast which injured several people" with "a man believed to be
    responsible for" the blast), the doer that subject's own phrase names; None otherwise. A
    subject that is no act ("Israeli tanks fired", "Muslim hackers defaced") is the doer's own
    phrase: only who is said to be responsible for it replaces it."""
    if subj is None or subj.pos_ != "NOUN" or _actor_like(subj) or participant_noun(subj):
        return None
    if subj.lemma_.lower() not in act_nouns() or subj.lemma_.lower() in _INSTRUMENT_WORDS or subj.lower_ in _INSTRUMENT_WORDS:
        return responsible_party(subj)
    return nominal_agent(subj, compounds=False)


_INSTRUMENT_WORDS = words("instruments")


@cache
def act_nouns() -> frozenset[str]:
    """Lemmas the trigger lexicon reads as acts when written as nouns (attack, bombing, raid)."""
    from .classify import TriggerLexicon

    return frozenset(lem for lem, es in TriggerLexicon.default().by_lemma.items() if any(e.pos in (None, "NOUN") for e in es))


RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})


def unrelative(tok: Any) -> Any | None:
    """A relative pronoun stands for the noun its clause describes: "the man who carried out
    the bombing" (the man), "a girl who was shot" (the girl). The pronoun itself names nobody,
    and the antecedent is in the same sentence, so the parse gives it; anything else is kept."""
    if tok is None or tok.lower_ not in RELATIVE_PRONOUNS or tok.tag_ not in ("WP", "WDT"):
        return tok
    cur = tok.head
    for _ in range(3):
        if cur.dep_ == "relcl" and cur.head.i != cur.i and (cur.head.pos_ in ("NOUN", "PROPN", "PRON") or cur.head.dep_ == "appos"):
            # (an apposition the tagger read as an adjective, "Tom Hale, the British-Irish who
            # ...", is a noun phrase all the same)
            head = cur.head
            if head.dep_ == "appos" and head.head.pos_ == "PROPN":
                head = head.head  # "Tom Hale, the engineer who ...": the named person
            return head
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return tok


AGENT_PARTICIPLES = words("agent_participles")
ORGANISING_VERBS = words("organising_verbs")


def participle_agent(tok: Any) -> Any | None:
    """The noun hyphenated before a participle of doing that modifies a nominal act: "an
    opposition-called strike", "a Taliban-claimed attack", "Saudi-led airstrikes"."""
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "acl") and c.i < tok.i and c.tag_ == "VBN" and c.lemma_.lower() in AGENT_PARTICIPLES:
            agent = next((g for g in c.children if g.dep_ in ("npadvmod", "compound", "nmod", "nsubj") and g.i < c.i and g.pos_ in ("NOUN", "PROPN")), None)
            if agent is not None:
                return agent
    return None


def protest_organiser(tok: Any) -> Any | None:
    """Who organises a protest named as the object, or inside the for-phrase, of a verb of
    organising ("the opposition called for three days of protests", "unions announced a
    strike"): that verb's subject (at most two of/for steps up)."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "dobj" or (cur.dep_ == "pobj" and cur.head.lower_ == "for"):
            verb = cur.head if cur.dep_ == "dobj" else cur.head.head
            if verb.pos_ == "VERB" and verb.lemma_.lower() in ORGANISING_VERBS:
                return _child(verb, SUBJ) or _inherited_subject(verb)
            return None
        if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.pos_ == "NOUN":
            cur = cur.head.head  # "three days of protests"
            continue
        return None
    return None


def nominal_agent(tok: Any, compounds: bool = True) -> Any | None:
    """The doer a nominal act names in its own phrase: possessor, by-phrase, a participle
    compound ("Taliban-claimed"), an agent compound ("a rebel attack"; a named or national
    modifier too unless ``compounds`` is false), or who is said to be responsible for it. None
    when the phrase names none."""
    poss = _child(tok, ("poss",))
    if poss is not None and poss.ent_type_ not in ("DATE", "TIME"):
        return poss
    found = _pobj(tok, ("by",)) or participle_agent(tok)
    if found is not None:
        return found
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod") and (
            (compounds and c.ent_type_ in ("NORP", "ORG")) or (c.pos_ == "NOUN" and c.lemma_.lower() in AGENT_COMPOUNDS)
        ):
            return c
    return responsible_party(tok)


def phrase_agent(tok: Any, etype: str | None = None) -> Any | None:
    """The doer the rules read from a phrase the model's path features do not describe well
    (a long or rare path): "a Taliban-claimed attack" (for the noun, or for the verb it is the
    subject of: "a Taliban-claimed attack killed four"), "the ringleader of the attack", "those
    involved in the attack", "the opposition called for days of protests". None otherwise."""
    if tok.pos_ == "NOUN":
        poss = _child(tok, ("poss",))
        if poss is not None and poss.ent_type_ in ("DATE", "TIME"):
            poss = None  # "Saturday's attack" names a time, not a doer
        found = participle_agent(tok) or (None if poss is not None else responsible_party(tok))
        if found is None and etype == "PROTEST" and poss is None and _pobj(tok, ("by",)) is None:
            found = protest_organiser(tok)
        return found
    return _act_subject_agent(unrelative(_child(tok, SUBJ)))


SEEKING_VERBS = words("seeking_verbs")


def sought_person(tok: Any) -> Any | None:
    """Who a verb of searching looks for ("police are searching for a killer"), when a person."""
    if tok.lemma_.lower() not in SEEKING_VERBS:
        return None
    sought = _pobj(tok, ("for",))
    if sought is not None and (_actor_like(sought) or participant_noun(sought) or sought.lemma_.lower() in PERPETRATOR_NOUNS):
        return sought
    return None
RESPONSIBLE_NOUNS = words("responsible_nouns")
RESPONSIBLE_WORDS = words("responsible_words")


def responsible_party(tok: Any) -> Any | None:
    """Who the sentence says is behind a nominal act it names in a phrase of theirs: "the
    ringleader of Saturday's attack" (a ``responsible_nouns`` noun and its of-phrase), "those
    involved in the failed attack", "a man believed to be responsible for a blast", "X was
    implicated in the killings" (a ``responsible_words`` word and its in/for-phrase: the noun it
    describes, or the subject it is said of), "the men behind the bombing". None otherwise."""
    if tok is None or tok.dep_ != "pobj" or tok.head.dep_ not in ("prep", "agent"):
        return None
    prep, gov = tok.head.lower_, tok.head.head
    if prep == "of" and gov.pos_ == "NOUN" and gov.lemma_.lower() in RESPONSIBLE_NOUNS:
        return gov
    if prep == "behind" and gov.pos_ in ("NOUN", "PROPN", "PRON") and (_actor_like(gov) or participant_noun(gov)):
        return gov
    if prep not in ("in", "for") or gov.lemma_.lower() not in RESPONSIBLE_WORDS and gov.lower_ not in RESPONSIBLE_WORDS:
        return None
    cur = gov
    for _ in range(4):
        if cur.pos_ in ("NOUN", "PROPN", "PRON") and cur.i != gov.i:
            return unrelative(cur)
        if cur.dep_ in ("acl", "amod", "relcl") and cur.head.i != cur.i:
            cur = cur.head  # "those involved in", "a man believed to be responsible for"
            continue
        subj = _child(cur, (*SUBJ, *PASS_SUBJ))
        if subj is not None:
            return unrelative(subj)  # "X was involved in the attack", "X is responsible for it"
        if cur.dep_ in ("acomp", "xcomp", "ccomp", "conj") and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def addressee(tok: Any) -> Any | None:
    """The party a participle's act is addressed to when the clause names it on the verb it
    hangs from: "has written to the prime minister demanding an explanation" (the demand is
    made of the prime minister), "appealed to the UN, asking for aid". Only for a participle or adverbial clause."""
    if tok.dep_ == "acl" and tok.head.dep_ == "pobj" and tok.head.head.lower_ in ("to", "on", "with"):
        return tok.head
    if tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.pos_ == "VERB":
        return _child(tok.head, ("dative",)) or _pobj(tok.head, ("to",))
    return None


AGENT_COMPOUNDS = words("agent_compounds")
#: "condemned the attack", "investigating the bombing": the subject does not do the act
COMMENTING_VERBS = words("commenting_verbs")
#: "blamed X for the attack", "an inquiry into the bombing": prepositions that make the act the topic
COMMENT_PREPS = frozenset({"for", "over", "about", "into", "of", "on"})


NOMINAL_TARGET_PREPS = words("nominal_target_prepositions")
GOVERNOR_EXCLUDED_PREPS = words("governor_excluded_prepositions")


def nominal_target_preps(etype: str | None) -> tuple[str, ...]:
    """The prepositions whose object a nominal act of ``etype`` is aimed at (``lang/en``'s
    ``nominal_target_prepositions``: the ``*`` ones for every type, the rest per type)."""
    return _nominal_preps(etype or "")


@cache
def _nominal_preps(etype: str) -> tuple[str, ...]:
    out = []
    for pair in NOMINAL_TARGET_PREPS:
        t, _, prep = pair.partition(" ")
        if t in ("*", etype):
            out.append(prep)
    return tuple(sorted(out))


def passive_governor(tok: Any) -> tuple[Any | None, Any | None]:
    """(agent, patient) of the passive verb a nominal act is the object of: "he and other
    employees were given an ultimatum by their bosses", "the minister was handed a warning
    by the rebels" — the by-agent gives the act, the passive subject receives it."""
    if tok.dep_ != "dobj" or tok.head.pos_ not in ("VERB", "AUX") or not _is_passive(tok.head):
        return None, None
    return _pobj(tok.head, ("by",)), _child(tok.head, PASS_SUBJ)


def noun_roles(tok: Any, etype: str | None = None) -> tuple[RoleSpan | None, RoleSpan | None]:
    poss, by = _child(tok, ("poss",)), _pobj(tok, ("by",))
    if poss is not None and by is not None and poss.lower_ not in PRONOUNS:
        # "the town's capture by the rebels", "the minister's arrest by police": the
        # possessor undergoes the act, the by-phrase does it
        return np_span(unrelative(by)), np_span(poss)
    gov_agent, gov_patient = passive_governor(tok)
    if gov_patient is not None and poss is None:
        agent = by if by is not None else gov_agent
        return (np_span(unrelative(agent)) if agent is not None else None), np_span(unrelative(gov_patient))
    aimed = _aiming_participle(tok)
    src_tok = poss or by or participle_agent(tok) or _pobj(tok, ("from",))
    if src_tok is None and aimed is not None:
        src_tok = _pobj(aimed, ("by",))  # "the expulsion inflicted on them by the regime"
    if src_tok is None and etype == "PROTEST":
        src_tok = protest_organiser(tok)  # "the opposition called for three days of protests"
    if src_tok is None:
        for c in tok.children:
            if c.dep_ in ("compound", "amod", "nmod") and (
                c.ent_type_ in ("NORP", "ORG", "GPE") or c.pos_ == "PROPN" or (c.pos_ == "NOUN" and c.lemma_.lower() in AGENT_COMPOUNDS)
            ):
                src_tok = c
                break
    if src_tok is None or src_tok.ent_type_ in ("DATE", "TIME"):
        # "the ringleader of Saturday's attack", "those involved in the attack"
        responsible = responsible_party(tok)
        if responsible is not None:
            src_tok = responsible
    commenting = commenter(tok) is not None
    if src_tok is None and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX") and not commenting:
        # "the jihadists staged a counter-attack", "launched airstrikes"
        src_tok = _child(tok.head, SUBJ) or _inherited_subject(tok.head)
    undergoer = undergoing_subject(tok)
    if src_tok is None and tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB" and not commenting and (undergoer is None or undergoer.dep_ != "nsubj"):
        src_tok = _child(tok.head.head, SUBJ)
    tgt_tok = _pobj(tok, nominal_target_preps(etype))
    if tgt_tok is None and aimed is not None:
        # "the deportation inflicted on their neighbours", "attacks carried out against
        # police": the participle describing the act carries its aim phrase
        tgt_tok = _pobj(aimed, tuple(p for p in nominal_target_preps(etype) if p not in GOVERNOR_EXCLUDED_PREPS))
    if tgt_tok is None and tok.dep_ == "pobj" and tok.head.lower_ == "with" and tok.head.head.pos_ == "VERB" and tok.head.head.lemma_.lower() in AFFLICTING_VERBS and not _is_passive(tok.head.head):
        # "hit thirteen officials with sanctions", "threatened the strikers with dismissal": the
        # verb's object receives the act it is hit with (not "charged him with homicide")
        obj = _child(tok.head.head, ("dobj",))
        if obj is not None and (_actor_like(obj) or participant_noun(obj)):
            tgt_tok = obj
    if tgt_tok is None and tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and not commenting:
        # "launched an attack on the base", "imposed sanctions against Iran": the aim phrase
        # hung on the verb that performs the act
        tgt_tok = _pobj(tok.head, tuple(p for p in nominal_target_preps(etype) if p not in GOVERNOR_EXCLUDED_PREPS))
    if undergoer is not None and (tgt_tok is None or is_place(tgt_tok) or (_faced_state(tok) and not (_actor_like(tgt_tok) or participant_noun(tgt_tok)))):
        # "five soldiers died in an attack [on their checkpoint]", "the convoy came under
        # fire": who underwent it, before the place it was aimed at
        tgt_tok = undergoer
    src_tok = unrelative(src_tok)
    tgt_tok = unrelative(tgt_tok)
    if src_tok is not None and tgt_tok is not None and src_tok.i == tgt_tok.i:
        tgt_tok = None
    party = responsible_party(tok)
    if src_tok is not None and party is not None and src_tok.i == party.i:
        return _span_outside(src_tok, tok), (np_span(tgt_tok) if tgt_tok is not None else None)
    return (np_span(src_tok) if src_tok is not None else None, np_span(tgt_tok) if tgt_tok is not None else None)


AIMING_PARTICIPLES = words("aiming_participles")
AFFLICTING_VERBS = words("afflicting_verbs")


def _aiming_participle(tok: Any) -> Any | None:
    """The passive participle that describes a nominal act and says where it was aimed
    ("the deportation inflicted on ...", "raids carried out against ...", "strikes aimed at
    ..."; ``aiming_participles``), or None."""
    for c in tok.children:
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in AIMING_PARTICIPLES:
            return c
    return None


def _span_outside(head: Any, trigger: Any) -> RoleSpan:
    """The noun phrase of ``head`` ending before the phrase that holds the trigger ("the
    ringleader of the attack": "ringleader", not the act it is the ringleader of)."""
    sp = np_span(head)
    if head.pos_ == "NOUN" and head.i < trigger.i and trigger.dep_ == "pobj" and any(a.i == head.i for a in trigger.ancestors) and any(
        c.dep_ in ("acl", "relcl") and c.left_edge.i <= trigger.i <= c.right_edge.i for c in head.children
    ):
        # "a man believed to be responsible for the blast": a private person is named by the
        # description, up to the act it is about
        return RoleSpan(sp.start, trigger.head.i, head.i)
    if sp.start <= trigger.i < sp.end and head.i < trigger.i:
        cut = next((c.left_edge.i for c in head.children if c.i > head.i and c.left_edge.i <= trigger.i <= c.right_edge.i), sp.end)
        sp = RoleSpan(sp.start, max(head.i + 1, cut), sp.head, sp.pronoun)
    return sp


UNDERGOING_VERBS = words("undergoing_verbs")
UNDERGOING_PREPS = words("undergoing_prepositions")


UNDERGOING_STATES = words("undergoing_states")
FACING_VERBS = words("facing_verbs")


def _faced_state(tok: Any) -> bool:
    """Is the nominal act faced ("faces charges", "awaits trial") or a state its subject is in
    ("is on trial", "remains under siege")? Then what the act is about ("on charges of fraud")
    is no target beside the one who undergoes it."""
    if tok.dep_ == "dobj":
        return tok.head.lemma_.lower() in FACING_VERBS
    return tok.dep_ == "pobj" and f"{tok.head.lower_} {tok.lemma_.lower()}" in UNDERGOING_STATES


def undergoing_subject(tok: Any) -> Any | None:
    """Who undergoes a nominal act set in an in/under/during phrase of a verb of undergoing or
    of a passive: "five soldiers died in an attack", "the convoy came under fire", "twelve
    civilians were killed in an airstrike", "McVeigh is on trial" (``undergoing_states``), or
    named as the object of a verb of facing ("he faces charges", "awaits trial":
    ``facing_verbs``) — the verb's (passive) subject; None otherwise."""
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and tok.head.lemma_.lower() in FACING_VERBS:
        verb = tok.head
        subj = _child(verb, ("nsubj",)) or _inherited_subject(verb)
        if subj is None and verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ == "pobj" and verb.head.head.dep_ == "prep":
            # "Tsarnaev is in a prison awaiting trial", "remains in custody facing charges": the
            # parse hangs the participle on the place; who is there faces the act
            host = verb.head.head.head
            if host.pos_ in ("VERB", "AUX"):
                subj = _child(host, ("nsubj", "nsubjpass"))
        return subj
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
        return None
    verb = tok.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_.lower() in ("be", "remain", "stay") and f"{tok.head.lower_} {tok.lemma_.lower()}" in UNDERGOING_STATES:
        return _child(verb, ("nsubj",))  # "McVeigh is on trial", "the town remained under siege"
    if tok.head.lower_ not in UNDERGOING_PREPS:
        return None
    if _is_passive(verb):
        return _child(verb, PASS_SUBJ) or reduced_passive_patient(verb)
    if verb.lemma_.lower() in UNDERGOING_VERBS and (verb.lemma_.lower() != "come" or tok.head.lower_ == "under"):
        return _child(verb, ("nsubj",))
    if verb.lemma_.lower() in PATIENT_VERBS:
        return _child(verb, ("dobj",))  # "the Taliban killed four police in an attack on a checkpoint"
    return None


def commenter(tok: Any) -> Any | None:
    """The subject of a verb that speaks about, reacts to or investigates a nominal act
    ("the United States condemns this attack", "police are investigating the shooting"):
    that subject is not the act's agent. None for other nominal acts."""
    if tok.pos_ != "NOUN":
        return None
    verb = tok.head if tok.dep_ in ("dobj", "attr", "nsubjpass") else (
        tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in COMMENT_PREPS else None
    )
    if verb is None or verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in COMMENTING_VERBS:
        return None
    return _child(verb, SUBJ) or _pobj(verb, ("by",))


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


def headline(tok: Any) -> bool:
    """Is the trigger a headline's verb the tagger read as a noun ("Group kidnaps official",
    "Clans fight over cattle")? The order of the words then tells who did it to whom."""
    from .classify import _headline_verb

    return _headline_verb(tok) or _headline_verb(tok, phrase=True)


#: what a headline's subject or object run is made of ("Al-Shabaab militants", "two villages")
_RUN_POS = frozenset({"DET", "ADJ", "NUM", "NOUN", "PROPN", "PRON"})


def headline_roles(tok: Any) -> tuple[RoleSpan | None, RoleSpan | None]:
    """Sides of a headline verb read as a noun: headlines and ACLED notes drop articles, so
    "Police arrest suspects in Garissa" parses as one compound ("Police arrest suspects")
    and a nominal trigger's possessor/of-phrase rules find nothing. Subject + verb + object
    is what :func:`eventcoder.classify._headline_verb` checked for, so the noun phrase
    ending just before the verb is the source and the one opening just after it the target
    (when the parser did give the noun a subject or object, those are taken)."""
    src, tgt = verb_roles(tok) if any(c.dep_ in (*SUBJ, "dobj") for c in tok.children) else (None, None)
    doc, sent = tok.doc, tok.sent
    if src is None:
        k = tok.i - 1
        while k > sent.start and (doc[k - 1].pos_ in _RUN_POS or doc[k - 1].tag_ == "HYPH"):
            k -= 1
        while k < tok.i - 1 and doc[k].pos_ == "DET":
            k += 1
        if doc[tok.i - 1].pos_ in ("NOUN", "PROPN", "PRON"):
            src = RoleSpan(k, tok.i, tok.i - 1, doc[tok.i - 1].lower_ in PRONOUNS)
            src = _headline_subject_head(doc, src)
    if tgt is None:
        k, head = tok.i + 1, None
        while k < sent.end and (doc[k].pos_ in _RUN_POS or doc[k].tag_ == "HYPH"):
            if doc[k].pos_ in ("NOUN", "PROPN", "PRON"):
                head = k
            k += 1
        if head is not None:
            start = tok.i + 1
            while start < head and doc[start].pos_ == "DET":
                start += 1
            tgt = RoleSpan(start, head + 1, head, doc[head].lower_ in PRONOUNS)
    return src, tgt


#: prepositions that tie a headline subject's head to its origin or group ("Raiders from
#: Uganda", "Residents of Kibera", "Traders in Limuru")
_SUBJECT_PREPS = frozenset({"from", "of", "in"})


def _headline_subject_head(doc: Any, src: RoleSpan) -> RoleSpan:
    """The run before a headline verb may end in a prepositional phrase of the subject:
    "Raiders from Uganda attack ..." is done by the raiders, not by Uganda (whose government
    the actor resolver would otherwise make the source). When the run is opened by from/of/in
    right after a noun, that noun heads the subject and the span reaches back over its own
    modifiers. Read from the word order, as the run itself is: the tagger misparses these
    notes ("Uganda" a compound of "attack")."""
    sent = doc[src.head].sent
    if src.start - 2 < sent.start or doc[src.start - 1].lower_ not in _SUBJECT_PREPS or doc[src.start - 1].pos_ != "ADP":
        return src
    noun = doc[src.start - 2]  # positional: the tagger misreads these runs (Uganda a compound of "attack")
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lower_ in PRONOUNS:
        return src
    k = noun.i
    while k > noun.sent.start and (doc[k - 1].pos_ in _RUN_POS or doc[k - 1].tag_ == "HYPH"):
        k -= 1
    while k < noun.i and doc[k].pos_ == "DET":
        k += 1
    return RoleSpan(k, src.end, noun.i, False)


RECIPROCAL_ACTS = words("reciprocal_acts")


def reciprocal(tok: Any) -> bool:
    """Is the trigger a symmetric act ("met", "talks", "clashes", "agreed"), whose conjoined
    parties act on each other rather than together?"""
    return tok.lemma_.lower() in RECIPROCAL_ACTS or tok.lower_ in RECIPROCAL_ACTS


def _other_party(tok: Any) -> Any | None:
    """The first conjunct of ``tok`` that can name a party ("Russia and Turkey": Turkey), also
    when the parse hangs it on the name in apposition ("President Ali Bongo and Minister X")."""
    for head in (tok, *(c for c in tok.children if c.dep_ == "appos")):
        party = next((c for c in head.children if c.dep_ == "conj" and (_actor_like(c) or participant_noun(c))), None)
        if party is not None:
            return party
    return None


def reciprocal_roles(tok: Any, src: RoleSpan | None, tgt: RoleSpan | None) -> tuple[RoleSpan | None, RoleSpan | None]:
    """The two parties of a symmetric act that names no other: "clashes between protesters and
    police", "a meeting between A and B" (the between-phrase's first party the source, the
    second the target), "A and B met", "Russia and Turkey agreed", "A and B held talks" (the
    first conjunct of the source is the target). Other sides are returned as they came."""
    if tgt is not None or not reciprocal(tok):
        return src, tgt
    if tok.pos_ == "NOUN":
        # the between-phrase may hang on the verb the act is the subject of ("clashes broke
        # out between", "fighting erupted between")
        first = _pobj(tok, ("between", "among"))
        if first is None and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
            first = _pobj(tok.head, ("between", "among"))
        second = _other_party(first) if first is not None and (_actor_like(first) or participant_noun(first)) else None
        if second is not None and (src is None or src.head == first.i):
            return np_span(first), np_span(second)
    if src is None or src.pronoun:
        return src, tgt
    second = _other_party(tok.doc[src.head])
    return (src, np_span(second)) if second is not None else (src, tgt)


def roles(tok: Any, etype: str | None = None) -> tuple[RoleSpan | None, RoleSpan | None]:
    """Source and target spans of a trigger by the rules; ``etype`` (the draft's PLOVER type)
    chooses which prepositions mark a nominal act's target."""
    if headline(tok):
        src, tgt = headline_roles(tok)
    else:
        src, tgt = noun_roles(tok, etype) if tok.pos_ == "NOUN" else verb_roles(tok)
    if tgt is not None and is_place(tok.doc[tgt.head]):
        tgt = None
    return src, tgt


# --------------------------------------------------------------------------- learned roles
#
# The rules above propose; a linear model decides. Every noun phrase head, entity and pronoun
# of the trigger's sentence is a candidate; its features are the dependency path to the
# trigger, voice, side and distance, entity label, head noun, actor-dictionary match, whether
# it is inside a quotation, and whether the rules chose it. A softmax over
# ``none | source | target`` (weights in ``data/models/roles.json``, trained by
# ``scripts/train_roles.py``) scores each candidate; the best source and the best other
# target above their thresholds win. Why learned: the rules cannot weigh a passive agent
# against a nearby subject, or tell a participant from a fragment ("clear Isis", "refuge"),
# and annotated spans can.

ROLE_CLASSES = ("none", "source", "target")
ROLE_PRONOUNS = words("role_pronouns")
_CANDIDATE_ENTS = frozenset({"NORP", "GPE", "ORG", "PERSON"})
_NON_PARTICIPANT_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_QUOTE_CHARS = '"“”'


def candidate_tokens(trigger: Any) -> list[Any]:
    """The tokens of the trigger's sentence that may head a participant: nouns, proper
    nouns, named entities and pronouns (not the parts of a multi-word name, not the trigger)."""
    doc = trigger.doc
    memo = doc_memo(doc, "eventcoder.candidates")
    heads = memo.get(None)
    if heads is None:
        heads = memo[None] = _candidate_heads(doc)
    return [doc[i] for i in heads if i != trigger.i]


def _candidate_heads(doc: Any) -> list[int]:
    """The indices ``candidate_tokens`` draws from: every token of the sentence that may head a
    participant (the same for every trigger of the sentence, but the trigger itself)."""
    out = []
    for t in doc:
        if t.is_punct or t.is_space:
            continue
        if t.pos_ == "PRON":
            if t.lower_ not in ROLE_PRONOUNS and not described_pronoun(t):
                continue
        elif not (t.pos_ in ("NOUN", "PROPN") or (t.ent_type_ in _CANDIDATE_ENTS and t.pos_ in ("ADJ", "NUM", "X"))):
            continue
        if t.ent_type_ in _NON_PARTICIPANT_ENTS:
            continue
        # "Gordon" of "Gordon Brown": the name's head stands for it
        if t.dep_ in ("compound", "flat") and t.head.pos_ == "PROPN" and t.ent_type_ and t.head.ent_type_ == t.ent_type_:
            continue
        out.append(t.i)
    return out


DESCRIBED_PRONOUNS = words("described_pronouns")


def described_pronoun(tok: Any) -> bool:
    """ "those responsible", "anyone with information": a pronoun with its own modifier
    describes the people it names, so it is a participant like "the gunmen"."""
    return tok.lower_ in DESCRIBED_PRONOUNS and any(c.dep_ in ("acl", "amod", "prep", "relcl", "advmod") for c in tok.children)


def _step(tok: Any) -> str:
    return tok.dep_ + (":" + tok.lower_ if tok.dep_ in ("prep", "agent") else "")


def dep_path(cand: Any, trigger: Any, limit: int = 4) -> str:
    """Dependency labels from the candidate up to the common ancestor, then down to the
    trigger: ``nsubj|`` (subject of the trigger), ``pobj>agent:by|`` (passive agent),
    ``nsubj|xcomp`` (subject of the verb the trigger complements); ``far`` beyond ``limit``."""
    meet = _meet(cand, trigger)
    if meet is None or len(meet[0]) + len(meet[1]) > limit:
        return "far"
    return ">".join(_step(y) for y in meet[0]) + "|" + ">".join(_step(y) for y in reversed(meet[1]))


def _meet(cand: Any, trigger: Any) -> tuple[list[Any], list[Any]] | None:
    """The tokens from the candidate and from the trigger up to (not including) their lowest
    common ancestor, each listed upward; None when they share none (another sentence)."""
    up_c = [cand, *cand.ancestors]
    up_t = [trigger, *trigger.ancestors]
    at_t = {x.i: k for k, x in enumerate(up_t)}
    for k, x in enumerate(up_c):
        j = at_t.get(x.i)
        if j is not None:
            return up_c[:k], up_t[:j]
    return None


def _tree_distance(a: Any, b: Any) -> int:
    """Edges between two tokens of one parse (their sentence's tree); 99 across sentences."""
    up_a = {x.i: k for k, x in enumerate([a, *a.ancestors])}
    for k, x in enumerate([b, *b.ancestors]):
        if x.i in up_a:
            return k + up_a[x.i]
    return 99


def _bucket(n: int) -> str:
    for edge in (1, 2, 4, 8, 16):
        if n <= edge:
            return str(edge)
    return "more"


def quoted_tokens(doc: Any) -> set[int]:
    """Indices of the tokens inside quotation marks in a sentence (an unclosed quote runs on).
    Memoised per sentence: the set is shared, never change it."""
    inside = False
    out: set[int] = set()
    text = doc_text(doc)
    if not any(q in text for q in _QUOTE_CHARS):  # most sentences: no token to walk
        return out
    memo = doc_memo(doc, "eventcoder.quoted")
    got = memo.get(None)
    if got is not None:
        return got
    memo[None] = out
    for t in doc:
        if any(ch in _QUOTE_CHARS for ch in t.text):
            inside = not inside
            continue
        if inside:
            out.add(t.i)
    return out


#: the dependency steps a long path is compressed over: the parts of one noun phrase
#: (conjuncts, appositions, compounds) do not change what the phrase is to the trigger
_NP_STEPS = frozenset({"conj", "appos", "compound", "flat", "nmod"})
#: how a nominal trigger hangs on the verb that carries it ("launched an offensive", "carried
#: out an attack", "an attack was staged", "took part in the raid")
_CARRIED_DEPS = frozenset({"dobj", "nsubjpass", "nsubj", "attr", "oprd"})


def support_verb(trigger: Any) -> Any | None:
    """The verb a nominal trigger is the object (or subject) of — the light or support verb of
    "launched an offensive against X", "carried out an attack on X", "the raid was staged by X",
    or the verb of a prepositional object ("took part in the attack"); None for a verbal trigger."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return None
    head = trigger.head
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    if trigger.dep_ in _CARRIED_DEPS and head.i != trigger.i and head.pos_ in ("VERB", "AUX"):
        return head
    return None


def _governing(cand: Any, stop: set[int]) -> tuple[Any | None, str]:
    """The nearest verb above a candidate (through its phrase's conjuncts, appositions and
    prepositions) and the candidate's relation to it (``dobj``, ``nsubj``, ``pobj:against``);
    None when the walk reaches a token of ``stop`` (the trigger, its support verb) first."""
    rel, tok, prep = cand.dep_, cand, ""
    for _ in range(6):
        head = tok.head
        if head.i == tok.i or head.i in stop:
            return None, ""
        if tok.dep_ in ("prep", "agent"):
            prep = prep or tok.lower_
        if head.pos_ in ("VERB", "AUX"):
            base = rel if tok.i == cand.i else ("pobj" if prep else tok.dep_)
            return head, base + (":" + prep if prep else "")
        if tok.dep_ not in _NP_STEPS and tok.dep_ not in ("pobj", "prep", "agent"):
            return None, ""
        tok = head
    return None, ""


def _form(v: Any) -> str:
    """A verb's form in a chain: ``ing`` ("killing"), ``en`` ("backed by"), ``to`` ("to free"), else ``fin``."""
    if v.tag_ == "VBG":
        return "ing"
    if v.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in v.children):
        return "en"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        return "to"
    return "fin"


def _compressed(cand: Any, trigger: Any, limit: int = 6) -> str:
    """The dependency path between candidate and trigger with each noun phrase's inner steps
    (conjunct, apposition, compound) left out and preposition words dropped: "X and Y" share a
    path, "the villagers, who were attacked" reads ``nsubjpass>relcl``; ``far`` beyond ``limit``."""
    meet = _meet(cand, trigger)
    if meet is None:
        return "far"
    a = [y.dep_ for y in meet[0] if y.dep_ not in _NP_STEPS]
    b = [y.dep_ for y in reversed(meet[1]) if y.dep_ not in _NP_STEPS]
    if len(a) + len(b) > limit:
        return "far"
    return ">".join(a) + "|" + ">".join(b)


def path_features(cand: Any, trigger: Any, etype: str, vt: str, gov: Any | None) -> list[str]:
    """Features of the long paths the short ``p=`` path leaves as ``far`` (x26roles), all
    structural or learned per lemma from the annotated corpus, never listed:

    * the support verb of a nominal trigger (``support_verb``): the candidate's path to it
      (``gvp=``), and that verb's lemma with the candidate's relation to it (``gvl=``: the
      subject of "launch" / "carry out" / "stage" is the doer; the fit learns which verbs are
      light from the corpus);
    * a participle or infinitive chain: the nearest verb above the candidate, when it is not
      the trigger nor its support verb — its form (``ing``/``en``/``to``), how it hangs on the
      clause (``advcl``, ``xcomp``, ``acl``, ``conj``, ``relcl``) and whether under the trigger,
      its support verb or elsewhere (``ch=``), and its lemma with the candidate's relation
      (``chl=``: "targeting X", "killing X", "to free X");
    * the path compressed over coordinations and appositions (``cp=``), so a conjunct or a
      relative clause's antecedent reads as its phrase does;
    * the trigger's argument frame: the preposition that marks the candidate on the trigger or
      on its support verb, crossed with the trigger's lemma (``fr=``: "attack on", "raid into")
      and with the event type (``fre=``)."""
    out: list[str] = []
    lemma = trigger.lemma_.lower()
    stop = {trigger.i} | ({gov.i} if gov is not None else set())
    if gov is not None:
        out.append("gvp=" + vt + "|" + dep_path(cand, gov))
        rel = dep_path(cand, gov, 2)
        out.append("gvl=" + gov.lemma_.lower() + "|" + trigger.dep_ + "|" + rel)
    v, rel = _governing(cand, stop)
    if v is not None:
        anc = {a.i for a in v.ancestors}
        # the chain verb hangs under the trigger, under its support verb, above the trigger
        # (the trigger complements it), or beside it (a common ancestor further up)
        where = "trig" if trigger.i in anc else "gov" if gov is not None and gov.i in anc else "above" if v.i in {a.i for a in trigger.ancestors} else "beside"
        form = _form(v)
        out.append("ch=" + form + "|" + rel.split(":")[0] + "|" + v.dep_ + "|" + where)
        out.append("chl=" + v.lemma_.lower() + "|" + rel)
        out.append("cht=" + etype + "|" + form + "|" + rel + "|" + where)
    cp = _compressed(cand, trigger)
    out.append("cp=" + vt + "|" + cp)
    for host, name in ((trigger, "trig"), (gov, "gov")):
        if host is None:
            continue
        tok = cand
        while tok.dep_ in _NP_STEPS and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent") and tok.head.head.i == host.i:
            p = tok.head.lower_
            out.append("fr=" + lemma + "|" + name + "|" + p)
            out.append("fre=" + etype + "|" + name + "|" + p)
    return out


def candidate_features(
    cand: Any,
    trigger: Any,
    etype: str,
    rule: str | None,
    entry: Any,
    quoted: set[int],
    extra: tuple[str, ...] = (),
    passive: bool | None = None,
    paths: bool = False,
) -> list[str]:
    """The sparse features of one (candidate, trigger) pair; ``rule`` is the side the rules
    gave this candidate (``source``/``target``/None), ``entry`` its actor-dictionary entry.
    ``passive`` is ``_is_passive(trigger)`` when the caller has it (the same for every
    candidate of one trigger, so computed once per draft). ``paths``: add the long-path
    features (:func:`path_features`) a model trained with them reads."""
    from .classify import PERSON_NOUNS, PLACE_NOUNS

    path = dep_path(cand, trigger)
    # each spaCy attribute read once (a property call each time), each shared piece joined once
    vt = ("pass" if (_is_passive(trigger) if passive is None else passive) else "act") + ("N" if trigger.pos_ == "NOUN" else "V")
    ci, ti = cand.i, trigger.i
    side = "before" if ci < ti else "after"
    dep, pos, low = cand.dep_, cand.pos_, cand.lower_
    srule = str(rule)
    kind = "none" if entry is None else f"{entry.kind}:{entry.sector}"
    f = [
        "bias",
        "p=" + path,
        "tp=" + etype + "|" + path,
        "vp=" + vt + "|" + path,
        "dep=" + dep,
        "vdep=" + vt + "|" + dep + "|" + side,
        "side=" + side + "|" + _bucket(abs(ci - ti)),
        "ent=" + (cand.ent_type_ or "-") + "|" + pos,
        "dict=" + kind,
        "dictk=" + ("none" if entry is None else entry.kind),
        "rule=" + srule,
        "trule=" + etype + "|" + srule,
        "vrule=" + vt + "|" + srule + "|" + dep,
        "q=" + str(ci in quoted) + "|" + str(ti in quoted),
        *extra,
    ]
    if path == "far" or path.count(">") >= 2:
        # a long path is rare as a whole; its two ends (how the candidate attaches, how the
        # trigger does) and its length generalise: "nsubj ... advcl", "pobj ... ccomp"
        f.append("pends=" + vt + "|" + dep + "~" + trigger.dep_ + "|" + side)
        f.append("plen=" + _bucket(_tree_distance(cand, trigger)) + "|" + side)
    if paths:
        f.extend(path_features(cand, trigger, etype, vt, support_verb(trigger)))
    if low in ROLE_PRONOUNS:
        f.append("pron=" + low)
        f.append("pronp=" + low + "|" + path)
    elif pos == "NOUN":
        lemma = cand.lemma_.lower()
        f.append("head=" + lemma)
        f.append("person=" + str(lemma in PERSON_NOUNS or low in PERSON_NOUNS or lemma in _PARTY_NOUNS))
        if lemma in PLACE_NOUNS:
            f.append("placenoun")
    if entry is not None and entry.sector:
        f.append("tsec=" + etype + "|" + entry.sector)
    if dep == "poss" and cand.head.i == ti:
        f.append("poss_of_trigger")
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in cand.children):
        f.append("indef")
    return f


#: cosine bins for a candidate head's closeness to a side's prototype
VEC_BINS = (0.0, 0.15, 0.3, 0.45, 0.6)


class RoleSemantics:
    """What a candidate's head word means, for the linear role model: the nearest of k
    centroids of candidate heads (spherical k-means over the training candidates' word
    vectors, ``vectors.py``) alone and conjoined with the event type and with the trigger's
    lemma, and which side's prototype (the mean vector of the training heads labelled
    ``source``, ``target``, ``none``) it is nearest, with its binned cosine to each. Why: the
    head-lemma feature knows only the words it saw; "raiders", "assailants" and "gunmen",
    or "hostages" and "villagers", are near one another in the vectors, so a word unseen in
    training still reads as a likely perpetrator or victim."""

    def __init__(self, centroids: Any, prototypes: dict[str, Any]) -> None:
        import numpy as np

        from . import vectors

        self.centroids = np.asarray(centroids, dtype=np.float32)
        self.sides = sorted(prototypes)
        self.pmat = np.array([prototypes[k] for k in self.sides], dtype=np.float32)
        self.vec = vectors.load()
        self._cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RoleSemantics:
        return cls(data["centroids"], {str(k): v for k, v in data["prototypes"].items()})

    def to_json(self) -> dict[str, Any]:
        import numpy as np

        def r(a: Any) -> list:
            return np.round(np.asarray(a, dtype=float), 4).tolist()

        return {"centroids": r(self.centroids), "prototypes": {k: r(v) for k, v in zip(self.sides, self.pmat, strict=True)}}

    def word_features(self, head: str) -> tuple[str, ...]:
        """The trigger-independent part, cached per head word."""
        from bisect import bisect_right

        out = self._cache.get(head)
        if out is None:
            v = self.vec.word(head)
            if v is None:
                out = ("vcl=none",)
            else:
                sims = self.pmat @ v
                out = ("vcl=" + str(int((self.centroids @ v).argmax())), "vside=" + self.sides[int(sims.argmax())],
                       *("vcos_" + k + "=" + str(bisect_right(VEC_BINS, float(x))) for k, x in zip(self.sides, sims, strict=True)))
            self._cache[head] = out
        return out

    def features(self, head: str, trigger_lemma: str, etype: str) -> list[str]:
        wf = self.word_features(head)
        cl = wf[0].split("=", 1)[1]
        out = list(wf)
        if cl != "none":
            side = wf[1].split("=", 1)[1]
            out += ["vcl_t=" + etype + "|" + cl, "vcl_lem=" + trigger_lemma + "|" + cl, "vside_t=" + etype + "|" + side]
        return out


def null_features(
    cand_feats: list[list[str]], trigger_lemma: str, etype: str, rule_sides: tuple[bool, bool], shape: dict[str, int] | None = None
) -> list[str]:
    """The features of a listwise model's "nobody in this sentence" option: the event type,
    the trigger's voice and part of speech (read from a candidate's ``vp=`` feature), its
    lemma, whether the rules found each side, and how many candidates there are. Why: whether
    a side is stated at all depends on the act ("died" has no source) and the construction
    (an agentless passive), not on any one candidate."""
    vt = null_voice(cand_feats)
    n = len(cand_feats)
    size = "0" if n == 0 else "1" if n == 1 else "2-4" if n <= 4 else "5+"
    out = ["NULL", "NULL|t=" + etype, "NULL|vt=" + vt, "NULL|tvt=" + etype + "|" + vt, "NULL|lem=" + trigger_lemma,
           "NULL|rs=" + str(rule_sides[0]), "NULL|rt=" + str(rule_sides[1]), "NULL|n=" + size]
    if shape is not None:
        out += shape_features(shape)
    return out


def null_voice(cand_feats: list[list[str]]) -> str:
    """The trigger's voice and part of speech as the candidates' ``vp=`` features give it."""
    return next((f[3:].split("|", 1)[0] for fs in cand_feats for f in fs if f.startswith("vp=")), "-")


def shape_features(shape: dict[str, int]) -> list[str]:
    """The null option's features of the text's shape (``text_shape``): how many sentences
    the text has, whether the draft's is the first, how long it is. Why: in a long article a
    side is often stated in another sentence (so "nobody here" is often right), in a one-line
    incident note or an article's lead there is no other sentence to state it."""
    n, i, t = shape.get("sentences", 0), shape.get("index", 0), shape.get("tokens", 0)
    ns = "1" if n <= 1 else "2-3" if n <= 3 else "4-9" if n <= 9 else "10+"
    ln = "<15" if t < 15 else "15-29" if t < 30 else "30+"
    return ["NULL|ns=" + ns, "NULL|first=" + str(i == 0), "NULL|len=" + ln, "NULL|first|ns=" + str(i == 0) + "|" + ns]


def text_shape(d: Any, ctx: Any, discourse: bool = False) -> dict[str, int]:
    """The shape of the text a draft stands in: how many sentences it has, which one the
    draft's is (0: the first) and how many tokens that sentence has; with ``discourse``, also
    what the earlier sentences state (:func:`discourse_context`, for an "elsewhere" model)."""
    starts = [s.start for s in ctx.sentences]
    at = d.sentence.start
    index = sum(1 for s in starts if s < at)
    toks = sum(1 for t in d.doc if d.sentence.start <= t.idx + d.parsed.off < d.sentence.end) if d.doc is not None else 0
    out = {"sentences": len(starts), "index": index, "tokens": toks}
    return {**out, **discourse_context(d, ctx, starts)} if discourse else out


def discourse_context(d: Any, ctx: Any, starts: list[int] | None = None) -> dict[str, int]:
    """Where the article may already have stated a draft's sides (read by the listwise
    model's "elsewhere" option, :func:`elsewhere_features`): how many actor mentions
    (``ctx.mentions``, the dictionary's matches) precede the draft's sentence, how many the
    previous sentence holds and this one, how many sentences back the nearest one lies, how
    often the most mentioned actor so far recurs (the chain's salience), and whether an
    earlier sentence holds a draft of the same type or the same trigger lemma (a re-telling)."""
    s0, s1 = d.sentence.start, d.sentence.end
    starts = starts if starts is not None else [s.start for s in ctx.sentences]
    index = sum(1 for s in starts if s < s0)
    prev0 = max((s for s in starts if s < s0), default=None)
    prior, prev, here, last = 0, 0, 0, None
    chain: dict[str, int] = {}
    for m in getattr(ctx, "mentions", None) or []:
        if m.start < s0:
            prior += 1
            chain[m.entry.name] = chain.get(m.entry.name, 0) + 1
            last = m.start if last is None or m.start > last else last
            if prev0 is not None and m.start >= prev0:
                prev += 1
        elif m.start < s1:
            here += 1
    gap = -1 if last is None else index - sum(1 for s in starts if s <= last) + 1
    lemma = d.tok.lemma_.lower()
    same_type = same_lemma = 0
    for o in getattr(ctx, "drafts", None) or []:
        if o.sentence.start >= s0 or o.origin != "lexicon":
            continue
        same_type |= o.type == d.type
        same_lemma |= o.tok.lemma_.lower() == lemma
    return {"prior": prior, "prev": prev, "here": here, "gap": gap, "chain": max(chain.values(), default=0),
            "again_type": int(same_type), "again_lemma": int(same_lemma)}


def elsewhere_features(shape: dict[str, int], etype: str, vt: str) -> list[str]:
    """The features of a listwise model's "stated elsewhere" option (a second null option:
    the side is in another sentence of the article, not absent), from
    :func:`discourse_context`: binned counts of earlier actor mentions, the distance to the
    nearest, the chain's salience, a re-telling of the same act, crossed with the event type
    and the trigger's voice/part of speech. Why: a side left to another sentence needs an
    earlier sentence that states it, which the sentence-level null cannot see."""
    def b(n: int) -> str:
        return "0" if n <= 0 else "1" if n == 1 else "2-3" if n <= 3 else "4+"

    gap = shape.get("gap", -1)
    g = "none" if gap < 0 else "1" if gap <= 1 else "2-3" if gap <= 3 else "4+"
    first = shape.get("index", 0) == 0
    out = ["ELSE", "ELSE|t=" + etype, "ELSE|vt=" + vt, "ELSE|first=" + str(first), "ELSE|prior=" + b(shape.get("prior", 0)),
           "ELSE|prev=" + b(shape.get("prev", 0)), "ELSE|here=" + b(shape.get("here", 0)), "ELSE|gap=" + g,
           "ELSE|chain=" + b(shape.get("chain", 0)), "ELSE|again=" + str(shape.get("again_type", 0)),
           "ELSE|againlem=" + str(shape.get("again_lemma", 0)), "ELSE|here|gap=" + b(shape.get("here", 0)) + "|" + g,
           "ELSE|t|again=" + etype + "|" + str(shape.get("again_type", 0)), "ELSE|vt|here=" + vt + "|" + b(shape.get("here", 0))]
    return out


def lexical_features(feats: list[str], head: str, trigger_lemma: str) -> list[str]:
    """The trigger's own argument frame: its lemma crossed with the candidate's voiced path
    (``tlp=kill|actV|dobj|``: the object of active "kill"), and the head word crossed with
    its relation (``hd=hostages|nsubjpass``). Why: the path-by-type features treat every
    ASSAULT verb alike, but "seized weapons" has no target where "killed villagers" has one,
    and "talks with" names a party where "attack with" names a means; the frequent trigger
    lemmas of the training corpus carry their own frames, rare ones fall back to the type's.
    Computed from the sparse features already there, so a cached training set needs no
    re-parse."""
    vp = dep = None
    for f in feats:
        if vp is None and f.startswith("vp="):
            vp = f[3:]
        elif dep is None and f.startswith("dep="):
            dep = f[4:]
    out = []
    if vp is not None:
        out.append("tlp=" + trigger_lemma + "|" + vp)
    if dep is not None:
        out.append("hd=" + head.lower() + "|" + dep)
    return out


class RoleModel:
    """Softmax weights over ``none | source | target`` for (candidate, trigger) features,
    with the thresholds a candidate's probability must reach to be chosen."""

    def __init__(self, data: dict[str, Any]) -> None:
        from .errors import ConfigError

        try:
            self.classes = [str(c) for c in data["classes"]]
            if sorted(self.classes) != sorted(ROLE_CLASSES):
                raise ValueError(f"classes must be {ROLE_CLASSES}, not {self.classes}")
            self.bias = {str(k): float(v) for k, v in data["bias"].items()}
            self.weights: dict[str, dict[str, float]] = {
                str(f): {str(c): float(w) for c, w in ws.items()} for f, ws in data["weights"].items()
            }
            self.thresholds = {k: float(data["thresholds"][k]) for k in ("source", "target")}
            self.meta = data.get("meta", {})
            self.semantics = RoleSemantics.from_json(data["semantics"]) if data.get("semantics") else None
            #: trained with :func:`lexical_features` (older models were not)
            self.lexical = bool(data.get("lexical", False))
            #: trained with the long-path features (:func:`path_features`, x26roles)
            self.paths = bool(data.get("paths", False))
            #: trained per draft (:meth:`distributions`): each side a softmax over the draft's
            #: candidates and "nobody in the sentence" (older models score each candidate alone)
            self.listwise = bool(data.get("listwise", False))
            #: a listwise model whose null option reads the text's shape (:func:`shape_features`)
            self.shape = bool(data.get("shape", False))
            #: a listwise model with a second null option, "stated in another sentence"
            #: (:func:`elsewhere_features`); a side's "nobody here" is the two options' sum
            self.elsewhere = bool(data.get("elsewhere", False))
            if self.elsewhere and not (self.listwise and self.shape):
                raise ValueError("an elsewhere option needs a listwise model with shape")
            #: a listwise model whose candidates include the earlier sentences' actors
            #: (:func:`carry_candidates`, :func:`carry_features`): a side may be carried
            self.carry = bool(data.get("carry", False))
            if self.carry and not self.listwise:
                raise ValueError("a carry needs a listwise model")
            #: the share a carried actor needs (chosen on held-out drafts; the sentence's
            #: thresholds when the file gives none)
            ct = data.get("carry_thresholds") or data["thresholds"]
            self.carry_thresholds = {k: float(ct[k]) for k in ("source", "target")}
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ConfigError("E310", path="role model", reason=f"{type(err).__name__}: {err}") from err

    def vector_features(self, head: str, trigger_lemma: str, etype: str) -> list[str]:
        """The word-vector features of a candidate (none for a model trained without them)."""
        return self.semantics.features(head, trigger_lemma, etype) if self.semantics is not None else []

    def extra_features(self, feats: list[str], head: str, trigger_lemma: str, etype: str) -> list[str]:
        """What the model adds to a candidate's sparse features: its word-vector and (for a
        model trained with them) lexical features."""
        out = self.vector_features(head, trigger_lemma, etype)
        if self.lexical:
            out = out + lexical_features(feats, head, trigger_lemma)
        return out

    def _rows(self) -> tuple[list[str], dict[str, tuple[tuple[int, float], ...]]] | None:
        """The weights as (class slot, weight) pairs per feature, built once, so that scoring
        adds floats into a list instead of walking a dict per feature. Slots follow the
        bias's class order, so every sum (same terms, same order) and the returned dict are
        exactly the plain loop's. None when a weight names a class the bias lacks (the
        plain loop then decides where that class goes)."""
        rows = self.__dict__.get("_rows_cache")
        if rows is None or rows[2] is not self.weights:
            classes = list(self.bias)
            slot = {c: i for i, c in enumerate(classes)}
            table: dict[str, tuple[tuple[int, float], ...]] | None = {}
            for f, ws in self.weights.items():
                if any(c not in slot for c in ws):
                    table = None
                    break
                table[f] = tuple((slot[c], w) for c, w in ws.items())
            rows = (classes, table, self.weights)
            self.__dict__["_rows_cache"] = rows
        return None if rows[1] is None else (rows[0], rows[1])

    def distribution(self, feats: list[str]) -> dict[str, float]:
        import math

        rows = self._rows()
        if rows is None:
            z = dict(self.bias)
            for f in feats:
                for c, w in self.weights.get(f, {}).items():
                    z[c] = z.get(c, 0.0) + w
        else:
            classes, table = rows
            acc = list(self.bias.values())
            for f in feats:
                pairs = table.get(f)
                if pairs is not None:
                    for i, w in pairs:
                        acc[i] += w
            z = dict(zip(classes, acc, strict=True))
        m = max(z.values())
        e = {c: math.exp(v - m) for c, v in z.items()}
        total = sum(e.values())
        return {c: v / total for c, v in e.items()}

    def _score(self, feats: list[str]) -> tuple[float, float]:
        """The listwise model's (source, target) score of one candidate's features: per
        feature the model knows, its source and target weights (0.0 for a side it lacks)
        added in feature order — from a (source, target) pair per feature built once
        (``_side_pairs``), the same additions as reading each feature's dict."""
        pairs = self._side_pairs()
        zs = zt = 0.0
        for f in feats:
            ws = pairs.get(f)
            if ws is not None:
                zs += ws[0]
                zt += ws[1]
        return zs, zt

    def _side_pairs(self) -> dict[str, tuple[float, float]]:
        """feature -> (source weight, target weight), rebuilt when ``weights`` is replaced."""
        got = self.__dict__.get("_side_pairs_cache")
        if got is None or got[0] is not self.weights:
            table = {f: (ws.get("source", 0.0), ws.get("target", 0.0)) for f, ws in self.weights.items()}
            got = self.__dict__["_side_pairs_cache"] = (self.weights, table)
        return got[1]

    def distributions(self, feats: list[list[str]], null: list[str], elsewhere: list[str] | None = None) -> list[dict[str, float]]:
        """Each candidate's share of the draft's two choices, as ``distribution`` gives them
        (``none`` the rest): for a listwise model, per side a softmax over the candidates and
        the null option (``null`` its features, :func:`null_features`), so a candidate's
        source probability is how likely it, rather than another candidate or nobody, is the
        source; for a per-candidate model, each candidate's own distribution. A model with an
        "elsewhere" option (``elsewhere`` its features) adds it to the null's mass."""
        import math

        if not self.listwise:
            return [self.distribution(f) for f in feats]
        scores = [self._score(f) for f in feats]
        nulls = [self._score(null)]
        if self.elsewhere and elsewhere is not None:
            nulls.append(self._score(elsewhere))
        ms = max([*(z[0] for z in nulls), *(z[0] for z in scores)])
        mt = max([*(z[1] for z in nulls), *(z[1] for z in scores)])
        es = [math.exp(z[0] - ms) for z in scores]
        et = [math.exp(z[1] - mt) for z in scores]
        tot_s = sum(math.exp(z[0] - ms) for z in nulls) + sum(es)
        tot_t = sum(math.exp(z[1] - mt) for z in nulls) + sum(et)
        out = []
        for a, b in zip(es, et, strict=True):
            ps, pt = a / tot_s, b / tot_t
            out.append({"none": max(0.0, 1.0 - ps - pt), "source": ps, "target": pt})
        return out

    def choose(self, dists: list[dict[str, float]]) -> tuple[int | None, int | None]:
        """(index of the source, index of the target) among the candidates' distributions:
        the most probable source above its threshold, then the most probable other target."""
        src = max(range(len(dists)), key=lambda k: dists[k]["source"], default=None)
        if src is not None and dists[src]["source"] < self.thresholds["source"]:
            src = None
        others = [k for k in range(len(dists)) if k != src]
        tgt = max(others, key=lambda k: dists[k]["target"], default=None)
        if tgt is not None and dists[tgt]["target"] < self.thresholds["target"]:
            tgt = None
        return src, tgt

    def carry_choice(self, dists: list[dict[str, float]]) -> tuple[int | None, int | None]:
        """(source, target) among the carried candidates' distributions (the earlier
        sentences' actors, :func:`carry_candidates`): each side's most probable one above its
        threshold (``carry_thresholds``), not the same for both sides. It fills only a side the sentence's own
        choice (:meth:`choose` over the sentence's candidates) leaves empty."""
        src = max(range(len(dists)), key=lambda k: dists[k]["source"], default=None)
        if src is not None and dists[src]["source"] < self.carry_thresholds["source"]:
            src = None
        tgt = max((k for k in range(len(dists)) if k != src), key=lambda k: dists[k]["target"], default=None)
        if tgt is not None and dists[tgt]["target"] < self.carry_thresholds["target"]:
            tgt = None
        return src, tgt


CARRY_K = 6  # earlier actors offered per draft, the most recent chains first


def carry_candidates(d: Any, ctx: Any, starts: list[int] | None = None, k: int = CARRY_K) -> list[dict[str, Any]]:
    """The actors of the article's earlier sentences, offered as extra candidates for a side
    the draft's sentence may leave to another one (a learned cross-sentence carry): the
    dictionary's actor mentions (``ctx.mentions``) and the sides the rules gave earlier drafts,
    grouped into chains (an entry's name, else the head's lower-cased text), each chain's most
    recent mention standing for it. Per candidate, structural facts only (no words): its clean
    text span, how many sentences back it lies, how often its chain was mentioned (salience),
    the sides it filled in earlier drafts and whether of the same type, its sector and whether
    it stands in the article's first sentence, and under ``_ref`` what it refers to (not
    JSON: dropped from a training cache). The ``k`` most recent chains are kept."""
    s0 = d.sentence.start
    starts = starts if starts is not None else [s.start for s in ctx.sentences]
    index = sum(1 for s in starts if s < s0)

    def sent_of(pos: int) -> int:
        return sum(1 for s in starts if s <= pos) - 1

    chains: dict[str, dict[str, Any]] = {}

    def add(key: str, start: int, end: int, sector: str | None, kind: str | None, ref: Any) -> dict[str, Any]:
        c = chains.get(key)
        if c is None:
            c = chains[key] = {"start": start, "end": end, "count": 0, "sector": sector, "kind": kind, "was": set(), "ref": ref}
        c["count"] += 1
        if start > c["start"]:
            c["start"], c["end"], c["ref"] = start, end, ref
        if sector and not c["sector"]:
            c["sector"], c["kind"] = sector, kind
        return c

    by_pos: dict[int, str] = {}
    spans: dict[int, tuple[Any, int, RoleSpan]] = {}
    for m in getattr(ctx, "mentions", None) or []:
        if m.start < s0:
            key = "e:" + m.entry.name
            add(key, m.start, m.end, m.entry.sector, m.entry.kind, m)
            for p in range(m.start, m.end):
                by_pos[p] = key
    for o in getattr(ctx, "drafts", None) or []:
        if o.sentence.start >= s0 or o.doc is None:
            continue
        for side, sp in (("source", o.src_span), ("target", o.tgt_span)):
            if sp is None or sp.pronoun:
                continue
            tok = o.doc[sp.head]
            pos = tok.idx + o.off
            key = by_pos.get(pos) or "h:" + tok.text.lower()
            spans.setdefault(pos, (o.doc, o.off, sp))
            c = chains.get(key) or add(key, pos, pos + len(tok.text), None, None, None)
            c["was"].add((side, o.type == d.type))
    out = []
    for c in sorted(chains.values(), key=lambda c: -c["start"])[:k]:
        was = sorted(c["was"])
        out.append({"start": c["start"], "end": c["end"], "back": index - sent_of(c["start"]), "count": c["count"],
                    "sector": c["sector"] or "", "kind": c["kind"] or "", "lead": int(sent_of(c["start"]) == 0),
                    "was": [s + ("|same" if same else "|other") for s, same in was],
                    # what the ``actors`` stage resolves when the carry is chosen: the earlier
                    # draft's span (sentence doc, its offset, the span), else the dictionary match
                    "_ref": next((spans[p] for p in range(c["start"], c["end"]) if p in spans), c["ref"])})
    for r, c in enumerate(out):
        c["rank"] = r
    return out


def carry_features(c: dict[str, Any], etype: str, vt: str, rules: tuple[bool, bool]) -> list[str]:
    """The features of one carried candidate (:func:`carry_candidates`): sentences back,
    salience, recency rank, the sides it filled earlier (same type or not), its sector and
    kind against the event type, whether it is in the first sentence, and whether the rules
    filled each side in the sentence (a carry competes with them). All are crossed with the
    event type or the trigger's voice where the side depends on it."""
    def b(n: int) -> str:
        return "0" if n <= 0 else "1" if n == 1 else "2-3" if n <= 3 else "4+"

    out = ["CARRY", "CARRY|t=" + etype, "CARRY|vt=" + vt, "CARRY|back=" + b(c["back"]), "CARRY|t|back=" + etype + "|" + b(c["back"]),
           "CARRY|count=" + b(c["count"]), "CARRY|rank=" + b(c["rank"]), "CARRY|lead=" + str(c["lead"]),
           "CARRY|sec=" + c["sector"], "CARRY|t|sec=" + etype + "|" + c["sector"], "CARRY|kind=" + c["kind"],
           "CARRY|rules=" + str(int(rules[0])) + str(int(rules[1])), "CARRY|vt|rules=" + vt + "|" + str(int(rules[0])) + str(int(rules[1])),
           "CARRY|was=" + ("none" if not c["was"] else "yes"), "CARRY|back|count=" + b(c["back"]) + "|" + b(c["count"])]
    for w in c["was"]:
        out += ["CARRY|was=" + w, "CARRY|t|was=" + etype + "|" + w, "CARRY|vt|was=" + vt + "|" + w]
    return out
