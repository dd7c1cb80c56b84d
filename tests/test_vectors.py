"""The shipped word vectors: the tokenizer re-implementation and what the similarities say."""

from __future__ import annotations

import numpy as np
import pytest

from eventcoder import vectors
from eventcoder.errors import ConfigError


@pytest.fixture(scope="module")
def wv() -> vectors.WordVectors:
    return vectors.load()


def pieces(wv: vectors.WordVectors, word: str) -> list[str]:
    inverse = {i: p for p, i in wv.index.items()}
    return [inverse[i] for i in wv.ids(word)]


def test_byte_pair_encoding_splits_as_the_model_does(wv):
    # whole common words are one piece after the space marker; rarer ones split into merges
    assert pieces(wv, "attack") == ["\u2581attack"]
    assert pieces(wv, "earthquake") == ["\u2581earth", "qu", "ake"]
    assert "".join(pieces(wv, "Kandahar")).replace("\u2581", "") == "Kandahar"


def test_unknown_characters_fall_back_to_bytes(wv):
    ids = wv.ids("\u2603")  # a snowman is not a piece: three UTF-8 byte pieces
    assert len(ids) >= 3
    assert wv.word("\u2603") is not None


def test_similar_events_are_closer_than_unlike_ones(wv):
    assert wv.similarity("attack", "assault") > wv.similarity("attack", "meeting") + 0.3
    assert wv.similarity("killed", "died") > wv.similarity("killed", "arrested") + 0.3
    assert wv.similarity("shooting", "gunfire") > 0.3


def test_text_vector_is_the_pooled_unit_vector(wv):
    v = wv.text(["troops", "shelled", "the", "town"])
    assert v is not None and v.shape == (wv.dims,)
    assert np.isclose(np.linalg.norm(v), 1.0, atol=1e-5)
    assert wv.text([]) is None and wv.text(["", "  "]) is None
    assert vectors.cosine(v, None) == 0.0


def test_a_broken_file_is_a_coded_error(tmp_path):
    bad = tmp_path / "v.npz"
    bad.write_bytes(b"not an npz")
    with pytest.raises(ConfigError) as err:
        vectors.load(str(bad))
    assert err.value.code == "E590"


def test_pooled_rows_and_their_norm_are_numpys_to_the_bit(wv):
    """``_mean_rows`` and ``_unit`` skip numpy's Python wrappers of ``mean`` and
    ``linalg.norm``; the vectors they give are the same bits."""
    rng = np.random.default_rng(3)
    for _ in range(2_000):
        rows = wv.embedding[rng.integers(0, wv.embedding.shape[0], int(rng.integers(1, 50))).tolist()]
        mean = vectors._mean_rows(rows)
        assert mean.dtype == np.float32 and mean.tobytes() == rows.mean(axis=0).tobytes()
        expected = mean / float(np.linalg.norm(mean))
        assert vectors._unit(mean).tobytes() == expected.tobytes()
    assert vectors._unit(np.zeros(wv.dims, dtype=np.float32)) is None
