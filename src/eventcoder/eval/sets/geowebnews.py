"""GeoWebNews (Gritta et al. 2019) or any corpus in its XML layout: toponym spans and resolution.

Which toponyms count: every toponym that has coordinates in the gold (the "Literal" and
"Associative" types of the paper's taxonomy: Literal, Mixed, Literal_Modifier,
Embedded_Literal, Coercion, Metonymic, Non_Literal_Modifier, Embedded_Non_Lit), except the
*adjectival* modifiers ("Syrian", "Irish", modifierType Adjective), which are demonyms in
form and which eventcoder deliberately does not tag. Demonyms, Homonyms, Language,
Non_Toponym and the *_Expression types never count. A prediction that overlaps an excluded
gold annotation is neither right nor wrong. Split: by article, a deterministic third.
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import registry
from ...errors import ConfigError
from .. import scorer
from ..base import EvalSet, Keep, pipeline_or_default, sample
from ..splits import pick_test

if TYPE_CHECKING:  # the geoparser is imported when scoring starts, not with the package
    from ...geo.geoparser import Geoparser

error_auc = scorer.error_auc

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


def gwn_ids(path: str | Path) -> list[str]:
    """The article ids (``file`` attribute, else the position) in file order: the split key."""
    root = ET.parse(Path(path)).getroot()
    return [art.get("file") or f"pos:{k}" for k, art in enumerate(root.iter("article"))]


def eval_geowebnews(
    path: str | Path,
    limit: int | None = None,
    nlp: Any = None,
    geoparser: Geoparser | None = None,
    keep: Keep = None,
    stride: int = 1,
    truecaser: Any = None,
) -> dict:
    """Toponym recognition and end-to-end resolution on a GeoWebNews-layout corpus (a
    headline line parsed as the pipeline parses it, with the pipeline's ``truecaser``)."""
    from ...geo.geoparser import Geoparser  # noqa: F811 - the runtime import

    if nlp is None:
        from ...nlp import load_model

        nlp = load_model()
    gp = geoparser or Geoparser()
    if keep is None and stride == 1:
        arts = read_gwn(path, limit)
    else:
        arts = read_gwn(path)
        keep_ids = [keep(i) for i in gwn_ids(path)] if keep is not None else None
        arts = sample(arts, keep_ids, stride, limit)
    t0 = time.perf_counter()
    npred = ngold = tp_exact = tp_overlap = 0
    npred_lit = ngold_lit = tp_lit = 0
    errors: list[float] = []
    matched_errors: list[float] = []
    for text, golds in arts:
        places = gp.find_in_text(text, nlp, truecaser=truecaser)
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
                errors.append(scorer.MAX_KM)
                if p is not None:
                    matched_errors.append(scorer.MAX_KM)
                continue
            err = scorer.haversine_km(p.lat, p.lon, g.lat, g.lon)
            errors.append(err)
            matched_errors.append(err)
    secs = time.perf_counter() - t0
    pe, re_, fe = scorer.prf(tp_exact, npred, ngold)
    po, ro, fo = scorer.prf(tp_overlap, npred, ngold)
    pl, rl, fl = scorer.prf(tp_lit, npred_lit, ngold_lit)
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
        "auc": round(scorer.error_auc(errors), 4),
        "matched_toponyms": len(matched_errors),
        "matched_acc_161km": round(sum(e <= 161 for e in matched_errors) / len(matched_errors), 4)
        if matched_errors
        else 0.0,
        "matched_auc": round(scorer.error_auc(matched_errors), 4),
        "seconds": round(secs, 2),
        "seconds_per_article": round(secs / max(len(arts), 1), 3),
    }


def run(path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any) -> dict:
    """:class:`EvalSet` entry point (only the pipeline's spaCy model is used)."""
    pipe = pipeline_or_default(pipeline)
    return eval_geowebnews(path, limit, pipe.nlp, keep=keep, truecaser=getattr(pipe, "truecaser", None))


def draw_split(path: Path) -> tuple[list[str], list[str], str]:
    """(all ids, test ids, rule): a third of the articles (sha256 rank of the ``file`` id)."""
    ids = gwn_ids(path)
    return ids, pick_test(ids, 1 / 3, "geowebnews"), "the third of article ids of lowest sha256('geowebnews:<file>')"


def _sniff(path: Path) -> bool:
    return path.suffix.lower() == ".xml"


registry.eval_sets.register(
    "geowebnews",
    func=EvalSet("geowebnews", "geowebnews/GWN.xml", run, "geowebnews", "GeoWebNews: toponym spans and resolution", _sniff),
)

__all__ = ["COUNTED_TYPES", "LITERAL_TYPES", "GoldToponym", "draw_split", "error_auc", "eval_geowebnews", "gwn_ids", "read_gwn", "run"]
