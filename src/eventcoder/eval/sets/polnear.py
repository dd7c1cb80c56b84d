"""PolNeAR dev: is ``reported_by`` right, and empty where the journalist speaks?

PolNeAR (Newell, Margolin & Ruths, LREC 2018; ``polnear-dev/dev.jsonl``) annotates every
attribution of 84 US political news articles as source, cue and content spans. It has no
events: the coder's own events are scored against the attributions around them.

* an event is **inside** an attribution when its trigger starts inside one of the
  attribution's content fragments; the attribution that frames it is the innermost one (the
  shortest content holding the trigger: "A said B claimed X" frames X with B);
* ``inside_accuracy``: of the events inside an attribution that names a source, the share
  whose ``reported_by`` agrees with that source — a reported-by span overlapping a source
  fragment (a pronoun speaker counts where the gold marks the pronoun), or a name/text that
  contains or is contained in the source text as whole words;
  ``inside_any_accuracy`` accepts the source of any enclosing attribution;
* ``outside_empty``: of the events outside every content span, the share with an empty
  ``reported_by`` (nothing frames them, so nothing may be credited);
* self-reports, counted apart as well (the verdicts above are unchanged): an event inside an
  attribution whose gold source is the event's own source actor ("Trump said he would not
  accept ...": actor span overlapping the source, or names agreeing as above). PolNeAR
  credits the speaker; the news-events guidelines, and ``self_reports = false`` in
  ``default.cfg``, leave such an event unattributed, so under the default config every one
  of them is an ``inside_wrong``. ``inside_self`` counts them, ``inside_self_empty`` is the
  share left empty (the guidelines' answer) and ``inside_other_accuracy`` is
  ``inside_accuracy`` over the other inside events, where both conventions agree;
* attributions with no source span (127 of 2,193) are left out of both: the gold does not say
  who; ``attributed_precision``: of the events given a source, the share that are inside an
  attribution and agree with it.

Offsets: the coder works on the cleaned text, every span is mapped back with
``Article.raw_span``. The licence of PolNeAR allows research and evaluation only: nothing
is trained on it (see ``docs/attribution.md``). Split: a third of each publisher's articles.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import registry
from .. import scorer
from ..base import EvalSet, Keep, pipeline_or_default, sample
from ..splits import pick_test

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One gold attribution: its content fragments and its source (fragments and text)."""

    content: tuple[Span, ...]
    source: tuple[Span, ...]
    source_text: str

    @property
    def size(self) -> int:
        return sum(e - s for s, e in self.content)

    def holds(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.content)


def read_docs(path: Path) -> list[dict]:
    """The documents of the PolNeAR JSONL file (bench layout), in file order."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def attributions(doc: dict) -> list[GoldAttribution]:
    """The primary annotator's attributions that have a content span."""
    out = []
    for a in doc.get("attributions") or []:
        content = tuple(tuple(f) for f in (a.get("content") or {}).get("fragments") or [])
        if not content:
            continue
        src = a.get("source") or {}
        out.append(GoldAttribution(content, tuple(tuple(f) for f in src.get("fragments") or []), src.get("text") or ""))  # type: ignore[arg-type]
    return out


def framing(attrs: list[GoldAttribution], pos: int) -> list[GoldAttribution]:
    """The attributions whose content holds ``pos``, innermost (shortest content) first."""
    return sorted((a for a in attrs if a.holds(pos)), key=lambda a: a.size)


_NON_WORD = re.compile(r"[^\w]+")
_LEADING = re.compile(r"^(the|a|an|another|other|some)\s+")


def _norm(s: str | None) -> str:
    s = _NON_WORD.sub(" ", _POSSESSIVE.sub("", s or "").casefold()).strip()
    return _LEADING.sub("", s)


_POSSESSIVE = re.compile(r"['\u2019]s\b")


def _contains_words(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def source_agrees(pred: list[dict], gold: GoldAttribution) -> bool:
    """Does some reported-by entry name the gold source (span overlap or whole-word name)?"""
    for p in pred:
        span = p.get("raw_span")
        if span is not None and any(scorer.spans_overlap(span, f) for f in gold.source):
            return True
        g = _norm(gold.source_text)
        if any(_contains_words(_norm(p.get(k)), g) for k in ("name", "text")):
            return True
    return False


def _sys_events(ca: Any) -> list[dict]:
    """Coded events: trigger and reported-by spans mapped onto the gold text."""
    art = ca.article
    out = []
    for e in ca.events:
        by = [{"name": a.name, "text": a.text, "raw_span": art.raw_span(a.start, a.end) if a.end > a.start else None} for a in e.reported_by]
        actor = None
        if e.source_actor is not None:
            a = e.source_actor
            actor = {"name": a.name, "text": a.text, "raw_span": art.raw_span(a.start, a.end) if a.end > a.start else None}
        out.append({
            "type": e.type, "trigger": art.raw_span(e.trigger_start, e.trigger_end), "trigger_text": e.trigger,
            "reported_by": by, "source_actor": actor,
        })
    return out


def self_report(event: dict, attrs: list[GoldAttribution]) -> bool:
    """Is the event inside an attribution whose gold source is the event's own source actor?"""
    frames = framing(attrs, event["trigger"][0])
    actor = event.get("source_actor")
    return bool(frames and frames[0].source and actor and source_agrees([actor], frames[0]))


def judge(event: dict, attrs: list[GoldAttribution]) -> str:
    """``inside_ok``, ``inside_any_ok``, ``inside_wrong``, ``unsourced``, ``outside_ok`` or
    ``outside_wrong`` for one system event."""
    frames = framing(attrs, event["trigger"][0])
    pred = event["reported_by"]
    if not frames:
        return "outside_wrong" if pred else "outside_ok"
    if not frames[0].source:
        return "unsourced"
    if source_agrees(pred, frames[0]):
        return "inside_ok"
    if any(f.source and source_agrees(pred, f) for f in frames[1:]):
        return "inside_any_ok"
    return "inside_wrong"


def score(judged: list[str]) -> dict[str, Any]:
    """The metrics of the module docstring from per-event verdicts."""
    c = Counter(judged)
    inside = c["inside_ok"] + c["inside_any_ok"] + c["inside_wrong"]
    outside = c["outside_ok"] + c["outside_wrong"]
    return {
        "system_events": len(judged),
        "inside": inside,
        "outside": outside,
        "unsourced": c["unsourced"],
        "inside_accuracy": scorer.ratio(c["inside_ok"], inside),
        "inside_any_accuracy": scorer.ratio(c["inside_ok"] + c["inside_any_ok"], inside),
        "outside_empty": scorer.ratio(c["outside_ok"], outside),
        "verdicts": dict(sorted(c.items())),
    }


def score_self_reports(judged: list[str], selfrep: list[bool], empty: list[bool]) -> dict[str, Any]:
    """The self-report split of the module docstring, from per-event verdicts, self-report
    flags and whether ``reported_by`` is empty."""
    inside = [(v, f, e) for v, f, e in zip(judged, selfrep, empty, strict=True) if v.startswith("inside_")]
    own = [(v, e) for v, f, e in inside if f]
    other = [v for v, f, _ in inside if not f]
    return {
        "inside_self": len(own),
        "inside_self_credited": scorer.ratio(sum(v != "inside_wrong" for v, _ in own), len(own)),
        "inside_self_empty": scorer.ratio(sum(e for _, e in own), len(own)),
        "inside_other": len(other),
        "inside_other_accuracy": scorer.ratio(sum(v == "inside_ok" for v in other), len(other)),
    }


def eval_polnear(
    path: Path, limit: int | None = None, pipe: Any = None, stride: int = 1, keep: Keep = None, batch: int = 8
) -> dict[str, Any]:
    """Score ``reported_by`` against PolNeAR's attributions (see the module docstring)."""
    from ...clean import clean
    from ...records import Origin, RawRecord

    pipe = pipeline_or_default(pipe)
    docs = read_docs(path)
    keep_ids = [keep(str(d["id"])) for d in docs] if keep is not None else None
    docs = sample(docs, keep_ids, stride, limit)
    t0 = time.perf_counter()
    coded = []
    for b in range(0, len(docs), batch):
        arts = [
            clean(RawRecord(text=d["text"], origin=Origin(str(path), line=b + k + 1)), published=d.get("publication_date"))
            for k, d in enumerate(docs[b : b + batch])
        ]
        coded.extend(pipe.code_many(arts))
    secs = time.perf_counter() - t0
    judged: list[str] = []
    selfrep: list[bool] = []
    empty: list[bool] = []
    attributed = attributed_ok = 0
    by_pub: dict[str, list[str]] = {}
    for doc, ca in zip(docs, coded, strict=True):
        attrs = attributions(doc)
        for ev in _sys_events(ca):
            v = judge(ev, attrs)
            judged.append(v)
            selfrep.append(self_report(ev, attrs))
            empty.append(not ev["reported_by"])
            by_pub.setdefault(doc.get("publisher") or "?", []).append(v)
            if ev["reported_by"]:
                attributed += 1
                attributed_ok += v in ("inside_ok", "inside_any_ok")
    out: dict[str, Any] = {"docs": len(docs), **score(judged), **score_self_reports(judged, selfrep, empty)}
    out["attributed"] = attributed
    out["attributed_precision"] = scorer.ratio(attributed_ok, attributed)
    out["by_publisher"] = {
        p: {k: s[k] for k in ("system_events", "inside", "inside_accuracy", "outside", "outside_empty")}
        for p, s in ((p, score(v)) for p, v in sorted(by_pub.items()))
    }
    out["seconds"] = round(secs, 2)
    return out


def run(path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any) -> dict:
    """:class:`EvalSet` entry point."""
    return eval_polnear(path, limit, pipeline, stride=stride, keep=keep)


def draw_split(path: Path) -> tuple[list[str], list[str], str]:
    """(all ids, test ids, rule): per publisher, the third of article ids of lowest sha256."""
    docs = read_docs(path)
    ids = [str(d["id"]) for d in docs]
    test: list[str] = []
    for pub in sorted({str(d.get("publisher")) for d in docs}):
        test.extend(pick_test([str(d["id"]) for d in docs if str(d.get("publisher")) == pub], 1 / 3, f"polnear:{pub}"))
    rule = "per publisher the third of article ids of lowest sha256('polnear:<publisher>:<id>')"
    return ids, sorted(test), rule


def _sniff(path: Path) -> bool:
    if path.suffix.lower() != ".jsonl":
        return False
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
    return '"attributions"' in first and '"cue"' in first


registry.eval_sets.register(
    "polnear",
    func=EvalSet("polnear", "polnear-dev/dev.jsonl", run, "polnear", "PolNeAR dev: reported_by against gold attributions (source, cue, content)", _sniff),
)

__all__ = ["GoldAttribution", "attributions", "draw_split", "eval_polnear", "framing", "judge", "read_docs", "run", "score", "score_self_reports", "self_report", "source_agrees"]
