"""Who speaks each direct quotation of PolNeAR: the quotation speakers of ``attribution``
against the gold sources, over every quotation, not only those holding a coded event.

    cd <repo> && PYTHONPATH=src /work/main/.venv/bin/python scripts/polnear_quotes.py [--part dev] [--half A|B] [--show]

The event scores of ``eval polnear`` see a quotation only when the detector codes an event
inside it; this listing scores the speaker ``attribution`` gives each quotation of the coded
articles (``attribute.quote_spans`` on the cleaned text; a continued quotation takes the
previous speaker; a transcript's label as the component reads it), against the innermost
gold attribution whose content holds the quotation's first character: ``ok`` (the gold
source, as ``eval polnear`` judges), ``any`` (an outer gold source), ``wrong``, ``none`` (no
speaker), ``nogold`` (no gold attribution holds it; ``--show`` lists those credited anyway),
``unsourced`` (the gold names no source), ``uncoded`` (the component did not run on the
article: nothing was detected in it) and ``unreached`` (the component never asked: a
quotation in no sentence of the article's). ``--half``: the dev halves of
``polnear_errors.half``. A listing: it never tunes anything.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from polnear_errors import half

import eventcoder.components.attribution as comp
from eventcoder.clean import clean
from eventcoder.eval.base import bench_dir
from eventcoder.eval.sets import polnear as pn
from eventcoder.eval.splits import load_split
from eventcoder.pipeline import Pipeline
from eventcoder.records import Attribution, Origin, RawRecord


class _Recorder:
    """Wraps the component's quotation speaker and continuation tests to record them."""

    def __init__(self) -> None:
        self.speaker: dict[tuple[int, int], Attribution | None] = {}
        self.continued: dict[tuple[int, int], tuple[tuple[int, int], bool]] = {}
        self.ran: dict[int, tuple[dict, dict]] = {}
        quote_speaker, continues, call = comp.Attributions._quote_speaker, comp.continues_quote, comp.Attributions.__call__

        def _quote_speaker(this: Any, quote: tuple[int, int], *a: Any, **k: Any) -> Attribution | None:
            found = quote_speaker(this, quote, *a, **k)
            self.speaker[quote] = found
            return found

        def _continues(text: str, prev: tuple[int, int], cur: tuple[int, int]) -> bool:
            found = continues(text, prev, cur)
            self.continued[cur] = (prev, found)
            return found

        def _call(this: Any, ctx: Any) -> None:
            self.speaker, self.continued = {}, {}
            call(this, ctx)
            self.ran[id(ctx.article)] = (self.speaker, self.continued)

        comp.Attributions._quote_speaker = _quote_speaker  # type: ignore[method-assign]
        comp.continues_quote = _continues  # type: ignore[assignment]
        comp.Attributions.__call__ = _call  # type: ignore[method-assign]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", default="dev", choices=("dev", "test", "all"))
    ap.add_argument("--half", default=None, choices=("A", "B"))
    ap.add_argument("--show", action="store_true", help="list every quotation not credited to its gold source")
    a = ap.parse_args()
    rec = _Recorder()
    path = bench_dir() / "polnear-dev" / "dev.jsonl"
    split = load_split("polnear")
    keep = split.keep(a.part) if split is not None else None
    docs = [d for d in pn.read_docs(path) if (keep is None or keep(str(d["id"]))) and (a.half is None or half(str(d["id"])) == a.half)]
    pipe = Pipeline()
    arts = [clean(RawRecord(text=d["text"], origin=Origin(str(path), line=k + 1)), published=d.get("publication_date")) for k, d in enumerate(docs)]
    coded = []
    for b in range(0, len(arts), 8):
        coded.extend(pipe.code_many(arts[b : b + 8]))
    counts: Counter[str] = Counter()
    for doc, ca in zip(docs, coded, strict=True):
        art = ca.article
        attrs = pn.attributions(doc)
        labels = comp.transcript_labels(art.text)
        ran = rec.ran.get(id(art))
        final: dict[tuple[int, int], Attribution | None] = {}
        for q in comp.quote_spans(art.text):
            frames = pn.framing(attrs, art.raw_span(q[0], q[1])[0] + 1)
            if ran is None or q not in ran[0]:
                counts["uncoded" if ran is None else "unreached"] += 1
                continue
            sp = ran[0].get(q)
            if sp is None and q in ran[1] and ran[1][q][1]:
                sp = final.get(ran[1][q][0])
            final[q] = sp
            label = comp.transcript_speaker(labels, art.text, q[0] + 1) if sp is None else None
            if label is not None:
                sp = Attribution(label[0], None, label[1], label[2])
            if not frames or not frames[0].source:
                v = "nogold" if not frames else "unsourced"
            elif sp is None:
                v = "none"
            else:
                pred = [{"name": sp.name, "text": sp.text, "raw_span": art.raw_span(sp.start, sp.end)}]
                v = "ok" if pn.source_agrees(pred, frames[0]) else "any" if any(f.source and pn.source_agrees(pred, f) for f in frames[1:]) else "wrong"
            counts[v] += 1
            if a.show and (v in ("none", "wrong", "any") or (v == "nogold" and sp is not None)):
                gold = frames[0].source_text if frames else ""
                print(f"[{v}] {doc['id']} gold={gold!r} said={sp.text if sp else None!r}\n    {art.text[q[0] : q[1]][:160]!r}")
    sourced = counts["ok"] + counts["any"] + counts["wrong"] + counts["none"]
    print(", ".join(f"{k} {v}" for k, v in counts.most_common()))
    print(f"quotation speakers right: {counts['ok']}/{sourced} = {counts['ok'] / max(sourced, 1):.3f}")


if __name__ == "__main__":
    main()
