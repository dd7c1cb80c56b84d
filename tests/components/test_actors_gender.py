"""The actor component's he/she agree in gender with the person they take (issue 12): a "he"
skips back over a woman the article calls "Ms", a "she" over a man it calls "Mr". Sentences are
invented."""

from __future__ import annotations

ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors"]


def _draft(ctx, trigger):
    return next(d for d in ctx.drafts if d.tok.lower_ == trigger)


def test_he_skips_back_over_a_woman_called_ms(analyse) -> None:
    ctx = analyse(
        "Police commander Carl Ortega met the mayor, Ms Nadia Brill, on Monday. "
        "Ms Brill said the city was calm. "
        "On Tuesday he arrested twelve protesters in the main square.",
        ORDER,
    )
    d = _draft(ctx, "arrested")
    assert d.source_actor is not None and d.source_actor.name == "Carl Ortega"


def test_she_skips_back_over_a_man_called_mr(analyse) -> None:
    ctx = analyse(
        "Judge Nadia Brill met the governor, Mr Carl Ortega, on Monday. "
        "Mr Ortega said the city was calm. "
        "On Tuesday she arrested twelve protesters in the main square.",
        ORDER,
    )
    d = _draft(ctx, "arrested")
    assert d.source_actor is not None and d.source_actor.name == "Nadia Brill"
