"""What must hold for ANY input to the readers and the cleaner — the oracle of the fuzz
tests (``tests/fuzz/``) and of the long run (``scripts/fuzz_readers.py``).

For one input (bytes, a file name, an optional ``--input-format``): reading never raises;
every outcome is a ``RawRecord``, a ``Quarantine`` with an input code (E1xx) and an origin
in this input, or a ``Skip`` with a reason; there is at least one outcome; a document
format gives exactly one, and JSON Lines one per non-blank line (unless the stream itself
failed); every record read holds text that any UTF-8 writer accepts, within
``max_chars``, and cleans without raising into an article whose offsets map back.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections import Counter

from eventcoder.clean import clean
from eventcoder.ingest import read_stream
from eventcoder.records import Quarantine, RawRecord, Skip

_CODE = re.compile(r"^E1\d\d$")
DOCUMENT_FORMATS = ("txt", "seed", "html")


class OracleError(AssertionError):
    pass


def _utf8(s: object, what: str) -> None:
    if s is None:
        return
    try:
        (s if isinstance(s, str) else json.dumps(s)).encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError, RecursionError) as err:
        raise OracleError(f"{what} cannot be written as UTF-8: {err}") from err


def check(data: bytes, name: str, input_format: str | None = None, max_chars: int = 200_000) -> Counter[str]:
    """Read ``data`` as the file ``name``, check every outcome; count outcomes by kind."""
    items = list(read_stream(io.BufferedReader(io.BytesIO(data)), name, input_format, max_chars))  # type: ignore[arg-type]
    counts: Counter[str] = Counter()
    stream_failed = False
    if not items:
        raise OracleError("no outcome at all: the input vanished uncounted")
    for it in items:
        if isinstance(it, Quarantine):
            counts["quarantined"] += 1
            counts[it.code] += 1
            if not _CODE.match(it.code):
                raise OracleError(f"quarantine code {it.code!r} is not an input code")
            if it.origin.path != name:
                raise OracleError(f"origin {it.origin} is not this input")
            _utf8(it.error, "quarantine error")
            _utf8(it.excerpt, "quarantine excerpt")
            stream_failed |= it.origin.line is None
        elif isinstance(it, Skip):
            counts["skipped"] += 1
            if not it.reason:
                raise OracleError("a skip without a reason")
        elif isinstance(it, RawRecord):
            counts["read"] += 1
            _check_record(it, max_chars)
        else:
            raise OracleError(f"a reader yielded {type(it).__name__}")
    fmt = input_format
    if fmt in DOCUMENT_FORMATS and len(items) != 1:
        raise OracleError(f"{len(items)} outcomes for one {fmt} document")
    plain: bytes | None = data
    if name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            plain = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            plain = None  # the reader must have quarantined the stream: checked above
    if fmt == "jsonl" and plain is not None and not stream_failed and not plain.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        lines = sum(1 for line in plain.split(b"\n") if line.strip())
        if lines and len(items) != lines:
            raise OracleError(f"{len(items)} outcomes for {lines} JSON lines")
    return counts


def _check_record(rec: RawRecord, max_chars: int) -> None:
    if not rec.text.strip():
        raise OracleError("a record without text")
    if len(rec.text) > max_chars:
        raise OracleError(f"a record of {len(rec.text)} characters passed --max-chars {max_chars}")
    for field in ("text", "title", "source", "published", "url", "id"):
        _utf8(getattr(rec, field), field)
    _utf8(rec.tags, "tags")
    _utf8(rec.meta, "meta")
    _utf8(rec.warnings, "warnings")
    art = clean(rec)
    _utf8(art.text, "cleaned text")
    _utf8(art.title, "cleaned title")
    if len(art.offset_map) != len(art.text) + 1:
        raise OracleError("offset map does not cover the cleaned text")
    if art.offset_map and max(art.offset_map) > len(art.raw_text):
        raise OracleError("offset map points past the raw text")
