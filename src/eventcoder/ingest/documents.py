"""Whole-document formats: the seed format, plain text and HTML, and format sniffing.

A document is one article, read whole — but never more than ``--max-chars`` can hold
(``streams.doc_limit``), so a document reader's memory is bounded too.
"""

from __future__ import annotations

import json
import os

from ..errors import InputError
from ..records import Origin, RawRecord

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
#: below this, what trafilatura finds is navigation, not an article
MIN_HTML_WORDS = 8


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
    """The seed format: title, source, a JSON list of tags (sometimes missing), body.
    Blank lines before the title (an editor's, a scraper's) are not part of the format."""
    lines = head.lstrip("\r\n\ufeff").split("\n", 4)
    if len(lines) < 3:
        return False
    title, source, third = lines[0].strip(), lines[1].strip(), lines[2].strip()
    if not title or not source or len(title) > 300:
        return False
    if third.startswith("["):
        return True
    # tags line missing: a short source line that is not a sentence
    return len(source) <= 60 and not source.endswith((".", "!", "?", '"'))


def parse_seed(text: str, origin: Origin) -> RawRecord:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    warnings: list[str] = []
    lead = 0
    while lead < len(lines) and not lines[lead].strip():
        lead += 1
    if lead and lead < len(lines):
        warnings.append(f"{lead} blank line(s) before the title ignored")
        lines = lines[lead:]
    title = lines[0].strip() if lines else ""
    source = lines[1].strip() if len(lines) > 1 else None
    rest = lines[2:]
    tags: list[str] = []
    if rest and rest[0].strip().startswith("["):
        tag_line = rest[0].strip()
        try:
            parsed = json.loads(tag_line)
            if not isinstance(parsed, list):
                raise ValueError("not a list")
            tags = [str(t) for t in parsed]
        except (ValueError, TypeError, RecursionError):
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
