"""The PLOVER 2.0 table of event types and modes, read once from ``data/plover.yaml``.

One definition for the whole project: records validate types against it, ``classify`` resolves
modes in its priority order, ``lang/en/modes.yaml`` may only name its (type, mode) pairs, and
the corpus scripts check annotations against it. Before, the table was written out twice (in
``classify`` and ``scripts/corpus/corpuslib.py``) and the two could drift apart.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import yaml

from .errors import ConfigError

PATH = "data/plover.yaml"
_NAME = re.compile(r"^[A-Z]+$")
_MODE = re.compile(r"^[a-z]+(-[a-z]+)*$")


def parse(data: Any, path: str = PATH) -> dict[str, tuple[str, ...]]:
    """Validate a loaded table: a mapping of upper-case type names to lists of distinct,
    lower-case (hyphenated) mode names."""
    if not isinstance(data, dict) or not data:
        raise ConfigError("E307", path=path, reason="the top level must be a mapping of type -> list of modes")
    table: dict[str, tuple[str, ...]] = {}
    for etype, modes in data.items():
        if not isinstance(etype, str) or not _NAME.match(etype):
            raise ConfigError("E307", path=path, reason=f"type {etype!r} is not an upper-case name")
        if not isinstance(modes, list) or not all(isinstance(m, str) and _MODE.match(m) for m in modes):
            raise ConfigError("E307", path=path, reason=f"{etype}: modes must be a list of lower-case names")
        if len(set(modes)) != len(modes):
            raise ConfigError("E307", path=path, reason=f"{etype}: a mode is listed twice")
        table[etype] = tuple(modes)
    return table


def _load() -> dict[str, tuple[str, ...]]:
    from .lang import SAFE_YAML

    text = resources.files("eventcoder").joinpath(PATH).read_text("utf-8")
    try:
        data = yaml.load(text, Loader=SAFE_YAML)
    except yaml.YAMLError as err:
        raise ConfigError("E307", path=PATH, reason=f"not valid YAML: {err}") from err
    return parse(data)


#: type -> its modes, in priority order
MODES: dict[str, tuple[str, ...]] = _load()
#: the types, in the codebook's order
TYPES: tuple[str, ...] = tuple(MODES)
