"""Bytes to text, and text that every later stage can hold.

Why here: the reader boundary is the one place every record passes, so what would crash a
later stage (a lone surrogate cannot be encoded by spaCy or DuckDB; a record nested 100,000
deep exhausts the recursion limit of whatever walks it) is repaired or refused here, with a
warning on the record or a coded quarantine, never an exception that stops a run.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from typing import Any

from ..errors import InputError
from ..records import RawRecord

_SURROGATE = re.compile("[\ud800-\udfff]")
#: a charset declared in the bytes themselves (HTML meta, XML declaration, HTTP header)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
#: UTF-8 read as cp1252/Latin-1 ("Ã©", "â€™") — the usual shape of mojibake
_MOJIBAKE = re.compile("[ÂÃ][\u0080-\u00bf]|â€[\u0080-\u00bf™œ˜“”¦–—šž]|Ð[\u0080-\u00bf]|Ñ[\u0080-\u00bf]")
#: records nested deeper than this are refused: nothing in a news record needs it, and
#: every later ``json.dumps``/walk is recursive
MAX_DEPTH = 100


def scrub(s: str) -> tuple[str, int]:
    """``s`` with lone surrogates replaced by U+FFFD, and how many there were."""
    if not _SURROGATE.search(s):
        return s, 0
    return _SURROGATE.subn("\ufffd", s)


def _scrub_any(v: Any, counter: list[int]) -> Any:
    if isinstance(v, str):
        out, n = scrub(v)
        counter[0] += n
        return out
    if isinstance(v, list):
        return [_scrub_any(x, counter) for x in v]
    if isinstance(v, dict):
        return {_scrub_any(k, counter): _scrub_any(x, counter) for k, x in v.items()}
    return v


def scrub_record(rec: RawRecord) -> RawRecord:
    """The record with every string field free of lone surrogates (U+FFFD instead, and a
    warning): JSON may escape them (``"\\udc00"``), no UTF-8 encoder accepts them."""
    n = [0]
    fields = {
        "text": _scrub_any(rec.text, n),
        "title": _scrub_any(rec.title, n),
        "source": _scrub_any(rec.source, n),
        "tags": _scrub_any(rec.tags, n),
        "published": _scrub_any(rec.published, n),
        "url": _scrub_any(rec.url, n),
        "id": _scrub_any(rec.id, n),
        "meta": _scrub_any(rec.meta, n),
    }
    if not n[0]:
        return rec
    return replace(rec, **fields, warnings=[*rec.warnings, f"{n[0]} lone surrogate(s) replaced by U+FFFD"])


def depth(obj: Any, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of a parsed JSON value, iteratively (never recursion), stopping past ``limit``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict | list):
            deepest = max(deepest, d)
            if deepest > limit:
                return deepest
            stack.extend((x, d + 1) for x in (v.values() if isinstance(v, dict) else v))
    return deepest


def declared_charset(head: bytes) -> str | None:
    """A charset declared in the first bytes (``<meta charset>``, ``<?xml encoding>``), as
    a Python codec name, or None."""
    head = head[:4096]
    low = head.lower()
    if b"<meta" not in low and b"<?xml" not in low:
        return None  # a plain-text story that says "encoding=" declares nothing
    m = _DECLARED.search(head)
    return codec_name(m.group(1).decode("ascii", "replace")) if m else None


def codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


#: what counts against a decoding: a control character but tab, newline, carriage return and
#: form feed (code points below 32: 0-8, 11, 14-31), or the replacement character; one scan in C
#: instead of a Python test per character
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode one document; returns the text and warnings about how.

    Order: a BOM; the charset the document declares (a windows-1251 page decodes without
    error as cp1252 too — into mojibake — so a declaration wins over a guess); UTF-8; then,
    line by line, UTF-8 or the legacy encoding news sites still serve (mixed files exist:
    a cp1252 footer pasted under a UTF-8 story). Text that still looks like mojibake is
    kept, with a warning.
    """
    warnings: list[str] = []
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), warnings
        except UnicodeDecodeError as err:
            raise InputError("E108", origin=name, reason=str(err)) from err
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    text = None
    enc = codec_name(declared) or declared_charset(data)
    if enc and enc not in ("utf-8", "ascii"):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            warnings.append(f"declared charset {enc} does not decode the bytes")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, legacy, utf8 = _decode_lines(data)
            if utf8:
                warnings.append(f"mixed encodings: {legacy} line(s) not UTF-8, decoded as cp1252")
            else:
                text, enc = _legacy(data, text)
                warnings.append(f"not UTF-8: decoded as {enc}")
    sample = text[:8192]
    bad = len(_BAD_CHARS.findall(sample))
    if bad / (len(sample) or 1) > 0.05:
        raise InputError("E102", path=name, reason=f"{bad} control characters in the first {len(sample)}")
    warnings.extend(mojibake_warning(text))
    return text, warnings


def _legacy(data: bytes, as_cp1252: str) -> tuple[str, str]:
    """A whole non-UTF-8 document: cp1252, unless it reads as a run of accented capitals
    (Cyrillic or Greek in a single-byte code page), when a detector is asked."""
    letters = [c for c in as_cp1252[:20000] if c.isalpha()]
    high = sum(1 for c in letters if "\u00c0" <= c <= "\u00ff")
    if letters and high / len(letters) < 0.3:
        return as_cp1252, "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    enc = codec_name(best.encoding) if best is not None else None
    if enc:
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass
    return as_cp1252, "cp1252"


def _decode_lines(data: bytes) -> tuple[str, int, int]:
    """Each line as UTF-8 if it is, else cp1252 (else Latin-1, which never fails)."""
    out = []
    legacy = utf8 = 0
    for line in data.splitlines(keepends=True):
        s, was_utf8 = decode_line(line)
        if was_utf8:
            utf8 += not line.isascii()
        else:
            legacy += 1
        out.append(s)
    return "".join(out), legacy, utf8


def decode_line(line: bytes) -> tuple[str, bool]:
    """One line of a line-oriented file; True when it was UTF-8."""
    try:
        return line.decode("utf-8"), True
    except UnicodeDecodeError:
        try:
            return line.decode("cp1252"), False
        except UnicodeDecodeError:
            return line.decode("latin-1"), False


def mojibake_warning(text: str) -> list[str]:
    n = len(_MOJIBAKE.findall(text[:200_000]))
    return [f"possible mojibake: {n} UTF-8 sequence(s) read as a single-byte encoding"] if n >= 2 else []
