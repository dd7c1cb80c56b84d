"""Regenerate the "Status" section of corpus/events/README.md from the files themselves.

    python3 scripts/corpus/status.py            # rewrite the section in place
    python3 scripts/corpus/status.py --print    # print it

One row per batch: candidates, annotators (the first in name order is the one training uses),
label counts, and for a batch annotated twice, Cohen's kappa (event vs not; type over
both-event) from agreement.py. Generated, so parallel annotators never edit the same table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "events"
README = CORPUS / "README.md"


def kappas(a: str, b: str, batch: str) -> str:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("agreement.py")), a, b, "--batch", batch, "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        d = json.loads(out.stdout)
    except json.JSONDecodeError:
        return "—"
    ke = (d.get("event_vs_not") or {}).get("kappa")
    kt = (d.get("type") or {}).get("kappa")
    return f"{ke:.2f} / {kt:.2f}" if isinstance(ke, float) and isinstance(kt, float) else "—"


def section() -> str:
    cands = {p.stem: sum(1 for _ in p.open(encoding="utf-8")) for p in sorted((CORPUS / "candidates").glob("*batch-*.jsonl"))}
    by_batch: dict[str, list[str]] = {}
    for ann in sorted(p for p in (CORPUS / "annotations").iterdir() if p.is_dir()):
        for f in ann.glob("*batch-*.jsonl"):
            by_batch.setdefault(f.stem, []).append(ann.name)
    rows = ["| batch | candidates | annotators (first is used for training) | labels (first annotator) | κ event / κ type |", "|---|---|---|---|---|"]
    totals: Counter = Counter()
    for batch in sorted(cands, key=lambda b: (b.startswith("n"), b)):
        anns = sorted(by_batch.get(batch, []))
        if not anns:
            rows.append(f"| {batch} | {cands[batch]} | — | not annotated | — |")
            continue
        labels = Counter(json.loads(line)["label"] for line in (CORPUS / "annotations" / anns[0] / f"{batch}.jsonl").open(encoding="utf-8"))
        totals.update(labels)
        totals["batches"] += 1
        totals["double"] += len(anns) > 1
        k = kappas(anns[0], anns[1], batch) if len(anns) > 1 else "—"
        lab = " / ".join(f"{n} {lbl}" for lbl, n in sorted(labels.items()))
        rows.append(f"| {batch} | {cands[batch]} | {', '.join(anns)} | {lab} | {k} |")
    head = (
        f"{totals['batches']} of {len(cands)} batches annotated ({sum(cands.values()):,} candidates): "
        f"{totals['event']:,} event, {totals['not_event']:,} not_event, {totals['unclear']} unclear; "
        f"{totals['double']} batches annotated twice, blind. All annotators were instances of one "
        "language model working from the codebook, so agreement here measures how well the codebook "
        "determines the label, not agreement between people; a human second pass is still owed."
    )
    return "## Status\n" + head + "\n\n" + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--print", action="store_true")
    a = ap.parse_args(argv)
    new = section()
    if a.print:
        print(new)
        return 0
    text = README.read_text(encoding="utf-8")
    start = text.index("## Status\n")
    end = text.index("\n## ", start + 1) + 1
    README.write_text(text[:start] + new + "\n" + text[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
