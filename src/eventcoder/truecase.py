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
(``components/base.EventDraft.freeze`` reads them from the article). The words that do not count
as evidence of a headline ("of", "in", "the") are data: ``lang/en/nlp.yaml``,
``headline_function_words``.

**A body whose case carries no information** (:func:`body_case`: wholly lower-cased, as scraped
captions and MUC-4's wire copy, or wholly in capitals, as teletype and radio transcripts) has no
evidence of its own: every sentence of it is parsed as a same-length string
(:meth:`Truecaser.recase_caseless`) in which a word is written as the **case lexicon** says
(``data/names/case_lexicon.tsv``: each word's majority spelling inside sentences of licensed
mixed-case text, built by ``scripts/build_case_lexicon.py``, validated at load, ``E597``), a
name of the actor dictionary or a place of the gazetteer (the rules above) and a word the lexicon
does not know that the Census lists give as a person's name or the gazetteer as a place's get
their capitals, and each
sentence's first word its initial capital; every other word is lower case. Acronyms
keep their capitals where the lexicon spells them so ("UN", "FMLN"). The thresholds are data:
``lang/en/nlp.yaml``, ``caseless_body_share`` and ``caseless_min_words``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .lang import value, words

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
#: a word the case lexicon does not know is capitalised in a caseless body when the gazetteer
#: knows a place of its name and it has at least this many letters
PLACE_MIN_LETTERS = 4
#: a word of a caseless body and of the case lexicon: a dotted abbreviation ("u.s.") or a run of
#: letters
_CASE_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+")
#: the case lexicon: lower-cased word, its majority spelling inside sentences, counts
LEXICON_PATH = Path(__file__).resolve().parent / "data" / "names" / "case_lexicon.tsv"


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
    caps, lower = case_counts(texts)
    out: dict[str, str] = {}
    for key, forms in caps.items():
        if sum(forms.values()) > lower[key]:
            out[key] = forms.most_common(1)[0][0]
    return out


def case_counts(texts: Iterable[str], pattern: re.Pattern[str] = _WORD) -> tuple[dict[str, Counter[str]], Counter[str]]:
    """How each word is written inside the sentences of ``texts`` (not first, not after a quote
    or colon; headline lines skipped): lower-cased word -> its capitalised spellings counted,
    and the count of its lower-case ones."""
    caps: dict[str, Counter[str]] = {}
    lower: Counter[str] = Counter()
    for text in texts:
        if caps_shape(text) is not None:
            continue
        for k, m in enumerate(pattern.finditer(text)):
            w = m.group()
            if k == 0 or _after_opening(text, m.start()):
                continue
            if w[0].isupper():
                caps.setdefault(w.lower(), Counter())[w] += 1
            elif w.islower():
                lower[w] += 1
    return caps, lower


def body_case(texts: Iterable[str]) -> str | None:
    """``"lower"`` or ``"upper"`` when the case of a body (its sentences) carries no
    information, else None: of its words, at least ``caseless_min_words`` exist and at least
    the share ``caseless_body_share`` are lower-case only (or upper-case only). A sentence-case
    body without a single name still opens each sentence with a capital ("A", "I" count), which
    keeps it under the share."""
    n = low = up = 0
    for text in texts:
        for w in _WORD.findall(text):
            n += 1
            if w.islower():
                low += 1
            elif w.isupper():
                up += 1
    if n < value("caseless_min_words"):
        return None
    share = value("caseless_body_share")
    if low >= share * n:
        return "lower"
    if up >= share * n:
        return "upper"
    return None


@cache
def case_lexicon(path: Path = LEXICON_PATH) -> dict[str, str]:
    """Lower-cased word -> its majority spelling inside sentences of licensed mixed-case text
    (the word itself when lower case wins). Validated at load (``E597``)."""
    out: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError("E597", path=str(path), line=0, reason=str(err)) from err
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4:
            raise ConfigError("E597", path=str(path), line=n, reason=f"expected 4 tab-separated columns, got {len(cols)}")
        key, form, caps, low = cols
        if not (caps.isdigit() and low.isdigit()):
            raise ConfigError("E597", path=str(path), line=n, reason="the counts must be whole numbers")
        if not key or key != key.lower() or form.lower() != key or len(form) != len(key) or _CASE_WORD.fullmatch(key) is None:
            raise ConfigError("E597", path=str(path), line=n, reason=f"{form!r} is not a spelling of the word {key!r}")
        if (form != key) != (int(caps) > int(low)):
            raise ConfigError("E597", path=str(path), line=n, reason=f"{form!r} is not the majority spelling ({caps} capitalised, {low} lower case)")
        if key in out:
            raise ConfigError("E597", path=str(path), line=n, reason=f"{key!r} is listed twice")
        out[key] = form
    if not out:
        raise ConfigError("E597", path=str(path), line=0, reason="no words")
    return out


def case_view(text: str, docs: Sequence[Any], offsets: Sequence[int]) -> str:
    """``text`` as its parsed sentences were parsed, when its case carries no information
    (:func:`body_case`): each letter of a sentence parsed in ``docs`` (starting at ``offsets``)
    in the case of the parse form; otherwise ``text`` itself. Same length: a reader of capitals
    (the geoparser's recognition) reads the recased body at the article's offsets."""
    if body_case([text]) is None:
        return text
    out = list(text)
    for doc, off in zip(docs, offsets, strict=False):
        for i, c in enumerate(doc.text):
            j = off + i
            if j < len(out) and out[j] != c and out[j].lower() == c.lower():
                out[j] = c
    return "".join(out)


#: suffixes whose removal (with the replacement) gives a word's stem: an unknown "mountains" or
#: "shelled" whose stem the lexicon writes in lower case is a common word
_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""))


def _inflected_common(w: str, lexicon: dict[str, str]) -> bool:
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)] + repl
            if lexicon.get(stem) == stem:
                return True
    return False


@cache
def name_parts(path: Path = LEXICON_PATH) -> frozenset[str]:
    """Words the case lexicon's sources write capitalised at least ``caseless_name_part_share``
    of the time inside sentences ("state", "army"): inside a name the dictionaries read
    ("Islamic State") they take its capital though lower case is their majority."""
    share = value("caseless_name_part_share")
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, _form, caps, low = line.split("\t")
        c, n = int(caps), int(caps) + int(low)
        if c and c >= share * n:
            out.add(key)
    case_lexicon(path)  # validated there
    return frozenset(out)


def _same_case(text: str, change: Callable[[str], str]) -> str:
    out = change(text)
    if len(out) == len(text):
        return out
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


def _capital(w: str) -> str:
    c = w[0].upper()
    return (c if len(c) == 1 else w[0]) + w[1:]


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

    def __init__(
        self,
        name_spans: Callable[[str], list[tuple[int, int]]] | None = None,
        lexicon: dict[str, str] | None = None,
        person_names: frozenset[str] = frozenset(),
        known_place: Callable[[str], bool] | None = None,
        name_parts: frozenset[str] = frozenset(),
        acronyms: frozenset[str] = frozenset(),
    ) -> None:
        self.name_spans = name_spans
        self.lexicon = lexicon
        self.person_names = person_names
        self.known_place = known_place
        self.name_parts = name_parts
        self.acronyms = acronyms

    def parse_texts(self, texts: Sequence[str], all_texts: Sequence[str]) -> list[str]:
        """``texts`` as the parser should read them. When the article's case carries no
        information (:func:`body_case` of ``all_texts``, its sentences), every text recased
        (:meth:`recase_caseless`); else a headline line recased, every other unchanged, with
        ``all_texts`` read for the case evidence when some line of ``texts`` is a headline."""
        if self.lexicon is not None and body_case(all_texts) is not None:
            return [self.recase_caseless(t) for t in texts]
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


    def recase_caseless(self, text: str) -> str:
        """One sentence of a caseless body as prose would write it; the same length.

        Each word (a dotted abbreviation counts as one) as the case lexicon spells it; a word the
        lexicon does not know is capitalised when the dictionaries read it as a name (the text
        is offered to them with every word capitalised, so only names and places of note match),
        and a phrase of two or more words they read so is capitalised whatever the lexicon says
        of its words when one of them is not a lower-case word of the lexicon (not its function
        words, nor a word the lexicon writes capitalised less than ``caseless_name_part_share``
        of the time, :func:`name_parts`: "Bank of England", "Taliban militants"); a word the lexicon does not know that the Census lists
        give as a given name or a surname (``geo.names``), or that the gazetteer knows as the
        name of a place of any size (``known_place``; a word the lexicon does not know is not
        a common word of news; nor is an inflection of a lower-case word of the lexicon,
        "mountains"), is capitalised; one the actor dictionary spells as an acronym ("farc") is in
        capitals; the first word opens with a capital; every other word is lower case."""
        lexicon = self.lexicon or {}
        low = _same_case(text, str.lower)
        out = list(low)
        toks = list(_CASE_WORD.finditer(low))
        titled = list(low)
        for m in toks:
            titled[m.start()] = _capital(m.group())[0]
        spans = _runs(self.name_spans("".join(titled)) if self.name_spans is not None else [], low)
        fn = _function_words()
        shout = _same_case(text, str.upper) == text
        for k, m in enumerate(toks):
            w, a, b = m.group(), m.start(), m.end()
            form = lexicon.get(w)
            span = next(((s, e) for s, e in spans if s <= a and b <= e), None)
            if span is not None and w not in fn and _named_phrase(low[span[0] : span[1]], lexicon, fn):
                new = form if form is not None and form != w else _capital(w) if form is None or w in self.name_parts else w
            elif form is not None:
                new = form
            elif span is not None:
                new = text[a:b] if shout and len(w) <= 3 else _capital(w)  # "UN", "EU" kept
            elif w.upper() in self.acronyms:
                new = w.upper()
            elif not _inflected_common(w, lexicon) and (
                w in self.person_names or (len(w) >= PLACE_MIN_LETTERS and self.known_place is not None and self.known_place(w))
            ):
                new = _capital(w)
            else:
                new = w
            if k == 0 and new == w:
                new = _capital(w)
            if len(new) == len(w):
                out[a:b] = new
        return "".join(out)


def _runs(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Name spans merged where only spaces part them (the dictionary gives "Islamic State" as
    its two capitalised words)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if out and (a <= out[-1][1] or not text[out[-1][1] : a].strip(" ")):
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _named_phrase(phrase: str, lexicon: dict[str, str], fn: frozenset[str]) -> bool:
    """Whether a name span of two or more words is a name whatever the lexicon says of each
    word: some word of it that is not a function word is not lower case in the lexicon."""
    ws = _CASE_WORD.findall(phrase)
    return len(ws) >= 2 and any(lexicon.get(w, "") != w for w in ws if w not in fn)


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


__all__ = ["Truecaser", "body_case", "caps_shape", "case_counts", "case_view", "case_evidence", "case_lexicon", "name_parts", "check_setting", "dictionary_names"]
