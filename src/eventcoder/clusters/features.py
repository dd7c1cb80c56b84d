"""Event views and the features of a pair of events.

An :class:`EventViews` table holds, one row per event mention, what the pairwise model
compares: the trigger's stem, the sentence's TF-IDF vector, the sentence's names and
numbers (a participant proxy that works on any text), the article's vector, and — for the
product's coded events — type, actors, place (with a distance tolerance by the precision
of the location) and date (with a window by the date's precision). A field the event does
not have gives 0 (unknown), not a disagreement, so the same model scores gold mentions of
ECB+ (trigger and sentence only) and fully coded events.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

from ..lang import words
from .arguments import Arguments, head_key, head_word
from .semantic import MentionVectors
from .text import N_FEATURES, DocFreq, counts, names

FEATURES = (
    "lemma_eq", "prefix_eq", "sent_cos", "ent_cos", "doc_cos", "same_doc",
    "type_eq", "actor_agree", "place_agree", "date_agree", "lemma_doc", "sent_doc",
    "key_eq", "key_prior", "part_overlap", "part_conflict", "time_words", "place_words", "number_words",
    "key_rate", "lead_both", "prior_doc", "part_key", "salience", "salience_diff", "key_cooc", "doc_key", "doc_prior",
    "vec_head", "vec_trigger", "vec_sent", "vec_part", "vec_place", "vec_time", "vec_trig_arg",
    "stem_vec", "newkey_vec", "vec_head_sent", "newkey_vec_doc", "key_vec_sent", "key_vec_part", "prior_vec_sent",
    "vec_near", "vec_salience",
    "rep_both", "rep_one", "rep_speaker", "rep_speaker_vec", "rep_sent", "rep_vec_sent", "rep_ent", "rep_doc", "rep_key",
)  # fmt: skip

#: distance (km) within which two places agree, by the precision of the coarser one
PLACE_KM = {"point": 25.0, "admin": 150.0, "country": 1500.0}
#: days within which two dates agree, by the precision of the coarser one
DATE_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}

#: the most events of one block whose cosines are precomputed as dense Gram matrices (3 x n²
#: floats: 2,000 events ~ 100 MB); a larger block (one giant story) is scored pair by pair
#: from the sparse vectors instead — the same numbers, linear memory
MAX_GRAM = 2000

_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "e")


def stem(word: str) -> str:
    """A crude suffix-stripping stem of a trigger's head word (killed/kills/killing -> kill).

    Stems only have to agree between mentions, not be words; irregular forms (shot/shoot)
    are left to the sentence and participant features.
    """
    w = word.lower().strip(" .,;:'\"")
    w = w.split()[-1] if w.split() else w
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


@lru_cache(maxsize=1)
def reporting_keys() -> frozenset[str]:
    """Head keys of the reporting/communication class (``reporting_triggers`` in
    ``lang/en/clusters.yaml``, keyed as triggers are, so any inflection matches)."""
    return frozenset(head_key(w) for w in words("reporting_triggers"))


def place_precision(feature: str | None, basis: str | None) -> str:
    f = feature or ""
    if f.startswith("A.PCL") or basis == "article":
        return "country"
    if f.startswith("A.") or f.startswith("L."):
        return "admin"
    return "point"


@dataclass
class EventViews:
    """Row ``i`` of every array is event ``ids[i]``."""

    ids: list[str] = field(default_factory=list)
    article: list[str] = field(default_factory=list)
    stems: list[str] = field(default_factory=list)
    types: list[str | None] = field(default_factory=list)
    actors: list[frozenset[str]] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    km: list[float] = field(default_factory=list)
    day: list[float] = field(default_factory=list)
    days: list[float] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    #: the trigger as written
    triggers: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    args: list[Arguments] = field(default_factory=list)
    #: where the mention stands in its article (sentence index or offset; NaN unknown)
    order: list[float] = field(default_factory=list)
    #: what the report tells of the event: "asserted", "hypothetical" or "negated" ("" unknown)
    status: list[str] = field(default_factory=list)
    #: the coder's background flag (event dated well before the report); None unknown
    historical: list[bool | None] = field(default_factory=list)
    #: the event's time expression as written, normalised ("" none)
    when: list[str] = field(default_factory=list)
    #: the precision class of its place ("point", "admin", "country"; "" none)
    precision: list[str] = field(default_factory=list)

    def add(
        self,
        event_id: str,
        article_id: str,
        trigger: str,
        sentence: str,
        *,
        type: str | None = None,
        actors: frozenset[str] = frozenset(),
        place: tuple[float, float, str] | None = None,
        date: tuple[int, str] | None = None,
        args: Arguments | None = None,
        order: float | None = None,
        status: str = "",
        historical: bool | None = None,
        when: str | None = None,
    ) -> None:
        self.ids.append(event_id)
        self.article.append(article_id)
        self.stems.append(stem(trigger))
        self.types.append(type)
        self.actors.append(actors)
        self.lat.append(place[0] if place else math.nan)
        self.lon.append(place[1] if place else math.nan)
        self.km.append(PLACE_KM.get(place[2], 150.0) if place else math.nan)
        self.day.append(float(date[0]) if date else math.nan)
        self.days.append(float(DATE_DAYS.get(date[1], 31)) if date else math.nan)
        self.sentences.append(sentence)
        self.triggers.append(trigger)
        self.keys.append(head_key(trigger))
        self.args.append(args or Arguments())
        self.order.append(math.nan if order is None else float(order))
        self.status.append(status)
        self.historical.append(historical)
        self.when.append(_norm_when(when))
        self.precision.append(place[2] if place else "")

    def __len__(self) -> int:
        return len(self.ids)


class PairFeatures:
    """The arrays pair features are computed from, built once for a set of events."""

    def __init__(self, views: EventViews, doc_vecs: dict[str, sparse.csr_matrix], df: DocFreq, blocks: list[str] | None = None, max_gram: int = MAX_GRAM) -> None:
        self.v = views
        self.max_gram = max_gram
        #: the largest block given a dense Gram matrix so far
        self.largest_gram = 0
        # cosines are computed once per block as small dense Gram matrices: one sparse
        # product per block instead of three per event (the cost of the online clustering)
        self.blocks = blocks
        self._grams: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.S = df.weigh(counts(views.sentences)) if len(views) else None
        ent = counts([names(s) for s in views.sentences]) if len(views) else None
        if ent is not None:
            ent.data[:] = 1.0
            norms = np.sqrt(np.asarray(ent.sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            ent = sparse.diags(1.0 / norms).dot(ent).tocsr()
        self.E = ent
        # the article vector of every event row (a zero row when the article has none)
        docs = sorted(set(views.article))
        pos = {a: k for k, a in enumerate(docs)}
        zero = sparse.csr_matrix((1, N_FEATURES), dtype=np.float32)
        self.D = sparse.vstack([doc_vecs.get(a, zero) for a in docs]).tocsr() if docs else None
        self.doc_row = np.array([pos[a] for a in views.article], dtype=np.int64)
        # the lead: a mention in its article's first sentence that has a mention (the report's
        # main event is usually told there first)
        first: dict[str, float] = {}
        for a, o in zip(views.article, views.order, strict=True):
            if not math.isnan(o):
                first[a] = min(first.get(a, o), o)
        self.lead = np.array([math.nan if math.isnan(o) else float(o == first[a]) for a, o in zip(views.article, views.order, strict=True)])
        self.has_args = np.array([bool(a.participants or a.places or a.times or a.numbers) for a in views.args], dtype=bool)
        # the reporting class: two "said" of one story share a word whatever they say, so
        # their pairs get features of their own (who speaks, what is said)
        rep = reporting_keys()
        self.rep = np.array([k in rep for k in views.keys], dtype=bool)
        self.has_speakers = np.array([bool(a.speakers) for a in views.args], dtype=bool)
        key_ids: dict[str, int] = {}
        self.key = np.array([key_ids.setdefault(k, len(key_ids)) for k in views.keys], dtype=np.int64)
        self.key_names = list(key_ids)
        self._key_words: dict[str, tuple[str, ...]] | None = None
        stem_ids: dict[str, int] = {}
        self.stem = np.array([stem_ids.setdefault(s, len(stem_ids)) for s in views.stems])
        pre_ids: dict[str, int] = {}
        self.prefix = np.array([pre_ids.setdefault(s[:4], len(pre_ids)) for s in views.stems])
        type_ids: dict[str, int] = {}
        self.type = np.array([type_ids.setdefault(t, len(type_ids)) if t else -1 for t in views.types])
        self.lat, self.lon, self.km = np.array(views.lat), np.array(views.lon), np.array(views.km)
        self.day, self.days = np.array(views.day), np.array(views.days)
        # salience: the share of a block's articles that have a mention with the row's head key
        # (a story's main incident is named in most of its reports, a side event in one)
        self.salience = np.zeros(len(views), dtype=np.float32)
        self.key_docs: list[set[str]] = [set() for _ in range(len(views))]
        by_block: dict[str, list[int]] = {}
        for k, b in enumerate(blocks or ()):
            by_block.setdefault(b, []).append(k)
        for rows in by_block.values():
            arts = {views.article[k] for k in rows}
            seen: dict[str, set[str]] = {}
            for k in rows:
                seen.setdefault(views.keys[k], set()).add(views.article[k])
            for k in rows:
                self.salience[k] = len(seen[views.keys[k]]) / len(arts) if len(arts) > 1 else 0.0
                self.key_docs[k] = seen[views.keys[k]]
        # what each mention means as static word vectors, computed once per mention
        self.mv = MentionVectors(views)
        # how unlike each mention is to every mention of the other articles of its block: its
        # closest trigger there, and the share of those articles with a trigger close to it
        # (a story's side events — one report's "said", a passing "arrest" — have neither)
        self.near, self.vec_salience = self.mv.neighbourhood(self.v.article, by_block)
        # each row's position inside its block (rows of one block are its Gram's order)
        self.local = np.zeros(len(views), dtype=np.int64)
        self.block_rows: dict[str, list[int]] = {}
        for k, b in enumerate(blocks or ()):
            rows = self.block_rows.setdefault(b, [])
            self.local[k] = len(rows)
            rows.append(k)

    @property
    def key_words(self) -> dict[str, tuple[str, ...]]:
        """The head words each key stands for among these events, most frequent first: what a
        key the key prior has no words for embeds as (``KeyPrior.rate``'s ``local``); computed
        on first use (only a prior with words asks)."""
        if getattr(self, "_key_words", None) is None:  # (a PairFeatures pickled before it had one)
            kw: dict[str, Counter] = {}
            for k, t in zip(self.v.keys, self.v.triggers, strict=True):
                kw.setdefault(k, Counter())[head_word(t)] += 1
            self._key_words = {k: tuple(w for w, _ in sorted(c.items(), key=lambda x: (-x[1], x[0]))) for k, c in kw.items()}
        return self._key_words

    def _gram(self, block: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        g = self._grams.get(block)
        if g is None:
            rows = np.array(self.block_rows[block], dtype=np.int64)
            self.largest_gram = max(self.largest_gram, len(rows))
            S, E, D = self.S[rows], self.E[rows], self.D[self.doc_row[rows]]
            g = (S.dot(S.T).toarray(), E.dot(E.T).toarray(), D.dot(D.T).toarray())
            self._grams[block] = g
        return g

    def _cosines(self, i: int, js: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.blocks is not None and all(self.blocks[j] == self.blocks[i] for j in js[:1]):
            b = self.blocks[i]
            if len(self.block_rows[b]) <= self.max_gram and all(self.blocks[j] == b for j in js):
                gs, ge, gd = self._gram(b)
                li, lj = self.local[i], self.local[js]
                return gs[lj, li], ge[lj, li], gd[lj, li]
        di, dj = self.doc_row[i], self.doc_row[js]
        return (
            np.asarray(self.S[js].dot(self.S[i].T).todense()).ravel(),
            np.asarray(self.E[js].dot(self.E[i].T).todense()).ravel(),
            np.asarray(self.D[dj].dot(self.D[di].T).todense()).ravel(),
        )
    def speaker_named(self, i: int, rows: np.ndarray) -> bool:
        """May reporting mention ``i`` join a cluster of ``rows``? Only when one of them names
        its speaker (as a speaker or a participant), or when ``i`` is not a reporting mention
        or its speaker is unknown. Two "said" of one story are one statement only when one
        voice says them; without this, a story's many "police said" chain into one cluster
        through their shared word and sentence (ECB+ dev: most wrongly merged singletons)."""
        if not self.rep[i] or not self.has_speakers[i]:
            return True
        si = self.v.args[i].speakers
        return any(si & (self.v.args[int(j)].speakers | self.v.args[int(j)].participants) for j in rows)

    def actors_compatible(self, i: int, j: int) -> bool:
        """No actor of one event is named while the other names only different ones."""
        a, b = self.v.actors[i], self.v.actors[j]
        return not a or not b or bool(a & b)

    def pairs(self, i: int, js: np.ndarray, prior: KeyPrior | None = None) -> np.ndarray:
        """Feature rows of event ``i`` against events ``js`` (shape ``len(js) x len(FEATURES)``);
        ``prior`` gives the learned rate at which two head keys corefer (else the base rate)."""
        v = self.v
        n = len(js)
        X = np.zeros((n, len(FEATURES)), dtype=np.float32)
        if n == 0:
            return X
        X[:, 0] = self.stem[js] == self.stem[i]
        X[:, 1] = self.prefix[js] == self.prefix[i]
        X[:, 2], X[:, 3], X[:, 4] = self._cosines(i, js)
        X[:, 5] = self.doc_row[js] == self.doc_row[i]
        ti, tj = self.type[i], self.type[js]
        X[:, 6] = np.where((ti < 0) | (tj < 0), 0.0, np.where(tj == ti, 1.0, -1.0))
        ai = v.actors[i]
        X[:, 7] = [0.0 if not ai or not v.actors[j] else (1.0 if ai & v.actors[j] else -1.0) for j in js]
        d = _km(self.lat[i], self.lon[i], self.lat[js], self.lon[js])
        tol = np.maximum(self.km[i], self.km[js])
        X[:, 8] = np.where(np.isnan(d), 0.0, np.where(d <= tol, 1.0, -1.0))
        dd = np.abs(self.day[js] - self.day[i])
        dtol = np.maximum(self.days[i], self.days[js])
        X[:, 9] = np.where(np.isnan(dd), 0.0, np.where(dd <= dtol, 1.0, -1.0))
        X[:, 10] = X[:, 0] * X[:, 4]
        X[:, 11] = X[:, 2] * X[:, 4]
        X[:, 12] = self.key[js] == self.key[i]
        # key features depend on the two keys only: looked up once per distinct key of js
        kj_ids, inverse = np.unique(self.key[js], return_inverse=True)
        kj = [self.key_names[int(k)] for k in kj_ids]
        ki = v.keys[i]
        if prior is not None:
            local = self.key_words if prior.words else None
            X[:, 13] = np.array([prior.rate(ki, k, local) for k in kj])[inverse]
            ri = prior.key_rate(ki)
            X[:, 19] = np.array([min(ri, prior.key_rate(k)) for k in kj])[inverse]
        li = self.lead[i]
        X[:, 20] = np.where(np.isnan(self.lead[js]) | np.isnan(li), 0.0, self.lead[js] * li)
        X[:, 21] = X[:, 13] * X[:, 4]
        ai_ = v.args[i]
        for k in np.flatnonzero(self.has_args[js]) if self.has_args[i] else ():
            aj = v.args[js[k]]
            p, q = ai_.participants, aj.participants
            if p and q:
                X[k, 14] = len(p & q) / min(len(p), len(q))
                X[k, 15] = 0.0 if p & q else 1.0
            X[k, 16] = _agree(ai_.times, aj.times)
            X[k, 17] = _agree(ai_.places, aj.places)
            X[k, 18] = _agree(ai_.numbers, aj.numbers)
        X[:, 22] = X[:, 14] * X[:, 12]
        X[:, 23] = np.minimum(self.salience[js], self.salience[i])
        X[:, 24] = np.abs(self.salience[js] - self.salience[i])
        X[:, 26] = X[:, 5] * X[:, 12]
        X[:, 27] = X[:, 5] * X[:, 13]
        di_ = self.key_docs[i]
        if len(di_) > 1 and self.blocks is not None:
            same = np.array([self.blocks[int(j)] == self.blocks[i] for j in js])
            cooc: dict[int, float] = {}
            for k in np.flatnonzero(same):
                j = int(js[k])
                c = cooc.get(int(self.key[j]))
                if c is None:
                    dj_ = self.key_docs[j]
                    c = cooc[int(self.key[j])] = len(di_ & dj_) / len(di_ | dj_) if len(dj_) > 1 else 0.0
                X[k, 25] = c
        mv = self.mv
        X[:, 28] = mv.head[js] @ mv.head[i]
        X[:, 29] = mv.trigger[js] @ mv.trigger[i]
        X[:, 30] = mv.sentence[js] @ mv.sentence[i]
        X[:, 31] = mv.participants[js] @ mv.participants[i]
        X[:, 32] = mv.places[js] @ mv.places[i]
        X[:, 33] = mv.times[js] @ mv.times[i]
        # each trigger against the other mention's argument words ("the bombing" / "a bomb
        # attack on the embassy"): the better of the two directions
        own = mv.args[mv.arg_start[i] : mv.arg_end[i]]
        back = (mv.head[js] @ own.T).max(axis=1) if len(own) else 0.0
        X[:, 34] = np.maximum(mv.best_arg(mv.head[i], js), back)
        X[:, 35] = X[:, 0] * X[:, 28]
        X[:, 36] = (1.0 - X[:, 12]) * X[:, 28]
        X[:, 37] = X[:, 28] * X[:, 30]
        X[:, 38] = X[:, 36] * X[:, 4]
        X[:, 39] = X[:, 12] * X[:, 30]
        X[:, 40] = X[:, 12] * X[:, 31]
        X[:, 41] = X[:, 13] * X[:, 30]
        X[:, 42] = np.minimum(self.near[js], self.near[i])
        X[:, 43] = np.minimum(self.vec_salience[js], self.vec_salience[i])
        # reporting pairs: one statement when its speaker and its content agree
        rj = self.rep[js]
        both = rj & self.rep[i]
        X[:, 44] = both
        X[:, 45] = rj != self.rep[i]
        if self.rep[i] and self.has_speakers[i]:
            si = v.args[i].speakers
            for k in np.flatnonzero(both & self.has_speakers[js]):
                X[k, 46] = 1.0 if si & v.args[int(js[k])].speakers else -1.0
            X[:, 47] = both * (mv.speakers[js] @ mv.speakers[i])
        X[:, 48] = X[:, 44] * X[:, 2]
        X[:, 49] = X[:, 44] * X[:, 30]
        X[:, 50] = X[:, 44] * X[:, 3]
        X[:, 51] = X[:, 44] * X[:, 4]
        X[:, 52] = X[:, 44] * X[:, 12]
        return X


_WHEN_STRIP = ("on ", "in ", "at ", "during ", "last ", "this ", "the ")


def _norm_when(text: str | None) -> str:
    """A time expression compared as written: lower case, leading preposition dropped
    ("on Sunday" and "Sunday" agree)."""
    w = " ".join((text or "").lower().split())
    for p in _WHEN_STRIP:
        if w.startswith(p):
            w = w[len(p) :]
    return w


#: a pair constraint: never the same incident / surely the same incident / no constraint
CANNOT, MUST, FREE = -1, 1, 0


def constraints(v: EventViews, pf: PairFeatures, i: int, js: np.ndarray) -> np.ndarray:
    """Hard links between events of ONE article, where the report itself tells them apart.

    A report's background (an event flagged historical, one told as hypothetical or denied,
    one dated by another time expression, one placed country-wide or at another town while
    the other is placed at a town) is never the incident it reports now; and two events of
    one type at one town (within the point tolerance) that nothing sets apart are one
    incident — the location-day-type unit event datasets code (ACLED codes one event per
    type, location and day). Across articles nothing is forced: dates and places written
    relative to different reports are left to the pair model. Events without these fields
    (gold mentions) get no constraint.
    """
    out = np.zeros(len(js), dtype=np.int8)
    for k in np.flatnonzero(pf.doc_row[js] == pf.doc_row[i]):
        j = int(js[k])
        if j == i:
            continue
        if any(_known_and_differ(col[i], col[j]) for col in (v.status, v.historical, v.when)):
            out[k] = CANNOT
            continue
        pi, pj = v.precision[i], v.precision[j]
        if not pi or not pj:
            continue
        d = float(_km(pf.lat[i], pf.lon[i], pf.lat[j : j + 1], pf.lon[j : j + 1])[0])
        if (pi == "point") != (pj == "point") or (pi == pj == "point" and d > PLACE_KM["point"]):
            out[k] = CANNOT
        elif pi == pj == "point" and v.types[i] and v.types[i] == v.types[j] and pf.actors_compatible(i, j):
            out[k] = MUST
    return out


def _agree(a: frozenset[str], b: frozenset[str]) -> float:
    """1 when both sets are filled and share a word, -1 when both are filled and do not, else 0."""
    if not a or not b:
        return 0.0
    return 1.0 if a & b else -1.0


#: the most backed-off key-pair rates a :class:`KeyPrior` keeps (then it starts over)
_MEMO_MAX = 200_000


@dataclass
class Backoff:
    """How a :class:`KeyPrior` estimates a head-key pair its table lacks: the mean of the
    table's rates over the ``neighbours`` seen pairs most like it by the static word vectors
    (a seen pair (c, d) is as like (a, b) as the less similar of its two keys, the better of
    the two orientations), those at least ``min_sim`` alike weighted by that similarity, with
    ``base_weight`` pseudo-pairs at the base rate (no neighbour: the base rate).

    ``shrink`` > 0: a pair the training pairs *do* show (any count, rare ones most) is
    smoothed toward its neighbours instead of the base rate: ``(positives + shrink * n) /
    (pairs + shrink)``, ``n`` the estimate above over the other seen pairs (the neighbour
    index is the base-smoothed table, without the pair itself)."""

    min_sim: float = 0.6
    base_weight: float = 1.0
    neighbours: int = 50
    shrink: float = 0.0

    def __post_init__(self) -> None:
        if not (-1.0 <= self.min_sim <= 1.0) or self.base_weight <= 0 or self.neighbours < 1 or self.shrink < 0:
            raise ValueError(
                f"key-prior backoff {self} out of range (min_sim in [-1, 1], base_weight > 0, neighbours >= 1, shrink >= 0)"
            )

    def to_json(self) -> dict:
        out = {"min_sim": self.min_sim, "base_weight": self.base_weight, "neighbours": self.neighbours}
        return {**out, "shrink": self.shrink} if self.shrink else out


@dataclass
class KeyPrior:
    """How often mentions with two head keys corefer inside one story, learned on training
    pairs: ``(positives + a * base) / (pairs + a)`` per key pair; for a pair the table lacks,
    the base rate, or with ``backoff`` the rates of the nearest seen pairs by word vectors."""

    table: dict[tuple[str, str], float]
    base: float
    #: per key: how often its pairs (with any key) corefer
    keys: dict[str, float] = field(default_factory=dict)
    backoff: Backoff | None = None
    #: with ``backoff.shrink``: every seen pair's rate shrunk toward its neighbours (what a
    #: model file ships; a fitted prior computes it on demand from ``counts``)
    seen: dict[tuple[str, str], float] = field(default_factory=dict)
    #: the words a key stands for in the word-vector look-ups of ``backoff`` (its training
    #: mentions' most frequent head words, :func:`arguments.head_word`): a key is a stem,
    #: and stems embed badly (``quak``, ``fir``); a key without words embeds as itself
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the training counts (positives, pairs) per key pair; fit time only, not serialised
    counts: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)
    _index: Any = field(default=None, repr=False, compare=False)

    def rate(self, a: str, b: str, local: dict[str, tuple[str, ...]] | None = None) -> float:
        """The rate of a key pair; ``local``: the words of keys the prior has no words for, as
        the events being clustered use them (their most frequent head words), for the
        backoff's look-ups."""
        k = (a, b) if a <= b else (b, a)
        if self.backoff is not None and self.backoff.shrink:
            r = self.seen.get(k)
            if r is not None:
                return r
            c = self.counts.get(k)
            if c is not None:
                r = self.seen[k] = (c[0] + self.backoff.shrink * self._near(*k, own=True)) / (c[1] + self.backoff.shrink)
                return r
        r = self.table.get(k)
        if r is not None:
            return r
        if self.backoff is None:
            return self.base
        if self.words and local:
            local = {x: local[x][: self._top] for x in k if x not in self.words and x in local}
        else:
            local = None
        mk = (k, tuple(sorted(local.items()))) if local else k
        r = self._memo.get(mk)
        if r is None:
            if len(self._memo) >= _MEMO_MAX:  # a long-running server: bounded memory
                self._memo.clear()
            r = self._memo[mk] = self._near(*k, local=local)
        return r

    @property
    def _top(self) -> int:
        """How many words a key's vector averages (as the prior's own keys do)."""
        return max((len(w) for w in self.words.values()), default=1)

    def shrunk(self) -> dict[tuple[str, str], float]:
        """Every seen pair's shrunk rate (empty without ``backoff.shrink``): the model file's ``seen``."""
        if self.backoff is None or not self.backoff.shrink:
            return {}
        for k in self.counts:
            self.rate(*k)
        return dict(self.seen)

    def _near(self, a: str, b: str, own: bool = False, local: dict[str, tuple[str, ...]] | None = None) -> float:
        from .. import vectors

        wv = vectors.load()
        if self._index is None:
            pairs = sorted(self.table.items())
            ks = sorted({x for (c, d), _ in pairs for x in (c, d)})
            kid = {x: i for i, x in enumerate(ks)}
            m = np.zeros((len(ks), wv.word("event").shape[0]), np.float32)
            for x, i in kid.items():
                v = self._vec(wv, x)
                if v is not None:
                    m[i] = v
            c = np.array([kid[p[0][0]] for p in pairs], dtype=np.int64)
            d = np.array([kid[p[0][1]] for p in pairs], dtype=np.int64)
            self._index = (m, c, d, np.array([r for _, r in pairs]), {p[0]: i for i, p in enumerate(pairs)})
        va, vb = self._vec(wv, a, local), self._vec(wv, b, local)
        m, c, d, rates, where = self._index
        if va is None or vb is None or not len(c):
            return self.base
        ca, cb = m @ va, m @ vb
        sim = np.maximum(np.minimum(ca[c], cb[d]), np.minimum(ca[d], cb[c]))
        if own and (a, b) in where:  # a seen pair is not its own neighbour
            sim[where[(a, b)]] = -2.0
        ok = np.flatnonzero(sim >= self.backoff.min_sim)
        if len(ok) > self.backoff.neighbours:
            ok = ok[np.argsort(-sim[ok], kind="stable")[: self.backoff.neighbours]]
        w = sim[ok]
        return float((w @ rates[ok] + self.backoff.base_weight * self.base) / (w.sum() + self.backoff.base_weight))

    def _vec(self, wv: Any, key: str, local: dict[str, tuple[str, ...]] | None = None) -> np.ndarray | None:
        """A key's unit vector: the mean of its words' vectors (``words``, else ``local``),
        else the key's own."""
        ws = self.words.get(key) or (local or {}).get(key)
        if not ws:
            return wv.word(key)
        vs = [v for v in (wv.word(w) for w in ws) if v is not None]
        if not vs:
            return wv.word(key)
        v = np.mean(vs, axis=0)
        n = float(np.linalg.norm(v))
        return v / n if n > 0 else None

    def key_rate(self, a: str) -> float:
        return self.keys.get(a, self.base)

    @classmethod
    def fit(
        cls,
        pos: dict[tuple[str, str], int],
        tot: dict[tuple[str, str], int],
        *,
        alpha: float = 4.0,
        min_pairs: int = 3,
        backoff: Backoff | None = None,
        words: dict[str, tuple[str, ...]] | None = None,
    ) -> KeyPrior:
        n, p = sum(tot.values()), sum(pos.values())
        base = p / n if n else 0.0
        table = {k: (pos.get(k, 0) + alpha * base) / (t + alpha) for k, t in tot.items() if t >= min_pairs}
        kp: dict[str, int] = {}
        kt: dict[str, int] = {}
        for (a, b), t in tot.items():
            for k in {a, b}:
                kt[k] = kt.get(k, 0) + t
                kp[k] = kp.get(k, 0) + pos.get((a, b), 0)
        keys = {k: (kp[k] + alpha * base) / (t + alpha) for k, t in kt.items() if t >= min_pairs}
        counts = {k: (int(pos.get(k, 0)), int(t)) for k, t in tot.items() if t > 0} if backoff is not None and backoff.shrink else {}
        kw = {k: tuple(ws) for k, ws in (words or {}).items() if ws} if backoff is not None else {}
        return cls(table, base, keys, backoff, words=kw, counts=counts)

    def to_json(self) -> dict:
        seen = self.shrunk()
        return {
            "base": round(self.base, 6),
            **({"backoff": self.backoff.to_json()} if self.backoff is not None else {}),
            "keys": [[k, round(r, 4)] for k, r in sorted(self.keys.items())],
            "pairs": [[a, b, round(r, 4)] for (a, b), r in sorted(self.table.items())],
            **({"seen": [[a, b, round(r, 4)] for (a, b), r in sorted(seen.items())]} if seen else {}),
            **({"words": [[k, *ws] for k, ws in sorted(self.words.items())]} if self.words else {}),
        }

    @classmethod
    def from_json(cls, d: dict) -> KeyPrior:
        bo = d.get("backoff")
        return cls(
            {(a, b): float(r) for a, b, r in d["pairs"]},
            float(d["base"]),
            {k: float(r) for k, r in d.get("keys", [])},
            Backoff(float(bo["min_sim"]), float(bo["base_weight"]), int(bo["neighbours"]), float(bo.get("shrink", 0.0)))
            if bo is not None
            else None,
            {(a, b): float(r) for a, b, r in d.get("seen", [])},
            _words_of_json(d.get("words", [])),
        )


def _words_of_json(rows: Any) -> dict[str, tuple[str, ...]]:
    """A model file's ``key_prior.words``: ``[key, word, ...]`` rows of strings, each with a word."""
    out: dict[str, tuple[str, ...]] = {}
    for row in rows:
        if not isinstance(row, list) or len(row) < 2 or not all(isinstance(w, str) and w for w in row):
            raise ValueError(f"key_prior.words row {row!r} is not [key, word, ...] of non-empty strings")
        out[row[0]] = tuple(row[1:])
    return out


def _km(lat1: float, lon1: float, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def view_of_record(views: EventViews, r: dict[str, Any], day_of: Any) -> None:
    """Add a stored event record (``Event.to_dict``) to ``views``."""
    actors = frozenset(
        (a.get("name") or a.get("text") or "").lower() for a in (r.get("source_actor"), r.get("target_actor")) if a and (a.get("name") or a.get("text"))
    )
    loc = r.get("location") or {}
    place = (loc["lat"], loc["lon"], place_precision(loc.get("feature"), loc.get("basis"))) if loc.get("lat") is not None else None
    d = r.get("date") or {}
    day = day_of(d.get("value"))
    date = (day, d.get("precision") or "day") if day is not None else None
    args = Arguments.of_fields(actors, loc.get("name") or loc.get("text"), d.get("value"))
    views.add(
        r["event_id"], r["article_id"], r["trigger"]["text"], r["sentence"],
        type=r["type"], actors=actors, place=place, date=date, args=args, order=r.get("start"),
        status="negated" if r.get("negated") else "hypothetical" if r.get("hypothetical") else "asserted",
        historical=bool(r.get("historical")), when=d.get("text"),
    )  # fmt: skip


__all__ = [
    "CANNOT", "DATE_DAYS", "FEATURES", "FREE", "MAX_GRAM", "MUST", "PLACE_KM", "EventViews", "KeyPrior", "PairFeatures",
    "constraints", "names", "place_precision", "reporting_keys", "stem", "view_of_record",
]  # fmt: skip


def _known_and_differ(a: object, b: object) -> bool:
    """Both reports state the field (None or "" is unstated; False is stated) and disagree."""
    return a is not None and a != "" and b is not None and b != "" and a != b
