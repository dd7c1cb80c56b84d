"""Actor records: sector codes, dictionary entries and matches, and linking a generic mention
("the jihadists") to the named group of the same article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Sector codes (PLOVER / CAMEO style) with a one-line meaning; mirrored in docs/actors.md.
SECTORS: dict[str, str] = {
    "GOV": "government, executive, head of state, ministries, officials",
    "MIL": "state military: army, air force, navy, 'security forces', state-run coalitions",
    "COP": "police and gendarmerie",
    "SPY": "state intelligence services",
    "LEG": "legislature: parliament, lawmakers",
    "JUD": "judiciary: courts, judges, prosecutors",
    "OPP": "political opposition (not armed)",
    "PTY": "political party",
    "REB": "rebels, insurgents and named non-state armed groups",
    "UAF": "unidentified armed forces: gunmen, militants, militias not attributed to a group",
    "CRM": "criminals: gangs, cartels, smugglers, kidnappers, pirates",
    "CVL": "civilians, incl. protesters and rioters (told apart by name / acled_name)",
    "JRN": "journalists and media outlets",
    "REF": "refugees and internally displaced people",
    "MIG": "migrants and asylum seekers",
    "EDU": "education: universities, schools as institutions",
    "MED": "health: doctors, health workers, hospitals",
    "LAB": "labour: unions, workers, strikers",
    "BUS": "business: companies, traders",
    "REL": "religious leaders and institutions",
    "ELI": "elites: tribal elders, traditional leaders, notables",
    "NGO": "non-governmental organisations, incl. monitors and aid groups",
    "IGO": "intergovernmental organisations",
}

KINDS = ("state", "group", "igo", "ngo", "media", "generic", "country")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str
    country: str | None
    sector: str | None
    kind: str  # "state" | "group" | "igo" | "ngo" | "media" | "generic" | "country"
    acled_name: str | None = None
    tags: tuple[str, ...] = ()
    generic: bool = False


@dataclass(slots=True)
class ActorMatch:
    text: str
    start: int
    end: int
    entry: ActorEntry



@dataclass(frozen=True, slots=True)
class _HeadGroup:
    sector: str
    kind: str
    name: str  # template with {country} / {of_country}
    generic_name: str
    acled_name: str | None
    tags: tuple[str, ...]
    generic: bool


@dataclass(frozen=True, slots=True)
class _Head:
    group: _HeadGroup
    standalone: bool
    word: str


@dataclass(frozen=True, slots=True)
class _CountryWord:
    iso3: str
    form: str  # "name" | "demonym" | "capital" | "people"
    population: int


@dataclass(frozen=True, slots=True)
class _Country:
    iso3: str
    name: str
    acled_country: str
    acled_article: bool

    def fmt(self, template: str | None) -> str | None:
        if template is None:
            return None
        of = ("the " if self.acled_article else "") + self.acled_country
        return template.format(country=self.acled_country, of_country=of)



# --------------------------------------------------------------------------- coreference


def link_generic(entry: ActorEntry, named_in_article: Sequence[ActorEntry]) -> ActorEntry:
    """The named actor a generic mention refers to, else the generic entry itself.

    "the jihadists" (tags armed, jihadist) + ISIL in the article -> ISIL; "the army" +
    "Military Forces of Syria" -> that. A candidate fits when it is named (not generic) and
    has every tag of the generic entry (state generics: same sector, a state or country
    entry). With one fitting candidate it is returned; with several, the first-mentioned one
    when it is also mentioned strictly more often than each other one; else ``entry``."""
    if not entry.generic:
        return entry
    tags = set(entry.tags)
    if "state" in tags:

        def fits(e: ActorEntry) -> bool:
            return (
                e.kind in ("state", "country")
                and e.sector == entry.sector
                and (entry.country is None or e.country == entry.country)
            )

    else:
        if not tags:
            return entry

        def fits(e: ActorEntry) -> bool:
            return (
                e.kind == "group"
                and tags <= set(e.tags)
                and (entry.country is None or e.country in (None, entry.country))
            )

    counts: dict[str, int] = {}
    first: dict[str, ActorEntry] = {}
    for e in named_in_article:
        if e.generic or not fits(e):
            continue
        counts[e.name] = counts.get(e.name, 0) + 1
        first.setdefault(e.name, e)
    if not counts:
        return entry
    names = list(first)
    if len(names) == 1:
        return first[names[0]]
    lead = names[0]
    if all(counts[lead] > counts[o] for o in names[1:]):
        return first[lead]
    return entry
