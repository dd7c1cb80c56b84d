"""``backrefs`` drops re-mentions; ``confidence`` scores and ranks embedded events."""

from __future__ import annotations

from eventcoder.components.confidence import score

UPTO = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "acled", "intent"]


def test_a_pointed_back_plural_is_not_a_new_event(analyse) -> None:
    text = "Militants attacked an army post on Monday. Both attacks were claimed by the group."
    without = analyse(text, UPTO)
    with_ = analyse(text, [*UPTO, "backrefs"])
    assert len(with_.drafts) == len(without.drafts) - 1
    assert all("attacks" not in d.sentence.text or d.sentence.start == 0 for d in with_.drafts)


def test_doubt_and_a_missing_source_lower_the_score(analyse) -> None:
    ctx = analyse("Soldiers could attack the camp. Soldiers attacked the camp.", [*UPTO, "confidence"])
    doubtful, firm = (d for d in ctx.drafts if d.type == "ASSAULT")
    assert doubtful.hypothetical and not firm.hypothetical
    assert score(doubtful) < score(firm)
    assert 0.05 <= doubtful.confidence <= firm.confidence <= 0.99
