"""Name normalisation shared by the gazetteer index and the text matcher.

A name and a stretch of text match when their *keys* are equal: lower case, diacritics
and the Arabic ayn/hamza marks dropped, and every run of non-alphanumeric characters
(space, hyphen, apostrophe, dot) turned into one space. So "Deir ez-Zor", "Deir Ez Zor"
and "DEIR EZ-ZOR" share the key ``deir ez zor``.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
        "ʿ": "'",
        "ʾ": "'",
        "ʼ": "'",
    }
)
_TOKEN = re.compile(r"[^\W_]+")
_APOS = re.compile(r"['’‘ʿʾ`´ʼ]")

#: Arabic articles that transliterations attach to a name ("al-Raqqa", "ar-Raqqah")
ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "an", "ash", "az", "at", "ath", "adh"})


def fold(s: str) -> str:
    """Lower-case, strip diacritics, map a few special letters; keeps punctuation."""
    if s.isascii():
        return s.lower()
    s = unicodedata.normalize("NFKD", s.lower().translate(_SPECIAL))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    # compatibility forms fold late ("𝚤", mathematical dotless i, becomes "ı" only now)
    return unicodedata.normalize("NFKC", s).lower().translate(_SPECIAL)


def tokens(s: str) -> list[str]:
    """The key tokens of a name."""
    return _TOKEN.findall(fold(s))


def normalize(s: str) -> str:
    """The index key of a name: folded alphanumeric tokens joined by one space."""
    return " ".join(tokens(s))


def key_variants(name: str) -> set[str]:
    """Keys under which a gazetteer name is indexed.

    Besides the plain key: apostrophes removed instead of split ("Dar'a" -> ``dara``),
    and a leading Arabic article dropped ("Al Hasakah" -> ``hasakah``). Glued forms
    ("Albu Kamal") are not derived; such spellings come from the variants table.
    """
    f = fold(name)
    k = " ".join(_TOKEN.findall(f))
    if not k:
        return set()
    out = {k}
    if _APOS.search(f):
        k2 = " ".join(_TOKEN.findall(_APOS.sub("", f)))
        if k2:
            out.add(k2)
    for key in list(out):
        first, _, rest = key.partition(" ")
        if rest and first in ARTICLES and len(rest) >= 4:
            out.add(rest)
    # the Persian/Dari ezafe: "Pul-e Khumri" is also written "Puli Khumri", "Pul Khumri"
    for key in list(out):
        if _EZAFE.search(key):
            out.add(_EZAFE.sub(r"\1i ", key))
            out.add(_EZAFE.sub(r"\1 ", key))
            out.add(_EZAFE.sub(r"\1 e ", key))
    return out


_EZAFE = re.compile(r"(?<=\w)(\w) (?:e|i|ye|yi) (?=\w{3})")


# the digraphs and vowels transliterations of one Arabic, Persian, Pashto or Swahili
# sound disagree on, folded to one letter (applied in this order, to a key without spaces)
_SPELL_FOLDS = (
    ("kh", "k"),
    ("gh", "g"),
    ("dh", "d"),
    ("dj", "j"),
    ("q", "k"),
    ("ck", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ey", "i"),
    ("y", "i"),
    ("o", "u"),
    ("e", "i"),
    ("w", "u"),
)
_DOUBLE = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aiu])h$")


def spelling_key(key: str) -> str:
    """The transliteration-tolerant key of a name key (``normalize``/``name_key`` output).

    Why: a place transliterated from Arabic, Persian, Pashto or Somali has many English
    spellings ("Nimruz"/"Nimroz", "Kash Rod"/"Khash Rod", "Chaki Wardak"/"Chak-e Wardak",
    "Raqqah"/"Ar-Raqqa"); the exact key misses them. This key drops a leading Arabic article
    and the spaces, folds kh/gh/dh/q, the o/u and e/i/y vowels and w/u, a final vowel's h
    and doubled letters. It is far too loose for reading a text, so the geoparser asks it
    only for a name the gazetteer does not know that the text already calls a place.
    """
    toks = key.split()
    if len(toks) > 1 and toks[0] in ARTICLES:
        toks = toks[1:]
    s = "".join(toks)
    for a, b in _SPELL_FOLDS:
        s = s.replace(a, b)
    s = _FINAL_H.sub("", s)
    return _DOUBLE.sub(r"\1", s)
