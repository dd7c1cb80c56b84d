"""One module per gold set; importing this package registers them all in ``registry.eval_sets``."""

from __future__ import annotations

from . import (
    acled,
    ecbplus,
    event_location,
    geowebnews,
    gvc,
    news_events,
    plover_gsr,
    polnear,
    wikievents,
)

#: set module by split name (``scripts/make_splits.py`` calls each module's ``draw_split``)
MODULES = {
    "acled-afg": acled,
    "acled-kenya": acled,
    "plover-gsr": plover_gsr,
    "event-location": event_location,
    "geowebnews": geowebnews,
    "news-events": news_events,
    "polnear": polnear,
    "wikievents": wikievents,
    "ecbplus": ecbplus,
    "gvc": gvc,
}

__all__ = ["MODULES", "acled", "ecbplus", "event_location", "geowebnews", "gvc", "news_events", "plover_gsr", "polnear", "wikievents"]
