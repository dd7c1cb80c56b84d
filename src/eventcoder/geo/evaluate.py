"""Evaluation of the geoparser on annotated corpora (read in place, never copied).

* :func:`eval_geowebnews` - GeoWebNews (Gritta et al. 2019) or any corpus in its XML
  layout: toponym span P/R/F1 and end-to-end resolution error.
* :func:`eval_event_location` - the event-location sentences (Halterman): accuracy of
  :meth:`Geoparser.event_location` on the annotated verb.

Which GeoWebNews toponyms count: every toponym that has coordinates in the gold (the
"Literal" and "Associative" types of the paper's taxonomy: Literal, Mixed,
Literal_Modifier, Embedded_Literal, Coercion, Metonymic, Non_Literal_Modifier,
Embedded_Non_Lit), except the *adjectival* modifiers ("Syrian", "Irish", modifierType
Adjective), which are demonyms in form and which eventcoder deliberately does not tag.
Demonyms, Homonyms, Language, Non_Toponym and the *_Expression types never count. A
prediction that overlaps an excluded gold annotation is neither right nor wrong.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from .geoparser import Geoparser, haversine_km

MAX_KM = 20039.0  # half the Earth's circumference: the worst possible error
COUNTED_TYPES = frozenset(
    {
        "Literal",
        "Mixed",
        "Literal_Modifier",
        "Embedded_Literal",
        "Coercion",
        "Metonymic",
        "Non_Literal_Modifier",
        "Embedded_Non_Lit",
    }
)
LITERAL_TYPES = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion"})


@dataclass(slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    type: str
    modifier: str
    lat: float | None
    lon: float | None
    counted: bool


def read_gwn(path: str | Path, limit: int | None = None) -> list[tuple[str, list[GoldToponym]]]:
    """Articles of a GeoWebNews-layout XML file: (text, gold toponyms)."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError("E009", path=str(p))
    root = ET.parse(p).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        golds = []
        tops = art.find("toponyms")
        if tops is None:
            tops = art.find("locations")
        for t in tops.iter() if tops is not None else ():
            if t.tag not in ("toponym", "location"):
                continue
            try:
                s, e = int(t.findtext("start")), int(t.findtext("end"))
            except (TypeError, ValueError):
                continue
            typ = t.findtext("type") or "Literal"
            mod = t.findtext("modifierType") or ""
            lat_s, lon_s = t.findtext("latitude"), t.findtext("longitude")
            lat = float(lat_s) if lat_s else None
            lon = float(lon_s) if lon_s else None
            nonloc = (t.findtext("nonLocational") or "No") == "Yes"
            counted = typ in COUNTED_TYPES and lat is not None and mod != "Adjective" and not nonloc
            golds.append(GoldToponym(s, e, text[s:e], typ, mod, lat, lon, counted))
        out.append((text, golds))
        if limit and len(out) >= limit:
            break
    return out


def _prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def error_auc(errors: list[float]) -> float:
    """Gritta et al.: area under the sorted log(1+error) curve, scaled to [0, 1]."""
    if not errors:
        return 0.0
    ys = sorted(min(1.0, math.log(1 + e) / math.log(MAX_KM)) for e in errors)
    if len(ys) == 1:
        return ys[0]
    area = sum((ys[k] + ys[k + 1]) / 2 for k in range(len(ys) - 1))
    return area / (len(ys) - 1)


def eval_geowebnews(
    path: str | Path, limit: int | None = None, nlp=None, geoparser: Geoparser | None = None
) -> dict:
    """Toponym recognition and end-to-end resolution on a GeoWebNews-layout corpus."""
    if nlp is None:
        from ..nlp import load_model

        nlp = load_model()
    gp = geoparser or Geoparser()
    arts = read_gwn(path, limit)
    t0 = time.perf_counter()
    npred = ngold = tp_exact = tp_overlap = 0
    npred_lit = ngold_lit = tp_lit = 0
    errors: list[float] = []
    matched_errors: list[float] = []
    for text, golds in arts:
        places = gp.find_in_text(text, nlp)
        counted = [g for g in golds if g.counted]
        excluded = [g for g in golds if not g.counted]
        preds = [
            p
            for p in places
            if not any(g.start < p.end and p.start < g.end for g in excluded)
            or any(g.start < p.end and p.start < g.end for g in counted)
        ]
        npred += len(preds)
        ngold += len(counted)
        gold_exact = {(g.start, g.end) for g in counted}
        tp_exact += sum((p.start, p.end) in gold_exact for p in preds)
        used: set[int] = set()
        match: dict[int, object] = {}
        for gi, g in enumerate(counted):
            for pi, p in enumerate(preds):
                if pi in used or not (p.start < g.end and g.start < p.end):
                    continue
                used.add(pi)
                match[gi] = p
                break
        tp_overlap += len(match)
        lit = [k for k, g in enumerate(counted) if g.type in LITERAL_TYPES]
        ngold_lit += len(lit)
        tp_lit += sum(k in match for k in lit)
        npred_lit += sum(
            1
            for p in preds
            if not any(
                g.start < p.end and p.start < g.end and g.type not in LITERAL_TYPES for g in counted
            )
        )
        for gi, g in enumerate(counted):
            p = match.get(gi)
            if p is None or p.lat is None:
                errors.append(MAX_KM)
                if p is not None:
                    matched_errors.append(MAX_KM)
                continue
            err = haversine_km(p.lat, p.lon, g.lat, g.lon)
            errors.append(err)
            matched_errors.append(err)
    secs = time.perf_counter() - t0
    pe, re_, fe = _prf(tp_exact, npred, ngold)
    po, ro, fo = _prf(tp_overlap, npred, ngold)
    pl, rl, fl = _prf(tp_lit, npred_lit, ngold_lit)
    return {
        "articles": len(arts),
        "gold_toponyms": ngold,
        "predicted_toponyms": npred,
        "span_precision": round(pe, 4),
        "span_recall": round(re_, 4),
        "span_f1": round(fe, 4),
        "overlap_precision": round(po, 4),
        "overlap_recall": round(ro, 4),
        "overlap_f1": round(fo, 4),
        "literal_overlap_f1": round(fl, 4),
        "acc_161km": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else 0.0,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else 0.0,
        "median_error_km": round(statistics.median(errors), 1) if errors else 0.0,
        "auc": round(error_auc(errors), 4),
        "matched_toponyms": len(matched_errors),
        "matched_acc_161km": round(sum(e <= 161 for e in matched_errors) / len(matched_errors), 4)
        if matched_errors
        else 0.0,
        "matched_auc": round(error_auc(matched_errors), 4),
        "seconds": round(secs, 2),
        "seconds_per_article": round(secs / max(len(arts), 1), 3),
    }


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


def read_event_location(path: str | Path, limit: int | None = None):
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


def trigger_index(doc, verb: dict) -> int:
    """The token of ``doc`` the gold VERB span starts in."""
    for tok in doc:
        if tok.idx <= verb["start"] < tok.idx + max(len(tok.text), 1):
            return tok.i
    sp = doc.char_span(verb["start"], verb["end"], alignment_mode="expand")
    return sp.root.i if sp is not None and len(sp) else 0


def eval_event_location(
    path: str | Path, limit: int | None = None, nlp=None, geoparser: Geoparser | None = None
) -> dict:
    """Accuracy of the chosen event location against the annotated LOCATION spans.

    ``heldout_*`` keys score only the 20 % test split (:func:`heldout`) that the
    shipped choice model was not trained on; the other keys cover the whole file.
    """
    items, skipped, misaligned = read_event_location(path, limit)
    if nlp is None:
        from ..nlp import load_model

        nlp = load_model()
    gp = geoparser or Geoparser()
    t0 = time.perf_counter()
    n = correct = n_loc = c_loc = n_none = c_none = 0
    predicted_none = 0
    fb_correct = fb_c_loc = fb_c_none = 0  # the same, counting the fallbacks as answers
    texts = [t for t, _, _, _ in items]
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
