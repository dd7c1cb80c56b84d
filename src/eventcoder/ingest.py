"""Readers: every supported input format in, ``RawRecord`` (or ``Quarantine``) out.

The contract that matters for a million-article crawl: a reader never raises on bad
*content*. Each input record comes out exactly once, either as a ``RawRecord`` or as a
``Quarantine`` carrying the coded error and the record's origin, so the run report can
account for everything and a corrupt file never stops the run. Bad *usage* (a path that
does not exist, an unknown ``--input-format``) does raise, before any work is done.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import EventcoderError, InputError, UsageError
from .records import Origin, Quarantine, RawRecord
from .registry import readers

FORMATS = ("seed", "jsonl", "csv", "txt", "html", "warc")
EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".arc": "warc",
}
TEXT_FIELDS = ("text", "body", "content", "article", "story", "notes", "maintext")
KNOWN_FIELDS = ("id", "title", "source", "published", "url", "tags", "language")
PUBLISHED_FIELDS = ("published", "date", "publish_date", "date_publish", "event_date", "dct")
DEFAULT_MAX_CHARS = 2_000_000
#: below this, what trafilatura finds is navigation, not an article
MIN_HTML_WORDS = 8

Item = RawRecord | Quarantine

# csv's default field limit (128 KiB) is smaller than a long article.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read(
    paths: Iterable[str | os.PathLike[str]],
    input_format: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Item]:
    """Read every record under ``paths`` (files, directories, ``-`` for stdin)."""
    if input_format is not None and input_format not in FORMATS and input_format not in readers.get_all():
        raise UsageError("E001", fmt=input_format, choices=", ".join(sorted({*FORMATS, *readers.get_all()})))
    paths = list(paths)
    for p in paths:
        if str(p) != "-" and not os.path.exists(p):
            raise UsageError("E002", path=str(p))
    for p in paths:
        if str(p) == "-":
            data = sys.stdin.buffer.read()
            yield from _read_bytes(data, "<stdin>", input_format, max_chars)
        elif os.path.isdir(p):
            yield from _read_dir(Path(p), input_format, max_chars)
        else:
            yield from read_file(Path(p), input_format, max_chars)


def _read_dir(root: Path, input_format: str | None, max_chars: int) -> Iterator[Item]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            yield from read_file(Path(dirpath) / name, input_format, max_chars)
        while errors:  # an unreadable sub-directory: account for it, keep going
            err = errors.pop()
            yield _quarantine(
                InputError("E003", path=str(err.filename), reason=err.strerror or str(err)),
                Origin(str(err.filename)),
            )


def read_file(path: Path, input_format: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as err:
        yield _quarantine(InputError("E003", path=str(path), reason=err.strerror or str(err)), Origin(str(path)))
        return
    yield from _read_bytes(data, str(path), input_format, max_chars)


def _read_bytes(data: bytes, name: str, input_format: str | None, max_chars: int) -> Iterator[Item]:
    """Guarded: a reader bug or a library crash on one strange file becomes a quarantine
    record for the rest of that file (what was read before it stays), never a stopped run."""
    try:
        yield from _read_bytes_unguarded(data, name, input_format, max_chars)
    except Exception as err:  # noqa: BLE001 - stored as data (E113), not swallowed
        yield _quarantine(InputError("E113", origin=name, reason=f"{type(err).__name__}: {err}"[:300]), Origin(name))


def _read_bytes_unguarded(data: bytes, name: str, input_format: str | None, max_chars: int) -> Iterator[Item]:
    origin = Origin(name)
    if name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as err:
            # A truncated .gz of a WARC may still hold complete records: warcio reads it
            # itself, so only fail here for the other formats.
            fmt = input_format or sniff(name.removesuffix(".gz"), b"")
            if fmt != "warc":
                yield _quarantine(InputError("E109", origin=name, reason=str(err)), origin)
                return
        name_inner = name.removesuffix(".gz")
    else:
        name_inner = name
    fmt = input_format or sniff(name_inner, data)
    try:
        if fmt == "warc":
            yield from read_warc(data, name, max_chars)
            return
        if not data.strip():
            raise InputError("E101", path=name)
        text = decode(data, name)
        yield from readers.get(fmt if fmt in readers.get_all() or fmt not in FORMATS else "txt")(text, name, max_chars)
    except InputError as err:
        yield _quarantine(err, origin)


def sniff(name: str, data: bytes) -> str:
    """Format by extension, then by content."""
    ext = os.path.splitext(name)[1].lower()
    head = data[:4096].lstrip()
    if head.startswith(b"WARC/"):
        return "warc"
    if ext in EXTENSIONS:
        fmt = EXTENSIONS[ext]
        if fmt == "txt" and looks_seed(head.decode("utf-8", "replace")):
            return "seed"
        return fmt
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<body" in low:
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    if looks_seed(head.decode("utf-8", "replace")):
        return "seed"
    return "txt"


def looks_seed(head: str) -> bool:
    """The seed format: title, source, a JSON list of tags (sometimes missing), body."""
    lines = head.split("\n", 4)
    if len(lines) < 3:
        return False
    title, source, third = lines[0].strip(), lines[1].strip(), lines[2].strip()
    if not title or not source or len(title) > 300:
        return False
    if third.startswith("["):
        return True
    # tags line missing: a short source line that is not a sentence
    return len(source) <= 60 and not source.endswith((".", "!", "?", '"'))


def decode(data: bytes, name: str) -> str:
    """UTF-8 first; then the legacy encodings news sites still serve; never silently lose text."""
    if b"\x00" in data[:8192]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError as err:
                raise InputError("E108", origin=name, reason=str(err)) from err
        raise InputError("E102", path=name, reason="NUL bytes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # cp1252 (a superset of Latin-1 in practice) is what legacy news pages serve; only
        # when it cannot decode the bytes is a detector asked.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:200_000]).best()
            try:
                text = data.decode(best.encoding if best is not None else "latin-1")
            except (UnicodeDecodeError, LookupError):
                text = data.decode("latin-1")
    bad = sum(1 for c in text[:8192] if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    sample = min(len(text), 8192) or 1
    if bad / sample > 0.05:
        raise InputError("E102", path=name, reason=f"{bad} control characters in the first {sample}")
    return text


def parse_seed(text: str, origin: Origin) -> RawRecord:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = lines[0].strip() if lines else ""
    source = lines[1].strip() if len(lines) > 1 else None
    rest = lines[2:]
    tags: list[str] = []
    warnings: list[str] = []
    if rest and rest[0].strip().startswith("["):
        tag_line = rest[0].strip()
        try:
            parsed = json.loads(tag_line)
            if not isinstance(parsed, list):
                raise ValueError("not a list")
            tags = [str(t) for t in parsed]
        except (ValueError, TypeError):
            warnings.append(f"tags line is not a JSON list: {tag_line[:200]!r}")
        rest = rest[1:]
    body = "\n".join(rest)
    if not body.strip():
        raise InputError("E101", path=str(origin))
    return RawRecord(text=body, origin=origin, title=title or None, source=source or None, tags=tags, warnings=warnings)


def parse_txt(text: str, origin: Origin) -> RawRecord:
    """Plain text; a short first line followed by a blank line is taken as the title."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first, sep, rest = text.partition("\n")
    if sep and len(first.strip()) <= 200 and rest.startswith("\n") and rest.strip():
        return RawRecord(text=rest, origin=origin, title=first.strip() or None)
    return RawRecord(text=text, origin=origin)


def read_jsonl(text: str, name: str, max_chars: int) -> Iterator[Item]:
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array file: accept it too
        try:
            arr = json.loads(stripped)
        except ValueError as err:
            yield _quarantine(InputError("E103", origin=name, reason=str(err)), Origin(name))
            return
        items: Iterable[tuple[int, Any]] = ((i + 1, o) for i, o in enumerate(arr if isinstance(arr, list) else [arr]))
        for idx, obj in items:
            origin = Origin(name, line=idx)
            try:
                yield _checked(record_from_mapping(obj, origin), max_chars)
            except InputError as err:
                yield _quarantine(err, origin)
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        origin = Origin(name, line=lineno)
        try:
            try:
                obj = json.loads(line)
            except ValueError as err:
                raise InputError("E103", origin=str(origin), reason=str(err)) from err
            yield _checked(record_from_mapping(obj, origin), max_chars)
        except InputError as err:
            yield _quarantine(err, origin, excerpt=line[:200])


def record_from_mapping(obj: Any, origin: Origin) -> RawRecord:
    if not isinstance(obj, dict):
        raise InputError("E112", origin=str(origin))
    text = None
    for f in TEXT_FIELDS:
        v = obj.get(f)
        if isinstance(v, str) and v.strip():
            text = v
            break
    if text is None:
        raise InputError("E104", origin=str(origin), fields=", ".join(TEXT_FIELDS))
    tags = obj.get("tags") or []
    warnings: list[str] = []
    if isinstance(tags, str):
        try:
            parsed = json.loads(tags)
            tags = parsed if isinstance(parsed, list) else [tags]
        except ValueError:
            tags = [t.strip() for t in tags.split(",") if t.strip()]
    elif not isinstance(tags, list):
        warnings.append(f"tags field ignored: {tags!r}"[:200])
        tags = []
    published = None
    for f in PUBLISHED_FIELDS:
        if obj.get(f):
            published = str(obj[f])
            break
    used = set(KNOWN_FIELDS) | set(TEXT_FIELDS) | set(PUBLISHED_FIELDS)
    meta = {k: v for k, v in obj.items() if k not in used}
    if obj.get("id") is not None:
        meta["source_id"] = obj["id"]
    if obj.get("language"):
        meta["declared_language"] = obj["language"]
    return RawRecord(
        text=text,
        origin=origin,
        title=_str_or_none(obj.get("title")),
        source=_str_or_none(obj.get("source")),
        tags=[str(t) for t in tags],
        published=published,
        url=_str_or_none(obj.get("url")),
        id=_str_or_none(obj.get("id")),
        meta=meta,
        warnings=warnings,
    )


def read_csv(text: str, name: str, max_chars: int) -> Iterator[Item]:
    dialect: Any = csv.excel_tab if name.endswith(".tsv") else csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = reader.fieldnames or []
    lowered = {h.lower().strip(): h for h in header if h}
    if not any(f in lowered for f in TEXT_FIELDS):
        yield _quarantine(InputError("E105", path=name, header=", ".join(header)[:300]), Origin(name))
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            origin = Origin(name, line=reader.line_num)
            yield _quarantine(InputError("E110", origin=str(origin), reason=str(err)), origin)
            continue
        origin = Origin(name, line=reader.line_num)
        extra = row.pop(None, None)  # type: ignore[call-overload]
        obj = {k.lower().strip(): v for k, v in row.items() if k}
        if extra:
            obj["_extra_fields"] = extra
        try:
            yield _checked(record_from_mapping(obj, origin), max_chars)
        except InputError as err:
            yield _quarantine(err, origin)


def read_html(html: str, origin: Origin, url: str | None = None) -> RawRecord:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False, favor_precision=True)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise InputError("E106", origin=str(origin))
    tags = []
    for attr in ("categories", "tags"):
        v = getattr(doc, attr, None)
        if v:
            tags.extend(v if isinstance(v, list) else [v])
    return RawRecord(
        text=text,
        origin=origin,
        title=getattr(doc, "title", None),
        source=getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        tags=[str(t) for t in tags],
        published=getattr(doc, "date", None),
        url=url or getattr(doc, "url", None),
    )


def read_warc(data: bytes, name: str, max_chars: int) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    stream = io.BytesIO(data)
    it = ArchiveIterator(stream)
    while True:
        offset = None
        try:
            record = next(it)
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            payload = record.content_stream().read()
            offset = it.get_record_offset()  # after reading: asking earlier consumes the payload
            origin = Origin(name, offset=offset, member=uri)
        except StopIteration:
            return
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as err:
            origin = Origin(name, offset=offset)
            yield _quarantine(InputError("E111", origin=str(origin), reason=str(err)), origin)
            return
        try:
            html = decode(payload, str(origin))
            rec = read_html(html, origin, url=uri)
            date = record.rec_headers.get_header("WARC-Date")
            if not rec.published and date:
                rec.published = date[:10]
            yield _checked(rec, max_chars)
        except InputError as err:
            yield _quarantine(err, origin)


def _checked(rec: RawRecord, max_chars: int) -> RawRecord:
    if len(rec.text) > max_chars:
        raise InputError("E107", origin=str(rec.origin), size=len(rec.text), limit=max_chars)
    if not rec.text.strip():
        raise InputError("E101", path=str(rec.origin))
    return rec


def _quarantine(err: EventcoderError, origin: Origin, excerpt: str | None = None) -> Quarantine:
    return Quarantine(origin=origin, code=err.code, error=err.message, excerpt=excerpt)


def _str_or_none(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


# -- text readers, by format name: a third-party reader registers another name in
# ``registry.readers`` (or the ``eventcoder_readers`` entry point) and is chosen with
# ``--input-format NAME``; it gets the decoded text, the file name and the size limit and
# yields RawRecords (or Quarantines).


@readers.register("jsonl")
def _jsonl_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield from read_jsonl(text, name, max_chars)


@readers.register("csv")
def _csv_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield from read_csv(text, name, max_chars)


@readers.register("html")
def _html_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield _checked(read_html(text, Origin(name)), max_chars)


@readers.register("seed")
def _seed_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield _checked(parse_seed(text, Origin(name)), max_chars)


@readers.register("txt")
def _txt_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield _checked(parse_txt(text, Origin(name)), max_chars)
