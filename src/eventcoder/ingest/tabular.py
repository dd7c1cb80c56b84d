"""CSV and TSV, streamed, with resynchronisation after a broken quote.

Why not ``csv.DictReader`` over the file: one unterminated quote makes it swallow the lines
after it into one field, then close on a later row's quote and cut the rest into fragment
"articles". Here the parser is strict (a quote must be followed by a delimiter or the end
of the line), a record may span at most ``MAX_RECORD_LINES`` lines and ``doc_limit``
bytes, and when a record breaks, its first line is quarantined (``E110``) and parsing
starts again on the line after it — so the good rows that follow are read as rows.
"""

from __future__ import annotations

import csv
import sys
from collections import deque
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..records import Origin
from .common import TEXT_FIELDS, Item, checked, quarantine, record_from_mapping
from .streams import doc_limit, iter_lines
from .text import decode_line

#: a quoted field spanning more lines than this is a broken quote, not a story
MAX_RECORD_LINES = 5000

# csv's default field limit (128 KiB) is smaller than a long article.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class _Broken(Exception):
    """The current record grew past its bounds, or held an over-long line."""

    def __init__(self, reason: str, too_long_line: int | None = None) -> None:
        super().__init__(reason)
        self.too_long_line = too_long_line


class _Lines:
    """Decoded physical lines with push-back, remembering the lines of the current record."""

    def __init__(self, lines: Iterator[tuple[int, bytes | None]], limit: int) -> None:
        self._src = lines
        self._back: deque[tuple[int, str, bool]] = deque()
        self.taken: list[tuple[int, str, bool]] = []
        self._chars = 0
        self._limit = limit

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._back:
            item = self._back.popleft()
        else:
            lineno, raw = next(self._src)
            if raw is None:
                raise _Broken("line too long", too_long_line=lineno)
            text, utf8 = decode_line(raw)
            item = (lineno, text.lstrip("\ufeff") if lineno == 1 else text, utf8)
        self.taken.append(item)
        self._chars += len(item[1])
        if len(self.taken) > MAX_RECORD_LINES or self._chars > self._limit:
            raise _Broken(f"a quoted field runs over more than {len(self.taken) - 1} lines")
        return item[1]

    def start_record(self) -> None:
        self.taken = []
        self._chars = 0

    def resync(self) -> int | None:
        """Give back all but the first line of the broken record; its first line number."""
        if not self.taken:
            return None
        first, rest = self.taken[0], self.taken[1:]
        self._back.extendleft(reversed(rest))
        self.start_record()
        return first[0]


def read_csv_stream(stream: BinaryIO, name: str, max_chars: int) -> Iterator[Item]:
    limit = doc_limit(max_chars)
    yield from _read_lines(iter_lines(stream, limit), name, max_chars, limit)


def read_csv(text: str, name: str, max_chars: int) -> Iterator[Item]:
    """The same, from decoded text (the registered ``csv`` reader's signature)."""
    lines = ((i, line.encode("utf-8", "surrogatepass")) for i, line in enumerate(text.splitlines(keepends=True), 1))
    yield from _read_lines(lines, name, max_chars, doc_limit(max_chars))  # type: ignore[arg-type]


def _read_lines(src: Iterator[tuple[int, bytes | None]], name: str, max_chars: int, limit: int) -> Iterator[Item]:
    dialect: Any = csv.excel_tab if name.removesuffix(".gz").endswith(".tsv") else csv.excel
    lines = _Lines(src, limit)
    reader = csv.reader(lines, dialect=dialect, strict=True)
    header: list[str] | None = None
    rows = 0
    while True:
        lines.start_record()
        try:
            row = next(reader)
        except StopIteration:
            if not rows:  # no header, or a header and no row: say so, do not vanish
                yield quarantine(InputError("E101", path=name), Origin(name))
            return
        except (csv.Error, _Broken) as err:
            rows += 1
            too_long = err.too_long_line if isinstance(err, _Broken) else None
            if too_long is not None:
                o = Origin(name, line=too_long)
                yield quarantine(InputError("E117", origin=str(o), limit=limit, max_chars=max_chars), o)
            first = lines.resync()
            if first is not None:
                o = Origin(name, line=first)
                yield quarantine(InputError("E110", origin=str(o), reason=str(err)), o)
            reader = csv.reader(lines, dialect=dialect, strict=True)
            continue
        taken = lines.taken
        origin = Origin(name, line=taken[0][0] if taken else None)
        if header is None:
            header = row
            lowered = {h.lower().strip() for h in header if h}
            if not any(f in lowered for f in TEXT_FIELDS):
                yield quarantine(InputError("E105", path=name, header=", ".join(header)[:300]), Origin(name))
                return
            continue
        if not any(cell.strip() for cell in row):
            continue  # a blank line between rows
        rows += 1
        obj: dict[str, Any] = {}
        for k, v in zip(header, row, strict=False):
            if k and k.lower().strip() not in obj:
                obj[k.lower().strip()] = v
        if len(row) > len(header):
            obj["_extra_fields"] = row[len(header) :]
        try:
            rec = checked(record_from_mapping(obj, origin), max_chars)
            if not all(utf8 for _, _, utf8 in taken):
                rec.warnings.append("row not UTF-8: decoded as cp1252")
            yield rec
        except InputError as err:
            yield quarantine(err, origin)
