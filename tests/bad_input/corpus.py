"""A corpus of bad input — more than 60 kinds — mixed with good articles, generated into a
directory. Each bad kind declares the one outcome it must have (a quarantine code or a skip
reason); each good article must be coded. Used by ``test_bad_corpus.py`` and by hand:
``python -c "from bad_input.corpus import build; build('/tmp/bad')"``.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: --max-chars for the run: small enough that the too-large kinds stay small files
MAX_CHARS = 100_000

# Good stories, written for this test (paraphrases of common wire copy, none from a gold set).
GOOD = [
    "Troops shelled a village near the northern border on Monday, killing four people, officials said.",
    "Police detained twelve protesters outside the parliament in the capital on Tuesday.",
    "Gunmen attacked a police station in the east of the country overnight, a spokesman said.",
    "The two governments signed a trade agreement in Geneva on Wednesday after months of talks.",
    "Rebels ambushed an army convoy on the road to the port, the military said on Thursday.",
    "Thousands of teachers marched through the city centre demanding higher wages on Friday.",
    "An air strike hit a market in the south of the province, local residents told reporters.",
    "The foreign minister met his counterpart in Cairo to discuss the ceasefire on Saturday.",
    "Security forces fired tear gas at students who blocked a highway near the university.",
    "A roadside bomb killed three soldiers on patrol in the mountains, the ministry said.",
    "The president threatened to expel the ambassador after the border incident on Sunday.",
    "Farmers blocked roads with tractors to protest against new import rules on Monday.",
    "Militants abducted two aid workers from a camp in the west of the region, officials said.",
    "The opposition leader was arrested at his home in the capital early on Tuesday.",
    "Protesters set fire to tyres outside the governor's office after the election result.",
    "Naval forces seized a tanker in the gulf on Wednesday, the coast guard said.",
    "The army said it recaptured the town from insurgents after three days of fighting.",
    "Dockworkers went on strike at the main port on Thursday, halting all shipments.",
    "Police raided the offices of an independent newspaper and seized computers on Friday.",
    "The two sides exchanged artillery fire across the river overnight, witnesses said.",
    "Villagers clashed with loggers over a disputed forest, leaving six people injured.",
    "The government imposed a curfew in the city after a night of rioting on Saturday.",
    "Soldiers opened fire on a crowd of mourners at a funeral, killing two, activists said.",
    "The health minister resigned on Sunday after protests over hospital shortages.",
    "Customs officers arrested a man smuggling weapons across the border on Monday.",
    "Opposition supporters rallied in the main square demanding early elections.",
    "A car bomb exploded near a checkpoint outside the airport, wounding nine people.",
    "The rebels released twenty hostages after mediation by tribal elders on Tuesday.",
]


@dataclass
class Corpus:
    root: Path
    good: list[str] = field(default_factory=list)  # the first words of each good story (its id in the checks)
    quarantined: Counter[str] = field(default_factory=Counter)  # code -> how many
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> how many
    kinds: list[str] = field(default_factory=list)
    #: odd input that must still be coded (repaired, with a warning)
    repaired: list[str] = field(default_factory=list)

    @property
    def n_bad(self) -> int:
        return sum(self.quarantined.values()) + sum(self.skipped.values())


def build(root: str | os.PathLike[str]) -> Corpus:
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    c = Corpus(root)
    stories = iter(GOOD)

    def good() -> str:
        s = next(stories)
        c.good.append(s)
        return s

    def fixed(kind: str) -> None:
        c.repaired.append(kind)

    def bad(kind: str, outcome: str) -> None:
        c.kinds.append(kind)
        if outcome.startswith("E"):
            c.quarantined[outcome] += 1
        else:
            c.skipped[outcome] += 1

    def w(name: str, data: bytes | str) -> Path:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return p

    # -- plain files, one record each
    w("good1.txt", good())
    w("good2.txt", f"Army retakes a town\nWire Service\n[\"africa\"]\n{good()}\n")
    w("good3.txt", "\n\nLeading blank lines\nWire Service\n[]\n" + good() + "\n")
    fixed("seed format after blank lines")
    w("good4.txt", ("\ufeff" + good()).encode("utf-16"))
    fixed("UTF-16 with a BOM")
    w("good5.txt", good() + " Two\x00 people were hurt.")
    fixed("a stray NUL byte")
    w("good6.txt", f"Deep tags\nWire Service\n{'[' * 5000}\n{good()}\n")
    fixed("seed tags line nested 5,000 deep")
    w("good7.html", f'<html><head><meta charset="x-no-such-charset"></head><body><article><p>{good()}</p><p>No further details were given.</p></article></body></html>')
    fixed("HTML declaring an unknown charset")
    w("empty.txt", b"")
    bad("empty file", "E101")
    w("blank.txt", "   \n\t\n")
    bad("whitespace only", "E101")
    w("many_blank.txt", "\n" * 10_000)
    bad("10,000 blank lines", "E101")
    w("blob.bin", bytes(range(256)) * 40)
    bad("binary", "E102")
    w("random.txt", bytes((i * 7919 + 13) % 256 for i in range(5000)))
    bad("random bytes named .txt", "E102")
    w("controls.txt", "".join(chr(i % 32) for i in range(2000)))
    bad("control characters", "E102")
    w("png.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    bad("PNG named .html", "E102")
    w("zip.dat", b"PK\x03\x04" + bytes(range(256)) * 20)
    bad("zip archive", "E102")
    w("odd16.txt", b"\xff\xfeA\x00B\x00\x00\xd8")
    bad("broken UTF-16", "E108")
    w("seed_nobody.txt", "A title\nA source\n[\"x\"]\n")
    bad("seed with no body", "E101")
    w("big.txt", "Rebels attacked the town. " * MAX_CHARS)  # 2.6 MB: past the byte bound
    bad("document past the byte bound", "E117")
    w("long.txt", "Rebels attacked the town. " * (MAX_CHARS // 20))  # 130,000 characters
    bad("document past --max-chars", "E107")
    w("debris.txt", "Share\n\nShare this with\nEmail\nFacebook\nTwitter\nWhatsApp\nCopy this link\n")
    bad("page debris only", "no text after cleaning")
    w("french.txt", "Les forces de sécurité ont dispersé une manifestation d'étudiants devant l'université mardi.")
    bad("French", "language: fr")
    w("german.txt", "Die Polizei hat am Dienstag in der Hauptstadt zwölf Demonstranten festgenommen, teilte ein Sprecher mit.")
    bad("German", "language: de")
    w("dup.txt", c.good[0])
    bad("duplicate of a good story", "duplicate in this run")
    w("mixed.txt", (good() + " Officials in São Paulo agreed.\n").encode() + "Le café est fermé.\n".encode("cp1252"))
    fixed("mixed UTF-8 and cp1252 lines")

    # -- HTML
    art = "".join(f"<p>{s}</p>" for s in (good(), "The statement gave no further details about the incident."))
    w("good.html", f"<html><head><title>News</title></head><body><article>{art}</article></body></html>")
    w("nav.html", "<html><body><nav>Home | World | Sport</nav></body></html>")
    bad("HTML without an article", "E106")
    w("script.html", "<html><body><script>var x = 1;</script></body></html>")
    bad("HTML with only a script", "E106")
    ru = "".join(f"<p>{s}</p>" for s in ("Полиция задержала двадцать три человека в Москве во вторник вечером.", "Демонстранты шли по центру города, сообщили свидетели."))
    w("ru.html", f'<html><head><meta charset="windows-1251"></head><body><article>{ru}</article></body></html>'.encode("cp1251"))
    bad("declared windows-1251, Russian", "language: ru")

    # -- JSON Lines: bad lines among good ones
    deep = '{"text": "x", "m": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines = [
        json.dumps({"title": "J1", "text": good()}),
        '{"text": "broken',
        json.dumps({"title": "no text"}),
        json.dumps({"text": ""}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        json.dumps(["a", "list"]),
        json.dumps("a string"),
        "null",
        deep,
        '{"text": "y", "m": ' + "[" * 300 + "]" * 300 + "}",
        json.dumps({"text": "A story with a huge number.", "n": 1}).replace('"n": 1', '"n": ' + "9" * 5000),
        json.dumps({"text": "Rebels attacked. " * MAX_CHARS}),
        json.dumps({"text": "Rebels attacked. " * (MAX_CHARS // 16)}),
        "{}",
        "true",
        json.dumps({"title": "J2", "text": good() + " \udc00", "tags": {"not": "a list"}}),
        json.dumps({"title": "J3", "text": good() + " It \u202ewas\u202c denied.", "score": float("nan")}),
        json.dumps({"title": "J4", "text": good(), "published": "the day before yesterday"}),
    ]
    bad("malformed JSON line", "E103")
    bad("JSON object without text", "E104")
    bad("empty text field", "E104")
    bad("whitespace text field", "E104")
    bad("text field not a string", "E104")
    bad("JSON line is a list", "E112")
    bad("JSON line is a string", "E112")
    bad("JSON line is null", "E112")
    bad("JSON nested 100,000 deep", "E115")
    bad("JSON nested 300 deep", "E115")
    bad("JSON integer of 5,000 digits", "E103")
    bad("JSON line past the byte bound", "E117")
    bad("JSON text past --max-chars", "E107")
    bad("empty JSON object", "E104")
    bad("JSON line is true", "E112")
    fixed("lone surrogate in JSON text")
    fixed("tags field an object")
    fixed("bidi override in text")
    fixed("NaN in metadata")
    fixed("unparseable publication date")
    fixed("a JSON line not UTF-8")
    body = "\n".join(lines).encode() + b"\n" + json.dumps({"title": "J5", "text": good()}).encode().replace(b"J5", b"J5 caf\xe9") + b"\n"
    w("feed.jsonl", body + b'{"text": "the last line is cut')
    bad("truncated last JSON line", "E103")
    w("blank.jsonl", "\n\n\n")
    bad("JSON Lines file of blank lines", "E101")
    w("array.json", json.dumps([{"title": "A1", "text": good()}, {"no": "text"}, 7]))
    bad("JSON array element without text", "E104")
    bad("JSON array element not an object", "E112")
    w("badarray.json", '[{"text": "x"}, ')
    bad("malformed JSON array", "E103")

    # -- CSV / TSV
    w(
        "feed.csv",
        "title,text,source\n"
        f'C1,"{good()}",Wire\n'
        'C2,"this quote is never closed\n'
        f'C3,"{good()}",Wire\n'
        'C4,"",Wire\n'
        'C5,"a stray"quote,Wire\n'
        f'C6,"{good()}",Wire\n',
    )
    bad("unterminated CSV quote", "E110")
    bad("CSV row with empty text", "E104")
    bad("CSV quote followed by text", "E110")
    w("notext.csv", "title,author\nT,me\n")
    bad("CSV without a text column", "E105")
    w("notext.tsv", "title\tauthor\nT\tme\n")
    bad("TSV without a text column", "E105")
    w("longline.csv", "title,text\n" + "L1," + "x" * (5 * MAX_CHARS * 4) + "\n" + f'L2,"{good()}"\n')
    bad("CSV line past the byte bound", "E117")
    w("header_only.csv", "title,text\n")
    bad("CSV header only", "E101")
    w("end_quote.csv", f'title,text\nE1,"{good()}"\nE2,"open to the end\n')
    bad("CSV quote open at the end of the file", "E110")

    # -- compressed
    w("good.jsonl.gz", gzip.compress(json.dumps({"title": "G1", "text": good()}).encode() + b"\n"))
    w("cut.jsonl.gz", gzip.compress(json.dumps({"text": "x" * 5000}).encode())[:40])
    bad("truncated gzip", "E109")
    w("fake.txt.gz", b"this is not gzip at all, just text named .gz")
    bad("not gzip, named .gz", "E109")
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(comp.compress(bytes(1 << 20)) for _ in range(80)) + comp.flush()
    w("bomb.jsonl.gz", bomb)
    bad("gzip bomb", "E114")
    w("blob.txt.gz", gzip.compress(bytes(range(256)) * 40))
    bad("gzip of binary", "E102")
    w("nothing.jsonl.gz", gzip.compress(b""))
    bad("gzip of nothing", "E101")

    # -- WARC
    w("crawl.warc", _warc([("http://example.org/good", "text/html; charset=utf-8", _html(good())),
                           ("http://example.org/logo.png", "image/png", b"\x89PNG" + bytes(100)),
                           ("http://example.org/feed.json", "application/json", b"{}"),
                           ("http://example.org/nav", "text/html", b"<html><body><nav>Home</nav></body></html>"),
                           ("http://example.org/cut", "text/html", _html(good()))])[:-150])
    c.good.pop()  # the last record is cut: not a good record any more
    bad("WARC image record", "WARC record not HTML")
    bad("WARC JSON record", "WARC record not HTML")
    bad("WARC HTML without an article", "E106")
    bad("truncated WARC record", "E116")
    w("garbage.warc", b"WARC/1.0\r\nthis is not a header block\r\n\r\n" + bytes(300))
    bad("WARC with a broken header", "E111")
    w("resource.warc", _warc([("urn:pdf", "application/pdf", b"%PDF-1.4 " + bytes(50))], rec_type="resource"))
    bad("WARC resource record, not HTML", "WARC record not HTML")
    w("gz.warc.gz", _warc([("http://example.org/gz", "text/html", _html(good()))], gz=True))

    # -- what is not a regular file, or hidden
    w(".DS_Store", b"\x00\x00\x00\x01Bud1")
    bad("hidden file", "hidden file")
    w(".cache/story.txt", GOOD[0] + " Cached.")
    bad("hidden directory", "hidden directory")
    (root / "sub").mkdir()
    (root / "sub" / "inner.txt").write_text(good())
    os.symlink(root / "sub", root / "linkdir")
    bad("symbolic link to a directory", "symbolic link to a directory (not followed)")
    os.symlink(root / "missing.txt", root / "dangling.txt")
    bad("dangling symbolic link", "E003")
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.jsonl")
        bad("FIFO", "not a regular file (fifo)")
    sock_path = root / "s.sock"
    if len(str(sock_path)) < 100:
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(sock_path))
        s.close()  # the socket file stays
        bad("socket", "not a regular file (socket)")
    return c


def _html(story: str) -> bytes:
    return f"<html><body><article><p>{story}</p><p>No further details were given by the authorities.</p></article></body></html>".encode()


def _warc(records: list[tuple[str, str, bytes]], gz: bool = False, rec_type: str = "response") -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    wr = WARCWriter(buf, gzip=gz)
    for uri, ctype, payload in records:
        if rec_type == "resource":
            wr.write_record(wr.create_warc_record(uri, "resource", payload=io.BytesIO(payload), warc_content_type=ctype))
            continue
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.0")
        wr.write_record(wr.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers))
    return buf.getvalue()
