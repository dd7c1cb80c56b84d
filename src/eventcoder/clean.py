"""Turn a ``RawRecord`` into an ``Article``: remove page debris, never the story.

Why an offset map: every span the later stages produce indexes the *cleaned* text; the
explorer must still be able to highlight it on the page as scraped. So cleaning is done
character by character into a new string while recording, for each output character, the
raw offset it came from.

Captions are kept once, in place, and marked (``caption_spans``) so that geoparsing can use
them ("Abu Kamal, eastern Syria") while the event coder does not code a photo caption as
narrative, and a doubled caption cannot produce doubled events.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import UsageError
from .ingest.text import scrub_record
from .lang import SAFE_YAML, words
from .records import CHARREF, Article, RawRecord, content_hash

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200c\u200d\u2060\ufeff\u00ad"), None)
#: bidirectional embeddings, overrides and isolates: they reorder what a reader sees
#: (a "Trojan Source" trick) and carry no text; removed, with a warning
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: below this many letters a language identifier guesses from a handful of character
#: n-grams ("Rebels attacked village 12." reads as Swedish); it must be sure to skip
SHORT_TEXT_LETTERS = 200


@dataclass(frozen=True)
class DebrisRules:
    ui_lines: re.Pattern[str]
    credit_suffixes: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def debris_rules() -> DebrisRules:
    data = yaml.load(resources.files("eventcoder.data").joinpath("debris.yaml").read_text("utf-8"), Loader=SAFE_YAML)
    ui = re.compile("^(?:" + "|".join(f"(?:{p})" for p in data["ui_lines"]) + r")[.!:]?$", re.IGNORECASE)
    credits = tuple(re.compile(p) for p in data["credit_suffixes"])
    return DebrisRules(ui, credits)


def normalise_date(value: str | None) -> str | None:
    """YYYY-MM-DD from the many shapes feeds use; None when unparseable (never invented)."""
    if not value:
        return None
    v = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", v)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d/%m/%Y", "%a, %d %b %Y %H:%M:%S %z"):
        try:
            return datetime.strptime(v, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def check_date(value: str | None) -> str | None:
    """Validate a user-given ``--published`` date (strict YYYY-MM-DD)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as err:
        raise UsageError("E004", value=value) from err


def clean(raw: RawRecord, published: str | None = None) -> Article:
    """Clean one record. ``published`` is the fallback publication date (``--published``)."""
    rules = debris_rules()
    raw = scrub_record(raw)  # lone surrogates (a JSON escape) cannot be encoded by any later stage
    text = raw.text
    out: list[str] = []
    omap: list[int] = []
    removed: list[str] = []
    caption_spans: list[tuple[int, int]] = []
    seen_lines: dict[str, int] = {}
    seen_captions: set[str] = set()

    # Pass 1: which lines repeat (a doubled caption is the common case)
    line_iter = list(_lines(text))
    line_keys = [_key(line) for _s, _e, line in line_iter]  # each line's key, computed once
    counts: dict[str, int] = {}
    for key in line_keys:
        if key:
            counts[key] = counts.get(key, 0) + 1

    for (s, _e, line), line_key in zip(line_iter, line_keys, strict=True):
        stripped = line.strip()
        if not stripped:
            continue
        if rules.ui_lines.match(_WS.sub(" ", stripped)):
            removed.append(stripped)
            continue
        # credit suffix -> caption
        is_caption = False
        cut = len(line)
        credit = None
        right = line.rstrip()
        for pat in rules.credit_suffixes:
            m = pat.search(right)
            if m and m.start() > 0:
                credit = m.group(0).strip()
                cut = m.start()
                is_caption = True
                break
        body = line[:cut]
        key = line_key if cut == len(line) else _key(body)
        if is_caption or counts.get(line_key, 0) > 1:
            if key in seen_captions or key in seen_lines:
                removed.append(stripped)
                continue
            if counts.get(line_key, 0) > 1 and len(stripped) > 20:
                is_caption = True
        if key in seen_lines and len(key) > 40:
            # a repeated long paragraph (not a caption): keep the first only
            removed.append(stripped)
            continue
        if credit:
            removed.append(credit)
        if out:
            out.append("\n")
            omap.append(s - 1 if s > 0 else 0)
        start_out = len(omap)  # out holds one character per entry, like omap
        _emit(body, s, out, omap)
        end_out = len(omap)
        # strip trailing whitespace emitted
        while end_out > start_out and out[-1] == " ":
            out.pop()
            omap.pop()
            end_out -= 1
        if is_caption:
            seen_captions.add(key)
            caption_spans.append((start_out, end_out))
        seen_lines[key] = start_out

    dropped = _invisible(text)
    if len(removed) >= 2 and _debris_only("".join(out), len(removed)):
        # a page of share buttons with a word or two left over ("Copy this link") is not
        # an article: the leftovers go with the debris and the record is skipped as empty
        removed.extend(x for x in "".join(out).split("\n") if x)
        out, omap, caption_spans = [], [], []
        dropped.append("only page debris: nothing left to code")
    cleaned = "".join(out)
    omap.append(len(text))
    captions = [cleaned[a:b] for a, b in caption_spans]
    title = _clean_inline(raw.title) if raw.title else None
    if title and rules.ui_lines.match(title):  # a scraped "Share" is no headline
        removed.append(title)
        dropped.append(f"title is page debris: {title!r}"[:200])
        title = None
    pub = normalise_date(raw.published) or published
    art_id = content_hash(title or "", cleaned)
    art = Article(
        id=art_id,
        title=title,
        source=raw.source,
        tags=list(raw.tags),
        published=pub,
        url=raw.url,
        language=None,
        text=cleaned,
        captions=captions,
        removed=removed,
        origin=raw.origin,
        raw_text=text,
        offset_map=omap,
        meta=dict(raw.meta),
        warnings=list(raw.warnings),
    )
    art.meta["caption_spans"] = [list(x) for x in caption_spans]
    art.warnings.extend(dropped)
    if raw.published and not normalise_date(raw.published):
        art.warnings.append(f"unparsed publication date: {raw.published!r}"[:200])
    art.language = detect_language(cleaned[:1500], title)  # a paragraph is enough, and langid is linear in length
    return art


def caption_spans(article: Article) -> list[tuple[int, int]]:
    return [tuple(x) for x in article.meta.get("caption_spans", [])]  # type: ignore[misc]


def _lines(text: str):
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        line = text[pos:nl]
        if line.endswith("\r"):
            line = line[:-1]
        yield pos, nl, line
        pos = nl + 1


def _key(line: str) -> str:
    return _WS.sub(" ", line).strip().lower()


#: what makes an ASCII line need the character-by-character path of ``_emit``: a control
#: character or tab, a leading space, two spaces in a row, or a character reference
_ASCII_SLOW = re.compile(r"[\x00-\x1f\x7f]|^ |  |&#?[A-Za-z0-9]+;")
#: an HTML character reference left in text that was not read as HTML (plain-text and JSON
#: exports of scraped pages: "the internet caf&#233;", "Jos&#233; Mourinho", "Q&amp;A"):
#: left alone, "Jos&#233;" splits into "Jos" (a Nigerian city to the geoparser) and "233".
#: Decoded in place, each decoded character mapped to the reference's first raw character.
_CHARREF = CHARREF


def _emit(line: str, base: int, out: list[str], omap: list[int]) -> None:
    """Append ``line`` normalised (NFKC, zero-width removed, whitespace collapsed, trimmed)."""
    if line.isascii() and not _ASCII_SLOW.search(line):
        # most lines of most articles: nothing to normalise, every character kept in place
        # (a trailing space too, which the caller trims as it trims the slow path's)
        out.extend(line)
        omap.extend(range(base, base + len(line)))
        return
    _emit_chars(line, base, out, omap)


def _emit_chars(line: str, base: int, out: list[str], omap: list[int]) -> None:
    """``_emit`` one character at a time: any line (non-ASCII, control characters, runs of
    whitespace)."""
    started = False
    prev_space = False
    refs = {m.start(): m for m in _CHARREF.finditer(line)} if "&" in line else {}
    offsets: Any = range(len(line))
    if refs:  # a decoded reference maps to where the reference starts in the raw text
        line, offsets = _decode_refs(line, refs)
    ascii_line = line.isascii()
    for i, ch in zip(offsets, line, strict=True):
        if ch in " \t" or (not ascii_line and _WS.match(ch)):
            if started and not prev_space:
                out.append(" ")
                omap.append(base + i)
                prev_space = True
            continue
        if ascii_line:
            if ord(ch) < 32 or ch == "\x7f":
                continue
            out.append(ch)
            omap.append(base + i)
        else:
            if ord(ch) in _ZERO_WIDTH or ch in _BIDI or unicodedata.category(ch) == "Cc":
                continue
            norm = unicodedata.normalize("NFKC", ch)
            for c in norm:
                out.append(c)
                omap.append(base + i)
        started = True
        prev_space = False


def _decode_refs(line: str, refs: dict[int, re.Match[str]]) -> tuple[str, list[int]]:
    """``line`` with its character references decoded (``html.unescape``: numeric ones and
    HTML5's named ones; an unknown name is kept as written), and for each character of the
    result its offset in ``line``."""
    chars: list[str] = []
    at: list[int] = []
    i = 0
    while i < len(line):
        m = refs.get(i)
        text = html.unescape(m.group(0)) if m else ""
        if m and text != m.group(0):
            chars.extend(text)
            at.extend([i] * len(text))
            i = m.end()
            continue
        chars.append(line[i])
        at.append(i)
        i += 1
    return "".join(chars), at


def _clean_inline(s: str) -> str:
    s = "".join(ch for ch in s if ch not in _BIDI and (ch in "\t\n" or unicodedata.category(ch) != "Cc"))
    return _WS.sub(" ", unicodedata.normalize("NFKC", s)).strip()


def _debris_only(cleaned: str, n_removed: int) -> bool:
    """What is left is a few short labels, no more lines than the debris removed, and no
    sentence among them (five words, or a full stop)."""
    lines = [x for x in cleaned.split("\n") if x.strip()]
    if len(lines) > n_removed:
        return False
    return not any(len(x.split()) >= 5 or x.rstrip().endswith((".", "!", "?", '"', "\u201d")) for x in lines)


#: control characters other than tab, newline, carriage return, form feed and vertical tab
_CTRL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BIDI_RX = re.compile("[" + "".join(sorted(_BIDI)) + "]")


def _invisible(text: str) -> list[str]:
    """Warnings for what ``_emit`` removed silently that a reader should know about: NUL
    and other control characters (a damaged file) and bidi overrides (a disguise)."""
    out = []
    ctrl = len(_CTRL.findall(text))
    if ctrl:
        nul = text.count("\x00")
        out.append(f"{ctrl} control character(s) removed" + (f" ({nul} NUL)" if nul else ""))
    bidi = 0 if text.isascii() else len(_BIDI_RX.findall(text))
    if bidi:
        out.append(f"{bidi} bidirectional override/isolate character(s) removed")
    return out


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE

    from .langid import identifier_class

    try:
        return _cached_identifier()
    except (OSError, ValueError, KeyError, ImportError):
        return identifier_class().from_model_file(MODEL_FILE, norm_probs=True)


def _cached_identifier():
    """py3langid's model, decompressed once into the user cache as plain ``.npy`` arrays.

    ``from_model_file`` LZMA-decompresses the 4.6 MB model (68 MB of arrays) on every start:
    a few tenths of a CPU-second, more than anything else ``clean`` does for one article.
    Here the arrays are read back from the cache, the big score table memory-mapped (a text
    reads only the rows of the features it contains; the pages are shared by every process),
    and converted exactly as py3langid converts them, so the identifier is the same
    (``tests/test_startup.py`` compares them)."""
    import lzma
    import os
    import shutil
    import tempfile

    import numpy as np
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import _to_array

    from .langid import identifier_class
    from .resources import cache_dir, source_key

    src = Path(MODEL_DIR) / MODEL_FILE
    folder = cache_dir() / f"langid-{source_key(py3langid.__version__, src)}"
    names = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
    if not all((folder / f"{n}.npy").is_file() for n in names):
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".langid-"))
        try:
            with tempfile.TemporaryFile(dir=tmp) as npz:
                with lzma.open(src) as inp:
                    shutil.copyfileobj(inp, npz, length=1 << 20)
                npz.seek(0)
                with np.load(npz, allow_pickle=False) as data:
                    for n in names:
                        np.save(tmp / f"{n}.npy", data[n], allow_pickle=False)
            try:
                os.replace(tmp, folder)
            except OSError:  # another process cached it first: theirs is the same
                pass
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def arr(n: str, mmap: bool = False) -> Any:
        return np.load(folder / f"{n}.npy", mmap_mode="r" if mmap else None, allow_pickle=False)

    ptc, pc, classes = arr("ptc", mmap=True), arr("pc"), arr("classes").tolist()
    nextmove, row, output = _to_array(arr("nextmove")), _to_array(arr("nextmove_row")), arr("out_feat").tolist()
    return identifier_class()(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row)


def _letters_upto(text: str, limit: int) -> int:
    """The number of letters of ``text``, counted in blocks until it reaches ``limit``: exact
    below ``limit``, and at least ``limit`` otherwise (all ``detect_language`` compares)."""
    n = 0
    for i in range(0, len(text), 256):
        n += sum(map(str.isalpha, text[i : i + 256]))
        if n >= limit:
            break
    return n


def detect_language(text: str, title: str | None = None) -> str | None:
    """ISO 639-1 code. Very short texts are too short to judge; they are reported as None
    rather than guessed, and the pipeline codes them as English."""
    sample = ((title or "") + "\n" + text).strip()
    letters = _letters_upto(sample, SHORT_TEXT_LETTERS)
    if letters < 20:
        return None
    ident = _identifier()
    lang, prob = ident.classify(sample)
    if lang != "en" and letters < SHORT_TEXT_LETTERS and prob < 0.9 and sample.isascii():
        # short and unsure: abstain (coded as English) when English is a live candidate
        p_en = dict(ident.rank(sample)).get("en", 0.0)
        if p_en >= 0.05:
            return None
    if lang != "en" and prob < 0.9:
        # uncertain: a mostly-ASCII text with English function words is English
        words = re.findall(r"[a-z]+", sample.lower())
        en = sum(w in _EN_WORDS for w in words)
        if words and en / len(words) > 0.15:
            return "en"
    return lang


_EN_WORDS = words("english_function_words")
