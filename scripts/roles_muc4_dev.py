"""Source/target accuracy of role model files on MUC-4 *dev* (never trained on).

    PYTHONPATH=src python scripts/roles_muc4_dev.py MODEL.json [MODEL.json ...] [--cache FILE] [--thresholds 0.25/0.3,0.3/0.35]

The ASSAULT and COERCE drafts of ``../shared/bench/muc4/dev.jsonl`` whose sentence holds a
perpetrator's or a target's/victim's string (``train_roles.muc4_examples``, the rules' candidates
and features as in training), scored as ``train_roles.py`` scores its held-out fifth: a side is
right when the chosen candidate lies in a filler's string of that side, or nothing is chosen when
none does (which includes a side whose filler lies only in other sentences; a carried pick counts
as nothing chosen). "With carried sides": a side whose filler lies only in earlier sentences is
right when the carried actor chosen lies in it (``train_roles.accuracy(carry=True)``). Each file at its own
thresholds and at each ``--thresholds`` pair. Read-only: no file is written but the cache.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_roles as tr  # noqa: E402

from eventcoder.roles import RoleModel  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models", nargs="+", type=Path)
    ap.add_argument("--dev", type=Path, default=tr.ROOT.parent / "shared" / "bench" / "muc4" / "dev.jsonl")
    ap.add_argument("--cache", type=Path, help="read/write the extracted dev examples here")
    ap.add_argument("--thresholds", default="0.25/0.3,0.3/0.35", help="source/target pairs, comma-separated")
    args = ap.parse_args()
    if args.cache and args.cache.exists():
        exs = json.loads(args.cache.read_text())
    else:
        stats: Counter = Counter()
        exs = tr.muc4_examples(tr.rules_pipeline(), args.dev, set(), stats)
        if args.cache:
            args.cache.write_text(json.dumps(exs))
    pairs = [tuple(float(x) for x in p.split("/")) for p in args.thresholds.split(",") if p]
    print(f"{len(exs)} MUC-4 dev drafts; rules: {tr.accuracy(exs, lambda ex: ex['rules'])}; with carried sides {tr.accuracy(exs, lambda ex: ex['rules'], carry=True)}")
    for path in args.models:
        model = RoleModel(json.loads(path.read_text()))
        held = tr.add_semantics(model.semantics, exs) if model.semantics is not None else exs
        row = []
        for ts, tt in [(model.thresholds["source"], model.thresholds["target"]), *pairs]:
            model.thresholds = {"source": ts, "target": tt}
            acc = tr.accuracy(held, lambda ex, m=model: tr._sentence_pick(m, ex))
            cacc = tr.accuracy(held, lambda ex, m=model: tr._model_pick(m, ex), carry=True)
            row.append(f"{ts}/{tt} {acc['source']:.4f}/{acc['target']:.4f} (with carried sides {cacc['source']:.4f}/{cacc['target']:.4f}, "
                       f"carried [picked, right] {cacc['carried']})")
        print(path.name, " | ".join(row), flush=True)


if __name__ == "__main__":
    main()
