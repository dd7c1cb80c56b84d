"""Bag-of-words vectors shared by stories and event clusters.

Vectors are hashed (``HashingVectorizer``): a new run vectorises new articles without a
vocabulary fitted on the old ones, which is what makes the incremental run possible. Terms
are weighted by sublinear TF x IDF, the IDF from document frequencies kept in
:class:`DocFreq` and updated as articles arrive (so weights drift slightly as a corpus
grows; a story's centroid keeps the weights it was built with).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

N_FEATURES = 1 << 18
_TOKEN = r"(?u)\b[^\W\d_][\w'-]*[^\W_]\b|\b\d{2,}\b"

_VEC = HashingVectorizer(
    n_features=N_FEATURES,
    alternate_sign=False,
    norm=None,
    lowercase=True,
    token_pattern=_TOKEN,
    stop_words=sorted(ENGLISH_STOP_WORDS),
    dtype=np.float32,
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def counts(texts: list[str]) -> sparse.csr_matrix:
    """Raw term counts, one row a text (hashed columns)."""
    return _VEC.transform(texts).tocsr()


@dataclass
class DocFreq:
    """Document frequencies of hashed terms: the IDF of every vector."""

    n_docs: int = 0
    df: np.ndarray = field(default_factory=lambda: np.zeros(N_FEATURES, dtype=np.int32))

    def update(self, m: sparse.csr_matrix) -> None:
        """Count the documents of ``m`` (raw counts) in the frequencies."""
        self.n_docs += m.shape[0]
        cols = m.indices
        if cols.size:
            # each row's columns are unique, so a bincount over all rows is the df increment
            self.df += np.bincount(cols, minlength=N_FEATURES).astype(np.int32)

    def idf(self, cols: np.ndarray) -> np.ndarray:
        return np.log((self.n_docs + 1.0) / (self.df[cols] + 1.0)).astype(np.float32) + 1.0

    def weigh(self, m: sparse.csr_matrix) -> sparse.csr_matrix:
        """Sublinear TF x IDF, rows L2-normalised (cosine = dot product)."""
        w = m.copy().astype(np.float32)
        w.data = (1.0 + np.log(w.data)) * self.idf(w.indices)
        norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms).dot(w).tocsr()

    def to_bytes(self) -> bytes:
        return np.int64(self.n_docs).tobytes() + self.df.tobytes()

    @classmethod
    def from_bytes(cls, b: bytes) -> DocFreq:
        n = int(np.frombuffer(b[:8], dtype=np.int64)[0])
        return cls(n, np.frombuffer(b[8:], dtype=np.int32).copy())


def top_terms(row: sparse.csr_matrix, k: int) -> list[int]:
    """The ``k`` heaviest hashed columns of one row (the blocking keys of a document)."""
    if row.nnz <= k:
        return [int(c) for c in row.indices]
    idx = np.argpartition(-row.data, k)[:k]
    return [int(c) for c in row.indices[idx]]


def words(text: str) -> list[str]:
    """Plain word tokens (shingles for near-duplicates, lemmas' fallback)."""
    return _WORD.findall(text.lower())


__all__ = ["N_FEATURES", "DocFreq", "counts", "top_terms", "words"]
