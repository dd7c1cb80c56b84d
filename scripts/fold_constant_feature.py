"""Fold a feature that was constant in a detector's training data into the model's bias.

    PYTHONPATH=src .venv/bin/python scripts/fold_constant_feature.py MODEL.json FEATURE [FEATURE ...]

A feature every training example carried (``root_dist=>16`` before x16detect: ``detect._depth``
compared spaCy tokens with ``is``, so every draft was ">16") acts as a second bias. Once the
feature is computed right it takes other values the model has no weight for, and the scores of
every draft shift by that weight. Adding the weight to the bias and removing the feature gives
the model exactly the scores it gave at training time for every draft that had the constant
value, and no feature the corrected code no longer makes the same way. The model keeps its
``meta``; ``meta.folded`` records what was folded, by how much, and by which script.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def fold(model: dict, names: list[str]) -> dict:
    folded = model.setdefault("meta", {}).setdefault("folded", [])
    for name in names:
        if name not in model["weights"]:
            raise SystemExit(f"{name!r} is not a weight of the model")
        w = model["weights"].pop(name)
        model["bias"] = round(model["bias"] + w, 4)
        folded.append({"feature": name, "weight": w, "by": "scripts/fold_constant_feature.py"})
    return model


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[0])
    model = fold(json.loads(path.read_text(encoding="utf-8")), argv[1:])
    path.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path}: bias {model['bias']}, folded {argv[1:]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
