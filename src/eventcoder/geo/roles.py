"""Roles: whether a toponym names a place or stands for an actor ("the capital said").

A place name that is the subject of an agentive verb, the possessor of an actor noun
("the country's army") or the agent of a passive is an actor (metonymy); elsewhere it
is a place. Unparsed text is judged by the words right after the name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .mention import Mention, TokenIndex
from .words import ACTOR_NOUNS, ACTOR_VERB_AFTER, NON_AGENTIVE, PASSIVE_AFTER, POSSESSED_AFTER

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


#: the role of a place name that stands for a sports side or a company named after it
#: ("Blackburn have rejected a bid": :func:`.recognise.keep_team_name`): never an event's
#: place, never the article's focus
TEAM = "team"


def actor_dep(t: Token) -> bool:
    """The parse makes token ``t`` (a place name's root) an actor."""
    dep = t.dep_
    head = t.head
    if dep == "nsubj" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in NON_AGENTIVE:
        # "X is ..." / "X fell" are places; "X seeks" is an actor
        return True
    if dep == "poss" and head.lemma_.lower() in ACTOR_NOUNS:
        return True
    if (
        dep in ("compound", "nmod")
        and head.lemma_.lower() in ACTOR_NOUNS
        and head.dep_ in ("nsubj", "nsubjpass", "agent", "pobj")
    ):
        return dep == "compound" and head.dep_ == "nsubj"
    return dep == "pobj" and head.dep_ == "agent"


def actor_after(after: str) -> bool:
    """The words after an unparsed name make it an actor ("X said", "X's army")."""
    if ACTOR_VERB_AFTER.match(after) and not PASSIVE_AFTER.match(after):
        return True
    pm = POSSESSED_AFTER.match(after)
    return pm is not None and pm.group(1).lower() in ACTOR_NOUNS


_DATELINE_AFTER = re.compile(r"\s*(?:,|\(|[-–—]\s)")


def is_dateline(text: str, start: int, end: int) -> bool:
    """A name in capitals opening a line before ",", "(" or a dash ("NAPLES, Fla. -",
    "KABUL (Reuters)"): the dateline, where the story is filed from: a place, whatever the
    parse makes of the line ("NAPLES, Fla.- A teenager died" read as the subject)."""
    name = text[start:end]
    return (
        name.isupper()
        and (start == 0 or text[start - 1] == "\n")
        and _DATELINE_AFTER.match(text, end) is not None
    )


def assign_roles(
    text: str, mentions: list[Mention], docs: Sequence[Doc], offsets: Sequence[int]
) -> None:
    """Set ``role`` to "actor" where a place name stands for its government or people."""
    tok_at = TokenIndex(docs, offsets)
    for m in mentions:
        if m.role in ("actor", TEAM) or is_dateline(text, m.start, m.end):
            continue
        toks = [t for t in map(tok_at.get, range(m.start, m.end)) if t is not None]
        ids = {t.i for t in toks}
        root = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), None)
        if root is not None:
            if actor_dep(root):
                m.role = "actor"
        elif actor_after(text[m.end : m.end + 30]):
            m.role = "actor"
