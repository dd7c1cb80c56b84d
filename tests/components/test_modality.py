"""``modality`` and ``intent``: negation, hypothesis, and statements of intent re-typed."""

from __future__ import annotations

import pytest

FLAGS = ["triggers", "modality"]
BEFORE_INTENT = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "acled"]


@pytest.mark.parametrize(
    ("text", "negated", "hypothetical"),
    [
        ("The militia denied attacking the village.", True, False),
        ("Officials fear the rebels could attack the dam.", False, True),
        ("The rebels attacked the dam at dawn.", False, False),
    ],
)
def test_flags(analyse, text: str, negated: bool, hypothetical: bool) -> None:
    ctx = analyse(text, FLAGS)
    d = next(d for d in ctx.drafts if d.type == "ASSAULT")
    assert (d.negated, d.hypothetical) == (negated, hypothetical)


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("The ministry said it will provide aid to the flood victims.", "AID", "AGREE"),
        ("The government said the army will attack the rebel camps unless they disarm.", "ASSAULT", "THREATEN"),
    ],
)
def test_intent_retypes_the_statement(analyse, text: str, before: str, after: str) -> None:
    plain = analyse(text, BEFORE_INTENT)
    assert before in {d.type for d in plain.drafts}
    retyped = analyse(text, [*BEFORE_INTENT, "intent"])
    d = next(d for d in retyped.drafts if d.match.entry.type == before)
    assert d.type == after and not d.hypothetical and d.acled is None
