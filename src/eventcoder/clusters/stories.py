"""Stories: articles about the same real-world story share a ``story_id``.

Online and order-stable: articles are taken by publication date (then id); each joins the
story whose centroid is most similar — TF-IDF cosine times a soft time decay — when that
reaches the threshold, else founds a new story (``story_id`` = a hash of its first article,
so ids stay put when later articles arrive). There is no hard date window: the decay only
lowers the similarity of far-apart reports, so a long trial or a war's anniversary can
still join its story when the words agree strongly. Candidates come from an inverted index
of each story's heaviest terms (blocking), so a new article is compared with a handful of
stories, not with the corpus; a batch run and an incremental run are the same procedure.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse

from ..records import content_hash
from .text import top_terms

#: cosine (after decay) a document needs to join a story; tuned on ECB+ dev topics / GVC dev part
THRESHOLD = 0.15
#: days over which the decay falls by 1/e; the floor keeps far-apart reports joinable
DECAY_DAYS = 30.0
DECAY_FLOOR = 0.5
#: blocking keys: a document's and a story centroid's heaviest terms
KEYS = 20
STORY_KEYS = 30
#: stories compared with one document, those sharing the most keys first
MAX_CANDIDATES = 25


def decay(days: float | None) -> float:
    """The time factor of a similarity: 1 for the same day, towards ``DECAY_FLOOR`` far apart."""
    if days is None:
        return 1.0
    return DECAY_FLOOR + (1.0 - DECAY_FLOOR) * math.exp(-abs(days) / DECAY_DAYS)


def day_number(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10]).toordinal()
    except ValueError:
        return None


@dataclass
class Story:
    """One story: the sum of its members' vectors and its date range."""

    story_id: str
    total: sparse.csr_matrix
    n: int = 0
    first_day: int | None = None
    last_day: int | None = None
    keys: list[int] = field(default_factory=list)
    dirty: bool = False
    _centroid: dict[int, float] | None = field(default=None, repr=False)

    def centroid(self) -> dict[int, float]:
        """The unit-length mean vector as {column: weight} (cached until the story grows)."""
        if self._centroid is None:
            t = self.total
            norm = math.sqrt(float((t.data**2).sum())) or 1.0
            self._centroid = dict(zip(t.indices.tolist(), (t.data / norm).tolist(), strict=True))
        return self._centroid

    def gap(self, day: int | None) -> float | None:
        if day is None or self.first_day is None or self.last_day is None:
            return None
        if self.first_day <= day <= self.last_day:
            return 0.0
        return float(min(abs(day - self.first_day), abs(day - self.last_day)))


class Stories:
    """The stories of a corpus and their blocking index."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self.stories: dict[str, Story] = {}
        self.index: dict[int, set[str]] = defaultdict(set)
        self.compared = 0

    def _reindex(self, s: Story) -> None:
        for k in s.keys:
            self.index[k].discard(s.story_id)
        s.keys = top_terms(s.total, STORY_KEYS)
        for k in s.keys:
            self.index[k].add(s.story_id)

    def add_story(self, s: Story) -> None:
        self.stories[s.story_id] = s
        self._reindex(s)

    def candidates(self, vec: sparse.csr_matrix) -> set[str]:
        """The stories sharing the most blocking keys with the document (at most
        ``MAX_CANDIDATES``): common keys would otherwise make every story a candidate."""
        shared: Counter[str] = Counter()
        for k in top_terms(vec, KEYS):
            shared.update(self.index.get(k, ()))
        return {sid for sid, _ in shared.most_common(MAX_CANDIDATES)}

    def best(self, vec: sparse.csr_matrix, day: int | None) -> tuple[str | None, float]:
        """The most similar candidate story and its decayed cosine."""
        best_id, best_sim = None, 0.0
        pairs = list(zip(vec.indices.tolist(), vec.data.tolist(), strict=True))
        for sid in sorted(self.candidates(vec)):
            s = self.stories[sid]
            self.compared += 1
            c = s.centroid()
            sim = sum(c.get(k, 0.0) * w for k, w in pairs) * decay(s.gap(day))
            if sim > best_sim:
                best_id, best_sim = sid, sim
        return best_id, best_sim

    def assign(self, article_id: str, vec: sparse.csr_matrix, published: str | None) -> str:
        """The story of one article (joined or founded); updates the story."""
        day = day_number(published)
        sid, sim = self.best(vec, day)
        if sid is None or sim < self.threshold:
            sid = "s" + content_hash("story", article_id)[:15]
            s = Story(sid, sparse.csr_matrix(vec.shape, dtype=np.float32))
            self.stories[sid] = s
        s = self.stories[sid]
        s.total = (s.total + vec).tocsr()
        s._centroid = None
        s.n += 1
        if day is not None:
            s.first_day = day if s.first_day is None else min(s.first_day, day)
            s.last_day = day if s.last_day is None else max(s.last_day, day)
        s.dirty = True
        self._reindex(s)
        return sid


def order_key(published: str | None, article_id: str) -> tuple[str, str]:
    """Articles are assigned by date then id (undated first), the same in every run."""
    return (str(published or "")[:10], article_id)


__all__ = ["DECAY_DAYS", "THRESHOLD", "Stories", "Story", "decay", "day_number", "order_key"]
