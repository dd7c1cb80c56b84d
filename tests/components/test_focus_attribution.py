"""``focus`` (article countries, region, tag warnings) and ``attribution`` (reported_by)."""

from __future__ import annotations

from eventcoder.components.focus import region


def test_a_region_tag_contradicting_the_content_is_flagged(analyse) -> None:
    text = "Troops shelled villages near Aleppo and Idlib in northern Syria on Monday."
    ctx = analyse(text, ["focus"], tags=["europe"])
    assert ctx.article.countries[0] == "SYR"
    assert ctx.article.region == "Middle East"
    assert any("europe" in w for w in ctx.article.warnings)


def test_regions_name_the_middle_east_apart() -> None:
    assert region("IRQ") == "Middle East" and region("KEN") == "Africa" and region("FRA") == "Europe"


def test_a_speech_source_frames_the_event(analyse) -> None:
    ctx = analyse("Gunmen killed four villagers in Zamfara, police said.", ["focus", "triggers", "attribution"])
    d = next(d for d in ctx.drafts if d.type == "ASSAULT")
    assert [a.text for a in d.reported_by] == ["police"]
