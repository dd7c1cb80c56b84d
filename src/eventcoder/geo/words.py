"""The geoparser's vocabulary, read from ``lang/en/geo.yaml``, and the regexes built from it.

Word lists are data (see :mod:`eventcoder.lang`); this module only names them for the
geo code and compiles the patterns that embed them. Alternations are built longest word
first so that a word that is the prefix of another never shadows it; every pattern here
is either anchored at both ends or followed by a word boundary, so the order of its
alternatives does not change what it matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..lang import words

_WORD = re.compile(r"[^\W_]+")


def alternation(items: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (deterministic).

    Written with the words grouped by their first letter and that letter factored out
    ("c(?:ongressman|olonel)|m(?:inister|ayor)"): ``re`` tries the branches of an alternation
    one after another at every position it searches, and a pattern such as ``\\b(?i:...)``
    gets no first-character shortcut, so a flat list of 40 words costs 40 failed attempts per
    word boundary; factored, about one per group. The matches are the same: two words whose
    first letters differ (ASCII letters, ignoring case) never both match at one position, and
    within a group the longest-first order is kept, so the first branch that matches — and,
    on backtracking, each next one — is the flat list's. A group whose words start with the
    same letter in different cases ("May", "mayor") is listed flat, and a list with a word
    not led by an ASCII letter is written flat as before."""
    ws = sorted(items, key=lambda w: (-len(w), w))
    if not all(w and w[0].isascii() and w[0].isalpha() for w in ws):
        return "|".join(re.escape(w) for w in ws)
    groups: dict[str, list[str]] = {}
    for w in ws:
        groups.setdefault(w[0].lower(), []).append(w)
    out = []
    for g in groups.values():
        if len(g) > 1 and len({w[0] for w in g}) == 1:
            out.append(re.escape(g[0][0]) + "(?:" + "|".join(re.escape(w[1:]) for w in g) + ")")
        else:
            out.append("|".join(re.escape(w) for w in g))
    return "|".join(out)


# ------------------------------------------------------------------ word sets
CONNECTORS = words("name_connectors")
STOP = words("geo_stop_words")
COMMON_WORDS = words("common_name_words")
ORG_AFTER = words("organisation_after_place")
ACTOR_NOUNS = words("actor_nouns")
NON_AGENTIVE = words("non_agentive_verbs")
NON_PLACES = words("non_place_names")
LOC_PREPS = words("locative_prepositions")
STRONG_PREPS = words("strong_locative_prepositions")
CLOSE_PREPS = words("close_prepositions")
DIRECTIONAL_PREPS = words("directional_prepositions")
PLACE_HEADS = words("place_type_words")
APPOSITIVE_PLACE_NOUNS = words("appositive_place_nouns")
FACILITY_HEADS = words("facility_heads")
SITE_HEADS = (PLACE_HEADS - words("place_types_not_site_nouns")) | words("site_nouns")
COMMON_CODES = words("common_postal_codes")
PERSON_TITLES = words("person_titles")
OF_SITE_HEADS = words("of_site_heads")
MONTHS = words("geo_month_abbreviations")
RESIDENT_HEADS = words("resident_nouns")
SITE_PREFIXES = words("site_prefixes")
SURNAME_HEADS = words("surname_like_facility_heads")
AMBIGUOUS_WORDS = words("ambiguous_town_words")
CURRENCY_WORDS = words("currency_words")
ADMIN_HEAD_WORDS = words("admin_head_words")
DISTRICT_HEAD_WORDS = words("district_head_words")
SETTLEMENT_HEAD_WORDS = words("settlement_head_words")
NAMED_DIVISION_HEAD_WORDS = words("named_division_head_words")
PART_OF_PLACE_NOUNS = words("part_of_place_nouns")
SOURCE_VERBS = words("reported_source_verbs")
CLAUSE_PREPS = words("clause_place_prepositions")
NATIONWIDE = words("nationwide_modifiers")
WHOLE_COUNTRY_NOUNS = words("whole_country_nouns")
WHOLE_AREA_PREPS = words("whole_area_prepositions")
ANAPHOR_DETS = words("event_anaphor_determiners")
PARTY_HEADS = words("party_heads")
NATIONAL_BODIES = words("national_body_words")
NATIONAL_PARTY_HEADS = words("national_body_party_heads")
LOCAL_BODIES = words("local_body_words")
SEAT_BODIES = words("seat_body_words")
SCENE_ANAPHORS = words("scene_anaphor_nouns")
PARTY_PREPS = words("party_prepositions")

#: the cue words of the parse patterns, joined once
OF_CUES = SITE_HEADS | OF_SITE_HEADS | RESIDENT_HEADS
APPOS_CUES = SITE_HEADS | OF_SITE_HEADS
COMPOUND_CUES = SITE_HEADS | RESIDENT_HEADS | {"mountain", "hill", "island"}
#: single words that are not a toponym on their own ("Village", "Congress", "Airport")
COMMON_SINGLE = COMMON_WORDS | PLACE_HEADS | FACILITY_HEADS
#: "the village of X", "the outskirts of X": the event's place is X
OF_PLACE_NOUNS = PLACE_HEADS | PART_OF_PLACE_NOUNS

# ------------------------------------------------------------------ entity labels
#: labels the small model gives unknown place names that a site word overrides
SITE_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"})
#: labels of places
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# ------------------------------------------------------------------ patterns
_CONTAINER_TYPES = alternation(words("container_gap_types"))
_TYPED_TYPES = alternation(words("typed_name_types"))
_STREET_WORDS = alternation(words("street_words"))
#: the literal words one of which every match of ``STREET`` (case-sensitive) or of
#: ``STREET_PAIR`` ends in: a text holding none of them has no match, and 92 % of BBC
#: articles hold none, so ``spans.street_spans`` tests them before scanning the text
STREET_WORD_LIST = tuple(sorted(words("street_words")))
STREET_PLURAL_WORD_LIST = tuple(sorted(words("street_plural_words")))

#: "X on Wednesday, <date>, in Place": a date between a venue and its place
DATED_IN = re.compile(r" on [^.!?;:]{0,30}?(?:\.[^.!?;:A-Z]{0,20})?,? in ")

#: between a place and the division holding it: "X district, Y", "X area of Y"
#: (an alias in brackets may come first: "X (Y) district, Z", "X (Y district), Z")
CONTAINER_GAP = re.compile(rf"\)?(?: \([^()]{{1,30}}\))? \(?(?:{_CONTAINER_TYPES})s?\)?(?:,| of| in|, in) ")

#: a plural place type before the container of a list: "A, B and C districts, Y"
LIST_CONTAINER_GAP = re.compile(rf"\)?(?: \([^()]{{1,30}}\))? (?:{_CONTAINER_TYPES})s(?:,| of| in|, in) ")

_COMPASS = alternation(words("compass_words"))
#: an unknown name, its type word, and the place holding it with a compass part:
#: "X camp in north-east Y", "X, in the north of Y"
HELD_IN_PART = re.compile(
    rf"(?: (?:{_CONTAINER_TYPES})s?)?,? in (?:the )?(?:{_COMPASS})(?:[- ](?:{_COMPASS}))?(?: of)? "
)

#: what separates the items of a list of places: "A, B and C", "A or B", "A & B"
LIST_GAP = re.compile(r"\s*(?:,|;|&|and|or|, and|, or)\s*")

#: a street name: optional house number and compass letter, up to three capitalised words
#: or an ordinal, and a street word ("12 Oak St.", "S. Maple Drive", "5th Ave.")
STREET = re.compile(
    r"\b(?:\d{1,5}\s+)?(?:[NSEW]\.\s+)?(?:(?:[A-Z][\w’'-]*|\d{1,3}(?:st|nd|rd|th))\s+){1,3}"
    rf"(?:{_STREET_WORDS})(?!\w)"
)
#: a division type right after a name: "X district", "X city"
TYPE_AFTER = re.compile(
    rf"(?: \([^)]{{1,30}}\))? (?:{alternation(words('division_types_after_name'))})s?\b"
)

#: capitalised words after a name that run on to " of <Name> district": "A B of C district"
NAME_RUN_OF = re.compile(
    r"(?: [A-Z][\w'’-]+)+(?= of [A-Z][\w'’-]+(?: [\w'’-]+){0,3}"
    rf"(?: \([^)]{{1,30}}\))? (?:{alternation(words('name_run_division_types'))})\b)"
)

#: capitalised words (joined by spaces, hyphens or a Dari/Arabic connector) after a name
#: that run on to a place type: "the X Y area", "X-e Y district", "X Y (Z) district"
_RUN_JOIN = rf"(?:[ -](?:{alternation(words('dari_name_joiners'))})[ -]|[ -])"
NAME_RUN_TYPED = re.compile(
    rf"(?:{_RUN_JOIN}[A-Z][\w'’]*)+(?=(?: \([^)]{{1,30}}\))? (?:{alternation(words('name_run_types'))})s?\b)"
)

#: a Dari/Arabic connector and another capitalised word after a name: "X i Y"
JOINED_NAME = re.compile(rf" (?:{alternation(words('dari_name_joiners'))}) [A-Z][\w'’-]+")

#: a named place and its type right before ", ": "X district, " (then a division)
TYPED_NAME_BEFORE = re.compile(rf"[A-Z][\w'’.-]*(?: [\w'’.()-]+){{0,3}} (?:{_TYPED_TYPES})s?, $")

#: one to three capitalised words right before ", " (the name before a division)
NAME_BEFORE_COMMA = re.compile(r"(?:^|[:;(]\s*|\s)((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+), $")

#: a route named after its ends: "the A-B road" (the small model's ORG)
ROUTE_AFTER = re.compile(rf"\s+(?:{alternation(words('route_words'))})\b")

#: the street word closing a street's name: "X Drive" is a street wherever the story
#: is, never in the town X, however big
STREET_END = re.compile(rf"\s(?:{alternation(words('street_words') | words('street_end_words'))})$")

#: a British or Irish road number: A120, M25, A1(M), N7
ROAD = re.compile(r"\b[AMNB]\d{1,4}(?:\(M\))?(?![\w-])")
ROAD_WORDS = re.compile(rf"\b(?:{alternation(words('road_context_words'))})\b")
#: "A and B streets": two street names
STREET_PAIR = re.compile(
    rf"\b([A-Z][\w’'-]+) and ([A-Z][\w’'-]+) (?:{alternation(words('street_plural_words'))})\b"
)

DEMONYM_SUFFIX = re.compile(r"(?:ian|ians|ese|ish|i|is|an|ans|ic|ch)$")

#: "Mr. X": X is a person's name in the article
HONORIFIC_NAME = re.compile(
    rf"\b(?:{alternation(words('honorifics_before_person'))})\.?\s+([A-Z][\w'’-]+)"
)
#: "Operation X Y": X Y is an operation's name
NAMED_OPERATION = re.compile(
    rf"\b(?:{alternation(words('named_operation_words'))})\s+((?:[A-Z][\w'’-]+)(?: [A-Z][\w'’-]+){{0,2}})"
)
#: "lawmaker X Y", "colonel X Y": a role noun or title before a full name
ROLE_BEFORE_NAME = re.compile(
    rf"\b(?i:{alternation(words('person_role_nouns') | PERSON_TITLES)})\.? ([A-Z][\w'’-]+ [A-Z][\w'’-]+)\b"
)
#: "X Y, president of ...", "X Y, a spokesman": a full name with its role after it
NAME_BEFORE_ROLE = re.compile(
    rf"\b([A-Z][\w'’-]+ [A-Z][\w'’-]+), (?:the |a |an )?(?i:{alternation(words('person_role_nouns') | PERSON_TITLES)})\b"
)
#: "the Minister of Health, X Y,": a role (with what it is of) in apposition before a full
#: name set off by commas
ROLE_APPOSITION = re.compile(
    rf"\b(?i:{alternation(words('person_role_nouns') | PERSON_TITLES)})"
    r"(?: of (?:the )?[A-Z][\w'’-]+(?: (?:of |and )?[A-Z][\w'’-]+){0,3})?, ([A-Z][\w'’-]+ [A-Z][\w'’-]+),"
)
#: "A B of <Town>, C D of <Town> and E F of <Town>": people listed with their home towns
_NAME_OF_TOWN = r"[A-Z][\w'’-]+ [A-Z][\w'’-]+ of [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?"
NAMES_OF_TOWNS = re.compile(rf"{_NAME_OF_TOWN}(?:(?:,| and|, and) {_NAME_OF_TOWN})+")
NAME_OF_TOWN = re.compile(r"([A-Z][\w'’-]+ [A-Z][\w'’-]+) of ")
#: "X Y, 34," / "X, aged 34,": an age after a name is a person's
AGE_APPOSITION = re.compile(r"\b((?:[A-Z][\w'’-]+ )?[A-Z][\w'’-]+), (?:aged )?\d{1,2}[,.]")
#: "Mr X": X is a surname the article gives someone
HONORIFIC_SURNAME = re.compile(
    rf"\b(?:{alternation(words('honorifics_before_surname'))})\.? ([A-Z]\w+)"
)
_HEADS = "|".join(sorted(PLACE_HEADS))
#: "the town of X", "X village": the article calls X a place (a sentence's "The" opens
#: no name: "The town of X" is the first form, not "The" + "town")
TYPED_PLACE_NAME = re.compile(
    rf"\b(?:{_HEADS}) of ((?:[A-Z][\w'’-]+ ?){{1,3}})|((?:(?!The )[A-Z][\w'’-]+ ){{1,3}})(?:{_HEADS})\b"
)

#: a verb right after an unparsed place that makes it an actor ("X said", "X shelled")
ACTOR_VERB_AFTER = re.compile(rf"\s+(?:{alternation(words('actor_verbs_after_place'))})\b")
#: ... unless it is a passive or a copula: "X has been", "X will be"
PASSIVE_AFTER = re.compile(
    rf"\s+(?:{alternation(words('auxiliaries_before_be'))})\s+(?:{alternation(words('be_forms'))})\b"
)
#: "X's army", "X's new government": the possessed noun
POSSESSED_AFTER = re.compile(r"[’']s\s+(?:\w+\s+)?(\w+)")


def word_tokens(text: str) -> list[str]:
    """The alphanumeric words of ``text``."""
    return _WORD.findall(text)


WORD = _WORD

#: teams and companies named like places (issue 12): a run of one to three capitalised
#: words (no possessive inside) ...
_TEAM_RUN = r"(?<![\w'’.-])([A-Z][\w-]*(?: [A-Z][\w-]*){0,2})"
#: ... right before a plural verb ("Blackburn have rejected", "Wales were given")
TEAM_AGREEMENT = re.compile(rf"{_TEAM_RUN} (?:{alternation(words('team_agreement_verbs'))})(?![\w'’-])")
TEAM_OPENERS = words("team_clause_openers")
TEAM_INFINITIVE_OPENERS = words("team_infinitive_openers")
#: ... as the modifier or possessor of a side's role ("Chelsea boss", "England's captain")
TEAM_ROLE = re.compile(
    rf"{_TEAM_RUN}(?:['’]s?)? (?:{alternation(words('team_role_nouns'))})(?![\w'’-])"
)
#: ... as the possessor of a team's or a company's noun ("Toyota's chief executive")
ORG_POSSESSED = re.compile(
    rf"{_TEAM_RUN}['’]s? (?:{alternation(words('organisation_possessed_nouns'))})(?![\w'’-])"
)
#: ... either side of a match result with its score ("X beat Y 2-1", "X drew with Y 0-0")
TEAM_RESULT = re.compile(
    rf"{_TEAM_RUN} (?:{alternation(words('team_result_verbs'))}) ([A-Z][\w-]*(?: [A-Z][\w-]*){{0,2}})"
    r"(?= \d{1,2}[-–]\d{1,2}\b| on penalties\b)"
)
