"""A crash inside any stage quarantines that article only (E201), wherever it happens —
in a component, or before the components run (sentence selection, parsing) — and the
other articles of the batch are coded."""

from __future__ import annotations

from eventcoder.engine import RunReport, process
from eventcoder.records import Origin, RawRecord

STORIES = [
    "Troops shelled a village near the northern border on Monday, officials said.",
    "Visitors queued for hours to see The Da Vinci exhibition, and police arrested two pickpockets.",
    "Police detained twelve protesters outside the parliament on Tuesday.",
]


class _Boom:
    """A stage with a bug that fires on one article's text."""

    name = "boom"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __init__(self, where: str) -> None:
        self.where = where

    def select(self, article, sentences):
        if self.where == "select" and "Da Vinci" in article.text:
            raise IndexError("list index out of range")
        return sentences

    def __call__(self, ctx) -> None:
        if self.where == "call" and "Da Vinci" in ctx.article.text:
            raise KeyError("Da Vinci")


def _run(pipeline, monkeypatch, where):
    monkeypatch.setattr(pipeline, "components", [*pipeline.components, _Boom(where)])
    items = [RawRecord(text=t, origin=Origin("feed.jsonl", line=i)) for i, t in enumerate(STORIES, 1)]
    report = RunReport()
    outcomes = [o for batch in process(items, pipeline, batch_size=8) for o in batch]
    for kind, payload in outcomes:
        report.add(kind, payload)
    return outcomes, report


def test_a_crash_in_a_component_quarantines_one_article(pipeline, monkeypatch):
    outcomes, report = _run(pipeline, monkeypatch, "call")
    assert [k for k, _ in outcomes] == ["coded", "quarantined", "coded"]
    q = outcomes[1][1]
    assert q.code == "E201" and q.origin.line == 2 and "KeyError" in q.error and q.article_id


def test_a_crash_before_the_components_quarantines_one_article(pipeline, monkeypatch):
    """Selection and parsing run for the whole batch outside the components' guard: a
    crash there once stopped the run (a lone surrogate in spaCy's tokenizer did)."""
    outcomes, report = _run(pipeline, monkeypatch, "select")
    assert [k for k, _ in outcomes] == ["coded", "quarantined", "coded"]
    assert outcomes[1][1].code == "E201" and "IndexError" in outcomes[1][1].error
    assert report.coded == 2 and sum(report.quarantined.values()) == 1
