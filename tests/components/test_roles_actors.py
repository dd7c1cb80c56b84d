"""``roles`` and ``actors``: participants from the clause, resolved through the dictionary."""

from __future__ import annotations

ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors"]


def test_an_instrument_is_not_the_perpetrator(analyse) -> None:
    ctx = analyse("A roadside bomb exploded near a police checkpoint.", ORDER)
    d = next(d for d in ctx.drafts if d.type == "ASSAULT")
    assert d.src_span is None and d.source_actor is None


def test_a_place_taken_is_not_a_participant(analyse) -> None:
    ctx = analyse("Government forces shelled Homs overnight.", ORDER)
    d = next(d for d in ctx.drafts if d.type == "ASSAULT")
    assert d.object_place is not None and d.object_place.name == "Homs"
    assert d.target_actor is None
    assert d.location is not None and (d.location.name, d.location.basis) == ("Homs", "trigger")


def test_source_and_target_resolved(analyse) -> None:
    ctx = analyse("Kenyan police arrested two Somali nationals in Garissa.", ORDER)
    d = next(d for d in ctx.drafts if d.type == "COERCE")
    assert d.source_actor is not None and d.source_actor.country == "KEN"
    assert d.source_actor.text == "Kenyan police"
