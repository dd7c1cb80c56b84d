"""The geoparser: find toponyms, resolve them, pick an event's location.

A thin facade over the stages, each in its own module:

* :mod:`.recognise` - which stretches of the text are toponyms (gazetteer phrase
  matches judged by an ordered list of rules, spaCy entities, parse patterns);
* :mod:`.roles` - place or actor ("the capital said");
* :mod:`.resolve` - which GeoNames entry each one is;
* :mod:`.locate` - the article's focus, unknown names, main countries, event places.

A :class:`Geoparser` holds only its gazetteer and settings; every call keeps its state
in local records, so one instance may serve several threads at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..records import Location, Place
from ..truecase import case_view
from . import locate
from .event_model import default_model
from .gazetteer import Gazetteer
from .locate import EventSettings, Option, anchor_unknown, article_focus, to_place
from .mention import Mention, name_key
from .recognise import recognise
from .resolve import haversine_km, prior, resolve, strength
from .roles import assign_roles

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: the old private name of the mention record (kept for code that imported it)
_Mention = Mention
_km = haversine_km


class Geoparser:
    """Find and resolve toponyms; pick an event's location. See ``docs/geo.md``."""

    #: attachment ranks above this do not count as "at the trigger" (see ``locate.relation``)
    max_relation: float = 10.0
    #: when nothing attaches to the trigger, take another place of the sentence
    sentence_fallback: bool = True
    #: pick the event's place with the learned choice model when its weights ship
    #: (``data/event_location_model.json``); False, or no file, uses the rules
    use_model: bool = True
    #: let the model also choose sentence spans ``find`` did not return (unresolved
    #: GPE/LOC/FAC entities, proper nouns after in/at/near), see ``event_model``
    extra_candidates: bool = True
    #: prior bonus per decade of population a city leads the next town of its name by
    big_city_bonus: float = 0.2
    big_city_bonus_cap: float = 0.35

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gaz = gazetteer if gazetteer is not None else Gazetteer.default()

    # ------------------------------------------------------------------ find
    def find(
        self,
        text: str,
        docs: Sequence = (),
        offsets: Sequence[int] = (),
        country_hints: Iterable[str] = (),
    ) -> list[Place]:
        """Every toponym of ``text``, resolved where possible, sorted by start.

        ``docs`` are the parsed sentences of ``text`` starting at ``offsets``; text
        outside them is read with the gazetteer alone.
        """
        return [to_place(self.gaz, m) for m in self.mentions(text, docs, offsets, country_hints)]

    def mentions(
        self,
        text: str,
        docs: Sequence = (),
        offsets: Sequence[int] = (),
        country_hints: Iterable[str] = (),
    ) -> list[Mention]:
        """The resolved mentions behind :meth:`find` (for inspection and tests)."""
        gaz = self.gaz
        # a caseless body (all lower case, all capitals) is read in the case it was parsed in
        # (``truecase.case_view``); the mentions keep the article's characters
        written, text = text, case_view(text, docs, offsets)
        mentions = recognise(gaz, text, docs, offsets)
        assign_roles(text, mentions, docs, offsets)
        r = resolve(
            gaz, text, mentions, country_hints, self.big_city_bonus, self.big_city_bonus_cap
        )
        focus = article_focus(gaz, mentions, r.hint_order)
        anchor_unknown(gaz, text, mentions, r.container_of, focus)
        if text is not written:
            for m in mentions:
                m.text = written[m.start : m.end]
        return [m for m in mentions if not m.dropped]

    def find_in_text(
        self, text: str, nlp: Language, country_hints: Iterable[str] = (), truecaser: Any = None
    ) -> list[Place]:
        """Sentence-split ``text``, parse every sentence with ``nlp`` and :meth:`find`; with a
        ``truecase.Truecaser`` (a pipeline's), a headline line is parsed as the pipeline parses
        it."""
        from ..nlp import split_sentences

        sents = split_sentences(text)
        texts = [s.text for s in sents]
        if truecaser is not None:
            texts = truecaser.parse_texts(texts, texts)
        docs = list(nlp.pipe(texts))
        return self.find(text, docs, [s.start for s in sents], country_hints)

    # ------------------------------------------------------------------ countries
    def main_countries(self, places: Sequence[Place]) -> list[str]:
        """ISO3 codes the article is about, most salient first."""
        return locate.main_countries(places)

    # ------------------------------------------------------------------ events
    def _settings(self) -> EventSettings:
        """The event settings, read per call (tests and scripts change them on instances)."""
        return EventSettings(self.max_relation, self.sentence_fallback, self.extra_candidates)

    def event_location(
        self, doc: Doc, offset: int, trigger_i: int, places: Sequence[Place], text: str | None = None
    ) -> Location | None:
        """Where the event triggered by ``doc[trigger_i]`` happened (see :mod:`.locate`);
        ``text``, the article the offsets index, lets an unplaced event take its paragraph's place."""
        model = default_model() if self.use_model else None
        return locate.event_location(doc, offset, trigger_i, places, model, self._settings(), text)

    def event_options(
        self, doc: Doc, offset: int, trigger_i: int, places: Sequence[Place]
    ) -> tuple[list[Option], list[list[str]], list[str]]:
        """The candidate places of the trigger's sentence and the choice-model features.

        Returns ``(options, candidate_features, none_features)``; ``options`` holds
        ``(place, span, rel, in_clause)`` per candidate in text order.
        """
        return locate.event_options(doc, offset, trigger_i, places, self.extra_candidates)

    # ------------------------------------------------------------------ helpers
    # the old private methods, kept for scripts and notebooks that called them
    def _prior(self, i: int, alt: int) -> float:
        return prior(self.gaz, i, alt)

    def _strength(self, m: Mention) -> float:
        return strength(self.gaz, m)

    @staticmethod
    def _key(s: str) -> str:
        return name_key(s)

    _relation = staticmethod(locate.relation)
    _in_clause = staticmethod(locate.in_clause)
    _is_source = staticmethod(locate.is_source)


__all__ = ["Geoparser", "haversine_km"]
