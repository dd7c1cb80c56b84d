"""x27speed: three stages read again what an earlier step computed, instead of computing it a
second time, and must give exactly what they gave before: ``relevance.limit_entities`` the
scores ``select`` computed, ``triggers`` the lexicon matches ``needs_entities`` found before the
entity recogniser ran (only when the entities cannot change them), ``acled`` no casualty walk
for a sentence without a casualty word. The texts are written for these tests."""

from __future__ import annotations

from eventcoder.clean import clean
from eventcoder.components.acled import casualties_of, note_casualties, responders_of
from eventcoder.components.base import ArticleContext, ParsedSentence
from eventcoder.components.relevance import Relevance, load_model
from eventcoder.components.triggers import Triggers
from eventcoder.nlp import ENTITY_PIPE, add_entities, has_entities, split_sentences
from eventcoder.pipeline import Pipeline
from eventcoder.records import Origin, RawRecord

REPORT = (
    "Rebels seized the town of Maradi and captured two soldiers on Tuesday, a military spokesman said.\n"
    "Police arrested twelve protesters outside the ministry, where officers shot dead a man.\n"
    "The council said a new bridge would open in the spring.\n"
    "Two officers were killed when gunmen attacked their patrol near the border."
)


def _ctx(pipeline: Pipeline, text: str) -> ArticleContext:
    art = clean(RawRecord(text=text, origin=Origin("<x27speed>")))
    sents = split_sentences(art.text)
    docs = list(pipeline.nlp.pipe([s.text for s in sents], disable=[ENTITY_PIPE]))
    return ArticleContext(art, sents, [ParsedSentence(s, d) for s, d in zip(sents, docs, strict=True)])


def test_limit_entities_reads_the_scores_select_kept_and_gives_the_same_sentences(pipeline: Pipeline) -> None:
    m = load_model("relevance.json")
    ctx = _ctx(pipeline, REPORT)
    z = m.article_logit(ctx.article.text)
    probs = sorted(m.prob(p.sentence.text, z, p.sentence.start) for p in ctx.parsed)
    every = set(range(len(ctx.parsed)))
    for t in (0.0, *((a + b) / 2 for a, b in zip(probs, probs[1:], strict=False)), 1.0):
        fresh = Relevance(m, threshold=0.0, entity_threshold=t).limit_entities(ctx, every)
        gate = Relevance(m, threshold=0.0, entity_threshold=t)
        gate.select(ctx.article, ctx.sentences)  # keeps its scores for this article
        assert gate._scored(ctx.article) is not None
        assert gate.limit_entities(ctx, every) == fresh
    # another article object with the same text is scored afresh, not read from the memo
    other = clean(RawRecord(text=REPORT, origin=Origin("<x27speed-2>")))
    assert gate._scored(other) is None


def test_the_memo_of_select_is_bounded() -> None:
    gate = Relevance(load_model("relevance.json"), entity_threshold=0.1)
    arts = [clean(RawRecord(text=f"Police arrested {n} people in the capital on Monday.", origin=Origin(f"<{n}>"))) for n in range(gate._MEMO_ARTICLES + 5)]
    for a in arts:
        gate.select(a, split_sentences(a.text))
    assert gate._scored(arts[0]) is None and gate._scored(arts[-1]) is not None
    assert len(gate._scores) == gate._MEMO_ARTICLES


def test_trigger_matches_kept_from_before_the_entities_are_the_matches_after_them(pipeline: Pipeline) -> None:
    trig = next(c for c in pipeline.components if isinstance(c, Triggers))
    ctx = _ctx(pipeline, REPORT)
    asked = trig.needs_entities(ctx)
    assert asked  # the report's acts
    add_entities(pipeline.nlp, [ctx.parsed[i].doc for i in asked])
    for p in ctx.parsed:
        kept = trig._kept_matches(p.doc)
        now = [(m.i, m.entry, m.support) for m in trig.lexicon.match(p.doc)]
        if kept is not None:
            assert [(m.i, m.entry, m.support) for m in kept] == now
    # "seized" / "captured" have entries whose object kind reads entity labels: once the
    # sentence has entities, its matches are found again, never read from before them
    first = ctx.parsed[0].doc
    assert has_entities(first) and trig._kept_matches(first) is None


def test_the_drafts_are_those_of_matching_again(pipeline: Pipeline) -> None:
    trig = next(c for c in pipeline.components if isinstance(c, Triggers))
    spans = []
    for reuse in (True, False):
        ctx = _ctx(pipeline, REPORT)
        asked = trig.needs_entities(ctx) if reuse else []
        add_entities(pipeline.nlp, [p.doc for p in ctx.parsed])
        trig(ctx)
        spans.append([(d.type, d.mode, d.trigger_start, d.trigger_end) for d in ctx.drafts])
        assert reuse is False or asked
    assert spans[0] == spans[1] and spans[0]


def test_note_casualties_skips_only_sentences_without_a_casualty_word(pipeline: Pipeline) -> None:
    ctx = _ctx(pipeline, REPORT)
    got = note_casualties(ctx)
    assert got == {p.sentence.start: (casualties_of(p.doc), responders_of(p.doc)) for p in ctx.parsed}
    assert got[ctx.parsed[3].sentence.start][0]  # "two officers were killed": its victims
    assert got[ctx.parsed[2].sentence.start] == ([], False)
