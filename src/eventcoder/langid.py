"""py3langid's classifier with its byte walk done by numpy: the same decisions, bit for bit.

py3langid scores a text by walking a DFA over its UTF-8 bytes, one Python step a byte
(``visit_counts``), and counting the n-gram features the visited states emit: about two
thirds of the language identification's CPU time, itself most of ``clean``'s. The DFA is an
Aho–Corasick automaton over byte n-grams, so the state after byte ``i`` depends only on the
last few bytes read: started from state 0 ``WINDOW`` bytes back, the walk is in the same state
by byte ``i`` (for py3langid 0.4.0's model, from *any* state after 6 bytes: checked over every
state and byte string by a subset construction, ``benchmarks/langid_window.py``). So every position's
state is computed at once, ``WINDOW`` vectorised transitions from state 0 (from the text's
start for the first bytes). **Each text is then checked**: the sequence of states must obey
the transition table at every byte, from state 0, which is exactly what the Python walk
computes; a text that fails the check (a model without the property) is walked by py3langid's
own loop. The features are counted in order of first occurrence, as ``Counter`` orders them,
so the score is the same matrix product of the same arrays: identical floats, identical
decisions (``tests/test_langid.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

#: bytes of context that determine the DFA's state (see the module's doc); a text whose
#: states this window does not determine is detected and walked the slow way
WINDOW = 6


def walk_states(nextmove: Any, rowbase: Any, data: Any, window: int = WINDOW) -> Any:
    """The DFA's state after each byte of ``data`` (a ``uint8`` array), as py3langid's walk
    from state 0 reaches it, or None when the ``window`` bytes before a position do not
    determine its state (checked at every byte against the transition table)."""
    import numpy as np

    n = len(data)
    states = np.zeros(n, dtype=np.intp)
    for k in range(min(window, n) - 1, -1, -1):  # byte i-k of position i, oldest first
        states[k:] = nextmove[rowbase[states[k:]] + data[: n - k]]
    prev = np.empty(n, dtype=np.intp)
    prev[0] = 0
    prev[1:] = states[:-1]
    if not np.array_equal(nextmove[rowbase[prev] + data], states):
        return None
    return states


@lru_cache(maxsize=1)
def identifier_class() -> type:
    """``py3langid.langid.LanguageIdentifier`` with the vectorised walk (built on first use,
    so that importing this module imports neither numpy nor py3langid)."""
    import numpy as np
    from py3langid.langid import RAW_FLOOR, LanguageIdentifier

    class WalkIdentifier(LanguageIdentifier):
        __slots__ = ("_np_nextmove", "_np_rowbase", "_np_output")

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._np_nextmove = np.frombuffer(self.tk_nextmove, dtype=f"u{self.tk_nextmove.itemsize}")
            self._np_rowbase = np.frombuffer(self.tk_row, dtype=f"u{self.tk_row.itemsize}").astype(np.intp) << 8
            self._np_output = np.asarray(self.tk_output, dtype=np.int64)

        def _raw_score(self, text: Any) -> Any:
            if not isinstance(text, bytes | bytearray) or not text:
                return super()._raw_score(text)
            states = walk_states(self._np_nextmove, self._np_rowbase, np.frombuffer(text, dtype=np.uint8))
            if states is None:
                return super()._raw_score(text)
            feats = self._np_output[states]
            feats = feats[feats >= 0]
            if not feats.size:
                fill = 0.0 if self._norm_probs else RAW_FLOOR
                return np.full(len(self.nb_classes), fill, dtype=np.float32)
            uniq, first, counts = np.unique(feats, return_index=True, return_counts=True)
            order = np.argsort(first, kind="stable")  # Counter's order: first occurrence
            idx = uniq[order].astype(np.intp)
            return np.log1p(counts[order].astype(np.float32)) @ self.nb_ptc[idx] + self.nb_pc

    return WalkIdentifier
