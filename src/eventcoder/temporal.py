"""Time expressions -> ``EventDate`` (value + precision), relative to the publication date.

Relative expressions ("on Sunday", "earlier this month", "last year") are resolved against
the publication date and get the precision the words support — "earlier this month" is a
month, not a day. Absolute dates go through ``dateparser``. Without a publication date a
relative expression keeps its text and gets no value: a date is never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .records import EventDate

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
)  # fmt: skip
_MON = "|".join(m[:3] + (m[3:] and f"(?:{m[3:]})?") for m in MONTHS) + r"|sept"
_DAYNUM = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
#: a weekday naming the same day as the date it opens ("Monday, July 7, 2014") is part of it
_WD_LEAD = rf"(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?"
#: the first day of a pair or range before a day and month ("12 and 13 February", "10-12 March")
_DAY0 = rf"(?:(?P<d0>{_DAYNUM})\s*(?:and|or|to|-|\u2013)\s*)?"
_COUNT = r"(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)"

# Ordered: most specific first. Each pattern's named groups tell the resolver what it saw.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # a pair or range of days ("on 12 and 13 February", "10-12 March 1990"): its first day
    ("abs_dmy", re.compile(rf"\b{_WD_LEAD}{_DAY0}(?P<d>{_DAYNUM})\s+(?:of\s+)?(?P<m>{_MON})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("abs_mdy", re.compile(rf"\b{_WD_LEAD}(?P<m>{_MON})\.?\s+(?P<d>{_DAYNUM}),?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("dm", re.compile(rf"\b(?:on\s+)?(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?{_DAY0}(?P<d>{_DAYNUM})\s+(?:of\s+)?(?P<m>{_MON})\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)),
    ("md", re.compile(rf"\b(?:on\s+)?(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?(?P<m>{_MON})\.?\s+(?P<d>{_DAYNUM})\b(?!\s*,?\s*(?:19|20)\d\d)(?!\s*(?:%|per|million|billion|people|km))", re.I)),
    ("my", re.compile(rf"\b(?:in\s+|since\s+|during\s+)?(?:early\s+|mid-?|late\s+)?(?P<m>{_MON})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last night)\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this morning|this afternoon|this evening)\b", re.I)),
    # a bare weekday before a capitalised word names something ("the Sunday Telegraph")
    ("weekday", re.compile(rf"\b(?:(?P<next>next|coming)\s+|(?P<pre>on|last|this|late|early)\s+)?(?P<wd>{'|'.join(WEEKDAYS)})(?(pre)|(?(next)|(?!\s+(?-i:[A-Z][a-z]))))(?:\s+(?:night|morning|afternoon|evening))?\b", re.I)),
    ("this_week", re.compile(r"\b(?:earlier |later )?this week\b", re.I)),
    # not "in the last week": the past seven days
    ("last_week", re.compile(r"(?<!the )\blast week\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+days\s+ago\b", re.I)),
    ("units_ago", re.compile(rf"\b{_COUNT}\s+(?P<u>weeks?|months?|years?)\s+ago\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier |later )?this month\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    # "may" only capitalised ("In May, she was arrested"): lower case it is the modal
    ("month_only", re.compile(rf"\b(?:in|since|during|on|early|late|mid-?)\s+(?P<m>{'|'.join(m for m in MONTHS if m != 'may')}|(?-i:May))\b", re.I)),
    ("this_year", re.compile(r"\b(?:earlier |later )?this year\b", re.I)),
    ("last_year", re.compile(r"\blast year\b", re.I)),
    # "from 2003 (to 2011)", "between 2003 and 2011", "throughout 2014": the span's first year
    ("year", re.compile(r"\b(?:in|since|during|of|by|early|late|mid-?|from|between|throughout|around)\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    # the second year of a pair: "In 1995 and 1996, they seized hostages"
    ("year", re.compile(r"(?:(?<=\d\d\d\d and )|(?<=\d\d\d\d or ))(?P<y>(?:19|20)\d\d)\b", re.I)),
    # a year modifying a noun: "the 2013 attack", "its 2014 offensive"
    ("year_mod", re.compile(r"\b(?:the|its|their|his|her|that)\s+(?P<y>(?:19|20)\d\d)(?=\s+[a-z])", re.I)),
    # ... or a possessive's noun: "his party's 2001 election defeat"
    ("year_mod", re.compile(r"(?<=['’]s )(?P<y>(?:19|20)\d\d)(?=\s+[a-z])", re.I)),
    # relative to the story's previous stated date, not to the publication date
    ("next_day", re.compile(r"\b(?:the\s+(?:next|following)\s+(?:day|morning|night|evening)|a\s+day\s+later)\b", re.I)),
    ("next_period", re.compile(r"\bthe\s+(?:next|following)\s+(?P<u>week|month|year)\b", re.I)),
    ("prev_day", re.compile(r"\b(?:the\s+(?:previous|preceding)\s+(?:day|night|evening)|the\s+day\s+before|a\s+day\s+earlier)\b", re.I)),
    ("n_later", re.compile(rf"\b{_COUNT}\s+(?P<u>hours?|days?|weeks?|months?|years?)\s+(?P<dir>later|earlier|afterwards?|before(?=\s*[,.;]))", re.I)),
    ("vague_later", re.compile(r"\b(?P<u>hours|days|weeks|months|years)\s+(?P<dir>later|afterwards?|earlier)\b", re.I)),
    ("same_day", re.compile(r"\b(?:(?:earlier|later)\s+)?(?:that|the\s+same)\s+(?:day|night|morning|afternoon|evening)\b", re.I)),
    # a part of the story's day: "In the afternoon, ...", "overnight", "after midnight"
    ("same_day", re.compile(r"\b(?:(?:in|during|later\s+in|early\s+in)\s+the\s+(?:morning|afternoon|evening|night)|overnight|after\s+midnight)\b", re.I)),
    ("same_month", re.compile(r"\b(?:(?:earlier|later)\s+)?(?:that|the\s+same)\s+month\b", re.I)),
    ("same_year", re.compile(r"\b(?:(?:earlier|later)\s+)?(?:that|the\s+same)\s+year\b", re.I)),
]
#: What a pattern's every match contains, by kind: a digit (``\d``, as the patterns read it),
#: a month's first three letters (``_MON`` and ``month_only``), a weekday's "day". A text
#: without it has no match of that pattern, and a pattern without a match adds nothing to
#: what the others find (only matches claim spans), so ``find_expressions`` skips it: the
#: same expressions, a third of the scans on a typical sentence. ``tests/test_temporal.py``
#: checks each claim against the pattern on real text.
_NEEDS: dict[str, tuple[re.Pattern[str], ...]] = {}
_DIGIT = re.compile(r"\d")
_MONTH3 = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)
_DAY = re.compile(r"day", re.I)
for _k in ("abs_dmy", "abs_mdy", "dm", "md", "my"):
    _NEEDS[_k] = (_DIGIT, _MONTH3)
for _k in ("iso", "year", "year_mod"):
    _NEEDS[_k] = (_DIGIT,)
_NEEDS["month_only"] = (_MONTH3,)
_NEEDS["weekday"] = (_DAY,)
_MONTH_CUES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: The same claim as ``_NEEDS``, for every kind, as plain words: each match of the kind, lower-
#: cased, contains one of them (``tests/test_temporal.py`` checks each claim on real text).
#: Read with ``in`` on the lower-cased text, which is cheaper than a regular expression, and only
#: for an ASCII text: there ``str.lower`` agrees with the patterns' IGNORECASE, beyond it re's
#: case folding has cases ``str.lower`` lacks ("ſ" matches "s"), so other texts keep ``_NEEDS``.
#: The digit kinds also need a digit (``_DIGIT_KINDS``).
_CUES: dict[str, tuple[str, ...]] = {
    **{k: _MONTH_CUES for k in ("abs_dmy", "abs_mdy", "dm", "md", "my", "month_only")},
    "weekday": ("day",),
    "yesterday": ("yesterday", "night"),
    "today": ("today", "tonight", "this"),
    "this_week": ("week",),
    "last_week": ("week",),
    "days_ago": ("ago",),
    "units_ago": ("ago",),
    "this_month": ("month",),
    "last_month": ("month",),
    "same_month": ("month",),
    "this_year": ("year",),
    "last_year": ("year",),
    "same_year": ("year",),
    "next_day": ("next", "following", "later"),
    "next_period": ("next", "following"),
    "prev_day": ("previous", "preceding", "before", "earlier"),
    "n_later": ("later", "earlier", "after", "before"),
    "vague_later": ("later", "after", "earlier"),
    "same_day": ("day", "night", "morning", "afternoon", "evening"),
}
_DIGIT_KINDS = frozenset(k for k, needs in _NEEDS.items() if _DIGIT in needs)
#: a ``same_day`` match that names a part of a day, not "that day" / "the same day"
_PART_OF_DAY = re.compile(r"(?!.*\b(?:that|same)\b)", re.I)
#: kinds resolved against the story's previous stated date (``anchor``)
ANCHORED = frozenset({"next_day", "next_period", "prev_day", "n_later", "vague_later", "same_day", "same_month", "same_year"})
#: kinds that state a calendar date outright, whatever the article's dates
ABSOLUTE = frozenset({"abs_dmy", "abs_mdy", "iso", "my", "year", "year_mod"})
#: a web page's own time stamp ("Updated: Monday, July 7, 2014 6:44 PM", "Posted 3:57 AM,
#: May 26, 2015") dates the page, not an event
_STAMP = re.compile(r"(?:\b(?:updated|posted|published|last\s+modified)\b[^.!?\n]{0,20})$", re.I)
#: how far into an article its page header (and so its own time stamp) can reach
_HEADER_CHARS = 300
_HEADER_LINE = 120
_NUMS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(slots=True)
class TimeExpression:
    text: str
    start: int  # offsets within the string searched
    end: int
    kind: str
    value: str | None
    precision: str | None


def _month(m: str) -> int:
    m = m.lower()[:3]
    return [x[:3] for x in MONTHS].index(m) + 1


@lru_cache(maxsize=4096)
def _base(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published)
    except ValueError:
        return None


def find_expressions(text: str, published: str | None, anchor: tuple[str, str] | None = None) -> list[TimeExpression]:
    """Every time expression in ``text``, resolved where possible, non-overlapping.

    ``anchor`` is the story's previous stated date (value, precision): "the next day" and
    "two days later" count from it, not from the publication date. A page's own time stamp
    ("Updated: ...") is left out: it dates the page, not what the page reports."""
    base = _base(published)
    found: list[TimeExpression] = []
    matches: list[tuple[str, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    present: dict[re.Pattern[str], bool] = {}
    low = text.lower() if text.isascii() else None
    cued: dict[tuple[str, ...], bool] = {}
    digit: bool | None = None
    for kind, pat in _PATTERNS:
        if low is not None:
            if kind in _DIGIT_KINDS:
                if digit is None:
                    digit = _DIGIT.search(text) is not None
                if not digit:
                    continue
            cues = _CUES.get(kind)
            if cues is not None:
                hit = cued.get(cues)
                if hit is None:
                    hit = cued[cues] = any(c in low for c in cues)
                if not hit:
                    continue
            needs = None
        else:
            needs = _NEEDS.get(kind)
        if needs is not None:
            ok = True
            for rx in needs:
                hit = present.get(rx)
                if hit is None:
                    hit = present[rx] = rx.search(text) is not None
                if not hit:
                    ok = False
                    break
            if not ok:
                continue
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            if _STAMP.search(text[max(0, s - 40) : s]):
                continue
            matches.append((kind, m))
    matches.sort(key=lambda km: km[1].start())
    # an anchored time counts from the story's previous stated date — which may be an earlier
    # time of the same text ("issued on 18 August, the same day the senator was killed")
    for kind, m in matches:
        if kind in ANCHORED:
            # without a stated date before it, "the previous day" counts from the report;
            # so does a part of a day ("overnight", "in the morning") after a month or a
            # year: it names a day, and the story's only day is the report's
            start = anchor
            if start is None or (kind == "same_day" and start[1] != "day" and _PART_OF_DAY.match(m.group(0))):
                start = (base.isoformat(), "day") if base is not None else None
            value, precision = _resolve_anchored(kind, m, start)
        else:
            value, precision = _resolve(kind, m, base)
            if value is not None and precision is not None:
                anchor = (value, precision)
        found.append(TimeExpression(m.group(0), m.start(), m.end(), kind, value, precision))
    return found


#: what a page stamp's ``_STAMP`` needs somewhere before its date: a header without these words
#: (most) has no stamp, and ``page_date`` returns at once
_STAMP_CUE = re.compile(r"updated|posted|published|last\s+modified", re.I)


@lru_cache(maxsize=64)
def page_date(text: str) -> str | None:
    """The publication date a page states in its header ("Dagestan profile Published 17
    January 2018", "Updated: May 26, 2015"), or None. ``find_expressions`` leaves such a stamp
    out as an event's time; it is the report's own date, so an article the corpus gives no
    publication date still has one to resolve "last year" against and to judge background
    by. Only a full calendar date in the header counts: "the report, published on Monday,
    ..." deep in the text is a document the story is about, not the page."""
    head = text[:_HEADER_CHARS]
    if _STAMP_CUE.search(head) is None:
        return None
    best: tuple[int, str] | None = None
    for kind, pat in _PATTERNS:
        if kind not in ("abs_dmy", "abs_mdy", "iso"):
            continue
        for m in pat.finditer(head):
            if not _STAMP.search(head[max(0, m.start() - 40) : m.start()]):
                continue
            line = head[head.rfind("\n", 0, m.start()) + 1 :].split("\n", 1)[0]
            if len(line) > _HEADER_LINE:
                continue  # a stamp stands on a short header line of its own, not in prose
            value, _ = _resolve(kind, m, None)
            if value is not None and (best is None or m.start() < best[0]):
                best = (m.start(), value)
    return best[1] if best else None


_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _coarsest(*precisions: str) -> str:
    return max(precisions, key=lambda p: _RANK.get(p, 0))


def _resolve_anchored(kind: str, m: re.Match[str], anchor: tuple[str, str] | None) -> tuple[str | None, str | None]:
    """A time counted from the previous stated date, no more precise than that date is."""
    if anchor is None or not anchor[0]:
        return None, None
    try:
        a = date.fromisoformat(anchor[0][:10])
    except ValueError:
        return None, None
    ap = anchor[1] or "day"
    g = m.groupdict()
    if kind == "same_day":
        return a.isoformat(), ap
    if kind == "same_month":
        p = _coarsest(ap, "month")
        return (a.replace(day=1) if p == "month" else a).isoformat(), p
    if kind == "same_year":
        return f"{a.year:04d}-01-01", "year"
    if kind == "next_period":
        unit = g["u"].lower()
        if unit == "year":
            return f"{a.year + 1:04d}-01-01", "year"
        if unit == "month":
            p = _coarsest(ap, "month")
            d = (a.replace(day=28) + timedelta(days=4)).replace(day=1) if p == "month" else a
            return _floor(d, p), p
        p = _coarsest(ap, "week")
        return _floor(a + timedelta(days=7), p), p
    if kind in ("next_day", "prev_day"):
        if ap != "day":
            return _floor(a, ap), ap
        return (a + timedelta(days=1 if kind == "next_day" else -1)).isoformat(), "day"
    sign = -1 if g["dir"].lower().startswith(("earlier", "before")) else 1
    unit = g["u"].lower().rstrip("s")
    if kind == "vague_later":
        # "days later": some days on, a week at best; "weeks later": that month, roughly
        step, p = {"hour": (0, "day"), "day": (3, "week"), "week": (21, "month"), "month": (90, "year"), "year": (730, "year")}[unit]
        d = a + timedelta(days=sign * step)
        return _floor(d, _coarsest(ap, p)), _coarsest(ap, p)
    n = g["n"].lower()
    k = int(n) if n.isdigit() else _NUMS[n]
    days = {"hour": 0, "day": 1, "week": 7, "month": 30, "year": 365}[unit] * k
    p = {"hour": "day", "day": "day", "week": "week", "month": "month", "year": "year"}[unit]
    d = a + timedelta(days=sign * days)
    p = _coarsest(ap, p)
    return _floor(d, p), p


def _floor(d: date, precision: str) -> str:
    """The first day of the period of ``precision`` holding ``d`` (a week starts on ``d``)."""
    if precision == "month":
        return d.replace(day=1).isoformat()
    if precision == "year":
        return f"{d.year:04d}-01-01"
    return d.isoformat()


_WEEK_BACK = frozenset({"this_week", "last_week"})


def _week(kind: str, base: date) -> str:
    """The first day (Monday) of this week or the last, before the report."""
    return (base - timedelta(days=base.weekday() + (7 if kind == "last_week" else 0))).isoformat()


def _resolve(kind: str, m: re.Match[str], base: date | None) -> tuple[str | None, str | None]:
    g = m.groupdict()
    try:
        if kind in ("abs_dmy", "abs_mdy"):
            return date(int(g["y"]), _month(g["m"]), int(re.sub(r"\D", "", g.get("d0") or g["d"]))).isoformat(), "day"
        if kind == "iso":
            return date(int(g["y"]), int(g["mn"]), int(g["d"])).isoformat(), "day"
        if kind == "my":
            return f"{int(g['y']):04d}-{_month(g['m']):02d}-01", "month"
        if kind in ("year", "year_mod"):
            return f"{int(g['y']):04d}-01-01", "year"
    except ValueError:
        return None, None
    if base is None:
        return None, None
    try:
        if kind in ("dm", "md"):
            d = date(base.year, _month(g["m"]), int(re.sub(r"\D", "", g.get("d0") or g["d"])))
            if d > base + timedelta(days=7):  # "on 28 December" in a January article
                d = d.replace(year=base.year - 1)
            return d.isoformat(), "day"
    except ValueError:
        return None, None
    if kind == "yesterday":
        return (base - timedelta(days=1)).isoformat(), "day"
    if kind == "today":
        return base.isoformat(), "day"
    if kind == "weekday":
        wd = WEEKDAYS.index(g["wd"].lower())
        if g.get("next"):  # "next Tuesday", "this coming Friday": the first one after the report
            return (base + timedelta(days=(wd - base.weekday()) % 7 or 7)).isoformat(), "day"
        delta = (base.weekday() - wd) % 7
        # news reports the past: "on Sunday" in a Monday article is yesterday; the same
        # weekday as publication means that day
        return (base - timedelta(days=delta)).isoformat(), "day"
    if kind == "days_ago":
        n = g["n"].lower()
        k = int(n) if n.isdigit() else _NUMS[n]
        return (base - timedelta(days=k)).isoformat(), "day"
    if kind == "units_ago":
        n = g["n"].lower()
        k = int(n) if n.isdigit() else _NUMS[n]
        unit = g["u"].lower().rstrip("s")
        if unit == "week":
            d = base - timedelta(days=7 * k)
            return (d - timedelta(days=d.weekday())).isoformat(), "week"
        if unit == "month":
            y, mo = divmod(base.year * 12 + base.month - 1 - k, 12)
            return f"{y:04d}-{mo + 1:02d}-01", "month"
        return f"{base.year - k:04d}-01-01", "year"
    if kind in _WEEK_BACK:
        return _week(kind, base), "week"
    if kind == "this_month":
        return base.replace(day=1).isoformat(), "month"
    if kind == "last_month":
        first = base.replace(day=1) - timedelta(days=1)
        return first.replace(day=1).isoformat(), "month"
    if kind == "month_only":
        mo = _month(g["m"])
        y = base.year if mo <= base.month else base.year - 1
        return f"{y:04d}-{mo:02d}-01", "month"
    if kind == "this_year":
        return f"{base.year:04d}-01-01", "year"
    if kind == "last_year":
        return f"{base.year - 1:04d}-01-01", "year"
    return None, None


def ahead(expr: TimeExpression, published: str | None) -> TimeExpression:
    """A weekday of a clause about the future ("will meet on Tuesday"): the first such day
    from the report on, not the last one before it (a "last Tuesday" stays in the past)."""
    base = _base(published)
    if expr.kind != "weekday" or base is None or expr.value is None or expr.text.lower().startswith("last"):
        return expr
    day = date.fromisoformat(expr.value)
    if day >= base:
        return expr
    wd = day.weekday()
    value = (base + timedelta(days=(wd - base.weekday()) % 7)).isoformat()
    return TimeExpression(expr.text, expr.start, expr.end, expr.kind, value, expr.precision)


def to_event_date(expr: TimeExpression | None, offset: int = 0) -> EventDate:
    if expr is None:
        return EventDate()
    return EventDate(expr.value, expr.precision, expr.text, expr.start + offset, expr.end + offset, "text" if expr.value else None)
