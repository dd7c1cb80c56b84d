"""The event-location sentences (Halterman; MIT): where did the annotated event happen?

For each sentence with one gold VERB, ``Geoparser.event_location`` on that verb must overlap
one of the gold LOCATION spans, or be "no location" when there is none.

Split: the shipped event-location choice model (``geo/event_model.py``, trained by
``scripts/train_event_location.py``) was fitted on every row for which :func:`heldout` is
False. The test part is therefore the held-out 20 % (md5 of the row id) **minus** the rows
whose sentence text also occurs among the training rows (the same sentence under another
id): it contains nothing the model was trained on. Everything else — the model's training
rows included — is the dev part, so dev numbers are optimistic by construction.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import registry
from ...errors import ConfigError
from ..base import EvalSet, Keep, pipeline_or_default, sample

if TYPE_CHECKING:  # the geoparser is imported when scoring starts, not with the package
    from ...geo.geoparser import Geoparser


def _aligned(text: str, span: dict) -> bool:
    """A gold span that starts and ends on word boundaries and holds a word."""
    s, e = span.get("start"), span.get("end")
    if not isinstance(s, int) or not isinstance(e, int) or not 0 <= s < e <= len(text):
        return False
    seg = text[s:e]
    if not seg.strip() or not seg[0].isalnum() or not seg[-1].isalnum():
        return False
    if s > 0 and text[s - 1].isalnum():
        return False
    return not (e < len(text) and text[e].isalnum())


def heldout(key: str) -> bool:
    """The stable 20 % test split of the event-location set (md5 of the sentence id)."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 5 == 0


def _realign(text: str, span: dict) -> dict | None:
    """A span whose offsets are shifted, moved onto its own text (nearest occurrence).

    About 9 % of the rows (AP, Xinhua, "Atrocities", wiki) carry offsets shifted by a few
    characters but keep each span's text: finding that text again recovers the row
    instead of dropping it.
    """
    if _aligned(text, span):
        return span
    want = span.get("text")
    if not isinstance(want, str) or not want.strip():
        return None
    best = None
    for m in re.finditer(re.escape(want), text):
        cand = {**span, "start": m.start(), "end": m.end()}
        if _aligned(text, cand) and (
            best is None
            or abs(m.start() - span.get("start", 0)) < abs(best["start"] - span.get("start", 0))
        ):
            best = cand
    return best


def read_event_location(path: str | Path, limit: int | None = None) -> tuple[list[tuple[str, dict, list[dict], str]], int, int]:
    """Usable event-location rows: ``(items, skipped, misaligned)``.

    ``items`` holds ``(text, verb span, location spans, key)``; ``key`` is the row's
    ``_id`` (or its text when it has none) and decides the train/test split. Rows with
    shifted offsets are realigned on their spans' text where they carry it
    (:func:`_realign`); ``misaligned`` counts those that cannot be.
    """
    p = Path(path)
    if not p.is_file():
        raise ConfigError("E009", path=str(p))
    items = []
    skipped = misaligned = realigned = 0
    with open(p, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                skipped += 1
                continue
            if r.get("answer") not in (None, "accept"):
                skipped += 1
                continue
            spans = r.get("spans") or []
            verbs = [s for s in spans if s.get("label") == "VERB"]
            locs = [s for s in spans if s.get("label") == "LOCATION"]
            if len(verbs) != 1 or not r.get("text"):
                skipped += 1
                continue
            if not all(_aligned(r["text"], sp) for sp in (*verbs, *locs)):
                fixed = [_realign(r["text"], sp) for sp in (*verbs, *locs)]
                if any(f is None for f in fixed):
                    misaligned += 1  # offsets that cut words and no span text to find
                    continue
                verbs, locs = fixed[:1], fixed[1:]
                realigned += 1
            key = str(r["_id"]) if r.get("_id") is not None else r["text"]
            items.append((r["text"], verbs[0], locs, key))
            if limit and len(items) >= limit:
                break
    return items, skipped, misaligned


def trigger_index(doc: Any, verb: dict) -> int:
    """The token of ``doc`` the gold VERB span starts in."""
    for tok in doc:
        if tok.idx <= verb["start"] < tok.idx + max(len(tok.text), 1):
            return tok.i
    sp = doc.char_span(verb["start"], verb["end"], alignment_mode="expand")
    return sp.root.i if sp is not None and len(sp) else 0


def eval_event_location(
    path: str | Path,
    limit: int | None = None,
    nlp: Any = None,
    geoparser: Geoparser | None = None,
    keep: Keep = None,
    stride: int = 1,
    truecaser: Any = None,
) -> dict:
    """Accuracy of the chosen event location against the annotated LOCATION spans (a
    headline-cased sentence parsed as the pipeline parses it, with its ``truecaser``).

    ``heldout_*`` keys score only the 20 % test split (:func:`heldout`) that the
    shipped choice model was not trained on; the other keys cover the whole file.
    """
    from ...geo.geoparser import Geoparser  # noqa: F811 - the runtime import

    if keep is None and stride == 1:
        items, skipped, misaligned = read_event_location(path, limit)
    else:
        items, skipped, misaligned = read_event_location(path)
        keep_ids = [keep(k) for *_, k in items] if keep is not None else None
        items = sample(items, keep_ids, stride, limit)
    if nlp is None:
        from ...nlp import load_model

        nlp = load_model()
    gp = geoparser or Geoparser()
    t0 = time.perf_counter()
    n = correct = n_loc = c_loc = n_none = c_none = 0
    predicted_none = 0
    fb_correct = fb_c_loc = fb_c_none = 0  # the same, counting the fallbacks as answers
    texts = [t for t, _, _, _ in items]
    if truecaser is not None:  # each sentence is its own text: no other evidence
        texts = [truecaser.parse_texts([t], [t])[0] for t in texts]
    h_n = h_correct = 0
    for (text, verb, locs, key), doc in zip(items, nlp.pipe(texts, batch_size=64), strict=True):
        trig = trigger_index(doc, verb)
        places = gp.find(text, [doc], [0])
        full = gp.event_location(doc, 0, trig, places)
        # the gold marks the place the sentence says the event happened at; the
        # pipeline's "sentence"/"article" fallbacks are flagged guesses, not such a
        # statement, so the main score treats them as "no location stated"
        loc = full if full is not None and full.basis == "trigger" else None
        n += 1
        if loc is None:
            predicted_none += 1
        for pred, fb in ((loc, False), (full, True)):
            if locs:
                ok = pred is not None and any(
                    s["start"] < pred.end and pred.start < s["end"] for s in locs
                )
            else:
                ok = pred is None
            if fb:
                fb_correct += ok
                fb_c_loc += ok and bool(locs)
                fb_c_none += ok and not locs
        if locs:
            n_loc += 1
            ok = loc is not None and any(
                s["start"] < loc.end and loc.start < s["end"] for s in locs
            )
            c_loc += ok
        else:
            n_none += 1
            ok = loc is None
            c_none += ok
        correct += ok
        if heldout(key):
            h_n += 1
            h_correct += ok
    secs = time.perf_counter() - t0
    return {
        "sentences": n,
        "skipped": skipped,
        "skipped_misaligned": misaligned,
        "accuracy": round(correct / n, 4) if n else 0.0,
        "heldout_sentences": h_n,
        "heldout_accuracy": round(h_correct / h_n, 4) if h_n else 0.0,
        "with_location": n_loc,
        "accuracy_with_location": round(c_loc / n_loc, 4) if n_loc else 0.0,
        "without_location": n_none,
        "accuracy_without_location": round(c_none / n_none, 4) if n_none else 0.0,
        "predicted_none": predicted_none,
        "accuracy_with_fallbacks": round(fb_correct / n, 4) if n else 0.0,
        "accuracy_with_location_with_fallbacks": round(fb_c_loc / n_loc, 4) if n_loc else 0.0,
        "accuracy_without_location_with_fallbacks": round(fb_c_none / n_none, 4) if n_none else 0.0,
        "seconds": round(secs, 2),
    }


def run(path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any) -> dict:
    """:class:`EvalSet` entry point (only the pipeline's spaCy model is used)."""
    pipe = pipeline_or_default(pipeline)
    return eval_event_location(path, limit, pipe.nlp, keep=keep, truecaser=getattr(pipe, "truecaser", None))


def draw_split(path: Path) -> tuple[list[str], list[str], str]:
    """(all ids, test ids, rule): the model's held-out ids whose text no training row has."""
    items, _, _ = read_event_location(path)
    train_texts = {t for t, _, _, k in items if not heldout(k)}
    held = {k for _, _, _, k in items if heldout(k)}
    leaked = {k for t, _, _, k in items if heldout(k) and t in train_texts}
    rule = (
        "md5(_id or text) % 5 == 0 (the event-location model's held-out rows, "
        "eventcoder.eval.sets.event_location.heldout) and the sentence text occurs in no training row"
    )
    return [k for *_, k in items], sorted(held - leaked), rule


def _sniff(path: Path) -> bool:
    if path.suffix.lower() != ".jsonl":
        return False
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
    return '"spans"' in first


registry.eval_sets.register(
    "event-location",
    func=EvalSet("event-location", "event-location/sentences.jsonl", run, "event-location", "event-location sentences: where the event happened", _sniff),
)

__all__ = ["draw_split", "eval_event_location", "heldout", "read_event_location", "run", "trigger_index"]
