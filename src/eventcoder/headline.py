"""The article's headline: the line a text opens with when it is a headline, not a lead sentence.

Scraped news often keeps its headline as the first line of the text ("17-year-old dies in shooting
at Coastland Center mall", "Court Convicts Friend of Boston Bombing Suspect"). A headline re-tells
the lead in headline-ese — no article, no auxiliary, a present tense for a past act, no date, a
description for a name — so the event the body tells again should take its fields from the body
(``components/coref.py``, ``lead``), and a frame the headline puts around its content ("X: ...",
"... , X says") attributes the content (``components/attribution.py``).

The first paragraph of a text (up to its first line break) is its headline when it is one
sentence-sized line of at most ``MAX_WORDS`` words followed by a body, and the form says so by one
of three signs a lead sentence does not have:

* it is the record's own title (a reader gave it: JSONL, HTML ``<title>``), case and final
  punctuation aside;
* it ends without a sentence's final stop (a lead sentence ends in ".", "!", "?" or a quotation
  closing after one; a headline in the text usually ends bare), and no sentence ends inside it
  (a lead sentence run into a section heading, "... killing six. ==Victims=", is prose);
* it is written in Title Case or ALL CAPS (``truecase.caps_shape``).

A dateline or byline line ("Posted 3:57 AM, May 26, 2015, by ...") may pass the form: it names
no act, so nothing in it reads as an event's mention or frame.
"""

from __future__ import annotations

import re

from .truecase import caps_shape

#: a first line longer than this is prose, whatever its form
MAX_WORDS = 30
#: the stops a sentence of prose ends with (a closing quotation mark or bracket may follow)
_FINAL_STOP = re.compile(r"[.!?…][\"”’')\]]*\s*$")
_WORDS = re.compile(r"\w+")
#: a sentence ending inside the line and another opening after it ("... killing six. ==Victims=")
_INNER_STOP = re.compile(r"[a-z0-9][.!?][\"”’')\]]*\s+[\"“‘(]?[A-Z=]")


def _norm(text: str) -> str:
    return " ".join(w.lower() for w in _WORDS.findall(text))


def headline_span(text: str, title: str | None = None) -> tuple[int, int] | None:
    """The ``(start, end)`` of ``text``'s headline line (surrounding blanks left out), or None.

    See the module: the first paragraph, at most ``MAX_WORDS`` words, with more text after it,
    that is the record's title, ends without a final stop, or is in Title Case or ALL CAPS."""
    lead = len(text) - len(text.lstrip())
    nl = text.find("\n", lead)
    if nl < 0 or not text[nl:].strip():
        return None
    line = text[lead:nl].rstrip()
    if not line or len(_WORDS.findall(line)) > MAX_WORDS:
        return None
    titled = bool(title) and _norm(title or "") != "" and _norm(line).startswith(_norm(title or ""))
    if titled or caps_shape(line) is not None:
        return lead, lead + len(line)
    if not _FINAL_STOP.search(line) and not _INNER_STOP.search(line):
        return lead, lead + len(line)
    return None


def in_headline(span: tuple[int, int] | None, start: int) -> bool:
    """Whether the article offset ``start`` lies in the headline ``span``."""
    return span is not None and span[0] <= start < span[1]


__all__ = ["MAX_WORDS", "headline_span", "in_headline"]
