"""He/she agreement from the article's own evidence, shared by the actor and attribution
components: a person's grammatical gender is what an earlier he/she resolved to them showed,
or an honorific the article gives them ("Mr", "Ms"); a he/she whose nearest person is of the
other gender looks back over a few persons for one who is not. No first-name lists: a person
the article has not shown a gender for fits either pronoun."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ..lang import words

#: persons looked back over for a "he"/"she" whose nearest person is of the other gender
RECENT_PEOPLE = 4
#: honorifics that show a person's gender
HONORIFIC_GENDER = {w: "m" for w in words("honorifics_male")} | {w: "f" for w in words("honorifics_female")}
_FEMININE = frozenset({"she", "her", "hers", "herself"})
_MASCULINE = frozenset({"he", "him", "his", "himself"})

T = TypeVar("T")


def pronoun_gender(pronoun: str) -> str | None:
    """The gender a third-person singular pronoun shows ("m"/"f"), None for any other word."""
    p = pronoun.strip().lower()
    return "f" if p in _FEMININE else "m" if p in _MASCULINE else None


def honorific_gender(word: str | None) -> str | None:
    """The gender an honorific shows ("Mr" -> "m", "Ms." -> "f"), None for any other word."""
    return HONORIFIC_GENDER.get(word.strip().lower().rstrip(".")) if word else None


def nearest_agreeing(people: Sequence[T], pronoun: str, gender_of: Callable[[T], str | None], limit: int = RECENT_PEOPLE) -> T | None:
    """The nearest of ``people`` (in text order, the last nearest) a he/she can be: the first,
    looking back over at most ``limit``, the article has not shown to be of the other gender.
    None when all of those are of the other gender (or there is no one); a word that is not a
    gendered pronoun takes the nearest."""
    if not people:
        return None
    want = pronoun_gender(pronoun)
    if want is None:
        return people[-1]
    for p in reversed(people[-limit:]):
        g = gender_of(p)
        if g is None or g == want:
            return p
    return None
