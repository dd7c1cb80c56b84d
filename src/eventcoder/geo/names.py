"""Given names and surnames: general evidence that a capitalised word names a person.

Recognition used to know a person's name only from what the article itself shows (a PERSON
entity in a parsed sentence, "Mr X", "lawmaker X Y"), so "David Bell" in a sentence the
pipeline does not parse read as Bell the town, and "admiration for David" as David in Panama.
The US Census 1990 frequency lists (public domain) tell which words people are commonly
called: ``data/names/census_names.tsv``, built by ``scripts/build_name_data.py`` (provenance:
``data/names/README.md``). They are *evidence*, never a veto: the rules of
:mod:`.recognise` and :mod:`.article` weigh them against place evidence in the text and the
gazetteer (a well-known place, "in X", "the town of X").

Loaded once per process and validated: a malformed line raises a coded ``ConfigError``
rather than silently knowing fewer names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import ConfigError

PATH = Path(__file__).resolve().parents[1] / "data" / "names" / "census_names.tsv"


@dataclass(frozen=True, slots=True)
class PersonNames:
    """Lower-cased given names and surnames, each with its frequency rank (1 = most frequent)."""

    given: dict[str, int]
    surnames: dict[str, int]


def read_names(path: Path) -> PersonNames:
    """Parse and validate a name file (``kind<TAB>name<TAB>rank`` lines, ``#`` comments)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ConfigError("E595", path=str(path), reason=str(err)) from err
    kinds: dict[str, dict[str, int]] = {"given": {}, "surname": {}}
    for n, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in kinds:
            raise ConfigError(
                "E595",
                path=str(path),
                reason=f"line {n}: expected 'given|surname<TAB>name<TAB>rank'",
            )
        kind, name, rank = parts
        if not name.isalpha() or name != name.lower() or not rank.isdigit() or int(rank) < 1:
            raise ConfigError(
                "E595",
                path=str(path),
                reason=f"line {n}: {name!r} {rank!r} is no lower-case name with a rank",
            )
        if name in kinds[kind]:
            raise ConfigError(
                "E595", path=str(path), reason=f"line {n}: {kind} name {name!r} listed twice"
            )
        kinds[kind][name] = int(rank)
    if not kinds["given"] or not kinds["surname"]:
        raise ConfigError("E595", path=str(path), reason="no given names or no surnames")
    return PersonNames(kinds["given"], kinds["surname"])


@cache
def person_names() -> PersonNames:
    """The shipped name lists, read once per process."""
    return read_names(PATH)
