"""Disagreements inside a cluster, field by field, with who said what.

Each event of a cluster is a set of claims by one voice — the speech source it is reported
by (``reported_by``), else the outlet that published it. Fields compared:

* ``outcome`` — a capture/control claim ("took complete control") against a report that the
  fight goes on ("fighting continuing"), read from the sentence with the word lists of
  ``lang/en/clusters.yaml``; this is also the control-of-territory disagreement;
* ``casualties`` — different figures before a casualty word ("12 killed" vs "30 killed");
* ``date`` — day-precise dates more than a day apart;
* ``perpetrator`` — the source actors of the cluster's events, when two voices name
  different ones.

A field disagrees when two different values come from two different voices; one article
can hold both sides (the CGTN report quotes the Hezbollah news service and the Syrian
Observatory), so claims are compared across voices, not across articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..lang import words

_NUM_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "dozens": 24}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    def alt(concept: str) -> str:
        return "|".join(re.escape(w) for w in sorted(words(concept), key=len, reverse=True))

    return {
        "complete": re.compile(rf"\b({alt('outcome_complete')})\b", re.I),
        "ongoing": re.compile(rf"\b({alt('outcome_ongoing')})\b", re.I),
        "casualty": re.compile(rf"\b(\d[\d,]*|{'|'.join(_NUM_WORDS)})\s+(?:\w+\s+){{0,2}}?({alt('casualty_words')})\b", re.I),
    }


def voice(ev: dict[str, Any]) -> str:
    """Who makes the claims of an event: its first speech source, else its outlet."""
    for a in ev.get("reported_by") or []:
        name = a.get("name") or a.get("text")
        if name:
            return name
    return ev.get("_outlet") or ev["article_id"]


def outcome(sentence: str) -> str | None:
    p = _patterns()
    if p["ongoing"].search(sentence):
        return "ongoing"
    if p["complete"].search(sentence):
        return "complete"
    return None


def casualties(sentence: str) -> int | None:
    m = _patterns()["casualty"].search(sentence)
    if not m:
        return None
    raw = m.group(1).lower().replace(",", "")
    return _NUM_WORDS.get(raw) or (int(raw) if raw.isdigit() else None)


def claims(ev: dict[str, Any]) -> dict[str, Any]:
    """The values one event asserts, by field (absent fields are not claims)."""
    s = ev.get("sentence") or ""
    out: dict[str, Any] = {}
    if (o := outcome(s)) is not None:
        out["outcome"] = o
    if (c := casualties(s)) is not None:
        out["casualties"] = c
    d = ev.get("date") or {}
    if d.get("value") and d.get("precision") == "day":
        out["date"] = d["value"]
    sa = ev.get("source_actor") or {}
    if ev.get("type") in ("ASSAULT", "COERCE") and (sa.get("name") or sa.get("text")):
        out["perpetrator"] = sa.get("name") or sa.get("text")
    return out


def _differ(field: str, a: Any, b: Any) -> bool:
    if field == "date":
        from datetime import date

        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days) > 1
    return a != b


def contradictions(events: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{field, claims: [{value, said_by, article_id, outlet, event_id, quote}]}]``."""
    by_field: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        who = voice(ev)
        for field, value in claims(ev).items():
            by_field.setdefault(field, []).append(
                {"value": value, "said_by": who, "article_id": ev["article_id"], "outlet": ev.get("_outlet"), "event_id": ev["event_id"], "quote": ev.get("sentence")}
            )
    out = []
    for field, cl in sorted(by_field.items()):
        disagree = any(_differ(field, a["value"], b["value"]) and a["said_by"] != b["said_by"] for i, a in enumerate(cl) for b in cl[i + 1 :])
        if disagree:
            seen, kept = set(), []
            for c in cl:
                key = (str(c["value"]), c["said_by"])
                if key not in seen:
                    seen.add(key)
                    kept.append(c)
            out.append({"field": field, "claims": kept})
    return out


__all__ = ["casualties", "claims", "contradictions", "outcome", "voice"]
