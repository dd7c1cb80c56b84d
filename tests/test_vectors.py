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
