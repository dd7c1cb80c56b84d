"""What an event mention is about: its head word's base form and its arguments.

Two mentions of one incident often use different words (``shot``/``fired``,
``died``/``killed``) and two incidents of one kind inside a story often use the same word
(two ``arrests`` of two suspects). The trigger's stem cannot tell these apart; its
participants, times, places and figures can. This module gives, for a mention:

* :func:`head_key` — the base form of the trigger's head word: spaCy's irregular-form
  tables (``shot`` -> ``shoot``, ``fell`` -> ``fall``; read from the installed English
  model, never downloaded), then the crude stem of :func:`features.stem`. It needs only
  the trigger's text, so stored events (which keep no parse) get the same key as parsed
  mentions.
* :func:`mention_arguments` — from a parsed sentence and the mention's token positions:
  the words filling the mention's subject/object/oblique slots (a relative clause or a
  noun's modifiers included), split by the kind of named entity they are in
  (participants, places, times, numbers). Pronouns and stop words are left out: they
  agree between any two mentions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: dependency relations whose dependent fills an argument slot of its head
_ARG_DEPS = frozenset({
    "nsubj", "nsubjpass", "csubj", "dobj", "obj", "dative", "attr", "oprd", "poss",
    "compound", "nmod", "appos", "npadvmod", "agent", "prep", "pobj", "amod", "nummod",
})  # fmt: skip
_PLACE = frozenset({"GPE", "LOC", "FAC"})
_TIME = frozenset({"DATE", "TIME"})
_NUMBER = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
_SKIP_POS = frozenset({"PRON", "DET", "PUNCT", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "SPACE"})


def _exception_table() -> Any:
    """The installed English model's lemmatizer exception table, read from its files alone
    (a fraction of a second, where loading the whole pipeline takes seconds); None when no
    model is installed."""
    import importlib.util
    from pathlib import Path

    from spacy.lookups import Lookups

    from ..nlp import MODEL_CANDIDATES

    for name in MODEL_CANDIDATES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for f in sorted(Path(next(iter(spec.submodule_search_locations))).rglob("lemmatizer/lookups/lookups.bin")):
            lookups = Lookups().from_disk(f.parent)
            if lookups.has_table("lemma_exc"):
                return lookups.get_table("lemma_exc")
    return None


@lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    """Irregular inflections of the installed spaCy model's lemmatizer tables (nouns, then
    verbs, so a verb reading wins: shot -> shoot); empty when no model is installed (the key
    is then the stem alone)."""
    try:
        exc = _exception_table()
    except (OSError, ValueError, ImportError):
        exc = None
    if exc is None:
        return {}
    out: dict[str, str] = {}
    for pos in ("noun", "verb"):
        table = exc.get(pos) or {}
        for form, lemmas in table.items():
            if lemmas and lemmas[0] != form:
                out[form] = lemmas[0]
    return out


def head_key(trigger: str) -> str:
    """The base form of a trigger's head (its last content word), as a stem."""
    from .features import stem

    return stem(head_word(trigger))


def head_word(trigger: str) -> str:
    """A trigger's head (its last content word) in its base form, before stemming: the word
    :func:`head_key` stems (``shot`` -> ``shoot``, ``quake`` -> key ``quak``); a word embeds
    where a stem does not."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    w = trigger.lower().strip(" .,;:'\"")
    parts = w.split()
    # the head is the last content word: "checked into" -> checked, "driven it from" -> driven
    content = [p for p in parts if p not in ENGLISH_STOP_WORDS]
    w = (content or parts or [w])[-1]
    w = _irregular().get(w, w)
    if len(w) == 4 and w.endswith(("ied", "ies")):  # died/dies/lied/ties -> die/lie/tie
        w = w[:2] + "e"
    return w


@dataclass(frozen=True)
class Arguments:
    """A mention's argument words, by the kind of entity they are in."""

    participants: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    #: who does or says it: the words of the head's subject, agent or possessor ("police"
    #: in "police said", "the navy's statement"); what tells two reporting mentions' speakers
    #: apart (a participant set mixes them with the objects)
    speakers: frozenset[str] = frozenset()

    @classmethod
    def of_fields(cls, actors: frozenset[str] = frozenset(), place: str | None = None, date: str | None = None) -> Arguments:
        """The arguments of a stored, coded event: its actors, its place's name and its date."""
        parts = frozenset(w for a in actors for w in a.lower().split() if len(w) > 2)
        places = frozenset(w for w in (place or "").lower().split() if len(w) > 2)
        times = frozenset({date}) if date else frozenset()
        return cls(parts, places, times, frozenset())


def _word(tok: Any) -> str | None:
    """The argument word of a token: its text inside a name (so "Reid" meets "Tara Reid",
    whose other words come in as the name's compounds), else its lemma."""
    if tok.pos_ in _SKIP_POS or tok.is_stop:
        return None
    w = tok.text.lower() if tok.ent_type_ else tok.lemma_.lower()
    return w if len(w) > 1 and any(c.isalnum() for c in w) else None


def _slots(head: Any) -> list[Any]:
    """The tokens filling the head's argument slots (through prepositions, and for a verb in a
    relative clause or an open complement, the noun or subject it shares)."""
    out: list[Any] = []
    for c in head.children:
        if c.dep_ in ("prep", "agent"):
            out.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ in _ARG_DEPS:
            out.append(c)
    if head.dep_ in ("relcl", "acl"):
        out.append(head.head)
    if head.dep_ in ("xcomp", "conj", "advcl") and head.head.i != head.i:
        out.extend(c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass"))
    # one level down: a compound or name inside a slot ("the Hillside Recovery Clinic")
    for t in list(out):
        out.extend(c for c in t.children if c.dep_ in ("compound", "poss", "nummod"))
    return out


_SPEAKER_DEPS = frozenset({"nsubj", "csubj", "poss"})


def _speakers(head: Any) -> list[Any]:
    """The tokens naming who does or says what the head tells: its subject (through a
    conjunct or open complement, the shared one), the agent of a passive, a noun's
    possessor, and the object of "according to"; with their compounds."""
    out = [c for c in head.children if c.dep_ in _SPEAKER_DEPS]
    for c in head.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and head.lower_ == "according"):
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if not out and head.dep_ in ("xcomp", "conj") and head.head.i != head.i:
        out.extend(c for c in head.head.children if c.dep_ == "nsubj")
    for t in list(out):
        out.extend(c for c in t.children if c.dep_ in ("compound", "amod"))
    return out


def mention_arguments(doc: Any, positions: list[int]) -> Arguments:
    """The arguments of the mention whose tokens are ``positions`` in the parsed ``doc``."""
    if not positions:
        return Arguments()
    inside = set(positions)
    heads = [doc[i] for i in positions if doc[i].head.i not in inside or doc[i].head.i == i]
    head = heads[0] if heads else doc[positions[-1]]
    groups: dict[str, set[str]] = {"participants": set(), "places": set(), "times": set(), "numbers": set()}
    for t in _slots(head):
        if t.i in inside:
            continue
        w = _word(t)
        if w is None:
            continue
        kind = t.ent_type_
        if kind in _PLACE:
            groups["places"].add(w)
        elif kind in _TIME:
            groups["times"].add(w)
        elif kind in _NUMBER or t.like_num:
            groups["numbers"].add(w)
        else:
            groups["participants"].add(w)
    speakers = {w for t in _speakers(head) if t.i not in inside and (w := _word(t)) is not None}
    return Arguments(**{k: frozenset(v) for k, v in groups.items()}, speakers=frozenset(speakers))


__all__ = ["Arguments", "head_key", "head_word", "mention_arguments"]
