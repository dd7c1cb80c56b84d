"""One part of the frozen news-events split, coded by a pipeline config: what the per-field
error tables (``news_field_errors.py``, ``news_actor_errors.py``, ``date_errors.py``) read, so
each holds only its own buckets.

    ap = argparse.ArgumentParser(); news_part.add_arguments(ap); args = ap.parse_args()
    for article, system, gold in news_part.coded(args): ...
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator

from confection import Config

from eventcoder.eval.base import bench_dir, repo_root
from eventcoder.eval.sets import news_events as ne
from eventcoder.pipeline import Pipeline


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--part", default="dev", choices=["dev", "test"])
    ap.add_argument("--config", default=str(repo_root() / "src/eventcoder/default.cfg"))


def coded(args: argparse.Namespace) -> Iterator[tuple[dict, list, list]]:
    """(gold article, its system events, its gold events) for every article of ``args.part``,
    coded with the pipeline of ``args.config``, in the split's order."""
    pipe = Pipeline(config=dict(Config().from_disk(args.config)))
    path = bench_dir() / "news-events" / "gold.jsonl"
    test_ids = set(json.loads((repo_root() / "eval/splits/news-events.json").read_text())["test_ids"])
    part = [a for a in ne.read_gold(path) if (a["id"] in test_ids) == (args.part == "test")]
    for a, system in zip(part, ne.code_articles(part, path, pipe), strict=True):
        yield a, system, ne.gold_events(a)
