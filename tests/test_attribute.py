"""Who said it: attribution inside a sentence, across a quotation, and through pronouns."""

from __future__ import annotations


def _by(coded, trigger):
    (e,) = [e for e in coded.events if trigger in e.trigger]
    return [(r.name or r.text) for r in e.reported_by]


def _texts(coded, trigger):
    (e,) = [e for e in coded.events if trigger in e.trigger]
    return [r.text for r in e.reported_by]


def test_according_to(pipeline):
    coded = pipeline.code_text("Five civilians were killed in an airstrike on Idlib, according to the Syrian Observatory for Human Rights.", published="2020-02-03")
    assert _by(coded, "killed") == ["Syrian Observatory for Human Rights"]


def test_said_that_clause(pipeline):
    coded = pipeline.code_text("Police said gunmen attacked a bus near Mandera on Friday.", published="2020-02-03")
    assert any("Police" in x for x in _by(coded, "attacked"))


def test_quotation_across_sentences(pipeline):
    text = '"Militants attacked the checkpoint at dawn. They killed three soldiers," the provincial governor said.'
    coded = pipeline.code_text(text, published="2020-02-03")
    assert _by(coded, "attacked") and _by(coded, "attacked") == _by(coded, "killed")
    assert "governor" in coded.events[0].reported_by[0].text


def test_pronoun_source_refers_to_the_last_named_source(pipeline):
    text = (
        "The Syrian Observatory for Human Rights said on Sunday that ISIL militants withdrew from the town.\n"
        "It said the army shelled the outskirts overnight."
    )
    coded = pipeline.code_text(text, published="2017-11-20")
    assert _by(coded, "shelled") == ["Syrian Observatory for Human Rights"]


def test_unattributed_event_has_no_source(pipeline):
    coded = pipeline.code_text("Rebels attacked a police station in Kidal on Monday.", published="2020-02-03")
    assert _by(coded, "attacked") == []


# --------------------------------------------------------------------------- frames only (issue 12)


def test_a_later_speaker_does_not_claim_earlier_events(pipeline):
    text = (
        "Gunmen stormed a police post in Kidal on Monday.\n"
        "The envoy said the talks in Algiers would resume next week."
    )
    coded = pipeline.code_text(text, published="2020-02-03")
    assert _by(coded, "stormed") == []


def test_an_unclosed_quotation_does_not_leak_into_later_paragraphs(pipeline):
    text = (
        'The council called the launch "a clear threat to peace.\n'
        "Separately, soldiers arrested two smugglers near the border on Tuesday.\n"
        "The minister said the border would stay closed."
    )
    coded = pipeline.code_text(text, published="2020-02-03")
    assert _by(coded, "arrested") == []


def test_quotation_with_its_speaker_after_it_and_its_continuation(pipeline):
    text = (
        '"Rebels shelled the market at noon," the mayor told reporters. '
        '"Then they attacked the clinic."'
    )
    coded = pipeline.code_text(text, published="2020-02-03")
    assert any("mayor" in x for x in _texts(coded, "shelled"))
    assert _by(coded, "attacked") == _by(coded, "shelled")


def test_he_said_refers_to_the_last_named_person_not_an_organisation(pipeline):
    text = (
        "Colonel Ahmed Hassan, an army spokesman, told reporters in Mosul that the city was calm.\n"
        "The United Nations has called for calm.\n"
        "He said militants attacked a checkpoint overnight."
    )
    coded = pipeline.code_text(text, published="2020-02-03")
    (e,) = [e for e in coded.events if "attacked" in e.trigger]
    (a,) = e.reported_by
    assert a.text == "He" and a.name is not None and "Hassan" in a.name


def test_a_framing_noun_attributes_its_clause(pipeline):
    coded = pipeline.code_text(
        "Reporters questioned the governor's claim that troops shelled the village on Sunday.", published="2020-02-03"
    )
    assert any("governor" in x for x in _texts(coded, "shelled"))


def test_a_relative_clause_is_the_journalist_s_not_the_speaker_s(pipeline):
    coded = pipeline.code_text(
        "The minister demanded the release of the reporter, who was arrested by police in March.", published="2020-02-03"
    )
    assert _by(coded, "arrested") == []


def test_a_self_report_is_kept_by_default_and_dropped_on_request(pipeline):
    from eventcoder.pipeline import Pipeline, load_config

    text = "The prime minister said he had met the opposition leader on Saturday."
    cfg = load_config()
    cfg["components"]["attribution"] = {"factory": "attribution", "self_reports": False}
    kept = pipeline.code_text(text, published="2020-02-03")
    dropped = Pipeline(config=cfg).code_text(text, published="2020-02-03")
    (k,) = [e for e in kept.events if "met" in e.trigger]
    (d,) = [e for e in dropped.events if "met" in e.trigger]
    assert [a.text for a in k.reported_by] == ["prime minister"]
    assert k.source_actor is not None  # "he", the prime minister himself: a self-report
    assert d.reported_by == []


# --------------------------------------------------------------------------- quotations (no parse)


def test_quote_spans_pair_curly_nested_and_straight_marks_per_paragraph():
    from eventcoder.attribute import quote_spans

    text = 'She said: “I would rather live in what he calls “hell” than here.” Then "two".\n“Open to the end'
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == ["“I would rather live in what he calls “hell” than here.”", '"two"', "“Open to the end"]


def test_surface_speaker_reads_who_closes_or_opens_a_quotation():
    from eventcoder.attribute import surface_speaker

    assert surface_speaker(" the provincial governor said on Friday.", "")[0] == "provincial governor"
    assert surface_speaker(" said Aidan Brennan, a tax adviser.", "")[0] == "Aidan Brennan"
    assert surface_speaker(" ― Maria Lopez", "")[0] == "Maria Lopez"
    assert surface_speaker("", "The senator told the crowd: ")[0] == "senator"
    assert surface_speaker(" Police said more arrests were likely.", "", closed_sentence=True) is None


def test_a_participle_elaborates_the_act_and_does_not_report_it(pipeline):
    coded = pipeline.code_text(
        "Troops stormed the compound on Monday, saying it was a weapons depot.", published="2020-02-03"
    )
    assert _by(coded, "stormed") == []


def test_according_to_reports_a_plan_rather_than_its_planner(pipeline):
    coded = pipeline.code_text("The envoy plans to visit Kabul next week, according to an embassy aide.", published="2020-02-03")
    assert _texts(coded, "visit") == ["embassy aide"]
