"""What recognition knows about one article: its entities, words and person names.

Made once per call of ``Geoparser.find`` (never shared between calls or threads) and
read by the recognition rules (:mod:`.recognise`) and the entity and pattern sources
(:mod:`.entities`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .gazetteer import Gazetteer
from .mention import Ent, Mention, TokenIndex, name_key
from .names import person_names
from .resolve import strength
from .spans import named_site
from .words import (
    AGE_APPOSITION,
    COMMON_WORDS,
    FACILITY_HEADS,
    HONORIFIC_NAME,
    HONORIFIC_SURNAME,
    NAME_BEFORE_ROLE,
    NAME_OF_TOWN,
    NAMED_OPERATION,
    NAMES_OF_TOWNS,
    ORG_POSSESSED,
    PLACE_HEADS,
    PLACE_LABELS,
    ROLE_APPOSITION,
    ROLE_BEFORE_NAME,
    SITE_LABELS,
    STOP,
    TEAM_AGREEMENT,
    TEAM_INFINITIVE_OPENERS,
    TEAM_OPENERS,
    TEAM_RESULT,
    TEAM_ROLE,
    TYPED_PLACE_NAME,
    WORD,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class Article:
    """What recognition knows about one article (made per call, never shared)."""

    gaz: Gazetteer
    text: str
    tok_at: TokenIndex
    ents: list[Ent] = field(default_factory=list)  # sorted
    lower_words: set[str] = field(default_factory=set)
    common: set[str] = field(default_factory=set)
    person_keys: set[str] = field(default_factory=set)
    whole_person: dict[str, set[int]] = field(default_factory=dict)
    surname_keys: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    org_ends: set[int] = field(default_factory=set)
    ent_ends: set[int] = field(default_factory=set)
    #: first words and last words of the full person names the article confirms
    #: ("Ann", "roe" of "Ann Roe ... Ms Roe"; see _full_names)
    given_names: set[str] = field(default_factory=set)
    known_surnames: set[str] = field(default_factory=set)
    #: full names a cue that needs no parse gives a person ("lawmaker X Y")
    cue_person_keys: set[str] = field(default_factory=set)
    #: names of military or police operations ("Operation Olive Branch")
    operation_keys: set[str] = field(default_factory=set)
    #: "<given name> <surname>" pairs the name lists vouch for (see _name_pairs): the start
    #: of either word -> (start of the given name, end of the surname)
    pair_at: dict[int, tuple[int, int]] = field(default_factory=dict)
    #: where a name the text uses for a team or a company ends ("Blackburn" of "Blackburn
    #: have rejected a bid", "Romeo" of "Alfa Romeo's driver"; see _team_names)
    team_ends: set[int] = field(default_factory=set)
    team_names: set[str] = field(default_factory=set)
    #: such names (and their tails) that are no place of note: a team or a company
    #: everywhere in the article, without place context
    team_keys: set[str] = field(default_factory=set)
    #: the text gives two or more different names as teams: a sports report, where a town
    #: named without place context is a club far more often than the town
    sport: bool = False
    #: the names the article calls a town, a village, a district ("the town of X", "X
    #: village"): ``TYPED_PLACE_NAME`` over the text, found once (``_person_names``) and read
    #: by ``_person_names`` and ``_team_names``
    typed_place_names: list[str] = field(default_factory=list)

    def ent_over(self, s: int, e: int) -> Ent | None:
        """The first entity overlapping ``[s, e)``, or None."""
        for ent in self.ents:
            if ent[0] < e and s < ent[1]:
                return ent
        return None


def _person_names(a: Article) -> None:
    """Names the article uses for a person are not places elsewhere in it either,
    unless spaCy or the gazetteer insist; nor are surnames it gives people."""
    for es, _ee, lab, ent in a.ents:
        # the small model's one-word PERSONs are too often places to count
        if lab == "PERSON" and len(ent) >= 2 and ent[0].pos_ == "PROPN":
            a.person_keys.add(name_key(ent.text))
            a.person_keys.add(name_key(ent[-1].text))
            # the whole entity is this very match's reading, not a name *elsewhere*
            a.whole_person.setdefault(name_key(ent.text), set()).add(es)
    a.surname_keys = {
        name_key(ent[-1].text) for _es, _ee, lab, ent in a.ents if lab == "PERSON" and len(ent) >= 2
    }
    for tm in HONORIFIC_NAME.finditer(a.text):
        a.person_keys.add(name_key(tm.group(1)))
    _full_names(a)
    _name_pairs(a)
    # ... but not a name the article also calls a town, a village, a district
    typed: set[str] = set()
    a.typed_place_names = [(pm.group(1) or pm.group(2)).strip() for pm in TYPED_PLACE_NAME.finditer(a.text)]
    for name in a.typed_place_names:
        a.person_keys.discard(name_key(name))
        a.person_keys.discard(name_key(name.split()[-1]))
        typed.update(name_key(w) for w in name.split())
    # and a name pair none of whose words the article calls a town ("the town of Bell")
    a.given_names -= typed
    a.pair_at = {at: (ps, pe) for at, (ps, pe) in a.pair_at.items() if not typed & {name_key(w) for w in a.text[ps:pe].split()}}
    a.person_keys.discard("")
    a.given_names.discard("")
    # surnames the article gives people: "X said" makes "<first name> X" no building
    a.surnames = {
        ent[-1].lower_
        for _es, _ee, lab, ent in a.ents
        if lab == "PERSON" and not named_site(ent, lab, set())
    }
    honorific = {m.group(1).lower() for m in HONORIFIC_SURNAME.finditer(a.text)}  # one scan for both
    a.surnames |= honorific
    a.known_surnames |= honorific


#: two capitalised words in a row, the second read without a possessive ending ("'s", or
#: a bare apostrophe after an s: "Gervais'"); the
#: lookahead lets "A B C" yield both "A B" and "B C"
_PAIR = re.compile(r"(?<![\w'’.-])(?=([A-Z][a-z]+) ([A-Z][a-z][\w-]*?)(?:['’]s?)?(?![\w'’-]))")
#: a capitalised word right before a pair: the pair may be the tail of a longer name
_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*)\s$")


#: given names this frequent are names before a capitalised word even when a stop word
_COMMONEST = 100


def well_known(gaz: Gazetteer, word: str) -> bool:
    """The gazetteer knows the word as the main name of a place of note (a country, a big
    city or province). Only main names count: "Sidney", "Sophia" and "Sam" are alternate
    spellings of Sydney, Sofia and Samsun, but as given names they are people's far more
    often than those cities'."""
    cands = [(i, alt) for i, alt in gaz.lookup_key(name_key(word)) if not alt]
    return bool(cands) and strength(gaz, Mention(0, len(word), word, cands)) >= 0.7


def _name_pairs(a: Article) -> None:
    """Person names the Census name lists vouch for, in every sentence, parsed or not.

    "<G> <S>" is a person's name when G is a common given name (not a word the article
    writes in lower case) and S is a capitalised word that is no common word of the article,
    neither is a place of note by its main name, and neither the pair nor the pair with the
    capitalised word before it is a gazetteer name ("Lake Charles Smith") — "David Bell",
    "Quincy Owusu-Abeyie". A place of note ("Jordan", "Victoria") is left to the article's
    own evidence: "Victoria Day", "Georgia Power" are no people. The given name and the
    surname are then names the article gives a person (``person_keys``, ``given_names``,
    ``known_surnames``), so "admiration for David" after "David Blunkett" is no town either.
    """
    names = person_names()
    text, gaz = a.text, a.gaz
    for m in _PAIR.finditer(text):
        g_word, s_word = m.group(1), m.group(2)
        g, s = g_word.lower(), s_word.lower()
        if g not in names.given or s in a.common or not s.replace("-", "").isalpha():
            continue
        # a given name the article writes in lower case ("drew", "grant") or a common word is
        # no evidence; the geo stop words hold given names too, of which only the commonest
        # (John, James, George) are people's far more often than words or dates ("May", "June")
        if g in a.lower_words or g in COMMON_WORDS or (g in STOP and names.given[g] > _COMMONEST):
            continue
        before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if before is not None:
            # the pair is the tail of a longer name the gazetteer knows ("Lake Charles Smith")
            w = before.group(1).rstrip(".")
            if gaz.lookup_key(name_key(f"{w} {g_word}")) or gaz.lookup_key(name_key(f"{w} {g_word} {s_word}")):
                continue
        if gaz.lookup_key(name_key(f"{g_word} {s_word}")) or well_known(gaz, s_word) or well_known(gaz, g_word):
            continue
        gs = m.start()
        ss = gs + len(g_word) + 1
        end = ss + len(s_word)
        a.pair_at.setdefault(gs, (gs, end))
        a.pair_at.setdefault(ss, (gs, end))
        a.known_surnames.add(s)
        a.person_keys.add(name_key(s_word))
        a.given_names.add(name_key(g_word))
        a.person_keys.add(name_key(g_word))


#: a run of word characters (``\w+``): what ``\bX\b`` matches when X is made of them only
_WORD_CHARS = re.compile(r"\w+")


def _full_names(a: Article) -> None:
    """Full person names ("X Y") the article confirms: their given names and surnames.

    Cues that need no parse reach the sentences the pipeline does not parse: a role noun
    or title before a full name ("lawmaker X Y"), or in apposition before it ("the Minister
    of Health, X Y,"), an age after a name ("X Y, 34,"), a role after it ("X Y, president
    of ..."), a list of names with home towns ("A B of <town>, C D of <town> and E F of
    <town>"). A PERSON entity of the small model counts when
    news style confirms it: its surname is also used alone ("David Blunkett ... Mr
    Blunkett", "Blunkett said") — a misread "Surrey Racing" or "Virginia Gateway" is not.
    """
    for rx in (ROLE_BEFORE_NAME, ROLE_APPOSITION, AGE_APPOSITION, NAME_BEFORE_ROLE):
        for tm in rx.finditer(a.text):
            name = tm.group(1)
            a.person_keys.add(name_key(name))
            a.person_keys.add(name_key(name.split()[-1]))
            a.cue_person_keys.add(name_key(name))
            if " " in name:
                a.given_names.add(name_key(name.split()[0]))
                a.known_surnames.add(name.split()[-1].lower())
    for run in NAMES_OF_TOWNS.finditer(a.text):
        # a list of people with their home towns; not a list of places ("United States of
        # America"): a name the gazetteer knows, or made of common words, is no person's
        for tm in NAME_OF_TOWN.finditer(run.group(0)):
            name = tm.group(1)
            parts = name.split()
            if a.gaz.lookup_key(name_key(name)) or any(p.lower() in a.common for p in parts):
                continue
            a.person_keys.add(name_key(name))
            a.person_keys.add(name_key(parts[-1]))
            a.cue_person_keys.add(name_key(name))
            a.given_names.add(name_key(parts[0]))
            a.known_surnames.add(parts[-1].lower())
    # The test reads only the pair (given name, surname) and the article, so each pair is
    # judged once (an article names its people many times), and a surname of word characters
    # only is counted from one pass over the text's words: ``\bX\b`` for such an X matches
    # exactly the maximal runs of word characters equal to X.
    judged: set[tuple[str, str]] = set()
    word_counts: Counter[str] | None = None
    for _es, _ee, lab, ent in a.ents:
        if lab != "PERSON":
            continue
        toks = [t for t in ent if t.lower_ not in ("'s", "’s")]
        if len(toks) < 2 or not all(t.pos_ == "PROPN" for t in toks):
            continue
        given, surname = toks[0].text, toks[-1].text
        if (given, surname) in judged:
            continue
        judged.add((given, surname))
        if _WORD_CHARS.fullmatch(surname):
            if word_counts is None:
                word_counts = Counter(_WORD_CHARS.findall(a.text))
            alone = word_counts[surname]
        else:
            alone = len(re.findall(rf"\b{re.escape(surname)}\b", a.text))
        with_given = full_name_starts(a.text, given, surname)
        # or the full name recurs on its own (no capitalised word before it: not "West
        # Surrey Racing") and its last word is no word the article writes in lower case
        free = [i for i in with_given if not re.search(r"[A-Z][\w'’-]*\s+$", a.text[max(0, i - 30) : i])]
        if alone > len(with_given) or (len(free) >= 2 and surname.lower() not in a.lower_words):
            a.given_names.add(name_key(given))
            a.known_surnames.add(surname.lower())


def _is_word(ch: str) -> bool:
    r"""``\w`` of ``re`` on a str: ``str.isalnum()`` or the underscore (what ``_sre`` tests)."""
    return ch.isalnum() or ch == "_"


def _boundary(text: str, i: int) -> bool:
    r"""``\b`` of ``re`` at ``i``: a word character on exactly one side."""
    return (i > 0 and _is_word(text[i - 1])) != (i < len(text) and _is_word(text[i]))


def _name_end(text: str, i: int, given: str, surname: str) -> int | None:
    r"""Where ``\bG\s+(?:[A-Z][\w.'’-]*\s+)?S\b`` matching at ``i`` ends, or None. Neither
    name starts or ends with a space and the middle word's characters are no spaces, so each
    ``\s+`` and the middle word can only be read whole: no other reading can succeed where the
    greedy one fails, and the greedy one is the one ``re`` returns."""
    n = len(text)
    if not _boundary(text, i) or not text.startswith(given, i):
        return None
    k = j = i + len(given)
    while k < n and text[k].isspace():
        k += 1
    if k == j:
        return None
    if "A" <= text[k : k + 1] <= "Z":  # the optional capitalised word between the names
        w = k + 1
        while w < n and (_is_word(text[w]) or text[w] in ".'’-"):
            w += 1
        p = w
        while p < n and text[p].isspace():
            p += 1
        if p > w and text.startswith(surname, p) and _boundary(text, p + len(surname)):
            return p + len(surname)
    if text.startswith(surname, k) and _boundary(text, k + len(surname)):
        return k + len(surname)
    return None


def full_name_starts(text: str, given: str, surname: str) -> list[int]:
    r"""The starts of ``re.finditer(rf"\b{G}\s+(?:[A-Z][\w.'’-]*\s+)?{S}\b", text)`` for the
    escaped names G and S, without compiling a pattern per name pair (the compile cost more than
    the scan): the occurrences of the given name, each tried as ``re`` would, the next search
    from the end of a match. Names with a space at either end take the regular expression."""
    if not given or not surname or given[0].isspace() or given[-1].isspace() or surname[0].isspace() or surname[-1].isspace():
        rx = re.compile(rf"\b{re.escape(given)}\s+(?:[A-Z][\w.'’-]*\s+)?{re.escape(surname)}\b")
        return [m.start() for m in rx.finditer(text)]
    out: list[int] = []
    pos = 0
    while True:
        i = text.find(given, pos)
        if i < 0:
            return out
        end = _name_end(text, i, given, surname)
        if end is None:
            pos = i + 1
        else:
            out.append(i)
            pos = end


#: how many different names the text must give as teams for it to be a sports report
SPORT_TEAMS = 2

_PREV_WORD = re.compile(r"([\w'’-]+)[^\w\n]*$")


def _team_run(a: Article, run: str, start: int, agreement: bool, side: bool = True) -> None:
    """Record the run of capitalised words at ``start`` as a team's or a company's name.

    Leading words the article also writes in lower case or that are stop words ("But
    Blackburn", "Former Chelsea") are no part of the name. For a plural verb the name must
    open its sentence or clause (``team_clause_openers``: "But Blackburn have"); any other
    word before it may make the verb agree with something else — a preposition ("protests
    in Paris have"), a list ("Iran and Iraq have"), a bare infinitive ("does Iran have"), an
    adjective ("rural America have"), "the" before a plural name ("the Philippines are").
    """
    parts = run.split(" ")
    i = 0
    while i < len(parts) - 1 and parts[i].lower() in a.common:
        i += 1
    if parts[-1].lower() in a.common:
        return
    if agreement:
        if any(p.lower() in TEAM_INFINITIVE_OPENERS for p in parts):
            return  # "Does Iran have ...?"
        if i > 0:
            prev = parts[i - 1].lower()
        else:
            pm = _PREV_WORD.search(a.text, max(0, start - 30), start)
            gap = a.text[pm.end(1) : start] if pm else ""
            # a word right before (not across a sentence's end or a comma) decides
            prev = pm.group(1).lower() if pm and not re.search(r"[.!?;:,\"“”(—–-]", gap) else ""
        if prev and prev not in TEAM_OPENERS:
            return
    name = parts[i:]
    a.team_ends.add(start + len(run))
    if side:  # a sports side, not a company
        a.team_names.add(name_key(parts[-1]))
    for j in range(len(name)):
        tail = " ".join(name[j:])
        if not well_known(a.gaz, tail):
            a.team_keys.add(name_key(tail))


def _team_names(a: Article) -> None:
    """Names the text uses for a sports side or a company, whatever the gazetteer says.

    Evidence in the text itself, none of it about one team: a plural verb right after a
    singular name as its subject ("Blackburn have rejected a bid", "Wales were given no
    chance" — British reporting makes a side plural, a town or country takes "has", "is",
    "was"); the name as the modifier or possessor of a side's role ("Chelsea boss", "the
    England captain", "Leeds' striker") or of a company's or team's noun ("Toyota's chief
    executive", "Alfa Romeo's driver"); either side of a match result with its score ("X beat
    Y 2-1").
    """
    text = a.text
    for m in TEAM_AGREEMENT.finditer(text):
        _team_run(a, m.group(1), m.start(1), agreement=True)
    for m in TEAM_ROLE.finditer(text):
        _team_run(a, m.group(1), m.start(1), agreement=False)
    for m in ORG_POSSESSED.finditer(text):
        _team_run(a, m.group(1), m.start(1), agreement=False, side=False)
    for m in TEAM_RESULT.finditer(text):
        _team_run(a, m.group(1), m.start(1), agreement=False)
        _team_run(a, m.group(2), m.start(2), agreement=False)
    a.sport = len(a.team_names) >= SPORT_TEAMS
    # a name the article also calls a town or a district is a place elsewhere in it
    for name in a.typed_place_names:
        a.team_keys.discard(name_key(name))
    a.team_keys.discard("")


#: the words no name of the article is made of whatever the article: joined once, not per
#: article (with the article's lower-case words, ``Article.common``: the same set)
_COMMON_BASE = STOP | PLACE_HEADS | FACILITY_HEADS | COMMON_WORDS


def read_article(
    gaz: Gazetteer, text: str, docs: Sequence[Doc], offsets: Sequence[int], lower_words: set[str] | None = None
) -> Article:
    """The entities, lower-case words and person names of an article; ``lower_words``: the
    words ``WORD`` finds in ``text`` written in lower case, when the caller has them
    (``match.text_words``)."""
    a = Article(gaz, text, TokenIndex(docs, offsets))
    for doc, off in zip(docs, offsets, strict=False):
        for ent in doc.ents:
            a.ents.append((off + ent.start_char, off + ent.end_char, ent.label_, ent))
    a.ents.sort()
    a.lower_words = {w for w in WORD.findall(text) if w.islower()} if lower_words is None else lower_words
    a.common = a.lower_words | _COMMON_BASE
    _person_names(a)
    _team_names(a)
    a.operation_keys = {name_key(m.group(1)) for m in NAMED_OPERATION.finditer(text)}
    a.org_ends = {ee for _es, ee, lab, _ in a.ents if lab in ("ORG", "FAC")}
    a.ent_ends = {ee for _es, ee, lab, _ in a.ents if lab in SITE_LABELS | PLACE_LABELS}
    return a
