"""A read-only string-keyed hash table in one memory-mapped file.

Why: the gazetteer's name index holds about 550 k keys (and its first-token table another
340 k). As Python dicts of lists, unpickling them cost most of the gazetteer's start-up (about a
quarter of building a ``Pipeline``) and a few hundred MB of private memory in every process.
Mapped from a file, opening costs nothing, the pages are the operating system's page cache
(shared by every worker process and every run), and only the keys an article looks up are
ever touched.

The layout is an open-addressing table (linear probing, crc32 of the UTF-8 key, at most half
full) over five little-endian uint32 sections: slots, key offsets, key bytes, value offsets,
values. A lookup costs a crc32 and one or two probes; answers are memoised per process, so
the words an article repeats — and the next article repeats — cost a dict lookup.

``DiskTable`` is a read-only ``Mapping``: ``key in t``, ``t.get(key)``, ``t[key]``,
iteration, ``len``. A value is a list of ints (``scalar=False``) or one int.
"""

from __future__ import annotations

import mmap
import os
import struct
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from zlib import crc32

MAGIC = b"ECDTAB01"
_EMPTY = 0xFFFFFFFF
_HEADER = struct.Struct("<8sIIIQQQQQ")  # magic, n keys, n slots, scalar, 5 section offsets
#: answers kept per table before the memo is cleared (bounds memory on an endless stream)
MEMO_MAX = 400_000

if sys.byteorder != "little":  # pragma: no cover - every supported platform is little-endian
    raise ImportError("eventcoder.geo.diskindex needs a little-endian machine")


def _pad(buf: bytearray) -> None:
    buf.extend(b"\0" * (-len(buf) % 8))


def write_table(path: str | Path, table: Mapping[str, Any], *, scalar: bool) -> None:
    """Write ``table`` (str -> list of ints, or str -> int with ``scalar``) to ``path``,
    atomically (a reader never sees half a file)."""
    from array import array

    keys = list(table)
    n = len(keys)
    nslots = 1 << max(4, (2 * n).bit_length())  # at most half full
    mask = nslots - 1
    slots = array("I", [_EMPTY]) * nslots
    koff = array("I", [0])
    voff = array("I", [0])
    vals = array("I")
    blob = bytearray()
    for e, key in enumerate(keys):
        kb = key.encode("utf-8", "surrogatepass")
        blob += kb
        koff.append(len(blob))
        v = table[key]
        if scalar:
            vals.append(int(v))
        else:
            vals.extend(int(x) for x in v)
        voff.append(len(vals))
        h = crc32(kb) & mask
        while slots[h] != _EMPTY:
            h = (h + 1) & mask
        slots[h] = e
    body = bytearray()
    offsets = []
    for section in (slots.tobytes(), koff.tobytes(), bytes(blob), voff.tobytes(), vals.tobytes()):
        offsets.append(_HEADER.size + len(body))
        body += section
        _pad(body)
    header = _HEADER.pack(MAGIC, n, nslots, int(scalar), *offsets)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".diskindex-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(header)
            fh.write(body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class DiskTable(Mapping):
    """A table written by :func:`write_table`, mapped read-only."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        with open(self.path, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        mv = memoryview(self._mm)
        if len(mv) < _HEADER.size:
            raise ValueError(f"{self.path}: not a disk table (too short)")
        magic, n, nslots, scalar, o_slots, o_koff, o_blob, o_voff, o_vals = _HEADER.unpack_from(mv)
        if magic != MAGIC:
            raise ValueError(f"{self.path}: not a disk table (bad magic)")
        self._n = n
        self._mask = nslots - 1
        self._scalar = bool(scalar)
        self._slots = mv[o_slots : o_slots + 4 * nslots].cast("I")
        self._koff = mv[o_koff : o_koff + 4 * (n + 1)].cast("I")
        self._blob = mv[o_blob : o_blob + self._koff[n]]
        self._voff = mv[o_voff : o_voff + 4 * (n + 1)].cast("I")
        self._vals = mv[o_vals : o_vals + 4 * self._voff[n]].cast("I")
        self._memo: dict[str, Any] = {}

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as its path: the file is the table
        return (DiskTable, (self.path,))

    def _find(self, key: str) -> int:
        kb = key.encode("utf-8", "surrogatepass")
        mask, slots, koff, blob = self._mask, self._slots, self._koff, self._blob
        h = crc32(kb) & mask
        while True:
            e = slots[h]
            if e == _EMPTY:
                return -1
            if blob[koff[e] : koff[e + 1]] == kb:
                return e
            h = (h + 1) & mask

    def _value(self, e: int) -> Any:
        a, b = self._voff[e], self._voff[e + 1]
        return self._vals[a] if self._scalar else self._vals[a:b].tolist()

    def _lookup(self, key: str) -> Any:
        memo = self._memo
        try:
            return memo[key]
        except KeyError:
            pass
        e = self._find(key)
        out = None if e < 0 else self._value(e)
        if len(memo) >= MEMO_MAX:
            memo.clear()
        memo[key] = out
        return out

    def get(self, key: Any, default: Any = None) -> Any:
        if not isinstance(key, str):
            return default
        out = self._lookup(key)
        if out is None:
            return default
        return out if self._scalar else list(out)  # a copy: callers may not mutate the memo

    def __getitem__(self, key: str) -> Any:
        out = self.get(key)
        if out is None:
            raise KeyError(key)
        return out

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup(key) is not None

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[str]:
        koff, blob = self._koff, self._blob
        for e in range(self._n):
            yield bytes(blob[koff[e] : koff[e + 1]]).decode("utf-8", "surrogatepass")

    def items(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        for e, key in enumerate(self):
            yield key, self._value(e)

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        for e in range(self._n):
            yield self._value(e)


__all__ = ["DiskTable", "write_table"]
