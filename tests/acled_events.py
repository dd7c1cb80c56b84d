"""Coded-event dicts for the ACLED report tests (``tests/eval/test_acled_*.py``): one builder,
so the fields ``acled.primary_acled`` reads stay the same in every test that feeds it."""

from __future__ import annotations

from typing import Any


def acled_event(
    et: str | None,
    st: str | None,
    conf: float = 0.7,
    *,
    mode: str | None = None,
    tgt: str | None = None,
    type_: str = "ASSAULT",
    date: str = "2020-03-21",
    place: int | None = 1,
    start: int = 0,
) -> dict[str, Any]:
    """An event of PLOVER ``type_`` with ACLED ``et``/``st`` (None: no ACLED mapping), the
    target's sector ``tgt``, at GeoNames id ``place`` (None: unplaced) on ``date``."""
    return {
        "type": type_,
        "mode": mode,
        "acled": {"event_type": et, "sub_event_type": st} if et else None,
        "target_actor": {"text": "x", "name": "x", "sector": tgt, "country": None} if tgt else None,
        "source_actor": None,
        "location": {"geonameid": place, "name": f"p{place}", "text": f"p{place}"} if place else None,
        "date": {"value": date, "precision": "day"},
        "negated": False,
        "hypothetical": False,
        "confidence": conf,
        "start": start,
    }
