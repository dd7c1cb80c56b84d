"""Byte streams with bounds: gzip that refuses bombs, reads that stop at a limit, lines
that cannot grow without end.

Why: a reader holds at most one record (or one document) in memory, whatever the input —
a 1 GB stdin stream, a 1 MB gzip that inflates to 2.4 GiB, ``/dev/zero`` — so memory and
time are bounded by ``--max-chars``, not by the size of the input.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError

CHUNK = 1 << 16
#: gzip: refuse a stream that inflates more than this many times its compressed size ...
GZIP_MAX_RATIO = 200
#: ... once it has inflated past this (small files may legitimately compress very well)
GZIP_RATIO_FLOOR = 64 << 20
#: and refuse any single compressed stream past this many inflated bytes
GZIP_MAX_BYTES = 16 << 30


def doc_limit(max_chars: int) -> int:
    """Bytes a document of ``max_chars`` characters can take (UTF-8: at most 4 a character),
    plus room for markup and metadata."""
    return max_chars * 4 + (1 << 20)


class Prefixed(io.RawIOBase):
    """``head`` (already read to sniff the format) followed by the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(b))
        if not data:
            return 0
        b[: len(data)] = data
        return len(data)


class Inflater(io.RawIOBase):
    """gzip (or zlib), member after member, inflated chunk by chunk with a ratio and an
    absolute limit (``E114``); a corrupt or truncated stream is ``E109``."""

    def __init__(
        self,
        raw: BinaryIO,
        origin: str,
        max_ratio: float = GZIP_MAX_RATIO,
        ratio_floor: int = GZIP_RATIO_FLOOR,
        max_bytes: int = GZIP_MAX_BYTES,
    ) -> None:
        self._raw = raw
        self._origin = origin
        self._d = zlib.decompressobj(47)  # 32 + 15: gzip or zlib header, detected
        self._tail = b""
        self._buf = memoryview(b"")
        self._limits = (max_ratio, ratio_floor, max_bytes)
        self.n_in = 0
        self.n_out = 0

    def readable(self) -> bool:
        return True

    def _raw_read(self) -> bytes:
        data = self._raw.read(CHUNK)
        self.n_in += len(data)
        return data

    def _next(self) -> bytes:
        while True:
            if self._d.eof:
                data = (self._d.unused_data or self._raw_read()).lstrip(b"\x00")
                while not data:  # zero padding after the last member, or the end
                    more = self._raw_read()
                    if not more:
                        return b""
                    data = more.lstrip(b"\x00")
                self._d = zlib.decompressobj(47)
                self._tail = data
            if not self._tail:
                self._tail = self._raw_read()
                if not self._tail:
                    raise InputError("E109", origin=self._origin, reason="truncated compressed stream")
            try:
                out = self._d.decompress(self._tail, CHUNK)
            except zlib.error as err:
                raise InputError("E109", origin=self._origin, reason=str(err)) from err
            self._tail = self._d.unconsumed_tail
            if out:
                self.n_out += len(out)
                ratio, floor, cap = self._limits
                if self.n_out > cap:
                    raise InputError("E114", origin=self._origin, reason=f"inflates past {cap} bytes")
                if self.n_out > floor and self.n_out > ratio * max(self.n_in, 1):
                    raise InputError(
                        "E114", origin=self._origin, reason=f"inflates {self.n_out // max(self.n_in, 1)} times its size (limit {ratio:g})"
                    )
                return out

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        if not self._buf:
            self._buf = memoryview(self._next())
            if not self._buf:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def read_exact(stream: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes: fewer only at the end (a pipe returns short reads)."""
    parts = []
    got = 0
    while got < n:
        data = stream.read(n - got)
        if not data:
            break
        parts.append(data)
        got += len(data)
    return b"".join(parts)


def read_bounded(stream: BinaryIO, limit: int) -> bytes | None:
    """The whole stream if it holds at most ``limit`` bytes, else None (nothing more is read)."""
    data = read_exact(stream, limit + 1)
    return None if len(data) > limit else data


def iter_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` with its ending; a line longer than ``limit`` bytes comes out
    as None, after being read through without being kept."""
    lineno = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # the rest of an over-long line: read, not kept
                more = stream.readline(CHUNK)
                if not more or more.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line
