"""geo.article: the person names an article confirms (``_full_names``), judged once per name."""

from __future__ import annotations

import re

from eventcoder.geo.article import read_article
from eventcoder.nlp import split_sentences


def _read(gp, nlp, text: str):
    sents = split_sentences(text)
    docs = list(nlp.pipe([s.text for s in sents]))
    return read_article(gp.gaz, text, docs, [s.start for s in sents]), docs


def test_a_full_name_whose_surname_recurs_alone_is_confirmed(gp, nlp) -> None:
    # invented wording; the full name appears three times, the surname alone twice
    text = (
        "Interior minister Daniel Okafor visited the flooded district on Monday. "
        "Daniel Okafor said help would come. Residents cheered when Daniel Okafor left. "
        "Okafor promised new levees, and Okafor's aides said the work starts in June."
    )
    a, docs = _read(gp, nlp, text)
    persons = [e for d in docs for e in d.ents if e.label_ == "PERSON" and len(e) >= 2]
    assert len(persons) >= 2  # the same name, judged once
    assert "okafor" in a.known_surnames
    # the count the rule reads: the surname as a whole word, as the regex counts it
    assert len(re.findall(r"\bOkafor\b", text)) == 5


def test_a_surname_with_an_apostrophe_is_counted_as_a_whole_word(gp, nlp) -> None:
    text = (
        "Senator Maeve O'Dwyer opened the inquiry in Dublin on Tuesday. "
        "O'Dwyer said the hearings would be public, and O'Dwyer later took questions."
    )
    a, docs = _read(gp, nlp, text)
    names = [e.text for d in docs for e in d.ents if e.label_ == "PERSON"]
    assert "Maeve O'Dwyer" in names  # the small model's reading
    assert "o'dwyer" in a.known_surnames  # "O'Dwyer" alone twice: \b...\b, not a word count


def test_a_name_never_used_alone_is_not_confirmed(gp, nlp) -> None:
    text = "Fans of West Surrey Racing cheered as the team won again in Brands Hatch on Sunday."
    a, _ = _read(gp, nlp, text)
    assert "racing" not in a.known_surnames
