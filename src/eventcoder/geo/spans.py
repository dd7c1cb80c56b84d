"""Toponyms the gazetteer match alone misses, and the context tests recognition uses.

* weak gazetteer matches a list or a container makes places (:func:`rescue`), postal
  codes inside organisation names (:func:`org_postal`);
* names neither spaCy nor the gazetteer know: a name before ", <division>"
  (:func:`add_names_before_divisions`), initials of a place named in full
  (:func:`add_initials`), street names and road numbers (:func:`add_streets`), parse
  patterns such as "the village of X" or "X camp" (:func:`pattern_spans`);
* small tests on the words around a span (:func:`person_of`, :func:`place_context`,
  :func:`named_site`, :func:`venue`, ...).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .gazetteer import Gazetteer
from .mention import Ent, Mention, TokenIndex, name_key
from .normalize import ARTICLES
from .words import (
    ACTOR_NOUNS,
    APPOS_CUES,
    COMMON_SINGLE,
    COMMON_WORDS,
    COMPOUND_CUES,
    DIRECTIONAL_PREPS,
    FACILITY_HEADS,
    LIST_GAP,
    MONTHS,
    NAME_BEFORE_COMMA,
    OF_CUES,
    PERSON_TITLES,
    PLACE_HEADS,
    ROAD,
    ROAD_WORDS,
    SITE_HEADS,
    SITE_LABELS,
    SITE_PREFIXES,
    STOP,
    STREET,
    STREET_END,
    STREET_PAIR,
    STREET_PLURAL_WORD_LIST,
    STREET_WORD_LIST,
    STRONG_PREPS,
    SURNAME_HEADS,
    WORD,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: entity labels that rule a parse-pattern name out (unless a strong cue overrides)
_BAD_PATTERN_ENTS = frozenset(
    "PERSON ORG NORP DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY EVENT WORK_OF_ART LAW "
    "LANGUAGE PRODUCT".split()
)


# ---------------------------------------------------------------- context tests
def place_context(text: str, s: int, e: int, span: Span) -> bool:
    """Words around ``text[s:e]`` that make an unknown name a place."""
    prev = text[max(0, s - 15) : s].split()
    nxt = text[e : e + 20].split()
    prev_w = prev[-1].lower() if prev else ""
    nxt_w = nxt[0].lower().strip(".,;:") if nxt else ""
    if (
        prev_w in STRONG_PREPS
        or prev_w in DIRECTIONAL_PREPS
        or prev_w == "of"
        or nxt_w in PLACE_HEADS
    ):
        return True
    if text[e : e + 2] == ", " or text[max(0, s - 2) : s] == ", ":
        return True  # "X, Y": a place and its town, or a town and its place
    return span.root.dep_ == "pobj"


def other_name(surface: str, extra: list[str]) -> bool:
    """The words around a gazetteer name in an entity make it another name."""
    caps = [w for w in WORD.findall(surface) if w.lower() in extra]
    return bool(caps) and all(
        w[:1].isupper() and w.lower() not in STOP and w.lower() not in COMMON_WORDS for w in caps
    )


def person_of(text: str, s: int, ents: list[Ent]) -> bool:
    """``text[s:]`` follows a person's "of" ("Ms X, of Y", "X Y of Z"): the news idiom
    for where someone lives."""
    before = text[max(0, s - 60) : s]
    if re.search(r"[A-Za-z)],(?: (?:aged )?\d{1,3},)? of $", before):
        return True
    k = s - 4  # start of " of "
    return any(lab == "PERSON" and ee == k for _es, ee, lab, _ in ents)


def caps_context(text: str, s: int, e: int) -> bool:
    """The words around ``text[s:e]`` are in capitals too (a headline, a banner)."""
    around = WORD.findall(text[max(0, s - 40) : s]) + WORD.findall(text[e : e + 40])
    words = [w for w in around if len(w) > 1 and not w.isdigit()]
    return bool(words) and sum(w.isupper() for w in words) >= len(words) / 2


def trim_entity(text: str, s: int, e: int) -> tuple[int, int]:
    """An entity's span without a leading "the", a possessive or trailing punctuation."""
    seg = text[s:e]
    for pre in ("the ", "The "):
        if seg.startswith(pre):
            s += len(pre)
            seg = seg[len(pre) :]
    for suf in ("'s", "’s", "'", "’"):
        if seg.endswith(suf):
            e -= len(suf)
            seg = seg[: -len(suf)]
    while seg and not seg[-1].isalnum():
        e -= 1
        seg = seg[:-1]
    return s, e


def named_site(span: Span, lab: str, surnames: set[str]) -> bool:
    """An entity whose head or first word names a building or site.

    The small model calls many hospitals, racecourses and hotels PERSON and gas fields
    ORG; the word that says what the thing is outweighs the label. A PERSON needs a
    head that is not also a surname ("X Hall", "X Park") and no surname the article
    uses for someone.
    """
    toks = [t for t in span if t.lower_ not in ("the", "a", "an")]
    if len(toks) < 2 or not toks[-1].text[:1].isupper():
        return False
    head, first = toks[-1].lower_, toks[0].lower_
    if head in FACILITY_HEADS or head in SITE_HEADS:
        if lab == "ORG":
            return True
        return head not in SURNAME_HEADS and not any(t.lower_ in surnames for t in toks[:-1])
    return first in SITE_PREFIXES and lab in ("PERSON", "ORG", "NORP", "PRODUCT", "EVENT")


def venue(span: Span, start: int, mentions: list[Mention]) -> bool:
    """A name after "at" that is itself placed "in" a known place is a venue, whatever
    its label ("at <company>" alone may be an employer)."""
    root, doc = span.root, span.doc
    if root.dep_ != "pobj" or root.head.lower_ != "at":
        return False
    k = span.end
    while k < len(doc) and (doc[k].ent_type_ in ("DATE", "TIME") or doc[k].text in (",", "on")):
        k += 1  # "at X on <weekday>, <date>, in Y"
    if k + 1 >= len(doc) or doc[k].lower_ != "in":
        return False
    nxt = start - span.start_char + doc[k + 1].idx
    return any(m.start == nxt and m.cands for m in mentions)


# ---------------------------------------------------------------- weak matches
def _adjacent_gap(text: str, a: Mention, m: Mention) -> str | None:
    """The gap between ``a`` and ``m`` when they are at most 6 characters apart."""
    if a.end <= m.start and m.start - a.end <= 6:
        return text[a.end : m.start]
    if m.end <= a.start and a.start - m.end <= 6:
        return text[m.end : a.start]
    return None


def _contained(g: Gazetteer, m: Mention, a: Mention) -> bool:
    """A division or country reading of ``a`` holds one of ``m``'s candidates."""
    conts = {
        (g.cc[i], g.admin1[i] if g.feature[i] != "A.PCLI" else "")
        for i, _ in a.cands
        if g.feature[i] in ("A.PCLI", "A.ADM1")
    }
    return any((g.cc[i], "") in conts or (g.cc[i], g.admin1[i]) in conts for i, _ in m.cands)


def _anchored(g: Gazetteer, text: str, m: Mention, placed: list[Mention]) -> bool:
    """``m`` is listed with an accepted place, or followed by ", " and its container."""
    for a in placed:
        gap = _adjacent_gap(text, a, m)
        if gap is None:
            continue
        if not a.cands or not any(g.feature[i][0] in "AP" for i, _ in a.cands):
            continue
        if LIST_GAP.fullmatch(gap):
            return True
        if m.end <= a.start and gap == ", " and _contained(g, m, a):
            return True
    return False


def rescue(
    gaz: Gazetteer, text: str, accepted: list[Mention], weak: list[Mention]
) -> list[Mention]:
    """Weak gazetteer matches that a list or a container makes places.

    The small model calls many towns PERSON or ORG; a name coordinated with an
    accepted place, or followed by ", " and a division or country holding one of its
    candidates, is a place too. Repeated until nothing changes, so a whole list is
    taken from one anchor.
    """
    placed = sorted(accepted, key=lambda x: x.start)
    out: list[Mention] = []
    todo = [m for m in weak if m.cands]
    changed = True
    while changed and todo:
        changed = False
        for m in list(todo):
            if _anchored(gaz, text, m, placed):
                todo.remove(m)
                out.append(m)
                placed.append(m)
                changed = True
    return out


def org_postal(
    gaz: Gazetteer, text: str, accepted: list[Mention], found: list[tuple[int, int, str]]
) -> list[Mention]:
    """A division's postal code inside an organisation's name, when the article's
    places are in that division: an embedded toponym (role actor). Elsewhere such a
    code in a company's name is left alone."""
    g = gaz
    out = []
    for s, e, key in found:
        divs = g.postal_keys.get(key, set())
        support = {
            name_key(m.text)
            for m in accepted
            if any(
                g.feature[i].startswith("P")
                and any(g.cc[i] == g.cc[d] and g.admin1[i] == g.admin1[d] for d in divs)
                for i, _ in m.cands
            )
        }
        if len(support) >= 2:
            m = Mention(s, e, text[s:e], [(d, 0) for d in sorted(divs)])
            m.variant, m.role = True, "actor"
            out.append(m)
    return out


# ---------------------------------------------------------------- unknown names
def add_names_before_divisions(
    gaz: Gazetteer,
    text: str,
    by_start: list[Mention],
    ents: list[Ent],
    person_keys: set[str],
    tok_at: TokenIndex,
) -> None:
    """An unknown name right before ", <Division>" ("<circuit>, <county>") is a place in
    that division the gazetteer lacks."""
    for b in list(by_start):
        if not b.cands or not any(gaz.feature[i] in ("A.ADM1", "A.ADM2") for i, _ in b.cands):
            continue
        head = text[max(0, b.start - 60) : b.start]
        hm = NAME_BEFORE_COMMA.search(head)
        if hm is None:
            continue
        a, e = b.start - len(head) + hm.start(1), b.start - len(head) + hm.end(1)
        words = text[a:e].split()
        if any(w.lower() in STOP or w.lower() in ACTOR_NOUNS for w in words) or any(
            x.start < e and a < x.end for x in by_start
        ):
            continue  # titles and bodies: "President, <country>", "Police, <county>"
        if name_key(text[a:e]) in person_keys or any(
            lab in ("PERSON", "ORG", "NORP") and es <= a < ee for es, ee, lab, _ in ents
        ):
            continue
        tok0 = tok_at.get(a)
        if tok0 is not None and tok0.pos_ != "PROPN":
            continue  # a sentence adverb: "Still, <state> ..."
        by_start.append(Mention(a, e, text[a:e], [], source="ent", label="PAT"))
    by_start.sort(key=lambda x: x.start)


def add_initials(text: str, by_start: list[Mention]) -> None:
    """Initials of a place the article names in full ("T&T" after "Trinidad and Tobago";
    never from the gazetteer alone: "SA" is many things)."""
    initials: dict[str, Mention] = {}
    for m in by_start:
        words = [w for w in m.text.split() if w[:1].isupper() and w.isalpha()]
        if m.cands and m.core is None and len(words) >= 2 and len(m.text.split()) <= 5:
            letters = [w[0] for w in words]
            initials.setdefault("".join(letters), m)
            if " and " in m.text:
                initials.setdefault("&".join(letters), m)
    for ab, full in initials.items():
        for am in re.finditer(rf"(?<![\w&.]){re.escape(ab)}(?![\w&])", text):
            a, b = am.span()
            if any(x.start < b and a < x.end for x in by_start):
                continue
            by_start.append(Mention(a, b, ab, list(full.cands), source="gaz"))
    by_start.sort(key=lambda x: x.start)


def _road_numbers(text: str) -> list[tuple[int, int]]:
    """British and Irish road numbers ("on the A12", "via the A14, A131 and A120"):
    only after "the" or in a list of roads, with a road word nearby (not a plane, a
    rifle or the levels of a language framework)."""
    out = []
    roads = list(ROAD.finditer(text))
    for k, rm in enumerate(roads):
        a, b = rm.span()
        listed = any(
            0 < abs(o.start() - b) <= 6 or 0 < abs(a - o.end()) <= 6
            for j, o in enumerate(roads)
            if j != k
        )
        ctx = text[max(0, a - 60) : b + 60].lower()
        if (listed or text[max(0, a - 4) : a].lower() == "the ") and ROAD_WORDS.search(ctx):
            out.append((a, b))
    return out


def street_spans(text: str) -> list[tuple[int, int]]:
    """Street names, pairs of streets and road numbers in ``text``."""
    out = []
    # (a pattern cannot match a text without its closing word: skip the scan, same result)
    for sm in STREET.finditer(text) if any(w in text for w in STREET_WORD_LIST) else ():
        ss, se = sm.span()
        words = text[ss:se].split()
        while len(words) > 2 and words[0].lower() in STOP:
            ss = text.index(" ", ss) + 1  # "The", "From" opening a sentence
            words.pop(0)
        if text[ss:se].split()[0].lower() in STOP and len(text[ss:se].split()) == 2:
            continue  # "North Road", "New Street" alone: too often a common phrase
        out.append((ss, se))
    for sm in STREET_PAIR.finditer(text) if any(w in text for w in STREET_PLURAL_WORD_LIST) else ():
        for k in (1, 2):
            out.append(sm.span(k))
    out.extend(_road_numbers(text))
    return out


def add_streets(text: str, by_start: list[Mention]) -> None:
    """Street names the small model misses: toponyms located at the place around them."""
    for ss, se in street_spans(text):
        if any(m.start <= ss and se <= m.end for m in by_start):
            continue
        inner = [m for m in by_start if ss <= m.start and m.end <= se]
        if any(m.start < se and ss < m.end for m in by_start if m not in inner):
            continue
        # the street word itself may be a town too ("X Parkway": Parkway, California)
        word = [m for m in inner if STREET_END.search(" " + m.text) and m.end == se]
        if word and len(inner) > 1:
            for m in word:
                by_start.remove(m)
                inner.remove(m)
        if len(inner) > 1:
            continue
        if inner:
            m = inner[0]
            if m.cands:  # a street named after a town: the town places it approximately
                m.core = (m.start, m.end)
                m.source = "ent+gaz"
            m.start, m.end, m.text, m.label = ss, se, text[ss:se], "FAC"
        else:
            by_start.append(Mention(ss, se, text[ss:se], [], source="ent", label="FAC"))
    by_start.sort(key=lambda x: x.start)


# ---------------------------------------------------------------- parse patterns
def _cue(tok: Token) -> tuple[bool, bool] | None:
    """(strong, cue) when the parse around proper noun ``tok`` says it names a place.

    A cue is a word that says what the name is ("village of X", "X airbase"); a strong
    locative preposition ("in X") makes a strong but cue-less pattern.
    """
    head, dep = tok.head, tok.dep_
    if dep == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in OF_CUES:
        return True, True  # "the village of X", "the town of X"
    if dep == "compound" and head.pos_ == "NOUN" and head.lemma_.lower() in COMPOUND_CUES:
        return True, True  # "X village", "X refugee camp", "X airbase", "X mountain"
    if any(
        c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in APPOS_CUES
        for c in (tok.children if dep != "conj" else (*tok.children, *head.children))
    ):
        return True, True  # "X, a village in ...", "X and Y, an enclave"
    if dep == "pobj" and head.lower_ in STRONG_PREPS:
        # "in X", "at X": the small model often calls such unknown names PERSON or ORG;
        # the locative preposition outweighs it
        strong = head.lower_ in ("in", "near", "outside", "inside") and not any(
            t.lower_ in ("'s", "’s") for t in tok.rights
        )
        return strong, False
    return None


def _name_chain(tok: Token) -> list[Token]:
    """The proper-noun chain ending at ``tok`` (compounds, hyphens), without a leading
    date, number or month."""
    chain = [tok]
    for left in reversed(list(tok.lefts)):
        if left.i != chain[0].i - 1:
            break
        if (left.dep_ in ("compound", "amod") and left.pos_ in ("PROPN", "PUNCT")) or (
            left.text in ("-", "‐") and not left.whitespace_  # "X Al-Y"
        ):
            chain.insert(0, left)
    while chain and (
        not chain[0].text[:1].isalnum()
        or chain[0].ent_type_ in ("DATE", "TIME", "CARDINAL")
        or chain[0].lower_.rstrip(".") in MONTHS
    ):
        chain.pop(0)  # "09 Sep. X residents"
    return chain


def _chain_ok(chain: list[Token], tok: Token, strong: bool, cue: bool) -> bool:
    """A chain that may be a place name: capitalised, no title, no common word alone,
    no number, and no entity label that rules it out."""
    first = chain[0]
    if not first.text[:1].isupper() and first.lower_ not in ARTICLES:
        return False
    if first.lower_.rstrip(".") in PERSON_TITLES:
        return False  # "at Congressman X's office"
    words = [t.lower_ for t in chain]
    if any(w in STOP or w in COMMON_SINGLE for w in words if len(chain) == 1) or any(
        t.like_num for t in chain
    ):
        return False
    if len(chain) == 1 and (tok.text.isupper() or len(tok.text) < 3):
        return False
    ent_types = {t.ent_type_ for t in chain} - {""}
    allowed = SITE_LABELS if cue else {"PERSON", "ORG"}
    return not (ent_types & _BAD_PATTERN_ENTS and not (strong and ent_types <= allowed))


def pattern_spans(doc: Doc) -> list[tuple[int, int, bool]]:
    """Names the parse says are places: (start char, end char, has a cue word)."""
    out = []
    for tok in doc:
        if tok.pos_ != "PROPN" or (tok.dep_ == "compound" and tok.head.pos_ == "PROPN"):
            continue
        found = _cue(tok)
        if found is None:
            continue
        strong, cue = found
        chain = _name_chain(tok)
        if not chain or not _chain_ok(chain, tok, strong, cue):
            continue
        out.append((chain[0].idx, tok.idx + len(tok.text), cue))
    return out
