"""The components of the coding path, one job per module, registered by name.

Importing this package registers the built-in factories in ``registry.components``; the
default order is ``default.cfg``'s ``[pipeline] components``.
"""

from . import (
    acled,
    actors,
    attribution,
    confidence,
    coref,
    dates,
    detect,
    focus,
    modality,
    modes,
    places,
    relevance,
    retype,
    roles,
    speech,
    triggers,
)
from .base import ArticleContext, Component, EventDraft, ParsedSentence

__all__ = [
    "ArticleContext",
    "Component",
    "EventDraft",
    "ParsedSentence",
    "acled",
    "actors",
    "attribution",
    "confidence",
    "coref",
    "dates",
    "detect",
    "focus",
    "modality",
    "modes",
    "places",
    "relevance",
    "retype",
    "roles",
    "speech",
    "triggers",
]
