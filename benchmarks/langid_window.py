"""How many bytes determine the state of py3langid's DFA? The proof behind ``eventcoder.langid``.

A subset construction from *every* state: after reading any ``k``-byte string, which states can
the automaton be in? When every such set is a single state, the state after a byte depends on the
last ``k`` bytes only, whatever came before (``eventcoder.langid.WINDOW`` must be at least that
``k``; the run-time check catches a model for which it is not). Prints each ``k``'s number of
distinct sets and the largest; about 2 CPU-minutes for py3langid 0.4.0's model (k = 6).

    PYTHONPATH=src python benchmarks/langid_window.py
"""

from __future__ import annotations

import sys

import numpy as np


def main() -> int:
    from eventcoder.clean import _identifier

    ident = _identifier()
    nextmove = np.frombuffer(ident.tk_nextmove, dtype=f"u{ident.tk_nextmove.itemsize}").astype(np.int64)
    row = np.frombuffer(ident.tk_row, dtype=f"u{ident.tk_row.itemsize}").astype(np.int64)
    delta = nextmove.reshape(-1, 256)[row]  # one 256-entry row per state
    print(f"states {len(row)}, distinct rows {len(nextmove) // 256}")
    sets = {frozenset(range(len(row)))}
    for k in range(1, 13):
        nxt = set()
        for members in sets:
            after = delta[np.fromiter(members, dtype=np.int64)]
            for b in range(256):
                nxt.add(frozenset(np.unique(after[:, b]).tolist()))
        sets = nxt
        largest = max(len(s) for s in sets)
        print(f"k={k}: {len(sets)} sets, the largest {largest}", flush=True)
        if largest == 1:
            print(f"the last {k} bytes determine the state")
            return 0
    print("not determined by the last 12 bytes")
    return 1


if __name__ == "__main__":
    sys.exit(main())
