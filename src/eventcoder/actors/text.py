"""Text keys and the token trie the dictionary matches with: normalised tokens, case
constraints per alias token, and the constants of matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from ..lang import words

_TOKEN = re.compile(r"\w+|[^\w\s]")
_PUNCT_MAP = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "ʼ": "'",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "−": "-",
    }
)

# Acronyms that are also English words: they do not match in ALL-CAPS text.
_CAPS_WORDS = words("caps_word_acronyms")
_UNLOCALISE = re.compile(r"\s*(?:\(\{country\}\)|of \{of_country\}|\{of_country\}|\{country\})")
_ADJACENT = re.compile(r"(?:['’]s?)?[\s-]*$")
_COORD = words("coordinators")
_BACKED = words("backing_words")

# case constraint per alias token: 0 any case, 1 initial capital, 2 exact
_ANY, _CAP, _EXACT = 0, 1, 2

# priorities when candidates end at the same token
_P_BARE, _P_COMPOSED, _P_EXPLICIT = 1, 2, 3


# --------------------------------------------------------------------------- text keys

_key_cache: dict[str, str] = {}


def _key(tok: str) -> str:
    k = _key_cache.get(tok)
    if k is None:
        k = tok.translate(_PUNCT_MAP)
        if not k.isascii():
            k = "".join(c for c in unicodedata.normalize("NFKD", k) if not unicodedata.combining(c))
        k = k.lower()
        if len(_key_cache) > 500_000:
            _key_cache.clear()
        _key_cache[tok] = k
    return k


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _alias_tokens(alias: str) -> tuple[str, ...]:
    return tuple(t.translate(_PUNCT_MAP) for t in _TOKEN.findall(alias))


def _codes(alias_tokens: Sequence[str]) -> tuple[int, ...]:
    out = []
    for t in alias_tokens:
        if not t[:1].isalpha():
            out.append(_ANY)
        elif t.isupper() and (len(t) >= 2 or len(alias_tokens) > 1):
            out.append(_EXACT)  # acronym (ISIL, M23) or a letter of one (U.S.)
        elif len(t) >= 2 and any(c.isupper() for c in t[1:]) and any(c.isdigit() for c in t):
            out.append(_EXACT)
        elif t[0].isupper():
            out.append(_CAP)
        else:
            out.append(_ANY)
    return tuple(out)


def _check(codes: tuple[int, ...], alias_tokens: tuple[str, ...], toks, i: int) -> bool:
    for n, code in enumerate(codes):
        if code == _ANY:
            continue
        t = toks[i + n][2]
        if code == _CAP:
            if not t[0].isupper():
                return False
        elif t.translate(_PUNCT_MAP) != alias_tokens[n]:
            return False
    return True


def _shouting(toks, i: int, j: int, acronyms: frozenset[str]) -> bool:
    """Is the acronym at toks[i:j] inside ALL-CAPS text (a headline)? True when a nearby
    word of two or more letters is in capitals and is not itself a known acronym."""
    for k in range(max(0, i - 3), min(len(toks), j + 3)):
        if i <= k < j:
            continue
        t = toks[k][2]
        if len(t) >= 2 and t.isalpha() and t.isupper() and t not in acronyms:
            return True
    return False


def _variants(alias: str) -> list[str]:
    """Spelling variants generated for every alias: hyphen <-> space (al-Qaeda / al Qaeda)."""
    out = [alias]
    if "-" in alias:
        out.append(re.sub(r"(?<=\w)-(?=\w)", " ", alias))
    return out


# --------------------------------------------------------------------------- trie


class _Trie:
    __slots__ = ("root",)

    def __init__(self) -> None:
        self.root: dict = {}

    def add(self, alias: str, payload: Any) -> None:
        toks = _alias_tokens(alias)
        if toks:
            self.add_tokens(toks, tuple(_key(t) for t in toks), _codes(toks), payload)

    def add_tokens(self, toks, keys, codes, payload: Any) -> None:
        node = self.root
        for k in keys:
            node = node.setdefault(k, {})
        node.setdefault(None, []).append((codes, toks, payload))

    def walk(self, toks, keys, i: int):
        """Yield (end, codes, alias_tokens, payload) for every alias starting at token i."""
        node = self.root.get(keys[i])
        j = i + 1
        n = len(keys)
        while node is not None:
            items = node.get(None)
            if items:
                for codes, atoks, payload in items:
                    if _check(codes, atoks, toks, i):
                        yield j, codes, atoks, payload
            if j >= n:
                break
            node = node.get(keys[j])
            j += 1



def _norm_phrase(s: str) -> str:
    return " ".join(_key(t[2]) for t in _tokens(s))
