"""The gazetteer phrase matcher: every stretch of text that is a gazetteer name.

A dict lookup per token, leftmost-longest, bounded by the longest name starting with
that token, case-sensitive (a name starts with a capital). Whether a match is a
toponym is decided later, in :mod:`.recognise`.
"""

from __future__ import annotations

from typing import NamedTuple

from .gazetteer import Gazetteer
from .normalize import ARTICLES, fold
from .words import CONNECTORS, WORD

#: gaps that may sit between two words of one name
_NAME_GAPS = frozenset(("", " ", "-", "'", "’", "‘", "ʿ", "ʾ", "‐", "‑", ". ", ".", " - "))


#: a word of the text: (start, end, key, raw)
Word = tuple[int, int, str, str]


class Match(NamedTuple):
    """A gazetteer name found in the text: ``text[start:end]`` has key ``key``."""

    start: int
    end: int
    key: str
    all_caps: bool


#: raw word -> its gazetteer key (a plain dict read inline by ``tokens``: an article repeats
#: its words, and a dict look-up costs less than a call through ``lru_cache``)
_WORD_KEYS: dict[str, str] = {}
_WORD_KEYS_MAX = 1 << 16


def word_key(raw: str) -> str:
    """The gazetteer key of one word of the text (memoised: an article repeats its words)."""
    key = _WORD_KEYS.get(raw)
    if key is None:
        key = " ".join(WORD.findall(fold(raw).replace("'", " ")))
        if len(_WORD_KEYS) >= _WORD_KEYS_MAX:
            _WORD_KEYS.clear()
        _WORD_KEYS[raw] = key
    return key


def text_words(text: str) -> tuple[list[Word], set[str]]:
    """The words of ``text`` as :func:`tokens` gives them, and the set of those written in lower
    case (every run of ``WORD``, whatever its key: ``{w for w in WORD.findall(text) if
    w.islower()}``), from one scan of the text: recognition reads both."""
    keys = _WORD_KEYS
    out = []
    lower = set()
    append = out.append
    add = lower.add
    for m in WORD.finditer(text):
        raw = m.group()
        if raw.islower():
            add(raw)
        key = keys.get(raw)
        if key is None:
            key = word_key(raw)
        if key:
            append((m.start(), m.end(), key, raw))
    return out, lower


def tokens(text: str) -> list[Word]:
    """The words of ``text``: (start, end, key, raw)."""
    keys = _WORD_KEYS
    out = []
    append = out.append
    for m in WORD.finditer(text):
        raw = m.group()
        key = keys.get(raw)
        if key is None:
            key = word_key(raw)
        if key:
            append((m.start(), m.end(), key, raw))
    return out


def gap_ok(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` may separate two words of one name (a space, a hyphen, a dot)."""
    gap = text[a:b]
    if len(gap) > 3:
        return False
    return gap in _NAME_GAPS or (gap.strip(" -'’.") == "" and "\n" not in gap)


def _glued_ok(toks: list[Word], i: int, L: int) -> bool:
    """Words that may be read glued ("Abu Kamal" ~ "Abukamal"): capitalised, not in
    capitals ("A US" is not "Aus"), and not opened by "the" (a glued "The Da" is no
    town, and has no "the" to strip)."""
    return toks[i][2] != "the" and all(
        t[3][0].isupper() and len(t[3]) > 1 and not t[3].isupper() for t in toks[i : i + L]
    )


def _longest_at(
    gaz: Gazetteer, text: str, toks: list[Word], i: int, maxlen: int
) -> tuple[int, str] | None:
    """The longest gazetteer name starting at token ``i``: (number of tokens, key)."""
    n = len(toks)
    key = toks[i][2]
    limit = min(maxlen, n - i)
    # extend while the gaps are name-like
    span = 1
    while span < limit and gap_ok(text, toks[i + span - 1][1], toks[i + span][0]):
        span += 1
    for L in range(span, 0, -1):
        last_raw = toks[i + L - 1][3]
        if not (last_raw[0].isupper() or last_raw[0].isdigit()) and L > 1:
            continue
        if L == 1 and key in ARTICLES:
            continue
        mid_ok = all(
            toks[j][3][0].isupper() or toks[j][2] in CONNECTORS for j in range(i + 1, i + L - 1)
        )
        if not mid_ok:
            continue
        k = " ".join(t[2] for t in toks[i : i + L])
        if k in gaz.index:
            return L, k
        if 1 < L <= 3:  # "Dawlat Abad" ~ "Dawlatabad", "Abu Kamal" ~ "Abukamal"
            k2 = k.replace(" ", "")
            if k2 in gaz.index and _glued_ok(toks, i, L):
                return L, k2
    return None


def match(gaz: Gazetteer, text: str, toks: list[Word] | None = None) -> list[Match]:
    """Gazetteer phrase matches of ``text``, leftmost-longest; ``toks``: its :func:`tokens`,
    when the caller has them."""
    if toks is None:
        toks = tokens(text)
    n = len(toks)
    out = []
    i = 0
    while i < n:
        _s, _e, key, raw = toks[i]
        maxlen = gaz.first.get(key)
        first_ok = bool(maxlen) and (
            raw[0].isupper() or (key in ARTICLES and i + 1 < n and toks[i + 1][3][:1].isupper())
        )
        found = _longest_at(gaz, text, toks, i, maxlen) if first_ok else None
        if found is None:
            i += 1
            continue
        L, k = found
        if L > 1 and toks[i][2] == "the":
            rest = k.split(" ", 1)[1]
            if rest in gaz.index:  # "the Middle East": the toponym is "Middle East"
                i, L, k = i + 1, L - 1, rest
        raws = [t[3] for t in toks[i : i + L]]
        all_caps = all(r.isupper() for r in raws)
        out.append(Match(toks[i][0], toks[i + L - 1][1], k, all_caps))
        i += L
    return out
