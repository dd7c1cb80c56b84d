"""Name normalisation: keys, spellings, the ezafe."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventcoder.geo.normalize import key_variants, normalize


def test_normalize_spellings_share_a_key():
    assert normalize("Deir ez-Zor") == normalize("DEIR EZ ZOR") == "deir ez zor"
    assert normalize("Ḩalab") == "halab"
    assert normalize("Dar‘ā") == "dar a"
    assert "dara" in key_variants("Dar'a")
    assert "hasakah" in key_variants("Al Hasakah")


@given(st.text(max_size=40))
def test_normalize_is_idempotent_and_clean(s):
    k = normalize(s)
    assert normalize(k) == k
    assert k == k.strip() and "  " not in k


def test_normalize_folds_compatibility_forms_to_a_fixed_point():
    # found by hypothesis: a mathematical dotless i became "ı" only after NFKC
    assert normalize("\U0001d6a4") == normalize("ı") == "i"
