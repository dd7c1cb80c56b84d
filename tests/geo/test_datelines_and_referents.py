"""A dateline is a place whatever the parse makes of its line, and a name the article places
once in a container keeps that referent where it recurs alone (sentences written for these
tests, in the style of local crime reports)."""

from __future__ import annotations

from eventcoder.geo.roles import is_dateline


def test_dateline_detection() -> None:
    text = "SPRINGFIELD, Ill. - A man died.\nKABUL (Reuters) - Gunmen fired.\nPARIS is big."
    assert is_dateline(text, 0, 11)
    k = text.index("KABUL")
    assert is_dateline(text, k, k + 5)
    p = text.index("PARIS")
    assert not is_dateline(text, p, p + 5)  # no comma, bracket or dash after it
    assert not is_dateline("Then SPRINGFIELD, Ill. - fell.", 5, 16)  # not opening a line


def test_a_dateline_read_as_a_subject_is_still_a_place_and_its_referent_recurs(gp, nlp, near) -> None:
    text = (
        "NAPLES, Fla.- A 19-year-old died after being shot in a parked car outside a cinema, "
        "the Naples Police Department said Wednesday.\n\n"
        "The teenager was taken to Naples Community Hospital, where he later died."
    )
    ps = [p for p in gp.find_in_text(text, nlp) if p.text.lower() == "naples"]
    assert len(ps) >= 2
    assert ps[0].role == "place"
    for p in ps:
        # Naples, Florida (26.14, -81.79), not Naples, Italy: the dateline's container holds
        assert p.country == "USA" and near(p, 26.14, -81.79, 25)
