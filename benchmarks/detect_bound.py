"""How many NER tokens a pre-NER upper bound on ``detect`` could spare (issue 14, x28speed).

    PYTHONPATH=src python benchmarks/detect_bound.py [--bbc 400]

The idea measured (x27speed's proposal): score each draft with every feature the entities can
feed set to its most favourable value; a draft still below ``detect``'s threshold cannot be kept
whatever the NER says, so a sentence whose drafts all fail the bound needs no NER *for
triggers*. This script does not change the pipeline: it codes the BBC sample as
``Pipeline.code_many`` does (default config, batches of 32) and, just before ``detect`` runs,
scores every lexicon draft three ways:

- ``actual``: the detector's probability on its real features (kept or not);
- ``tight``: the draft's real features, but ``src``/``tgt`` (kind, type-crossed kind, sector:
  one joint choice per side — ``none``/``named``/``uncoded`` have no sector, ``coded`` any
  sector the model knows), ``date_basis``, ``date_precision``, ``loc_basis`` and ``reported``
  (with its type-crossed twin) each at the value that raises the logit most;
- ``loose``: each of those families on its own at the best weight of any value of the model;
- ``what-if (presence fixed)``: *not* a valid bound — whether the draft has a source and a
  target and its date fields as they are, the rest as in ``tight``: what the bound could reach
  if ``roles`` chose its spans without the entities (it reads ``ent_type_``).

Both bounds read every other feature as it is *after* ``roles``, ``modality``, ``retype`` and
the rest have run with the entities; a bound computed before the NER can only be looser (the
drafts' type, modality and neighbours are not yet final), so the ``tight`` counts are an upper
limit on what the pre-NER bound can reach.

Tokens: a NER'd sentence could skip the recogniser only if ``triggers.needs_entities`` alone
asked for it (not ``actors``' full names, not a ``propose``), it holds no ``speech`` draft,
and every lexicon draft in it fails the bound. ``oracle``: the same sentences with no kept
draft (what a perfect bound could reach). BBC texts are used to measure only.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

#: the detector's features the entities can feed (through roles/actors, dates, places, attribution)
ENTITY_FED = frozenset({
    "src", "tgt", "type_src", "type_tgt", "src_sector", "tgt_sector",
    "date_basis", "date_precision", "loc_basis", "reported", "type_reported",
})  # fmt: skip


class Bound:
    """Upper bounds on a binary detector's calibrated probability (``DetectorModel``)."""

    def __init__(self, model: Any) -> None:
        if model.kind != "binary" or model.conjunctions or model.semantics is not None:
            raise SystemExit("detect_bound: measures a binary model without conjunctions or semantics only")
        self.m, self.w = model, model.weights
        self.best: dict[str, float] = {}
        values: dict[str, set[str]] = {}
        for f, wt in self.w.items():
            fam, _, v = f.partition("=")
            self.best[fam] = max(self.best.get(fam, 0.0), wt)  # 0.0: a value the model never saw
            values.setdefault(fam, set()).add(v)
        self.sectors = sorted((values.get("src_sector", set()) | values.get("tgt_sector", set())) - {"None"})
        self.values = values

    def _prob(self, z: float) -> float:
        return self.m.calibrate(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))

    def _side(self, r: str, etype: str, kinds: tuple[str, ...] = ("none", "named", "uncoded", "coded")) -> float:
        """The most favourable score the side ``r`` can add over the kinds it may be."""
        w, out = self.w, -math.inf
        for kind in kinds:
            z = w.get(f"{r}={kind}", 0.0) + w.get(f"type_{r}={etype}|{kind}", 0.0)
            if kind == "coded":
                z += max([0.0, *(w.get(f"{r}_sector={s}", 0.0) for s in self.sectors)])
            else:
                z += w.get(f"{r}_sector=None", 0.0)
            out = max(out, z)
        return out

    def presence_fixed(self, feats: list[str], etype: str) -> float:
        """Not a valid bound (a what-if): whether the draft has a source and a target, and its
        date fields, as they are; only the sides' kind and sector, the place basis and
        ``reported`` free. Valid only if ``roles`` chose its spans without entities, which it
        does not (it reads ``ent_type_``): what a roles stage blind to entities would allow."""
        w, fs = self.w, set(feats)
        kept = {"date_basis", "date_precision"}
        z = self.m.bias + sum(w.get(f, 0.0) for f in feats if f.partition("=")[0] not in ENTITY_FED or f.partition("=")[0] in kept)
        for r in ("src", "tgt"):
            z += self._side(r, etype, ("none",) if f"{r}=none" in fs else ("named", "uncoded", "coded"))
        z += max([0.0, *(w.get(f"loc_basis={v}", 0.0) for v in self.values.get("loc_basis", ()))])
        z += max(w.get(f"reported={v}", 0.0) + w.get(f"type_reported={etype}|{v}", 0.0) for v in ("True", "False"))
        return self._prob(z)

    def tight(self, feats: list[str], etype: str) -> float:
        w = self.w
        z = self.m.bias + sum(w.get(f, 0.0) for f in feats if f.partition("=")[0] not in ENTITY_FED)
        z += self._side("src", etype) + self._side("tgt", etype)
        for fam in ("date_basis", "date_precision", "loc_basis"):
            z += max([0.0, *(w.get(f"{fam}={v}", 0.0) for v in self.values.get(fam, ()))])
        z += max(w.get(f"reported={v}", 0.0) + w.get(f"type_reported={etype}|{v}", 0.0) for v in ("True", "False"))
        return self._prob(z)

    def loose(self, feats: list[str]) -> float:
        z = self.m.bias + sum(self.w.get(f, 0.0) for f in feats if f.partition("=")[0] not in ENTITY_FED)
        return self._prob(z + sum(self.best.get(fam, 0.0) for fam in ENTITY_FED))


def measure(n: int) -> dict[str, Any]:
    from tokens import bbc_articles

    from eventcoder.components import detect as D
    from eventcoder.pipeline import Pipeline

    arts = bbc_articles(n)
    pipe = Pipeline()
    det = next(c for c in pipe.components if c.name == "detect")
    if det.genre is not None:
        raise SystemExit("detect_bound: a genre-calibrated threshold is not measured")
    bound = Bound(det.model)
    by_name = {c.name: c for c in pipe.components}
    asked: dict[int, dict[str, set[int]]] = {}
    original = pipe._add_entities

    def recording(contexts: list[tuple[Any, set[int]]]) -> None:
        limits = [c for c in pipe.components if callable(getattr(c, "limit_entities", None))]
        for ctx, proposed in contexts:
            trig, act = set(by_name["triggers"].needs_entities(ctx)), set(by_name["actors"].needs_entities(ctx))
            idx = trig | act
            for c in limits:
                idx = set(c.limit_entities(ctx, idx))
            prop = {i for i, p in enumerate(ctx.parsed) if p.sentence.start in proposed}
            asked[id(ctx)] = {"trig": trig, "act": act, "prop": prop, "ner": idx | prop}
        original(contexts)

    pipe._add_entities = recording  # type: ignore[method-assign]
    scored: dict[int, list[tuple[int, bool | None, bool, bool, bool]]] = {}
    slack: list[float] = []

    spent = [0.0]

    def scoring(ctx: Any) -> None:
        t0 = time.process_time()
        rows = []
        t = det.threshold
        for i, d in enumerate(ctx.drafts):
            if d.origin != "lexicon":
                rows.append((d.sentence.start, None, True, True, True))
                continue
            feats = D.features(d, ctx, i, det.model.legacy_gov)
            p = det.model.probability(feats)
            fx, hi, lo = bound.presence_fixed(feats, d.type), bound.tight(feats, d.type), bound.loose(feats)
            assert p - 1e-9 <= fx <= hi + 1e-9 and lo >= hi - 1e-9, (p, fx, hi, lo)
            rows.append((d.sentence.start, p >= t, hi >= t, lo >= t, fx >= t))
            if p < t:
                slack.append(hi - p)
        scored[id(ctx)] = rows
        spent[0] += time.process_time() - t0

    ctxs = []
    t0 = time.process_time()
    for k in range(0, len(arts), 32):
        for ctx in pipe._contexts(arts[k : k + 32]):
            if not hasattr(ctx, "parsed"):
                continue
            for c in pipe.components:
                if c is det:
                    scoring(ctx)
                c(ctx)
            ctxs.append(ctx)
    cpu = time.process_time() - t0
    tok: Counter[str] = Counter()
    drafts: Counter[str] = Counter()
    for ctx in ctxs:
        a, rows = asked[id(ctx)], scored.get(id(ctx), [])
        for _, kept, hi, lo, fx in rows:
            if kept is not None:
                drafts["pass what-if (presence fixed)"] += fx
                drafts["lexicon drafts"] += 1
                drafts["kept"] += kept
                drafts["pass tight bound"] += hi
                drafts["pass loose bound"] += lo
        for i, p in enumerate(ctx.parsed):
            n = len(p.doc)
            tok["parsed"] += n
            if i not in a["ner"]:
                continue
            tok["NER'd"] += n
            if i not in a["trig"] or i in a["act"] or i in a["prop"]:
                continue
            tok["NER'd for triggers only"] += n
            mine = [r for r in rows if r[0] == p.sentence.start]
            if any(r[1] is None for r in mine):
                continue
            tok["oracle: no kept draft"] += not any(r[1] for r in mine) and n
            tok["tight bound fails every draft"] += not any(r[2] for r in mine) and n
            tok["loose bound fails every draft"] += not any(r[3] for r in mine) and n
            tok["what-if (presence fixed) fails every draft"] += not any(r[4] for r in mine) and n
    slack.sort()
    return {"articles": len(arts), "parsed articles": len(ctxs), "cpu_s": cpu, "scoring_s": spent[0], "tokens": tok, "drafts": drafts,
            "median slack of dropped drafts (tight bound - p)": slack[len(slack) // 2] if slack else None}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bbc", type=int, default=400, help="the first N of the spread BBC sample")
    out = measure(ap.parse_args().bbc)
    n = out["articles"]
    print(f"{n} articles, {out['parsed articles']} parsed, {out['cpu_s']:.1f} CPU-s; the drafts' features and"
          f" bounds {out['scoring_s'] * 1000 / n:.3f} CPU-ms an article")
    print("| tokens | all | an article |\n|---|---:|---:|")
    for k in ("parsed", "NER'd", "NER'd for triggers only", "oracle: no kept draft", "tight bound fails every draft", "loose bound fails every draft",
              "what-if (presence fixed) fails every draft"):
        v = out["tokens"][k]
        print(f"| {k} | {v} | {v / n:.2f} |")
    print("drafts:", dict(out["drafts"]))
    print("median slack:", out["median slack of dropped drafts (tight bound - p)"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
