"""The fast paths of ``clean`` give what the character-by-character code gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.clean import _BIDI, _emit, _emit_chars, _invisible, _letters_upto

_ASCIIISH = st.text(alphabet=st.sampled_from(list("ab Z.\t\x01\x7f 9,  ")), max_size=40)
_ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_ASCIIISH, _ANY, st.sampled_from(["Troops entered the town on Monday. ", " lead", "a  b", "tab\there", "x\x00y"])), st.integers(0, 99))
def test_emit_fast_path_is_the_slow_path(line, base):
    fast_out, fast_map, slow_out, slow_map = [], [], [], []
    _emit(line, base, fast_out, fast_map)
    _emit_chars(line, base, slow_out, slow_map)
    assert (fast_out, fast_map) == (slow_out, slow_map)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_ANY, st.text(alphabet=st.sampled_from(["a", "\x00", "\x85", "\t", "\n", "\x1b", *sorted(_BIDI)]), max_size=30)))
def test_invisible_counts_as_before(text):
    ctrl = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or "\x7f" <= ch <= "\x9f")
    bidi = sum(1 for ch in text if ch in _BIDI)
    got = _invisible(text)
    assert any(f"{ctrl} control" in w for w in got) == bool(ctrl)
    assert any(f"{bidi} bidirectional" in w for w in got) == bool(bidi)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=1200), st.sampled_from([20, 200]))
def test_letters_are_exact_below_the_limit(text, limit):
    full = sum(c.isalpha() for c in text)
    got = _letters_upto(text, limit)
    assert got == full if full < limit else got >= limit
