"""Teams and companies named like places are no places (issue 12, x16places).

Invented sentences in the style of British sport and business reporting: the evidence is
in the text (a plural verb after a singular name, a side's role, a company's possessed
noun, a match result with its score), never a list of teams. Such a name stays a toponym
of role "team" (it is resolved: GeoWebNews counts a side named after its town), but no
event is placed at it.
"""

from __future__ import annotations

import pytest

from eventcoder.geo.article import read_article
from eventcoder.geo.roles import TEAM

_SIDES = {"Blackburn", "Wigan", "Burnley", "Swindon", "Toyota", "Preston", "Millwall"}


def _places(gp, parse, text: str):
    docs, offs = parse(text)
    return gp.find(text, docs, offs), docs, offs


def _article(gp, parse, text: str):
    docs, offs = parse(text)
    return read_article(gp.gaz, text, docs, offs)


@pytest.mark.parametrize(
    "text",
    [
        "Blackburn have turned down a second offer for their captain.",
        "Wigan were beaten at home on Saturday, and the fans booed.",
        "The Burnley boss said his side had been unlucky.",
        "Swindon's striker scored twice before the break.",
        "Toyota's chief executive said sales would rise next year.",
        "Last night Preston beat Millwall 3-1 in front of a big crowd.",
    ],
)
def test_a_team_or_company_is_no_place(gp, parse, text):
    places, _, _ = _places(gp, parse, text)
    # recognition may drop a weak name anyway; what it keeps is a side, not a place
    sides = [p for p in places if p.text in _SIDES]
    assert all(p.role == TEAM for p in sides), [(p.text, p.role) for p in places]


def test_no_event_is_placed_at_a_team(gp, parse):
    text = "Blackburn have rejected a bid for their striker."
    places, docs, offs = _places(gp, parse, text)
    doc = docs[0]
    trig = next(t.i for t in doc if t.text == "rejected")
    assert gp.event_location(doc, offs[0], trig, places) is None


def test_the_team_evidence_spreads_to_the_article_but_not_over_place_context(gp, parse):
    text = (
        "Blackburn have turned down a bid for their winger. "
        "The offer came after Blackburn lost again. "
        "Fans gathered in Blackburn on Sunday."
    )
    places, _, _ = _places(gp, parse, text)
    roles = [(p.text, p.role) for p in places]
    assert roles == [("Blackburn", TEAM), ("Blackburn", TEAM), ("Blackburn", "place")], roles


def test_plural_verbs_that_agree_with_something_else_are_no_evidence(gp, parse):
    for text in (
        "Protests in Paris have spread to other cities.",
        "Iran and Iraq have signed a trade deal.",
        "Does Iran have the right to enrich uranium?",
        "Officials said the Philippines are ready for the storm.",
        "Few homes in rural America have fast internet.",
    ):
        a = _article(gp, parse, text)
        assert not a.team_keys and not a.team_ends, text


def test_a_place_of_note_is_a_team_only_where_the_evidence_is(gp, parse):
    text = "England were beaten in the final. Rain fell across England on Sunday."
    a = _article(gp, parse, text)
    assert "england" not in a.team_keys  # a country: only that mention
    assert text.index("England") + len("England") in a.team_ends
    places, _, _ = _places(gp, parse, text)
    assert [(p.text, p.role) for p in places] == [("England", TEAM), ("England", "place")]


def test_a_typed_place_is_no_team_elsewhere(gp, parse):
    text = "Burnley have signed a defender. The town of Burnley welcomed the news."
    a = _article(gp, parse, text)
    assert "burnley" not in a.team_keys


def test_in_a_sports_report_a_town_without_place_context_is_a_club(gp, parse):
    text = (
        "Wigan have signed a striker. Burnley were beaten again. "
        "The winger had been linked with Preston for months. Fans met in Preston on Sunday."
    )
    a = _article(gp, parse, text)
    assert a.sport
    places, _, _ = _places(gp, parse, text)
    preston = [(p.text, p.role) for p in places if p.text == "Preston"]
    assert preston == [("Preston", TEAM), ("Preston", "place")], preston


def test_companies_alone_make_no_sports_report(gp, parse):
    text = "Toyota's chief executive spoke. Ford's shares fell. Staff at Preston were told."
    assert not _article(gp, parse, text).sport
