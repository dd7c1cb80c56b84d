"""Issue 12, ninth session: doers and patients a sentence states inside the act's own phrase or
through a verb of facing, searching or organising. Sentences are invented, of the kinds the
dev error table lists."""

from __future__ import annotations

import pytest

from eventcoder.roles import roles


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.nlp


def _roles(nlp, text: str, trigger: str, etype: str | None = None) -> tuple[str | None, str | None]:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    src, tgt = roles(tok, etype)
    return (doc[src.start : src.end].text if src else None, doc[tgt.start : tgt.end].text if tgt else None)


def test_the_ringleader_of_an_act_is_its_source(nlp) -> None:
    # the possessor is a time ("Sunday's"), not a doer; the span stops before the act
    assert _roles(nlp, "Reports said the ringleader of Sunday's bombing in the port had been watched by detectives.", "bombing")[0] == "ringleader"
    assert _roles(nlp, "Prosecutors questioned the mastermind of the ambush for six hours.", "ambush")[0] == "mastermind"


def test_who_is_involved_in_or_responsible_for_an_act_is_its_source(nlp) -> None:
    assert _roles(nlp, "The court sent a file about those involved in the foiled raid to the ministry.", "raid")[0] == "those involved"
    src, tgt = _roles(nlp, "Officers in Lille hunted a woman thought to be responsible for a Sunday explosion which wounded four people.", "wounded")
    assert src == "woman thought to be responsible" and tgt == "four people"


def test_a_hyphenated_participle_names_the_doer(nlp) -> None:
    assert _roles(nlp, "After a union-called strike, the mayor closed the market.", "strike", "PROTEST")[0] == "union"
    # the subject of the verb is the act: its doer is the verb's source
    assert _roles(nlp, "A rebel-claimed ambush killed six guards near the border.", "killed")[0] == "rebel"


def test_a_protest_called_for_is_the_callers(nlp) -> None:
    assert _roles(nlp, "The teachers' union on Monday called for two days of nationwide protests.", "protests", "PROTEST")[0] == "teachers' union"
    # only for protests: talks called for are not the caller's own act
    assert _roles(nlp, "The envoy called for two days of talks.", "talks", "CONSULT")[0] != "envoy"


def test_who_faces_or_is_on_trial_is_the_target(nlp) -> None:
    assert _roles(nlp, "Marek Novak is on trial on charges of arson.", "trial", "ACCUSE")[1] == "Marek Novak"
    assert _roles(nlp, "The former governor faces charges of fraud.", "charges", "ACCUSE")[1] == "former governor"


def test_who_is_searched_for_is_the_target(nlp) -> None:
    assert _roles(nlp, "Police in Leeds are hunting for a gunman after a shop was robbed.", "hunting") == ("Police", "gunman")
    # a thing searched for is no participant
    assert _roles(nlp, "Divers are searching for the wreckage.", "searching")[1] is None


def test_a_relative_clause_on_an_adjectival_apposition(nlp) -> None:
    # the tagger may read "the British-Libyan" as an adjective in apposition: a noun phrase
    # all the same, so "who" stands for the named person it is in apposition to
    from spacy.tokens import Doc

    from eventcoder.roles import unrelative

    words = ["Aides", "of", "Omar", "Haddad", ",", "the", "British", "-", "Syrian", "who", "carried", "out", "the", "stabbing", ",", "spoke", "."]
    heads = [15, 0, 3, 1, 3, 8, 8, 8, 3, 10, 8, 10, 13, 10, 3, 15, 15]
    deps = ["nsubj", "prep", "compound", "pobj", "punct", "det", "compound", "punct", "appos", "nsubj", "relcl", "prt", "det", "dobj", "punct", "ROOT", "punct"]
    pos = ["NOUN", "ADP", "PROPN", "PROPN", "PUNCT", "DET", "PROPN", "PUNCT", "ADJ", "PRON", "VERB", "ADP", "DET", "NOUN", "PUNCT", "VERB", "PUNCT"]
    tags = ["NNS", "IN", "NNP", "NNP", ",", "DT", "NNP", "HYPH", "JJ", "WP", "VBD", "RP", "DT", "NN", ",", "VBD", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags)
    assert unrelative(doc[9]).text == "Haddad"


def test_an_appeal_to_contact_someone_is_theirs(nlp) -> None:
    assert _roles(nlp, "Anybody who saw the robbery is urged to call police.", "urged")[0] == "police"
    # a thing to be called is no appealer
    assert _roles(nlp, "Drivers were urged to call a hotline.", "urged")[0] is None
