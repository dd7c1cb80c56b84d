"""Toponyms from spaCy's entities and from parse patterns, added after the gazetteer match.

An entity labelled GPE, LOC or FAC (or named like a site, whatever its label) either
extends the gazetteer mention inside it ("X province", "X County Jail") or, when it
holds none, becomes an unresolved toponym unless one of :data:`ENTITY_RULES` rejects
it. Parse patterns ("the village of X", "X camp") then add names nobody knew.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .article import Article
from .gazetteer import Gazetteer
from .mention import Mention, name_key
from .resolve import strength
from .spans import named_site, other_name, pattern_spans, place_context, trim_entity, venue
from .words import (
    CONNECTORS,
    DEMONYM_SUFFIX,
    NON_PLACES,
    PERSON_TITLES,
    PLACE_HEADS,
    PLACE_LABELS,
    SITE_LABELS,
    STOP,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


def reject_lowercase_or_stop_entity(
    a: Article, s: int, e: int, lab: str, span: Span, site: bool
) -> bool:
    """A stop word, or a span not starting with a capital, is no unknown place."""
    surface = a.text[s:e]
    return surface.lower() in STOP or not surface[:1].isupper()


def reject_person_entity(a: Article, s: int, e: int, lab: str, span: Span, site: bool) -> bool:
    """A name the article uses for a person is no unknown place (unless a site word says so)."""
    return name_key(a.text[s:e]) in a.person_keys and not site


def reject_team_entity(a: Article, s: int, e: int, lab: str, span: Span, site: bool) -> bool:
    """A name the text uses for a sports side or a company ("Blackburn have", "Chelsea
    boss") is no unknown place, without place context (unless a site word says so)."""
    if site or place_context(a.text, s, e, span):
        return False
    return e in a.team_ends or (name_key(a.text[s:e]) in a.team_keys and len(span) == 1)


def reject_titled_entity(a: Article, s: int, e: int, lab: str, span: Span, site: bool) -> bool:
    """An unknown name opened by a person's title ("Mr X", "Prince X", ``person_titles``)
    is a person's, whatever the small model's label (unless a site word says so)."""
    return len(span) >= 2 and span[0].lower_.rstrip(".") in PERSON_TITLES and not site


def reject_group_or_acronym_entity(
    a: Article, s: int, e: int, lab: str, span: Span, site: bool
) -> bool:
    """Armed groups and short acronyms the small model tags as GPE are not places."""
    surface = a.text[s:e]
    return name_key(surface) in NON_PLACES or (surface.isupper() and len(surface) <= 5)


def reject_demonym_entity(a: Article, s: int, e: int, lab: str, span: Span, site: bool) -> bool:
    """A one-word adjective with a demonym's ending is a nationality, not a place."""
    return (
        bool(DEMONYM_SUFFIX.search(a.text[s:e].lower()))
        and len(span) == 1
        and span[0].pos_ == "ADJ"
    )


def reject_lone_gpe_entity(a: Article, s: int, e: int, lab: str, span: Span, site: bool) -> bool:
    """A lone unknown word called GPE is a name (a company, a person) more often than a place, without place context."""
    return len(span) == 1 and lab == "GPE" and not place_context(a.text, s, e, span)


#: rules for entities that hold no gazetteer mention, in order (True: reject)
ENTITY_RULES: tuple[Callable[..., bool], ...] = (
    reject_lowercase_or_stop_entity,
    reject_person_entity,
    reject_team_entity,
    reject_titled_entity,
    reject_group_or_acronym_entity,
    reject_demonym_entity,
    reject_lone_gpe_entity,
)


def _extend_inner(a: Article, es: int, ee: int, lab: str, m: Mention) -> None:
    """An entity around one gazetteer mention: a typed name, a site, or a longer name."""
    text = a.text
    extra = (text[es : m.start] + " " + text[m.end : ee]).strip().lower()
    words = extra.split()
    if words and all(w in PLACE_HEADS or w in CONNECTORS for w in words):
        # "X province": keep the name as the toponym, note the type
        m.head_word = next((w for w in words if w in PLACE_HEADS), None)
        m.source, m.label = "ent+gaz", lab
    elif lab == "FAC" or (words and lab == "LOC"):
        # "X County Jail": the entity is the toponym, the name inside gives its
        # approximate location
        m.core = (m.start, m.end)
        m.start, m.end, m.text = es, ee, text[es:ee]
        m.source, m.label = "ent+gaz", lab
    elif lab == "GPE" and other_name(text[es:ee], words) and strength(a.gaz, m) < 0.7:
        # "X Alam", "Y Khel": a longer name the gazetteer does not know, not the small
        # town named by one of its words
        m.cands, m.core, m.source, m.label = [], None, "ent", lab
        m.start, m.end, m.text = es, ee, text[es:ee]


def add_entities(a: Article, by_start: list[Mention]) -> None:
    """spaCy GPE/LOC/FAC entities: extend the gazetteer mentions inside them to the
    entity, or add the entities the gazetteer does not know (unresolved)."""
    for es, ee, lab, span in a.ents:
        site = lab in SITE_LABELS and (
            named_site(span, lab, a.surnames) or venue(span, es, by_start)
        )
        if site:
            lab = "FAC"  # a hospital the small model calls PERSON
        if lab not in PLACE_LABELS:
            continue
        es, ee = trim_entity(a.text, es, ee)
        if ee <= es:
            continue
        inner = [m for m in by_start if m.start >= es and m.end <= ee]
        if any(m.start < ee and es < m.end for m in by_start if m not in inner):
            continue
        if inner:
            if len(inner) == 1:
                _extend_inner(a, es, ee, lab, inner[0])
            continue
        if any(rule(a, es, ee, lab, span, site) for rule in ENTITY_RULES):
            continue
        by_start.append(Mention(es, ee, a.text[es:ee], [], source="ent", label=lab))
        by_start.sort(key=lambda x: x.start)


def _replaces(gaz: Gazetteer, es: int, ee: int, over: list[Mention]) -> bool:
    """A typed pattern name longer than the weak gazetteer towns inside it is another,
    unknown place ("the X Y area": not the small town X)."""
    return all(
        es <= m.start
        and m.end <= ee
        and m.end - m.start < ee - es
        and strength(gaz, m) < 0.7
        and m.label != "GPE"
        for m in over
    )


def add_patterns(
    a: Article, by_start: list[Mention], docs: Sequence[Doc], offsets: Sequence[int]
) -> None:
    """Parse patterns for names neither spaCy nor the gazetteer know: "the village of
    X", "in X" (a proper-noun chain after a locative preposition), "X camp"."""
    gaz, text = a.gaz, a.text
    for doc, off in zip(docs, offsets, strict=False):
        for es, ee, cue in pattern_spans(doc):
            es, ee = es + off, ee + off
            over = [m for m in by_start if m.start < ee and es < m.end]
            if over and not (cue and _replaces(gaz, es, ee, over)):
                continue
            for m in over:
                by_start.remove(m)
            surface = text[es:ee]
            if name_key(surface) in a.person_keys:
                continue
            cands = gaz.lookup_key(name_key(surface))
            source = "ent" if not cands else "ent+gaz"
            by_start.append(Mention(es, ee, surface, cands, source=source, label="PAT"))
