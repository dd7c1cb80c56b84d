"""Readers: every format, and every kind of bad input accounted for (never lost, never fatal)."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CGTN
from eventcoder.errors import UsageError
from eventcoder.ingest import looks_seed, parse_seed, read, sniff
from eventcoder.records import Origin, Quarantine, RawRecord


def _items(*paths, **kw):
    return list(read([str(p) for p in paths], **kw))


def test_seed_format_cgtn():
    (rec,) = _items(CGTN)
    assert isinstance(rec, RawRecord)
    assert rec.title == "Syrian army and allies take back Albu Kamal from ISIL"
    assert rec.source == "CGTN"
    assert rec.tags == ["europe"]
    assert rec.text.startswith("Share\nCopied\nThe Syrian army")


def test_seed_missing_tags_line(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Title here\nSome Agency\nThe army took the town on Sunday.\n")
    (rec,) = _items(p)
    assert rec.source == "Some Agency" and rec.tags == []
    assert rec.text.strip() == "The army took the town on Sunday."


def test_seed_tags_line_not_json_is_tolerated(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Title\nCGTN\n[europe, asia\nRebels attacked the base.\n")
    (rec,) = _items(p)
    assert isinstance(rec, RawRecord)
    assert rec.tags == [] and "not a JSON list" in rec.warnings[0]
    assert "europe" not in rec.text


def test_jsonl_with_malformed_line_in_the_middle(tmp_path):
    p = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "1", "title": "A", "text": "Police arrested ten people.", "extra": 5}),
        '{"id": "2", "text": "broken',
        json.dumps({"id": "3", "text": "Rebels seized the town.", "published": "2020-03-21"}),
        json.dumps({"id": "4", "title": "no text"}),
        json.dumps(["not", "an", "object"]),
    ]
    p.write_text("\n".join(lines) + "\n")
    items = _items(p)
    assert len(items) == 5  # one outcome per line, in order
    assert [type(i).__name__ for i in items] == ["RawRecord", "Quarantine", "RawRecord", "Quarantine", "Quarantine"]
    assert items[0].meta == {"extra": 5, "source_id": "1"}
    assert items[1].code == "E103" and items[1].origin.line == 2
    assert items[2].published == "2020-03-21"
    assert items[3].code == "E104" and items[4].code == "E112"


def test_csv_and_missing_text_column(tmp_path):
    good = tmp_path / "a.csv"
    good.write_text('title,text,source\nT1,"Protesters marched in Nairobi, police said.",X\nT2,,Y\n')
    items = _items(good)
    assert isinstance(items[0], RawRecord) and items[0].title == "T1"
    assert isinstance(items[1], Quarantine) and items[1].code == "E104"
    bad = tmp_path / "b.csv"
    bad.write_text("title,author\nT,me\n")
    (q,) = _items(bad)
    assert q.code == "E105"


def test_acled_layout_csv_uses_notes(tmp_path):
    p = tmp_path / "acled.csv"
    p.write_text('event_date,event_type,notes\n"21 March 2020",Battles,"On 21 March 2020, Taliban attacked a checkpoint."\n')
    (rec,) = _items(p)
    assert rec.text.startswith("On 21 March 2020") and rec.published == "21 March 2020"


def test_empty_binary_and_latin1(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners protested in S\xe3o Paulo on Monday.\n".encode("latin-1"))
    (tmp_path / "badutf8.txt").write_bytes(b"Rebels \xff\xfe attacked \x80 the town.\n")
    items = {os.path.basename(i.origin.path): i for i in _items(tmp_path)}
    assert items["empty.txt"].code == "E101"
    assert items["blob.bin"].code == "E102"
    assert isinstance(items["latin1.txt"], RawRecord) and "São Paulo" in items["latin1.txt"].text
    assert isinstance(items["badutf8.txt"], RawRecord | Quarantine)  # decoded or quarantined, never lost


def test_html_with_and_without_article(tmp_path):
    body = (
        "<p>Syrian troops took control of the town of Albu Kamal on Sunday, a monitor said.</p>"
        "<p>The army had declared victory over ISIL in the town earlier this month.</p>"
        "<p>Fighting continued on the outskirts, according to the Syrian Observatory for Human Rights.</p>"
    )
    (tmp_path / "a.html").write_text(f"<html><head><title>Albu Kamal</title></head><body><article>{body}</article></body></html>")
    (tmp_path / "b.html").write_text("<html><body><nav>Home</nav></body></html>")
    items = {os.path.basename(i.origin.path): i for i in _items(tmp_path)}
    assert isinstance(items["a.html"], RawRecord) and "Albu Kamal" in items["a.html"].text
    assert items["b.html"].code == "E106"


def test_gzip_and_corrupt_gzip(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Police arrested ten people."}\n'))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n')[:15])
    items = {os.path.basename(i.origin.path): i for i in _items(tmp_path)}
    assert isinstance(items["a.jsonl.gz"], RawRecord)
    assert items["b.jsonl.gz"].code == "E109"


def test_warc(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    html = (
        b"<html><body><article><p>Kenyan police fired tear gas at protesters in Nairobi on Tuesday.</p>"
        b"<p>The demonstrators marched against fuel prices, witnesses said.</p>"
        b"<p>Police arrested 23 people during the demonstration, a spokesman said.</p></article></body></html>"
    )
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
    w.write_record(w.create_warc_record("http://example.org/a", "response", payload=io.BytesIO(html), http_headers=headers))
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(buf.getvalue())
    (rec,) = _items(p)
    assert rec.url == "http://example.org/a" and "tear gas" in rec.text
    assert rec.origin.offset == 0


def test_too_large_article_is_quarantined(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("Rebels attacked the town. " * 2_000_000)  # ~50 MB: refused before it is read whole
    (q,) = _items(p)
    assert q.code == "E117"
    p.write_text("Rebels attacked the town. " * 1000)  # 26,000 characters
    (q,) = _items(p, max_chars=20_000)  # fits the byte bound, not the character limit
    assert q.code == "E107" and "26000" in q.error


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_in_directory(tmp_path):
    (tmp_path / "ok.txt").write_text("Police arrested ten people in Kabul.")
    bad = tmp_path / "secret.txt"
    bad.write_text("x")
    bad.chmod(0)
    items = _items(tmp_path)
    assert {type(i).__name__ for i in items} == {"RawRecord", "Quarantine"}


def test_unreadable_directory_entry_is_quarantined(tmp_path):
    """A dangling symlink stands in for an unreadable file (tests run as root in CI)."""
    (tmp_path / "ok.txt").write_text("Police arrested ten people in Kabul.")
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    items = _items(tmp_path)
    q = [i for i in items if isinstance(i, Quarantine)]
    assert len(items) == 2 and len(q) == 1 and q[0].code == "E003"


def test_usage_errors():
    with pytest.raises(UsageError) as e:
        _items("/no/such/path")
    assert e.value.code == "E002"
    with pytest.raises(UsageError):
        _items(CGTN, input_format="pdf")


def test_sniffing():
    assert sniff("x.jsonl", b"{}") == "jsonl"
    assert sniff("x", b"WARC/1.0\r\n") == "warc"
    assert sniff("x", b"<!DOCTYPE html><html>") == "html"
    assert sniff("x.txt", CGTN.read_bytes()) == "seed"
    assert not looks_seed("A title\n\nThe body starts here and is long.")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_seed_parser_never_crashes_and_keeps_the_body(s):
    text = "Title\nSource\n" + s
    try:
        rec = parse_seed(text, Origin("t"))
    except Exception as err:  # only the typed empty-input error is allowed
        assert getattr(err, "code", None) == "E101"
        return
    assert rec.title == "Title"
    assert rec.text.strip() in text.replace("\r\n", "\n").replace("\r", "\n")


def test_reader_crash_is_quarantined_not_raised(tmp_path, monkeypatch):
    import eventcoder.ingest as ing

    def boom(*a, **k):
        raise RecursionError("parser blew up")

    monkeypatch.setattr(ing, "read_html", boom)  # the registered html reader calls it by this name
    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "b.txt").write_text("Police arrested ten people in Kabul.")
    items = {os.path.basename(i.origin.path): i for i in _items(tmp_path)}
    assert items["a.html"].code == "E113" and "RecursionError" in items["a.html"].error
    assert isinstance(items["b.txt"], RawRecord)


def test_a_registered_reader_is_chosen_by_name(tmp_path):
    """A third-party text format plugs in through registry.readers (or its entry point)."""
    from eventcoder.records import Origin, RawRecord
    from eventcoder.registry import readers

    @readers.register("test-pipe")
    def _pipe_reader(text, name, max_chars):
        for k, line in enumerate(text.splitlines(), 1):
            title, body = line.split("|", 1)
            yield RawRecord(text=body, origin=Origin(name, line=k), title=title)

    src = tmp_path / "feed.psv"
    src.write_text("Clashes in the north|Rebels attacked a convoy.\nTalks|The envoys met.\n")
    recs = list(read([src], input_format="test-pipe"))
    assert [(r.title, r.text) for r in recs] == [("Clashes in the north", "Rebels attacked a convoy."), ("Talks", "The envoys met.")]
    with pytest.raises(UsageError) as err:
        list(read([src], input_format="no-such-format"))
    assert "test-pipe" in str(err.value)
