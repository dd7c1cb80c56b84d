"""news-events: whole news articles with every event a careful coder records.

The gold (``news-events/gold.jsonl``, the project's own annotation under its
``GUIDELINES.md``) lists per article the events a human coder would record, each with its
mentions (sentence + trigger), type, mode, ACLED type, actors, place, date, attribution and
flags. This module implements the "Scoring" section of those guidelines exactly:

* a system event **matches** a gold event when its sentence overlaps one of the gold event's
  mention sentences and its PLOVER type is the gold type; a hypothetical or negated gold
  event matches only a system event flagged the same way;
* each gold event is matched at most once (pairs whose triggers also overlap are taken
  first, then text order); a further system event that would match an already matched gold
  event is a **duplicate** — counted separately, not as a match;
* event precision = matched system events / all system events; recall = matched gold
  events / gold events (``recall_current``: the non-historical gold events alone);
* the looser score accepts a system trigger that overlaps a gold trigger whatever the
  type: ``trigger_precision`` is the share of system events whose trigger overlaps any gold
  trigger (several may hit one gold event; flags honoured as above), ``loose_hit_precision`` the share that match
  some gold event by either rule, ``loose_precision``/``loose_recall`` the same one-to-one;
* field accuracy over the matched pairs (see :func:`_field_scores` for each denominator).

Offsets: the coder works on the cleaned text; every system span is mapped back to the gold
text with ``Article.raw_span`` before it is compared. Split: by article, a third of each
source (BBC, GVC); the WikiEvents articles follow the ``wikievents`` split, so one text is
never dev in one set and test in the other.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ... import registry
from .. import scorer
from ..base import EvalSet, Keep, pipeline_or_default, sample
from ..splits import pick_test

Span = tuple[int, int]


@dataclass(slots=True)
class GoldEvent:
    """One gold event with its mention spans located in the article text."""

    sentences: list[Span]
    triggers: list[Span]
    data: dict[str, Any]


@dataclass(slots=True)
class SysEvent:
    """One coded event with its sentence and trigger spans mapped onto the gold text."""

    sentence: Span
    trigger: Span
    data: dict[str, Any]


@dataclass(slots=True)
class Alignment:
    """How an article's system events line up with its gold events."""

    pairs: list[tuple[int, int]] = field(default_factory=list)  # (system, gold)
    duplicates: int = 0


def _occurrences(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[Span]:
    if not needle:
        return []
    hi = len(text) if hi is None else hi
    return [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text[:hi]) if m.start() >= lo]


def gold_events(article: dict) -> list[GoldEvent]:
    """The gold events of an article, every mention sentence and trigger as spans (all
    occurrences: a sentence quoted twice is found twice)."""
    text = article["text"]
    out = []
    for ev in article.get("events") or []:
        sents: list[Span] = []
        trigs: list[Span] = []
        for m in ev.get("mentions") or []:
            for s in _occurrences(text, m.get("sentence") or ""):
                sents.append(s)
                trigs.extend(_occurrences(text, m.get("trigger") or "", s[0], s[1]))
        out.append(GoldEvent(sents, trigs, ev))
    return out


def _overlaps(span: Span, spans: list[Span]) -> bool:
    return any(scorer.spans_overlap(span, s) for s in spans)


def _flags_ok(sys_ev: dict, gold_ev: dict) -> bool:
    """A hypothetical or negated gold event counts only when flagged the same way."""
    return all(bool(sys_ev.get(f)) for f in ("negated", "hypothetical") if gold_ev.get(f))


def strict_match(s: SysEvent, g: GoldEvent) -> bool:
    """Sentence overlap, same type, flags honoured (the guidelines' match)."""
    return s.data["type"] == g.data["type"] and _overlaps(s.sentence, g.sentences) and _flags_ok(s.data, g.data)


def trigger_match(s: SysEvent, g: GoldEvent) -> bool:
    """The trigger overlaps a gold trigger, whatever the type (flags honoured)."""
    return _overlaps(s.trigger, g.triggers) and _flags_ok(s.data, g.data)


def loose_match(s: SysEvent, g: GoldEvent) -> bool:
    """The strict match, or a trigger overlapping a gold trigger whatever the type."""
    return strict_match(s, g) or trigger_match(s, g)


def align(system: list[SysEvent], gold: list[GoldEvent], strict: bool = True) -> Alignment:
    """One-to-one matching: trigger-overlapping pairs first, then text order; the rest of
    the system events that match some (taken) gold event are duplicates."""
    ok = strict_match if strict else loose_match
    cands = [(0 if _overlaps(s.trigger, g.triggers) else 1, i, j) for i, s in enumerate(system) for j, g in enumerate(gold) if ok(s, g)]
    used_s: set[int] = set()
    used_g: set[int] = set()
    out = Alignment()
    for _, i, j in sorted(cands):
        if i in used_s or j in used_g:
            continue
        used_s.add(i)
        used_g.add(j)
        out.pairs.append((i, j))
    out.duplicates = len({i for _, i, _ in cands} - used_s)
    return out


# --------------------------------------------------------------------------- fields

_NON_WORD = re.compile(r"[^\w]+")


def norm_name(s: str | None) -> str:
    """Case-folded, punctuation-free, without a leading "the"."""
    s = _NON_WORD.sub(" ", (s or "").casefold()).strip()
    return re.sub(r"^the ", "", s)


#: forms of address dropped before names are compared ("Mr Clarke" ~ "Charles Clarke")
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame"})
_POSSESSIVE = re.compile(r"['\u2019]s\b")


def name_words(s: str | None) -> str:
    """A name for comparison: normalised, possessive and forms of address removed."""
    return " ".join(w for w in norm_name(_POSSESSIVE.sub("", s or "")).split() if w not in HONORIFICS)


def names_agree(a: str | None, b: str | None) -> bool:
    """Equal, or one contained in the other as whole words ("Tory leader Michael Howard"
    ~ "Michael Howard", "Mr Blair" ~ "Tony Blair")."""
    return _contains_words(name_words(a), name_words(b))


def actor_agrees(pred: dict | None, gold: dict | None) -> bool:
    """Does the system's actor agree with the gold actor?

    Both null agrees (the guidelines make null an answer: "the article does not say").
    Otherwise the canonical names agree (:func:`names_agree`, the system's name or, when it
    has none, its mention text against the gold name), or the system marks the very mention
    the gold gives (same text), or country and sector both agree (when the gold has either).
    """
    if not gold or not pred:
        return not gold and not pred
    gname = gold.get("name")
    if gname and (names_agree(pred.get("name"), gname) or (not pred.get("name") and names_agree(pred.get("text"), gname))):
        return True
    if norm_name(pred.get("text")) and norm_name(pred.get("text")) == norm_name(gold.get("text")):
        return True
    if gold.get("country") is None and gold.get("sector") is None:
        return False
    return pred.get("country") == gold.get("country") and pred.get("sector") == gold.get("sector")


def _contains_words(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def reporters_agree(pred: list[dict], gold: list[dict]) -> bool:
    """Both empty, or some reported-by name overlaps (whole words, either way)."""
    if not gold and not pred:
        return True
    gn = [norm_name(g.get("name") or g.get("text")) for g in gold]
    pn = [norm_name(p.get("name") or p.get("text")) for p in pred]
    return any(_contains_words(a, b) for a in gn for b in pn)


def _km(pred: dict | None, gold: dict | None) -> float | None:
    if not pred or not gold or pred.get("lat") is None or pred.get("lon") is None:
        return None
    return scorer.haversine_km(float(pred["lat"]), float(pred["lon"]), float(gold["lat"]), float(gold["lon"]))


def _acled(ev: dict, key: str) -> str | None:
    return (ev.get("acled") or {}).get(key)


def _field_scores(pairs: list[tuple[dict, dict]]) -> dict[str, tuple[int, int]]:
    """(agreeing, counted) per field over matched (system, gold) pairs.

    mode, ACLED type/sub-type, reported_by and flags (negated and hypothetical both equal)
    count on every pair (null = null agrees: "ACLED would not code it" is an answer), and so
    do source and target (:func:`actor_agrees`); location on the pairs whose gold
    place has coordinates (a missing system place is wrong); date on the pairs whose gold
    date has a value, compared at the gold precision.
    """
    c: dict[str, list[int]] = {k: [0, 0] for k in (
        "mode", "acled_event_type", "acled_sub_event_type", "source", "target",
        "location_25km", "location_161km", "date", "reported_by", "flags",
    )}  # fmt: skip

    def add(key: str, ok: bool) -> None:
        c[key][0] += bool(ok)
        c[key][1] += 1

    for s, g in pairs:
        add("mode", s.get("mode") == g.get("mode"))
        add("acled_event_type", _acled(s, "event_type") == _acled(g, "event_type"))
        add("acled_sub_event_type", _acled(s, "sub_event_type") == _acled(g, "sub_event_type"))
        for side in ("source", "target"):
            add(side, actor_agrees(s.get(f"{side}_actor"), g.get(f"{side}_actor")))
        gl = g.get("location") or {}
        if gl.get("lat") is not None and gl.get("lon") is not None:
            km = _km(s.get("location"), gl)
            add("location_25km", km is not None and km <= 25)
            add("location_161km", km is not None and km <= 161)
        gd = g.get("date") or {}
        if gd.get("value"):
            add("date", scorer.same_date((s.get("date") or {}).get("value"), gd["value"], gd.get("precision")))
        add("reported_by", reporters_agree(s.get("reported_by") or [], g.get("reported_by") or []))
        add("flags", all(bool(s.get(f)) == bool(g.get(f)) for f in ("negated", "hypothetical")))
    return {k: (v[0], v[1]) for k, v in c.items()}


# --------------------------------------------------------------------------- reading and coding


def read_gold(path: Path) -> list[dict]:
    """The articles of a news-events gold file, in file order."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def code_articles(articles: list[dict], path: Path, pipe: Any, batch: int = 8) -> list[list[SysEvent]]:
    """Code each article (published date as given) and map its events onto the gold text."""
    from ...clean import clean
    from ...records import Origin, RawRecord

    out: list[list[SysEvent]] = []
    for b in range(0, len(articles), batch):
        chunk = articles[b : b + batch]
        arts = [
            clean(RawRecord(text=a["text"], origin=Origin(str(path), line=b + k + 1), title=a.get("title") or None), published=a.get("published"))
            for k, a in enumerate(chunk)
        ]
        for ca in pipe.code_many(arts):
            art = ca.article
            evs = []
            for e in ca.events:
                evs.append(SysEvent(art.raw_span(e.start, e.end), art.raw_span(e.trigger_start, e.trigger_end), e.to_dict()))
            out.append(evs)
    return out


def article_group(article_id: str) -> str:
    """The source an article comes from (``bbc``, ``gvc``, ``wikievents``): the split stratum."""
    return article_id.split("-", 1)[0]


def _counts(system: list[list[SysEvent]], gold: list[list[GoldEvent]]) -> dict[str, Any]:
    """Every count the metrics need, summed over the articles, and each article's own
    (``per_article``, in input order) so that two runs can be compared article by article."""
    c: Counter = Counter()
    pairs: list[tuple[dict, dict]] = []
    loose_pairs: list[tuple[dict, dict]] = []
    conf: list[tuple[float, bool]] = []  # (confidence, matched) per system event
    per_article: list[dict[str, Any]] = []
    for sys_evs, gold_evs in zip(system, gold, strict=True):
        strict = align(sys_evs, gold_evs, strict=True)
        loose = align(sys_evs, gold_evs, strict=False)
        matched_sys_here = {i for i, _ in strict.pairs}
        per_article.append({
            "system": len(sys_evs),
            "gold": len(gold_evs),
            "matched": len(strict.pairs),
            "duplicates": strict.duplicates,
            "fields": {k: [ok, cnt] for k, (ok, cnt) in _field_scores([(sys_evs[i].data, gold_evs[j].data) for i, j in strict.pairs]).items()},
            "confidence": [[round(float(s.data.get("confidence") or 0.0), 4), int(i in matched_sys_here)] for i, s in enumerate(sys_evs)],
        })
        c["system"] += len(sys_evs)
        c["gold"] += len(gold_evs)
        c["matched"] += len(strict.pairs)
        c["duplicates"] += strict.duplicates
        c["loose_matched"] += len(loose.pairs)
        c["trigger_hits"] += sum(1 for s in sys_evs if any(trigger_match(s, g) for g in gold_evs))
        c["loose_hits"] += sum(1 for s in sys_evs if any(loose_match(s, g) for g in gold_evs))
        matched_gold = {j for _, j in strict.pairs}
        current = [j for j, g in enumerate(gold_evs) if not g.data.get("historical")]
        c["gold_current"] += len(current)
        c["matched_current"] += sum(1 for j in current if j in matched_gold)
        for j, g in enumerate(gold_evs):
            c[f"gold:{g.data['type']}"] += 1
            c[f"matched:{g.data['type']}"] += j in matched_gold
        matched_sys = {i for i, _ in strict.pairs}
        conf.extend((float(s.data.get("confidence") or 0.0), i in matched_sys) for i, s in enumerate(sys_evs))
        pairs.extend((sys_evs[i].data, gold_evs[j].data) for i, j in strict.pairs)
        loose_pairs.extend((sys_evs[i].data, gold_evs[j].data) for i, j in loose.pairs)
    return {"c": c, "pairs": pairs, "loose_pairs": loose_pairs, "conf": conf, "per_article": per_article}


def score(system: list[list[SysEvent]], gold: list[list[GoldEvent]], ids: list[str] | None = None) -> dict[str, Any]:
    """The metrics of the guidelines' "Scoring" section from aligned articles; with ``ids``
    (the articles' ids, in order) also each article's counts under ``per_article``, which
    ``scripts/compare_news_events.py`` resamples: 14 or 26 articles make every difference noisy."""
    got = _counts(system, gold)
    c, pairs, loose_pairs = got["c"], got["pairs"], got["loose_pairs"]
    n = len(gold)
    p, r, f = scorer.prf(c["matched"], c["system"], c["gold"])
    lp, lr, lf = scorer.prf(c["loose_matched"], c["system"], c["gold"])
    out: dict[str, Any] = {
        "articles": n,
        "gold_events": c["gold"],
        "system_events": c["system"],
        "matched": c["matched"],
        "precision": scorer.r4(p),
        "recall": scorer.r4(r),
        "f1": scorer.r4(f),
        "recall_current": scorer.ratio(c["matched_current"], c["gold_current"]),
        "duplicates": c["duplicates"],
        "duplicate_rate": scorer.ratio(c["duplicates"], c["system"]),
        "events_per_article": scorer.ratio(c["system"], n),
        "gold_events_per_article": scorer.ratio(c["gold"], n),
        "trigger_precision": scorer.ratio(c["trigger_hits"], c["system"]),
        "loose_hit_precision": scorer.ratio(c["loose_hits"], c["system"]),
        "loose_precision": scorer.r4(lp),
        "loose_recall": scorer.r4(lr),
        "loose_f1": scorer.r4(lf),
        "type_accuracy_loose": scorer.ratio(sum(s["type"] == g["type"] for s, g in loose_pairs), len(loose_pairs)),
    }
    conf = got["conf"]
    scores, real = [x for x, _ in conf], [y for _, y in conf]
    # confidence as the probability that an emitted event is real and typed right (matched)
    out["confidence_auc"] = scorer.auc(scores, real)
    out["confidence_ece"], out["confidence_reliability"] = scorer.calibration(scores, real)
    fields = _field_scores(pairs)
    for k, (ok, cnt) in fields.items():
        out[k] = scorer.ratio(ok, cnt)
    out["field_counts"] = {k: cnt for k, (_, cnt) in fields.items()}
    types = sorted({k.split(":", 1)[1] for k in c if k.startswith("gold:")})
    out["recall_by_type"] = {t: {"gold": c[f"gold:{t}"], "recall": scorer.ratio(c[f"matched:{t}"], c[f"gold:{t}"])} for t in types}
    if ids is not None:
        out["per_article"] = dict(zip(ids, got["per_article"], strict=True))
    return out


def eval_news_events(
    path: Path, limit: int | None = None, pipe: Any = None, stride: int = 1, keep: Keep = None
) -> dict[str, Any]:
    """Score the coder on the news-events articles (the module docstring says how)."""
    pipe = pipeline_or_default(pipe)
    articles = read_gold(path)
    keep_ids = [keep(str(a["id"])) for a in articles] if keep is not None else None
    articles = sample(articles, keep_ids, stride, limit)
    t0 = time.perf_counter()
    system = code_articles(articles, path, pipe)
    secs = time.perf_counter() - t0
    gold = [gold_events(a) for a in articles]
    out = score(system, gold, ids=[str(a["id"]) for a in articles])
    by_group: dict[str, Any] = {}
    for grp in sorted({article_group(a["id"]) for a in articles}):
        idx = [k for k, a in enumerate(articles) if article_group(a["id"]) == grp]
        sub = score([system[k] for k in idx], [gold[k] for k in idx])
        by_group[grp] = {k: sub[k] for k in ("articles", "gold_events", "system_events", "precision", "recall", "duplicate_rate", "source", "target", "location_161km", "date")}
    out["by_source"] = by_group
    out["seconds"] = round(secs, 2)
    return out


def run(path: Path, *, limit: int | None, stride: int, keep: Keep, pipeline: Any) -> dict:
    """:class:`EvalSet` entry point."""
    return eval_news_events(path, limit, pipeline, stride=stride, keep=keep)


def draw_split(path: Path) -> tuple[list[str], list[str], str]:
    """(all ids, test ids, rule): a third of the BBC and of the GVC articles; the WikiEvents
    articles are in the test part exactly when the ``wikievents`` split has them there."""
    from .wikievents import test_doc_ids

    ids = [str(a["id"]) for a in read_gold(path)]
    test: list[str] = []
    for grp in sorted({article_group(i) for i in ids}):
        members = [i for i in ids if article_group(i) == grp]
        if grp == "wikievents":
            wiki_test = set(test_doc_ids([i.split("-", 1)[1] for i in members]))
            test.extend(i for i in members if i.split("-", 1)[1] in wiki_test)
        else:
            test.extend(pick_test(members, 1 / 3, f"news-events:{grp}"))
    rule = "per source (bbc, gvc) the third of article ids of lowest sha256('news-events:<source>:<id>'); wikievents-<doc> as in the wikievents split"
    return ids, sorted(test), rule


def _sniff(path: Path) -> bool:
    if path.suffix.lower() != ".jsonl":
        return False
    with open(path, encoding="utf-8") as fh:
        first = fh.readline()
    return '"mentions"' in first


registry.eval_sets.register(
    "news-events",
    func=EvalSet("news-events", "news-events/gold.jsonl", run, "news-events", "news-events: every event of whole news articles", _sniff),
)

__all__ = [
    "GoldEvent",
    "SysEvent",
    "actor_agrees",
    "align",
    "draw_split",
    "eval_news_events",
    "gold_events",
    "loose_match",
    "read_gold",
    "reporters_agree",
    "run",
    "score",
    "strict_match",
    "trigger_match",
]
