"""The records the geoparser's stages pass along: mentions, the token index, name keys.

A :class:`Mention` is a toponym candidate while the text is being read; recognition
creates it, roles and resolution fill it in, and the facade turns the survivors into
public :class:`~eventcoder.records.Place` records. Every call of ``Geoparser.find``
makes its own mentions, so nothing here is shared between calls or threads.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .normalize import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: a spaCy entity placed in the article: (start, end, label, span)
Ent = tuple[int, int, str, "Span"]

_KEYTOK = re.compile(r"[^\W_]+")


def name_key(s: str) -> str:
    """The matcher's key of a surface form: folded words joined by one space.

    Apostrophes split words here (unlike the gazetteer's ``normalize``, which also
    indexes the joined form), so "Dar'a" is looked up as ``dar a``.
    """
    return " ".join(_KEYTOK.findall(fold(s).replace("'", " ")))


@dataclass(slots=True)
class Mention:
    """A toponym candidate: its span, gazetteer candidates and what the stages decided."""

    start: int
    end: int
    text: str
    cands: list[tuple[int, int]] = field(default_factory=list)  # (entry idx, alt)
    source: str = "gaz"  # "gaz" | "ent" | "ent+gaz"
    label: str | None = None  # spaCy label when from an entity
    core: tuple[int, int] | None = None  # span of the gazetteer name inside an entity
    variant: bool = False
    role: str = "place"
    best: int | None = None
    score: float = 0.0
    head_word: str | None = None  # a place-type word next to it ("province")
    near: int | None = None  # entry an unresolved toponym is approximately located at
    dropped: bool = False  # found not to be a toponym after all (see ``drop_outliers``)


class TokenIndex:
    """The parsed token starting at a character offset of the article, made on demand.

    Building a dict of every token of every sentence cost more than the rest of the
    geoparser (spaCy creates a Python object per token); only a few offsets are asked for.
    """

    def __init__(self, docs: Sequence[Doc], offsets: Sequence[int]) -> None:
        self.docs = list(docs)
        self.offs = list(offsets)
        self._starts: dict[int, dict[int, int]] = {}

    def get(self, pos: int, default: Token | None = None) -> Token | None:
        """The token starting at article offset ``pos``, or ``default``."""
        k = bisect.bisect_right(self.offs, pos) - 1
        if k < 0 or k >= len(self.docs):
            return default
        doc = self.docs[k]
        rel = pos - self.offs[k]
        if not len(doc) or rel > doc[-1].idx:  # (doc.text would join every token)
            return default
        starts = self._starts.get(k)
        if starts is None:
            starts = {int(c): i for i, c in enumerate(doc.to_array("IDX"))}
            self._starts[k] = starts
        i = starts.get(rel)
        return doc[i] if i is not None else default
