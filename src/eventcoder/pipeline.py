"""The ``Pipeline``: builds the configured components and runs them over articles.

    Article --split--> sentences --select--> candidate sentences --parse (spaCy, batched)-->
      focus → triggers → roles → modality → dates → places → actors → acled → intent →
      backrefs → confidence → attribution --freeze--> CodedArticle

This module orchestrates and holds no linguistic rule: each step is a registered component
(``components/``) named in a config (``default.cfg``, or a user's file through
``Pipeline.from_config`` / ``--config``), built once with the shared resources
(``resources.py``), and checked at build time so that every component's requirements are
assigned by an earlier one. Work is batched: the candidate sentences of many articles go
through one ``nlp.pipe`` call.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from . import components as _builtin_components  # noqa: F401 - registers the factories
from . import resources as _builtin_resources  # noqa: F401 - registers the resources
from .clean import clean
from .components.base import ArticleContext, ParsedSentence
from .errors import ConfigError, ProcessingError
from .nlp import (
    ENTITY_PIPE,
    Sentence,
    add_entities,
    entities_separable,
    parse_forms,
    split_sentences,
)
from .records import Article, CodedArticle, Event, Origin, RawRecord, Skip
from .registry import REGISTRIES, components
from .resources import Resources, geoparser_for, truecaser_for
from .truecase import check_setting

DEFAULT_CONFIG = Path(__file__).with_name("default.cfg")
#: an invented report ``Pipeline.warm`` codes: events, actors, a place, a date and a quote,
#: so that every stage runs once
_WARM_TEXT = (
    "Police fired tear gas at hundreds of protesters in Nairobi on Monday and arrested 12 people, "
    "a police spokesman said. The opposition leader condemned the arrests and called for talks. "
    '"We will march again on Friday," he told reporters.'
)
#: what the pipeline itself provides before the first component runs
PROVIDED = frozenset({"article", "sentences", "parsed"})


class Pipeline:
    """From articles to events. Cheap to call, expensive to build: build one per process.

    ``Pipeline()`` is the default config; keyword arguments replace one resource of it (a
    spaCy pipeline, a lexicon, an actor dictionary, a geoparser, an ACLED mapper)."""

    def __init__(
        self,
        nlp: Any = None,
        lexicon: Any = None,
        actors: Any = None,
        geoparser: Any = None,
        acled: Any = None,
        batch_size: int | None = None,
        config: str | Path | dict[str, Any] | None = None,
    ) -> None:
        cfg = load_config(config)
        given = {"nlp": nlp, "lexicon": lexicon, "actors": actors, "geoparser": geoparser, "acled": acled}
        self.config = cfg
        self.resources = build_resources(cfg, {k: v for k, v in given.items() if v is not None})
        self.components = build_components(cfg, self.resources)
        self.batch_size = batch_size or int(cfg["pipeline"].get("batch_size", 256))
        # an article none of whose sentences survives the components' select() cannot carry an
        # event: code it with zero events without running the components (``gated``)
        self.gate_articles = bool(cfg["pipeline"].get("gate_articles", True))
        #: whether ``propose`` may bring sentences into an article a component's ``rejects``
        #: turns down as a whole (the relevance gate's article model)
        self.propose_in_gated = bool(cfg["pipeline"].get("propose_in_gated", True))
        # spaCy components the stages do not read (e.g. ["ner"] to measure its cost)
        self.disable = [str(x) for x in cfg["pipeline"].get("disable", []) or []]
        # "needed": parse without the entity recogniser, then run it only on the sentences a
        # component asks for (``needs_entities``) and those ``propose`` added; "all": every one
        entities = cfg["pipeline"].get("entities", "all")
        if entities not in ("all", "needed"):
            raise ConfigError("E530", value=entities)
        # a Title-Case or ALL-CAPS line (a headline) is parsed in sentence case, its names kept
        # by the article's own evidence and the dictionaries (``truecase``; same length)
        self.truecaser = truecaser_for(self.resources) if check_setting(cfg["pipeline"].get("truecase", True)) else None
        self.entities_on_demand = (
            entities == "needed" and ENTITY_PIPE not in self.disable and entities_separable(self.nlp)
        )

    @classmethod
    def from_config(cls, config: str | Path | dict[str, Any], **overrides: Any) -> Pipeline:
        """A pipeline from a config file (or a parsed config), e.g. one made by copying
        ``default.cfg`` and swapping a component or a resource."""
        return cls(config=config, **overrides)

    # the shared resources, by the names earlier versions exposed
    nlp = property(lambda self: self.resources.nlp)
    lexicon = property(lambda self: self.resources.lexicon)
    actors = property(lambda self: self.resources.actors)
    geoparser = property(lambda self: self.resources.geoparser)
    acled = property(lambda self: self.resources.acled)

    @property
    def component_names(self) -> list[str]:
        return [c.name for c in self.components]

    # -- entry points ---------------------------------------------------------
    def prepare(self, raw: RawRecord, published: str | None = None) -> Article | Skip:
        """Clean one record and decide whether it can be coded."""
        art = clean(raw, published=published)
        if not art.text.strip():
            return Skip(art.id, art.origin, "no text after cleaning", art)
        if art.language not in (None, "en"):
            return Skip(art.id, art.origin, f"language: {art.language}", art)
        return art

    def code(self, article: Article) -> CodedArticle:
        return self.code_many([article])[0]

    def code_text(self, text: str, title: str | None = None, published: str | None = None) -> CodedArticle:
        art = clean(RawRecord(text=text, origin=Origin("<text>"), title=title), published=published)
        return self.code(art)

    def code_many(self, articles: Sequence[Article]) -> list[CodedArticle]:
        """Code a batch; the candidate sentences of all articles are parsed in one pass."""
        out = []
        for ctx in self._contexts(articles):
            if not isinstance(ctx, ArticleContext):
                out.append(ctx)  # gated: already a CodedArticle with no events
                continue
            try:
                for component in self.components:
                    component(ctx)
                out.append(freeze(ctx))
            except Exception as err:  # noqa: BLE001 - re-raised as a typed, coded error
                art = ctx.article
                raise ProcessingError("E201", article_id=art.id, origin=str(art.origin), reason=f"{type(err).__name__}: {err}") from err
        return out

    def warm(self) -> CodedArticle | None:
        """Pay now, once, what this process's first article would: the models and tables
        components load on first use (the language identifier, the word vectors, the role
        model's weight table, the speech model, ...) and the first pass of every memo, by
        coding a short invented report.

        Called by the engine in the parent just before it forks its workers: otherwise each
        worker pays the same loads again (about a quarter of a CPU-second each, measured).
        Loads and memos give the same answers whenever they are filled, so what is coded
        afterwards does not change (``tests/test_pipeline_warm.py``; the benchmark compares
        the events of whole runs). (``gc.freeze`` here was tried and dropped: frozen objects
        are never freed at exit, and nanobind then reports them as leaks on stderr; the
        engine freezes for the length of a run instead and unfreezes after it,
        ``engine.long_lived``.)"""
        try:
            return self.code_text(_WARM_TEXT, title="Police disperse protest")
        except ProcessingError:
            # only an optimisation: a component that fails here fails on the real articles
            # too, where the engine quarantines each (E201) instead of stopping the run
            return None

    def analyse(self, article: Article) -> ArticleContext:
        """Run the components on one article and return what they built (the parsed
        sentences, places, actor mentions and event drafts) — for tests, debugging and
        tools that need more than the frozen events."""
        (ctx,) = self._contexts([article], gate=False)
        for component in self.components:
            component(ctx)
        return ctx

    def plan(self, art: Article) -> tuple[list[Sentence], list[Sentence], dict[int, str]]:
        """The article's sentences, those to parse, and why each of those is parsed (by its
        start: ``"selected"`` by every component's ``select``, else ``"proposed: <component>"``,
        the first component whose ``propose`` brought it in). Proposals are skipped when a
        component turned the whole article down (its ``rejects``) and ``propose_in_gated`` is
        false. Surface only: no parse (``benchmarks/tokens.py`` accounts tokens by it)."""
        sents = split_sentences(art.text)
        cands = sents
        for c in self.components:
            select = getattr(c, "select", None)
            if select is not None:
                cands = select(art, cands)
        why = {s.start: "selected" for s in cands}
        turned_down = not self.propose_in_gated and any(
            r(art) for r in (getattr(c, "rejects", None) for c in self.components) if r is not None
        )
        for c in () if turned_down else self.components:
            propose = getattr(c, "propose", None)
            if propose is not None and (extra := propose(art, sents, cands)):
                for s in extra:
                    why.setdefault(s.start, f"proposed: {getattr(c, 'name', type(c).__name__)}")
                cands = sorted({s.start: s for s in [*cands, *extra]}.values(), key=lambda s: s.start)
        return sents, cands, why

    def _contexts(self, articles: Sequence[Article], gate: bool = True) -> list[Any]:
        """Each article's context, or a gated ``CodedArticle`` when no sentence is left to
        parse (and gating is on)."""
        plans = []
        proposed: list[set[int]] = []  # per article: starts of the sentences only propose() added
        to_parse: list[str] = []
        for art in articles:
            sents, cands, why = self.plan(art)
            proposed.append({start for start, reason in why.items() if reason != "selected"})
            plans.append((art, sents, cands))
            to_parse.extend(parse_forms([s.text for s in cands], [s.text for s in sents], self.truecaser))
        disable = [*self.disable, ENTITY_PIPE] if self.entities_on_demand else self.disable
        extra = {"disable": disable} if disable else {}
        docs = iter(self.nlp.pipe(to_parse, batch_size=self.batch_size, **extra))
        gate = gate and self.gate_articles
        out = [
            CodedArticle(art, [], [], gated=True)
            if gate and not cands
            else ArticleContext(art, sents, [ParsedSentence(s, next(docs)) for s in cands])
            for art, sents, cands in plans
        ]
        if self.entities_on_demand:
            self._add_entities([(c, p) for c, p in zip(out, proposed, strict=True) if isinstance(c, ArticleContext)])
        return out

    def _add_entities(self, contexts: list[tuple[ArticleContext, set[int]]]) -> None:
        """Entities for the parsed sentences some component reads them in: those named by a
        component's ``needs_entities(ctx)`` less those a component's ``limit_entities(ctx, idx)``
        withdraws, and every sentence only ``propose`` brought in (parsed for a component that
        declares nothing). Without any component that asks, every sentence gets them."""
        askers = [c for c in self.components if callable(getattr(c, "needs_entities", None))]
        limits = [c for c in self.components if callable(getattr(c, "limit_entities", None))]
        need = []
        for ctx, proposed in contexts:
            if not askers:
                idx = set(range(len(ctx.parsed)))
            else:
                idx = {i for c in askers for i in c.needs_entities(ctx)}
                # a component may withdraw sentences the askers named (a cheaper reading for
                # them: ``limit_entities``), never those only ``propose`` brought in
                for c in limits:
                    idx = set(c.limit_entities(ctx, idx))
                idx |= {i for i, p in enumerate(ctx.parsed) if p.sentence.start in proposed}
            need.extend(ctx.parsed[i].doc for i in sorted(idx))
        add_entities(self.nlp, need, self.batch_size)


def freeze(ctx: ArticleContext) -> CodedArticle:
    """The coded article: each draft frozen once, one event per trigger span and type."""
    events: list[Event] = []
    seen: set[str] = set()
    for draft in ctx.drafts:
        ev = draft.freeze(ctx.article)
        if ev.event_id not in seen:
            seen.add(ev.event_id)
            events.append(ev)
    return CodedArticle(ctx.article, events, ctx.places)


@cache
def _default_config_text() -> str:
    return DEFAULT_CONFIG.read_text("utf-8")


def load_config(config: str | Path | dict[str, Any] | None = None) -> dict[str, Any]:
    """A config as a dict: the default, a ``.cfg`` file, or a dict; checked for its sections."""
    from confection import Config

    try:
        if config is None:
            cfg = Config().from_str(_default_config_text())
        elif isinstance(config, dict):
            cfg = Config(config)
        else:
            path = Path(config)
            if not path.is_file():
                raise ConfigError("E304", path=str(path), reason="no such file")
            cfg = Config().from_disk(path)
    except ConfigError:
        raise
    except Exception as err:  # confection raises several types for a malformed file
        raise ConfigError("E304", path=str(config), reason=f"{type(err).__name__}: {err}") from err
    for section in ("nlp", "pipeline", "resources", "components"):
        if section not in cfg:
            raise ConfigError("E304", path=str(config or DEFAULT_CONFIG), reason=f"missing section [{section}]")
    return dict(cfg)


def build_resources(cfg: dict[str, Any], given: dict[str, Any]) -> Resources:
    """Resolve ``[nlp]`` and ``[resources]`` (skipping any resource passed in ready-made)."""
    from confection import registry as base

    from .nlp import index_entry_points

    index_entry_points()  # every registry lookup below scans the entry points otherwise
    class _Registry(base):  # confection resolves "@<registry>" keys through these attributes
        pass

    for name, reg in REGISTRIES.items():
        setattr(_Registry, name, reg)
    wanted: dict[str, Any] = {}
    if "nlp" not in given:
        wanted["nlp"] = cfg["nlp"]
    res_cfg = cfg["resources"]
    for key in ("lexicon", "actors", "acled"):
        if key not in given:
            wanted[key] = res_cfg[key]
    if "geoparser" not in given:
        wanted["gazetteer"] = res_cfg["gazetteer"]
    try:
        built = _Registry.resolve(wanted, validate=True) if wanted else {}
    except Exception as err:  # noqa: BLE001 - an unknown name or a bad argument in the config
        raise ConfigError("E304", path="[resources]", reason=f"{type(err).__name__}: {err}") from err
    built = {**built, **given}
    geoparser = built.get("geoparser") or geoparser_for(built["gazetteer"])
    return Resources(built["nlp"], built["lexicon"], built["actors"], geoparser, built["acled"])


def build_components(cfg: dict[str, Any], res: Resources) -> list[Any]:
    """The components named in ``[pipeline] components``, built and their order checked."""
    names = cfg["pipeline"].get("components") or []
    built = []
    provided = set(PROVIDED)
    for name in names:
        # a component without a section is its registered factory with default arguments
        args = dict(cfg["components"].get(name) or {"factory": name})
        factory_name = args.pop("factory", name)
        try:
            factory = components.get(factory_name)
        except Exception:  # noqa: BLE001 - catalogue.RegistryError
            known = ", ".join(sorted(components.get_all()))
            raise ConfigError("E305", component=name, reason=f"no factory {factory_name!r} (registered: {known})") from None
        comp = factory(res, **args)
        missing = [r for r in getattr(comp, "requires", ()) if r not in provided]
        if missing:
            raise ConfigError("E305", component=name, reason=f"requires {', '.join(missing)}, which no earlier component assigns")
        provided |= set(getattr(comp, "assigns", ()))
        built.append(comp)
    return built


def with_component(cfg: dict[str, Any], name: str, factory: str, after: str | None = None, **args: Any) -> dict[str, Any]:
    """A copy of a config with a component added (or replaced), for tests and scripts."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in cfg.items()}
    out["components"] = {**cfg["components"], name: {"factory": factory, **args}}
    order = list(cfg["pipeline"]["components"])
    if name not in order:
        order.insert(order.index(after) + 1 if after in order else len(order), name)
    out["pipeline"] = {**cfg["pipeline"], "components": order}
    return out


__all__ = ["DEFAULT_CONFIG", "Pipeline", "build_components", "build_resources", "load_config", "with_component"]
