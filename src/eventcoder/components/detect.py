"""``detect``: is a trigger match a real event as a careful coder would record it?

The trigger lexicon proposes candidates generously; most of what it proposes in long-form
prose is not an event — a figure of speech ("attacked the way the war was sold"), a generic
or habitual statement, an act only feared or asked about, sport, a re-mention of an event
already reported. This component scores each draft with a linear model over what the other
components found (the trigger's lemma and lexicon type, its place in the parse, modality,
participants, quotation, date basis, earlier drafts of the article) and drops drafts below
the model's threshold. ``p_event`` (calibrated on held-out annotated data) becomes the
event's confidence.

The model is trained by ``scripts/train_detector.py`` on the project's own annotated corpus
(``corpus/events/``) and shipped as ``data/models/detector.json`` with its provenance beside
it; without that file (or with ``[components.detect] model = null``) the component is a no-op.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from functools import cache
from importlib import resources
from typing import Any, ClassVar

from ..errors import ConfigError
from ..linear import softmax
from ..registry import components
from .base import ArticleContext, EventDraft

DEFAULT_MODEL = "detector.json"


class DetectorModel:
    """A linear model over sparse string features, a threshold, and an isotonic calibration
    map (score -> probability, read linearly between its blocks) fitted on held-out data.

    Two kinds: ``binary`` (``weights``: feature -> weight; the probability that a draft is a
    real event) and ``multiclass`` (``weights``: feature -> {class: weight} over the PLOVER
    types and ``none``; the probability of a real event is 1 - P(none), and the most probable
    type may re-type a draft the lexicon typed otherwise)."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            self.kind = str(data.get("kind", "binary"))
            self.threshold = float(data["threshold"])
            cal = data.get("calibration") or []
            self.cal_x = [float(c[0]) for c in cal]
            self.cal_y = [float(c[1]) for c in cal]
            # block mean scores: the map is read linearly between them (older maps: steps)
            self.cal_m = [float(c[2]) for c in cal] if cal and all(len(c) > 2 for c in cal) else []
            self.meta = data.get("meta", {})
            # null: the model decides whether a draft is an event, never its type (the lexicon's
            # type stands): measured, its re-typing cost PLOVER GSR more than it gained on news
            margin = data.get("retype_margin", 1.0)
            self.retype_margin = math.inf if margin is None else float(margin)
            if self.kind == "multiclass":
                self.classes = [str(c) for c in data["classes"]]
                self.cbias = {str(k): float(v) for k, v in data["bias"].items()}
                self.cweights: dict[str, dict[str, float]] = {
                    str(f): {str(c): float(w) for c, w in ws.items()} for f, ws in data["weights"].items()
                }
                self.bias, self.weights = 0.0, {}
            elif self.kind == "binary":
                self.bias = float(data["bias"])
                self.weights = {str(k): float(v) for k, v in data["weights"].items()}
            else:
                raise ValueError(f"unknown model kind {self.kind!r}")
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ConfigError("E306", path="detector model", reason=f"{type(err).__name__}: {err}") from err

    def distribution(self, feats: list[str]) -> dict[str, float]:
        """P(class) over the classes (multiclass models)."""
        return softmax(self.cbias, self.cweights, feats)

    def raw(self, feats: list[str]) -> float:
        """The uncalibrated probability of a real event."""
        if self.kind == "multiclass":
            return 1.0 - self.distribution(feats).get("none", 0.0)
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def calibrate(self, p: float) -> float:
        """Raw score -> probability: linear between the isotonic blocks' mean scores, so
        scores inside one wide block keep their order (no ties at one value)."""
        if not self.cal_x:
            return p
        if not self.cal_m:
            k = bisect_right(self.cal_x, p) - 1
            return self.cal_y[max(0, k)]
        m, y = self.cal_m, self.cal_y
        if p <= m[0]:
            return y[0]
        if p >= m[-1]:
            return y[-1]
        k = bisect_right(m, p)
        lo, hi = m[k - 1], m[k]
        return y[k - 1] + (y[k] - y[k - 1]) * (p - lo) / (hi - lo) if hi > lo else y[k]

    def probability(self, feats: list[str]) -> float:
        """The calibrated probability of a real event (isotonic steps; raw without a map)."""
        return self.calibrate(self.raw(feats))

    def retype(self, feats: list[str], current: str) -> tuple[float, str]:
        """(calibrated P(real event), the type to give it): another type only when the model
        prefers it to the lexicon's by more than ``retype_margin`` (a probability ratio; never
        when the file's margin is null)."""
        if self.kind != "multiclass":
            return self.probability(feats), current
        dist = self.distribution(feats)
        p_event = self.calibrate(1.0 - dist.get("none", 0.0))
        best = max((c for c in dist if c != "none"), key=lambda c: dist[c])
        if best != current and self.retype_margin < math.inf and dist[best] > self.retype_margin * dist.get(current, 0.0):
            return p_event, best
        return p_event, current


@cache
def load_model(name: str = DEFAULT_MODEL) -> DetectorModel | None:
    path = resources.files("eventcoder.data").joinpath("models", name)
    if not path.is_file():
        return None
    try:
        return DetectorModel(json.loads(path.read_text("utf-8")))
    except json.JSONDecodeError as err:
        raise ConfigError("E306", path=str(path), reason=str(err)) from err


class Detect:
    name: ClassVar[str] = "detect"
    requires: ClassVar[tuple[str, ...]] = (
        "drafts", "draft.type", "draft.negated", "draft.hypothetical", "draft.source_actor",
        "draft.target_actor", "draft.date", "draft.location", "draft.reported_by",
    )  # fmt: skip
    assigns: ClassVar[tuple[str, ...]] = ("drafts", "draft.p_event", "draft.type", "draft.mode", "draft.acled")

    def __init__(self, model: DetectorModel | None, threshold: float | None = None, typer: DetectorModel | None = None) -> None:
        self.model = model
        self.typer = typer
        self.threshold = threshold if threshold is not None else (model.threshold if model else 0.0)

    def __call__(self, ctx: ArticleContext) -> None:
        if self.model is None:
            return
        kept = []
        for i, d in enumerate(ctx.drafts):
            if d.origin != "lexicon":
                # a draft the detector was never trained on (``speech``): kept on its
                # proposer's own gated probability until the detector is retrained with it
                kept.append(d)
                continue
            feats = features(d, ctx, i)
            p, etype = self.model.retype(feats, d.type)
            if self.typer is not None:
                _, etype = self.typer.retype(feats, d.type)
            d.p_event = round(p, 4)
            if etype != d.type:
                # the model reads the word in its context as another kind of act: the
                # lexicon's mode and ACLED mapping belonged to the old type
                d.type, d.mode, d.acled = etype, None, None
            if d.p_event >= self.threshold:
                kept.append(d)
        ctx.drafts = kept


@components.register("detect")
def make_detect(resources: Any, model: str | None = DEFAULT_MODEL, threshold: float | None = None, typer: str | None = None) -> Detect:
    return Detect(load_model(model) if model else None, threshold, load_model(typer) if typer else None)


def _bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 4, 8, 16)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def features(d: EventDraft, ctx: ArticleContext, index: int) -> list[str]:
    """Sparse string features of one draft in its article (``index`` is its position among
    the article's drafts, for what came before). Case-robust: the training corpus mixes
    lower-cased wire text with ordinary prose."""
    tok, doc = d.tok, d.doc
    lemma = tok.lemma_.lower()
    head = tok.head
    f = [
        "bias_type=" + d.type,
        "lemma=" + lemma,
        "lemma_type=" + lemma + "|" + d.type,
        "type_mode=" + d.type + "|" + str(d.mode),
        "pos=" + tok.pos_,
        "tag=" + tok.tag_,
        "dep=" + tok.dep_,
        "lemma_dep=" + lemma + "|" + tok.dep_,
        "head_lemma=" + head.lemma_.lower(),
        "head_dep=" + head.dep_ + "|" + tok.dep_,
        "lemma_head=" + lemma + "|" + head.lemma_.lower(),
        "support=" + str(d.match.support is not None),
        "acled_key=" + str(d.match.entry.acled),
        "negated=" + str(d.negated),
        "hypothetical=" + str(d.hypothetical),
        "type_hyp=" + d.type + "|" + str(d.hypothetical),
        "src=" + _actor_kind(d.source_actor),
        "tgt=" + _actor_kind(d.target_actor),
        "type_src=" + d.type + "|" + _actor_kind(d.source_actor),
        "type_tgt=" + d.type + "|" + _actor_kind(d.target_actor),
        "src_sector=" + str(d.source_actor.sector if d.source_actor else None),
        "tgt_sector=" + str(d.target_actor.sector if d.target_actor else None),
        "date_basis=" + str(d.date.basis),
        "date_precision=" + str(d.date.precision),
        "loc_basis=" + str(d.location.basis if d.location else None),
        "reported=" + str(bool(d.reported_by)),
        "type_reported=" + d.type + "|" + str(bool(d.reported_by)),
    ]
    for c in tok.children:
        f.append("child=" + c.dep_)
        if c.dep_ in ("det", "poss", "nummod", "neg", "aux", "auxpass", "prt", "amod", "compound"):
            f.append("child_word=" + c.dep_ + "|" + c.lower_)
            f.append("lemma_child=" + lemma + "|" + c.dep_ + "|" + c.lower_)
    if tok.pos_ in ("NOUN", "PROPN"):
        f.append("number=" + ("plural" if tok.tag_ in ("NNS", "NNPS") else "singular"))
        f.append("nominal_form=" + _nominal_form(tok))
        f.append("type_nominal_form=" + d.type + "|" + _nominal_form(tok))
        if head.pos_ in ("VERB", "AUX"):
            f.append("noun_governor=" + head.lemma_.lower() + "|" + tok.dep_)
    i = tok.i
    prev = doc[i - 1].lower_ if i > 0 else "<s>"
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else "</s>"
    f += ["prev=" + prev, "next=" + nxt, "lemma_next=" + lemma + "|" + nxt, "prev_lemma=" + prev + "|" + lemma]
    gov = head
    for depth in range(3):
        if gov.head is gov:
            break
        f.append(f"gov{depth}=" + gov.lemma_.lower())
        gov = gov.head
    f.append("root_dist=" + _bucket(_depth(tok)))
    text = d.sentence.text
    rel = tok.idx
    f.append("in_quote=" + str(_in_quote(text, rel)))
    f.append("question=" + str(text.rstrip().endswith("?")))
    f.append("sent_pos=" + _bucket(_sentence_index(ctx, d), (0, 1, 3, 7, 15)))
    f.append("sent_len=" + _bucket(len(doc), (8, 16, 32, 64)))
    earlier = ctx.drafts[:index]
    same_type = sum(1 for e in earlier if e.type == d.type and e.sentence.start != d.sentence.start)
    same_lemma = sum(1 for e in earlier if e.tok.lemma_.lower() == lemma and e.sentence.start != d.sentence.start)
    same_sentence = sum(1 for e in ctx.drafts if e is not d and e.sentence.start == d.sentence.start)
    f += [
        "earlier_same_type=" + _bucket(same_type, (0, 1, 3)),
        "earlier_same_lemma=" + _bucket(same_lemma, (0, 1, 3)),
        "same_sentence=" + _bucket(same_sentence, (0, 1, 2, 4)),
        "type_earlier=" + d.type + "|" + _bucket(same_type, (0, 1, 3)),
    ]
    if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.children):
        f.append("definite_seen=" + str(same_type > 0))
    f += _aspect(tok)
    return f


def _aspect(tok: Any) -> list[str]:
    """What tells an occasion from a habit, a rule or a possibility: the tense, aspect and
    modal of the clause the trigger is in ("have accelerated", "can be detained", "roam ...
    beating"), its frequency adverbs ("often", "repeatedly"), and whether its subject is a bare
    plural ("Arrests of activists", "militants") or a determined, named participant."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    if verb.pos_ not in ("VERB", "AUX"):
        verb = tok
    morph = verb.morph
    tense = ",".join(morph.get("Tense")) or "none"
    aspect = ",".join(morph.get("Aspect")) or "none"
    form = ",".join(morph.get("VerbForm")) or "none"
    out = ["clause_tense=" + tense + "|" + aspect + "|" + form]
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    modal = next((a for a in aux if a in ("can", "could", "may", "might", "would", "should", "must", "will", "shall")), None)
    out.append("clause_modal=" + str(modal))
    out.append("clause_perfect=" + str(any(a in ("have", "has", "had", "'ve") for a in aux)))
    for c in (*verb.children, *(tok.children if verb is not tok else ())):
        if c.dep_ == "advmod" or c.dep_ == "npadvmod":
            out.append("advmod=" + c.lower_)
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        out.append("subj=none")
    else:
        dets = [c.lower_ for c in subj.children if c.dep_ in ("det", "poss", "nummod")]
        bare_plural = subj.tag_ in ("NNS", "NNPS") and not dets and subj.pos_ != "PROPN"
        out.append("subj=" + ("bare_plural" if bare_plural else subj.pos_ + ("|det" if dets else "")))
    return out


def _nominal_form(tok: Any) -> str:
    """How a noun trigger is determined: a bare plural ("bombings are commonplace", "Arrests
    of activists have accelerated") names a kind of act, not an occasion; a possessed, counted
    or definite one ("Tuesday's raid", "two attacks", "the attack") points at occasions."""
    plural = tok.tag_ in ("NNS", "NNPS")
    deps = {c.dep_: c.lower_ for c in tok.children if c.dep_ in ("det", "poss", "nummod")}
    if "poss" in deps:
        kind = "possessed"
    elif "nummod" in deps:
        kind = "counted"
    elif "det" in deps:
        kind = "definite" if deps["det"] in ("the", "this", "that", "these", "those") else "indefinite"
    else:
        kind = "bare"
    return kind + "|" + ("plural" if plural else "singular")


def _actor_kind(a: Any) -> str:
    if a is None:
        return "none"
    if a.name and a.sector:
        return "coded"
    if a.name:
        return "named"
    return "uncoded"


def _depth(tok: Any) -> int:
    n = 0
    while tok.head is not tok and n < 20:
        tok = tok.head
        n += 1
    return n


def _in_quote(text: str, pos: int) -> bool:
    before = text[:pos]
    return (before.count('"') + before.count("“") - before.count("”")) % 2 == 1


def _sentence_index(ctx: ArticleContext, d: EventDraft) -> int:
    return sum(1 for s in ctx.sentences if s.start < d.sentence.start)
