"""``relevance``: learned article and sentence gates in front of the parser.

The trigger lexicon's ``select`` keeps every sentence with a trigger form — generous on
purpose, since it must never reject a sentence the rules would code. In a general crawl most of
those sentences carry no event ("shot" in a match report, "attack" in a product review), and
parsing them is most of the cost of a run. This gate first scores the whole article with an
article model (its distinct hashed words; a match report, a results story or a film review is
rejected whole, however many trigger words it holds), then each sentence ``select`` kept with a
sentence model over hashed word unigrams and bigrams (no parse, a few microseconds a sentence)
that also reads its article's score (``context``: one bucket for the article model's logit, so
"shot" in an article the article model found borderline needs more than "shot" in a war
report), and passes on only those that can carry an event. An article none of whose sentences passes is
*gated*: the pipeline codes it with zero events without running any component (see
``pipeline.py``), and the run report counts it under ``gated``.

Both models are trained by ``scripts/train_relevance.py`` on the project's own corpora: the
annotated event corpus (``corpus/events/``: a sentence is positive when one of its annotated
trigger candidates is an event) and the general-news genre corpus (``corpus/gate/``: the
articles without a political event that a crawl is full of, and articles of the same genres
with one). They ship as ``data/models/relevance.json`` (weights only, provenance in
``data/models/README.md``); ``[components.relevance] model = null`` turns the gates off,
``article_threshold = 0`` the article gate only. The thresholds trade speed for recall;
``docs/SCALING.md`` has the measured trade.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import OrderedDict
from functools import cache
from importlib import resources
from itertools import repeat
from typing import Any, ClassVar

from ..errors import ConfigError
from ..nlp import Sentence
from ..records import Article
from ..registry import components
from .base import ArticleContext

DEFAULT_MODEL = "relevance.json"
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_DIGITS = re.compile(r"[0-9]")


#: word as found -> (its crc32 with digits folded to 0, " " + the folded word as bytes)
_WORD_CRC: dict[str, tuple[int, bytes]] = {}


def _word_crc(w: str) -> tuple[int, bytes]:
    """A word's crc32 and the bytes that continue it into a bigram, computed once per word:
    every sentence the trigger lexicon keeps and every article is hashed word by word."""
    got = _WORD_CRC.get(w)
    if got is None:
        folded = _DIGITS.sub("0", w).encode()
        if len(_WORD_CRC) >= 500_000:
            _WORD_CRC.clear()
        got = _WORD_CRC[w] = (zlib.crc32(folded), b" " + folded)
    return got


def features(text: str, bits: int) -> list[int]:
    """The hashed feature buckets of a sentence: lower-cased words (digits folded to 0) and
    word bigrams, plus a bias-free length bucket. crc32 is stable across processes and
    Python versions, unlike ``hash``. A bigram's crc32 continues its first word's over
    " " + the second (``zlib.crc32(b, crc32(a)) == crc32(a + b)``), so each word is hashed once."""
    mask = (1 << bits) - 1
    words = [_word_crc(w) for w in _WORD.findall(text.lower())]
    crc = zlib.crc32
    out = [c & mask for c, _ in words]
    out.extend(crc(b[1], a[0]) & mask for a, b in zip(words, words[1:], strict=False))
    out.append(crc(f"#len{min(len(words) // 8, 8)}".encode()) & mask)
    return out


#: the context a sentence model may read besides its own words ("context" in the model file)
CONTEXTS = ("article", "position")


def context_features(bits: int, context: tuple[str, ...], article_logit: float | None, start: int) -> list[int]:
    """Buckets for what a sentence's own words cannot say. ``article``: the article model's
    logit in unit bins (``short`` for a text it does not score), so the sentence threshold in
    effect depends on the article — "shot" in a match report and "shot" in a report the
    article model found political are scored apart. ``position``: how far into the article the
    sentence starts (400-character bins, the lead first), since a report states its event early."""
    mask = (1 << bits) - 1
    out = []
    if "article" in context:
        tag = "short" if article_logit is None else str(max(-4, min(5, math.floor(article_logit))))
        out.append(zlib.crc32(f"#art{tag}".encode()) & mask)
    if "position" in context:
        out.append(zlib.crc32(f"#pos{min(start // 400, 5)}".encode()) & mask)
    return out


def article_features(text: str, bits: int, ngrams: int = 2) -> list[int]:
    """The distinct buckets of a whole article (presence, not counts), words only or words
    and bigrams (``ngrams``): articles of different lengths are scored on one scale once the
    sum is divided by the root of their number (``RelevanceModel.article_prob``)."""
    if ngrams >= 2:
        return sorted(set(features(text, bits)))
    mask = (1 << bits) - 1
    return sorted({_word_crc(w)[0] & mask for w in _WORD.findall(text.lower())})


class RelevanceModel:
    """Hashed-n-gram logistic regression: ``bias`` + sum of the weights of a sentence's
    buckets, a sigmoid, and the threshold chosen at training time.

    Optionally a second, article-level model (``article``: its own bias, weights and
    threshold over ``article_features``): the sentence model alone must let through every
    sentence that *could* be an event, and a sports report holds a dozen sentences with
    "shot", "attack" or "beat" each scored on its own; the article model sees the whole
    text at once (the league table, the transfer fee, the box office) and rejects the article
    when even its most event-like reading is below its threshold."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            if data.get("kind") != "hashed-ngram-logistic":
                raise ValueError(f"unknown model kind {data.get('kind')!r}")
            self.bits = int(data["bits"])
            self.bias = float(data["bias"])
            self.weights: dict[int, float] = {int(k): float(v) for k, v in data["weights"].items()}
            self.threshold = float(data["threshold"])
            self.meta = data.get("meta", {})
            self.context: tuple[str, ...] = tuple(data.get("context", ()))
            if unknown := set(self.context) - set(CONTEXTS):
                raise ValueError(f"unknown sentence context {sorted(unknown)}")
            art = data.get("article")
            self.article_bias = float(art["bias"]) if art else 0.0
            self.article_weights: dict[int, float] = {int(k): float(v) for k, v in art["weights"].items()} if art else {}
            self.article_threshold: float | None = float(art["threshold"]) if art else None
            self.article_min_words = int(art.get("min_words", 0)) if art else 0
            self.article_ngrams = int(art.get("ngrams", 2)) if art else 2
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ConfigError("E501", path="relevance model", reason=f"{type(err).__name__}: {err}") from err

    def prob(self, text: str, article_logit: float | None = None, start: int = 0) -> float:
        """P(the sentence carries an event). A model trained with a ``context`` also reads the
        article model's logit of its article (``article_logit``; None for a text too short to
        score) and where the sentence starts; one without ignores both."""
        w = self.weights
        feats = features(text, self.bits)
        if self.context:
            feats += context_features(self.bits, self.context, article_logit, start)
        # ``map`` over the bound ``get``: the same additions in the same order as a generator
        # of ``w.get(f, 0.0)``, without a Python frame per feature
        z = self.bias + sum(map(w.get, feats, repeat(0.0, len(feats))))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def article_logit(self, text: str) -> float | None:
        """The article model's logit; None without one, and for a text shorter than the
        shortest the model was trained on (a one-line wire item or an event note says too
        little of its genre to be judged as a whole)."""
        if self.article_threshold is None or len(text.split()) < self.article_min_words:
            return None
        feats = article_features(text, self.bits, self.article_ngrams)
        w = self.article_weights
        return self.article_bias + sum(map(w.get, feats, repeat(0.0, len(feats)))) / math.sqrt(max(len(feats), 1))

    def article_prob(self, text: str) -> float:
        """P(the article carries an event), from the article model; 1.0 where
        ``article_logit`` is None (never rejected whole)."""
        z = self.article_logit(text)
        return 1.0 if z is None else 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@cache
def load_model(name: str) -> RelevanceModel:
    """A model file shipped in ``data/models/`` (by file name) or any path, validated."""
    try:
        if "/" in name:
            text = open(name, encoding="utf-8").read()  # noqa: SIM115 - read once, closed by GC
            return RelevanceModel(json.loads(text))
        return _cached_package_model(name)
    except (OSError, json.JSONDecodeError) as err:
        raise ConfigError("E501", path=name, reason=f"{type(err).__name__}: {err}") from err


def _cached_package_model(name: str) -> RelevanceModel:
    """A shipped model, unpickled from the user cache once it has been built there: parsing
    the JSON and building the two weight tables (2 x ~70 k hashed features) costs about 0.05
    CPU-s of every start, unpickling them a fifth of that. Keyed by the model file's and this
    module's bytes (``resources.cached_pickle``); the same weights, bit for bit
    (``tests/components/test_relevance_cache.py``)."""
    import sys
    from pathlib import Path

    from ..resources import cached_pickle, content_key

    path = Path(str(resources.files("eventcoder.data.models").joinpath(name)))

    def build() -> RelevanceModel:
        return RelevanceModel(json.loads(path.read_text("utf-8")))

    if not path.is_file():
        return build()  # (raises the coded error)
    key = content_key(f"{sys.version_info[:2]}", path, Path(__file__))
    return cached_pickle("relevance", key, build, lambda m: isinstance(m, RelevanceModel))


class Relevance:
    name: ClassVar[str] = "relevance"
    requires: ClassVar[tuple[str, ...]] = ()
    #: it decides, in ``select``, which sentences are parsed
    assigns: ClassVar[tuple[str, ...]] = ("parsed",)

    def __init__(
        self, model: RelevanceModel | None, threshold: float | None = None, article_threshold: float | None = None, entity_threshold: float | None = None
    ) -> None:
        self.model = model
        if entity_threshold is not None and not (isinstance(entity_threshold, (int, float)) and 0.0 <= entity_threshold <= 1.0):
            raise ConfigError("E576", option="[components.relevance] entity_threshold", value=entity_threshold, expected="null or a probability in [0, 1]")
        #: the sentence model's score below which a parsed sentence gets no entity recogniser
        #: (``limit_entities``); None: every sentence a component asks for gets it
        self.entity_threshold = None if entity_threshold is None else float(entity_threshold)
        self.threshold = threshold if threshold is not None else (model.threshold if model else 0.0)
        #: None: the model's own; a model without an article part never rejects a whole article
        self.article_threshold = article_threshold if article_threshold is not None else (model.article_threshold if model else None)

    def select(self, article: Article, sentences: list[Sentence]) -> list[Sentence]:
        """The sentences (of those an earlier ``select`` kept) that can carry an event: none
        when the article model rejects the whole article (an ``article_threshold`` of 0 or
        None never does), else those the sentence model scores at its threshold or above."""
        m = self.model
        if m is None or not sentences:
            return sentences
        gate = bool(self.article_threshold) and m.article_threshold is not None
        z = m.article_logit(article.text) if gate or "article" in m.context else None
        rejected = gate and self._turned_down(z)
        self._verdict = (article, rejected)
        if rejected:
            return []
        probs = {s.start: m.prob(s.text, z, s.start) for s in sentences}
        if self.entity_threshold is not None:
            self._remember(article, z, probs)
        return [s for s in sentences if probs[s.start] >= self.threshold]

    #: how many articles' scores ``select`` keeps for ``limit_entities`` (a batch's articles
    #: are all selected before any is parsed; the engine's batches are 32)
    _MEMO_ARTICLES = 512

    def _remember(self, article: Article, z: float | None, probs: dict[int, float]) -> None:
        """Keep what ``select`` computed for ``limit_entities``: the article logit and each
        sentence's score, by start (the same model, text and context, so the same floats)."""
        memo = self.__dict__.setdefault("_scores", OrderedDict())
        memo[id(article)] = (article, z, probs)
        if len(memo) > self._MEMO_ARTICLES:
            memo.popitem(last=False)

    def _scored(self, article: Article) -> tuple[float | None, dict[int, float]] | None:
        """The scores ``select`` kept for this very article object, or None."""
        got = self.__dict__.get("_scores", {}).get(id(article))
        return (got[1], got[2]) if got is not None and got[0] is article else None

    def rejects(self, article: Article) -> bool:
        """Whether the article model turns the whole article down (``select`` then keeps none of
        its sentences): the pipeline then asks no component to ``propose`` sentences for it
        (``[pipeline] propose_in_gated``). Read from the last ``select`` when it saw this article."""
        last = getattr(self, "_verdict", None)
        if last is not None and last[0] is article:
            return last[1]
        m = self.model
        if m is None or not self.article_threshold or m.article_threshold is None:
            return False
        return self._turned_down(m.article_logit(article.text))

    def _turned_down(self, z: float | None) -> bool:
        """The article model's logit below the article threshold (None: too short to judge)."""
        return z is not None and 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))) < float(self.article_threshold or 0.0)

    def limit_entities(self, ctx: ArticleContext, idx: set[int]) -> set[int]:
        """Of the parsed sentences components asked the entity recogniser for (``idx``,
        indices into ``ctx.parsed``), those the sentence model scores at ``entity_threshold``
        or above: a sentence the gate let through on a low score is parsed (its trigger is
        still read) but its entities are not, as an unparsed sentence's are not
        (``[pipeline] entities = "needed"``; docs/SCALING.md, x26tokens). Without an
        ``entity_threshold``, ``idx`` unchanged."""
        m, t = self.model, self.entity_threshold
        if m is None or t is None or not idx:
            return idx
        # the scores ``select`` computed for this article, when it saw it (a sentence only
        # ``propose`` brought in was never scored there)
        kept = self._scored(ctx.article)
        if kept is not None:
            z, probs = kept
        else:
            z, probs = (m.article_logit(ctx.article.text) if "article" in m.context else None), {}
        out = set()
        for i in idx:
            s = ctx.parsed[i].sentence
            p = probs.get(s.start)
            if p is None:
                p = m.prob(s.text, z, s.start)
            if p >= t:
                out.add(i)
        return out

    def __call__(self, ctx: ArticleContext) -> None:
        """Nothing: the gate's work is done in ``select``, before parsing."""


@components.register("relevance")
def make_relevance(
    resources: Any, model: str | None = DEFAULT_MODEL, threshold: float | None = None, article_threshold: float | None = None, entity_threshold: float | None = None
) -> Relevance:
    return Relevance(load_model(model) if model else None, threshold, article_threshold, entity_threshold)
