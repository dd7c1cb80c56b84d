"""What every gold set shares: where the gold lives, the set record, the shared pipeline.

A gold set is an :class:`EvalSet` registered by name in ``eventcoder.registry.eval_sets``
(a third-party package can add one through the ``eventcoder_eval_sets`` entry point). Its
``run`` callable reads the gold, codes it and returns a flat dict of metrics computed with
:mod:`eventcoder.eval.scorer`; ``keep`` restricts it to the ids of one part of the frozen
split (:mod:`eventcoder.eval.splits`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

#: an id predicate: ``keep(item_id)`` is True for the items of the part being scored
Keep = Callable[[str], bool] | None


class Runner(Protocol):
    """The scoring entry point of a set module."""

    def __call__(
        self, path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any
    ) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class EvalSet:
    """A registered gold set.

    ``file``: the gold path under the bench directory; ``run``: the scorer; ``split``: the
    name of its frozen split (``eval/splits/<split>.json``; aliases share one);
    ``sniff``: for a ``--path`` file with no known split, does this set read it?
    """

    name: str
    file: str
    run: Runner
    split: str
    about: str = ""
    sniff: Callable[[Path], bool] | None = field(default=None, compare=False)


def repo_root() -> Path:
    """The checkout this package runs from (``src/eventcoder/eval`` -> repository root)."""
    return Path(__file__).resolve().parents[3]


def bench_dir() -> Path:
    """``$EVENTCODER_BENCH``, else ``<repo root>/../shared/bench``."""
    env = os.environ.get("EVENTCODER_BENCH")
    if env:
        return Path(env)
    return repo_root().parent / "shared" / "bench"


@lru_cache(maxsize=1)
def default_pipeline() -> Any:
    """One ``Pipeline`` per process: building it (spaCy, gazetteer) costs seconds."""
    from ..pipeline import Pipeline

    return Pipeline()


def pipeline_or_default(pipeline: Any) -> Any:
    """The caller's pipeline, else the shared default one."""
    return pipeline if pipeline is not None else default_pipeline()


def sample(items: list[Any], keep_ids: list[bool] | None, stride: int, limit: int | None) -> list[Any]:
    """The items of one part (``keep_ids`` marks them), every ``stride``-th, first ``limit``.

    The order is fixed — part filter, then stride, then limit — so a gate sample of the dev
    part is the same whatever the size of the test part.
    """
    if keep_ids is not None:
        items = [it for it, k in zip(items, keep_ids, strict=True) if k]
    items = items[:: max(1, int(stride))]
    return items[:limit] if limit is not None else items


__all__ = ["EvalSet", "Keep", "bench_dir", "default_pipeline", "pipeline_or_default", "repo_root", "sample"]
