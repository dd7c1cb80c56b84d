"""Near-duplicate articles: MinHash over word shingles, LSH for candidates.

A syndicated copy or a re-post differs from its original by a byline, a dateline, a
"Related" box: exact content hashes miss it. Each article's MinHash (``num_perm``
permutations over 5-word shingles) goes into a ``datasketch.MinHashLSH`` index; a new
article whose estimated Jaccard with an indexed one reaches ``threshold`` is a copy of the
earliest such article (``duplicate_of``) and is not coded again. Signatures are plain
``uint64`` arrays so the store can keep them and the next run reloads the index instead of
re-reading the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from .text import words

SHINGLE = 5
NUM_PERM = 64
THRESHOLD = 0.8
#: the hashing scheme of datasketch 2 (stored signatures must be read with the same one)
SCHEME = "affine32"


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """The word ``k``-grams of a text (the whole text when it is shorter)."""
    w = words(text)
    if len(w) <= k:
        return {" ".join(w).encode("utf-8")} if w else set()
    return {" ".join(w[i : i + k]).encode("utf-8") for i in range(len(w) - k + 1)}


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray:
    """The MinHash signature of a text (``num_perm`` uint64 values)."""
    m = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME)
    sh = shingles(text)
    if sh:
        m.update_batch(list(sh))
    return m.hashvalues.copy()


class NearDuplicates:
    """An index of article signatures; :meth:`check` says whether a text copies one."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # the LSH bands are set below the verification threshold so a pair just above it is
        # not lost to banding; every candidate is verified on the full signature
        self.lsh = MinHashLSH(threshold=max(0.3, threshold - 0.3), num_perm=num_perm)
        self.sigs: dict[str, np.ndarray] = {}
        self.order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.sigs)

    def _minhash(self, sig: np.ndarray) -> MinHash:
        return MinHash(num_perm=self.num_perm, seed=1, hashvalues=sig, scheme=SCHEME)

    def add(self, article_id: str, sig: np.ndarray) -> None:
        """Index an article that is not a copy (its copies will point to it)."""
        if article_id in self.sigs:
            return
        self.sigs[article_id] = sig
        self.order[article_id] = len(self.order)
        self.lsh.insert(article_id, self._minhash(sig))

    def find(self, sig: np.ndarray) -> tuple[str, float] | None:
        """(the earliest indexed article this signature copies, estimated Jaccard), or None."""
        cands = self.lsh.query(self._minhash(sig))
        for c in sorted(cands, key=self.order.__getitem__):
            j = float(np.mean(self.sigs[c] == sig))
            if j >= self.threshold:
                return c, j
        return None

    def check(self, article_id: str, text: str) -> tuple[str | None, np.ndarray]:
        """``(duplicate_of or None, signature)``; an original is indexed, a copy is not."""
        sig = signature(text, self.num_perm)
        hit = self.find(sig)
        if hit is not None and hit[0] != article_id:
            return hit[0], sig
        self.add(article_id, sig)
        return None, sig

    @classmethod
    def from_signatures(cls, items: Iterable[tuple[str, bytes]], threshold: float = THRESHOLD) -> NearDuplicates:
        """Rebuild the index from stored ``(article_id, signature bytes)`` pairs."""
        nd = cls(threshold)
        for aid, b in items:
            sig = np.frombuffer(b, dtype=np.uint64).copy()
            if sig.size == nd.num_perm:
                nd.add(aid, sig)
        return nd


class NearDuplicateFilter:
    """The engine's check before NLP: ``filter(article)`` is the id of the article it copies
    (recorded in ``article.meta["duplicate_of"]``) or None (the article is indexed).

    Built from the signatures the clustering run stored (``cluster_articles``) plus every
    original seen in this run, so a copy is caught within a run and against clustered runs.
    """

    def __init__(self, index: NearDuplicates | None = None) -> None:
        self.index = index or NearDuplicates()
        self.found = 0

    def __call__(self, article: Any) -> str | None:
        dup, _ = self.index.check(article.id, article.text)
        if dup is not None:
            article.meta["duplicate_of"] = dup
            self.found += 1
        return dup

    @classmethod
    def from_store(cls, con: Any) -> NearDuplicateFilter:
        try:
            rows = con.execute("SELECT article_id, signature FROM cluster_articles WHERE duplicate_of IS NULL").fetchall()
        except Exception:  # noqa: BLE001 - duckdb CatalogException: never clustered
            rows = []
        return cls(NearDuplicates.from_signatures(rows))


__all__ = ["NUM_PERM", "THRESHOLD", "NearDuplicateFilter", "NearDuplicates", "shingles", "signature"]
