"""An eval set's dev part with its texts lower-cased or upper-cased: robustness to a feed's casing.

    PYTHONPATH=src python scripts/case_robustness.py SET --case lower|upper|orig [--part dev] [--limit N]
        [--path FILE] [--config FILE.cfg] [-o RESULT.json]

Real feeds arrive wholly lower-cased (scraped captions, MUC-4's wire copy) or wholly in capitals
(old wire copy, teletype, radio transcripts). This script scores a gold set exactly as
``eventcoder eval SET`` does, but every text the coder reads is first lower-cased or upper-cased
— built on the fly, never stored. Offsets do not move (a character whose other case has another
length, such as "İ" or "ß", is left as it is), so the gold spans and the scorers hold; name
comparisons in the scorers are case-folded already. ``--case orig`` runs the set unchanged (the
baseline of the same run).

Sets: ``news-events``, ``acled`` (any ACLED-layout CSV with ``--path``), ``plover-gsr`` (their
texts go through ``clean.clean``, which is wrapped) and ``geowebnews`` (its reader is wrapped).
The result is the eval's JSON (one line, to stdout or ``-o``), with ``"case"`` added.

``muc4-entities`` (instead of a set name) measures entity recall on MUC-4's lower-case wire copy
(``../shared/bench/muc4/dev.jsonl`` by default, or ``--path``): every sentence of every report
parsed as the pipeline parses it, and the share of the gold name fillers (a victim given by name,
a perpetrator organisation; each span of each) that some entity of the parse overlaps, with
``[pipeline] truecase`` as configured (``--config``) — the entity recogniser reads word shapes,
so on lower-case text it finds almost nothing unless the text is recased. ``--case`` applies too.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path


def recase(text: str, case: str) -> str:
    """``text`` in ``case`` (``lower``, ``upper`` or ``orig``), character for character: a
    character whose changed form has another length keeps its own."""
    if case == "orig":
        return text
    change: Callable[[str], str] = str.lower if case == "lower" else str.upper
    out = change(text)
    if len(out) == len(text):
        return out
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


def install(case: str) -> None:
    """Wrap the readers the eval sets take their texts from."""
    from eventcoder import clean as clean_mod
    from eventcoder.eval.sets import geowebnews

    original_clean = clean_mod.clean

    def cased_clean(raw, *args, **kwargs):  # type: ignore[no-untyped-def]
        if getattr(raw, "text", None):
            raw = dataclasses.replace(raw, text=recase(raw.text, case))
        return original_clean(raw, *args, **kwargs)

    clean_mod.clean = cased_clean

    original_gwn = geowebnews.read_gwn

    def cased_gwn(path, limit=None):  # type: ignore[no-untyped-def]
        return [(recase(text, case), golds) for text, golds in original_gwn(path, limit)]

    geowebnews.read_gwn = cased_gwn


def muc4_entities(path: Path, pipeline, case: str, limit: int | None = None) -> dict:  # type: ignore[no-untyped-def]
    """Entity recall on the gold name fillers of MUC-4 reports (see the module's doc)."""
    from eventcoder.nlp import parse_forms, split_sentences

    found = total = 0
    by_kind = {"victim names": [0, 0], "perpetrator organisations": [0, 0]}
    with open(path, encoding="utf-8") as fh:
        reports = [json.loads(line) for line in fh if line.strip()]
    for rep in reports[:limit]:
        text = recase(rep["text"], case)
        sents = split_sentences(text)
        forms = parse_forms([s.text for s in sents], [s.text for s in sents], pipeline.truecaser)
        ents = [(s.start + e.start_char, s.start + e.end_char) for s, doc in zip(sents, pipeline.nlp.pipe(forms), strict=True) for e in doc.ents]
        for t in rep.get("templates") or []:
            kinds = [("victim names", v) for v in t.get("victims") or [] if v.get("slot") == "name"]
            kinds += [("perpetrator organisations", o) for o in t.get("perpetrator_organizations") or []]
            for kind, filler in kinds:
                for a, b in filler.get("spans") or []:
                    hit = any(s < b and a < e for s, e in ents)
                    by_kind[kind][0] += hit
                    by_kind[kind][1] += 1
                    found += hit
                    total += 1
    return {
        "set": "muc4-entities",
        "reports": len(reports[:limit]),
        "gold_spans": total,
        "entity_recall": round(found / total, 4) if total else 0.0,
        **{f"{k} recall": round(v[0] / v[1], 4) if v[1] else 0.0 for k, v in by_kind.items()},
        "truecase": pipeline.truecaser is not None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set")
    ap.add_argument("--case", choices=("lower", "upper", "orig"), required=True)
    ap.add_argument("--part", default="dev")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--path")
    ap.add_argument("--config", type=Path)
    ap.add_argument("-o", "--output", type=Path)
    args = ap.parse_args(argv)
    if args.part == "test":
        print("note: the test part is read once, at the end of a piece of work", file=sys.stderr)
    install(args.case)
    from eventcoder.eval import run_eval
    from eventcoder.pipeline import Pipeline, load_config

    pipeline = Pipeline(config=load_config(args.config)) if args.config else None
    if args.set == "muc4-entities":
        from eventcoder.eval.base import bench_dir

        path = Path(args.path) if args.path else bench_dir() / "muc4" / "dev.jsonl"
        result = {"case": args.case, **muc4_entities(path, pipeline or Pipeline(), args.case, args.limit)}
    else:
        result = {"case": args.case, **run_eval(args.set, path=args.path, limit=args.limit, part=args.part, pipeline=pipeline)}
    line = json.dumps(result)
    if args.output:
        args.output.write_text(line + "\n", encoding="utf-8")
    else:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
