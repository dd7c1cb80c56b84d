"""``retype``: the PLOVER type of a lexicon draft read from its context by a learned model.

A trigger lexicon gives each lemma one type per entry: "warned" is THREATEN, "targeted" is
ASSAULT, "called for" is REQUEST. In long-form news the same word is often another act:
"MPs warned that the bill will cause damage" is an accusation, "targeted 13 more officials,
alleging corruption" a sanction, "detaining suspects breaks the law" an accusation of the
detention, not a detention. No rule per lemma can tell those apart; the words around the
trigger can. This component scores each lexicon draft with a multinomial logistic model
(``data/models/types.json``, trained by ``scripts/train_types.py`` on the project's own
annotated corpus) over the trigger's lemma and the lexicon's candidate types for it, its
dependency frame (complement clause, prepositional objects, passive, negation, modal), its
subject's and object's head words and entity labels, who acts on whom (the actor's — a passive's
agent — and the object's entity labels), whether the entry carries an ACLED key, the lexicon
types of the sentence's other trigger words, and the static word vectors of the trigger, the
object and the sentence. The lexicon entry's type is a feature of its own, so a word the model
never saw keeps it; and a draft is re-typed only when the model prefers another type to the
lexicon's by ``margin`` (a probability ratio chosen on the corpus held-out fifth, x25types), so
the lexicon stays the default and the model only overrules it where the context says so.

It runs after the rule-based re-typing (``modality``: intents, refusals, material backing) and
before ``detect``, which reads the type: a draft the rules already re-typed (its type no longer
the entry's) is left alone. ``acled`` maps a draft whose type is not its entry's to nothing, so a
draft is re-typed by becoming the match of the lexicon's entry of the new type for the same
word (its mode and ACLED key with it) when there is one whose conditions hold (else one of the
same part of speech with no ``without`` word present), and otherwise only when its entry has no
ACLED key (verbal and diplomatic acts: "warned" as an accusation). A moved draft's salience
(``EventDraft.prior``, read by ``confidence``) is the word's best weight as its new type, so it
does not depend on which entry of the type the conditions picked.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import numpy as np

from .. import vectors
from ..classify import TriggerMatch
from ..errors import ConfigError
from ..linear import softmax, sparse_table
from ..registry import components
from .base import ArticleContext, EventDraft

DEFAULT_MODEL = "types.json"
#: the dense blocks the model reads, in order (each ``vectors.WordVectors.dims`` wide); a model
#: file names the ones it was trained on (``dense_blocks``)
DENSE_BLOCKS = ("trigger", "object", "sentence")
#: clause modals that mark an act as not (yet) done: a frame of its own ("could target")
MODALS = frozenset({"can", "could", "may", "might", "would", "should", "must", "will", "shall"})
#: prepositions whose object says what kind of act it is ("warned of", "called for", "protest
#: against", "talks on", "accused of")
FRAME_PREPS = frozenset({"for", "against", "of", "on", "over", "about", "with", "to", "from", "into", "at", "by", "in"})


class TypeModel:
    """A multinomial logistic model over sparse string features and dense word-vector blocks:
    ``bias`` per class, ``weights`` feature -> class -> weight, ``dense`` class -> weights over
    the concatenated blocks, and the re-typing ``margin``."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            self.classes = [str(c) for c in data["classes"]]
            self.bias = {str(k): float(v) for k, v in data["bias"].items()}
            self.weights = {str(f): {str(c): float(w) for c, w in ws.items()} for f, ws in data["weights"].items()}
            dense = data.get("dense") or {}
            self.blocks = tuple(str(b) for b in data.get("dense_blocks", ()))
            self.dense = np.array([dense[c] for c in self.classes], dtype=np.float32) if dense else None
            self.margin = float(data["margin"])
            # log-odds added to the lexicon entry's type: the model was fitted as a correction
            # of the lexicon, so a context it cannot read keeps the entry's type
            self.prior = float(data.get("lexicon_prior", 0.0))
            self.meta = data.get("meta", {})
            if self.dense is not None and self.dense.shape[1] % max(1, len(self.blocks)):
                raise ValueError("dense weights do not split into the declared blocks")
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ConfigError("E541", path="type model", reason=f"{type(err).__name__}: {err}") from err

    def distribution(self, feats: list[str], dense: np.ndarray | None, lexicon_type: str | None = None) -> dict[str, float]:
        """P(type) over the classes, given the lexicon entry's type."""
        bias = dict(self.bias)
        if self.dense is not None and dense is not None:
            for c, v in zip(self.classes, self.dense @ dense, strict=True):
                bias[c] += float(v)
        if lexicon_type in bias:
            bias[lexicon_type] += self.prior
        table = self.__dict__.get("_table", False)
        if table is False:
            table = self.__dict__["_table"] = sparse_table(self.bias, self.weights)
        return softmax(bias, self.weights, feats, table)

    def choose(self, dist: dict[str, float], lexicon_type: str, margin: float | None = None) -> str:
        """The model's type when it prefers it to the lexicon's by ``margin`` (a probability
        ratio), else the lexicon's."""
        m = self.margin if margin is None else margin
        best = max(dist, key=lambda c: dist[c])
        if best != lexicon_type and dist[best] > m * dist.get(lexicon_type, 0.0):
            return best
        return lexicon_type


@cache
def load_model(name: str = DEFAULT_MODEL) -> TypeModel | None:
    path = resources.files("eventcoder.data").joinpath("models", name)
    if not path.is_file():
        raise ConfigError("E542", path=str(path))
    try:
        return TypeModel(json.loads(path.read_text("utf-8")))
    except json.JSONDecodeError as err:
        raise ConfigError("E541", path=str(path), reason=str(err)) from err


class Retype:
    name: ClassVar[str] = "retype"
    requires: ClassVar[tuple[str, ...]] = ("parsed", "drafts", "draft.type")
    assigns: ClassVar[tuple[str, ...]] = ("draft.type", "draft.mode", "draft.acled")

    def __init__(self, lexicon: Any, model: TypeModel | None, margin: float | None = None) -> None:
        self.lexicon = lexicon
        self.model = model
        self.margin = margin

    def __call__(self, ctx: ArticleContext) -> None:
        if self.model is None:
            return
        vec = vectors.load() if self.model.dense is not None else None
        for d in ctx.drafts:
            if d.origin != "lexicon" or d.type != d.match.entry.type:
                # a speech draft is typed by its own model; a draft the rules re-typed
                # (an intent, a refusal, material backing) keeps the rule's reading
                continue
            feats, parts = type_features(d, self.lexicon)
            dense = dense_vector(parts, vec, self.model.blocks) if vec is not None else None
            dist = self.model.distribution(feats, dense, d.type)
            etype = self.model.choose(dist, d.type, self.margin)
            if etype == d.type:
                continue
            lemma = d.tok.lemma_.lower()
            alts = [e for e in getattr(self.lexicon, "by_lemma", {}).get(lemma, []) if e.type == etype]
            holding = getattr(self.lexicon, "holding", None)
            # an entry of that type whose conditions hold here ("burned homes" is the arson entry,
            # not the "burned to death" killing); else one whose required words are absent but
            # whose part of speech and ``without`` words agree: the model's reading of the context
            # stands in for the missing word ("went on strike": "went" is not a dependent of
            # "strike", which the lexicon had read as an air strike "on" something)
            holds = (holding(d.tok, alts) or holding(d.tok, alts, required=False)) if alts and holding else None
            if holds is not None:
                # the lexicon has the word as that kind of act too: the draft becomes that
                # entry's match, with its mode and ACLED key ("clash" as a riot, not a battle)
                # its salience is the word's best prior as that type, whichever entry's
                # condition held ("burned homes" as an attack ranks as the word's attack reading
                # does, not as the fire-as-weapon entry's lower weight)
                d.prior = max(e.weight for e in alts)
                d.match = TriggerMatch(d.match.i, holds.entry, holds.support)
                d.type, d.mode, d.acled = etype, holds.entry.mode, None
            elif d.match.entry.acled is None:
                # a verbal or diplomatic entry: no ACLED key is lost by re-typing it
                d.type, d.mode, d.acled = etype, None, None
            # else: an act ACLED maps by its entry's key, and the lexicon has no entry of the
            # model's type for the word in this part of speech: re-typed, ``acled`` would map it
            # to nothing, so it keeps the lexicon's reading


@components.register("retype")
def make_retype(resources: Any, model: str | None = DEFAULT_MODEL, margin: float | None = None) -> Retype:
    if margin is not None and margin < 1.0:
        raise ConfigError("E543", value=margin)
    return Retype(resources.lexicon, load_model(model) if model else None, margin)


def _ent(tok: Any) -> str:
    return tok.ent_type_ or ("PRON" if tok.pos_ == "PRON" else "none")


def _verb_of(tok: Any) -> Any:
    """The clause verb a trigger's frame hangs on: the trigger itself when verbal, else the
    verb governing it ("called for protests" -> "called", "carried out an attack" ->
    "carried")."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    gov = tok.head
    for _ in range(3):
        if gov.pos_ in ("VERB", "AUX") or gov.head.i == gov.i:
            break
        gov = gov.head
    return gov


def _object(tok: Any) -> Any | None:
    """The trigger's object: its direct object, or the object of its first framing
    preposition ("sanctions on officials", "the attack against the base")."""
    for c in tok.children:
        if c.dep_ in ("dobj", "obj", "attr", "dative"):
            return c
    for c in tok.children:
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _subject(verb: Any) -> Any | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)


def _complement_features(comp: Any, tok: Any, lex: str, lexicon: Any) -> list[str]:
    """Who acts in what a speech verb reports, and how: "X warned that *it would* strike" (the
    speaker's own act: THREATEN) against "MPs warned that *the plans would* harm the countryside"
    (someone else's act or a state of affairs: criticism, ACCUSE). The complement's subject is
    ``same`` when it is a pronoun or repeats a word of the speaker's phrase, else its entity type
    or ``noun``; its modal and, when its verb is itself in the lexicon, that entry's type."""
    out: list[str] = []
    cs = _subject(comp)
    if cs is not None and cs.dep_ == "nsubjpass":
        # a passive complement's actor is its agent: "damage will be caused *by the plans*"
        # is the plans' act, as "the plans will cause damage" is; without an agent: ``passive``
        agent = next((g for a in comp.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
        cs = agent if agent is not None else cs
    speaker = _subject(_verb_of(tok))
    if cs is None:
        kind = "none"
    else:
        words = {t.lower_ for t in speaker.subtree} if speaker is not None else set()
        if cs.pos_ == "PRON" and cs.lower_ not in ("this", "that") and cs.dep_ != "expl":
            kind = "pron"
        elif cs.lower_ in words:
            kind = "same"
        elif cs.dep_ == "nsubjpass":
            kind = "passive"
        else:
            kind = "ent" if cs.ent_type_ else "noun"
    out += ["comp_subj=" + kind, "lex_comp_subj=" + lex + "|" + kind]
    modal = next((a.lower_ for a in comp.children if a.dep_ == "aux" and a.lower_ in MODALS), None)
    if modal:
        out += ["comp_modal=" + modal, "lex_comp_subj_modal=" + lex + "|" + kind + "|" + modal]
    entries = getattr(lexicon, "by_lemma", {}).get(comp.lemma_.lower(), [])
    if entries:
        out.append("lex_comp_lex=" + lex + "|" + entries[0].type)
    return out


def type_features(d: EventDraft, lexicon: Any) -> tuple[list[str], dict[str, Any]]:
    """The sparse features of one draft, and the words its dense blocks are read from
    (``trigger``: the lemma; ``object``: the object's head; ``sentence``: the sentence's words
    without the trigger) — returned as words so the training script can cache them."""
    tok, doc = d.tok, d.doc
    lemma = tok.lemma_.lower()
    lex = d.match.entry.type
    cands = sorted({e.type for e in getattr(lexicon, "by_lemma", {}).get(lemma, [])} | {lex})
    f = [
        "lex=" + lex,
        "lemma=" + lemma,
        "lemma_lex=" + lemma + "|" + lex,
        "pos_lex=" + tok.pos_ + "|" + lex,
        "dep=" + tok.dep_,
        "ncand=" + str(min(len(cands), 4)),
    ]
    f += ["cand=" + c for c in cands]
    if d.match.support is not None:
        f.append("support=" + doc[d.match.support].lemma_.lower())
    head = tok.head
    if head.i != tok.i:  # not the root: compare by index (a Token is new on every access)
        f += ["head=" + head.lemma_.lower(), "head_dep=" + head.lemma_.lower() + "|" + tok.dep_]
        if tok.dep_ == "pobj":
            gov = head.head
            f.append("gov_prep=" + gov.lemma_.lower() + "|" + head.lower_)
            f.append("gov_prep_lex=" + gov.lemma_.lower() + "|" + head.lower_ + "|" + lex)
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in FRAME_PREPS:
            f += ["prep=" + c.lower_, "lemma_prep=" + lemma + "|" + c.lower_]
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    f += ["prep_obj=" + c.lower_ + "|" + g.lemma_.lower(), "prep_ent=" + c.lower_ + "|" + _ent(g)]
        elif c.dep_ in ("ccomp", "xcomp", "advcl"):
            f += ["comp=" + c.dep_, "lemma_comp=" + lemma + "|" + c.dep_, "comp_lemma=" + c.lemma_.lower()]
            mark = next((m.lower_ for m in c.children if m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to", "if", "whether")), None)
            if mark:
                f.append("comp_mark=" + c.dep_ + "|" + mark)
            if c.dep_ == "ccomp":
                f += _complement_features(c, tok, lex, lexicon)
        elif c.dep_ == "neg":
            f.append("neg")
        elif c.dep_ == "oprd":
            # "called them a terrorist matrix": naming, not calling for (REQUEST)
            f += ["oprd", "lemma_oprd=" + lemma]
        elif c.dep_ in ("amod", "compound") and tok.pos_ in ("NOUN", "PROPN"):
            f.append("mod=" + c.lemma_.lower())
    obj = _object(tok)
    if obj is not None:
        ol = obj.lemma_.lower()
        f += ["obj=" + ol, "obj_ent=" + _ent(obj), "lemma_obj=" + lemma + "|" + ol, "lex_obj_ent=" + lex + "|" + _ent(obj)]
    else:
        f.append("obj=none")
    verb = _verb_of(tok)
    subj = _subject(verb)
    if subj is not None:
        f += ["subj=" + subj.lemma_.lower(), "subj_ent=" + _ent(subj), "lex_subj_ent=" + lex + "|" + _ent(subj)]
        if subj.dep_ == "nsubjpass":
            f.append("passive")
    else:
        f.append("subj=none")
    if verb.i != tok.i:
        f.append("verb=" + verb.lemma_.lower())
    aux = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    modal = next((a for a in aux if a in MODALS), None)
    if modal:
        f += ["modal=" + modal, "lex_modal=" + lex + "|" + modal]
    if any(c.dep_ == "auxpass" for c in verb.children):
        f.append("passive_aux")
    actor = subj
    if subj is not None and subj.dep_ == "nsubjpass":
        # a passive clause's actor is its agent ("was sentenced *by the court*"), else unknown
        actor = next((g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
    f += _frame_features(tok, lex, d.match.entry.acled, actor, obj, lexicon)
    parts = {
        "trigger": [lemma],
        "object": [obj.lemma_.lower()] if obj is not None else [],
        "sentence": [t.lower_ for t in doc if t.i != tok.i and t.is_alpha],
    }
    return f, parts


def _lex_type(tok: Any, lexicon: Any) -> str | None:
    entries = getattr(lexicon, "by_lemma", {}).get(tok.lemma_.lower(), [])
    return entries[0].type if entries else None


def _frame_features(tok: Any, lex: str, acled: str | None, actor: Any | None, obj: Any | None, lexicon: Any) -> list[str]:
    """Who acts on whom and what else the sentence reports: the actor's (a passive's agent: "was
    convicted *by a court*") and the object's entity labels crossed with the entry's type
    ("ASSAULT|ORG|PERSON" against "ASSAULT|none|none"), whether the entry carries an ACLED key
    (the lexicon's evidence that the word is a material act), and the lexicon types of the other
    trigger words of the sentence ("convicted and *sentenced*", "*called for* protests")."""
    a_ent = "none" if actor is None else _ent(actor)
    o_ent = "none" if obj is None else _ent(obj)
    f = ["args=" + lex + "|" + a_ent + "|" + o_ent, "acled=" + lex + "|" + ("key" if acled else "none")]
    others = {_lex_type(t, lexicon) for t in tok.doc if t.i != tok.i and t.is_alpha}
    f += ["sent_lex=" + lex + "|" + t for t in sorted(o for o in others if o)]
    return f


def dense_vector(parts: dict[str, list[str]], vec: Any, blocks: tuple[str, ...] | list[str] = DENSE_BLOCKS) -> np.ndarray:
    """The dense blocks side by side (a missing block is zeros: no object, say), in the order of
    ``blocks`` (the model file's ``dense_blocks``)."""
    out = []
    for b in blocks or DENSE_BLOCKS:
        v = vec.text(parts.get(b) or [])
        out.append(v if v is not None else np.zeros(vec.dims, dtype=np.float32))
    return np.concatenate(out).astype(np.float32)
