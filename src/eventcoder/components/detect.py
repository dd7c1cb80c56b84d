"""``detect``: is a trigger match a real event as a careful coder would record it?

The trigger lexicon proposes candidates generously; most of what it proposes in long-form
prose is not an event — a figure of speech ("attacked the way the war was sold"), a generic
or habitual statement, an act only feared or asked about, sport, a re-mention of an event
already reported. This component scores each draft with a linear model over what the other
components found (the trigger's lemma and lexicon type, its place in the parse, modality,
participants, quotation, date basis, earlier drafts of the article) and drops drafts below
the model's threshold. ``p_event`` (calibrated on held-out annotated data) becomes the
event's confidence. A model file with ``semantics`` (``detector_semantic.json``) also reads
what the sentence and the article are about, from word vectors (``Semantics``).

The model is trained by ``scripts/train_detector.py`` on the project's own annotated corpus
(``corpus/events/``) and shipped as ``data/models/detector.json`` with its provenance beside
it; without that file (or with ``[components.detect] model = null``) the component is a no-op.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import numpy as np

from .. import vectors
from ..errors import ConfigError
from ..lang import words
from ..linear import softmax, sparse_table
from ..nlp import doc_text
from ..registry import components
from .base import ArticleContext, EventDraft

DEFAULT_MODEL = "detector.json"

#: explicit pairwise conjunctions of feature families (x23detect): the word crossed with the
#: clause relation that carries it and with its modality and quotation, the type crossed with the
#: sentence's position in the article. A model file names the pairs it was trained with
#: (``conjunctions``); ``conjoin`` builds them from the draft's own features at run time.
CONJUNCTIONS: tuple[tuple[str, str], ...] = (
    ("lemma", "ctx_clause"), ("lemma", "ctx_gov"), ("lemma", "ctx_rank"),
    ("lemma", "hypothetical"), ("lemma", "negated"), ("lemma", "in_quote"), ("lemma", "reported"),
    ("lemma", "clause_modal"), ("lemma", "clause_tense"),
    ("bias_type", "sent_pos"), ("bias_type", "root_dist"),
)  # fmt: skip


def conjoin(feats: list[str], pairs: tuple[tuple[str, str], ...]) -> list[str]:
    """The conjunction features ``a*b=va|vb`` of every pair of families (every value of ``a``
    with every value of ``b``: a family may occur more than once in a draft's features)."""
    if not pairs:
        return []
    by: dict[str, list[str]] = {}
    for f in feats:
        name, sep, value = f.partition("=")
        if sep:
            by.setdefault(name, []).append(value)
    return [f"{a}*{b}={va}|{vb}" for a, b in pairs for va in by.get(a, ()) for vb in by.get(b, ())]


class Calibration:
    """A monotone map from the model's raw score to a probability, fitted on scores the model
    never trained on (``scripts/train_detector.py``: out-of-fold scores of the training
    documents). Three forms, as the model file's ``calibration`` says:

    - a list ``[[threshold, probability(, block mean score)], ...]``: isotonic
      (pool-adjacent-violators). With block means it is read linearly between them, without
      them (older files) as steps; either way it is flat below the first block and above the
      last, so every score there ties;
    - ``{"kind": "platt", "a": a, "b": b}``: ``sigmoid(a * logit(raw) + b)``, smooth and
      strictly increasing — no two raw scores tie, however few examples fell near them;
    - ``{"kind": "platt_isotonic", "a", "b", "isotonic": [...]}``: Platt scaling of the
      interpolated isotonic map's log-odds (the isotonic shape, rescaled; still flat below the
      first block and above the last).

    Why it matters: the calibrated probability is both the threshold ``detect`` drops by and
    the confidence a user ranks events by; a flat stretch makes a whole range of drafts one
    value, so one sample sentence decides the threshold for all of them."""

    KINDS: ClassVar[tuple[str, ...]] = ("isotonic", "platt", "platt_isotonic")

    def __init__(self, kind: str = "identity", iso: list[list[float]] | None = None, a: float = 1.0, b: float = 0.0) -> None:
        if kind not in (*self.KINDS, "identity"):
            raise ValueError(f"unknown calibration kind {kind!r}")
        self.kind, self.a, self.b = kind, float(a), float(b)
        iso = iso or []
        self.xs = [float(c[0]) for c in iso]
        self.ys = [float(c[1]) for c in iso]
        # block mean scores: the map is read linearly between them (older maps: steps)
        self.ms = [float(c[2]) for c in iso] if iso and all(len(c) > 2 for c in iso) else []

    @classmethod
    def from_json(cls, data: Any) -> Calibration:
        if not data:
            return cls()
        if isinstance(data, list):
            return cls("isotonic", data)
        kind = str(data["kind"])
        if kind == "isotonic":
            return cls(kind, data["isotonic"])
        return cls(kind, data.get("isotonic"), float(data["a"]), float(data["b"]))

    def to_json(self) -> Any:
        iso = [[x, y, m] for x, y, m in zip(self.xs, self.ys, self.ms, strict=True)] if self.ms else [[x, y] for x, y in zip(self.xs, self.ys, strict=True)]
        if self.kind == "identity":
            return []
        if self.kind == "isotonic":
            return iso
        out: dict[str, Any] = {"kind": self.kind, "a": round(self.a, 6), "b": round(self.b, 6)}
        if self.kind == "platt_isotonic":
            out["isotonic"] = iso
        return out

    def isotonic(self, p: float) -> float:
        if not self.xs:
            return p
        if not self.ms:
            k = bisect_right(self.xs, p) - 1
            return self.ys[max(0, k)]
        m, y = self.ms, self.ys
        if p <= m[0]:
            return y[0]
        if p >= m[-1]:
            return y[-1]
        k = bisect_right(m, p)
        lo, hi = m[k - 1], m[k]
        return y[k - 1] + (y[k] - y[k - 1]) * (p - lo) / (hi - lo) if hi > lo else y[k]

    def __call__(self, p: float) -> float:
        if self.kind == "identity":
            return p
        if self.kind == "isotonic":
            return self.isotonic(p)
        q = self.isotonic(p) if self.kind == "platt_isotonic" else p
        return sigmoid(self.a * logit(q) + self.b)


#: raw scores are clipped to [EPS, 1 - EPS] before their log-odds are taken
EPS = 1e-4


def logit(p: float) -> float:
    p = min(1.0 - EPS, max(EPS, p))
    return math.log(p / (1.0 - p))


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class DetectorModel:
    """A linear model over sparse string features, a threshold, and a monotone calibration
    map (``Calibration``: raw score -> probability) fitted on scores the model did not train on.

    Two kinds: ``binary`` (``weights``: feature -> weight; the probability that a draft is a
    real event) and ``multiclass`` (``weights``: feature -> {class: weight} over the PLOVER
    types and ``none``; the probability of a real event is 1 - P(none), and the most probable
    type may re-type a draft the lexicon typed otherwise)."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            self.kind = str(data.get("kind", "binary"))
            self.threshold = float(data["threshold"])
            self.calibration = Calibration.from_json(data.get("calibration"))
            self.meta = data.get("meta", {})
            # the governor walk the model was trained on: "root" (stops at the root, compared by
            # index) for models trained since x21labels; older files learned the walk that never
            # stopped (the root repeated as gov1/gov2) and keep it, so their scores are unchanged
            self.legacy_gov = self.meta.get("gov_walk") != "root"
            # what the sentence and the article are about (word-vector topic clusters), when
            # the model was trained with them
            self.semantics = Semantics.from_json(data["semantics"]) if data.get("semantics") else None
            self.conjunctions = _conjunction_pairs(data.get("conjunctions"))
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
        if self.conjunctions:
            feats = feats + conjoin(feats, self.conjunctions)
        table = self.__dict__.get("_table", False)
        if table is False:
            table = self.__dict__["_table"] = sparse_table(self.cbias, self.cweights)
        return softmax(self.cbias, self.cweights, feats, table)

    def raw(self, feats: list[str]) -> float:
        """The uncalibrated probability of a real event."""
        if self.kind == "multiclass":
            return 1.0 - self.distribution(feats).get("none", 0.0)
        if self.conjunctions:
            feats = feats + conjoin(feats, self.conjunctions)
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def calibrate(self, p: float) -> float:
        """Raw score -> calibrated probability (``Calibration``)."""
        return self.calibration(p)

    def probability(self, feats: list[str]) -> float:
        """The calibrated probability of a real event (raw without a map)."""
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


def _conjunction_pairs(data: Any) -> tuple[tuple[str, str], ...]:
    """A model file's ``conjunctions``: absent or a list of two-name lists (``E562``)."""
    if data is None:
        return ()
    if not isinstance(data, list) or not all(
        isinstance(p, (list, tuple)) and len(p) == 2 and all(isinstance(x, str) and x and "=" not in x for x in p) for p in data
    ):
        raise ConfigError("E562", value=repr(data)[:80])
    return tuple((a, b) for a, b in data)


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
    assigns: ClassVar[tuple[str, ...]] = ("drafts", "dropped", "draft.p_event", "draft.type", "draft.mode", "draft.acled")

    def __init__(self, model: DetectorModel | None, threshold: float | None = None, typer: DetectorModel | None = None, score_speech: bool = False,
                 genre: Any = None) -> None:
        self.model = model
        self.score_speech = score_speech
        #: a ``confidence.GenreCalibration``: the threshold then reads the probability read with the
        #: article's genre (``p_event`` stays the detector's own)
        self.genre = genre
        self.typer = typer
        self.threshold = threshold if threshold is not None else (model.threshold if model else 0.0)

    def __call__(self, ctx: ArticleContext) -> None:
        if self.model is None:
            return
        kept = []
        sem = self.model.semantics
        art_vec = sem.article_vector(ctx) if sem is not None else None
        genre = self.genre
        z = genre.article_logit(ctx) if genre is not None else None
        for i, d in enumerate(ctx.drafts):
            if d.origin != "lexicon":
                # a draft the detector was never trained on (``speech``): kept on its
                # proposer's own gated probability until the detector is retrained with it
                # (``speech``); with ``score_speech`` its probability becomes the proposer's times
                # the detector's reading of its context (negated, hypothetical, generic prose),
                # so that confidence ranks it among the lexicon's events
                if self.score_speech and d.p_event is not None:
                    feats = features(d, ctx, i, self.model.legacy_gov)
                    if sem is not None:
                        feats += sem.features(d, art_vec)
                    d.p_event = round(self.model.retype(feats, d.type)[0] * d.p_event, 4)
                kept.append(d)
                continue
            feats = features(d, ctx, i, self.model.legacy_gov)
            if sem is not None:
                feats += sem.features(d, art_vec)
            p, etype = self.model.retype(feats, d.type)
            if self.typer is not None:
                _, etype = self.typer.retype(feats, d.type)
            d.p_event = round(p, 4)
            if etype != d.type:
                # the model reads the word in its context as another kind of act: the
                # lexicon's mode and ACLED mapping belonged to the old type
                d.type, d.mode, d.acled = etype, None, None
            if (d.p_event if genre is None else genre(d.p_event, z)) >= self.threshold:
                kept.append(d)
            else:
                ctx.dropped.append(d)
        ctx.drafts = kept


@components.register("detect")
def make_detect(resources: Any, model: str | None = DEFAULT_MODEL, threshold: float | None = None, typer: str | None = None, score_speech: bool = False,
                threshold_calibration: str | None = None) -> Detect:
    """``threshold_calibration``: a ``confidence.GenreCalibration`` file; the threshold then reads
    the probability it maps a draft to (the one ``confidence`` reports with the same file)."""
    from .confidence import load_genre

    return Detect(load_model(model) if model else None, threshold, load_model(typer) if typer else None, score_speech,
                  load_genre(threshold_calibration) if threshold_calibration else None)


#: how many of the article's first sentences (after its title) say what the article is about
ARTICLE_LEAD = 3
#: cosine bins of the trigger to a type's prototype
PROTO_BINS = (0.2, 0.35, 0.5, 0.65, 0.8)


_WORD = re.compile(r"\w(?:[\w'’.-]*\w)?")


def text_words(text: str) -> list[str]:
    """Lower-cased words (the corpus mixes lower-cased wire copy with prose); a plain regex,
    so the training script reads the same words from the corpus text as the component does."""
    return _WORD.findall(text.lower())


def sentence_words(d: EventDraft) -> list[str]:
    """The words of the draft's sentence without the trigger itself: what the rest of the
    sentence is about."""
    return words_around(doc_text(d.doc), d.tok.idx, d.tok.idx + len(d.tok.text))


def words_around(text: str, start: int, end: int) -> list[str]:
    return text_words(text[:start] + " " + text[end:])


def article_words(ctx: ArticleContext) -> list[str]:
    """The title and the first sentences: what the whole article is about (a match report, a
    court case, a battle), which a word in its tenth paragraph does not say."""
    return lead_words(ctx.article.title, [s.text for s in ctx.sentences])


def lead_words(title: str | None, sentences: list[str]) -> list[str]:
    return text_words(" ".join([title or "", *sentences[:ARTICLE_LEAD]]))


class Semantics:
    """Discretised meaning for a linear model: the nearest of k topic centroids (fitted by
    ``scripts/train_detector.py`` with spherical k-means on the corpus's sentence and article
    vectors, ``vectors.py``) as a sparse feature, alone and conjoined with the trigger's lemma
    and type ("attack" in a sports-like sentence, "attacked" in a debate-like article), and the
    cosine of the trigger to each type's prototype (the mean vector of the type's lexicon
    lemmas), binned. A dense vector in a linear model can only say "more of this direction";
    a cluster id lets it learn that one word means an event in one kind of text and not in
    another."""

    def __init__(self, sentence_centroids: np.ndarray, article_centroids: np.ndarray, prototypes: dict[str, np.ndarray]) -> None:
        self.sc = np.asarray(sentence_centroids, dtype=np.float32)
        self.ac = np.asarray(article_centroids, dtype=np.float32)
        self.prototypes = {k: np.asarray(v, dtype=np.float32) for k, v in prototypes.items()}
        self._ptypes = list(self.prototypes)
        self._pmat = np.array([self.prototypes[t] for t in self._ptypes], dtype=np.float32) if self._ptypes else None
        self.vec = vectors.load()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Semantics:
        try:
            return cls(np.array(data["sentence_centroids"]), np.array(data["article_centroids"]), {str(k): np.array(v) for k, v in data["prototypes"].items()})
        except (KeyError, TypeError, ValueError) as err:
            raise ConfigError("E580", path="detector model (semantics)", reason=f"{type(err).__name__}: {err}") from err

    def to_json(self) -> dict[str, Any]:
        def r(a: np.ndarray) -> list:
            return np.round(a.astype(float), 4).tolist()

        return {"sentence_centroids": r(self.sc), "article_centroids": r(self.ac), "prototypes": {k: r(v) for k, v in sorted(self.prototypes.items())}}

    def article_vector(self, ctx: ArticleContext) -> np.ndarray | None:
        return self.vec.text(article_words(ctx))

    def features(self, d: EventDraft, art_vec: np.ndarray | None) -> list[str]:
        lemma = d.tok.lemma_.lower()
        return self.from_vectors(lemma, d.type, self.vec.word(lemma), self.vec.text(sentence_words(d)), art_vec)

    def from_vectors(self, lemma: str, etype: str, trig: np.ndarray | None, sent: np.ndarray | None, art: np.ndarray | None) -> list[str]:
        """The features from the three vectors (the training script computes them from the
        words it cached, the component from the draft)."""
        out: list[str] = []
        for name, vec, cents in (("stopic", sent, self.sc), ("atopic", art, self.ac)):
            if vec is None or not len(cents):
                out.append(name + "=none")
                continue
            k = str(int(np.argmax(cents @ vec)))
            out += [name + "=" + k, name + "_lemma=" + k + "|" + lemma, name + "_type=" + k + "|" + etype]
        if trig is not None and self._pmat is not None:
            sims = self._pmat @ trig
            if etype in self.prototypes:
                own = float(sims[self._ptypes.index(etype)])
                out.append("proto_own=" + etype + "|" + str(bisect_right(PROTO_BINS, own)))
            out.append("proto_best=" + etype + "|" + self._ptypes[int(np.argmax(sims))])
        if sent is not None and etype in self.prototypes:
            out.append("sproto=" + etype + "|" + str(bisect_right(PROTO_BINS, float(self.prototypes[etype] @ sent))))
        return out


def _bucket(n: int, edges: tuple[int, ...] = (0, 1, 2, 4, 8, 16)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def features(d: EventDraft, ctx: ArticleContext, index: int, legacy_gov: bool = False) -> list[str]:
    """Sparse string features of one draft in its article (``index`` is its position among
    the article's drafts, for what came before). Case-robust: the training corpus mixes
    lower-cased wire text with ordinary prose. ``legacy_gov``: the ``gov0..gov2`` walk of the
    models trained before x21labels, which never stopped at the root (see ``DetectorModel``)."""
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
        if gov.head.i == gov.i and not legacy_gov:  # the root: compare by index (a Token is new on every access)
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
    f += context_features(d, ctx)
    return f


#: clause-level dependency relations: the arcs a path from a word to the root climbs from one
#: clause to the one it is subordinate to
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "acl", "relcl", "pcomp", "csubj", "csubjpass", "conj", "parataxis"})


def context_features(d: EventDraft, ctx: ArticleContext) -> list[str]:
    """The draft among the other drafts of its sentence (the ``ctx`` family; names begin with
    ``ctx_``). A second lexicon hit beside a sentence's real act is the commonest false event
    ("targeted 13 officials, alleging violations": the act is the sanction, "alleging" its
    reason; "in the run-up to the summit": the summit is when, not what): whether the draft's
    word is governed by another draft's word and by which relation (advcl, xcomp, acl, pcomp,
    pobj, a noun modifier), whether it governs others, whether it sits in a prepositional
    phrase and what the phrase hangs on (a time frame, ``lang/en`` ``event_frame_words``), the
    clause relations from it to the sentence root (main clause or subordinate), its rank by
    depth among the sentence's drafts, and the types of its neighbours."""
    tok, doc = d.tok, d.doc
    mine = [e for e in ctx.drafts if e is not d and e.sentence.start == d.sentence.start and e.doc is doc]
    at = {e.tok.i: e for e in mine if e.tok.i != tok.i}
    f: list[str] = []
    # the nearest ancestor that is another draft's word: the relation it hangs by
    node, step, path = tok, 0, []
    gov = None
    while node.head.i != node.i and step < 8:
        path.append(node.dep_)
        node = node.head
        step += 1
        if node.i in at:
            gov = at[node.i]
            break
    if gov is not None:
        rel = path[-1]  # the arc right under the governing draft's word
        f += [
            "ctx_gov=" + rel,
            "ctx_gov_type=" + d.type + "|" + rel + "|" + gov.type,
            "ctx_gov_dist=" + _bucket(step, (1, 2, 4)),
            "ctx_gov_same=" + str(gov.type == d.type),
            "ctx_gov_lemma=" + tok.lemma_.lower() + "|" + rel,
        ]
    else:
        f.append("ctx_gov=none")
    # the drafts this one governs (its dependants that are event words)
    ancestors_of = {e.tok.i for e in mine if any(a.i == tok.i for a in e.tok.ancestors)}
    f.append("ctx_governs=" + _bucket(len(ancestors_of), (0, 1, 2)))
    for e in mine:
        if e.tok.i in ancestors_of and e.tok.head.i == tok.i:
            f.append("ctx_governs_rel=" + e.tok.dep_ + "|" + e.type)
    # the clause relations from the word up to the root: main clause or subordinate
    clause = []
    node = tok
    while node.head.i != node.i and len(clause) < 3:
        if node.dep_ in CLAUSE_DEPS:
            clause.append(node.dep_)
        node = node.head
    f.append("ctx_clause=" + (">".join(clause[:2]) if clause else "main"))
    f.append("ctx_clause_type=" + d.type + "|" + (clause[0] if clause else "main"))
    # a prepositional phrase: what the preposition hangs on
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        prep = tok.head
        host = prep.head
        frame = words("event_frame_words")
        hw = _hyphen_word(host)
        kind = "draft" if host.i in at else host.pos_
        f.append("ctx_pp=" + prep.lower_ + "|" + kind)
        if prep.lower_ in frame or hw in frame or host.lower_ in frame:
            f.append("ctx_pp_frame=True")
            f.append("ctx_pp_frame_type=" + d.type)
    # rank by depth among the sentence's drafts
    depth = _tree_depth(tok)
    f.append("ctx_depth=" + _bucket(depth, (0, 1, 2, 4)))
    others = [_tree_depth(e.tok) for e in mine]
    if not others:
        f.append("ctx_rank=alone")
    else:
        top = min(others)
        f.append("ctx_rank=" + ("top" if depth < top else "tie" if depth == top else "below"))
        f.append("ctx_rank_type=" + d.type + "|" + ("top" if depth < top else "tie" if depth == top else "below"))
    # the neighbours' types
    for t in sorted({e.type for e in mine}):
        f.append("ctx_nb=" + t)
        f.append("ctx_nb_pair=" + d.type + "|" + t)
    return f


def _tree_depth(tok: Any) -> int:
    """Arcs from the word to its sentence's root (spaCy makes a new ``Token`` on every
    access, so heads are compared by index, not identity)."""
    n = 0
    while tok.head.i != tok.i and n < 40:
        tok = tok.head
        n += 1
    return n


def _hyphen_word(tok: Any) -> str:
    """The whole hyphenated word a token belongs to ("run-up" split as run / - / up)."""
    doc, i, j = tok.doc, tok.i, tok.i
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        i -= 2
    while j + 2 < len(doc) and doc[j + 1].text == "-" and not doc[j].whitespace_ and not doc[j + 1].whitespace_:
        j += 2
    return doc[i : j + 1].text.lower()


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
    perfect = any(a in ("have", "has", "had", "'ve") for a in aux)
    out.append("clause_perfect=" + str(perfect))
    scope = words("campaign_scope_prepositions")
    if any(c.dep_ == "prep" and c.lower_ in scope for c in (*verb.children, *(tok.children if verb.i != tok.i else ()))):
        # spread over a region or a period: a campaign summed up (more so in the perfect)
        out += ["scope=wide", "scope_perfect=" + str(perfect)]
    for c in (*verb.children, *(tok.children if verb.i != tok.i else ())):
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
    """Arcs from the word to its sentence's root, capped at 20 (the ``root_dist`` feature).
    Heads are compared by index: spaCy makes a new ``Token`` on every access, so the ``is``
    test models before x16detect used never held and ``root_dist`` was always ``>16``."""
    return min(_tree_depth(tok), 20)


def _in_quote(text: str, pos: int) -> bool:
    before = text[:pos]
    return (before.count('"') + before.count("“") - before.count("”")) % 2 == 1


def _sentence_index(ctx: ArticleContext, d: EventDraft) -> int:
    return sum(1 for s in ctx.sentences if s.start < d.sentence.start)
