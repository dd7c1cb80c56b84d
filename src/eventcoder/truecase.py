"""Truecasing for parsing: a Title-Case or ALL-CAPS line is parsed as the prose it would be.

``en_core_web_sm`` reads case: in "Court Convicts Friend Of Boston Bombing Suspect" every word
is tagged PROPN, a compound of the next, and keeps its capital in the lemma, so the trigger
lexicon (which reads lemmas), the roles (which read the parse) and the entity recogniser (which
reads word shapes) see a string of names. A sentence whose words are capitalised as a headline's
(:func:`caps_shape`) is parsed instead as a same-length string (:meth:`Truecaser.parse_text`) in
which each word is lower-cased — the sentence's first word keeps its initial capital, as in
prose — unless the article itself says it is a name:

* its body writes the word capitalised inside a sentence (not first) more often than in lower
  case (:func:`case_evidence`; the body's own spelling of it is used, so an ALL-CAPS "BOSTON"
  parses as "Boston" and "ISIL" stays "ISIL"), or
* the actor dictionary matches it as a name (a country, demonym, named group or organisation —
  not a generic agent such as "police"), or the gazetteer knows it (one to three words) as a
  country, a first-order division or a city of at least ``PLACE_POPULATION`` people.

Same length, character for character, so every offset into the sentence stays valid; the
article's text, and every span and text the events store, keep the original characters
(``components/base.EventDraft.freeze`` reads them from the article). Lower-case text is never
recased. The words that do not count as evidence of a headline ("of", "in", "the") are data:
``lang/en/nlp.yaml``, ``headline_function_words``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .errors import ConfigError
from .lang import words

#: a word: a run of letters (digits, apostrophes and hyphens separate words)
_WORD = re.compile(r"[^\W\d_]+")
#: at least this many content words (after the first word, not function words) make a line a
#: headline; fewer ("Updated: Monday", "LONDON —") say too little
MIN_CONTENT = 3
#: share of the content words after the first that must open with a capital (Title Case): all of
#: them — a prose sentence crowded with names still has a lower-case verb or noun ("On August 13,
#: lawmaker Juan Requesens, Colonel ...")
TITLE_SHARE = 1.0
#: a line with this many commas or semicolons is a list (a team sheet, a roll of names), not a
#: headline: its words are names by position, and nothing else in the article may repeat them
LIST_SEPARATORS = 2
#: share of the words of two or more letters that must be in capitals (ALL CAPS)
UPPER_SHARE = 0.8
#: a gazetteer place counts as a name when it is a country, a first-order division or has at
#: least this many people (smaller places with a common word's name — "Market", "Bomb" — do not)
PLACE_POPULATION = 100_000
_PLACE_FEATURES = ("A.PCLI", "A.PCLD", "A.PCLIX", "A.PCLS", "A.PCLF", "A.ADM1")


def _function_words() -> frozenset[str]:
    return words("headline_function_words")


def caps_shape(text: str) -> str | None:
    """``"upper"`` for an ALL-CAPS line, ``"title"`` for a Title-Case one, else None.

    Counted over the line's words: ALL CAPS when at least ``UPPER_SHARE`` of its words of two or
    more letters are in capitals; Title Case when, of its content words after the first (not a
    function word, two or more letters), at least ``MIN_CONTENT`` exist and at least
    ``TITLE_SHARE`` open with a capital. A prose sentence full of names still has its verbs and
    common nouns in lower case, which keeps it under the share."""
    if text.count(",") + text.count(";") >= LIST_SEPARATORS:
        return None
    ws = _WORD.findall(text)
    long_words = [w for w in ws if len(w) >= 2]
    if len(long_words) < MIN_CONTENT:
        return None
    fn = _function_words()
    if sum(w.isupper() for w in long_words) >= UPPER_SHARE * len(long_words):
        return "upper"
    content = [w for w in ws[1:] if len(w) >= 2 and w.lower() not in fn]
    if len(content) < MIN_CONTENT:
        return None
    if sum(w[0].isupper() for w in content) >= TITLE_SHARE * len(content):
        return "title"
    return None


def case_evidence(texts: Iterable[str]) -> dict[str, str]:
    """Lower-cased word -> the spelling the texts give it when they write it capitalised inside a
    sentence (not its first word) more often than in lower case there. Lines that are
    themselves headlines (:func:`caps_shape`) are no evidence."""
    caps: dict[str, Counter[str]] = {}
    lower: Counter[str] = Counter()
    for text in texts:
        if caps_shape(text) is not None:
            continue
        for k, m in enumerate(_WORD.finditer(text)):
            w = m.group()
            if k == 0 or _after_opening(text, m.start()):
                continue
            if w[0].isupper():
                caps.setdefault(w.lower(), Counter())[w] += 1
            elif w.islower():
                lower[w] += 1
    out: dict[str, str] = {}
    for key, forms in caps.items():
        if sum(forms.values()) > lower[key]:
            out[key] = forms.most_common(1)[0][0]
    return out


def _after_opening(text: str, i: int) -> bool:
    """Whether the word at ``i`` opens a quotation or follows a colon (capitalised as a first
    word would be: no evidence of a name)."""
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return j >= 0 and text[j] in "\"“‘':—–-("


class Truecaser:
    """The parse form of a headline line, from the article's own evidence and the dictionaries.

    ``name_spans(text)`` (optional) gives the character spans of ``text`` the dictionaries read
    as names (:func:`dictionary_names`)."""

    def __init__(self, name_spans: Callable[[str], list[tuple[int, int]]] | None = None) -> None:
        self.name_spans = name_spans

    def parse_texts(self, texts: Sequence[str], all_texts: Sequence[str]) -> list[str]:
        """``texts`` as the parser should read them: a headline line recased, every other
        unchanged. ``all_texts`` are the article's sentences, read for the case evidence only
        when some line of ``texts`` is a headline."""
        shapes = [caps_shape(t) for t in texts]
        if not any(shapes):
            return list(texts)
        evidence = case_evidence(all_texts)
        return [self.recase(t, shape, evidence) if shape else t for t, shape in zip(texts, shapes, strict=True)]

    def recase(self, text: str, shape: str, evidence: dict[str, str]) -> str:
        """One headline line in sentence case, its names kept; the same length as ``text``."""
        names = self.name_spans(text) if self.name_spans is not None else []
        out = list(text)
        for k, m in enumerate(_WORD.finditer(text)):
            w, a, b = m.group(), m.start(), m.end()
            form = evidence.get(w.lower())
            if form is not None and len(form) == len(w):
                new = w if shape == "title" and w[0].isupper() and not w.isupper() else form
            elif any(s <= a and b <= e for s, e in names):
                new = w if shape == "title" or len(w) <= 3 else w[0] + w[1:].lower()  # "UN", "EU" kept
            elif k == 0:
                new = w[0] + w[1:].lower()
            else:
                new = w.lower()
            if len(new) == len(w):  # a letter whose lower case is longer ("İ") stays as it is
                out[a:b] = new
        return "".join(out)


def dictionary_names(actors: Any = None, gazetteer: Any = None) -> Callable[[str], list[tuple[int, int]]]:
    """The spans of a line the actor dictionary and the gazetteer read as names.

    Actors: a match whose entry is not generic (a country, a named group, an organisation,
    a state body named by its country), only the words of it the dictionary spells with a
    capital (the country word of "Syrian Army", not "Army"). Places: one to three capitalised
    words that name a country, a first-order division or a city of ``PLACE_POPULATION`` people
    and are not a common word (``geo_stop_words``, ``common_name_words``)."""
    stop = words("geo_stop_words") | words("common_name_words") | _function_words()

    def spans(text: str) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        if actors is not None:
            for m in actors.find(text):
                if m.entry.generic or m.entry.kind == "generic":
                    continue
                for w in _WORD.finditer(m.text):
                    a, b = m.start + w.start(), m.start + w.end()
                    if m.entry.kind in ("state", "country") and actors.country_of(w.group()) is None:
                        continue  # "Army" of "Syrian Army": a head, not the name
                    out.append((a, b))
        if gazetteer is not None:
            toks = [m for m in _WORD.finditer(text) if m.group()[0].isupper()]
            for i in range(len(toks)):
                for n in (3, 2, 1):
                    part = toks[i : i + n]
                    if len(part) < n or text[part[0].start() : part[-1].end()].count(" ") != n - 1:
                        continue
                    phrase = text[part[0].start() : part[-1].end()]
                    if n == 1 and phrase.lower() in stop:
                        continue
                    if _big_place(gazetteer, phrase):
                        out.append((part[0].start(), part[-1].end()))
                        break
        return out

    return spans


def _big_place(gazetteer: Any, phrase: str) -> bool:
    try:
        found = gazetteer.lookup(phrase)
    except Exception:  # noqa: BLE001 - a gazetteer that cannot read the phrase knows no place
        return False
    return any(e.feature in _PLACE_FEATURES or e.population >= PLACE_POPULATION for e in found[:5])


def check_setting(value: Any) -> bool:
    """``[pipeline] truecase``: true or false (E574 otherwise)."""
    if isinstance(value, bool):
        return value
    raise ConfigError("E574", value=value)


__all__ = ["Truecaser", "caps_shape", "case_evidence", "check_setting", "dictionary_names"]
