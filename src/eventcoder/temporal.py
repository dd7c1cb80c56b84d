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

# Ordered: most specific first. Each pattern's named groups tell the resolver what it saw.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("abs_dmy", re.compile(rf"\b(?P<d>{_DAYNUM})\s+(?:of\s+)?(?P<m>{_MON})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("abs_mdy", re.compile(rf"\b(?P<m>{_MON})\.?\s+(?P<d>{_DAYNUM}),?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("dm", re.compile(rf"\b(?:on\s+)?(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?(?P<d>{_DAYNUM})\s+(?:of\s+)?(?P<m>{_MON})\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)),
    ("md", re.compile(rf"\b(?:on\s+)?(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?(?P<m>{_MON})\.?\s+(?P<d>{_DAYNUM})\b(?!\s*,?\s*(?:19|20)\d\d)(?!\s*(?:%|per|million|billion|people|km))", re.I)),
    ("my", re.compile(rf"\b(?:in\s+|since\s+|during\s+)?(?:early\s+|mid-?|late\s+)?(?P<m>{_MON})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last night)\b", re.I)),
    ("today", re.compile(r"\b(?:today|tonight|this morning|this afternoon|this evening)\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?:on|last|this|late|early)\s+)?(?P<wd>{'|'.join(WEEKDAYS)})(?:\s+(?:night|morning|afternoon|evening))?\b", re.I)),
    ("this_week", re.compile(r"\b(?:earlier |later )?this week\b", re.I)),
    ("last_week", re.compile(r"\blast week\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+days\s+ago\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier |later )?this month\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("month_only", re.compile(rf"\b(?:in|since|during|on|early|late|mid-?)\s+(?P<m>{'|'.join(m for m in MONTHS if m != 'may')})\b", re.I)),
    ("this_year", re.compile(r"\b(?:earlier |later )?this year\b", re.I)),
    ("last_year", re.compile(r"\blast year\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|during|of|by|early|late|mid-?)\s+(?P<y>(?:19|20)\d\d)\b", re.I)),
    # a year modifying a noun: "the 2013 attack", "its 2014 offensive"
    ("year_mod", re.compile(r"\b(?:the|its|their|his|her|that)\s+(?P<y>(?:19|20)\d\d)(?=\s+[a-z])", re.I)),
]
_NUMS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


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


def find_expressions(text: str, published: str | None) -> list[TimeExpression]:
    """Every time expression in ``text``, resolved where possible, non-overlapping."""
    base = _base(published)
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            value, precision = _resolve(kind, m, base)
            found.append(TimeExpression(m.group(0), s, e, kind, value, precision))
            taken.append((s, e))
    found.sort(key=lambda t: t.start)
    return found


def _resolve(kind: str, m: re.Match[str], base: date | None) -> tuple[str | None, str | None]:
    g = m.groupdict()
    try:
        if kind in ("abs_dmy", "abs_mdy"):
            return date(int(g["y"]), _month(g["m"]), int(re.sub(r"\D", "", g["d"]))).isoformat(), "day"
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
            d = date(base.year, _month(g["m"]), int(re.sub(r"\D", "", g["d"])))
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
        delta = (base.weekday() - wd) % 7
        # news reports the past: "on Sunday" in a Monday article is yesterday; the same
        # weekday as publication means that day
        return (base - timedelta(days=delta)).isoformat(), "day"
    if kind == "days_ago":
        n = g["n"].lower()
        k = int(n) if n.isdigit() else _NUMS[n]
        return (base - timedelta(days=k)).isoformat(), "day"
    if kind == "this_week":
        return (base - timedelta(days=base.weekday())).isoformat(), "week"
    if kind == "last_week":
        return (base - timedelta(days=base.weekday() + 7)).isoformat(), "week"
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


def to_event_date(expr: TimeExpression | None, offset: int = 0) -> EventDate:
    if expr is None:
        return EventDate()
    return EventDate(expr.value, expr.precision, expr.text, expr.start + offset, expr.end + offset, "text" if expr.value else None)
