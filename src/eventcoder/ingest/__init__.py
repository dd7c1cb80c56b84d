"""Readers: every supported input format in, ``RawRecord`` (or ``Quarantine``/``Skip``) out.

The contract that matters for a million-article crawl: a reader never raises on bad
*content*. Each input record comes out exactly once — as a ``RawRecord``, as a
``Quarantine`` carrying the coded error and the record's origin, or as a ``Skip`` with a
reason (a hidden file, a FIFO or device, a non-HTML WARC record) — so the run report can
account for everything and a corrupt file never stops the run. Bad *usage* (a path that
does not exist, an unknown ``--input-format``) does raise, before any work is done.

Memory is bounded whatever the input: files and stdin are streamed (``streams``), gzip is
inflated chunk by chunk under a ratio and an absolute limit, line formats hold one line
(CSV: one record) at a time, and a document is never read past what ``--max-chars`` can
hold. One module per format: ``jsonl``, ``tabular`` (CSV/TSV), ``warc``, ``documents``
(seed, txt, HTML); ``text`` decodes and repairs, ``common`` builds and checks records.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, UsageError
from ..records import Origin, RawRecord, Skip
from ..registry import readers
from .common import (
    DEFAULT_MAX_CHARS,
    KNOWN_FIELDS,
    PUBLISHED_FIELDS,
    TEXT_FIELDS,
    Item,
    checked,
    quarantine,
    record_from_mapping,
)
from .documents import (
    EXTENSIONS,
    MIN_HTML_WORDS,
    looks_seed,
    parse_seed,
    parse_txt,
    read_html,
    sniff,
)
from .jsonl import read_jsonl, read_jsonl_stream
from .streams import CHUNK, Inflater, Prefixed, doc_limit, read_bounded, read_exact
from .tabular import read_csv, read_csv_stream
from .text import decode, scrub
from .warc import read_warc

__all__ = [
    "DEFAULT_MAX_CHARS",
    "EXTENSIONS",
    "FORMATS",
    "KNOWN_FIELDS",
    "MIN_HTML_WORDS",
    "PUBLISHED_FIELDS",
    "TEXT_FIELDS",
    "Item",
    "decode",
    "looks_seed",
    "parse_seed",
    "parse_txt",
    "read",
    "read_csv",
    "read_file",
    "read_html",
    "read_jsonl",
    "read_stream",
    "read_warc",
    "record_from_mapping",
    "sniff",
]

FORMATS = ("seed", "jsonl", "csv", "txt", "html", "warc")
SKIP_HIDDEN = "hidden file"
SKIP_HIDDEN_DIR = "hidden directory"
SKIP_LINKED_DIR = "symbolic link to a directory (not followed)"


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
            yield from read_stream(sys.stdin.buffer, "<stdin>", input_format, max_chars)
        elif os.path.isdir(p):
            yield from _read_dir(Path(p), input_format, max_chars)
        else:
            yield from read_file(Path(p), input_format, max_chars)


def _display(path: Path | str) -> str:
    """A path as stored: a file name with undecodable bytes has surrogates, which no
    UTF-8 writer accepts."""
    return scrub(str(path))[0]


def _read_dir(root: Path, input_format: str | None, max_chars: int) -> Iterator[Item]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                yield Skip(None, Origin(_display(here / d)), SKIP_HIDDEN_DIR)
            elif os.path.islink(here / d):
                yield Skip(None, Origin(_display(here / d)), SKIP_LINKED_DIR)
            else:
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.startswith("."):
                yield Skip(None, Origin(_display(here / name)), SKIP_HIDDEN)
                continue
            yield from read_file(here / name, input_format, max_chars)
        while errors:  # an unreadable sub-directory: account for it, keep going
            err = errors.pop()
            yield quarantine(
                InputError("E003", path=_display(err.filename), reason=err.strerror or str(err)),
                Origin(_display(err.filename)),
            )


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return kind
    return "special file"


def read_file(path: Path, input_format: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """One file. Anything but a regular file (a FIFO would block, a device never ends) is
    skipped with a reason, and never opened: streams come in through ``-``."""
    name = _display(path)
    origin = Origin(name)
    try:
        st = os.stat(path)
    except OSError as err:
        yield quarantine(InputError("E003", path=name, reason=err.strerror or str(err)), origin)
        return
    if not stat.S_ISREG(st.st_mode):
        yield Skip(None, origin, f"not a regular file ({_kind(st.st_mode)})")
        return
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening must not block
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        yield quarantine(InputError("E003", path=name, reason=err.strerror or str(err)), origin)
        return
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            yield Skip(None, origin, f"not a regular file ({_kind(mode)})")
            return
        yield from read_stream(fh, name, input_format, max_chars, path=path)


def read_stream(
    raw: BinaryIO, name: str, input_format: str | None = None, max_chars: int = DEFAULT_MAX_CHARS, path: Path | None = None
) -> Iterator[Item]:
    """Guarded: a reader bug, a library crash or a stream-level error (a gzip bomb, a
    truncated archive) becomes a quarantine record for the rest of that stream — what was
    read before it stays — never a stopped run."""
    try:
        yield from _read_stream(raw, name, input_format, max_chars, path)
    except InputError as err:
        yield quarantine(err, Origin(name))
    except Exception as err:  # noqa: BLE001 - stored as data (E113), not swallowed
        yield quarantine(InputError("E113", origin=name, reason=f"{type(err).__name__}: {err}"[:300]), Origin(name))


def _read_stream(raw: BinaryIO, name: str, input_format: str | None, max_chars: int, path: Path | None) -> Iterator[Item]:
    first = read_exact(raw, 2)
    gz = name.endswith(".gz") or first == b"\x1f\x8b"
    inner = name.removesuffix(".gz")
    if gz and path is not None and (input_format or sniff(inner, b"")) == "warc":
        # warcio inflates member by member itself, and reports offsets a reader can seek to
        # in the compressed file; a truncated .warc.gz still yields its complete records
        with open(path, "rb") as fh:
            yield from read_warc(fh, name, max_chars)
        return
    stream: BinaryIO = io.BufferedReader(Prefixed(first, raw), CHUNK)  # type: ignore[arg-type]
    if gz:
        stream = io.BufferedReader(Inflater(stream, name), CHUNK)  # type: ignore[arg-type]
    head = read_exact(stream, 8192)
    body: BinaryIO = io.BufferedReader(Prefixed(head, stream), CHUNK)  # type: ignore[arg-type]
    fmt = input_format or sniff(inner, head)
    if fmt == "warc":
        yield from read_warc(body, name, max_chars)
        return
    if len(head) < 8192 and not head.strip():
        raise InputError("E101", path=name)
    if fmt == "jsonl":
        yield from read_jsonl_stream(body, name, max_chars, head)
        return
    if fmt == "csv":
        yield from read_csv_stream(body, inner, max_chars)
        return
    limit = doc_limit(max_chars)
    data = read_bounded(body, limit)
    if data is None:
        raise InputError("E117", origin=name, limit=limit, max_chars=max_chars)
    text, warnings = decode(data, name)
    del data
    reader = readers.get(fmt if fmt in readers.get_all() or fmt not in FORMATS else "txt")
    for item in reader(text, name, max_chars):
        if isinstance(item, RawRecord):
            try:
                item = checked(item, max_chars)
            except InputError as err:
                yield quarantine(err, item.origin)
                continue
            item.warnings.extend(w for w in warnings if w not in item.warnings)
        yield item


# -- text readers, by format name: a third-party reader registers another name in
# ``registry.readers`` (or the ``eventcoder_readers`` entry point) and is chosen with
# ``--input-format NAME``; it gets the decoded text (at most what --max-chars can hold),
# the file name and the size limit, and yields RawRecords (or Quarantines). JSON Lines and
# CSV files are streamed by ``read`` itself; these two take already decoded text.


@readers.register("jsonl")
def _jsonl_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield from read_jsonl(text, name, max_chars)


@readers.register("csv")
def _csv_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield from read_csv(text, name, max_chars)


@readers.register("html")
def _html_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield checked(read_html(text, Origin(name)), max_chars)


@readers.register("seed")
def _seed_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield checked(parse_seed(text, Origin(name)), max_chars)


@readers.register("txt")
def _txt_reader(text: str, name: str, max_chars: int) -> Iterator[Item]:
    yield checked(parse_txt(text, Origin(name)), max_chars)
