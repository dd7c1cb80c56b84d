"""Within-article event coreference: ``backrefs`` and ``mentions``.

``backrefs``: a mention of an event already reported is not a new event.

Within-article event coreference, at its simplest: a counted or pointed-back plural noun
trigger ("the two offensives", "both attacks", "these raids") names events of its type the
article has already reported, so its draft is dropped when an earlier sentence holds an
event of that type. (The event-detection issue grows this into full re-mention linking.)
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any, ClassVar

from .. import vectors
from ..errors import ConfigError
from ..headline import headline_span, in_headline
from ..lang import words
from ..registry import components
from .base import ArticleContext, EventDraft

CONSEQUENCE_LEMMAS = words("consequence_lemmas")
ANAPHORIC_NOUNS = words("anaphoric_event_nouns")
CONSEQUENCE_HEADS = words("consequence_heads")
REPLY_WORDS = words("reply_words")
STATEMENT_TYPES = words("statement_types")
#: determiners that point a noun back at something already told ("the attack", "this raid",
#: "Tuesday's strike": ``_det`` reads a possessive as "poss")
#: the clashes (``clash``) that keep two mentions apart whatever the pair model says
VETO: tuple[str, ...] = ("reply",)

#: every reason ``clash`` can give
CLASHES: tuple[str, ...] = ("historical", "date", "country", "region", "reply", "source", "crossed")

#: the reasons the second pass can keep two events apart: every ``clash``, and ``accounts`` —
#: accounts of the kinds the first pass holds to a stricter bar (``account_kinds``)
SECOND_CLASHES: tuple[str, ...] = (*CLASHES, "accounts")

#: the second pass joins two whole events only when nothing told of them disagrees: a re-telling
#: repeats or completes what was told, it does not move the incident to another region, month or
#: doer (the CGTN sample's SDF capture of Raqqa is not the army's capture of Albu Kamal), and two
#: accounts by different named sources stay two events for the cross-article clusters to compare
#: (the Hezbollah service's capture claim against the Observatory's "fighting continuing")
SECOND_VETO: tuple[str, ...] = SECOND_CLASHES

#: every kind of accounts ``_accounts`` tells (``account_kinds``, ``second_account_kinds``)
ACCOUNT_KINDS: tuple[str, ...] = ("same", "differ", "one", "one_unnamed", "none")

#: which mention of an event gives its fields (``Corefer.leading``): the first told ("first", the
#: fold's order), or, for an event first told in the headline, its fullest telling in the lede
#: ("headline")
LEADS: tuple[str, ...] = ("first", "headline")

#: which event's type and flags a second-pass merge of two events of another type or flags keeps
#: (``Corefer.merge``): the earlier event's (``lead``), the more salient one's, or the more
#: confident one's
SECOND_KEEPS: tuple[str, ...] = ("lead", "salience", "confidence")

DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "poss"})

POINTING_DETERMINERS = frozenset({"these", "those", "both"})


class BackReferences:
    name: ClassVar[str] = "backrefs"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "draft.type")
    assigns: ClassVar[tuple[str, ...]] = ("drafts",)

    def __call__(self, ctx: ArticleContext) -> None:
        kept = []
        earlier: set[str] = set()  # final types of the events of earlier sentences
        current, current_types = None, set()
        for d in ctx.drafts:
            if d.sentence.start != current:
                earlier |= current_types
                current, current_types = d.sentence.start, set()
            if refers_back(d.tok) and d.match.entry.type in earlier:
                continue
            kept.append(d)
            current_types.add(d.type)
        ctx.drafts = kept


@components.register("backrefs")
def make_backrefs(resources: Any) -> BackReferences:
    return BackReferences()


def refers_back(tok: Any) -> bool:
    """A counted or pointed-back plural noun trigger names events already reported."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NNS":
        return False
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet")}
    counted = any(c.dep_ == "nummod" for c in tok.children)
    return bool(dets & POINTING_DETERMINERS) or ("the" in dets and counted)


class Mentions:
    """``mentions``: one event per real-world event — drafts of one type (and the same
    negation and hypothesis) in one sentence are mentions of one event ("repulsed an attack
    ..., killing 12": in the project's annotated corpus, 85 % of same-type event words of a
    sentence belong to one event). The lead draft — the most salient (main clause, resolved
    participants), else the first — carries the event's fields and the group's highest
    confidence; the others become its ``mentions``. A same-type word that is the content of
    another's statement ("dismissed the claim he had reneged") groups under the statement's
    flags (``host``)."""

    name: ClassVar[str] = "mentions"
    requires: ClassVar[tuple[str, ...]] = ("drafts", "draft.type", "draft.negated", "draft.hypothetical", "draft.salience")
    assigns: ClassVar[tuple[str, ...]] = ("drafts", "draft.others", "draft.confidence")

    def __call__(self, ctx: ArticleContext) -> None:
        groups: dict[tuple[int, str, bool, bool], list[EventDraft]] = {}
        for d in ctx.drafts:
            h = host(d, ctx.drafts)
            groups.setdefault((d.sentence.start, d.type, h.negated, h.hypothetical), []).append(d)
        leads = set()
        for members in groups.values():
            lead = max(members, key=lambda d: (d.salience, -d.trigger_start))
            lead.others = [m for m in members if m is not lead]
            lead.confidence = max(m.confidence for m in members)
            leads.add(id(lead))
        ctx.drafts = [d for d in ctx.drafts if id(d) in leads]


#: the links from a word up to the act whose content it tells: a complement ("threatened
#: to cut"), a clause on the act's object ("dismissed the claim he had reneged"); never a
#: coordinated or adverbial clause ("did not attack the convoy but attacked a checkpoint")
CONTENT_DEPS = frozenset({"xcomp", "ccomp", "relcl", "acl", "dobj", "pobj", "prep"})


def host(d: EventDraft, drafts: list[EventDraft]) -> EventDraft:
    """The draft of the same type in ``d``'s sentence whose content ``d`` is, else ``d``.

    A same-type word inside what a statement says ("dismissed the claim he had reneged",
    "threatened to cut off supplies if ...") is that statement's content, not a second act;
    it reads negated or hypothetical because it is content, so grouping by its own flags would
    emit the one statement twice. It takes the flags of the word that governs it."""
    if not (d.negated or d.hypothetical):
        return d
    for h in drafts:
        if h is d or h.sentence.start != d.sentence.start or h.type != d.type:
            continue
        if (h.negated, h.hypothetical) != (d.negated, d.hypothetical) and governed(d.tok, h.tok):
            return h
    return d


def governed(inner: Any, outer: Any) -> bool:
    """``inner`` hangs under ``outer`` by content links only (``CONTENT_DEPS``)."""
    tok = inner
    while tok.head.i != tok.i and tok.dep_ in CONTENT_DEPS:
        tok = tok.head
        if tok.i == outer.i:
            return True
    return False


@components.register("mentions")
def make_mentions(resources: Any) -> Mentions:
    return Mentions()


class Corefer:
    """``corefer``: a later mention of an event reported in an earlier sentence joins it.

    "A bomb exploded near the market ... The blast killed four" is one event. For each event
    draft, in text order, a pairwise model scores every earlier event of the same type (and
    the same negation and hypothesis): does this draft name that event again? Features are
    what a reader uses — a definite or demonstrative determiner, the same word, agreeing or
    clashing participants, places and dates, the distance in sentences, whether it is the
    latest event of its type. The model is trained by ``scripts/train_coref.py`` on the
    ``same_as`` links of the project's annotated corpus and shipped as
    ``data/models/coref.json``; without it the component is a no-op."""

    name: ClassVar[str] = "corefer"
    requires: ClassVar[tuple[str, ...]] = (
        "drafts", "draft.type", "draft.source_actor", "draft.target_actor", "draft.location", "draft.date",
    )  # fmt: skip
    assigns: ClassVar[tuple[str, ...]] = ("drafts", "draft.others", "draft.confidence")

    def __init__(
        self,
        model: Any,
        threshold: float | None = None,
        consequence_window: int = 1,
        orphan_anaphor_p: float | None = None,
        veto: tuple[str, ...] | list[str] = VETO,
        account_threshold: float | None = None,
        account_kinds: tuple[str, ...] | list[str] = ("differ", "one"),
        members: bool = False,
        second: Any = None,
        second_threshold: float | None = None,
        second_veto: tuple[str, ...] | list[str] = SECOND_VETO,
        second_cross: Any = None,
        second_keeps: str = "lead",
        second_account_kinds: tuple[str, ...] | list[str] | None = None,
        second_scored_only: bool = False,
        dropped_mentions: bool = False,
        lead: str = "first",
    ) -> None:
        self.dropped_mentions = dropped_mentions
        self.lead = lead
        self.veto = frozenset(veto)
        #: whether the second pass reads the pair model only on the mention pairs the first pass
        #: scores: not those its ``veto`` keeps apart (a reply), which the pair model was never
        #: trained on (it scored the CGTN sample's counter-attack against the capture it answers 0.9)
        self.second_scored_only = second_scored_only
        self.second_cross = second_cross
        self.second_keeps = second_keeps
        self.second_veto = frozenset(second_veto)
        self.members = members
        self.second = second
        self.second_threshold = second_threshold if second_threshold is not None else (second.threshold if second else 1.0)
        self.account_threshold = account_threshold
        self.account_kinds = frozenset(account_kinds)
        #: whose accounts the second pass's "accounts" reason holds for (None: ``account_kinds``)
        self.second_account_kinds = self.account_kinds if second_account_kinds is None else frozenset(second_account_kinds)
        self.model = model
        #: whether the pair model weighs article-level features (``article_features``): only then
        #: does the fold pay for them on every pair (the shipped ``coref.json`` does not)
        self.pair_article = bool(model is not None and any(
            str(f).split("=", 1)[0] in ARTICLE_FEATURES for f in (getattr(model, "weights", None) or {})))
        self.threshold = threshold if threshold is not None else (model.threshold if model else 1.0)
        self.consequence_window = consequence_window
        self.orphan_anaphor_p = orphan_anaphor_p

    def __call__(self, ctx: ArticleContext) -> None:
        if self.model is None:
            return
        index = {s.start: k for k, s in enumerate(ctx.sentences)}
        profile = article_profile(ctx.drafts, index) if self.second is not None or self.pair_article else None
        pair_profile = profile if self.pair_article else None
        kept: list[EventDraft] = []
        for d in ctx.drafts:
            rivals = [e for e in kept if e.type == d.type and e.negated == d.negated and e.hypothetical == d.hypothetical and e.sentence.start < d.sentence.start]
            best = self.antecedent(d, rivals, index, pair_profile)
            if best is None and self.members:
                best = self.retold(d, rivals, index, pair_profile)
            if best is not None:
                best.others.extend([d, *d.others])
                best.confidence = max(best.confidence, d.confidence)
                continue
            if kept and self.orphan(d):
                continue
            kept.append(d)
        ctx.drafts = self.regroup(kept, index, profile) if self.second is not None else kept
        if self.dropped_mentions:
            self.attach_dropped(ctx, index, pair_profile)
        if self.lead != "first":
            span = headline_span(ctx.article.text, ctx.article.title)
            if span is not None:
                ctx.drafts = self.headline_retold(ctx, span, index, pair_profile)
            lede = _lede(ctx.sentences, span) if span is not None else None
            ctx.drafts = [self.leading(e, span, lede) for e in ctx.drafts]

    def headline_retold(
        self, ctx: ArticleContext, span: tuple[int, int], index: dict[int, int], profile: dict[str, Any] | None
    ) -> list[EventDraft]:
        """A headline's act the body tells again in another way joins the body's event. The fold
        joins only drafts of one type, negation and hypothesis, each to an earlier one, and a
        headline is told first in the present tense of headline-ese: "Minister quits over
        leak" is the body's "had offered to resign" (hypothetical) or its background ("was
        sacked in 2014", historical). An event told in the headline that no body mention of its
        own flags joined, and that a later body event of its type with other flags (negated,
        hypothetical, historical) tells again — no clash but the historical reading, and the pair
        model at its bar, the later event scored as naming the headline's — becomes that event's
        mention: the body's flags, at the headline event's place in the article's order; a body
        telling of other flags that ``detect`` dropped (a hypothetical, background) gives the
        headline's event its flags and joins its mentions. A
        headline draft ``detect`` dropped (headline-ese scores low) that a later kept event of
        its type tells again becomes that event's ``retold`` mention (``dropped_mentions`` reads
        only earlier events). A headline act the body never tells again stays an event of its
        own."""
        drafts = list(ctx.drafts)
        told = {id(m) for e in drafts for m in e.retold}
        for h in [e for e in drafts if in_headline(span, e.trigger_start)]:
            if any(not in_headline(span, m.trigger_start) for m in h.others):
                continue
            flags = (h.negated, h.hypothetical, h.historical)
            later = [k for k in (*drafts, *(d for d in ctx.dropped if id(d) not in told))
                     if k.type == h.type and k.trigger_start >= span[1] and (k.negated, k.hypothetical, k.historical) != flags]
            best = self._retelling(h, later, index, profile)
            if best is None:
                continue
            if not any(best is k for k in drafts):
                # a body telling the detector dropped: the headline's event, with the body's flags
                h.negated, h.hypothetical, h.historical = best.negated, best.hypothetical, best.historical
                h.retold = sorted([*h.retold, best], key=lambda m: m.trigger_start)
                told.add(id(best))
                continue
            best.others = sorted([*best.others, h, *h.others], key=lambda m: m.trigger_start)
            best.retold = sorted([*best.retold, *h.retold], key=lambda m: m.trigger_start)
            h.others, h.retold = [], []
            best.confidence = max(best.confidence, h.confidence)
            drafts.remove(best)
            drafts[next(i for i, e in enumerate(drafts) if e is h)] = best
        if self.dropped_mentions:
            for h in ctx.dropped:
                if not in_headline(span, h.trigger_start) or id(h) in told:
                    continue
                later = [k for k in drafts if k.type == h.type and k.trigger_start >= span[1]]
                best = self._retelling(h, later, index, profile)
                if best is not None:
                    best.retold = sorted([*best.retold, h], key=lambda m: m.trigger_start)
                    told.add(id(h))
        return drafts

    def _retelling(
        self, h: EventDraft, later: list[EventDraft], index: dict[int, int], profile: dict[str, Any] | None
    ) -> EventDraft | None:
        """The later event of ``later`` most likely to tell the headline draft ``h`` again (the
        pair model, the later event as the mention naming ``h``, at its bar), or None; a clash
        other than the historical reading (another month, region, doer; a reply) rules one out."""
        best, best_p = None, 0.0
        for k in later:
            if any(r != "historical" for r in clashes(k, h)):
                continue
            p = self.model.probability(pair_features(k, h, 0, index, 1, first=True, profile=profile))
            if p >= self.bar(k, h) and p > best_p:
                best, best_p = k, p
        return best

    def leading(self, e: EventDraft, headline: tuple[int, int] | None, lede: int | None = None) -> EventDraft:
        """The event ``e`` with the fields of its fullest telling (``lead = "headline"``). The fold
        makes the first-told mention the event's lead, and a headline is told first: "17-year-old
        dies in shooting at Coastland Center mall" has no doer, no victim's name, no source; the
        lede's "A 17-year-old died after being shot in the jaw ..., the Naples Police Department
        said" has more. An event whose lead is in the article's headline
        (``headline.headline_span``) takes its sides, its attribution (when that telling has
        one) and its place (only when the headline has none of its own: headlines carry places)
        from the
        fullest of its mentions in the lede — the ``LEDE_SENTENCES`` sentences after the
        headline, which a headline sums up — when that one is fuller (``fullness``: sides stated,
        coded and named, a place of its own, a date of its own), a telling the detector dropped
        as a re-mention (``retold``) included: the event is the headline's, kept, and the body
        tells it in full. The event keeps its trigger, sentence and offset (its earliest
        mention: the article's order, and the words other reports of the incident share) and
        every mention; its date is ``event_dates``'s, from its best-dated mention."""
        if self.lead != "headline" or not in_headline(headline, e.trigger_start):
            return e
        pool = [m for m in (*e.others, *e.retold) if not in_headline(headline, m.trigger_start) and (lede is None or m.sentence.start < lede)]
        if not pool:
            return e
        best = max(pool, key=lambda m: (fullness(m), -m.trigger_start))
        if fullness(best) <= fullness(e):
            return e
        e.source_actor, e.target_actor = best.source_actor, best.target_actor
        if best.reported_by:
            e.reported_by = list(best.reported_by)
        if best.location is not None and (e.location is None or (e.location.basis == "article" and best.location.basis != "article")):
            e.location = best.location
        return e

    def attach_dropped(self, ctx: ArticleContext, index: dict[int, int], profile: dict[str, Any] | None) -> None:
        """``dropped_mentions``: a draft ``detect`` dropped that names a kept event again is one of
        that event's mentions. The detector drops re-mentions it reads as background ("the
        attacks", "the bombing" paragraphs after the blast was told); they are not events of their
        own, but they are sentences the event is told in. Each dropped draft, in text order, is
        offered to ``antecedent`` — the same decision (clause relation, then the pair model at its
        bar, the vetoed clashes) a kept draft gets — over the kept events of its type and flags
        told in earlier sentences; when it names one, it joins that event's ``retold`` (its
        ``mentions``), never its fields. Nothing is added to the events, and nothing removed."""
        for d in ctx.dropped:
            rivals = [e for e in ctx.drafts if self.alike(d, e) and e.sentence.start < d.sentence.start]
            best = self.antecedent(d, rivals, index, profile) if rivals else None
            if best is not None:
                best.retold.append(d)

    def regroup(self, kept: list[EventDraft], index: dict[int, int], profile: dict[str, Any] | None) -> list[EventDraft]:
        """The second pass: each event the fold kept, in text order, joins the earlier kept event
        of its type (and flags) that the cluster model (``second``, ``data/models/coref_second.json``,
        trained by ``scripts/train_coref_second.py`` on the corpus's ``same_as`` chains) scores
        likeliest, when that reaches ``second_threshold`` — a decision on the two events as the
        fold left them (``cluster_features``: the pair model's best and mean score against every
        mention already told of the earlier event, how many mentions each has, what the later adds,
        the article's scenes of the type, quotation and place in the article), not on two
        mentions. An incident re-told paragraphs on with another word or a side missing scores
        low against the lead alone; against all its mentions and with the article's count of
        scenes it is found. A clash in ``second_veto`` (by default any: ``SECOND_VETO``) keeps two
        events apart."""
        final: list[EventDraft] = []
        for k in kept:
            cands = [c for c in final if c.sentence.start < k.sentence.start and self.comparable(k, c) and not self.kept_apart(k, c)]
            best, best_p = None, 0.0
            for c, among, rank in self.ranked(k, cands):
                model, bar = (self.second, self.second_threshold) if self.alike(k, c) else (self.second_cross, self.second_cross.threshold)
                p = model.probability(cluster_features(k, c, among, rank, index, profile, self))
                if p >= bar and p > best_p:
                    best, best_p = c, p
            if best is not None:
                at = next(i for i, c in enumerate(final) if c is best)
                final[at] = self.merge(best, k)
                continue
            final.append(k)
        return final

    def kept_apart(self, k: EventDraft, c: EventDraft) -> bool:
        """Whether a reason of ``second_veto`` keeps the kept event ``k`` apart from the earlier
        ``c`` in the second pass: any of their ``second_clashes``, not only the first (with every
        reason vetoed, the default, the same thing; with a few, "accounts" holds for two captures
        that also clash by region)."""
        return bool(self.second_veto) and not self.second_veto.isdisjoint(second_clashes(k, c, self.second_account_kinds))

    @staticmethod
    def alike(k: EventDraft, c: EventDraft) -> bool:
        """The two events have one type and the same negation and hypothesis."""
        return c.type == k.type and c.negated == k.negated and c.hypothetical == k.hypothetical

    def ranked(self, k: EventDraft, cands: list[EventDraft]) -> list[tuple[EventDraft, list[EventDraft], int]]:
        """Each candidate with the list it is ranked among and its rank there (latest first): an
        event of ``k``'s type and flags among those alone (the same-type pass's features, as
        ``coref_second.json`` was trained), another among all the candidates (as the cross-type
        model was trained)."""
        same = [c for c in cands if self.alike(k, c)]
        out = [(c, same, rank) for rank, c in enumerate(reversed(same))]
        return out + [(c, cands, rank) for rank, c in enumerate(reversed(cands)) if not self.alike(k, c)]

    def comparable(self, k: EventDraft, c: EventDraft) -> bool:
        """Whether the second pass weighs ``k`` as a re-telling of ``c``: the same type and flags
        (scored by ``second``), or, with a ``second_cross`` model, any other type or flags too
        (scored by that model, at its own threshold: it reads the type pair and the flags,
        ``cross_features``)."""
        return self.second_cross is not None or self.alike(k, c)

    def merge(self, c: EventDraft, k: EventDraft) -> EventDraft:
        """The event ``c`` with the later kept event ``k`` folded in: ``c`` stays the lead (its
        type, flags and fields), unless the two differ in type or flags and ``second_keeps`` asks
        for the more salient (``salience``) or the more confident (``confidence``) of the two
        leads: then ``k`` leads and ``c`` with its mentions becomes ``k``'s."""
        lead, other = c, k
        if (c.type, c.negated, c.hypothetical) != (k.type, k.negated, k.hypothetical) and self.second_keeps != "lead":
            key = (lambda d: d.salience) if self.second_keeps == "salience" else (lambda d: d.confidence)
            if key(k) > key(c):
                lead, other = k, c
        lead.others.extend([other, *other.others])
        lead.confidence = max(lead.confidence, other.confidence)
        return lead

    def antecedent(
        self, d: EventDraft, rivals: list[EventDraft], index: dict[int, int], profile: dict[str, Any] | None = None
    ) -> EventDraft | None:
        """The earlier event ``d`` names again, or None. The clause relation decides first: a
        consequence clause ("six were killed", "the blast destroyed ...") within
        ``consequence_window`` sentences of the latest compatible act is that act's outcome,
        and a definite re-mention ("the attack", "Tuesday's raid") is the latest compatible
        event of its type. Compatible: no clash of sides (both sources known and disjoint, or
        the later doer is the earlier target — a reply, not a re-mention), the same
        ``historical`` reading, no own date of another month, no place in another country.
        A pair whose ``clash`` is in ``veto`` is never joined, whatever the model says: the
        corpus has too few replies and counter-attacks for the model to learn that an answer
        outweighs a one-incident story; the other clashes are the model's features. Otherwise the pair model scores every rival,
        and the best one that reaches its ``bar`` is joined. ``profile``: the article's
        ``article_profile`` (the pair model's article-level features; None leaves them out)."""
        compatible = [e for e in reversed(rivals) if self.compatible(d, e)]
        if compatible:
            e = compatible[0]
            dist = index.get(d.sentence.start, 0) - index.get(e.sentence.start, 0)
            if is_anaphor(d.tok) or told_of_anaphor(d.tok) or (is_consequence(d.tok) and dist <= self.consequence_window):
                return e
        again = next((e for e in compatible if is_restatement(d, e)), None)
        if again is not None:
            return again
        if compatible and is_presupposed(d.tok):
            scored = [(self.model.probability(pair_features(d, e, rank, index, len(rivals), first=e is rivals[0], profile=profile)), -rank, e)
                      for rank, e in enumerate(reversed(rivals)) if self.compatible(d, e)]
            return max(scored, key=lambda t: t[:2])[2]
        best, best_p = None, 0.0
        for rank, e in enumerate(reversed(rivals)):
            if clash(d, e) in self.veto:
                continue
            p = self.model.probability(pair_features(d, e, rank, index, len(rivals), first=e is rivals[0], profile=profile))
            if p >= self.bar(d, e) and p > best_p:
                best, best_p = e, p
        return best

    def retold(
        self, d: EventDraft, rivals: list[EventDraft], index: dict[int, int], profile: dict[str, Any] | None = None
    ) -> EventDraft | None:
        """The earlier event one of whose later mentions ``d`` tells again, or None: when no kept
        event's lead is a likely antecedent (``antecedent``), the pair model scores ``d`` against
        every mention already folded into a rival (its same-sentence mentions and the later
        re-mentions joined to it), each with its rival's rank, and the rival whose mention scores
        best at or above its ``bar`` is joined — single-link clustering of the article's
        mentions. An incident re-told several paragraphs on ("the attack", a witness's "the
        blast") is often nearer in words, sides and place to the last re-telling than to the
        lead, which may be a headline with another word and no sides. On the corpus held-out
        fold (5 dealings of the documents) it leaves fewer duplicates and not more wrong joins
        at 0.45 than the lead-only fold at 0.4 (docs/detector.md, x23retold)."""
        best, best_p = None, 0.0
        for rank, e in enumerate(reversed(rivals)):
            for m in e.others:
                if m.sentence.start >= d.sentence.start or clash(d, m) in self.veto:
                    continue
                p = self.model.probability(pair_features(d, m, rank, index, len(rivals), first=e is rivals[0], profile=profile))
                if p >= self.bar(d, m) and p > best_p:
                    best, best_p = e, p
        return best

    def bar(self, d: EventDraft, e: EventDraft) -> float:
        """The probability a pair must reach to be joined: ``threshold``, or the stricter
        ``account_threshold`` for two accounts told by different named sources. The corpus does
        not tell such pairs apart (about as often linked as any pair), but the errors cost
        unequally: a missed join leaves a duplicate, a wrong one hides the second source's
        account, which the cross-article clusters compare — the CGTN sample's capture claim
        (a Hezbollah news service) against the Observatory's "fighting continuing" is the
        outcome contradiction they exist to show."""
        if self.account_threshold is not None and _accounts(d, e) in self.account_kinds:
            return max(self.threshold, self.account_threshold)
        return self.threshold

    @staticmethod
    def compatible(d: EventDraft, e: EventDraft) -> bool:
        return clash(d, e) is None

    def orphan(self, d: EventDraft) -> bool:
        """A definite re-mention ("the attack") with no earlier event of its type to name
        points at something the article told without a trigger (or before the text): it is
        not a new event unless the detector is confident it is one (``orphan_anaphor_p``).
        Only once the text has told some event: a snippet that opens on "the attack" (a
        note, an excerpt) has no earlier story to have told it in, and its one event stays."""
        if self.orphan_anaphor_p is None or not is_anaphor(d.tok):
            return False
        return d.p_event is not None and d.p_event < self.orphan_anaphor_p


@components.register("corefer")
def make_corefer(
    resources: Any,
    model: str | None = "coref.json",
    threshold: float | None = None,
    consequence_window: int = 1,
    orphan_anaphor_p: float | None = None,
    veto: tuple[str, ...] | list[str] = VETO,
    account_threshold: float | None = None,
    account_kinds: tuple[str, ...] | list[str] = ("differ", "one"),
    members: bool = False,
    second: str | None = None,
    second_threshold: float | None = None,
    second_veto: tuple[str, ...] | list[str] = SECOND_VETO,
    second_cross: str | None = None,
    second_keeps: str = "lead",
    second_account_kinds: tuple[str, ...] | list[str] | None = None,
    second_scored_only: bool = False,
    dropped_mentions: bool = False,
    lead: str = "first",
) -> Corefer:
    from .detect import load_model

    pair = load_model(model) if model else None
    if model and pair is None:  # a misspelt or missing file would silently turn coreference off
        raise ConfigError("E565", model=model)
    sec = load_model(second) if second else None
    if second and sec is None:
        raise ConfigError("E566", model=second)
    unknown = sorted(set(second_veto) - set(SECOND_CLASHES))
    if unknown:
        raise ConfigError("E567", reasons=unknown, known=list(SECOND_CLASHES))
    cross = load_model(second_cross) if second_cross and second else None
    if second_cross and second and cross is None:
        raise ConfigError("E579", model=second_cross)
    bad = sorted(set(second_account_kinds or ()) - set(ACCOUNT_KINDS))
    if bad:
        raise ConfigError("E564", kinds=bad, known=list(ACCOUNT_KINDS))
    if second_keeps not in SECOND_KEEPS:
        raise ConfigError("E578", value=second_keeps, known=list(SECOND_KEEPS))
    if lead not in LEADS:
        raise ConfigError("E598", value=lead, known=list(LEADS))
    return Corefer(
        pair, threshold, consequence_window, orphan_anaphor_p, veto, account_threshold, account_kinds,
        members, sec, second_threshold, second_veto, cross, second_keeps, second_account_kinds, second_scored_only, dropped_mentions,
        lead,
    )


#: how many sentences after the headline make the lede a headline sums up (``Corefer.leading``): a
#: later telling is the story's development, not the act the headline re-tells
LEDE_SENTENCES = 3


def _lede(sentences: list[Any], headline: tuple[int, int]) -> int:
    """The article offset where the lede after ``headline`` ends (``LEDE_SENTENCES`` sentences)."""
    after = [s for s in sentences if s.start >= headline[1]]
    return after[LEDE_SENTENCES].start if len(after) > LEDE_SENTENCES else 1 << 62


#: entity labels that make a side's head a name (a person, a body, a place's people)
NAMED_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


def fullness(d: EventDraft) -> int:
    """How much of the event one mention tells: per side, one point when stated, one more when
    the actor dictionary codes it (a country, a sector: "police", "a man" as a civilian) and one
    more when its phrase is headed by a name (a person, a body, a place's people — not "a
    17-year-old" or "suspect"), one for a place of its own (the trigger's or the sentence's, not the article's),
    one for a date of its own (a time expression of its clause, not the narrative's or the
    publication's). The evidence a coder weighs when a headline and the body tell one act."""
    score = 0
    for actor, span in ((d.source_actor, d.src_span), (d.target_actor, d.tgt_span)):
        if actor is None:
            continue
        score += 1 + bool(actor.country or actor.sector) + _named(d, span)
    if d.location is not None and d.location.basis != "article":
        score += 1
    if d.date is not None and d.date.basis == "text":
        score += 1
    return score


def _named(d: EventDraft, span: Any) -> bool:
    """The side's phrase is headed by a named entity (not a pronoun)."""
    if span is None or span.pronoun or not (0 <= span.head < len(d.doc)):
        return False
    return d.doc[span.head].ent_type_ in NAMED_ENTITIES


def clash(d: EventDraft, e: EventDraft) -> str | None:
    """Why ``d`` cannot name ``e`` again, or None: the first of ``clashes``."""
    return next(iter(clashes(d, e)), None)


def clashes(d: EventDraft, e: EventDraft) -> list[str]:
    """Every reason ``d`` cannot name ``e`` again, in ``CLASHES`` order (``clash`` is the first):
    another ``historical`` reading, an own
    date of another month ("the May 22 bombing" after an attack of another month; not after
    one the text leaves undated — no date, or the report's own as a fallback — which the date
    may complete), a
    place in another country or another first-level region of one country, both sources known and disjoint, or crossed sides (the later
    doer is the earlier target: a reply or counter-attack, not a re-mention)."""
    out = []
    if d.historical != e.historical:
        out.append("historical")
    if d.date.basis == "text" and d.date.value and e.date.value and e.date.basis != "publication" and d.date.value[:7] != e.date.value[:7]:
        out.append("date")  # an earlier event the text leaves undated may be the one the later date tells
    dl, el = d.location, e.location
    if dl is not None and el is not None and dl.basis != "article" and el.basis != "article" and dl.country and el.country:
        if dl.country != el.country:
            out.append("country")
        elif dl.admin1 and el.admin1 and dl.admin1 != el.admin1:
            out.append("region")  # "the Friday blast" in Lyon after "attacks across Paris"
    if is_reply(d.tok) and not is_reply(e.tok):
        out.append("reply")
    src = _side(d.source_actor, e.source_actor)
    if src == "disjoint":
        out.append("source")
    if src != "share" and _side(d.source_actor, e.target_actor) == "share":
        out.append("crossed")
    return out


@cache
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words, imported on first use through ``nlp.import_spacy``: a
    module-level ``from spacy.lang.en...`` imported spaCy with its whole command line (typer,
    requests, weasel) while the package was imported, about a third of a second of start-up."""
    from ..nlp import import_spacy

    import_spacy()
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def speakers(d: EventDraft) -> set[str]:
    """Who makes a statement: the words of its source and of the sources it is reported by."""
    out = _side_words(d.source_actor) | _words_of(d.source_actor)
    for a in d.reported_by:
        out |= {w for w in ((a.name or "") + " " + (a.text or "")).lower().split() if len(w) > 2}
        if a.name:
            out.add(a.name.lower())
    return out - _stop_words()


def is_restatement(d: EventDraft, e: EventDraft) -> bool:
    """``d`` quotes again the statement ``e`` reported: a statement type (``coref.yaml``
    ``statement_types``), the same word, a speaker in common and a word of what is said in
    common besides the speaker (``_said``) ("Thomas totally condemned the deletion to avoid disclosure" …
    '"… to avoid disclosure is to be totally condemned," Mr Thomas said'). The pair model
    rarely links these (the corpus's repeated accusations and denials are mostly distinct
    ones, so ``type=REJECT`` weighs against); the shared speaker and content decide."""
    if d.type.lower() not in STATEMENT_TYPES or d.tok.lemma_.lower() != e.tok.lemma_.lower():
        return False
    who = speakers(d) & speakers(e)
    if not who:
        return False
    shared = _said(d.tok) & _said(e.tok)
    return bool(shared - who - {w for n in who for w in n.split()})


def _said(tok: Any) -> set[str]:
    """Content lemmas of what a statement trigger says: its clause without its speaker
    (the active subject or the by-agent; a passive subject is what is said) — "called on
    the government to declare an emergency" and "called on residents not to panic" share
    nothing, though their sentences may."""
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    clause = tok
    if tok.dep_ in ("xcomp", "ccomp") and not any(c.dep_.startswith("nsubj") for c in tok.children):
        clause = tok.head  # "is to be condemned": the subject is the head's
    skip = {"agent", "punct", "conj", "cc"} | (set() if passive else {"nsubj"})
    out = set()
    for c in clause.children:
        if c.dep_ in skip or (clause.i != tok.i and c.i == tok.i):
            continue
        for t in c.subtree:
            if not t.is_stop and not t.is_punct and t.pos_ in _SAID_POS:
                out.add(t.lemma_.lower())
    return out


_SAID_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})


def is_reply(tok: Any) -> bool:
    """The act answers an earlier one: its word is a reply word ("retaliated", "a
    counterattack", "counter-attack"), or its clause says so ("in retaliation", "in response
    to"). Words from ``coref.yaml`` (``reply_words``)."""
    if tok.lemma_.lower() in REPLY_WORDS or tok.lower_.startswith("counter"):
        return True
    if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ in REPLY_WORDS:
        return True
    return any(
        c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.lower() in REPLY_WORDS for o in c.children)
        for c in tok.children
    )


def _det(tok: Any) -> str:
    for c in tok.children:
        if c.dep_ in ("det", "predet"):
            return c.lower_
        if c.dep_ == "poss":
            return "poss"
    return "none"


def _agree(a: Any, b: Any) -> str:
    if a is None or b is None:
        return "missing"
    if a.name and b.name:
        return "same" if a.name == b.name else "differ"
    return "unnamed"


_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "NUM", "ADJ"})


def _content(tok: Any) -> tuple[set[str], set[str], set[str]]:
    """Content lemmas, proper-noun lemmas and numbers of the sentence a trigger is in: what
    two reports of one incident share ("killing six NATO service members" … "six NATO
    service members were killed")."""
    lemmas, names, nums = set(), set(), set()
    for t in tok.doc:
        if t.is_punct or t.i == tok.i:
            continue
        # numbers first: spaCy's English stop words hold "two" ... "twelve", "twenty",
        # "hundred", which a count of victims is as often as a figure ("four people were shot")
        if t.like_num and t.pos_ in _CONTENT_POS:
            nums.add(t.lower_)
        if t.is_stop or t.pos_ not in _CONTENT_POS:
            continue
        lemma = t.lemma_.lower()
        lemmas.add(lemma)
        if t.pos_ == "PROPN":
            names.add(lemma)
    return lemmas, names, nums


def _bucket(x: float, edges: tuple[float, ...]) -> str:
    for k, edge in enumerate(edges):
        if x < edge:
            return str(k)
    return str(len(edges))


def _words_of(actor: Any) -> set[str]:
    return {w for w in (actor.text or "").lower().split() if len(w) > 2} if actor is not None else set()


def overlap_features(d: EventDraft, e: EventDraft) -> list[str]:
    """How much the two mentions' sentences and participants share, bucketed."""
    la, na, ua = _content(d.tok)
    lb, nb, ub = _content(e.tok)
    jac = len(la & lb) / max(1, len(la | lb))
    shared_num = bool(ua & ub)
    ta, tb = _words_of(d.target_actor), _words_of(e.target_actor)
    sa, sb = _words_of(d.source_actor), _words_of(e.source_actor)
    tgt_words = "missing" if not (ta and tb) else ("share" if ta & tb else "disjoint")
    src_words = "missing" if not (sa and sb) else ("share" if sa & sb else "disjoint")
    return [
        "jac=" + _bucket(jac, (0.05, 0.1, 0.2, 0.35)),
        "names=" + str(min(len(na & nb), 2)),
        "num=" + ("share" if shared_num else "none" if not (ua and ub) else "differ"),
        "tgt_words=" + tgt_words,
        "src_words=" + src_words,
        "jac_det=" + _bucket(jac, (0.1, 0.25)) + "|" + _det(d.tok),
    ]


def pair_features(
    d: EventDraft, e: EventDraft, rank: int, index: dict[int, int], rivals: int = 1, first: bool | None = None,
    profile: dict[str, Any] | None = None,
) -> list[str]:
    """Features of "draft ``d`` names event ``e`` again" (``rank``: 0 for the latest earlier
    event of the type, 1 for the one before, ...; ``rivals``: how many earlier events of the
    type the article holds — in a one-incident story a later toll or arrest is that incident's;
    ``first``: ``e`` is the article's first event of the type, by default the last by rank)."""
    if first is None:
        first = rank == rivals - 1
    tok, etok = d.tok, e.tok
    det = _det(tok)
    dist = index.get(d.sentence.start, 0) - index.get(e.sentence.start, 0)
    same_lemma = tok.lemma_.lower() == etok.lemma_.lower()
    loc = "missing"
    if d.location is not None and e.location is not None:
        loc = "same" if (d.location.geonameid, d.location.name) == (e.location.geonameid, e.location.name) else "differ"
    date = "missing"
    if d.date.value and e.date.value:
        date = "same" if d.date.value[:7] == e.date.value[:7] else "differ"
    own_date = str(d.date.basis == "text")
    numbered = str(any(c.dep_ == "nummod" for c in tok.children))
    f = [
        "bias",
        "rank=" + str(min(rank, 3)),
        "dist=" + (str(dist) if dist <= 3 else "4-7" if dist <= 7 else "8+"),
        "det=" + det,
        "pos=" + tok.pos_,
        "pos_pair=" + tok.pos_ + "|" + etok.pos_,
        "same_lemma=" + str(same_lemma),
        "det_same_lemma=" + det + "|" + str(same_lemma),
        "src=" + _agree(d.source_actor, e.source_actor),
        "tgt=" + _agree(d.target_actor, e.target_actor),
        "loc=" + loc,
        "date=" + date,
        "own_date=" + own_date,
        "numbered=" + numbered,
        "type=" + d.type,
        "type_det=" + d.type + "|" + det,
        "mode=" + str(d.mode == e.mode),
        "lemma=" + tok.lemma_.lower(),
        "plural=" + str(tok.tag_ in ("NNS", "NNPS")),
        "dep=" + tok.dep_,
        "rank_det=" + str(min(rank, 3)) + "|" + det,
        "src_tgt=" + _agree(d.source_actor, e.source_actor) + "|" + _agree(d.target_actor, e.target_actor),
        "rivals=" + (str(rivals) if rivals < 3 else "3+"),
        "conseq=" + str(tok.lemma_.lower() in CONSEQUENCE_LEMMAS) + "|" + str(etok.lemma_.lower() in CONSEQUENCE_LEMMAS),
        "conseq_rivals=" + str(tok.lemma_.lower() in CONSEQUENCE_LEMMAS) + "|" + ("1" if rivals == 1 else "2+"),
        "agentless=" + str(_agentless(tok)),
        "hist=" + str(d.historical) + "|" + str(e.historical),
        *overlap_features(d, e),
        *side_features(d, e, rivals),
        *stated_features(d, e),
        *relation_features(d, dist, rank),
        *meaning_features(d, e, index, rivals),
        "first=" + str(first) + "|" + ("1" if rivals == 1 else "2+"),
        *article_features(d, e, index, profile),
    ]
    return f


def second_clash(d: EventDraft, e: EventDraft, kinds: frozenset[str] | tuple[str, ...] = ("differ", "one")) -> str | None:
    """Why the second pass keeps ``d`` apart from the earlier event ``e``: their ``clash``, else
    ``accounts`` when whose accounts they are (``_accounts``) is one of ``kinds`` — the first
    pass's ``account_kinds``: told by different named sources, or only one of them by a named
    source — else None. The first pass only raises its bar for such accounts (``bar``); the second
    decides on weaker evidence, two whole events the fold kept apart, so they stay two."""
    return clash(d, e) or ("accounts" if _accounts(d, e) in kinds else None)


def second_clashes(d: EventDraft, e: EventDraft, kinds: frozenset[str] | tuple[str, ...] = ("differ", "one")) -> list[str]:
    """Every reason the second pass could keep ``d`` apart from ``e``: their ``clashes``, and
    ``accounts`` when whose accounts they are is one of ``kinds`` (``second_clash`` is the first)."""
    return [*clashes(d, e), *(["accounts"] if _accounts(d, e) in kinds else [])]


def _accounts(d: EventDraft, e: EventDraft) -> str:
    """Whose accounts the two mentions are: ``same`` source of attribution, ``differ`` (each
    told by a named source, none in common: a news service's capture claim and a monitor's
    "fighting continuing" are two accounts that may contradict, not one report told twice),
    ``one`` (only one attributed, to a source with a canonical name: "the Syrian Observatory
    said"), ``one_unnamed`` (only one attributed, to a source the actor dictionaries do not
    name: "witnesses said", "a statement after the meeting said" — the usual voice of a retold
    incident, not a rival account) or ``none``."""
    a = {x.name or x.text for x in d.reported_by if x.name or x.text}
    b = {x.name or x.text for x in e.reported_by if x.name or x.text}
    if a and b:
        return "same" if a & b else "differ"
    if not (a or b):
        return "none"
    named = any(x.name for x in (*d.reported_by, *e.reported_by))
    return "one" if named else "one_unnamed"


def meaning_features(d: EventDraft, e: EventDraft, index: dict[int, int], rivals: int) -> list[str]:
    """Do the two mentions mean one happening in other words? The cosine of the trigger words
    in the shipped static vectors (``vectors.py``: "bombing"/"blast", "arrested"/"detained"
    are near, "arrested"/"killed" far) and of the two sentences' content words ("four men
    were shot" … "all four men who were shot"), bucketed and crossed with the word being the
    same; and whether the earlier event is told in the article's first two sentences (a
    headline and lead name the story's main event, which the body then retells with new
    words), crossed with the rival count."""
    vec = vectors.load()
    a, b = d.tok.lemma_.lower(), e.tok.lemma_.lower()
    same = a == b
    cw = 1.0 if same else vec.similarity(a, b)
    la, _, _ = _content(d.tok)
    lb, _, _ = _content(e.tok)
    cs = vectors.cosine(vec.text(sorted(la)), vec.text(sorted(lb)))
    lead = index.get(e.sentence.start, 0) <= 1
    one = "1" if rivals == 1 else "2+"
    return [
        "cos_word=" + ("same" if same else _bucket(cw, (0.2, 0.35, 0.5))),
        "cos_sent=" + _bucket(cs, (0.3, 0.45, 0.6, 0.75)),
        "cos_both=" + ("same" if same else _bucket(cw, (0.35,))) + "|" + _bucket(cs, (0.45, 0.6)),
        "lead=" + str(lead) + "|" + one,
    ]


def _side_words(actor: Any) -> set[str]:
    """What identifies a participant: its canonical name, else the words of its mention."""
    if actor is None:
        return set()
    if actor.name:
        return {actor.name.lower()}
    return _words_of(actor)


def _side(a: Any, b: Any) -> str:
    """``share`` when the two participants have a name or a word in common, ``disjoint``
    only when both are identified (a canonical name each) and share nothing: a bare common
    noun ("forces", "the men") does not say whose side it is, so it can agree with a named
    side but never clash with one ("the forces battling ISIL" after "the Syrian army")."""
    wa, wb = _side_words(a), _side_words(b)
    if not (wa and wb):
        return "unknown"
    if wa & wb or _words_of(a) & _words_of(b):
        return "share"
    if not (a.name and b.name):
        return "unknown"
    return "disjoint"


def side_features(d: EventDraft, e: EventDraft, rivals: int) -> list[str]:
    """Do the two mentions have the same sides? Both sources (or both targets) known and
    disjoint is strong evidence of two acts, even in a one-incident story where ``rivals=1``
    otherwise pulls a later act onto the only earlier one; ``crossed`` (the later doer is the
    earlier target: a counter-attack, a reply, a denial of an accusation) is the answer to the
    earlier event, not the event again. Interactions with the rival count and the type let the
    model weigh the clash by how much else there is to join."""
    src, tgt = _side(d.source_actor, e.source_actor), _side(d.target_actor, e.target_actor)
    why = clash(d, e) or "none"
    kind = "both" if src == tgt == "disjoint" else "src" if src == "disjoint" else "tgt" if tgt == "disjoint" else "none"
    agree = "both" if src == tgt == "share" else "src" if src == "share" else "tgt" if tgt == "share" else "none"
    crossed = _side(d.source_actor, e.target_actor) == "share" and src != "share"
    one = "1" if rivals == 1 else "2+"
    return [
        "clash=" + kind,
        "clash_rivals=" + kind + "|" + one,
        "clash_type=" + kind + "|" + d.type,
        "agree_sides=" + agree,
        "crossed=" + str(crossed),
        "clash_why=" + why,
        "clash_why_rivals=" + why + "|" + one,
        "agree_lemma=" + agree + "|" + str(d.tok.lemma_.lower() == e.tok.lemma_.lower()),
        "crossed_rivals=" + str(crossed) + "|" + one,
    ]


def _stated(a: Any, b: Any) -> str:
    """Which of the two mentions states a side: ``both``, ``neither``, ``later`` (only the
    later mention ``a``) or ``earlier`` (only ``b``)."""
    if a is not None and b is not None:
        return "both"
    if a is None and b is None:
        return "neither"
    return "later" if a is not None else "earlier"


def stated_features(d: EventDraft, e: EventDraft) -> list[str]:
    """Which mention states each side. A side only one mention states is unknown, not
    agreeing: a headline's "bombing" with its doer and no target says nothing of whom a later
    raid hit, while a later toll that leaves its doer unsaid usually retells the act (in the
    corpus pairs 18-47 % of the pairs where only the later mention states the target are
    linked, 31-68 % where only the earlier one does). ``_agree`` and ``_side`` fold "one
    unstated" into "missing"/"unknown" with "both unstated"; this lets the model weigh each,
    as one value for the two sides together (source|target; per-side values beside it scored
    no better on the corpus held-out pairs)."""
    src, tgt = _stated(d.source_actor, e.source_actor), _stated(d.target_actor, e.target_actor)
    return ["stated=" + src + "|" + tgt]


def _near(dist: int) -> str:
    return "0-1" if dist <= 1 else "2-3" if dist <= 3 else "4+"


def is_anaphor(tok: Any) -> bool:
    """A definite, demonstrative or possessive event noun ("the attack", "Tuesday's strike")
    with no count and no compound modifier: it points back at an event already told
    (``coref.yaml``). A modified one ("the concert bombing") is left to the pair model."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in ANAPHORIC_NOUNS:
        return False
    if any(c.dep_ in ("nummod", "compound") for c in tok.children):
        return False  # "the two attacks", "the May 22 concert bombing": a description, maybe new
    return _det(tok) in DEFINITE_DETERMINERS


def is_presupposed(tok: Any) -> bool:
    """A toll word in a relative clause that describes its own patient ("all four men who were
    shot are expected to recover", "the people who were killed were buried"): the clause takes
    the act as known to pick out its victims, so it names an act already told — the earlier
    one of its type the pair model finds likeliest, however far back. Not with a doer of its
    own ("who were shot by police") nor a cause of its own (``is_consequence``)."""
    return (
        tok.dep_ == "relcl"
        and _agentless(tok)
        and any(c.dep_ == "nsubjpass" and c.tag_ in ("WP", "WDT") for c in tok.children)
        and is_consequence(tok)
    )


def told_of_anaphor(tok: Any) -> bool:
    """A clause whose subject points back at an event already told ("the explosion targeted
    a bakery", "the raid hit a school"): it tells more of that event, not a new one."""
    return tok.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") and is_anaphor(c) for c in tok.children)


def is_consequence(tok: Any) -> bool:
    """A toll or damage clause ("six were killed", "the blast killed four", "left dead"):
    a consequence word with no doer of its own, or whose subject is the act or its weapon."""
    if tok.lemma_.lower() not in CONSEQUENCE_LEMMAS:
        return False
    if any(_indefinite_act(c) for c in tok.children if c.dep_ == "prep"):
        return False  # "killed in a gun battle": the clause names its own, new act
    if any(c.dep_ == "agent" for c in tok.children):
        return False  # "shot dead by police": the clause names its own doer
    if any(_own_cause(c) for c in tok.children if c.dep_ == "advcl"):
        return False  # "killed when a vehicle touched off a mine": its own cause, told anew
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    if not subj:
        return True
    return any(c.lemma_.lower() in CONSEQUENCE_HEADS or c.pos_ == "PRON" for c in subj)


def _own_cause(clause: Any) -> bool:
    """A subordinate clause that tells a cause of its own: its subject is introduced as new
    ("when a vehicle hit a mine", "after an explosive went off"), not the act already told
    ("when the bomb went off")."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and _det(c) in ("a", "an", "another") for c in clause.children
    )


def _indefinite_act(prep: Any) -> bool:
    """A preposition whose object is an event noun introduced as new ("in a gun battle",
    "during an ambush", "during clashes": a bare noun is indefinite too)."""
    return any(
        o.dep_ == "pobj" and o.lemma_.lower() in ANAPHORIC_NOUNS and _det(o) in ("a", "an", "another", "none")
        for o in prep.children
    )


def relation_features(d: EventDraft, dist: int, rank: int) -> list[str]:
    """How the later mention relates to the earlier one by its clause: an anaphoric
    re-mention ("the attack") names the latest compatible event; a consequence clause ("the
    blast killed four", "six were wounded") tells the outcome of the act just before it."""
    near, latest = _near(dist), str(rank == 0)
    ana, cons = is_anaphor(d.tok), is_consequence(d.tok)
    return [
        "anaphor=" + str(ana) + "|" + near + "|" + latest,
        "consequence=" + str(cons) + "|" + near + "|" + latest,
    ]


def _agentless(tok: Any) -> bool:
    """A passive trigger with no by-agent ("were killed", "was arrested"): it tells what
    happened to someone, usually of an act already reported with its doer."""
    deps = {c.dep_ for c in tok.children}
    return bool(deps & {"nsubjpass", "auxpass"}) and "agent" not in deps


#: quotation marks that open or close a quoted stretch of a sentence
_QUOTES = frozenset('"“”')


def article_profile(drafts: list[EventDraft], index: dict[int, int]) -> dict[str, Any]:
    """What the article as a whole says about its incidents of each type, for ``article_features``:
    per type the sentences that tell one (``sentences``), the distinct places of its own
    (attached to the trigger or found in its sentence, not the article's main place) and the
    distinct dates of its own (a time expression of its clause) — one scene told again and again,
    or a round-up of many — and the article's length in sentences. ``drafts``: the events the
    coder keeps before folding (at coding time the detected drafts; in training the annotated
    events)."""
    by_type: dict[str, dict[str, set]] = {}
    for d in drafts:
        t = by_type.setdefault(d.type, {"sentences": set(), "places": set(), "dates": set()})
        t["sentences"].add(d.sentence.start)
        if d.location is not None and d.location.basis != "article" and (d.location.geonameid or d.location.name):
            t["places"].add(d.location.geonameid or d.location.name)
        if d.date.basis == "text" and d.date.value:
            t["dates"].add(d.date.value[:10])
    return {"types": by_type, "length": max(index.values(), default=0) + 1}


def _in_quote(d: EventDraft) -> bool:
    """The trigger stands inside a quotation of its sentence (an odd number of quotation marks
    before it), or its draft is a quoted sentence a speaker beside it says (``quoted``)."""
    if d.quoted:
        return True
    return sum(ch in _QUOTES for ch in d.doc.text[: d.tok.idx]) % 2 == 1


def _adds(d: EventDraft, e: EventDraft) -> str:
    """What the later mention ``d`` tells that the earlier ``e`` does not: an own place (another
    than ``e``'s), an own date (another than ``e``'s), a side ``e`` leaves unsaid — ``none``
    when it only refers back to what was told."""
    new = []
    dl, el = d.location, e.location
    if dl is not None and dl.basis != "article" and (el is None or el.basis == "article" or (dl.geonameid, dl.name) != (el.geonameid, el.name)):
        new.append("place")
    if d.date.basis == "text" and d.date.value and not (e.date.value and e.date.value[:10] == d.date.value[:10]):
        new.append("date")
    if (d.source_actor is not None and e.source_actor is None) or (d.target_actor is not None and e.target_actor is None):
        new.append("side")
    return "+".join(new) if new else "none"


#: the families ``article_features`` names (the part of each feature before "=")
ARTICLE_FEATURES = frozenset({"scenes", "scenes_dates", "told", "adds", "adds_scenes", "adds_same", "quote", "quote_adds", "where", "where_scenes"})


def article_features(d: EventDraft, e: EventDraft, index: dict[int, int], profile: dict[str, Any] | None) -> list[str]:
    """Article-level evidence that a later mention re-tells an incident already told, rather than
    pairwise evidence: how many scenes of the type the article supports (distinct own places and
    dates, sentences that tell one: one scene re-told, or a round-up listing many), whether the
    later mention adds anything of its own or only refers back, whether it stands in a quotation
    (a witness re-telling the act) while the earlier does not, and where the two stand in the
    article (lead, body, the closing third where summaries and background blocks go). None
    without a profile: the features are absent, and a model trained without them scores as before."""
    if profile is None:
        return []
    t = profile["types"].get(d.type) or {"sentences": set(), "places": set(), "dates": set()}
    places = len(t["places"])
    scenes = "0" if not places else "1" if places == 1 else "2+"
    dates = "0" if not t["dates"] else "1" if len(t["dates"]) == 1 else "2+"
    told = len(t["sentences"])
    told_b = "1-2" if told <= 2 else "3-5" if told <= 5 else "6+"
    adds = _adds(d, e)
    nothing = str(adds == "none")
    n = max(1, profile["length"])
    k, ke = index.get(d.sentence.start, 0), index.get(e.sentence.start, 0)
    where = "lead" if k <= 1 else "tail" if k >= 2 * n / 3 else "body"
    ewhere = "lead" if ke <= 1 else "body"
    qd, qe = _in_quote(d), _in_quote(e)
    same = str(d.tok.lemma_.lower() == e.tok.lemma_.lower())
    return [
        "scenes=" + scenes,
        "scenes_dates=" + scenes + "|" + dates,
        "told=" + told_b,
        "adds=" + adds,
        "adds_scenes=" + nothing + "|" + scenes,
        "adds_same=" + nothing + "|" + same,
        "quote=" + str(qd) + "|" + str(qe),
        "quote_adds=" + str(qd) + "|" + nothing,
        "where=" + ewhere + "|" + where,
        "where_scenes=" + where + "|" + scenes,
    ]


def _bucket_of(x: float, edges: tuple[float, ...]) -> str:
    return _bucket(x, edges)


def cluster_features(
    k: EventDraft, c: EventDraft, cands: list[EventDraft], rank: int, index: dict[int, int], profile: dict[str, Any] | None, corefer: Corefer,
    k_others: list[EventDraft] | None = None, c_others: list[EventDraft] | None = None,
) -> list[str]:
    """Features of "the kept event ``k`` is the earlier kept event ``c`` told again" for the
    second pass (``Corefer.regroup``): the pair model's best and mean probability of ``k``'s lead
    against every mention of ``c`` told before it (``c`` and its ``others``), the number of
    mentions of each, the clash of the two leads, how many candidates there are and ``c``'s rank
    among them, whether ``c`` is the article's first of them, whether the account bar holds,
    the type, and ``article_features`` (what ``k`` adds, the article's scenes of the type, the
    quotation, where the two stand), alone and crossed with the best probability. ``k_others``,
    ``c_others``: the events' other mentions, by default their ``others``."""
    d = k
    k_others = k.others if k_others is None else k_others
    c_others = c.others if c_others is None else c_others
    ps = [
        corefer.model.probability(pair_features(d, m, rank, index, len(cands), first=c is cands[0]))
        for m in (c, *c_others)
        if m.sentence.start < d.sentence.start and not (corefer.second_scored_only and clash(d, m) in corefer.veto)
    ]
    pmax = max(ps) if ps else 0.0
    pmean = sum(ps) / len(ps) if ps else 0.0
    af = dict(x.split("=", 1) for x in article_features(d, c, index, profile or {"types": {}, "length": len(index)}))
    n = len(cands)
    top = _bucket_of(pmax, (0.2, 0.4))
    return [
        "bias",
        "pmax=" + _bucket_of(pmax, (0.1, 0.2, 0.3, 0.4, 0.5)),
        "pmean=" + _bucket_of(pmean, (0.1, 0.2, 0.3, 0.4)),
        "size=" + _bucket_of(len(c_others) + 1, (2, 3, 5)),
        "ksize=" + _bucket_of(len(k_others) + 1, (2, 3)),
        "clash=" + (clash(d, c) or "none"),
        "n=" + _bucket_of(n, (2, 3, 5)),
        "rank=" + _bucket_of(rank, (1, 2)),
        "adds=" + af["adds"],
        "quote=" + af["quote"],
        "where=" + af["where"],
        "scenes=" + af["scenes"],
        "told=" + af["told"],
        "pmax_n=" + top + "|" + _bucket_of(n, (2,)),
        "pmax_adds=" + top + "|" + str(af["adds"] == "none"),
        "pmax_scenes=" + top + "|" + af["scenes"],
        "first=" + str(c is cands[0]),
        "type=" + d.type,
        "bar=" + str(corefer.bar(d, c) > corefer.threshold),
        *cross_features(k, c, top),
        *evidence_features(k, c, k_others, c_others, top),
    ]



#: the place relations of two mentions, closest first (``_place_relation``)
PLACE_RELATIONS: tuple[str, ...] = ("same", "near", "within", "admin1", "apart", "region", "country")


def _own_place(m: EventDraft) -> Any:
    loc = m.location
    if loc is None or loc.basis == "article" or not (loc.geonameid or loc.name):
        return None
    return loc


def _km(a: Any, b: Any) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _place_relation(a: Any, b: Any) -> str:
    """How two stated places stand: the ``same`` place, ``near`` (under 25 km), one ``within``
    the other (a country or first-level region and a place inside it: "in Syria" … "in Albu
    Kamal" may tell one incident), the same first-level region (``admin1``), ``apart`` (no
    region known to compare), another ``region`` of one country, another ``country``."""
    if (a.geonameid, a.name) == (b.geonameid, b.name):
        return "same"
    if a.country and b.country and a.country != b.country:
        return "country"
    km = _km(a, b)
    if km is not None and km < 25:
        return "near"
    wide = {"country", "admin1"}
    if a.country and a.country == b.country and (a.precision == "country" or b.precision == "country"):
        return "within"
    if a.admin1 and a.admin1 == b.admin1 and (a.precision in wide or b.precision in wide):
        return "within"
    if a.admin1 and b.admin1:
        return "admin1" if a.admin1 == b.admin1 else "region"
    return "apart"


def _actor_kind(a: Any, b: Any) -> str:
    """Whose side two named participants are on, from the actor dictionary's coding: the
    same canonical name, the same country and sector (one side in other words), the same
    country and another sector (an army and a rebel alliance of one country), ``other`` names
    otherwise (another country, or a group of none: an army and the militants it fought);
    ``unknown`` when either has no canonical name."""
    if a is None or b is None or not (a.name and b.name):
        return "unknown"
    if a.name == b.name:
        return "name"
    if a.country and a.country == b.country:
        return "sector" if a.sector and a.sector == b.sector else "country"
    return "other"


def _date_relation(ms: list[EventDraft], ns: list[EventDraft]) -> str:
    da = {m.date.value[:10] for m in ms if m.date.basis == "text" and m.date.value}
    db = {m.date.value[:10] for m in ns if m.date.basis == "text" and m.date.value}
    if not (da and db):
        return "missing"
    if da & db:
        return "day"
    return "month" if {x[:7] for x in da} & {x[:7] for x in db} else "other"


def evidence_features(
    k: EventDraft, c: EventDraft, k_others: list[EventDraft], c_others: list[EventDraft], top: str,
) -> list[str]:
    """What the two whole events say against (or for) their being one incident, as evidence the
    second-pass model weighs rather than a veto: every ``clash`` reason of the two leads (not
    only the first), the stated places' relation over all the mentions of each (the closest
    pair, ``_place_relation``) and of the leads — apart, and when both places are the trigger's own
    (``basis`` "trigger": a place only found in the sentence is often another's, "the
    Britain-based monitor said", "Sen. X of Michigan") —, the distance between them, the participants'
    sides (shared words, and the dictionary's coding: ``_actor_kind``) for source and target,
    the later doer as the earlier target (crossed), whose accounts they are (``_accounts``), the
    own dates of each, and the leads' clash reasons crossed with the pair model's best score
    bucket ``top``."""
    ms, ns = [k, *k_others], [c, *c_others]
    why = clashes(k, c)
    rels = [_place_relation(a, b) for a in filter(None, map(_own_place, ms)) for b in filter(None, map(_own_place, ns))]
    place = min(rels, key=PLACE_RELATIONS.index) if rels else "missing"
    lp, cp = _own_place(k), _own_place(c)
    lead_place = _place_relation(lp, cp) if lp is not None and cp is not None else "missing"
    kms = [x for x in (_km(a, b) for a in filter(None, map(_own_place, ms)) for b in filter(None, map(_own_place, ns))) if x is not None]
    km = _bucket(min(kms), (1, 25, 100, 300)) if kms else "missing"
    src, tgt = _side(k.source_actor, c.source_actor), _side(k.target_actor, c.target_actor)
    crossed = _side(k.source_actor, c.target_actor) == "share" and src != "share"
    return [
        *["why=" + r for r in why or ["none"]],
        *["why_top=" + r + "|" + top for r in why or ["none"]],
        "why_n=" + str(min(len(why), 2)),
        "place=" + place,
        "place_lead=" + lead_place,
        "place_told=" + (lead_place if lp is not None and cp is not None and lp.basis == cp.basis == "trigger" else "loose"),
        "km=" + km,
        "side_src=" + src,
        "side_tgt=" + tgt,
        "side_both=" + src + "|" + tgt,
        "kind_src=" + _actor_kind(k.source_actor, c.source_actor),
        "kind_tgt=" + _actor_kind(k.target_actor, c.target_actor),
        "side_crossed=" + str(crossed),
        "accounts=" + _accounts(k, c),
        "dates=" + _date_relation(ms, ns),
        "reply=" + str(is_reply(k.tok)) + "|" + str(is_reply(c.tok)),
    ]

def _flags(d: EventDraft) -> str:
    return "neg" if d.negated else "hyp" if d.hypothetical else "real"


def cross_features(k: EventDraft, c: EventDraft, top: str) -> list[str]:
    """The second pass across types and flags (a ``second_cross`` model): the type pair (earlier|later)
    and its coarse kind, whether the two agree in negation and hypothesis and which reading each
    has, crossed with the pair model's best score bucket ``top``. None for two events of one type
    and the same flags, so a model trained without them scores those as before."""
    if c.type == k.type and (c.negated, c.hypothetical) == (k.negated, k.hypothetical):
        return []
    same_type = c.type == k.type
    flags = _flags(c) + "|" + _flags(k)
    statement = (c.type.lower() in STATEMENT_TYPES, k.type.lower() in STATEMENT_TYPES)
    kind = "same" if same_type else "statements" if all(statement) else "acts" if not any(statement) else "mixed"
    return [
        "x=" + ("type" if not same_type else "flags"),
        "x_types=" + ("same" if same_type else c.type + "|" + k.type),
        "x_kind=" + kind,
        "x_flags=" + flags,
        "x_kind_flags=" + kind + "|" + flags,
        "x_top=" + top + "|" + kind,
        "x_top_flags=" + top + "|" + str(flags in ("real|real", "neg|neg", "hyp|hyp")),
        "x_lemma=" + str(k.tok.lemma_.lower() == c.tok.lemma_.lower()),
    ]
