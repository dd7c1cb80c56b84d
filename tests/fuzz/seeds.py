"""Well-formed inputs of every format, and byte-level mutations of them: the raw material
of the fuzz tests and of ``scripts/fuzz_readers.py``."""

from __future__ import annotations

import gzip
import io
import json
import random

STORY = (
    "Troops shelled a village near the northern border on Monday, killing four people, officials said.\n"
    "Share\n"
    "The army said it had targeted rebel positions. Residents fled towards the river.\n"
)

#: fragments a mutation splices in: the bytes that break readers
INTERESTING = [
    b'"', b"\n", b"\r", b"\r\n", b",", b"\t", b"{", b"}", b"[", b"]", b"\\", b"\x00", b"\xff", b"\xfe",
    b"\xed\xa0\x80",  # a surrogate encoded as UTF-8 (invalid)
    b"\\udc00", b"\\ud800\\udc00", b"\\u0000", b"\xe2\x80\xae", b"\xef\xbb\xbf", b"\x1f\x8b", b"WARC/1.0\r\n",
    b"<html>", b"<meta charset=windows-1251>", b"Content-Length: 99999\r\n", b"[" * 2000, b"\xc3\xa9", b"\xe9",
    b"Share\n", b"\n\n", b"9" * 5000, b"NaN", b"1e999", b'"text": ', b"\x7f", b"\x1b[31m",
]


def _warc(payloads: list[tuple[str, bytes]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for ctype, payload in payloads:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
        w.write_record(w.create_warc_record("http://example.org/x", "response", payload=io.BytesIO(payload), http_headers=headers))
    return buf.getvalue()


def seeds() -> list[tuple[str, str | None, bytes]]:
    """``(file name, --input-format or None, bytes)`` for every reader."""
    lines = [
        json.dumps({"id": str(i), "title": f"T{i}", "text": STORY, "tags": ["a"], "published": "2020-03-21", "x": {"y": [1]}})
        for i in range(3)
    ]
    html = f"<html><head><title>T</title></head><body><article><p>{STORY}</p><p>{STORY}</p></article></body></html>".encode()
    csv_text = "title,text,source\n" + "".join(f'T{i},"{STORY}",Wire\n' for i in range(3))
    return [
        ("a.jsonl", "jsonl", "\n".join(lines).encode() + b"\n"),
        ("a.json", "jsonl", json.dumps([json.loads(x) for x in lines]).encode()),
        ("a.csv", "csv", csv_text.encode()),
        ("a.tsv", "csv", csv_text.replace(",", "\t").encode()),
        ("a.txt", "seed", f'A title\nA source\n["tag"]\n{STORY}'.encode()),
        ("b.txt", "txt", f"A title\n\n{STORY}".encode()),
        ("a.html", "html", html),
        ("a.warc", "warc", _warc([("text/html", html), ("image/png", b"\x89PNG" + bytes(40))], gz=False)),
        ("a.warc.gz", "warc", _warc([("text/html; charset=utf-8", html)], gz=True)),
        ("a.jsonl.gz", "jsonl", gzip.compress("\n".join(lines).encode())),
        ("c.txt", "txt", STORY.encode("cp1252")),
    ]


def mutate(data: bytes, rng: random.Random, other: bytes = b"") -> bytes:
    """One to four random edits: flips, inserts of interesting bytes, deletions,
    truncation, duplication, a splice with another seed, or random bytes."""
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        pos = rng.randint(0, len(b))
        if op == 0 and b:
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            b[pos:pos] = rng.choice(INTERESTING)
        elif op == 2 and b:
            end = min(len(b), pos + rng.randint(1, 64))
            del b[pos:end]
        elif op == 3:
            del b[pos:]
        elif op == 4 and b:
            end = min(len(b), pos + rng.randint(1, 200))
            b[pos:pos] = bytes(b[pos:end]) * rng.randint(1, 20)
        elif op == 5 and other:
            cut = rng.randint(0, len(other))
            b = b[:pos] + bytearray(other[cut:])
        elif op == 6:
            b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        else:
            b[pos:pos] = rng.choice(INTERESTING) * rng.randint(1, 50)
    return bytes(b[:300_000])
