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
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'-]+|\d[\d,.]*)")
#: how much a document's names and numbers weigh against its words in a story vector
#: (chosen with the story threshold on the ECB+ train+dev topics and the GVC dev part)
NAME_WEIGHT = 0.75


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


def names(text: str) -> str:
    """Capitalised words and numbers of a text, not its first word: who, where and how many."""
    return " ".join(m.group(1) for m in _NAME.finditer(text))


def _name_tokens(text: str) -> str:
    # prefixed so a name is its own column, apart from the same word in lower case
    return " ".join("nn" + re.sub(r"\W", "", t.lower()) for t in names(text).split() if len(t) > 1)


def story_vectors(df: DocFreq, texts: list[str]) -> sparse.csr_matrix:
    """Document vectors for stories, counting the texts into ``df`` first.

    Two incidents of one kind (two earthquakes, two arrests) share their topic words; what
    tells them apart is who, where and how many. So a story vector is the TF-IDF of the
    words plus :data:`NAME_WEIGHT` times the TF-IDF of the names and numbers (a separate set
    of columns), L2-normalised.
    """
    raw = counts(texts)
    raw_n = counts([_name_tokens(t) for t in texts])
    df.update((raw + raw_n).tocsr())
    m = (df.weigh(raw) + NAME_WEIGHT * df.weigh(raw_n)).tocsr()
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms).dot(m).tocsr().astype(np.float32)


def top_terms(row: sparse.csr_matrix, k: int) -> list[int]:
    """The ``k`` heaviest hashed columns of one row (the blocking keys of a document)."""
    if row.nnz <= k:
        return [int(c) for c in row.indices]
    idx = np.argpartition(-row.data, k)[:k]
    return [int(c) for c in row.indices[idx]]


def words(text: str) -> list[str]:
    """Plain word tokens (shingles for near-duplicates, lemmas' fallback)."""
    return _WORD.findall(text.lower())


__all__ = ["NAME_WEIGHT", "N_FEATURES", "DocFreq", "counts", "names", "story_vectors", "top_terms", "words"]
