"""Duplicates on the news-events dev part: which event each should have joined, and why not.

Extends the lead's FP/DUP/MISS listing (``/work/briefs/news_errors.py``) for within-article
event coreference (``components/coref.py``): for every duplicate (a system event on a gold
event another system event already matched) it prints both events — type, trigger, sources,
targets, places, dates, flags, sentences — and, for the later of the two, what ``corefer`` saw:
the clause-relation readings (anaphor, consequence), every earlier same-type event kept so far
(after the earlier joins, as the coder folds them) with the
pair model's probability and the ``clash`` that blocks the rules, and a cause bucket, so a
change is judged on the whole table rather than on one sentence.

    PYTHONPATH=src:scripts python scripts/news_duplicates.py [--part dev|test] [--config FILE] [--quiet]
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

import news_part  # scripts/news_part.py: the coded part of the split

from eventcoder.clean import clean
from eventcoder.components import coref as C
from eventcoder.eval.sets import news_events as ne
from eventcoder.records import Origin, RawRecord

#: per article text prefix and trigger start: what corefer saw for each draft
SEEN: dict[tuple[str, int], dict[str, Any]] = {}
_antecedent = C.Corefer.antecedent


def _watch(self: C.Corefer, d: Any, rivals: list, index: dict[int, int], profile: dict[str, Any] | None = None) -> Any:
    """Record the events kept so far that ``antecedent`` weighs for a draft (the earlier
    same-type events after the earlier joins, as the coder folds them), each scored as it
    scores them."""
    rows = []
    for rank, e in enumerate(reversed(rivals)):
        p = self.model.probability(C.pair_features(d, e, rank, index, len(rivals), first=e is rivals[0], profile=profile)) if self.model else None
        rows.append((e.trigger_start, C.clash(d, e), p, self.bar(d, e)))
    SEEN[(_KEY[0], d.trigger_start)] = {
        "rivals": rows, "anaphor": C.is_anaphor(d.tok) or C.told_of_anaphor(d.tok), "consequence": C.is_consequence(d.tok),
        "sentence": index.get(d.sentence.start), "flags": (d.negated, d.hypothetical),
    }
    return _antecedent(self, d, rivals, index, profile)


#: the article ``corefer`` is folding (its text prefix), set by ``_call``
_KEY = [""]
_corefer_call = C.Corefer.__call__


def _call(self: C.Corefer, ctx: Any) -> None:
    _KEY[0] = ctx.article.text[:80]
    _corefer_call(self, ctx)


C.Corefer.antecedent = _watch  # type: ignore[method-assign]
C.Corefer.__call__ = _call  # type: ignore[method-assign]


def describe(d: dict) -> str:
    s, t, loc, date = d.get("source_actor") or {}, d.get("target_actor") or {}, d.get("location") or {}, d.get("date") or {}
    return (f"{d['type']} {d['trigger']['text']!r} conf={d['confidence']:.2f} src={s.get('name') or s.get('text')} "
            f"tgt={t.get('name') or t.get('text')} loc={loc.get('name')}/{loc.get('basis')} date={date.get('value')}/{date.get('basis')} "
            f"hist={d.get('historical')} neg={d.get('negated')} hyp={d.get('hypothetical')} mentions={len(d.get('mentions') or [])}")


def cause(seen: dict | None, earlier_start: int, same_sentence: bool, threshold: float) -> str:
    """The bucket of one duplicate: why ``corefer`` did not join it to the matched event."""
    if same_sentence:
        return "same sentence (other flags)"
    if seen is None:
        return "not seen by corefer"
    row = next((r for r in seen["rivals"] if r[0] == earlier_start), None)
    if row is None:
        return "never a rival (folded into another event, or other type or flags when corefer ran)"
    _, why, p, bar = row
    if why in ("reply",):
        return "vetoed: " + why
    if p is not None and threshold <= p < bar:
        return "above the threshold, under the bar of another source's account (account_threshold)"
    if p is not None and p >= bar:
        return "scored above its bar but another rival won"
    return f"pair model below threshold{' (clash: ' + why + ')' if why else ''}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    news_part.add_arguments(ap)
    ap.add_argument("--quiet", action="store_true", help="the cause table only")
    args = ap.parse_args()
    buckets: Counter = Counter()
    n = 0
    threshold = None
    for a, system, gold in news_part.coded(args):
        if threshold is None:
            from confection import Config

            cfg = Config().from_disk(args.config)["components"]["corefer"]
            threshold = cfg.get("threshold")
            if threshold is None:
                from eventcoder.components.detect import load_model

                model = load_model(cfg.get("model") or "coref.json")
                threshold = model.threshold if model else 1.0
        matched = {j: i for i, j in ne.align(system, gold).pairs}
        taken = set(matched.values())
        key = clean(RawRecord(text=a["text"], origin=Origin("<gold>"), title=a.get("title") or None), published=a.get("published")).text[:80]
        for i, s in enumerate(system):
            if i in taken:
                continue
            hits = [j for j, g in enumerate(gold) if ne.strict_match(s, g) and j in matched]
            if not hits:
                continue
            n += 1
            j = hits[0]
            m = system[matched[j]]
            later, earlier = (s, m) if s.trigger[0] > m.trigger[0] else (m, s)
            seen = SEEN.get((key, later.data["trigger"]["start"]))
            why = cause(seen, earlier.data["trigger"]["start"], s.sentence == m.sentence, threshold)
            buckets[why] += 1
            if args.quiet:
                continue
            print(f"=== DUP {n} {a['id']} gold {gold[j].data['type']} ({len(gold[j].data['mentions'])} gold mentions), the duplicate is {'after' if s is later else 'before'} the matched event: {why}")
            for tag, e in (("matched", m), ("duplicate", s)):
                print(f"  {tag}: {describe(e.data)}\n     | {e.data['sentence'][:220]}")
            if seen:
                print(f"  later draft: sentence {seen['sentence']} anaphor={seen['anaphor']} consequence={seen['consequence']}")
                for start, clash, p, bar in seen["rivals"]:
                    print(f"     earlier @{start} clash={clash} p={None if p is None else round(p, 3)} bar={bar}{'  <= the matched event' if start == earlier.data['trigger']['start'] else ''}")
    print(f"\n{n} duplicates (threshold {threshold})")
    for why, k in buckets.most_common():
        print(f"{k:4d}  {why}")


if __name__ == "__main__":
    main()
