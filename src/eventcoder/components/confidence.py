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


@cache
def load_genre(name: str) -> GenreCalibration:
    """A genre map shipped in ``data/models/`` (by file name) or any path, validated (E563)."""
    try:
        if "/" in name:
            with open(name, encoding="utf-8") as fh:
                return GenreCalibration(json.load(fh), name)
        return GenreCalibration(json.loads(resources.files("eventcoder.data.models").joinpath(name).read_text("utf-8")), name)
    except (OSError, json.JSONDecodeError) as err:
        raise ConfigError("E563", path=name, reason=f"{type(err).__name__}: {err}") from err


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
