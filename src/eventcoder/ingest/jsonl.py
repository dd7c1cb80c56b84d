"""JSON Lines (and JSON array files), streamed: one line in memory at a time.

Each line is one outcome — a record or a quarantine for that line only (malformed, not an
object, nested too deep, too long) — and the lines after a bad one are read as usual.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..records import Origin, RawRecord
from .common import Item, checked, quarantine, record_from_mapping
from .streams import doc_limit, iter_lines, read_bounded
from .text import MAX_DEPTH, decode_line, depth

#: a JSON array is parsed whole; past this size it is refused (E118): write JSON Lines
MAX_ARRAY_BYTES = 128 << 20


def parse_object(obj: Any, origin: Origin, max_chars: int) -> RawRecord:
    if depth(obj) > MAX_DEPTH:
        raise InputError("E115", origin=str(origin), limit=MAX_DEPTH)
    return checked(record_from_mapping(obj, origin), max_chars)


def loads(s: str, origin: Origin) -> Any:
    try:
        return json.loads(s)
    except RecursionError as err:  # "[[[[…" 100,000 deep: this line only
        raise InputError("E115", origin=str(origin), limit=MAX_DEPTH) from err
    except ValueError as err:
        raise InputError("E103", origin=str(origin), reason=str(err)[:300]) from err


def read_jsonl_stream(stream: BinaryIO, name: str, max_chars: int, head: bytes) -> Iterator[Item]:
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        data = read_bounded(stream, MAX_ARRAY_BYTES)
        if data is None:
            yield quarantine(InputError("E118", path=name, limit=MAX_ARRAY_BYTES), Origin(name))
            return
        text, utf8 = decode_line(data)
        yield from _array(text, name, max_chars, [] if utf8 else ["not UTF-8: decoded as cp1252"])
        return
    limit = doc_limit(max_chars)
    seen = 0
    for lineno, line in iter_lines(stream, limit):
        origin = Origin(name, line=lineno)
        seen += bool(line is None or line.strip())
        if line is None:
            yield quarantine(InputError("E117", origin=str(origin), limit=limit, max_chars=max_chars), origin)
            continue
        if not line.strip():
            continue
        s, utf8 = decode_line(line)
        if lineno == 1:
            s = s.lstrip("\ufeff")
        try:
            rec = parse_object(loads(s, origin), origin, max_chars)
            if not utf8:
                rec.warnings.append("line not UTF-8: decoded as cp1252")
            yield rec
        except InputError as err:
            yield quarantine(err, origin, excerpt=s[:200])
    if not seen:  # blank lines only: one outcome for the file, not none
        yield quarantine(InputError("E101", path=name), Origin(name))


def read_jsonl(text: str, name: str, max_chars: int) -> Iterator[Item]:
    """The same, from decoded text (the registered ``jsonl`` reader's signature)."""
    if text.lstrip("\ufeff \t\r\n").startswith("["):
        yield from _array(text, name, max_chars, [])
        return
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        origin = Origin(name, line=lineno)
        try:
            yield parse_object(loads(line, origin), origin, max_chars)
        except InputError as err:
            yield quarantine(err, origin, excerpt=line[:200])


def _array(text: str, name: str, max_chars: int, warnings: list[str]) -> Iterator[Item]:
    try:
        arr = loads(text.lstrip("\ufeff"), Origin(name))
    except InputError as err:
        yield quarantine(err, Origin(name))
        return
    items: Iterable[Any] = arr if isinstance(arr, list) else [arr]
    for idx, obj in enumerate(items, 1):
        origin = Origin(name, line=idx)
        try:
            rec = parse_object(obj, origin, max_chars)
            rec.warnings.extend(warnings)
            yield rec
        except InputError as err:
            yield quarantine(err, origin)
