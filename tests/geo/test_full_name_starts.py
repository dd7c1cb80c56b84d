"""``geo.article.full_name_starts`` gives what the regular expression it replaces gives."""

import random
import re

from eventcoder.geo.article import full_name_starts


def _regex(text: str, given: str, surname: str) -> list[int]:
    rx = re.compile(rf"\b{re.escape(given)}\s+(?:[A-Z][\w.'’-]*\s+)?{re.escape(surname)}\b")
    return [m.start() for m in rx.finditer(text)]


def test_invented_text() -> None:
    text = (
        "Mara Quint spoke. Later Mara J. Quint and Mara  Quintana met Mara\nQuint; "
        "Mara Quint_s, xMara Quint, Mara O'Hara Quint, Mara quint Quint, Mara Quint."
    )
    for given, surname in (("Mara", "Quint"), ("Mara", "Quintana"), ("Quint", "Mara"), ("J.", "Quint")):
        assert full_name_starts(text, given, surname) == _regex(text, given, surname)
    # not "Mara Quint_s", "xMara Quint" nor "Mara quint Quint"
    assert full_name_starts(text, "Mara", "Quint") == [0, 24, 61, 100, 137]


def test_random_text_against_the_regex() -> None:
    rng = random.Random(7)
    parts = ["Ann", "Roe", " ", "  ", "\n", "A.", "O'Neil", "-", "_", "é", "X", "Roe_", "’s", "1", ".", "\u00a0", "Ro"]
    pairs = (("Ann", "Roe"), ("A.", "Roe"), ("Ann", "Ro"), ("O'Neil", "Roe_"), ("-", "Roe"), ("Ann", "’s"), ("é", "X"), (" Ann", "Roe"))
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 12)))
        for given, surname in pairs:
            assert full_name_starts(text, given, surname) == _regex(text, given, surname), (text, given, surname)
