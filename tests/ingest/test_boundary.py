"""The reader boundary no single record can break: each record is read, skipped with a
reason or quarantined with a code and its origin — and the records around it are read."""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import sys
import zlib

import pytest

from eventcoder.ingest import read, read_stream
from eventcoder.ingest.streams import GZIP_RATIO_FLOOR, Inflater, iter_lines
from eventcoder.records import Quarantine, RawRecord, Skip


def _items(*paths, **kw):
    return list(read([str(p) for p in paths], **kw))


def _kinds(items):
    return [type(i).__name__ for i in items]


GOOD = "Police arrested ten people in Nairobi on Tuesday after a protest over fuel prices."


def test_lone_surrogate_is_replaced_with_a_warning(tmp_path):
    p = tmp_path / "s.jsonl"
    p.write_text('{"text": "Rebels raided a depot near Kako. \\udc00 Two guards died.", "title": "x\\ud800", "tag": "\\udfff"}\n' + json.dumps({"text": GOOD}) + "\n")
    first, second = _items(p)
    assert "\ufffd" in first.text and "\udc00" not in first.text and first.title == "x\ufffd"
    assert first.meta["tag"] == "\ufffd" and "3 lone surrogate(s)" in first.warnings[0]
    first.text.encode("utf-8")  # what spaCy and DuckDB need
    assert second.text == GOOD


def test_deep_nesting_quarantines_the_line_and_the_file_goes_on(tmp_path):
    p = tmp_path / "deep.jsonl"
    deep = '{"text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}"
    mid = '{"text": "y", "m": ' + "[" * 150 + "]" * 150 + "}"  # parses, but deeper than any record needs
    p.write_text("\n".join([json.dumps({"text": GOOD}), deep, mid, json.dumps({"text": GOOD + " Again."})]) + "\n")
    items = _items(p)
    assert _kinds(items) == ["RawRecord", "Quarantine", "Quarantine", "RawRecord"]
    assert items[1].code == items[2].code == "E115" and items[1].origin.line == 2 and items[2].origin.line == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_socket_and_device_are_skipped_never_opened(tmp_path):
    (tmp_path / "ok.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block the run forever
    sock_path = tmp_path / "s.sock"
    sock = None
    if len(str(sock_path)) < 100:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(sock_path))
    try:
        items = _items(tmp_path)
        reasons = sorted(i.reason for i in items if isinstance(i, Skip))
        assert "not a regular file (fifo)" in reasons
        assert sum(isinstance(i, RawRecord) for i in items) == 1
        if sock is not None:
            assert "not a regular file (socket)" in reasons
        if os.path.exists("/dev/zero"):  # named on the command line: a device never ends
            (dev,) = _items("/dev/zero")
            assert isinstance(dev, Skip) and dev.reason == "not a regular file (character device)"
    finally:
        if sock is not None:
            sock.close()


def test_hidden_files_and_directories_are_counted_as_skipped(tmp_path):
    (tmp_path / "ok.txt").write_text(GOOD)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01junk")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "story.txt").write_text(GOOD)
    items = _items(tmp_path)
    assert sorted((type(i).__name__, getattr(i, "reason", None)) for i in items) == [
        ("RawRecord", None),
        ("Skip", "hidden directory"),
        ("Skip", "hidden file"),
    ]


def _warc(records, gz=False):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for uri, ctype, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers))
    return buf.getvalue()


ARTICLE_HTML = (
    b"<html><body><article><p>Kenyan police fired tear gas at protesters in Nairobi on Tuesday.</p>"
    b"<p>The demonstrators marched against fuel prices, witnesses said.</p>"
    b"<p>Police arrested 23 people during the demonstration, a spokesman said.</p></article></body></html>"
)


def test_warc_non_html_is_skipped_and_a_truncated_record_quarantined(tmp_path):
    data = _warc(
        [
            ("http://example.org/a", "text/html; charset=utf-8", ARTICLE_HTML),
            ("http://example.org/logo.png", "image/png", b"\x89PNG" + bytes(200)),
            ("http://example.org/b", "text/html", ARTICLE_HTML.replace(b"Nairobi", b"Mombasa")),
        ]
    )
    p = tmp_path / "crawl.warc"
    p.write_bytes(data[:-200])  # the last record's payload ends early
    a, png, b = _items(p)
    assert isinstance(a, RawRecord) and a.url == "http://example.org/a"
    assert isinstance(png, Skip) and png.reason == "WARC record not HTML" and png.origin.member.endswith("logo.png")
    assert isinstance(b, Quarantine) and b.code == "E116" and b.origin.member == "http://example.org/b"


def test_warc_declared_charset_is_honoured(tmp_path):
    html = "<html><body><article><p>Полиция задержала двадцать три человека в Москве во вторник вечером.</p><p>Демонстранты шли по центру города.</p></article></body></html>"
    p = tmp_path / "ru.warc.gz"
    p.write_bytes(_warc([("http://example.ru/a", "text/html; charset=windows-1251", html.encode("cp1251"))], gz=True))
    (rec,) = _items(p)
    assert "Полиция задержала" in rec.text


def test_gzip_bomb_is_refused_with_a_code(tmp_path):
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    data = comp.compress(json.dumps({"text": GOOD}).encode() + b"\n")
    for _ in range((GZIP_RATIO_FLOOR >> 20) + 64):
        data += comp.compress(zeros)
    data += comp.flush()
    assert len(data) < 200_000  # ~130 MB of zeros in ~130 KB
    p = tmp_path / "bomb.jsonl.gz"
    p.write_bytes(data)
    items = _items(p)
    assert isinstance(items[0], RawRecord)  # what came before the bomb is kept
    assert items[-1].code == "E114" and "times its size" in items[-1].error


def test_inflater_reads_members_and_refuses_truncation():
    two = gzip.compress(b"one\n") + gzip.compress(b"two\n") + bytes(10)  # zero padding after the last member
    assert Inflater(io.BytesIO(two), "x").readall() == b"one\ntwo\n"
    cut = gzip.compress(b"a" * 10_000)[:-12]
    with pytest.raises(Exception) as err:
        Inflater(io.BytesIO(cut), "x").readall()
    assert getattr(err.value, "code", None) == "E109"


def test_a_line_longer_than_the_limit_is_not_kept():
    stream = io.BufferedReader(io.BytesIO(b"short\n" + b"x" * 100_000 + b"\nafter\n"))
    assert list(iter_lines(stream, 1000)) == [(1, b"short\n"), (2, None), (3, b"after\n")]


def test_jsonl_line_past_max_chars_is_quarantined_alone(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": "Rebels attacked. " * 400_000}) + "\n" + json.dumps({"text": GOOD}) + "\n")
    q, ok = _items(p, max_chars=1000)
    assert q.code == "E117" and q.origin.line == 1 and isinstance(ok, RawRecord)


class _Counting(io.RawIOBase):
    """A stream of n JSON lines, made as it is read: what a 1 GB pipe looks like."""

    def __init__(self, n):
        self.n = n
        self.made = 0
        self.buf = b""

    def readable(self):
        return True

    def readinto(self, b):
        while len(self.buf) < len(b) and self.made < self.n:
            self.made += 1
            self.buf += json.dumps({"text": f"{GOOD} Item {self.made}."}).encode() + b"\n"
        n = min(len(b), len(self.buf))
        b[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n


def test_stdin_is_streamed_not_read_whole():
    src = _Counting(20_000)
    it = read_stream(io.BufferedReader(src), "<stdin>")
    first = next(it)
    assert first.text.endswith("Item 1.")
    assert src.made < 2_000  # a few buffers ahead, not the 20,000 records
    assert sum(1 for _ in it) == 19_999


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_undecodable_file_name_is_stored_readably(tmp_path):
    p = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(p, "wb") as fh:
        fh.write(GOOD.encode())
    (rec,) = _items(tmp_path)
    assert rec.origin.path.endswith("caf\ufffd.txt")
    str(rec.origin).encode("utf-8")
