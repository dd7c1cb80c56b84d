"""He/she agreement shared by the actor and attribution components (issue 12): a person's
gender comes only from the article (an honorific, a he/she resolved to them earlier), and a
he/she looks back over a few persons for one not shown to be of the other gender. Names and
sentences are invented."""

from __future__ import annotations

from eventcoder.actors.gender import (
    RECENT_PEOPLE,
    honorific_gender,
    nearest_agreeing,
    pronoun_gender,
)
from eventcoder.components.actors import People, Person


def _person(name: str, start: int, honorific: str | None = None) -> Person:
    return Person(name, start, start + len(name), None, None, frozenset(), honorific=honorific)


def test_pronouns_and_honorifics_show_a_gender() -> None:
    assert [pronoun_gender(w) for w in ("He", "him", "his", "she", "Her", "they", "it")] == ["m", "m", "m", "f", "f", None, None]
    assert [honorific_gender(w) for w in ("Mr", "Mr.", "ms", "Mrs", "Dr", None)] == ["m", "m", "f", "f", None, None]


def test_nearest_agreeing_skips_the_other_gender_within_the_bound() -> None:
    shown = {"ana": "f", "tom": "m"}
    assert nearest_agreeing(["tom", "ana"], "he", shown.get) == "tom"
    assert nearest_agreeing(["tom", "ana"], "she", shown.get) == "ana"
    assert nearest_agreeing(["tom", "lee"], "she", shown.get) == "lee"  # no gender shown: fits
    assert nearest_agreeing(["ana"], "he", shown.get) is None
    far = ["tom"] + ["ana"] * RECENT_PEOPLE
    assert nearest_agreeing(far, "he", shown.get) is None  # bounded look-back
    assert nearest_agreeing(["tom", "ana"], "they", shown.get) == "ana"


def test_he_skips_a_woman_the_article_calls_ms() -> None:
    people = People([_person("Carl Ortega", 0), _person("Nadia Brill", 50, honorific="Ms")])
    assert people.before(100).name == "Nadia Brill"  # no pronoun: the last person, as before
    assert people.before(100, pronoun="he").name == "Carl Ortega"
    assert people.before(100, pronoun="she").name == "Nadia Brill"


def test_a_pronoun_with_one_person_to_take_shows_the_gender() -> None:
    people = People([_person("Nadia Brill", 0), _person("Carl Ortega", 50), _person("Brill", 80)])
    assert people.before(30, pronoun="she").name == "Nadia Brill"  # no one else yet: she is Brill
    # a later "he" skips back over Brill to Ortega, a later "she" still takes her
    assert people.before(100, pronoun="he").name == "Carl Ortega"
    assert people.before(120, pronoun="her").name == "Nadia Brill"


def test_a_pronoun_with_a_choice_shows_no_gender() -> None:
    people = People([_person("Carl Ortega", 0), _person("Nadia Brill", 50)])
    assert people.before(100, pronoun="she").name == "Nadia Brill"  # the nearest, as before
    assert people.gender_of(people.persons[1]) is None  # but it may have been wrong: nothing learnt
    assert people.before(120, pronoun="he").name == "Nadia Brill"


def test_a_surname_remention_is_the_same_person() -> None:
    people = People([_person("Nadia Brill", 0, honorific="Ms"), _person("Carl Ortega", 30), _person("Brill", 60)])
    assert people.before(100, pronoun="he").name == "Carl Ortega"


def test_conflicting_honorifics_show_no_gender() -> None:
    people = People([_person("Lee", 0, honorific="Mr"), _person("Lee", 30, honorific="Ms")])
    assert "lee" not in people.gender
    assert people.before(100, pronoun="she").name == "Lee"


def test_all_of_the_other_gender_is_no_one() -> None:
    people = People([_person("Nadia Brill", 0, honorific="Mrs")])
    assert people.before(100, pronoun="he") is None
