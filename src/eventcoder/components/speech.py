"""``speech``: verbal events expressed through reported speech, typed by what was said.

The trigger lexicon types an event by its verb, but a coder types a speech act by its
content: "MPs said the plans were unsustainable" is an accusation, "the treaty is not open to
change, the minister said" a rejection, "it is right that the council dropped the levy,
she said" support — none of them has a lexicon trigger, and a politician who "warned" that
the cuts could harm pupils accuses rather than threatens. This component finds reporting
clauses with an identifiable speaker (``attribute.speech_sources``: say/claim/warn/insist/
tell..., "according to") and classifies what the sentence says into a PLOVER verbal type or
``none`` with a small linear model over the words of the sentence and content cues
(``lang/en/speech.yaml``: criticism, obligation, refusal, praise, conditional harm,
commitment, admission, talks), the reported clause read from the parse (``parse_features``:
its predicate, modality, negation, the person of its subject, its words' cue classes) and
word vectors (``dense_features``), trained by ``scripts/train_speech.py`` on the project's own
labelled clauses (``corpus/speech/``) and shipped as ``data/models/speech.json``.

Two ways in:

* ``propose`` (the pipeline's hook for sentences beyond the ``select`` chain): a sentence
  with a speech form whose surface-only score is high enough is parsed even when it has no
  lexicon trigger — the model file's ``surface`` sub-model scores it before parsing (a model
  without parse features scores it with its own weights);
* ``__call__``: for each parsed sentence with a speaker, a draft (trigger = the speech verb,
  ``origin = "speech"``, ``p_event`` = the model's probability; roles, actors and the rest
  fill it like any draft) unless a lexicon draft of a verbal type already covers the
  sentence — then that draft only receives the model's reading (``draft.speech``), a feature
  for the detector's next training.

The detector was never trained on speech drafts, so ``detect`` keeps them on this model's
probability (``threshold``) instead of its own until it is retrained with them.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from operator import mul
from typing import Any, ClassVar

from ..attribute import FRAMING_LEMMAS, SPEECH_LEMMAS, continues_quote, quote_spans, speech_sources
from ..classify import TriggerEntry, TriggerMatch
from ..clean import caption_spans
from ..errors import ConfigError
from ..lang import words
from ..linear import softmax, sparse_table
from ..nlp import Sentence, doc_memo, has_entities
from ..records import Article
from ..registry import components
from .base import ArticleContext, EventDraft

DEFAULT_MODEL = "speech.json"
#: the PLOVER types a statement can be by its content (the classes of the model besides none)
VERBAL_TYPES = ("ACCUSE", "REQUEST", "REJECT", "SUPPORT", "THREATEN", "AGREE", "CONCEDE", "CONSULT")
SPEECH_FORMS = words("speech_act_forms")
#: cue classes: concept -> the name the features carry
CUE_CLASSES = {
    "criticism": words("speech_cue_criticism"),
    "deontic": words("speech_cue_deontic"),
    "rejection": words("speech_cue_rejection"),
    "praise": words("speech_cue_praise"),
    "threat": words("speech_cue_threat"),
    "agree": words("speech_cue_agree"),
    "concede": words("speech_cue_concede"),
    "consult": words("speech_cue_consult"),
}
#: the reported clause's modality, and who its subject is (data: lang/en/speech.yaml)
MODALS = {
    "future": words("speech_modal_future"),
    "deontic": words("speech_modal_deontic"),
    "conditional": words("speech_modal_conditional"),
}
FIRST_PERSON = words("speech_first_person")
SECOND_PERSON = words("speech_second_person")
#: how close a reported clause's word comes to a cue class by its vector (the nearest listed
#: word), in bins: the lists cannot spell out every evaluative word ("terrible" ~ "failure")
VECTOR_BINS = (0.4, 0.5, 0.6)
_CONTENT_POS = frozenset({"ADJ", "NOUN", "VERB", "ADV"})
_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z]+)*|n't|[“”\"?]")
_QUOTES = ("“", "”", '"')
#: a quoted sentence whose reporting clause is in another sentence is read as continuing a
#: report with this verb (lang/en/speech.yaml: speech_quote_form, speech_quote_lemma)
QUOTE_FORM = min(words("speech_quote_form"))
QUOTE_LEMMA = min(words("speech_quote_lemma"))
#: the share of a sentence's characters a quotation must cover for the sentence to be quoted
QUOTED_SHARE = 0.8
#: how many quotations back a continuation is followed to the one whose speaker is named
QUOTE_CHAIN = 3
#: verbs of saying and framing: a lexicon draft on one of them is typed by its content
_SAYING = SPEECH_LEMMAS | FRAMING_LEMMAS


def tokens(text: str) -> list[str]:
    """Lower-cased surface words (the same before and after parsing)."""
    return _WORD.findall(text.lower().replace("’", "'"))


def _cue_tests() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    """Per cue class (``CUE_CLASSES``' order): its one-word cues, and its cues of several
    words padded with a space either side. A sentence's tokens hold no white space and are
    joined by single spaces, so a one-word cue is in the padded sentence exactly when it is
    one of its tokens (a set look-up instead of a substring search per cue); the others are
    searched as before. Rebuilt when ``CUE_CLASSES`` is replaced."""
    got = _CUE_TESTS.get("tests")
    if got is None or got[0] is not CUE_CLASSES or len(got[1]) != len(CUE_CLASSES):
        tests = {
            name: (
                frozenset(w for w in cue if not any(c.isspace() for c in w)),
                tuple(" " + w + " " for w in cue if any(c.isspace() for c in w)),
            )
            for name, cue in CUE_CLASSES.items()
        }
        got = _CUE_TESTS["tests"] = (CUE_CLASSES, tests)
    return got[1]


_CUE_TESTS: dict[str, Any] = {}


def speech_form(toks: list[str]) -> tuple[int, str] | None:
    """The first speech form of the sentence and its token position, or None."""
    for i, t in enumerate(toks):
        if t in SPEECH_FORMS and (t != "according" or (i + 1 < len(toks) and toks[i + 1] == "to")):
            return i, t
    return None


def features(text: str, form: str | None = None) -> list[str]:
    """Surface features of a sentence with a speech form: its words and word pairs, the speech
    form and where it stands, and the content cue classes (with their neighbours: "not" next
    to a deontic word is not a demand). ``form``: the reporting verb a quoted sentence without
    one of its own continues, read as standing after the quotation ('"...," she said')."""
    toks = tokens(text)
    found = speech_form(toks)
    if found is None and form is not None:
        found = (len(toks), form)
    f = ["bias"]
    if found is None:
        return f
    vi, verb = found
    n = len(toks)
    f += ["verb=" + verb, "verb_pos=" + ("start" if vi < 4 else "end" if vi > n - 6 else "mid")]
    f += ["w=" + t for t in toks if t not in ('"', "“", "”")]
    f += ["b=" + a + "_" + b for a, b in zip(toks, toks[1:], strict=False)]
    joined = " " + " ".join(toks) + " "
    tokset = set(toks)
    present = []
    for name, (single, padded) in _cue_tests().items():
        hits = len(single & tokset) + sum(1 for w in padded if w in joined)
        if hits:
            present.append(name)
            f.append("cue=" + name)
            f.append("cue_n=" + name + "|" + ("1" if hits == 1 else "2+"))
            f.append("cue_verb=" + name + "|" + verb)
    for a in present:
        for b in present:
            if a < b:
                f.append("cue_pair=" + a + "|" + b)
    if not present:
        f.append("cue=none")
    f.append("quote=" + str(any(q in text for q in _QUOTES)))
    f.append("question=" + str(text.rstrip().endswith("?")))
    f.append("len=" + ("s" if n < 15 else "m" if n < 30 else "l"))
    return f


def clause_features(doc: Any) -> list[str]:
    """``parse_features`` of the sentence's reporting clause (``_speech_verb``), or a marker
    when the parse finds no speaker."""
    found = _speech_verb(doc)
    return parse_features(doc, found[0]) if found is not None else ["clause=nospeaker"]


DENSE_DIMS = 64


def dense_features(text: str, doc: Any) -> list[float]:
    """The word vectors (``vectors.py``, mean of the words' pieces, unit length) of the
    reported clause (the whole sentence when the parse finds none) and of the sentence's
    surface words: ``2 * DENSE_DIMS`` numbers."""
    from .. import vectors

    vec = vectors.load()
    words_ = [t.text for t in doc if not t.is_punct]
    found = _speech_verb(doc)
    if found is not None:
        tok = found[0]
        pred = reported_clause(tok)
        if pred is not None:
            own = {t.i for t in tok.subtree} if pred.is_ancestor(tok) else set()
            words_ = [t.text for t in pred.subtree if t.i not in own and not t.is_punct]
    out = []
    for v in (vec.text(words_), vec.text([t for t in tokens(text) if t not in _QUOTES])):
        out.extend([0.0] * DENSE_DIMS if v is None else v[:DENSE_DIMS].tolist())
    return out


@cache
def _cue_vectors() -> tuple[list[str], Any]:
    """The unit vectors of every single-word cue, and the class each belongs to."""
    import numpy as np

    from .. import vectors

    vec = vectors.load()
    names, rows = [], []
    for name, cue in sorted(CUE_CLASSES.items()):
        for w in sorted(cue):
            v = vec.word(w) if " " not in w else None
            if v is not None:
                names.append(name)
                rows.append(v)
    return names, np.vstack(rows)


def _near_classes(lemmas: list[str]) -> list[str]:
    """"class|bin" for each cue class and each bin of ``VECTOR_BINS`` that one of these words
    reaches by its nearest listed word's cosine (cumulative: 0.55 gives |0.4 and |0.5)."""
    if not lemmas:
        return []
    best: dict[str, float] = {}
    for w in lemmas:
        for name, sim in _word_near(w):
            if sim > best.get(name, -1.0):
                best[name] = sim
    return [f"{name}|{b}" for name, sim in sorted(best.items()) for b in VECTOR_BINS if sim >= b]


@lru_cache(maxsize=100_000)
def _word_near(w: str) -> tuple[tuple[str, float], ...]:
    """The best cosine of word ``w`` to each cue class, as (class, cosine) pairs (a class
    whose every cosine is -1 or less is left out, as ``_near_classes`` leaves it out; nothing
    for a word without a vector).

    Memoised by the word (the vectors and the cue lists do not change once loaded): the
    clauses of a corpus repeat their lemmas, and each one cost a product with every cue
    vector and a Python loop over its 334 results. The maximum of the per-word maxima is
    the maximum over all, so ``_near_classes`` finds the same values as one loop would."""
    from .. import vectors

    v = vectors.load().word(w)
    if v is None:
        return ()
    names, mat = _cue_vectors()
    best: dict[str, float] = {}
    for name, sim in zip(names, (mat @ v).tolist(), strict=True):
        if sim > best.get(name, -1.0):
            best[name] = sim
    return tuple(best.items())


def _cues_of(tok: Any) -> list[str]:
    low, lemma = tok.lower_, tok.lemma_.lower()
    return [name for name, cue in CUE_CLASSES.items() if low in cue or lemma in cue]


def reported_clause(tok: Any) -> Any | None:
    """The head of the clause a speech token reports: its clausal complement ("said the plans
    were ...", "called on X to ..."), the clause it is attached to ("..., the minister said"
    parsed the other way round) or, for "according to", the clause it modifies."""
    if tok.lower_ == "according":
        return tok.head if tok.head.i != tok.i else None
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            return c
    if tok.dep_ in ("parataxis", "ccomp", "advcl") and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX", "ADJ"):
        return tok.head
    for c in tok.children:  # "warned of a crisis", "accused X of lying": a preposition's clause
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pcomp":
                    return g
    return None


def quoted_predicate(doc: Any) -> Any | None:
    """The predicate of a quoted sentence without a reporting clause: the root of its parse
    (the first root that is not punctuation)."""
    return next((t for t in doc if t.head.i == t.i and not t.is_punct), None)


def quote_clause_features(doc: Any) -> list[str]:
    """``parse_features`` of a quoted sentence read as the clause a report in another
    sentence carries: the reporting verb is ``speech_quote_lemma``, the clause the root."""
    pred = quoted_predicate(doc)
    return parse_features(doc, None, pred) if pred is not None else ["clause=nospeaker"]


def parse_features(doc: Any, tok: Any, pred: Any = None) -> list[str]:
    """What the parse says about the reported clause of speech token ``tok``: its predicate
    (the adjective or noun of a copula), the predicate's modality and negation, who its
    subject is (first person = the speaker: "we will respond"; second person = the
    addressee), the cue classes of the predicate and of the clause's own words (listed, or
    near a listed word by its vector), and how these combine. With ``tok`` None, ``pred`` is
    a quoted sentence's own predicate whose reporting clause is in another sentence."""
    if tok is None:
        f = ["sv=" + QUOTE_LEMMA, "sv_dep=ROOT"]
    else:
        f = ["sv=" + tok.lemma_.lower(), "sv_dep=" + tok.dep_]
        pred = reported_clause(tok)
    if pred is None:
        return [*f, "clause=none"]
    heads = [pred]
    mods = set()
    if pred.lemma_.lower() == "go" and pred.tag_ == "VBG":  # "we are going to respond"
        nxt = next((c for c in pred.children if c.dep_ == "xcomp"), None)
        mods.add("future")
        if nxt is not None:
            pred = nxt
            heads.append(pred)
    content = pred
    if pred.lemma_.lower() == "be":
        content = next((c for c in pred.children if c.dep_ in ("acomp", "attr")), pred)
        heads.append(content)
    neg = False
    for h in heads:
        for c in h.children:
            if c.dep_ == "neg":
                neg = True
            if c.dep_ in ("aux", "auxpass"):
                for name, forms in MODALS.items():
                    if c.lower_ in forms or c.lemma_.lower() in forms:
                        mods.add(name)
    subj = next((c for h in heads for c in h.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subj is None:
        who = "none"
    elif subj.lower_ in FIRST_PERSON:
        who = "1st"
    elif subj.lower_ in SECOND_PERSON:
        who = "2nd"
    elif subj.pos_ == "PRON":
        who = "pron"
    else:
        who = "np"
    own = {t.i for t in tok.subtree} if tok is not None and pred.is_ancestor(tok) else set()  # "..., Straw said": not the clause
    clause = [t for t in pred.subtree if t.i not in own]
    cp = content.lemma_.lower()
    f += ["cp=" + cp, "cp_pos=" + content.pos_, "csubj=" + who, "cneg=" + str(neg)]
    f += ["cmod=" + m for m in sorted(mods)] or ["cmod=none"]
    f += ["cmod_subj=" + m + "|" + who for m in sorted(mods)]
    f += ["cmod_neg=" + m + "|" + str(neg) for m in sorted(mods)]
    if any(c.dep_ == "auxpass" for c in pred.children):
        f.append("cpass")
    cp_cues = set(_cues_of(content)) | set(_cues_of(pred))
    f += ["cp_cue=" + c for c in sorted(cp_cues)]
    f += ["cp_cue_neg=" + c + "|" + str(neg) for c in sorted(cp_cues)]
    f += ["cp_cue_subj=" + c + "|" + who for c in sorted(cp_cues)]
    in_clause = set()
    for t in clause:
        in_clause.update(_cues_of(t))
        if t.lower_ in FIRST_PERSON and (subj is None or t.i != subj.i):
            f.append("c_first")
        if t.lower_ in SECOND_PERSON and (subj is None or t.i != subj.i):
            f.append("c_second")
    f += ["c_cue=" + c for c in sorted(in_clause)]
    near = _near_classes(sorted({t.lemma_.lower() for t in clause if t.pos_ in _CONTENT_POS and not _cues_of(t)}))
    f += ["c_near=" + c for c in near]
    f += ["cp_near=" + c for c in (_near_classes([cp]) if not cp_cues else [])]
    # inside a quotation: an odd number of quotation marks before the clause's first word
    first = min(t.i for t in clause) if clause else pred.i
    f.append("c_quoted=" + str(tok is None or sum(1 for t in doc[:first] if t.text in _QUOTES) % 2 == 1))
    return sorted(set(f))


class SpeechModel:
    """A multinomial linear model over sparse string features (classes: the verbal types and
    ``none``), the gate the drafts need, and the lower gate a sentence needs to be parsed."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            self.classes = [str(c) for c in data["classes"]]
            self.bias = {str(k): float(v) for k, v in data["bias"].items()}
            self.weights: dict[str, dict[str, float]] = {
                str(f): {str(c): float(w) for c, w in ws.items()} for f, ws in data["weights"].items()
            }
            self.threshold = float(data["threshold"])
            self.propose_threshold = float(data["propose_threshold"])
            self.meta = data.get("meta", {})
            # "parse": the weights read parse_features too, and "surface" holds the surface-only
            # model that scores a sentence before it is parsed (propose)
            self.reads_parse = data.get("features") == "parse"
            # class -> weights over dense_features() (the reported clause's and the sentence's
            # word vectors): meaning the listed words and the seen words do not cover
            self.dense = {str(c): [float(w) for w in ws] for c, ws in (data.get("dense") or {}).items()}
            if self.dense and any(len(ws) != 2 * DENSE_DIMS for ws in self.dense.values()):
                raise ValueError(f"dense weights must have {2 * DENSE_DIMS} values per class")
            surface = data.get("surface")
            self.surface: tuple[dict[str, float], dict[str, dict[str, float]]] | None = None
            if surface is not None:
                self.surface = (
                    {str(k): float(v) for k, v in surface["bias"].items()},
                    {str(f): {str(c): float(w) for c, w in ws.items()} for f, ws in surface["weights"].items()},
                )
            if "none" not in self.classes or set(self.classes) - {"none", *VERBAL_TYPES}:
                raise ValueError(f"classes must be 'none' and verbal types, got {self.classes}")
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ConfigError("E350", path="speech model", reason=f"{type(err).__name__}: {err}") from err

    def distribution(self, feats: list[str], dense: list[float] | None = None) -> dict[str, float]:
        bias = self.bias
        if self.dense and dense is not None:
            # the same products added in the same order as a generator of w * x, without one
            # Python frame per term (9 classes x 128 numbers per sentence)
            bias = {c: b + sum(map(mul, self.dense.get(c, ()), dense)) for c, b in bias.items()}
        table = self.__dict__.get("_table", False)
        if table is False:
            table = self.__dict__["_table"] = sparse_table(self.bias, self.weights)
        return softmax(bias, self.weights, feats, table)

    def best(self, text: str, doc: Any = None, quoted: bool = False) -> tuple[str, float]:
        """The most probable verbal type of a sentence and its probability (``none`` when the
        sentence has no speech form). With its parse (``doc``) a model that reads the parse
        reads it; without, the surface model scores the sentence (the propose gate).
        ``quoted``: a quoted sentence whose reporting clause is in another sentence, read as
        the clause of that report (``speech_quote_form``, the sentence's root)."""
        feats = features(text, QUOTE_FORM if quoted else None)
        if len(feats) == 1:
            return "none", 0.0
        if self.reads_parse and doc is not None:
            clause = quote_clause_features(doc) if quoted else clause_features(doc)
            dist = self.distribution(feats + clause, dense_features(text, doc) if self.dense else None)
        elif self.reads_parse and self.surface is not None:
            dist = softmax(self.surface[0], self.surface[1], feats)
        else:
            dist = self.distribution(feats)
        c = max((c for c in dist if c != "none"), key=lambda c: dist[c])
        return c, dist[c]


@cache
def load_model(name: str = DEFAULT_MODEL) -> SpeechModel:
    """The shipped model ``name``, unpickled from the user cache once it has been built there:
    parsing the 4.8 MB JSON and converting its ~70 k weight rows cost about 0.5 s of every
    start-up (a fifth of it), unpickling the same dictionaries a fraction of that. Keyed by the
    model file's and this module's bytes (``resources.cached_pickle``); the same weights, bit
    for bit (``tests/components/test_speech_cache.py``)."""
    import sys
    from pathlib import Path

    from ..resources import cached_pickle, content_key

    path = resources.files("eventcoder.data").joinpath("models", name)
    if not path.is_file():
        raise ConfigError("E351", path=str(path))
    key = content_key(f"{sys.version_info[:2]}", Path(str(path)), Path(__file__))
    return cached_pickle("speech", key, lambda: read_model(path), lambda m: isinstance(m, SpeechModel))


def read_model(path: Any) -> SpeechModel:
    """A speech model from its JSON file (no cache)."""
    try:
        return SpeechModel(json.loads(path.read_text("utf-8")))
    except json.JSONDecodeError as err:
        raise ConfigError("E350", path=str(path), reason=str(err)) from err


def _speech_verb(doc: Any) -> tuple[Any, Any] | None:
    """The reporting clause of a sentence: (speech token, its Source), the verb of saying
    nearest the root first ("X said the plans were wrong", "..., the minister said").

    The choice is memoised per sentence (as ``speech_sources``, per entity state): scoring a
    sentence asks for it twice (its clause's features and its vectors), a draft once more."""
    srcs = speech_sources(doc)
    if not srcs:
        return None
    memo = doc_memo(doc, "eventcoder.speech_verb")  # (a Span's is fresh each call)
    key = has_entities(doc) if getattr(doc, "user_data", None) is not None else None
    best = memo.get(key)
    if best is None:

        def depth(i: int) -> int:
            t, k = doc[i], 0
            while t.head.i != t.i and k < 50:
                t, k = t.head, k + 1
            return k

        best = memo[key] = min(srcs, key=lambda i: (doc[i].lemma_.lower() not in SPEECH_LEMMAS and doc[i].lower_ != "according", depth(i), i))
    return doc[best], srcs[best]


def quoted_in(quotes: list[tuple[int, int]], start: int, end: int, text: str) -> int | None:
    """The index of the quotation a sentence ``text[start:end]`` lies inside (one covering
    ``QUOTED_SHARE`` of its non-space characters), or None."""
    span = text[start:end]
    chars = [start + i for i, ch in enumerate(span) if not ch.isspace()]
    if not chars:
        return None
    best, share = None, 0.0
    for qi, (qs, qe) in enumerate(quotes):
        if qe <= start or qs >= end:
            continue
        n = sum(1 for i in chars if qs <= i < qe) / len(chars)
        if n > share:
            best, share = qi, n
    return best if share >= QUOTED_SHARE else None


def quote_reported(text: str, quotes: list[tuple[int, int]], qi: int) -> bool:
    """Does a reporting verb stand outside the quotations of the paragraph of quotation
    ``qi``, or of a quotation it continues (``attribute.continues_quote``: '"...," the
    minister said. "The proposal is dead."'; a multi-paragraph quotation)? The cheap test before
    parsing; ``attribution`` resolves the speaker itself and drops a draft it cannot."""
    for _ in range(QUOTE_CHAIN + 1):
        qs, qe = quotes[qi]
        a = text.rfind("\n", 0, qs) + 1
        b = text.find("\n", qe)
        b = len(text) if b < 0 else b
        inside = [(max(x, a), min(y, b)) for x, y in quotes if x < b and y > a]
        outside, pos = [], a
        for x, y in inside:
            outside.append(text[pos:x])
            pos = max(pos, y)
        outside.append(text[pos:b])
        if speech_form(tokens(" ".join(outside))) is not None:
            return True
        if qi == 0 or not continues_quote(text, quotes[qi - 1], quotes[qi]):
            return False
        qi -= 1
    return False


class Speech:
    name: ClassVar[str] = "speech"
    requires: ClassVar[tuple[str, ...]] = ("parsed", "drafts", "draft.type")
    assigns: ClassVar[tuple[str, ...]] = ("drafts", "draft.type", "draft.mode", "draft.trigger", "draft.origin", "draft.p_event", "draft.speech", "draft.quoted")

    def __init__(self, model: SpeechModel | None, threshold: float | None = None, propose_threshold: float | None = None, retype: bool = True, quotes: bool = True, quote_threshold: float | None = None) -> None:
        self.model = model
        #: also quoted sentences whose speaker is named in an adjacent sentence
        self.quotes = quotes
        #: P(type) a quoted sentence's draft needs (None: ``threshold``)
        self.quote_threshold = quote_threshold
        self.retype = retype
        self.threshold = threshold if threshold is not None else (model.threshold if model else 1.0)
        self.propose_threshold = propose_threshold if propose_threshold is not None else (model.propose_threshold if model else 1.0)

    def propose(self, article: Article, sentences: list[Sentence], selected: list[Sentence]) -> list[Sentence]:
        """Sentences to parse beyond those selected: a speech form outside photo captions
        and a surface score that could pass the gate."""
        if self.model is None:
            return []
        caps = caption_spans(article)
        have = {s.start for s in selected}
        quotes = quote_spans(article.text) if self.quotes else []
        out = []
        for s in sentences:
            if s.start in have or any(a <= s.start and s.end <= b for a, b in caps):
                continue
            if self.model.best(s.text)[1] >= self.propose_threshold:
                out.append(s)
            elif quotes and self._quoted(article.text, quotes, s.start, s.end, s.text):
                if self.model.best(s.text, quoted=True)[1] >= self.propose_threshold:
                    out.append(s)
        return out

    def _quoted(self, text: str, quotes: list[tuple[int, int]], start: int, end: int, sentence: str) -> bool:
        """A sentence with no speech form of its own, inside a quotation whose report is named
        in the paragraph or in a quotation it continues."""
        if speech_form(tokens(sentence)) is not None:
            return False
        qi = quoted_in(quotes, start, end, text)
        return qi is not None and quote_reported(text, quotes, qi)

    def __call__(self, ctx: ArticleContext) -> None:
        if self.model is None:
            return
        by_sentence = ctx.drafts_by_sentence()
        new: list[EventDraft] = []
        text = ctx.article.text
        quotes = quote_spans(text) if self.quotes else []
        for p in ctx.parsed:
            s = p.sentence
            if quotes and self._quoted(text, quotes, s.start, s.end, s.text) and _speech_verb(p.doc) is None:
                d = self._quote_draft(p, by_sentence.get(s.start, []))
                if d is not None:
                    new.append(d)
                continue
            etype, prob = self.model.best(p.sentence.text, p.doc)
            if etype == "none":
                continue
            lexical = by_sentence.get(p.sentence.start, [])
            covered = [d for d in lexical if d.type in VERBAL_TYPES]
            if covered:
                for d in covered:
                    d.speech = (etype, round(prob, 4))
                    if self.retype and d.type != etype and prob >= self.threshold and d.tok.lemma_.lower() in _SAYING:
                        # the lexicon typed a verb of saying by the verb ("warned" -> THREATEN);
                        # a coder types it by what was said ("warned the cuts could harm" -> ACCUSE)
                        d.type, d.mode, d.acled = etype, None, None
                continue
            if prob < self.threshold or any(d.type == etype for d in lexical):
                continue
            found = _speech_verb(p.doc)
            if found is None:
                continue  # no identifiable speaker
            tok, _src = found
            entry = TriggerEntry(frozenset({tok.lemma_.lower()}), tok.pos_, frozenset(), frozenset(), None, etype, None, None, 1.0)
            start = tok.idx + p.off
            d = EventDraft(p, TriggerMatch(tok.i, entry), etype, None, start, start + len(tok.text))
            d.origin = "speech"
            d.p_event = round(prob, 4)
            d.speech = (etype, round(prob, 4))
            new.append(d)
        if new:
            ctx.drafts = sorted([*ctx.drafts, *new], key=lambda d: d.sentence.start)  # stable: lexicon order kept

    def _quote_draft(self, p: Any, lexical: list[EventDraft]) -> EventDraft | None:
        """A speech draft of a quoted sentence whose report is in another sentence: typed by
        the model reading it as that report's clause, trigger = the sentence's predicate,
        ``quoted`` (attribution gives it the quotation's speaker as source)."""
        assert self.model is not None
        etype, prob = self.model.best(p.sentence.text, p.doc, quoted=True)
        if etype == "none" or any(d.type in VERBAL_TYPES for d in lexical):
            return None
        if prob < (self.threshold if self.quote_threshold is None else self.quote_threshold):
            return None
        tok = quoted_predicate(p.doc)
        if tok is None:
            return None
        entry = TriggerEntry(frozenset({tok.lemma_.lower()}), tok.pos_, frozenset(), frozenset(), None, etype, None, None, 1.0)
        start = tok.idx + p.off
        d = EventDraft(p, TriggerMatch(tok.i, entry), etype, None, start, start + len(tok.text))
        d.origin = "speech"
        d.quoted = True
        d.p_event = round(prob, 4)
        d.speech = (etype, round(prob, 4))
        return d


@components.register("speech")
def make_speech(
    resources: Any, model: str | None = DEFAULT_MODEL, threshold: float | None = None, propose_threshold: float | None = None, retype: bool = True, quotes: bool = True,
    quote_threshold: float | None = None,
) -> Speech:
    return Speech(load_model(model) if model else None, threshold, propose_threshold, retype, quotes, quote_threshold)
