"""``roles``: which noun phrases of the trigger's clause are its source and its target.

The parse gives candidate spans (``eventcoder.roles``: subject/agent and object/patient of
a verb, possessor and of-phrase of a noun); this component removes what is no participant —
a time ("on Sunday"), an instrument ("a car bomb exploded"), a place taken or attacked
("took control over <town>", whose place becomes the draft's ``object_place``) — and finds the
target where the grammar hides it (the at/on/against phrase after an instrument, the holder of
territory, the subject of a demanded act: "said that <country> must cooperate").

Those rules propose; with a role model (``[components.roles] model``) a learned model decides.
Every noun phrase head, entity and pronoun of the sentence is a candidate, described by its
parse path to the trigger, voice, distance, entity label, head noun, actor-dictionary match,
quotation and by whether the rules chose it (``eventcoder.roles.candidate_features``); the most
probable source and target above the model's thresholds are the draft's spans. The default,
the listwise model (``roles_listwise_paths.json``: ``roles_listwise.json`` with a target-side head
of long-path features, x27roles; ``RoleModel.distributions``), scores each side as
one softmax over the draft's candidates and a "nobody in this sentence" option that reads the
text's shape, so a candidate's probability is its share of the choice against the others beside
it, as it was trained; a text of at most ``notes_sentences`` sentences (an incident note) is
decided by the per-candidate ``roles.json`` instead (``notes_model``). ``model = null`` keeps
the rules alone. A model file with ``"carry": true`` (none shipped: docs/actors.md, x24carry)
also scores the earlier sentences' actors (``roles.carry_candidates``) and may give a side the
sentence leaves empty to one of them (``EventDraft.carried``, resolved by ``actors``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from importlib import resources as _resources
from typing import Any, ClassVar

from ..classify import _complement_aux
from ..errors import ConfigError
from ..lang import words
from ..nlp import doc_text
from ..records import Place
from ..registry import components
from ..roles import (
    RoleModel,
    RoleSpan,
    _is_passive,
    acl_main,
    candidate_features,
    candidate_tokens,
    carry_candidates,
    carry_features,
    commenter,
    described_pronoun,
    elsewhere_features,
    headline,
    held_by,
    is_place,
    np_span,
    null_features,
    null_voice,
    participant_noun,
    phrase_agent,
    quoted_tokens,
    reciprocal,
    reciprocal_roles,
    reduced_passive_patient,
    roles,
    text_shape,
    undergoing_subject,
)
from ..temporal import MONTHS, WEEKDAYS
from .base import ArticleContext, EventDraft

INSTRUMENTS = words("instruments")
TIME_NOUNS = words("time_nouns")
PRONOUNS_ALL = words("role_pronouns")
TARGET_PREPS = tuple(sorted(words("target_prepositions")))
NON_PARTICIPANT_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"})

#: event types whose place-name objects are where it happened ("shelled <town>"); for the
#: others a country or capital object is the government acted upon ("visited Moscow")
PLACE_OBJECT_TYPES = frozenset({"ASSAULT", "COERCE", "RETREAT", "MOBILIZE", "PROTEST"})


DEFAULT_MODEL = "roles.json"


class Roles:
    name: ClassVar[str] = "roles"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "places")
    assigns: ClassVar[tuple[str, ...]] = ("draft.src_span", "draft.tgt_span", "draft.object_place")

    def __init__(self, dictionary: Any = None, model: RoleModel | None = None, blend: RoleModel | None = None, blend_weight: float = 0.0) -> None:
        self.dictionary = dictionary
        self.model = model
        #: a second model whose candidate distributions are mixed into the first's
        #: (``blend_weight`` its share): see :meth:`_distributions`
        self.blend = blend
        self.blend_weight = blend_weight
        #: the roles of short texts (``notes_sentences`` sentences or fewer: incident notes,
        #: one-line reports) are decided by this component instead, when set
        self.notes: Roles | None = None
        self.notes_sentences = 0
        #: whether a chosen description in apposition with a name gives way to the name
        #: (:func:`named_apposition`; ``[components.roles] name_in_apposition``)
        self.name_in_apposition = False

    def __call__(self, ctx: ArticleContext) -> None:
        if self.notes is not None and len(ctx.sentences) <= self.notes_sentences:
            self.notes(ctx)
            return
        entries: dict[tuple[int, int], Any] = {}
        for d in ctx.drafts:
            assign_roles(d, ctx.places)
            if self.model is not None and self.dictionary is not None:
                carry = carry_candidates(d, ctx) if self.model.carry else None
                self.decide(d, ctx.places, entries, text_shape(d, ctx, self.model.elsewhere) if self.model.shape else None, carry)
            if d.src_span is None:
                d.src_span = ordered_by(d.tok)  # "the slaughter, which took place on <group>'s orders"
            if d.tgt_span is None and d.src_span is not None and reflexive_object(d.tok):
                d.tgt_span = d.src_span  # "she shot herself": the one acted on is the subject

    def _distributions(
        self, d: EventDraft, places: list[Place], entries: dict[tuple[int, int], Any], open_to: Callable[[int, Any], bool], shape: dict[str, int] | None = None,
        carry: list[dict[str, Any]] | None = None,
    ) -> tuple[list[Any], list[dict[str, float]]]:
        """The candidates and the model's distribution of each; a candidate ``open_to`` bars is
        "none" whatever the model says. A carry model's earlier actors (``carry``) are scored
        in the same softmax; their distributions follow the candidates' (not returned as
        candidates)."""
        assert self.model is not None
        lemma = d.tok.lemma_.lower()
        if self.model.listwise:
            # a listwise model shares each side among all the draft's candidates (as trained):
            # every one is featurised, the barred ones are set to "none" after the softmax
            cands, feats = role_candidates(d, places, self.dictionary, entries, paths=self.model.paths)
            heads = {c.i for c in cands}
            rules = (d.src_span is not None and d.src_span.head in heads, d.tgt_span is not None and d.tgt_span.head in heads)
            full = [f + self.model.extra_features(f, c.text, lemma, d.type) for c, f in zip(cands, feats, strict=True)]
            null = null_features(full, lemma, d.type, rules, shape)
            other = elsewhere_features(shape, d.type, null_voice(full)) if self.model.elsewhere and shape is not None else None
            carried = [carry_features(c, d.type, null_voice(full), rules) for c in carry or []]
            dists = self.model.distributions(full + carried, null, other)
            w = self.blend_weight if self.blend is not None else 0.0
            for k, c in enumerate(cands):
                if not open_to(k, c):
                    dists[k] = {"none": 1.0, "source": 0.0, "target": 0.0}
                elif w > 0.0:
                    # the per-candidate model's own view of the candidate, mixed in: it has no
                    # "nobody in this sentence" option, which the listwise model learned from
                    # long articles and over-uses on one-line incident notes
                    assert self.blend is not None
                    b = self.blend.distribution(feats[k] + self.blend.extra_features(feats[k], c.text, lemma, d.type))
                    dists[k] = {x: (1.0 - w) * dists[k][x] + w * b[x] for x in ("none", "source", "target")}
        else:
            cands, feats = role_candidates(d, places, self.dictionary, entries, keep=open_to, paths=self.model.paths)
            dists = [
                {"none": 1.0, "source": 0.0, "target": 0.0} if f is None else self.model.distribution(f + self.model.extra_features(f, c.text, lemma, d.type))
                for c, f in zip(cands, feats, strict=True)
            ]
        return cands, dists

    def decide(
        self, d: EventDraft, places: list[Place], entries: dict[tuple[int, int], Any], shape: dict[str, int] | None = None,
        carry: list[dict[str, Any]] | None = None,
    ) -> None:
        """The model's source and target among the candidates, under three constraints: a
        place (a town taken, "across eastern Syria") is never a participant; territory taken
        keeps the holder the rules found; and the rules' own choice stands when the model
        rates it within ``RULE_MARGIN`` of its best (the model corrects, it does not churn)."""
        assert self.model is not None
        absolute = _absolute(d.tok)
        barred = set()  # never a participant, whoever proposes it: a place, a fragment

        def open_to(k: int, c: Any) -> bool:
            # a barred candidate's distribution is "none" whatever the model says, so it is
            # neither featurised nor scored (about half of them: most are fragments)
            if _is_a_place(c, d, places) or (absolute and not any(a.i == d.tok.i for a in c.ancestors)) or not self.can_be_actor(c, d, entries):
                barred.add(k)
                return False
            return True

        cands, dists = self._distributions(d, places, entries, open_to, shape, carry)
        carried = self.carried(dists[len(cands):], carry or [])
        dists = dists[: len(cands)]
        for k, c in enumerate(cands):
            if embedded_agent(c, d.tok):
                dists[k] = {**dists[k], "source": 0.0}
        for k, c in enumerate(cands):
            if d.type not in PASSIVE_ACTOR_TYPES and passive_subject(c, d.tok):
                # "six service members were killed": who undergoes a passive never does it,
                # whatever the path features of a broken parse say
                dists[k] = {**dists[k], "source": 0.0}
        quoted = quoted_tokens(d.doc)
        if d.tok.i in quoted:
            for k, c in enumerate(cands):
                if quoting_speaker(c, quoted):
                    # Oaten said: "... Labour has rejected the Tory idea": who quotes an act
                    # is not acted upon in it
                    dists[k] = {**dists[k], "target": 0.0}
        speaker = commenter(d.tok)
        if speaker is not None:
            # "the United States condemns this attack": who condemns it did not do it
            for k, c in enumerate(cands):
                if c.i == speaker.i or c.i in {x.i for x in speaker.conjuncts}:
                    dists[k] = {**dists[k], "source": 0.0}
        at = {c.i: k for k, c in enumerate(cands)}
        rule_src = at.get(d.src_span.head) if d.src_span is not None else None
        rule_tgt = at.get(d.tgt_span.head) if d.tgt_span is not None else None
        src, tgt = self.model.choose(dists)
        if rule_src is not None and dists[rule_src]["source"] >= RULE_MARGIN * max(x["source"] for x in dists):
            src = rule_src
            if tgt == src:
                tgt = None
        if rule_tgt is not None and rule_tgt != src and dists[rule_tgt]["target"] >= RULE_MARGIN * max(x["target"] for x in dists):
            tgt = rule_tgt
        if rule_src is not None and acl_main(d.tok):
            # a participle the parser hung on the subject ("Dana Reyes, chair of ..., called
            # on ..."): the model's path features read the broken parse, the rules repair it
            src = rule_src
            if tgt == src:
                tgt = None
        stated = phrase_agent(d.tok, d.type)
        if rule_src is not None and stated is not None and cands[rule_src].i == stated.i and rule_src not in barred:
            # "a Taliban-claimed attack killed ...", "the ringleader of the attack": the rules
            # read the doer from the act's own phrase, whose rare path the model cannot weigh
            src = rule_src
            if tgt == src:
                tgt = None
        if headline(d.tok):
            # a headline verb read as a noun ("Police arrest suspects"): the parse is one
            # compound, so the path features are noise and the headline's order decides
            # (but a place is no participant there either: "Twin blasts in <district> target ...")
            rule_src = None if rule_src in barred else rule_src
            rule_tgt = None if rule_tgt in barred else rule_tgt
            src = rule_src if rule_src is not None else src
            tgt = rule_tgt if rule_tgt is not None and rule_tgt != src else (None if tgt == src else tgt)
        if src is not None and tgt is not None and cands[tgt].i in {x.i for x in cands[src].conjuncts} and not reciprocal(d.tok):
            # "She and five other staffers refused": a conjunct of the source acts with it (but
            # of a symmetric act, "A and B met", "clashes between protesters and police", the
            # other party is the target)
            tgt = self.other_target(dists, cands, src)
        if self.name_in_apposition:
            src = named_apposition(cands, src, barred, tgt)
            tgt = named_apposition(cands, tgt, barred, src)
        territory_holder = d.match.entry.acled == "territory" and d.tgt_span is not None
        d.src_span = _span_for(cands[src], d.src_span) if src is not None else None
        if not territory_holder:
            d.tgt_span = _span_for(cands[tgt], d.tgt_span) if tgt is not None else None
        # a side the sentence leaves empty, whose earlier actor outscored every candidate and
        # "nobody" (above the threshold): the ``actors`` stage resolves it there
        d.carried = {side: ref for side, ref in carried.items() if (d.src_span if side == "source" else d.tgt_span) is None}

    def carried(self, dists: list[dict[str, float]], carry: list[dict[str, Any]]) -> dict[str, Any]:
        """The earlier actor offered for each side (its ``_ref``): the most probable carried
        candidate, above the side's threshold (``RoleModel.carry_choice``; ``dists`` the
        carried candidates' share of the listwise softmax). ``decide`` keeps it only for a
        side the sentence leaves empty."""
        assert self.model is not None
        picks = self.model.carry_choice(dists)
        return {side: carry[k]["_ref"] for side, k in zip(("source", "target"), picks, strict=True) if k is not None}

    def other_target(self, dists: list[dict[str, float]], cands: list[Any], src: int) -> int | None:
        """The best target that is neither the source nor one of its conjuncts, above threshold."""
        assert self.model is not None
        side = {cands[src].i} | {x.i for x in cands[src].conjuncts}
        rest = [k for k in range(len(cands)) if cands[k].i not in side]
        best = max(rest, key=lambda k: dists[k]["target"], default=None)
        return best if best is not None and dists[best]["target"] >= self.model.thresholds["target"] else None

    def can_be_actor(self, tok: Any, d: EventDraft, entries: dict[tuple[int, int], Any]) -> bool:
        """Could this candidate become an actor at all? A raw fragment ("clear Isis",
        "refuge", "an explanation") is never one, so the model's next choice must win
        rather than a fragment the ``actors`` stage would drop and leave the side empty:
        a pronoun, a named entity or proper noun, a person or body noun, or a phrase the
        actor dictionary resolves (or that contains a named actor) qualifies."""
        if tok.lower_ in PRONOUNS_ALL or tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return True
        if (tok.pos_ == "NOUN" and participant_noun(tok)) or described_pronoun(tok):
            return True
        entry = entries.get((d.off, tok.i), (None, None))[0]
        if entry is not None:
            return True
        assert self.dictionary is not None
        span = np_span(tok)
        doc = d.doc
        text = doc_text(doc)[doc[span.start].idx : doc[span.end - 1].idx + len(doc[span.end - 1].text)]
        return any(not m.entry.generic for m in self.dictionary.find(text))


@components.register("roles")
def make_roles(
    resources: Any,
    model: str | None = DEFAULT_MODEL,
    source_threshold: float | None = None,
    target_threshold: float | None = None,
    blend: str | None = None,
    blend_weight: float = 0.5,
    notes_model: str | None = None,
    notes_sentences: int = 5,
    notes_source_threshold: float | None = None,
    notes_target_threshold: float | None = None,
    name_in_apposition: bool = False,
) -> Roles:
    """``model``: a file in ``data/models`` (null: the rules alone); the thresholds override
    the model's own (chosen on its held-out annotated drafts). ``blend``: a per-candidate model
    file whose distributions are mixed into a listwise ``model``'s, ``blend_weight`` its share
    (the thresholds then apply to the mixture). ``notes_model``: the model (with its own
    thresholds) that decides the roles of a text of at most ``notes_sentences`` sentences — a
    listwise model's "nobody in this sentence" is learned on long articles, where a side is
    often stated in another sentence; an incident note has no other sentence.
    ``name_in_apposition``: a chosen description in apposition with a name gives way to the name
    (off: the description is what the actor dictionary codes — "Ghana's foreign minister, Kwame
    Mensah" is Ghana's government by its description, nobody by the name; docs/actors.md)."""
    m = _with_thresholds(load_model(model) if model else None, source_threshold, target_threshold)
    b = load_model(blend) if blend else None
    if blend and (b is None or b.listwise or m is None or not m.listwise):
        raise ConfigError("E560", model=str(model), blend=str(blend))
    if not 0.0 <= float(blend_weight) <= 1.0:
        raise ConfigError("E561", key="blend_weight", value=blend_weight, expected="a share between 0 and 1")
    roles = Roles(resources.actors, m, b, float(blend_weight) if b is not None else 0.0)
    if notes_model:
        n = _with_thresholds(load_model(notes_model), notes_source_threshold, notes_target_threshold)
        if n is None or int(notes_sentences) < 1:
            raise ConfigError("E561", key="notes_model / notes_sentences", value=(notes_model, notes_sentences),
                              expected="a role model in data/models and a whole number of sentences of at least 1")
        roles.notes = Roles(resources.actors, n)
        roles.notes_sentences = int(notes_sentences)
        roles.notes.name_in_apposition = bool(name_in_apposition)
    roles.name_in_apposition = bool(name_in_apposition)
    return roles


def _with_thresholds(m: RoleModel | None, source: float | None, target: float | None) -> RoleModel | None:
    """``m`` with the given thresholds over its own (a copy: the cached model is shared)."""
    if m is None or (source is None and target is None):
        return m
    m = copy.copy(m)
    m.thresholds = {
        "source": m.thresholds["source"] if source is None else float(source),
        "target": m.thresholds["target"] if target is None else float(target),
    }
    return m


@cache
def load_model(name: str = DEFAULT_MODEL) -> RoleModel | None:
    """The role model shipped in ``data/models`` (None when the file is absent)."""
    path = _resources.files("eventcoder.data").joinpath("models", name)
    if not path.is_file():
        return None
    try:
        return RoleModel(json.loads(path.read_text("utf-8")))
    except json.JSONDecodeError as err:
        raise ConfigError("E310", path=str(path), reason=str(err)) from err


#: the rules' candidate stands when the model gives it at least this share of its best's probability
RULE_MARGIN = 0.5


SPEECH_LEMMAS = words("speech_lemmas")


def quoting_speaker(cand: Any, quoted: set[int]) -> bool:
    """Is the candidate, outside the quotation, the subject of the speech verb that quotes it?"""
    return cand.i not in quoted and cand.dep_ in ("nsubj", "nsubjpass") and cand.head.i not in quoted and cand.head.lemma_.lower() in SPEECH_LEMMAS


#: types whose passive subject is the actor itself ("troops were deployed", "were withdrawn")
PASSIVE_ACTOR_TYPES = frozenset({"MOBILIZE", "RETREAT"})


def passive_subject(cand: Any, trigger: Any) -> bool:
    """Is the candidate the passive subject of the trigger (or a conjunct of it), or the noun a
    passive participle modifies? "Six members were killed", "the six members killed in the
    attack": who undergoes a passive does not do it."""
    heads = [cand, *cand.conjuncts]
    if any(h.dep_ in ("nsubjpass", "csubjpass") and h.head.i == trigger.i for h in heads):
        return True
    patient = reduced_passive_patient(trigger) if trigger.pos_ == "VERB" else undergoing_subject(trigger)
    if patient is not None and patient.i in {h.i for h in heads}:
        # "two men were ... shot dead by raiders", "Police reservist killed when ...", "four
        # soldiers died in an attack": who underwent it, whatever the path features say
        return True
    return trigger.dep_ == "acl" and trigger.tag_ in ("VBN", "VBD") and trigger.head.i in {h.i for h in heads} and not acl_main(trigger)


def embedded_agent(cand: Any, trigger: Any) -> bool:
    """Is the candidate the by-agent of a participle or relative clause that describes another
    noun ("the SDF, backed by a US-led coalition, has driven ...", "forces trained by Iran
    attacked ...")? It does that clause's act (backing, training), not the trigger's, unless
    the trigger is in that clause or is the noun the clause describes ("an attack carried out
    by the Taliban"). Only when the described noun is itself a participant (a group, a body, a
    person): "a bomb planted by the Taliban killed ..." names the perpetrator through its weapon."""
    if cand.dep_ != "pobj" or cand.head.dep_ != "agent":
        return False
    clause = cand.head.head
    if clause.dep_ not in ("acl", "relcl") or clause.i == trigger.i or clause.head.i == trigger.i:
        return False  # "an attack carried out by the Taliban": the clause describes the act itself
    described = clause.head
    if described.lower_ in INSTRUMENTS or described.lemma_.lower() in INSTRUMENTS or not (
        described.pos_ == "PROPN" or described.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or participant_noun(described)
    ):
        return False  # "a bomb planted by the Taliban killed ...": who planted the weapon did it
    return not any(t.i == trigger.i for t in clause.subtree)


ORDER_NOUNS = words("order_nouns")


def ordered_by(tok: Any) -> RoleSpan | None:
    """Who ordered the act, when the clause says so ("which took place on Provisional IRA
    orders", "attacked on the orders of the commander", "under instructions from the
    ministry"): the phrase before or after the command noun of an on/under/at phrase of the
    trigger, of a clause describing it, or of the verb it is the object of."""
    hosts = [tok, *(c for c in tok.children if c.dep_ in ("relcl", "acl"))]
    if tok.dep_ in ("dobj", "nsubjpass"):
        hosts.append(tok.head)
    for h in hosts:
        for prep in h.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("on", "under", "at"):
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj" or noun.lower_ not in ORDER_NOUNS:
                    continue
                before = [c for c in noun.children if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "NOUN")]
                if before:  # "Provisional IRA orders": the modifiers before the noun, as one phrase
                    last = before[-1]
                    return RoleSpan(min(c.left_edge.i for c in before), last.i + 1, last.i)
                after = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "from") for g in c.children if g.dep_ == "pobj"]
                if after:
                    return np_span(after[0])
    return None


REFLEXIVES = words("reflexive_pronouns")


def reflexive_object(tok: Any) -> bool:
    """Is the trigger's direct object a reflexive pronoun ("shot herself")? The pronoun is
    no role candidate (it names nobody by itself); it says the target is the source."""
    return any(c.dep_ in ("dobj", "pobj") and c.lower_ in REFLEXIVES for c in tok.children)


def _absolute(tok: Any) -> bool:
    """A nominal trigger in an absolute construction ("..., with fighting continuing in the
    perimeter"): its participants are inside its own phrase, not the main clause's subject."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "with" and any(
        c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" for c in tok.children
    )


def _is_a_place(tok: Any, d: EventDraft, places: list[Place]) -> bool:
    """A candidate that names where the event happened, not who took part: a place the
    geoparser resolved (not a country or capital acted upon), or what the rules call a place."""
    if is_place(tok):
        return True
    p = place_at(places, tok.idx + d.off, tok.idx + len(tok.text) + d.off)
    return p is not None and object_is_place(d.type, d.match.entry.acled, p)


_NAME_ENTS = ("PERSON", "ORG", "GPE", "NORP")


def _is_name(tok: Any) -> bool:
    return tok.pos_ == "PROPN" or tok.ent_type_ in _NAME_ENTS


#: entity labels of places: a place in apposition qualifies a description, it is not its name
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})


def named_apposition(cands: list[Any], k: int | None, barred: set[int], other: int | None) -> int | None:
    """The name a chosen description stands in apposition with: "Ukraine's foreign minister,
    Mykola Tkachuk, accused", "Khadr, the son of a financier, was captured", "the peacekeeping
    mission, MINUSMA" — the codebook's mention is the name, the apposition only describes it
    (what the dictionary resolves best, too). ``k`` unchanged when the chosen candidate is a
    name itself, or no open candidate names it."""
    if k is None or _is_name(cands[k]):
        return k
    c = cands[k]
    for j, o in enumerate(cands):
        if j in barred or j == other or not _is_name(o) or o.ent_type_ in PLACE_ENTITIES:
            # "an unidentified armed group (Kenya)": a place beside a description says whose
            # or where it is; it does not name the participant
            continue
        if (o.dep_ == "appos" and o.head.i == c.i) or (c.dep_ == "appos" and c.head.i == o.i):
            if _list_not_apposition(c, o):
                continue
            return j
    return k


def _list_not_apposition(description: Any, name: Any) -> bool:
    """Is what the parser attached as an apposition a list or a label rather than a second name
    for one participant? A plural description names a group whose members follow ("rival militia
    groups, the Borana and the Gabra"), a name with conjuncts is one of several, and a colon
    between the two marks a heading and its text ("Movement of forces: troops ..."), not an
    apposition."""
    if description.tag_ in ("NNS", "NNPS") or any(t.dep_ == "conj" for t in name.children):
        return True
    lo, hi = sorted((description.i, name.i))
    return any(t.text == ":" for t in description.doc[lo:hi])


def _span_for(tok: Any, rule_span: RoleSpan | None) -> RoleSpan:
    """The candidate's noun phrase; the rules' span when they chose the same head (it may
    carry a holder or a coordination the bare phrase would lose)."""
    if rule_span is not None and rule_span.head == tok.i:
        return rule_span
    return np_span(tok)


def role_candidates(
    d: EventDraft,
    places: list[Place],
    dictionary: Any,
    entries: dict[tuple[int, int], Any] | None = None,
    keep: Callable[[int, Any], bool] | None = None,
    paths: bool = False,
) -> tuple[list[Any], list[list[str] | None]]:
    """The draft's candidate tokens and the features of each (the rules' spans must already
    be on the draft: they are features). ``entries`` caches dictionary look-ups per sentence;
    every candidate's is filled before any feature is read. ``keep(k, token)``: only the
    candidates it accepts get features (the others None) — ``Roles.decide`` asks it after the
    look-ups, to leave out the candidates it bars whatever the model says. ``paths``: with the
    long-path features (``roles.path_features``) of a model trained with them."""
    doc, off, tok = d.doc, d.off, d.tok
    entries = {} if entries is None else entries
    quoted = quoted_tokens(doc)
    rule_side = {}
    if d.tgt_span is not None:
        rule_side[d.tgt_span.head] = "target"
    if d.src_span is not None:
        rule_side[d.src_span.head] = "source"
    cands = candidate_tokens(tok)
    passive = _is_passive(tok) if cands else None
    for c in cands:
        key = (off, c.i)
        if key not in entries:
            span = np_span(c)
            text = doc_text(doc)[doc[span.start].idx : doc[span.end - 1].idx + len(doc[span.end - 1].text)]
            entries[key] = (None if c.lower_ in PRONOUNS_ALL else dictionary.resolve(text), _place_kind(places, c.idx + off, c.idx + len(c.text) + off))
    feats: list[list[str] | None] = []
    for k, c in enumerate(cands):
        if keep is not None and not keep(k, c):
            feats.append(None)
            continue
        entry, place = entries[(off, c.i)]
        extra = ("place=" + place,) if place else ()
        if is_time_or_instrument(doc, RoleSpan(c.i, c.i + 1, c.i)):
            extra += ("time_or_instrument",)
        feats.append(candidate_features(c, tok, d.type, rule_side.get(c.i), entry, quoted, extra, passive, paths))
    return cands, feats


def _place_kind(places: list[Place], start: int, end: int) -> str | None:
    p = place_at(places, start, end)
    if p is None:
        return None
    return "country" if (p.feature or "").startswith("A.PCL") else "place"


def assign_roles(d: EventDraft, places: list[Place]) -> None:
    tok, doc, off, m = d.tok, d.doc, d.off, d.match
    src_span, tgt_span = roles(tok, d.type)
    if tgt_span is not None and m.support is not None and tgt_span.start <= m.support < tgt_span.end and not _sought_person(doc[m.support]):
        # the licensing word is the instrument; the target is the at/on/against phrase (but a
        # licensing person is who the act is about: "searching for a killer")
        tgt_span = None
        alt = _pobj_any(tok, TARGET_PREPS) or _pobj_any(doc[m.support], TARGET_PREPS)
        if alt is not None:
            tgt_span = np_span(alt)
    if tgt_span is not None and is_time_or_instrument(doc, tgt_span):
        tgt_span = None
    if src_span is not None and is_time_or_instrument(doc, src_span):
        src_span = None  # the weapon is not the perpetrator
    if tgt_span is None:
        # "A and B met on Monday", "clashes between protesters and police": a symmetric act's
        # other party (its time, dropped above, is none)
        src_span, tgt_span = reciprocal_roles(tok, src_span, None)
    if tgt_span is not None:
        first, last = doc[tgt_span.start], doc[tgt_span.end - 1]
        d.object_place = place_at(places, first.idx + off, last.idx + len(last.text) + off)
        if d.object_place is not None and object_is_place(d.type, m.entry.acled, d.object_place):
            tgt_span = None  # a place taken or attacked, not a participant
    if tgt_span is None and m.entry.acled == "territory":
        tgt_span = held_by(tok)
    if m.entry.comp_aux:
        # a demand reported in a that-clause is made of the clause's subject
        comp = _complement_aux(tok, m.entry.comp_aux)
        subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None) if comp is not None else None
        tgt_span = np_span(subj) if subj is not None else tgt_span
    d.src_span, d.tgt_span = src_span, tgt_span


def _sought_person(tok: Any) -> bool:
    """Is a trigger's licensing word a person the act is about ("searching for a killer",
    "expelled the ambassador"), not the act's means or the doer's own ("strengthened its
    forces")?"""
    return participant_noun(tok) and not any(c.dep_ == "poss" and c.lower_ in PRONOUNS_ALL for c in tok.children)


def is_time_or_instrument(doc: Any, span: RoleSpan) -> bool:
    head = doc[span.head]
    if head.ent_type_ in NON_PARTICIPANT_ENTS:
        return True
    low = head.lower_
    if low in WEEKDAYS or low in MONTHS or low in TIME_NOUNS:
        return True
    return low in INSTRUMENTS or head.lemma_.lower() in INSTRUMENTS


def _pobj_any(tok: Any, preps: tuple[str, ...]) -> Any | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def object_is_place(etype: str, acled_key: str | None, place: Place) -> bool:
    """Is a place-name object where the event happened rather than a participant?"""
    if acled_key == "territory":
        return True
    if etype in PLACE_OBJECT_TYPES:
        return not (place.feature or "").startswith("A.PCL")  # a country attacked is a participant
    return place.role == "place" and not ((place.feature or "").startswith(("A.PCL", "P.PPLC")))


def place_at(places: list[Place], start: int, end: int) -> Place | None:
    for p in places:
        if p.role == "place" and p.start < end and start < p.end:
            return p
    return None
