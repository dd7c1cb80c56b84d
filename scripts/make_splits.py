"""Freeze the dev/test split of every gold set into ``eval/splits/<set>.json`` (run ONCE).

    PYTHONPATH=src python scripts/make_splits.py [--force] [SET ...]

Each set module's ``draw_split(gold)`` returns every item id, the test ids and the rule that
drew them (deterministic: a date cut or a sha256 rank of the id). This script records the
test ids, the gold file's sha256, the counts and the rule. A split is made once: an
existing file is never overwritten without ``--force`` (re-splitting moves items between
dev and test, which invalidates every number measured on the test part), and the eval
refuses a gold file whose sha256 differs from its split's (E014).
"""

from __future__ import annotations

import argparse
import json
import sys

from eventcoder.eval.base import bench_dir
from eventcoder.eval.sets import MODULES
from eventcoder.eval.splits import make_split, splits_dir

FILES = {
    "acled-afg": "acled-afg-2020-03/events.csv",
    "acled-kenya": "acled-kenya/events.csv",
    "plover-gsr": "plover-gsr/PLOVER_GSR_CAMEO.txt",
    "event-location": "event-location/sentences.jsonl",
    "geowebnews": "geowebnews/GWN.xml",
    "news-events": "news-events/gold.jsonl",
    "polnear": "polnear-dev/dev.jsonl",
    "wikievents": "wikievents-dev/dev.jsonl",
    "ecbplus": "ecbplus/ecbplus_docs.jsonl",
    "gvc": "gvc-dev/gvc_docs_train_dev.jsonl",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", help=f"default: all of {', '.join(FILES)}")
    ap.add_argument("--force", action="store_true", help="overwrite an existing split (say why in the commit)")
    args = ap.parse_args(argv)
    out_dir = splits_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in args.sets or list(FILES):
        target = out_dir / f"{name}.json"
        if target.exists() and not args.force:
            print(f"{name}: {target} exists; not re-split (use --force)", file=sys.stderr)
            continue
        gold = bench_dir() / FILES[name]
        all_ids, test_ids, rule = MODULES[name].draw_split(gold)
        split = make_split(name, FILES[name], gold, all_ids, test_ids, rule)
        target.write_text(json.dumps(split.to_json(), indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"{name}: {split.counts} sha256 {split.gold_sha256[:16]} ids {split.ids_sha256[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
