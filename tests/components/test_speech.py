"""``speech``: statements typed by what was said, proposed as drafts the lexicon never makes.

Sentences are paraphrases written for these tests (no eval-set text)."""

from __future__ import annotations

import pytest

from eventcoder.components.speech import (
    DENSE_DIMS,
    VERBAL_TYPES,
    Speech,
    SpeechModel,
    _speech_verb,
    clause_features,
    dense_features,
    features,
    load_model,
    parse_features,
    reported_clause,
)
from eventcoder.errors import ConfigError
from eventcoder.nlp import load_model as load_spacy

UPTO = ["focus", "triggers", "relevance", "speech", "roles", "modality", "dates", "places", "actors", "acled", "intent", "backrefs", "attribution", "detect"]
CRITICISM = "Party leaders said the ministry had ignored warnings for years and the failure was disgraceful."
PRAISE = "The charity said it welcomed the decision and praised the volunteers."
FACT = "Police said three men were arrested near the market on Tuesday."
# these tests check the component's mechanism at a gate of 0.4 (how well the shipped model
# separates statements is measured by `eventcoder eval` and train_speech.py's cross-validation)
ON = {"speech": {"model": "speech.json", "threshold": 0.4, "propose_threshold": 0.4}}


def test_features_read_the_speech_form_and_the_content_cues() -> None:
    f = features(CRITICISM)
    assert "verb=said" in f and "cue=criticism" in f and "w=disgraceful" in f
    assert "cue=praise" in features(PRAISE)
    # no verb of saying: nothing to classify
    assert features("The government had done nothing for years.") == ["bias"]


def test_the_shipped_model_types_statements_by_their_content() -> None:
    m = load_model()
    assert set(m.classes) <= {"none", *VERBAL_TYPES} and "none" in m.classes
    assert m.meta["labels"]["none"] > 0 and m.propose_threshold < m.threshold
    etype, p = m.best(CRITICISM)
    assert etype == "ACCUSE" and p >= m.propose_threshold
    etype, p = m.best(PRAISE)
    assert etype == "SUPPORT" and p >= m.threshold
    # a report of a physical act, and an ACLED-style sourced note: not a speech act
    assert m.best(FACT)[1] < m.propose_threshold
    assert m.best("According to local sources, two people were injured when a grenade exploded near a checkpoint.")[1] < m.propose_threshold


def test_a_criticism_without_a_lexicon_trigger_becomes_a_speech_draft(analyse) -> None:
    ctx = analyse(CRITICISM + " " + FACT, UPTO, published="2021-03-04", settings=ON)
    speech = [d for d in ctx.drafts if d.origin == "speech"]
    assert len(speech) == 1
    d = speech[0]
    assert d.type == "ACCUSE" and d.sentence.text == CRITICISM
    assert ctx.article.text[d.trigger_start : d.trigger_end] == "said"
    assert d.src_span is not None and d.doc[d.src_span.head].text == "leaders"
    # kept by detect on the speech model's gate; its p_event is that probability times the
    # detector's reading of the context ([components.detect] score_speech)
    assert d.speech is not None and d.speech[0] == d.type and d.speech[1] >= ON["speech"]["threshold"]
    assert d.p_event is not None and 0.0 < d.p_event <= d.speech[1]
    assert not any(x.sentence.text == FACT and x.origin == "speech" for x in ctx.drafts)


def test_without_the_component_the_sentence_is_not_even_parsed(analyse) -> None:
    without = [c for c in UPTO if c != "speech"]
    ctx = analyse(CRITICISM, without, published="2021-03-04", settings=ON)
    assert not ctx.parsed and not ctx.drafts
    ctx = analyse(CRITICISM, UPTO, published="2021-03-04", settings=ON)
    assert [p.sentence.text for p in ctx.parsed] == [CRITICISM]


def test_a_lexicon_draft_of_a_verbal_type_is_not_doubled(analyse) -> None:
    text = "The foreign minister accused the neighbouring government of lying about the shelling, officials said."
    ctx = analyse(text, UPTO[:4], published="2021-03-04", settings=ON)
    accuse = [d for d in ctx.drafts if d.origin == "lexicon" and d.type == "ACCUSE"]
    assert accuse and not [d for d in ctx.drafts if d.origin == "speech"]
    assert all(d.speech is not None for d in accuse)  # the reading is offered as a feature


def test_a_gate_of_one_keeps_every_statement_out(analyse, pipeline) -> None:
    ctx = analyse(CRITICISM, UPTO[:3], published="2021-03-04", settings=ON)
    ctx.parsed = analyse(CRITICISM, UPTO[:4], published="2021-03-04", settings=ON).parsed
    Speech(load_model(), threshold=1.01)(ctx)
    assert not ctx.drafts


def test_a_broken_model_is_a_coded_config_error() -> None:
    with pytest.raises(ConfigError) as err:
        SpeechModel({"classes": ["ACCUSE", "GOSSIP"], "bias": {}, "weights": {}, "threshold": 0.5, "propose_threshold": 0.3})
    assert err.value.code == "E350"
    with pytest.raises(ConfigError) as err:
        load_model("no-such-speech-model.json")
    assert err.value.code == "E351"


def _parse(text: str):
    return load_spacy()(text)


def test_the_reported_clause_is_read_from_the_parse() -> None:
    # a complement after the verb, and a fronted clause with the reporting clause after it
    doc = _parse("The council said the new charges were plainly unaffordable.")
    tok = _speech_verb(doc)[0]
    assert tok.text == "said" and reported_clause(tok).lemma_ == "be"
    f = parse_features(doc, tok)
    assert "cp=unaffordable" in f and "csubj=np" in f and "cneg=False" in f and "sv=say" in f
    doc = _parse("The levy is not open to discussion, the treasurer said.")
    f = clause_features(doc)
    assert "cneg=True" in f and "cmod=none" in f and "c_quoted=False" in f


def test_the_reporting_verb_nearest_the_root_is_the_sentences_speech_verb() -> None:
    # spaCy makes a new Token on every access: the climb to the root compares indices, so the
    # main clause's verb of saying wins over one in a fronted adverbial clause
    doc = _parse("After aides said the vote was close, the governor announced the budget would pass.")
    assert _speech_verb(doc)[0].text == "announced"


def test_a_root_according_reports_no_clause() -> None:
    doc = _parse("According to officials in the capital.")
    tok = next(t for t in doc if t.lower_ == "according")
    assert tok.dep_ == "ROOT" and reported_clause(tok) is None


def test_the_clauses_own_first_person_subject_is_not_also_a_first_person_word() -> None:
    f = clause_features(_parse('"We will fight the ruling in every court," the union said.'))
    assert "csubj=1st" in f and "c_first" not in f
    f = clause_features(_parse('"They will fight us in every court," the union said.'))
    assert "c_first" in f


def test_first_person_future_and_quotation_are_features() -> None:
    f = clause_features(_parse('"We are going to answer with sanctions," the envoy said.'))
    assert {"cmod=future", "csubj=1st", "cmod_subj=future|1st", "c_quoted=True"} <= set(f)
    f = clause_features(_parse("The mayor said she would never sign the budget."))
    assert {"cmod=conditional", "cneg=True", "csubj=pron", "cp=sign"} <= set(f)
    f = clause_features(_parse("The regulator said the firm should repay its customers."))
    assert "cmod=deontic" in f


def test_a_sentence_without_a_speaker_has_only_a_marker() -> None:
    assert clause_features(_parse("Heavy rain fell over the valley on Monday.")) == ["clause=nospeaker"]


def test_dense_features_are_two_word_vectors() -> None:
    text = "The union said the closure was a betrayal of the workers."
    d = dense_features(text, _parse(text))
    assert len(d) == 2 * DENSE_DIMS and any(x != 0.0 for x in d[:DENSE_DIMS]) and any(x != 0.0 for x in d[DENSE_DIMS:])


def test_a_parse_model_scores_unparsed_sentences_with_its_surface_model() -> None:
    surface = {"bias": {"none": 0.0, "ACCUSE": 0.0}, "weights": {"w=betrayal": {"ACCUSE": 3.0}}}
    data = {"classes": ["none", "ACCUSE"], "bias": {"none": 0.0, "ACCUSE": -5.0}, "weights": {"csubj=np": {"ACCUSE": 1.0}},
            "threshold": 0.5, "propose_threshold": 0.4, "features": "parse", "surface": surface,
            "dense": {"none": [0.0] * (2 * DENSE_DIMS), "ACCUSE": [0.0] * (2 * DENSE_DIMS)}}
    m = SpeechModel(data)
    text = "The union said the closure was a betrayal of the workers."
    etype, p = m.best(text)  # before parsing: the surface weights
    assert etype == "ACCUSE" and p > 0.9
    etype, p = m.best(text, _parse(text))  # parsed: the full weights (bias -5 + csubj=np 1)
    assert etype == "ACCUSE" and p < 0.1
    with pytest.raises(ConfigError) as err:
        SpeechModel({**data, "dense": {"none": [0.0] * 3, "ACCUSE": [0.0] * 3}})
    assert err.value.code == "E350"


def test_without_score_speech_a_speech_draft_keeps_its_own_probability(analyse) -> None:
    settings = {**ON, "detect": {"score_speech": False}}
    ctx = analyse(CRITICISM, UPTO, published="2021-03-04", settings=settings)
    d = next(d for d in ctx.drafts if d.origin == "speech")
    assert d.speech == (d.type, d.p_event)


QUOTED = (
    "The harbour commissioner spoke to reporters on Friday.\n"
    '"The port authority has failed this town," Ms Okafor said. '
    '"Its managers have been incompetent and reckless for years, and they are a disgrace."'
)
QUOTES_ON = {"speech": {"model": "speech.json", "threshold": 0.4, "propose_threshold": 0.4, "quotes": True}}


def test_a_quoted_sentence_is_read_as_the_clause_of_a_report_in_another_sentence() -> None:
    from eventcoder.attribute import quote_spans
    from eventcoder.components.speech import (
        QUOTE_FORM,
        quote_clause_features,
        quote_reported,
        quoted_in,
    )

    text = QUOTED
    quotes = quote_spans(text)
    second = text.index('"Its managers')
    qi = quoted_in(quotes, second, len(text), text)
    assert qi is not None and quote_reported(text, quotes, qi)
    # the first line has no quotation at all
    assert quoted_in(quotes, 0, text.index("\n"), text) is None
    assert "verb=" + QUOTE_FORM in features(text[second:], QUOTE_FORM)
    nlp = load_spacy()
    f = quote_clause_features(nlp(text[second:]))
    assert "c_quoted=True" in f and any(x.startswith("cp=") for x in f)


def test_a_quotation_without_a_named_report_is_not_a_candidate() -> None:
    from eventcoder.attribute import quote_spans
    from eventcoder.components.speech import quote_reported, quoted_in

    text = 'The sign on the door read "Closed for the winter. Back in spring."'
    quotes = quote_spans(text)
    qi = quoted_in(quotes, text.index("Closed"), len(text), text)
    assert qi is None or not quote_reported(text, quotes, qi)


def test_a_quoted_statement_is_the_speakers_act(analyse) -> None:
    ctx = analyse(QUOTED, UPTO, published="2021-03-04", settings=QUOTES_ON)
    quoted = [d for d in ctx.drafts if d.quoted]
    assert quoted, [(d.type, d.sentence.text) for d in ctx.drafts]
    d = quoted[0]
    assert d.origin == "speech" and d.type in VERBAL_TYPES
    assert "Its managers" in d.sentence.text
    # the source is the speaker named in the sentence before, not the quoted clause's subject
    assert d.source_actor is not None and "Okafor" in (d.source_actor.name or "")
    # off by default: no quoted drafts
    off = analyse(QUOTED, UPTO, published="2021-03-04", settings=ON)
    assert not any(x.quoted for x in off.drafts)


def test_cue_classes_read_as_the_padded_sentence_search() -> None:
    """``features`` finds a one-word cue by the sentence's token set and a cue of several
    words by a padded substring search: the same classes and counts as searching every cue,
    padded, in the padded sentence."""
    from eventcoder.components import speech

    multi = sorted(w for cue in speech.CUE_CLASSES.values() for w in cue if " " in w)
    single = sorted(w for cue in speech.CUE_CLASSES.values() for w in cue if " " not in w)
    assert multi and single
    texts = [
        f"The minister said the plan was {single[0]} and {single[1]}.",
        f"\"We {multi[0]} this,\" the spokesman said on Monday.",
        f"He said they {multi[-1]} and {single[-1]}, according to the report.",
        "Officials said nothing else happened in the town.",
        f"{single[2].capitalize()} {single[2]}, she said.",
    ]

    def padded_reading(text: str) -> list[str]:
        toks = speech.tokens(text)
        joined = " " + " ".join(toks) + " "
        out = []
        for name, cue in speech.CUE_CLASSES.items():
            hits = [w for w in cue if (" " + w + " ") in joined]
            if hits:
                out += ["cue=" + name, "cue_n=" + name + "|" + ("1" if len(hits) == 1 else "2+")]
        return out

    for text in texts:
        for form in (None, "said"):
            got = [f for f in speech.features(text, form) if f.startswith(("cue=", "cue_n="))]
            want = padded_reading(text) if speech.speech_form(speech.tokens(text)) or form else []
            if want == [] and (speech.speech_form(speech.tokens(text)) or form):
                want = ["cue=none"]
            assert got == want, text
