"""WARC, record by record from a stream (warcio inflates gzip members itself).

Every document record is accounted for: an HTML response or resource is read as an
article; any other content type is counted as skipped ("WARC record not HTML"); a record
whose payload ends before its Content-Length is quarantined (``E116``), never coded as if
it were the whole page; a payload past the size limit is ``E117``. Request, metadata and
warcinfo records are the crawler's bookkeeping, not documents, and are not counted.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError
from ..records import Origin, Skip
from .common import Item, checked, quarantine
from .documents import read_html
from .streams import doc_limit
from .text import codec_name, decode, scrub

DOCUMENT_TYPES = ("response", "resource", "conversion")
BOOKKEEPING_TYPES = ("warcinfo", "request", "metadata", "revisit", "continuation")
SKIP_NO_DOCUMENTS = "WARC file without documents"
SKIP_NOT_HTML = "WARC record not HTML"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def read_warc(stream: BinaryIO, name: str, max_chars: int) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    limit = doc_limit(max_chars)
    class _Quiet(ArchiveIterator):  # type: ignore[misc]
        # warcio writes a warning per damaged record to stderr; a run's report counts
        # what matters (a truncated record is E116), a million lines of stderr do not
        INC_RECORD = ""

    it = _Quiet(stream)
    documents = 0
    while True:
        try:
            record = next(it)
        except StopIteration:
            if not documents:  # a crawl of requests only, or nothing: one outcome, not none
                yield Skip(None, Origin(name), SKIP_NO_DOCUMENTS)
            return
        except Exception as err:  # noqa: BLE001 - warcio raises anything on a damaged archive
            origin = Origin(name)
            yield quarantine(InputError("E111", origin=name, reason=f"{type(err).__name__}: {err}"[:300]), origin)
            return
        if record.rec_type in BOOKKEEPING_TYPES:
            continue
        documents += 1
        if record.rec_type not in DOCUMENT_TYPES:
            o = Origin(name, offset=it.get_record_offset())
            yield quarantine(InputError("E111", origin=str(o), reason=f"unknown WARC-Type {record.rec_type!r}"), o)
            continue
        uri = scrub(record.rec_headers.get_header("WARC-Target-URI") or "")[0] or None
        if record.rec_type == "response":
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
        else:
            ctype = record.rec_headers.get_header("Content-Type") or ""
        if "html" not in ctype.lower():
            yield Skip(None, Origin(name, member=uri), SKIP_NOT_HTML)
            continue
        try:
            payload = record.content_stream().read(limit + 1)
            # the payload's raw reader counts what Content-Length promised and never came
            short = getattr(record.raw_stream, "limit", 0) if len(payload) <= limit else 0
            offset = it.get_record_offset()  # after reading: asking earlier consumes the payload
        except (OSError, EOFError, zlib.error, ValueError) as err:
            origin = Origin(name, member=uri)
            yield quarantine(InputError("E111", origin=str(origin), reason=str(err)[:300]), origin)
            return
        origin = Origin(name, offset=offset, member=uri)
        if len(payload) > limit:
            yield quarantine(InputError("E117", origin=str(origin), limit=limit, max_chars=max_chars), origin)
            continue
        if short:
            yield quarantine(InputError("E116", origin=str(origin), got=record.length - short, expected=record.length), origin)
            continue
        try:
            m = _CHARSET.search(ctype)
            declared = codec_name(m.group(1)) if m else None
            html, warnings = decode(payload, str(origin), declared=declared)
            rec = read_html(html, origin, url=uri)
            rec.warnings.extend(warnings)
            date = record.rec_headers.get_header("WARC-Date")
            if not rec.published and date:
                rec.published = date[:10]
            yield checked(rec, max_chars)
        except InputError as err:
            yield quarantine(err, origin)
