"""Score the coder against gold data (``eventcoder eval SET [--part dev|test|all]``).

Gold sets are read in place from ``../shared/bench`` (or ``$EVENTCODER_BENCH``) and never
copied into the repository. Each set is a module of :mod:`eventcoder.eval.sets`, registered
by name in ``eventcoder.registry.eval_sets``; all of them compute their numbers with
:mod:`eventcoder.eval.scorer`. Every set is split once into a dev and a test part, frozen in
``eval/splits/<set>.json`` (:mod:`eventcoder.eval.splits`). :func:`run_eval` returns a flat
dict: scalar entries are metrics, dict entries are tables. See ``docs/eval.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import registry
from ..errors import ConfigError, UsageError
from . import sets as _sets  # noqa: F401 - registers the built-in sets
from .base import EvalSet, bench_dir, default_pipeline
from .splits import Split, all_splits, check_part, load_split, split_for_file


def set_names() -> list[str]:
    """Every registered set name (entry points included)."""
    return sorted(registry.eval_sets.get_all())


def get_set(name: str) -> EvalSet:
    """The registered set ``name``; E006 when there is none."""
    sets = registry.eval_sets.get_all()
    if name not in sets:
        raise UsageError("E006", name=name, choices=", ".join(sorted(sets)) + ", or a path to a gold file")
    return sets[name]


def _sniffed(p: Path) -> EvalSet:
    for s in registry.eval_sets.get_all().values():
        if s.sniff is not None and s.sniff(p):
            return s
    raise UsageError("E006", name=str(p), choices=", ".join(set_names()) + ", or a path (.csv, .xml, .jsonl, .txt)")


def resolve_set(name: str, path: str | None = None) -> tuple[EvalSet, Path, Split | None]:
    """(set, gold file, its frozen split or None) for a set name or a path.

    A ``--path`` file takes the split made from the same bytes (found by sha256), so a
    copy of a bench file keeps its parts; for a name, the set's own split is used and the
    file must match it (checked by :func:`run_eval`).
    """
    sets = registry.eval_sets.get_all()
    if name in sets:
        es = sets[name]
        p = Path(path) if path else bench_dir() / es.file
        if not p.is_file():
            raise ConfigError("E009", path=str(p))
        if not path:
            return es, p, load_split(es.split)
        split = split_for_file(p)
        if split is not None and (split.name not in sets or sets[split.name].run is not es.run):
            split = None  # the bytes of another kind of set: its split does not apply here
        return es, p, split
    p = Path(path or name)
    if not p.is_file():
        if p.suffix or "/" in str(p):
            raise ConfigError("E009", path=str(p))
        get_set(name)  # raises E006 naming the sets
    split = split_for_file(p)
    es = sets[split.name] if split is not None and split.name in sets else _sniffed(p)
    return es, p, split


def run_eval(
    name: str,
    path: str | None = None,
    limit: int | None = None,
    pipeline: Any = None,
    stride: int = 1,
    part: str | None = None,
) -> dict:
    """Score the coder on one part of a gold set (a registered name or a file path).

    ``part``: ``dev``, ``test`` or ``all``; None means ``dev`` when the file has a frozen
    split and ``all`` when it has none. ``limit``/``stride``: score every ``stride``-th item
    of the part, the first ``limit`` of them (the gate samples this way). ``pipeline``:
    reuse a built ``Pipeline``. The result names the part and the split it came from.
    """
    part = check_part(part)
    es, p, split = resolve_set(name, path)
    if part is None:
        part = "dev" if split is not None else "all"
    if part != "all":
        if split is None:
            raise UsageError("E015", path=str(p), part=part, choices=", ".join(sorted(all_splits())) or "(none)")
        split.check(p)
    keep = split.keep(part) if split is not None else None
    result = es.run(p, limit=limit, stride=stride, keep=keep, pipeline=pipeline)
    return {"set": es.name, "part": part, "split": split.name if split else None, **result}


__all__ = ["EvalSet", "bench_dir", "default_pipeline", "get_set", "resolve_set", "run_eval", "set_names"]
