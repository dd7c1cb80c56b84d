"""What components share: the article being coded, the event drafts, and the contract.

A component is one job of the coding path (find triggers, assign roles, date events, ...).
Like a spaCy component it declares what it ``requires`` and what it ``assigns`` — names of
``ArticleContext`` fields (``"places"``) or of ``EventDraft`` fields (``"draft.location"``) —
so ``Pipeline`` can check at build time that every requirement is assigned by an earlier
component, and a swapped-in component can be checked the same way.

Events are built as mutable ``EventDraft`` objects that components fill in, then frozen
once into ``records.Event`` by the pipeline. The drafts keep what later components need
from the parse (the trigger token, the role spans, the object place) and never leak into
the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, runtime_checkable

from ..classify import TriggerMatch
from ..nlp import Sentence
from ..records import Actor, Article, Attribution, Event, EventDate, Location, Place
from ..roles import RoleSpan


@dataclass(slots=True)
class ParsedSentence:
    """A candidate sentence and its spaCy ``Doc``; ``off`` maps doc offsets to article offsets."""

    sentence: Sentence
    doc: Any

    @property
    def off(self) -> int:
        return self.sentence.start


@dataclass(slots=True)
class EventDraft:
    """An event while components fill it in. Offsets index ``Article.text``."""

    parsed: ParsedSentence
    match: TriggerMatch
    type: str
    mode: str | None
    trigger_start: int
    trigger_end: int
    src_span: RoleSpan | None = None
    tgt_span: RoleSpan | None = None
    object_place: Place | None = None
    source_actor: Actor | None = None
    target_actor: Actor | None = None
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    date: EventDate = field(default_factory=EventDate)
    location: Location | None = None
    acled: dict[str, str] | None = None
    confidence: float = 0.0
    #: how central the event is to its report (rule score, main clause first); ranks events
    salience: float = 0.0
    #: the lexicon's weight for the draft's word when ``retype`` moved the draft into another
    #: entry (None: its entry's weight); ``confidence`` reads it for salience
    prior: float | None = None
    reported_by: list[Attribution] = field(default_factory=list)
    #: the detector's probability that this is a real event as coded (None without a detector)
    p_event: float | None = None
    #: other drafts of the same real-world event in this article (``mentions``), in text order
    others: list[EventDraft] = field(default_factory=list)
    #: drafts ``detect`` dropped that ``corefer`` (``dropped_mentions``) reads as this event told
    #: again ("the attacks" paragraphs on): listed in the event's ``mentions``, never read for
    #: its fields (sides, place, date, mode, ACLED type come from the event and ``others`` only)
    retold: list[EventDraft] = field(default_factory=list)
    #: who proposed the draft: "lexicon" (``triggers``) or "speech" (``speech``: a statement
    #: typed by its content; ``detect`` gates those on ``p_event`` until it is trained on them)
    origin: str = "lexicon"
    #: the speech model's reading of the draft's sentence (type, probability), or None
    speech: tuple[str, float] | None = None
    #: a speech draft of a quoted sentence whose speaker is named in an adjacent sentence
    #: (``speech``): ``attribution`` gives it that speaker as source, or drops it when the
    #: quotation has no speaker it can resolve
    quoted: bool = False
    #: a side the sentence leaves empty that a carry role model (``roles``) gives an earlier
    #: sentence's actor: per side, that actor's earlier draft span (sentence doc, offset,
    #: ``RoleSpan``) or dictionary match; ``actors`` resolves it
    carried: dict[str, Any] = field(default_factory=dict)

    @property
    def doc(self) -> Any:
        return self.parsed.doc

    @property
    def off(self) -> int:
        return self.parsed.sentence.start

    @property
    def sentence(self) -> Sentence:
        return self.parsed.sentence

    @property
    def tok(self) -> Any:
        """The trigger's head token in the sentence ``Doc``."""
        return self.parsed.doc[self.match.i]

    def freeze(self, article: Article) -> Event:
        """The final, immutable event."""
        s = self.parsed.sentence
        return Event(
            article_id=article.id,
            type=self.type,
            mode=self.mode,
            trigger=article.text[self.trigger_start : self.trigger_end],
            trigger_start=self.trigger_start,
            trigger_end=self.trigger_end,
            sentence=s.text,
            start=s.start,
            end=s.end,
            source_actor=as_written(self.source_actor, article.text),
            target_actor=as_written(self.target_actor, article.text),
            location=as_written(self.location, article.text),
            date=self.date,
            reported_by=[as_written(a, article.text) for a in self.reported_by],
            negated=self.negated,
            hypothetical=self.hypothetical,
            historical=self.historical,
            acled=self.acled,
            confidence=self.confidence,
            salience=self.salience,
            mentions=tuple(
                {"sentence": o.sentence.text, "start": o.sentence.start, "end": o.sentence.end,
                 "trigger": {"text": article.text[o.trigger_start : o.trigger_end], "start": o.trigger_start, "end": o.trigger_end}}
                for o in sorted([self, *self.others, *self.retold], key=lambda x: x.trigger_start)
            ),
        )


def as_written(obj: Any, text: str) -> Any:
    """An actor, place or attribution whose ``text`` is its span of the article as written.

    A sentence may be parsed in another case than it is written (a headline, ``truecase``), so
    a text read from its tokens can differ from the article in case alone; the span's own
    characters are kept (a ``name`` that was that text too). Any other difference (a text a
    component composed on purpose) is left as it is."""
    if obj is None or obj.text is None or not (0 <= obj.start < obj.end <= len(text)):
        return obj
    written = text[obj.start : obj.end]
    if written == obj.text or written.lower() != obj.text.lower():
        return obj
    if getattr(obj, "name", None) == obj.text:
        obj.name = written
    obj.text = written
    return obj


@dataclass(slots=True)
class ArticleContext:
    """Everything known about one article while it is coded; components read and assign it."""

    article: Article
    sentences: list[Sentence]
    parsed: list[ParsedSentence]
    #: actor-dictionary matches over the whole text (``focus``)
    mentions: list[Any] = field(default_factory=list)
    #: resolved toponyms over the whole text (``focus``)
    places: list[Place] = field(default_factory=list)
    #: event drafts in text order (``triggers``; later components may drop some)
    drafts: list[EventDraft] = field(default_factory=list)
    #: the lexicon drafts ``detect`` dropped (under its threshold), in text order
    dropped: list[EventDraft] = field(default_factory=list)

    def parsed_at(self, start: int) -> ParsedSentence | None:
        for p in self.parsed:
            if p.sentence.start == start:
                return p
        return None

    def drafts_by_sentence(self) -> dict[int, list[EventDraft]]:
        out: dict[int, list[EventDraft]] = {}
        for d in self.drafts:
            out.setdefault(d.sentence.start, []).append(d)
        return out


@runtime_checkable
class Component(Protocol):
    """One job of the coding path, built by a registered factory from a config section."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]

    def __call__(self, ctx: ArticleContext) -> None: ...


__all__ = ["ArticleContext", "Component", "EventDraft", "ParsedSentence"]
