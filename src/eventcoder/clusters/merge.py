"""The cluster record: one real-world event with every source that reported it.

Independence: the unit that corroborates is a *voice* — an attributed speech source, else
the outlet. Syndicated copies never reach here (the engine skips near-duplicates before
coding), an outlet repeating itself across articles is one voice, and one article quoting
two sides is two. ``confidence`` = 1 - prod(1 - c_v) over independent voices, c_v the best
event confidence of voice v capped at 0.9, so it grows with each independent report and one
voice alone never reaches certainty. Each merged field is the value most voices give, with
``agree`` (voices giving it) and ``of`` (voices giving any value).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from .contradictions import contradictions, voice

CAP = 0.9


def _field_values(ev: dict[str, Any]) -> dict[str, Any]:
    sa, ta, loc, acled, d = ev.get("source_actor") or {}, ev.get("target_actor") or {}, ev.get("location") or {}, ev.get("acled") or {}, ev.get("date") or {}
    return {
        "type": ev.get("type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "source_actor": sa.get("name") or sa.get("text"),
        "target_actor": ta.get("name") or ta.get("text"),
        "location": loc.get("name") or loc.get("text"),
        "country": loc.get("country"),
        "date": d.get("value"),
    }


def merge(cluster_id: str, story_id: str | None, events: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The record of one cluster from its events (each with ``_outlet`` and ``_published``)."""
    voices: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        voices.setdefault(voice(ev), []).append(ev)
    fields: dict[str, Any] = {}
    for name in ("type", "acled_sub_event_type", "source_actor", "target_actor", "location", "country", "date"):
        per_voice: dict[str, Counter[Any]] = {}
        for v, evs in voices.items():
            vals = [_field_values(e)[name] for e in evs]
            vals = [x for x in vals if x]
            if vals:
                per_voice[v] = Counter(vals)
        tally: Counter[Any] = Counter()
        for c in per_voice.values():
            tally[c.most_common(1)[0][0]] += 1
        if tally:
            value, agree = sorted(tally.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]
            fields[name] = {"value": value, "agree": agree, "of": len(per_voice)}
    conf = 1.0
    for evs in voices.values():
        conf *= 1.0 - min(CAP, max(float(e.get("confidence") or 0.0) for e in evs))
    sources = sorted(
        (
            {"article_id": e["article_id"], "outlet": e.get("_outlet"), "reported_by": voice(e), "published": e.get("_published"), "event_id": e["event_id"]}
            for e in events
        ),
        key=lambda s: (str(s["published"] or ""), s["article_id"], s["event_id"]),
    )
    dates = [s["published"] for s in sources if s["published"]]
    return {
        "cluster_id": cluster_id,
        "story_id": story_id,
        "type": fields.get("type", {}).get("value"),
        "fields": fields,
        "event_ids": sorted(e["event_id"] for e in events),
        "article_ids": sorted({e["article_id"] for e in events}),
        "outlets": sorted({e.get("_outlet") for e in events if e.get("_outlet")}),
        "voices": sorted(voices),
        "independent_sources": len(voices),
        "first_reported": min(dates) if dates else None,
        "last_reported": max(dates) if dates else None,
        "confidence": round(1.0 - conf, 3),
        "sources": sources,
        "contradictions": contradictions(events),
    }


__all__ = ["merge"]
