"""Source/target accuracy on the held-out fifth of ``corpus/events/`` without retraining.

    PYTHONPATH=src python scripts/roles_heldout.py [--limit N] [--dump FILE.tsv] [--config FILE.cfg] [--buckets]

The same drafts, labels and per-side accuracy as ``train_roles.py`` reports (a side is right
when the chosen candidate heads the gold span, or nothing is chosen when the gold is null or
elsewhere), but for the roles component as it runs: the rules alone (``model = null``) and the
rules with the shipped ``roles.json``. A change to the rules is judged here on ~1,300 annotated
drafts besides the news-events dev part. ``--dump`` writes one line per draft (rules + model):
doc, trigger, type, chosen source and target heads, gold heads, sentence — diff two dumps to
see which drafts a change moved. ``--buckets`` (with the model) counts each side's errors by
kind (``bucket``): empty although a candidate of the sentence heads the gold; the other side's
gold; a fragment of the gold span (inside it, not its head); another candidate (wrong head); a
candidate chosen where the gold lies in another sentence, where the sentence's gold span has no
candidate heading it, or where the gold is null (spurious). ``--muc4-dev`` scores the component
as it runs (rules, then rules + model) on the MUC-4 *dev* drafts instead (``roles_muc4_dev.py``
scores a model file's raw pick on the same drafts).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_roles as tr  # noqa: E402
from train_detector import heldout  # noqa: E402

from eventcoder.components.roles import role_candidates  # noqa: E402
from eventcoder.pipeline import Pipeline, load_config  # noqa: E402


def pipeline(model: bool, config: Path | None = None) -> Pipeline:
    cfg = load_config(config)
    cfg["pipeline"] = {**cfg["pipeline"], "components": ["focus", "triggers", "roles"]}
    if not model:
        cfg["components"] = {**cfg["components"], "roles": {"factory": "roles", "model": None}}
    return Pipeline(config=cfg)


def bucket(side: str, chosen: int | None, labs: list[str], inside: list[bool], has_gold: bool, away: bool) -> str:
    """The kind of one side's answer: ``right`` or the error bucket (see the module's doc).
    ``inside[k]``: candidate k lies inside that side's gold span (its head or not)."""
    pos = {k for k, lab in enumerate(labs) if lab == side}
    if pos:
        if chosen in pos:
            return "right"
        if chosen is None:
            return "empty (gold in sentence)"
        other = "target" if side == "source" else "source"
        if labs[chosen] == other:
            return "the other side's gold"
        if inside[chosen]:
            return "fragment of the gold span"
        return "wrong head"
    if chosen is None:
        return "right"
    if not has_gold:
        return "spurious (gold null)"
    if away:
        return "gold elsewhere in the article"
    return "fragment of the gold span" if inside[chosen] else "gold span with no candidate head"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="the first N held-out documents only")
    ap.add_argument("--dump", type=Path, help="one TSV line per draft (rules + model)")
    ap.add_argument("--config", type=Path, help="pipeline config whose [components.roles] is measured (default: the package's)")
    ap.add_argument("--buckets", action="store_true", help="count each side's errors by kind (rules + model only)")
    ap.add_argument("--muc4-dev", type=Path, nargs="?", const=tr.ROOT.parent / "shared" / "bench" / "muc4" / "dev.jsonl",
                    help="score the component on MUC-4 dev drafts (default path: the shared bench's dev.jsonl)")
    args = ap.parse_args()
    if args.muc4_dev:
        for name, model in (("rules", False), ("rules+model", True)):
            # the component's final sides are the drafts' spans: muc4_examples records them as "rules"
            exs = tr.muc4_examples(pipeline(model, args.config), args.muc4_dev, set(), Counter())
            print("muc4 dev", name, tr.accuracy(exs, lambda ex: ex["rules"]), flush=True)
        return
    docs, by_doc, labels = tr.events_by_doc(heldout)

    modes = (("rules+model", True),) if args.dump or args.buckets else (("rules", False), ("rules+model", True))
    out = args.dump.open("w", encoding="utf-8") if args.dump else None
    for name, model in modes:
        pipe = pipeline(model, args.config)
        ok, n = Counter(), Counter()
        kinds: dict[str, Counter] = {"source": Counter(), "target": Counter()}
        for doc_id, ctx, d, spans, elsewhere in tr.aligned_drafts(pipe, docs, by_doc, labels, args.limit):
            cs, _ = role_candidates(d, ctx.places, pipe.resources.actors, {})
            labs = tr.label_candidates(ctx.article, d, cs, spans, elsewhere)
            chosen = tr._rule_choice(d, cs)
            if out is not None:
                head = [None if chosen[s] is None else cs[chosen[s]].text for s in ("source", "target")]
                gold = [[cs[k].text for k, lab in enumerate(labs) if lab == s] for s in ("source", "target")]
                out.write("\t".join(map(str, [doc_id, d.tok.i, d.tok.text, d.type, *head, *gold, d.sentence.text])) + "\n")
            for side in ("source", "target"):
                if args.buckets:
                    sp = spans.get(side) or []
                    inside = [tr._inside(tr._raw(ctx.article, d, c), sp) for c in cs]
                    kinds[side][bucket(side, chosen[side], labs, inside, side in spans, bool(elsewhere.get(side)))] += 1
                pos = {k for k, lab in enumerate(labs) if lab == side}
                n[side] += 1
                ok[side] += (chosen[side] in pos) if pos else chosen[side] is None
        print(name, {s: round(ok[s] / max(1, n[s]), 4) for s in ("source", "target")}, "drafts", n["source"], flush=True)
        for side in ("source", "target") if args.buckets else ():
            print(side, dict(kinds[side].most_common()), flush=True)


if __name__ == "__main__":
    main()
