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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from .text import N_FEATURES, DocFreq, counts, names

FEATURES = (
    "lemma_eq", "prefix_eq", "sent_cos", "ent_cos", "doc_cos", "same_doc",
    "type_eq", "actor_agree", "place_agree", "date_agree", "lemma_doc", "sent_doc",
)  # fmt: skip

#: distance (km) within which two places agree, by the precision of the coarser one
PLACE_KM = {"point": 25.0, "admin": 150.0, "country": 1500.0}
#: days within which two dates agree, by the precision of the coarser one
DATE_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}

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

    def __len__(self) -> int:
        return len(self.ids)


class PairFeatures:
    """The arrays pair features are computed from, built once for a set of events."""

    def __init__(self, views: EventViews, doc_vecs: dict[str, sparse.csr_matrix], df: DocFreq, blocks: list[str] | None = None) -> None:
        self.v = views
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
        stem_ids: dict[str, int] = {}
        self.stem = np.array([stem_ids.setdefault(s, len(stem_ids)) for s in views.stems])
        pre_ids: dict[str, int] = {}
        self.prefix = np.array([pre_ids.setdefault(s[:4], len(pre_ids)) for s in views.stems])
        type_ids: dict[str, int] = {}
        self.type = np.array([type_ids.setdefault(t, len(type_ids)) if t else -1 for t in views.types])
        self.lat, self.lon, self.km = np.array(views.lat), np.array(views.lon), np.array(views.km)
        self.day, self.days = np.array(views.day), np.array(views.days)
        # each row's position inside its block (rows of one block are its Gram's order)
        self.local = np.zeros(len(views), dtype=np.int64)
        self.block_rows: dict[str, list[int]] = {}
        for k, b in enumerate(blocks or ()):
            rows = self.block_rows.setdefault(b, [])
            self.local[k] = len(rows)
            rows.append(k)

    def _gram(self, block: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        g = self._grams.get(block)
        if g is None:
            rows = np.array(self.block_rows[block], dtype=np.int64)
            S, E, D = self.S[rows], self.E[rows], self.D[self.doc_row[rows]]
            g = (S.dot(S.T).toarray(), E.dot(E.T).toarray(), D.dot(D.T).toarray())
            self._grams[block] = g
        return g

    def _cosines(self, i: int, js: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.blocks is not None and all(self.blocks[j] == self.blocks[i] for j in js[:1]):
            b = self.blocks[i]
            if all(self.blocks[j] == b for j in js):
                gs, ge, gd = self._gram(b)
                li, lj = self.local[i], self.local[js]
                return gs[lj, li], ge[lj, li], gd[lj, li]
        di, dj = self.doc_row[i], self.doc_row[js]
        return (
            np.asarray(self.S[js].dot(self.S[i].T).todense()).ravel(),
            np.asarray(self.E[js].dot(self.E[i].T).todense()).ravel(),
            np.asarray(self.D[dj].dot(self.D[di].T).todense()).ravel(),
        )
    def pairs(self, i: int, js: np.ndarray) -> np.ndarray:
        """Feature rows of event ``i`` against events ``js`` (shape ``len(js) x len(FEATURES)``)."""
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
        return X


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
    views.add(r["event_id"], r["article_id"], r["trigger"]["text"], r["sentence"], type=r["type"], actors=actors, place=place, date=date)


__all__ = ["DATE_DAYS", "FEATURES", "PLACE_KM", "EventViews", "PairFeatures", "names", "place_precision", "stem", "view_of_record"]
