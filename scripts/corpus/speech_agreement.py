"""Agreement of the blind second pass over ``corpus/speech/labels/double/``.

    python3 scripts/corpus/speech_agreement.py [--json]

Each file ``labels/double/NAME-double.jsonl`` holds one annotator's second labels for clauses
first labelled in ``labels/*.jsonl`` by someone else; for every (second, first) annotator pair
this prints the number of clauses, raw agreement, Cohen's kappa over the nine labels and over
verbal vs ``none``, the same per labelling round, and the most frequent disagreements. Standard library only.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

LABELS = Path(__file__).resolve().parents[2] / "corpus" / "speech" / "labels"
#: the labelling round of each first-label file (1: w1-w4, NGEC, event-location; 2: w5-w8;
#: 3: w9-w13); a file not listed counts as a new round
ROUNDS = {"sample-001": 1, "cued-002": 1, "sp1-003": 1, "sp2-004": 1, "sp3-005": 2, "sp4-006": 2,
          "sp5-007": 3, "sp6-008": 3, "sp7-009": 3}


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two label sequences (1.0 when both use one identical label)."""
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def verbal(label: str) -> str:
    return "none" if label == "none" else "verbal"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    first: dict[str, tuple[str, str]] = {}
    round_of: dict[str, int] = {}
    for path in sorted(LABELS.glob("*.jsonl")):
        for r in read(path):
            first[r["id"]] = (r["annotator"], r["label"])
            round_of[r["id"]] = ROUNDS.get(path.stem, max(ROUNDS.values()) + 1)
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    by_round: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for path in sorted((LABELS / "double").glob("*.jsonl")):
        for r in read(path):
            if r["id"] in first:
                who, lab = first[r["id"]]
                groups[(r["annotator"], who)].append((r["label"], lab))
                by_round[round_of[r["id"]]].append((r["label"], lab))
    rows = []
    for (second, who), pairs in sorted(groups.items()):
        rows.append({"second": second, "first": who, "n": len(pairs),
                     "agreement": round(sum(a == b for a, b in pairs) / len(pairs), 3),
                     "kappa": round(kappa(pairs), 3), "kappa_verbal": round(kappa([(verbal(a), verbal(b)) for a, b in pairs]), 3)})
    every = [p for pairs in groups.values() for p in pairs]
    both = [(a, b) for a, b in every if a != "none" and b != "none"]
    total = {"n": len(every), "agreement": round(sum(a == b for a, b in every) / len(every), 3),
             "kappa": round(kappa(every), 3), "kappa_verbal": round(kappa([(verbal(a), verbal(b)) for a, b in every]), 3),
             "kappa_type_when_both_verbal": round(kappa(both), 3) if both else None,
             "disagreements": Counter(f"{a}/{b}" for a, b in every if a != b).most_common(10)}
    rounds = {str(k): summary(v) for k, v in sorted(by_round.items())}
    if args.json:
        print(json.dumps({"pairs": rows, "rounds": rounds, "all": total}, indent=1))
        return
    for r in rows:
        print(f"{r['second']} (second) vs {r['first']} (first): n {r['n']}, agreement {r['agreement']}, kappa {r['kappa']}, verbal/none {r['kappa_verbal']}")
    print(f"all: n {total['n']}, agreement {total['agreement']}, kappa {total['kappa']}, verbal/none {total['kappa_verbal']}, "
          f"type when both verbal {total['kappa_type_when_both_verbal']}")
    for k, r in rounds.items():
        print(f"round {k}: n {r['n']}, agreement {r['agreement']}, kappa {r['kappa']}, verbal/none {r['kappa_verbal']}")
    print("disagreements (second/first):", total["disagreements"])


def summary(pairs: list[tuple[str, str]]) -> dict:
    return {"n": len(pairs), "agreement": round(sum(a == b for a, b in pairs) / len(pairs), 3),
            "kappa": round(kappa(pairs), 3), "kappa_verbal": round(kappa([(verbal(a), verbal(b)) for a, b in pairs]), 3)}


if __name__ == "__main__":
    main()
