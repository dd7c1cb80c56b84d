"""A learned choice of an event's place among the toponyms of its sentence.

For a trigger token and the toponyms of its sentence, each candidate (and a "none"
option) gets a bag of sparse string features; a linear score per option and a softmax
over the options (a multinomial / conditional logit choice model) pick the answer. The
weights are trained by ``scripts/train_event_location.py`` on the MIT-licensed
event-location sentences (see ``data/README.md``) and shipped as
``data/event_location_model.json``. Without that file the geoparser uses its rules.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from ..lang import words
from .precision import minor_division

MODEL_PATH = Path(__file__).with_name("data") / "event_location_model.json"
NONE = "__none__"

#: coarse classes of event triggers (class -> lemmas, from ``lang/en/geo.yaml``); other
#: lemmas are "other". The order matters: a lemma listed in two classes ("strike",
#: "hold") takes the later one. The class names are model features: keep them.
TRIGGER_CLASSES: dict[str, frozenset[str]] = {
    "attack": words("event_trigger_attack"),
    "kill": words("event_trigger_kill"),
    "fight": words("event_trigger_fight"),
    "capture": words("event_trigger_capture"),
    "arrest": words("event_trigger_arrest"),
    "protest": words("event_trigger_protest"),
    "say": words("event_trigger_say"),
    "meet": words("event_trigger_meet"),
    "move": words("event_trigger_move"),
}
_TRIG = {w: c for c, ws in TRIGGER_CLASSES.items() for w in ws}

#: prepositions named in the dependency-path features ("prep:in")
_PREPS = words("event_model_prepositions")
#: words after a candidate named in a feature ("next=province")
_NEXT_WORDS = words("event_model_next_words")


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 5:
        return "4-5"
    if n <= 10:
        return "6-10"
    if n <= 20:
        return "11-20"
    return "21+"


def _feature_class(p) -> str:
    f = p.feature or ""
    if f.startswith("X."):
        return "extra_" + f[2:]
    if p.geonameid is None:
        return "unres"
    if f.startswith(("L.RGN", "L.CONT", "H.OCN")):
        return "macro"
    if f == "A.PCLI":
        return "country"
    if f == "A.ADM1":
        return "adm1"
    if minor_division(f):
        return "adm2"  # (the model was trained on ADM1/ADM2 only: a ward is a district)
    if f.startswith(("P", "S")):
        return "city"
    return "feature"


def _ancestors(t) -> list:
    out = [t]
    for _ in range(30):
        if t.head == t:
            break
        t = t.head
        out.append(t)
    return out


def dep_path(root, trig) -> tuple[str, int]:
    """The dependency path from the place's root to the trigger and its length."""
    up = _ancestors(root)
    down = _ancestors(trig)
    pos_down = {t.i: k for k, t in enumerate(down)}
    for k, t in enumerate(up):
        if t.i in pos_down:
            j = pos_down[t.i]
            a = up[:k]
            b = list(reversed(down[:j]))
            parts = []
            for x in a:
                lab = x.dep_
                if x.dep_ == "prep" or (x.pos_ == "ADP" and x.lower_ in _PREPS):
                    lab = "prep:" + x.lower_
                parts.append("^" + lab)
            for x in b:
                lab = x.dep_
                if x.dep_ == "prep" or (x.pos_ == "ADP" and x.lower_ in _PREPS):
                    lab = "prep:" + x.lower_
                parts.append("v" + lab)
            n = len(parts)
            return ("".join(parts) if n <= 4 else "long"), n
    return "none", 99


def trigger_class(trig) -> str:
    return _TRIG.get(trig.lemma_.lower(), "other")


def candidate_features(doc, trig, span, place, rel, in_clause, k, n, macro, source) -> list[str]:
    """Features of one (trigger, candidate place) pair."""
    root = span.root
    tc = trigger_class(trig)
    path, plen = dep_path(root, trig)
    f = ["bias", "path=" + path, "plen=" + _bucket(plen), "tc=" + tc]
    f.append("path|tc=" + path + "|" + tc)
    # preposition governing the place (through name-internal links)
    t = root
    prep = "-"
    for _ in range(4):
        if t.dep_ in ("compound", "appos", "conj", "amod", "nmod", "nummod") and t.head != t:
            t = t.head
            continue
        if t.dep_ == "pobj" and t.head.pos_ == "ADP":
            prep = t.head.lower_
        break
    f += ["prep=" + prep, "prep|tc=" + prep + "|" + tc, "dep=" + root.dep_]
    f.append("hdep=" + t.dep_ + "|" + (t.head.lemma_.lower() if t.head.pos_ != "ADP" else "P"))
    rb = "none" if rel is None else str(round(rel * 2) / 2)
    f += ["rel=" + rb, "inclause=" + str(in_clause is not None), "rel|prep=" + rb + "|" + prep]
    fc = _feature_class(place)
    f += ["fc=" + fc, "role=" + place.role, "fc|prep=" + fc + "|" + prep, "ner=" + root.ent_type_]
    f += ["role|dep=" + place.role + "|" + root.dep_]
    f.append("macro" if macro else "nomacro")
    if source:
        f.append("source")
    d = root.i - trig.i
    f += ["dir=" + ("after" if d > 0 else "before"), "dist=" + _bucket(abs(d))]
    f.append("dir|dist=" + ("a" if d > 0 else "b") + _bucket(abs(d)))
    f += ["first" if k == 0 else "notfirst", "last" if k == n - 1 else "notlast"]
    lo, hi = sorted((root.i, trig.i))
    between = doc[lo + 1 : hi]
    if any(x.ent_type_ in ("DATE", "TIME") for x in between):
        f.append("date_between")
    if len(between) <= 6:
        f += ["btw=" + x.lower_ for x in between]
    else:
        f.append("btw_long")
    nverbs = sum(x.pos_ == "VERB" for x in between)
    f.append("verbs_between=" + _bucket(nverbs))
    if any(x.text in (";", ":") or x.lower_ in ("said", "says") for x in between):
        f.append("punct_between")
    anc = {a.i for a in _ancestors(root)}
    if trig.i in anc:
        f.append("in_trig_subtree")
    # an actor NP: "X residents", "the country's army"
    if root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        f.append("modifier_of")
        if root.head.dep_ in ("nsubj", "nsubjpass"):
            f.append("modifier_of_subj")
    if span.start <= 1 and span.text.isupper():
        f.append("dateline")
    if span.start > 0 and doc[span.start - 1].lower_ in ("the",):
        f.append("the_before")
    lemma = trig.lemma_.lower()
    f += ["tl|prep=" + lemma + "|" + prep, "tl|rel=" + lemma + "|" + rb]
    f.append("fc|rel=" + fc + "|" + rb)
    f.append("path|fc=" + path + "|" + fc)
    f.append("ncand=" + _bucket(n))
    f.append("name=" + span.text.lower())
    f += ["tl|fc=" + lemma + "|" + fc, "tl|dir=" + lemma + "|" + ("a" if d > 0 else "b")]
    if root.dep_ in ("compound", "amod", "poss", "nmod"):
        f.append("modhead=" + root.head.lemma_.lower())
    prv = doc[span.start - 1].lower_ if span.start > 0 else "<s>"
    f += ["prev=" + prv, "next=" + (doc[span.end].lower_ if span.end < len(doc) else "</s>")]
    if t.dep_ == "pobj" and t.head.pos_ == "ADP":
        f.append("attach=" + t.head.head.lemma_.lower() + "|" + prep)
        f.append("attach_is_trig=" + str(t.head.head == trig))
    if n == 1:
        f.append("only")
    nxt = doc[span.end].lower_ if span.end < len(doc) else "<end>"
    if nxt in _NEXT_WORDS:
        f.append("next=" + nxt)
    return f


def none_features(doc, trig, n: int, any_attached: bool) -> list[str]:
    """Features of the "no location stated" option."""
    tc = trigger_class(trig)
    f = ["bias", "n=" + _bucket(n), "tc=" + tc, "tlemma=" + trig.lemma_.lower()]
    f += ["tdep=" + trig.dep_, "tpos=" + trig.pos_, "tag=" + trig.tag_]
    f.append("attached=" + str(any_attached))
    f.append("attached|tc=" + str(any_attached) + "|" + tc)
    if any(c.dep_ == "neg" for c in trig.children):
        f.append("neg")
    for c in trig.children:
        if c.dep_ in ("aux", "auxpass", "mark", "advmod", "prep"):
            f.append("tchild=" + c.dep_ + "|" + c.lower_)
    f.append("thead=" + trig.head.lemma_.lower() + "|" + trig.dep_)
    for d in (-2, -1, 1, 2):
        j = trig.i + d
        if 0 <= j < len(doc):
            f.append(f"tw{d}=" + doc[j].lower_)
    if trig.i == trig.head.i or trig.dep_ == "ROOT":
        f.append("troot")

    return f


class EventLocationModel:
    """Linear scores per option; ``choose`` returns the index of the best option."""

    def __init__(self, weights: dict[str, float], meta: dict | None = None) -> None:
        self.w = weights
        self.meta = meta or {}

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> EventLocationModel | None:
        p = Path(path)
        if not p.is_file():
            return None
        data = json.loads(p.read_text(encoding="utf-8"))
        return cls(data["weights"], data.get("meta"))

    def score(self, feats: list[str], prefix: str) -> float:
        w = self.w
        return sum(w.get(prefix + x, 0.0) for x in feats)

    def probs(self, cand_feats: list[list[str]], none_feats: list[str]) -> list[float]:
        """Softmax over [none, cand_0, cand_1, ...]."""
        s = [self.score(none_feats, "N:")] + [self.score(f, "C:") for f in cand_feats]
        m = max(s)
        e = [math.exp(x - m) for x in s]
        z = sum(e)
        return [x / z for x in e]


@lru_cache(maxsize=1)
def default_model() -> EventLocationModel | None:
    return EventLocationModel.load()


_LOC_PREPS = words("event_model_locative_prepositions")
_BAD_ENTS = frozenset(
    "PERSON NORP DATE TIME CARDINAL ORDINAL MONEY PERCENT QUANTITY LANGUAGE EVENT LAW".split()
)


def extra_spans(doc, covered) -> list[tuple[int, int, str]]:
    """Place-like spans of the sentence ``find`` did not return: ``(start, end, kind)``.

    spaCy GPE/LOC/FAC entities, and proper-noun phrases governed by a locative
    preposition ("at <an unknown hamlet>"), both unknown to the gazetteer; the choice
    model decides whether one is the event's place (they carry no coordinates of
    their own). ``covered(start, end)`` tells whether a char span overlaps a place.
    """
    out = []
    for e in doc.ents:
        if e.label_ in ("GPE", "LOC", "FAC") and not covered(e.start_char, e.end_char):
            out.append((e.start, e.end, "ent"))
    for t in doc:
        if t.pos_ != "PROPN" or t.dep_ != "pobj" or t.head.lower_ not in _LOC_PREPS:
            continue
        if t.ent_type_ in _BAD_ENTS:
            continue
        lo = t.i
        while lo > 0 and doc[lo - 1].head == t and doc[lo - 1].dep_ == "compound":
            lo -= 1
        hi = t.i + 1
        sp = doc[lo:hi]
        if covered(sp.start_char, sp.end_char) or any(a < hi and lo < b for a, b, _ in out):
            continue
        out.append((lo, hi, "pat"))
    return out


_SPEC = {"city": 5, "extra_pat": 4, "extra_ent": 4, "unres": 4, "feature": 3, "adm2": 3}
_SPEC.update({"adm1": 2, "country": 1, "macro": 0})


def add_relative(cand_feats: list[list[str]], opts, trig_i: int) -> None:
    """Features comparing a candidate with the other candidates of the sentence."""
    if not opts:
        return
    dist = [abs(o[1].root.i - trig_i) for o in opts]
    rels = [o[2] if o[2] is not None else (o[3] if o[3] is not None else 99.0) for o in opts]
    spec = [_SPEC.get(_feature_class(o[0]), 2) for o in opts]
    after = [k for k, o in enumerate(opts) if o[1].root.i > trig_i]
    for k, f in enumerate(cand_feats):
        if dist[k] == min(dist):
            f.append("closest")
        if after and k == after[0]:
            f.append("first_after")
        if rels[k] < 99 and rels[k] == min(rels):
            f.append("best_rel")
            f.append("best_rel|" + ("spec" if spec[k] == max(spec) else "nonspec"))
        if spec[k] == max(spec):
            f.append("most_specific")
        if sum(o[0].text == opts[k][0].text for o in opts) > 1:
            f.append("repeated")


def _governor(t):
    """The nearest verb (or the root) at or above token ``t``: the head of its clause."""
    for _ in range(30):
        if t.pos_ in ("VERB", "AUX") or t.head == t:
            return t
        t = t.head
    return t


def _clause_relation(gv, trig) -> str:
    """How the clause of a candidate (headed by ``gv``) stands to the trigger's clause."""
    tg = _governor(trig)
    if gv == trig or gv == tg:
        return "same"
    if gv.head == trig or gv.head == tg:
        return "child:" + gv.dep_
    if tg.head == gv or trig.head == gv:
        return "parent:" + tg.dep_
    if gv.head == tg.head and gv != gv.head:
        return "sibling:" + gv.dep_
    return "other"


def _geo_inside(inner, outer) -> bool:
    """``inner`` lies in ``outer`` by the gazetteer's codes (a town in its country or
    first-level division), and is the more specific of the two."""
    if inner.geonameid is None or outer.geonameid is None or inner.geonameid == outer.geonameid:
        return False
    si, so = _SPEC.get(_feature_class(inner), 2), _SPEC.get(_feature_class(outer), 2)
    if si <= so or not inner.country or inner.country != outer.country:
        return False
    fo = _feature_class(outer)
    if fo == "country":
        return True
    return fo == "adm1" and bool(inner.admin1) and inner.admin1 == outer.admin1


def add_structure(cand_feats: list[list[str]], none_feats: list[str], opts, trig) -> None:
    """Features relating each candidate to the trigger's clause and to the other candidates.

    * the clause the candidate sits in (its nearest verb) against the trigger's: the same
      clause, a clause under it (``child:advcl``, ``child:relcl``...), above it, a sibling;
    * one candidate inside another's phrase through a preposition ("the shrine in
      Karbala", "a district of Homs"): ``under_cand`` / ``over_cand`` with the preposition;
    * geographic containment among the sentence's resolved candidates (a town named with
      its country or province: ``inside_other`` / ``contains_other``);
    * the candidate's GeoNames feature code (a capital, ``P.PPLC``, is more often the seat
      of a statement or the backdrop of a story than a village, ``P.PPL``, or a district
      seat, ``P.PPLA2``, whose name is rarely given unless something happened there).
    """
    if not opts:
        return
    spans = [o[1] for o in opts]
    rels = []
    tc = trigger_class(trig)
    for k, f in enumerate(cand_feats):
        root = spans[k].root
        cr = _clause_relation(_governor(root), trig)
        rels.append(cr)
        f += ["clause=" + cr, "clause|tc=" + cr + "|" + tc]
        f.append("fcode=" + (opts[k][0].feature or "-"))
        # the phrase of another candidate holding this one through a preposition
        t = root
        for _ in range(3):
            if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head != t.head:
                h = t.head.head
                for j, sp in enumerate(spans):
                    if j != k and sp.start <= h.i < sp.end:
                        f.append("under_cand=" + t.head.lower_)
                        cand_feats[j].append("over_cand=" + t.head.lower_)
                        break
                break
            if t.dep_ in ("compound", "appos", "conj") and t.head != t:
                t = t.head
                continue
            break
        # geographic containment among the resolved candidates
        p = opts[k][0]
        if any(_geo_inside(p, o[0]) for j, o in enumerate(opts) if j != k):
            f.append("inside_other")
        if any(_geo_inside(o[0], p) for j, o in enumerate(opts) if j != k):
            f.append("contains_other")
    # what kinds of place the sentence offers ("none" is likelier when it names only a
    # country or a province than when it names a town), alone and by trigger class
    for fc in sorted({_feature_class(o[0]) for o in opts}):
        none_feats += ["has_fc=" + fc, "has_fc|tc=" + fc + "|" + tc]
    if "same" in rels:
        none_feats.append("cand_same_clause")
    none_feats.append("n_same=" + _bucket(rels.count("same")))
