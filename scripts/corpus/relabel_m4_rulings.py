"""Apply the rulings of m4's blind second pass on m3's batches (x28m4, issue 11) to m3's labels.

    python3 scripts/corpus/relabel_m4_rulings.py [--dry-run]

m4 labelled a seeded 10 % document sample of ``mbatch-005`` … ``009`` blind; each disagreement with
m3 was ruled under ``docs/codebook.md`` (``corpus/events/README.md``, "Second annotator m4").
Where the codebook is clear and m3's row differs from the ruling, the row below is changed in m3's
file (m3 is the training annotator: first in name order); each changed row's ``note`` gets the tag
"x28m4 ruling N: …". m4's blind file keeps its labels, so the agreement stays what was measured.
Idempotent: a row already as wanted is left alone. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpuslib import CORPUS  # noqa: E402

FILE = CORPUS / "annotations" / "m3" / "mbatch-008.jsonl"
FLAGS = ("type", "mode", "acled", "negated", "hypothetical", "historical")
MINISTER = {"text": "venezuelan defense minister general filmo lopez uzcategui", "start": 982, "end": 1039}

# (ruling number, id, wanted fields, why); a head before the rows that point at it.
RULINGS = [
    (6, "f8d5860d408ab19f", {"same_as": None, "source": MINISTER},
     "the announcing verb carries the announced deployment (codebook §6)"),
    (6, "6e9df62d31ed6b25", {"same_as": "f8d5860d408ab19f", "source": None},
     "the announced act is same_as its announcement (§6)"),
    (6, "8be738f32e41f82c", {"same_as": "f8d5860d408ab19f"}, "part of the announced deployment (§6)"),
    (7, "431975e727fcc2bb", {"reason": "not_an_act"}, "'stationed' names a state, not an act (§5)"),
    (7, "d3764fff5081d3e2", {"reason": "not_an_act"}, "'stationed' names a state, not an act (§5)"),
    (10, "b32c79047933895c", {"reason": "other"}, "journalists' questions are an act of none of the 16 types (§5)"),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in FILE.read_text(encoding="utf-8").splitlines()]
    by_id = {r["id"]: r for r in rows}
    changed = 0
    for n, i, want, why in RULINGS:
        r = by_id[i]
        before = dict(r)
        r.update(want)
        head = r.get("same_as")
        if r["label"] == "event" and head:
            h = by_id[head]
            if h["label"] != "event" or h["same_as"]:
                raise SystemExit(f"{i}: head {head} is not a first mention")
            for k in FLAGS:
                r[k] = h[k]
        if r == before:
            continue  # already as wanted
        note, tag = r.get("note") or "", f"x28m4 ruling {n}: {why}"
        r["note"] = f"{note}; {tag}" if note else tag
        changed += 1
    if changed and not args.dry_run:
        FILE.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{FILE.relative_to(CORPUS.parent.parent)}: {changed} rows changed" + (" (dry run)" if args.dry_run else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
