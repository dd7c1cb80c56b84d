"""Inter-annotator agreement on batches of the event-detector corpus labelled by two annotators.

    python3 scripts/corpus/agreement.py ANNOTATOR_A ANNOTATOR_B [--batch batch-NNN ...] [--json]

Reads ``corpus/events/annotations/<A>/batch-NNN.jsonl`` and ``.../<B>/batch-NNN.jsonl`` for every
batch both have (or the ``--batch`` ones), pairs the lines by candidate id and reports:
- event vs not_event: observed agreement and Cohen's kappa (candidates either marked
  ``unclear`` are left out and counted);
- type over the candidates both call events: agreement and kappa; mode (where the types
  agree), ACLED pair, and each flag;
- new event vs re-mention (``same_as`` null or not) over both-event candidates, and how often
  both point ``same_as`` at the same candidate;
- not-event reason over both-not_event candidates: agreement and kappa;
- source and target spans over both-event candidates where at least one annotator gave the
  span: exact match, and overlap match (the two spans share a character); two nulls count as
  agreement and are reported apart.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpuslib import CORPUS, read_jsonl  # noqa: E402


def kappa(pairs: list[tuple]) -> float | None:
    """Cohen's kappa of a list of (label_a, label_b) pairs; None when undefined."""
    n = len(pairs)
    if n == 0:
        return None
    po = sum(a == b for a, b in pairs) / n
    ca = Counter(a for a, _ in pairs)
    cb = Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if pe >= 1.0:
        return 1.0 if po == 1.0 else None
    return (po - pe) / (1 - pe)


def agree(pairs: list[tuple]) -> float | None:
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else None


def span_stats(pairs: list[tuple]) -> dict:
    both_null = sum(1 for a, b in pairs if a is None and b is None)
    given = [(a, b) for a, b in pairs if a is not None or b is not None]
    exact = sum(1 for a, b in given if a and b and (a["start"], a["end"]) == (b["start"], b["end"]))
    overlap = sum(
        1 for a, b in given if a and b and a["start"] < b["end"] and b["start"] < a["end"]
    )
    n = len(given)
    return {
        "n_given": n,
        "both_null": both_null,
        "exact": round(exact / n, 3) if n else None,
        "overlap": round(overlap / n, 3) if n else None,
    }


def compare(rows_a: dict[str, dict], rows_b: dict[str, dict]) -> dict:
    ids = sorted(set(rows_a) & set(rows_b))
    pa = [(rows_a[i], rows_b[i]) for i in ids]
    unclear = sum(1 for a, b in pa if "unclear" in (a["label"], b["label"]))
    lab = [(a["label"], b["label"]) for a, b in pa if "unclear" not in (a["label"], b["label"])]
    ev = [(a, b) for a, b in pa if a["label"] == b["label"] == "event"]
    ne = [(a, b) for a, b in pa if a["label"] == b["label"] == "not_event"]
    types = [(a["type"], b["type"]) for a, b in ev]
    same_type = [(a, b) for a, b in ev if a["type"] == b["type"]]
    r = lambda x: None if x is None else round(x, 3)  # noqa: E731
    out = {
        "candidates_paired": len(ids),
        "only_in_one": len(set(rows_a) ^ set(rows_b)),
        "unclear_left_out": unclear,
        "event_vs_not": {
            "n": len(lab),
            "agreement": r(agree(lab)),
            "kappa": r(kappa(lab)),
            "a_events": sum(1 for x, _ in lab if x == "event"),
            "b_events": sum(1 for _, y in lab if y == "event"),
        },
        "type": {"n": len(types), "agreement": r(agree(types)), "kappa": r(kappa(types))},
        "mode_given_same_type": {
            "n": len(same_type),
            "agreement": r(agree([(a["mode"], b["mode"]) for a, b in same_type])),
        },
        "acled": {
            "n": len(ev),
            "agreement": r(
                agree(
                    [
                        (
                            json.dumps(a["acled"], sort_keys=True),
                            json.dumps(b["acled"], sort_keys=True),
                        )
                        for a, b in ev
                    ]
                )
            ),
        },
        "flags": {
            f: {
                "agreement": r(agree([(a[f], b[f]) for a, b in ev])),
                "kappa": r(kappa([(a[f], b[f]) for a, b in ev])),
            }
            for f in ("negated", "hypothetical", "historical")
        },
        "new_vs_remention": {
            "kappa": r(kappa([(a["same_as"] is None, b["same_as"] is None) for a, b in ev])),
            "agreement": r(agree([(a["same_as"] is None, b["same_as"] is None) for a, b in ev])),
            "same_target_when_both_remention": r(
                agree(
                    [
                        (a["same_as"], b["same_as"])
                        for a, b in ev
                        if a["same_as"] is not None and b["same_as"] is not None
                    ]
                )
            ),
        },
        "reason": {
            "n": len(ne),
            "agreement": r(agree([(a["reason"], b["reason"]) for a, b in ne])),
            "kappa": r(kappa([(a["reason"], b["reason"]) for a, b in ne])),
        },
        "source_span": span_stats([(a["source"], b["source"]) for a, b in ev]),
        "target_span": span_stats([(a["target"], b["target"]) for a, b in ev]),
        "type_confusions": Counter(f"{x}->{y}" for x, y in types if x != y).most_common(10),
    }
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--batch", action="append", default=[])
    ap.add_argument("--base", type=Path, default=CORPUS / "annotations")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    da, db = args.base / args.a, args.base / args.b
    names = args.batch or sorted(
        {p.stem for p in da.glob("*batch-*.jsonl")} & {p.stem for p in db.glob("*batch-*.jsonl")}
    )
    if not names:
        print(f"no batch annotated by both {args.a} and {args.b}", file=sys.stderr)
        return 2
    rows_a, rows_b = {}, {}
    for n in names:
        rows_a.update({r["id"]: r for r in read_jsonl(da / f"{n}.jsonl")})
        rows_b.update({r["id"]: r for r in read_jsonl(db / f"{n}.jsonl")})
    res = {"annotators": [args.a, args.b], "batches": names, **compare(rows_a, rows_b)}
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    print(
        f"{args.a} vs {args.b} on {', '.join(names)}: {res['candidates_paired']} candidates paired"
        f" ({res['only_in_one']} in one file only, {res['unclear_left_out']} unclear left out)"
    )
    e = res["event_vs_not"]
    print(
        f"  event vs not_event   n={e['n']:4}  agreement {e['agreement']}  kappa {e['kappa']}"
        f"  (events: {args.a} {e['a_events']}, {args.b} {e['b_events']})"
    )
    for k in ("type", "reason"):
        print(
            f"  {k:20} n={res[k]['n']:4}  agreement {res[k]['agreement']}  kappa {res[k]['kappa']}"
        )
    print(
        f"  mode (same type)     n={res['mode_given_same_type']['n']:4}  agreement {res['mode_given_same_type']['agreement']}"
    )
    print(f"  acled                n={res['acled']['n']:4}  agreement {res['acled']['agreement']}")
    nv = res["new_vs_remention"]
    print(
        f"  new vs re-mention    kappa {nv['kappa']}  agreement {nv['agreement']}"
        f"  same same_as target {nv['same_target_when_both_remention']}"
    )
    for f, v in res["flags"].items():
        print(f"  flag {f:15} agreement {v['agreement']}  kappa {v['kappa']}")
    for k in ("source_span", "target_span"):
        s = res[k]
        print(
            f"  {k:20} given by one or both: {s['n_given']}  exact {s['exact']}  overlap {s['overlap']}"
            f"  (both null: {s['both_null']})"
        )
    if res["type_confusions"]:
        print("  type confusions: " + ", ".join(f"{k} {v}" for k, v in res["type_confusions"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
