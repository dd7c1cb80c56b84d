"""``confidence``: a 0-1 score per event, and which event a sentence reports.

The matched trigger's prior, raised by resolved participants and a place, lowered by doubt
(negation, hypothesis) and a missing source. Within a sentence, an event reported inside
another event's clause ("agreed to share information", "accused X of killing Z") is
background to it — PLOVER codes the main clause — so it is kept below its governing event;
a sentence reporting events of several types is less certain to be about any one.
Both make ``salience``, which ranks the events of one report (``acled.primary_acled``, the
PLOVER primary event). ``confidence`` is the detector's calibrated probability that the event
is real when ``detect`` ran, else the salience — shifted in log-odds by ``prior_shift``.

Why a shift: the detector's map is fitted on the corpus, where a draft is "real" when it is an
event; a news event is right when it is real, typed as the coder types it and not a re-mention
the coreference left apart, and long-form news holds more drafts that are none of these than the
corpus does. At one detector score the share of right events is lower on news (on the
news-events dev part 0.39 right at a mean confidence of 0.50), in every bin alike: a prior
shift, which one log-odds offset corrects without changing the order of the events.

With ``calibration`` (default.cfg: ``confidence_map.json``, a ``GenreCalibration``) a lexicon
draft's probability is mapped by a Platt refit on the corpus drafts the pipeline would code instead
(speech drafts keep the shift). The map may also read the article's genre (the relevance gate's
article-model logit); fitted and measured, those terms lowered news-events confidence AUC and are
not in the shipped file (``docs/detector.md``, x25genre).

``telling`` (``Telling``, not in the default pipeline) re-reads a lexicon event's confidence after
``corefer`` with how the article tells it — its mentions, the events of its type told before it and
the coreference pair model's best probability against them, whether it opens the story, its rank —
through a ``TellingCalibration`` (E592) fitted on the corpus by ``scripts/telling_calibration.py``;
measured in ``docs/detector.md`` (x26conf), no map shipped.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources
from typing import Any, ClassVar

from ..errors import ConfigError
from ..registry import components
from .base import ArticleContext, EventDraft

SOURCE_NAMED_BONUS = 0.1
NO_SOURCE_PENALTY = 0.15
TARGET_NAMED_BONUS = 0.05
PLACED_BONUS = 0.05
DOUBT_PENALTY = 0.2
RIVAL_TYPE_PENALTY = 0.075
MAX_RIVAL_PENALTY = 0.15
EMBEDDED_MARGIN = 0.05
FLOOR, CEILING = 0.05, 0.99


class Confidence:
    name: ClassVar[str] = "confidence"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "draft.source_actor", "draft.target_actor", "draft.location", "draft.negated", "draft.hypothetical")
    assigns: ClassVar[tuple[str, ...]] = ("draft.confidence", "draft.salience")

    def __init__(self, prior_shift: float = 0.0, genre: GenreCalibration | None = None) -> None:
        self.prior_shift = prior_shift
        self.genre = genre

    def __call__(self, ctx: ArticleContext) -> None:
        for d in ctx.drafts:
            d.salience = score(d)
        for drafts in ctx.drafts_by_sentence().values():
            rank_embedded(drafts)
        z = self.genre.article_logit(ctx) if self.genre is not None else None
        for d in ctx.drafts:
            # with a detector, its calibrated probability that the event is real (read with the
            # article's genre for a lexicon draft when a genre map is configured); else the rule
            # score, which also ranks events within a report
            if d.p_event is None:
                d.confidence = d.salience
            elif self.genre is not None and d.origin == "lexicon":
                d.confidence = round(self.genre(float(d.p_event), z), 4)
            else:
                d.confidence = shift(float(d.p_event), self.prior_shift)


@components.register("confidence")
def make_confidence(resources: Any, prior_shift: float = 0.0, calibration: str | None = None) -> Confidence:
    """``calibration``: a ``GenreCalibration`` file (``data/models/``, or a path) that maps a
    lexicon draft's detector probability to its confidence instead of ``prior_shift``."""
    return Confidence(prior_shift, load_genre(calibration) if calibration else None)


class GenreCalibration:
    """The detector's calibrated probability read with the article's genre
    (``data/models/confidence_genre.json``, fitted by ``scripts/genre_calibration.py`` out of fold
    on the corpus): ``sigmoid(a*q + b + c*z' + d*q*z' + e*[no z])`` of the probability's log-odds
    ``q`` and the relevance gate's article-model logit ``z`` (clipped to ``[z_min, z_max]``; None
    for a text too short for the article model, then ``z' = 0``). One Platt map fitted on the
    corpus over-predicts in the genres of general news that rarely carry an event (a business or
    sports story that passed the gate); the article model's logit is the run time's evidence of
    how event-bearing the article's genre is, and the ``q*z'`` term lets the slope depend on it."""

    KEYS: ClassVar[tuple[str, ...]] = ("a", "b", "c", "d", "e", "z_min", "z_max")

    def __init__(self, data: dict[str, Any], path: str = "genre calibration") -> None:
        try:
            if data.get("kind") != "platt_genre":
                raise ValueError(f"unknown kind {data.get('kind')!r}")
            vals = {k: float(data[k]) for k in self.KEYS}
            if not all(math.isfinite(v) for v in vals.values()) or vals["z_min"] >= vals["z_max"]:
                raise ValueError("coefficients must be finite and z_min < z_max")
            self.article_model = str(data.get("article_model", "relevance.json"))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ConfigError("E563", path=path, reason=f"{type(err).__name__}: {err}") from err
        self.a, self.b, self.c, self.d, self.e, self.z_min, self.z_max = (vals[k] for k in self.KEYS)

    def to_json(self) -> dict[str, Any]:
        return {"kind": "platt_genre", **{k: getattr(self, k) for k in self.KEYS}, "article_model": self.article_model}

    def __call__(self, p: float, z: float | None) -> float:
        from .detect import logit, sigmoid

        q = logit(p)
        if z is None:
            return sigmoid(self.a * q + self.b + self.e)
        zz = min(self.z_max, max(self.z_min, z))
        return sigmoid(self.a * q + self.b + self.c * zz + self.d * q * zz)

    @property
    def reads_article(self) -> bool:
        """Whether the map has a genre term at all (a plain refit, ``c = d = e = 0``, does not)."""
        return bool(self.c or self.d or self.e)

    def article_logit(self, ctx: ArticleContext) -> float | None:
        """The article model's logit of the article (the relevance gate's, ``article_model``);
        not computed for a map without a genre term (it would not be read)."""
        from .relevance import load_model

        if not self.reads_article:
            return None
        return load_model(self.article_model).article_logit(ctx.article.text)


#: the covariates of how an event is told in its article (``Telling.covariates``), in the map's order
TELLING: tuple[str, ...] = ("mentions", "earlier", "coref_best", "lead", "p_rank", "n_events", "salience", "in_sentence")


class TellingCalibration:
    """An event's confidence read with how the event is told in its article
    (a ``platt_telling`` file fitted by ``scripts/telling_calibration.py`` out of fold on the corpus;
    none is shipped: ``docs/detector.md``, x26conf): ``sigmoid(a*q + b + sum_k w_k * x_k)`` of the log-odds ``q`` of the
    confidence ``corefer`` left it and the covariates ``x`` of ``Telling.covariates``."""

    def __init__(self, data: dict[str, Any], path: str = "telling calibration") -> None:
        try:
            if data.get("kind") != "platt_telling":
                raise ValueError(f"unknown kind {data.get('kind')!r}")
            self.a, self.b = float(data["a"]), float(data["b"])
            self.w = {str(k): float(v) for k, v in data["w"].items()}
            unknown = set(self.w) - set(TELLING)
            if unknown:
                raise ValueError(f"unknown covariates {sorted(unknown)}")
            if not all(math.isfinite(v) for v in (self.a, self.b, *self.w.values())):
                raise ValueError("coefficients must be finite")
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ConfigError("E592", path=path, reason=f"{type(err).__name__}: {err}") from err

    def to_json(self) -> dict[str, Any]:
        return {"kind": "platt_telling", "a": self.a, "b": self.b, "w": dict(self.w)}

    def __call__(self, p: float, x: dict[str, float]) -> float:
        from .detect import logit, sigmoid

        return sigmoid(self.a * logit(p) + self.b + sum(w * x[k] for k, w in self.w.items()))


class Telling:
    """``telling``: after ``corefer``, a lexicon event's confidence re-read with how the article
    tells it (``TellingCalibration``). The detector scores one draft in its sentence; whether the
    draft is an event *as news is scored* also depends on the events around it once the fold is
    done: a re-mention the fold did not take (told after an event of its type, which the pair model
    scores as a likely antecedent) is a duplicate, an event the article tells several times is its
    subject. None of the covariates reads a word: counts, order and the pair model's probability."""

    name: ClassVar[str] = "telling"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "draft.others", "draft.confidence")
    assigns: ClassVar[tuple[str, ...]] = ("draft.confidence",)

    def __init__(self, calibration: TellingCalibration | None, coref: Any = None) -> None:
        self.calibration = calibration
        self.coref = coref
        #: when a list, ``(draft, covariates, confidence before)`` of every event read is appended
        #: (``scripts/telling_calibration.py`` fits the map on them)
        self.record: list[tuple[EventDraft, dict[str, float], float]] | None = None

    def __call__(self, ctx: ArticleContext) -> None:
        if self.calibration is None and self.record is None:
            return
        for d, x in self.covariates(ctx):
            before = d.confidence
            if self.record is not None:
                self.record.append((d, x, before))
            if self.calibration is not None:
                d.confidence = round(self.calibration(min(0.9999, max(0.0001, before)), x), 4)

    def covariates(self, ctx: ArticleContext) -> list[tuple[EventDraft, dict[str, float]]]:
        """Each lexicon event's covariates (the events ``corefer`` left, in text order):

        - ``mentions``: log(1 + its other mentions: the drafts folded into it and the dropped
          drafts it re-tells);
        - ``earlier``: log(1 + the events of its type and flags told in earlier sentences);
        - ``coref_best``: the pair model's highest probability that it names one of those again
          (0 with none): a likely duplicate the fold did not take;
        - ``lead``: 1 in the article's first sentence holding an event (its story's opening);
        - ``p_rank``: log(1 + the lexicon events with a higher detector probability);
        - ``n_events``: log(1 + the article's events);
        - ``salience``: its rule score (``score``, lowered under a governing event of its sentence);
        - ``in_sentence``: log(1 + the other events of its sentence)."""
        from .coref import pair_features

        events = ctx.drafts
        lex = [d for d in events if d.origin == "lexicon" and d.p_event is not None]
        if not lex:
            return []
        index = {s.start: k for k, s in enumerate(ctx.sentences)}
        first = min(d.sentence.start for d in events)
        out: list[tuple[EventDraft, dict[str, float]]] = []
        for d in lex:
            rivals = [e for e in events if e is not d and e.type == d.type and e.negated == d.negated and e.hypothetical == d.hypothetical
                      and e.sentence.start < d.sentence.start]
            best = 0.0
            if self.coref is not None:
                for rank, e in enumerate(reversed(rivals)):
                    best = max(best, self.coref.probability(pair_features(d, e, rank, index, len(rivals), first=e is rivals[0])))
            out.append((d, {"mentions": math.log1p(len(d.others) + len(d.retold)), "earlier": math.log1p(len(rivals)), "coref_best": best,
                      "lead": float(d.sentence.start == first), "p_rank": math.log1p(sum(1 for e in lex if float(e.p_event) > float(d.p_event))),  # type: ignore[arg-type]
                      "n_events": math.log1p(len(events)), "salience": float(d.salience),
                      "in_sentence": math.log1p(sum(1 for e in events if e is not d and e.sentence.start == d.sentence.start))}))
        return out


@components.register("telling")
def make_telling(resources: Any, calibration: str | None = None, coref: str | None = "coref.json") -> Telling:
    """``calibration``: a ``TellingCalibration`` file (``data/models/``, or a path; None: the
    confidence stays ``corefer``'s); ``coref``: the pair model ``coref_best`` reads. Not in the
    default pipeline: no map fitted on the corpus raised news-events confidence AUC without
    doubling its ECE (``docs/detector.md``, x26conf); add ``"telling"`` after ``"corefer"`` with a
    map (``scripts/telling_calibration.py``) to use one."""
    from .detect import load_model

    return Telling(load_telling(calibration) if calibration else None, load_model(coref) if coref else None)


@cache
def load_telling(name: str) -> TellingCalibration:
    """A telling map shipped in ``data/models/`` (by file name) or any path, validated (E592)."""
    return TellingCalibration(_read_map(name, "E592"), name)


def _read_map(name: str, code: str) -> Any:
    """The JSON of a map shipped in ``data/models/`` (by file name) or at any path; an unreadable
    file is a ``ConfigError`` with the map's own ``code``."""
    try:
        if "/" in name:
            with open(name, encoding="utf-8") as fh:
                return json.load(fh)
        return json.loads(resources.files("eventcoder.data.models").joinpath(name).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise ConfigError(code, path=name, reason=f"{type(err).__name__}: {err}") from err


@cache
def load_genre(name: str) -> GenreCalibration:
    """A genre map shipped in ``data/models/`` (by file name) or any path, validated (E563)."""
    return GenreCalibration(_read_map(name, "E563"), name)


def shift(p: float, offset: float) -> float:
    """``p`` moved by ``offset`` in log-odds (0: unchanged; 0 and 1 stay put)."""
    if offset == 0.0 or p <= 0.0 or p >= 1.0:
        return p
    return round(1.0 / (1.0 + math.exp(-(math.log(p / (1.0 - p)) + offset))), 4)


def score(d: EventDraft) -> float:
    s = d.match.entry.weight if d.prior is None else d.prior
    if d.source_actor is not None and d.source_actor.name:
        s += SOURCE_NAMED_BONUS
    elif d.source_actor is None:
        s -= NO_SOURCE_PENALTY
    if d.target_actor is not None and d.target_actor.name:
        s += TARGET_NAMED_BONUS
    if d.location is not None and d.location.lat is not None:
        s += PLACED_BONUS
    if d.negated or d.hypothetical:
        s -= DOUBT_PENALTY
    return max(FLOOR, min(CEILING, s))


def rank_embedded(drafts: list[EventDraft]) -> None:
    """Keep an embedded event below its nearest governing event of another type."""
    at = {d.match.i: d for d in drafts}
    if len(at) < 2:
        return
    doc = drafts[0].doc
    for d in at.values():
        rivals = {o.type for o in at.values() if o.type != d.type and not o.negated}
        if rivals:
            d.salience = max(FLOOR, round(d.salience - min(MAX_RIVAL_PENALTY, RIVAL_TYPE_PENALTY * len(rivals)), 3))
    # a noun event that is the object of a verb which is no trigger itself stands for that
    # verb's clause ("announced a suspension of links", "lodged a protest")
    light: dict[int, EventDraft] = {}
    for i, d in at.items():
        tok = doc[i]
        verb = tok.head if tok.dep_ == "dobj" else tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else None
        if verb is not None and verb.pos_ in ("VERB", "AUX") and verb.i not in at:
            light.setdefault(verb.i, d)
    for i, d in at.items():
        for anc in doc[i].ancestors:
            gov = at.get(anc.i) or light.get(anc.i)
            if gov is d:
                break
            if gov is not None and anc.pos_ == "ADJ":
                # "is prepared to impose ...": the adjective only marks the intent, which the
                # embedded act already carries
                gov.salience = min(gov.salience, max(FLOOR, round(d.salience - EMBEDDED_MARGIN, 3)))
                break
            if gov is not None and gov.type != d.type:
                # (same type: both describe one happening; look higher)
                if not gov.negated and d.salience >= gov.salience:
                    d.salience = max(FLOOR, round(gov.salience - EMBEDDED_MARGIN, 3))
                break
