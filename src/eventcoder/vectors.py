"""Static word and text vectors: which words and contexts mean alike things.

Several stages need a notion of meaning that no lexicon spells out: whether "strike" and
"hit", "shooting" and "gunfire", or "quake" and "earthquake" name one incident (cross-article
event clusters), whether a context reads like a battle report or a football match (the
detector). spaCy's small English model has no static vectors, and its context tensors rank
any two verbs alike. WordLlama's ``l2_supercat`` table (MIT, shipped inside its PyPI wheel;
trained for similarity from LLM token codebooks) does: "arrested"/"killed" −0.06,
"attack"/"assault" 0.56, "killed"/"died" 0.75 at 64 dimensions.

``data/vectors/wordllama-l2-supercat-64.npz`` holds its first 64 (Matryoshka) columns in
float16 with the tokenizer's pieces and byte-pair merges (built by
``scripts/build_vectors.py``; provenance in ``data/vectors/README.md``). This module
re-implements that tokenizer (SentencePiece-style BPE with byte fallback) and WordLlama's
pooling (mean of the token rows, L2-normalised) with numpy, so nothing beyond numpy is
needed and nothing is downloaded. A word's vector is cached; a text's vector is the mean of
the token rows of all its words, as WordLlama embeds a text.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import ConfigError

DEFAULT_PATH = Path(__file__).parent / "data" / "vectors" / "wordllama-l2-supercat-64.npz"
_SPACE = "\u2581"


class WordVectors:
    """Word and text vectors from a token table and its byte-pair encoding."""

    def __init__(self, embedding: np.ndarray, pieces: Iterable[str], merges: Iterable[str]):
        self.embedding = np.asarray(embedding, dtype=np.float32)
        self.index = {p: i for i, p in enumerate(pieces)}
        ranks: dict[tuple[str, str], int] = {}
        for rank, merge in enumerate(merges):
            left, _, right = merge.partition(" ")
            ranks.setdefault((left, right), rank)
        self.ranks = ranks
        self.dims = int(self.embedding.shape[1])
        self._ids = lru_cache(maxsize=200_000)(self._encode)
        self._word = lru_cache(maxsize=200_000)(self._word_vector)
        self._text = lru_cache(maxsize=50_000)(self._text_vector)

    # -- tokenizer -------------------------------------------------------------------
    def _symbols(self, word: str) -> list[str]:
        symbols: list[str] = []
        for ch in _SPACE + word:
            if ch in self.index:
                symbols.append(ch)
            else:  # byte fallback: the UTF-8 bytes as <0xHH> pieces (they never merge)
                symbols.extend(f"<0x{b:02X}>" for b in ch.encode("utf-8"))
        return symbols

    def _encode(self, word: str) -> tuple[int, ...]:
        symbols = self._symbols(word)
        ranks = self.ranks
        while len(symbols) > 1:
            best = None
            best_rank = None
            for i in range(len(symbols) - 1):
                r = ranks.get((symbols[i], symbols[i + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = i, r
            if best is None:
                break
            symbols[best : best + 2] = [symbols[best] + symbols[best + 1]]
        index = self.index
        return tuple(index[s] for s in symbols if s in index)

    def ids(self, word: str) -> tuple[int, ...]:
        """The token ids of one word as the model's tokenizer splits it after a space."""
        word = word.strip()
        return self._ids(word) if word else ()

    # -- vectors ---------------------------------------------------------------------
    def _word_vector(self, word: str) -> np.ndarray | None:
        ids = self._ids(word)
        if not ids:
            return None
        return _unit(_mean_rows(self.embedding[list(ids)]))

    def word(self, word: str) -> np.ndarray | None:
        """The unit vector of one word (None for an empty string). Case matters, as in the model."""
        word = word.strip()
        return self._word(word) if word else None

    def text(self, words: Iterable[str]) -> np.ndarray | None:
        """The unit vector of a text given as words: the mean of all their token rows.

        Memoised by the words (the same words give the same rows in the same order, so the
        same vector); the array returned is shared, hence read-only."""
        return self._text(tuple(words))

    def _text_vector(self, words: tuple[str, ...]) -> np.ndarray | None:
        ids: list[int] = []
        for w in words:
            ids.extend(self.ids(w))
        if not ids:
            return None
        v = _unit(_mean_rows(self.embedding[ids]))
        if v is not None:
            v.flags.writeable = False
        return v

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two words or phrases (0.0 when either is empty)."""
        va = self.text(a.split())
        vb = self.text(b.split())
        if va is None or vb is None:
            return 0.0
        return float(va @ vb)


def _mean_rows(rows: np.ndarray) -> np.ndarray:
    """``rows.mean(axis=0)`` of float32 rows, computed as numpy's ``mean`` computes it — the
    float32 sum over the rows, then divided in place by the row count as an ``intp`` — without
    its Python wrapper (a few microseconds a call, and the stages ask for tens of thousands of
    text vectors a run): the same bits (``tests/test_vectors.py``)."""
    s = np.add.reduce(rows, axis=0)
    np.true_divide(s, np.intp(rows.shape[0]), out=s, casting="unsafe")
    return s


def _unit(v: np.ndarray) -> np.ndarray | None:
    # np.linalg.norm of a 1-D float vector is sqrt(v.dot(v)), in v's dtype: the same, without
    # its Python wrapper
    n = float(np.sqrt(v.dot(v)))
    return v / n if n > 0 else None


def cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Cosine of two unit vectors; 0.0 when either is missing."""
    if a is None or b is None:
        return 0.0
    return float(a @ b)


@lru_cache(maxsize=2)
def load(path: str | None = None) -> WordVectors:
    """The shipped vectors (loaded once per process; about 0.2 s)."""
    p = Path(path) if path else DEFAULT_PATH
    try:
        with np.load(p, allow_pickle=False) as data:
            return WordVectors(data["embedding"], data["pieces"].tolist(), data["merges"].tolist())
    except (OSError, KeyError, ValueError) as err:
        raise ConfigError("E590", path=str(p), reason=str(err)) from err
