"""``acled``: the sub-type follows this act's stated means; no ACLED pair for acts that did not happen."""

from __future__ import annotations

import pytest

UP_TO_ACLED = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "modes", "acled"]


@pytest.mark.parametrize(
    ("text", "trigger", "acled"),
    [
        # the air power backs the offensive; the offensive itself is a ground battle
        ("The army and its allies have pressed an offensive against the rebels backed by foreign air power.", "offensive", ("Battles", "Armed clash")),
        ("Air strikes killed 12 militants in the valley on Sunday.", "killed", ("Explosions/Remote violence", "Air/drone strike")),
        ("A roadside bomb killed two soldiers on the highway on Monday.", "killed", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ],
)
def test_sub_type_from_the_acts_means(analyse, text: str, trigger: str, acled: tuple[str, str]) -> None:
    ctx = analyse(text, UP_TO_ACLED)
    d = next(d for d in ctx.drafts if d.tok.text == trigger)
    assert d.acled is not None
    assert (d.acled["event_type"], d.acled["sub_event_type"]) == acled


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the government seeks to regain control over the northern towns.",
        "The militia denied attacking the village on Friday.",
    ],
)
def test_no_acled_for_what_did_not_happen(analyse, text: str) -> None:
    ctx = analyse(text, UP_TO_ACLED)
    d = next(d for d in ctx.drafts if d.type == "ASSAULT")
    assert d.negated or d.hypothetical
    assert d.acled is None
