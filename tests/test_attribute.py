"""Who said it: attribution inside a sentence, across a quotation, and through pronouns."""

from __future__ import annotations


def _event(coded, trigger):
    """The one event told by ``trigger``: its own trigger or one of its mentions' (an act and
    its consequence clause, "attacked … They killed", are one event with two mentions)."""
    (e,) = [
        e for e in coded.events
        if trigger in e.trigger or any(trigger in (m.get("trigger") or {}).get("text", "") for m in e.mentions)
    ]
    return e


def _by(coded, trigger):
    return [(r.name or r.text) for r in _event(coded, trigger).reported_by]


def _texts(coded, trigger):
    return [r.text for r in _event(coded, trigger).reported_by]


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


def test_a_self_report_is_dropped_by_default_and_kept_on_request(pipeline):
    """The news-events guidelines leave an actor's report of its own act unattributed;
    ``self_reports = true`` keeps it (PolNeAR's convention)."""
    from eventcoder.pipeline import Pipeline, load_config

    text = "The prime minister said he had met the opposition leader on Saturday."
    cfg = load_config()
    cfg["components"]["attribution"] = {"factory": "attribution", "self_reports": True}
    kept = Pipeline(config=cfg).code_text(text, published="2020-02-03")
    dropped = pipeline.code_text(text, published="2020-02-03")
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


# --------------------------------------------------------------------------- frames and speakers (issue 12 item 5)


def test_a_denied_report_s_content_clause_is_the_denier_s(pipeline):
    """"reports that a deal had been offered" is a content clause, not a description."""
    coded = pipeline.code_text("The opposition leader denied reports that soldiers had attacked the convoy.", published="2020-02-03")
    assert any("opposition leader" in x for x in _texts(coded, "attacked"))


def test_according_to_covers_a_relative_clause_of_the_main_clause(pipeline):
    coded = pipeline.code_text(
        "The boy who was shot outside a shop on Elm Street died in hospital, according to the sheriff's office.",
        published="2020-02-03",
    )
    assert any("sheriff" in x for x in _texts(coded, "shot"))


def test_as_with_a_verb_that_is_not_speech_is_no_reporting_clause(pipeline):
    coded = pipeline.code_text(
        "Students called for a week of nationwide protests as the ministry showed no sign of backing down.",
        published="2020-02-03",
    )
    assert _by(coded, "protests") == []


def test_a_speaker_s_apposition_does_not_name_them(pipeline):
    """"Marta, a Caracas nurse" is Marta, not the government of Caracas."""
    coded = pipeline.code_text(
        "Marta, a Caracas nurse, said she and her colleagues were threatened by armed men outside the clinic.",
        published="2017-07-20",
    )
    (e,) = [e for e in coded.events if "threatened" in e.trigger]
    (a,) = e.reported_by
    assert a.name == "Marta" and a.text.startswith("Marta")


def test_a_self_report_found_through_the_clause_s_pronoun_subject(pipeline):
    """No actor coded: "he" in "the commissioner says he is demanding" is the speaker."""
    coded = pipeline.code_text(
        "The information commissioner says he is urgently demanding the release of the deleted e-mails.",
        published="2005-02-07",
    )
    for e in coded.events:
        if "demand" in e.trigger or "release" in e.trigger:
            assert e.reported_by == []


def test_a_third_person_inside_a_direct_quotation_is_not_the_speaker(pipeline):
    """A person quoted speaks of themselves as "I": "he" is someone else — not a self-report."""
    coded = pipeline.code_text(
        'Senator Ruth Alvarez watched the debate on Tuesday.\n'
        '"He attacked a police officer outside the court on Monday," said Dana Cole, a law professor.',
        published="2016-09-20",
    )
    assert any("Dana Cole" in x for x in _texts(coded, "attacked"))


def test_a_quoted_he_resolved_to_the_speaker_is_someone_else(pipeline):
    """The actor component takes the nearest person for "he", here the quotation's speaker; in
    direct speech the speaker says "I", so "he" is the person named before: not a self-report."""
    coded = pipeline.code_text(
        'Senator Paul Kline spoke first at the forum. "I have apologised for my vote," Maria Ortiz said on Tuesday. '
        '"He refuses to apologise for his."',
        published="2016-09-20",
    )
    e = _event(coded, "refuses")
    assert e.source_actor.name == "Paul Kline"
    assert _by(coded, "refuses") == ["Maria Ortiz"]


def test_a_relative_clause_s_speech_verb_speaks_for_its_antecedent(pipeline):
    """ "X, who claimed that ...": the relative pronoun keeps its span and carries X's name;
    "which"/"that" on a noun that cannot speak (the parser may hang the clause there) do not."""
    coded = pipeline.code_text("The crowd cheered Donald Trump, who had claimed that rebels murdered the judge.", published="2016-09-20")
    (r,) = _event(coded, "murdered").reported_by
    assert r.text == "who" and r.name == "Donald Trump"
    coded = pipeline.code_text("The ministry, which said troops had arrested 40 protesters, declined to comment.", published="2016-09-20")
    assert _texts(coded, "arrested") == ["which"]
    from eventcoder.attribute import speech_sources
    from eventcoder.nlp import load_model

    doc = load_model()("They found a note inside the boat that said the bombings were revenge.")
    assert not [s for s in speech_sources(doc).values() if s.text == "that"]


def test_he_said_skips_a_person_the_article_calls_she(pipeline):
    """A "she said" resolved to Ana Ruiz shows her gender: a later "he said" is the person
    named before her, not her."""
    text = (
        'Carlos Mendez, the mayor, closed the clinic on Monday. Ana Ruiz, a nurse, was angry. '
        '"We have no medicine left," she said. At a rally last week, he said police would arrest the striking nurses.'
    )
    coded = pipeline.code_text(text, published="2016-09-20")
    assert _by(coded, "arrest") == ["Carlos Mendez"]


def test_quote_spans_survive_an_orphan_closing_mark_and_joined_paragraphs():
    from eventcoder.attribute import quote_spans

    # an orphan closing mark (its opening lost by the cleaner) must not invert later pairs,
    # and a re-opening mark inside an open quotation starts the next paragraph's quotation
    text = 'on jobs." Then he said: "We stay united. "The only reason we govern is to work." Mr Lee left.'
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == ['"We stay united. ', '"The only reason we govern is to work."']


def test_a_multi_sentence_quotation_keeps_its_speaker_across_joined_paragraphs(pipeline):
    text = (
        'Governor Amina Bello said: "Bandits raided the village at night. '
        '"They abducted twelve farmers before dawn." The police were not available for comment.'
    )
    coded = pipeline.code_text(text, published="2020-02-03")
    assert any("Bello" in x for x in _texts(coded, "raided"))
    assert _by(coded, "abducted") == _by(coded, "raided")


def test_a_statement_speaks_for_its_owner(pipeline):
    coded = pipeline.code_text(
        "Gunmen killed four policemen in northern Sinai, the Egyptian Interior Ministry's statement said.",
        published="2020-02-03",
    )
    (e,) = [e for e in coded.events if "killed" in e.trigger]
    (a,) = e.reported_by
    assert "Interior Ministry" in a.text and a.name is not None


def test_it_said_refers_to_the_organisation_named_before(pipeline):
    """No speaker named yet: "it" takes the nearest organisation mentioned before."""
    coded = pipeline.code_text(
        "Hezbollah closed the road to the border town on Friday.\n"
        "It said Israeli jets bombed a convoy near the crossing.",
        published="2020-02-03",
    )
    (e,) = [e for e in coded.events if "bombed" in e.trigger]
    (a,) = e.reported_by
    assert a.text == "It" and a.name == "Hezbollah"


def test_he_added_after_a_quotation_refers_to_a_titled_name_in_an_unparsed_sentence(pipeline):
    text = (
        "Colonel Idris Mahmoud, an army spokesman, met reporters in Kandahar on Monday.\n"
        '"Insurgents ambushed a convoy near the pass. They killed six soldiers," he added.'
    )
    coded = pipeline.code_text(text, published="2020-02-03")
    for trig in ("ambushed", "killed"):
        (a,) = _event(coded, trig).reported_by
        assert a.text == "he" and a.name is not None and "Idris Mahmoud" in a.name


def test_named_persons_read_titles_and_appositions():
    from eventcoder.attribute import named_persons

    found = [n for n, _, _ in named_persons("Mayor Lisa Grant and Omar Haddad, a local doctor, visited the Red Cross.")]
    assert found == ["Mayor Lisa Grant", "Omar Haddad"]


# --------------------------------------------------------------------------- the frame the parse hides (issue 12 item 5)


def _frame(pipeline, sentence, trigger):
    """The speakers ``sources_for`` finds for the first token ``trigger`` of a parsed sentence."""
    from eventcoder.attribute import sources_for, speech_sources
    from eventcoder.nlp import parse_form

    doc = pipeline.nlp(parse_form(sentence))
    (tok,) = [t for t in doc if t.text == trigger][:1]
    return [s.text for s in sources_for(tok, speech_sources(doc))]


def test_a_speech_verb_the_parser_read_as_a_noun_still_frames_its_clause(pipeline):
    """"Price charges that ..." parses as the noun phrase "Price charges" with a that-clause."""
    assert _frame(pipeline, "Price charges that companies that profit from the contract donated millions to the campaign.", "donated") == ["Price"]
    # a real noun keeps its determiner and frames nothing without an owner
    assert _frame(pipeline, "The charges that companies donated millions to the campaign were dropped.", "donated") == []


def test_a_curly_possessive_still_owns_its_claim(pipeline):
    found = _frame(pipeline, "The footage contradicts Dallas police’s earlier claim that the man had refused to drop the knife.", "refused")
    assert found == ["Dallas police"]


def test_a_claim_noun_s_participle_is_its_act_not_its_content(pipeline):
    """The tweets' accusing is what the tweets do; who reports it is the one who speaks of them."""
    assert _frame(pipeline, "She says the senator’s tweets accusing the judge of bias are false.", "accusing") == ["She"]
    # the noun's that-clause is still its content
    assert _frame(pipeline, "She rejected the senator’s claim that the judge had accepted bribes.", "accepted") == ["senator"]


def test_a_condition_inside_a_claim_is_the_claim_s(pipeline):
    found = _frame(pipeline, "A leaked memo shows what the farms would lose if troops blockaded the port.", "blockaded")
    assert found and "memo" in found[0]
    # a temporal clause under a demand stays the journalist's (the relative-clause rule)
    assert _frame(pipeline, "The minister urged officials to boost security after hackers targeted the ministry.", "targeted") == []


def test_a_reason_after_what_was_said_is_part_of_it(pipeline):
    found = _frame(pipeline, "Rep. Ann Cole said that claim smacked of hypocrisy, because Democrats had pushed the FBI not to prosecute bankers.", "prosecute")
    assert found and "Ann Cole" in found[0]


def test_according_to_at_the_end_of_the_last_conjunct_reports_the_coordination(pipeline):
    sentence = (
        "Ruiz is one of 90 people shot and wounded by gunmen this month and the second person shot and wounded by a masked man, "
        "according to a hospital registry."
    )
    assert _frame(pipeline, sentence, "wounded") == ["hospital registry"]


def test_a_self_report_inside_another_speaker_s_report_is_that_speaker_s(pipeline):
    """Moreno's vow to keep attacking is a self-report (left empty); Alvarez reports it."""
    inner = pipeline.code_text("Alvarez says Moreno vowed to keep attacking the governor.", published="2016-09-20")
    assert _by(inner, "attacking") == ["Alvarez"]
    alone = pipeline.code_text("Moreno vowed to keep attacking the governor.", published="2016-09-20")
    assert all(e.reported_by == [] for e in alone.events)


def test_a_pronoun_with_a_nearer_antecedent_is_not_the_speaker(pipeline):
    """"they" are the officers named between the source and the pronoun, not the prosecutors."""
    coded = pipeline.code_text("According to prosecutors, the officers stopped the car and they beat the driver.", published="2016-09-20")
    assert _texts(coded, "beat") == ["prosecutors"]
    own = pipeline.code_text("Police said they arrested two men on Sunday.", published="2016-09-20")
    assert _by(own, "arrested") == []


def test_a_generic_police_source_takes_the_department_the_article_names(pipeline):
    text = (
        "A 5-year-old boy was shot in Elmwood on Sunday, a police source told reporters.\n"
        "The Elmwood Police Department is investigating the shooting."
    )
    coded = pipeline.code_text(text, published="2016-09-20")
    assert _by(coded, "shot") == ["Elmwood Police Department"]
    # without a named department the generic entry stays
    alone = pipeline.code_text("A 5-year-old boy was shot in Elmwood on Sunday, a police source told reporters.", published="2016-09-20")
    assert _by(alone, "shot") != ["Elmwood Police Department"] and _by(alone, "shot")


def test_a_surface_speaker_ends_with_the_sentence_and_never_gets_a_false_span():
    from eventcoder.attribute import surface_speaker

    after = " said Okafor. “She certainly has not signed anything that would cost her.”"
    who, a, b = surface_speaker(after, "", False)
    assert who == "Okafor" and after[a:b] == "Okafor"
    # a title's full stop does not end the name
    assert surface_speaker(", said Sen. Maria Lopez.", "", False)[0] == "Sen. Maria Lopez"


def test_she_said_refers_to_the_person_her_sentence_is_about(pipeline):
    """The last speaker named before (a man) is not "she": the senator who scolds in the same
    sentence is."""
    text = (
        '"The clinic is a scam," said Peter Lang, a surgeon who writes a medical blog.\n'
        'Democratic Sen. Helen Marsh scolded him: "You attacked the nurses who warned you," she said.'
    )
    coded = pipeline.code_text(text, published="2016-09-15")
    assert _by(coded, "attacked") == ["Helen Marsh"]


def test_an_unowned_claim_noun_is_held_by_the_subject_that_presses_it(pipeline):
    found = _frame(pipeline, "Republicans persisted in arguments that the agency had shielded the contractor.", "shielded")
    assert found == ["Republicans"]
    found = _frame(pipeline, "She pointed to reports that the mayor fired the auditor as proof of his temper.", "fired")
    assert found == ["She"]
    # examining someone else's reports does not make them yours
    assert _frame(pipeline, "Police are investigating reports that a gunman fired at a bus.", "fired") == []


def test_a_statement_s_participle_speaks_for_who_issued_or_held_it(pipeline):
    found = _frame(pipeline, "The ministry issued a statement saying troops had killed 12 militants near the border.", "killed")
    assert found == ["ministry"]
    found = _frame(pipeline, "The governor said at a news conference announcing that her office was suing the company.", "suing")
    assert found == ["governor"]


def test_a_speaker_with_a_relative_clause_still_speaks_but_most_of_whom_does_not(pipeline):
    found = _frame(pipeline, "Ana Ruiz, who served as envoy to Peru until May, said the minister reached out to the rebels in 2009.", "reached")
    assert found and found[0].startswith("Ana Ruiz")
    found = _frame(pipeline, "The mayor praised 40 officers, most of whom had said the gang attacked the market.", "attacked")
    assert found == []


def test_an_act_asked_of_someone_else_is_not_a_self_report(pipeline):
    """The actor component may code the speaker as the doer of an infinitive the speaker asks
    of someone else; the parse's doer (the object: the governor, the officials) says it is not
    the speaker's own act, so the frame keeps its speaker. A subject-control infinitive ("decided
    not to recommend") stays a self-report."""
    asked = pipeline.code_text("The senator called on the governor to apologize for the remarks.", published="2020-02-03")
    assert _texts(asked, "apologize") == ["senator"]
    warned = pipeline.code_text(
        "The interior minister warned provincial officials to boost security at polling stations.", published="2020-02-03"
    )
    assert _texts(warned, "boost") == ["interior minister"]
    own = pipeline.code_text("The governor decided not to recommend charges against the officers.", published="2020-02-03")
    assert _by(own, "recommend") == []


def test_clause_doer_reads_subject_object_control_and_participles(pipeline):
    from eventcoder.attribute import clause_doer

    nlp = pipeline.nlp
    doc = nlp("The mayor asked residents to protest peacefully and to leave the square.")
    assert clause_doer(next(t for t in doc if t.text == "protest")).text == "residents"
    assert clause_doer(next(t for t in doc if t.text == "leave")).text == "residents"
    doc = nlp("The judge decided to dismiss the case brought by the suing states.")
    assert clause_doer(next(t for t in doc if t.text == "dismiss")).text == "judge"
    assert clause_doer(next(t for t in doc if t.text == "suing")).text == "states"
    doc = nlp("On Monday the senator called on the governor to resign over the report.")
    assert clause_doer(next(t for t in doc if t.text == "resign")).text == "governor"
    doc = nlp("The mayor thanked Ortiz for backing the new budget.")
    assert clause_doer(next(t for t in doc if t.text == "backing")).text == "Ortiz"
    doc = nlp("The killing of the farmers was condemned.")
    assert clause_doer(doc[1]) is None


def test_a_closing_curly_mark_shaped_as_an_opening_one_opens_a_quotation():
    from eventcoder.attribute import quote_spans

    text = "Readers wrote in.\n\u201dSadly, many voters back him.\u201d \u2015 Ana Ruiz\n\u201cNext,\u201d he said."
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans[0] == "\u201dSadly, many voters back him.\u201d"
    assert spans[1] == "\u201cNext,\u201d"


def test_transcript_labels_need_two_speakers():
    from eventcoder.attribute import transcript_labels, transcript_speaker

    text = 'Mayor: talks resume.\n"HOST: Will the strike go on?\n"GRANT: The union rejected the offer.\nMore.'
    labels = transcript_labels(text)
    assert transcript_speaker(labels, text, text.index("rejected"))[0] == "GRANT"
    assert transcript_speaker(labels, text, text.index("strike"))[0] == "HOST"
    assert transcript_speaker(labels, text, text.index("talks")) is None
    assert transcript_labels("UPDATE: Rebels attacked the town.\nThe army said nothing.") == {}
    # an answer of several paragraphs, each re-opened with a quotation mark, stays the speaker's
    text = text.replace("\nMore.", "") + '\n\n"It will go on.\n\nThe interview ended there.'
    labels = transcript_labels(text)
    assert transcript_speaker(labels, text, text.index("go on."))[0] == "GRANT"
    assert transcript_speaker(labels, text, text.index("ended")) is None


def test_a_transcript_paragraph_is_its_labelled_speaker_s(pipeline):
    text = (
        "Partial transcript of the interview:\n"
        '"HOST: Protesters marched on the ministry on Friday. Will the talks go on?\n'
        '"GRANT: The union rejected the offer and called a strike.'
    )
    coded = pipeline.code_text(text, published="2020-02-03")
    assert _texts(coded, "marched") == ["HOST"]


def test_a_quotation_s_speaker_is_never_its_own_words(pipeline):
    """A parse may take the quoted phrase for the subject of the reporting verb; the speaker
    is then read from the surface after the quotation, and the next quotation continues it."""
    text = (
        '"My verdict, that was shameful," the party\'s former chairman said in an interview on Monday. '
        '"She, like the governor, has refused to withdraw the remarks."'
    )
    coded = pipeline.code_text(text, published="2016-09-20")
    (by,) = _texts(coded, "refused")
    assert "chairman" in by and "verdict" not in by


def _speaker_as_actor(nlp, text: str, speaker: str, trigger: str):
    """A draft of ``trigger`` whose source actor the actor component coded as the speaker's own
    span (the mistake the doer check is for), reported by that speaker."""
    from types import SimpleNamespace

    from eventcoder.records import Actor, Attribution

    doc = nlp(text)
    a = text.index(speaker)
    tok = next(t for t in doc if t.text == trigger)
    return SimpleNamespace(
        source_actor=Actor(speaker, None, None, None, a, a + len(speaker)), tok=tok, off=0,
        reported_by=[Attribution(speaker, None, a, a + len(speaker))],
    )


def test_a_pronoun_doer_the_speaker_cannot_be_is_someone_else(pipeline):
    """The clause's own subject is a pronoun: it is the speaker only where the speaker could be
    called so in reported speech. Police are not "he"; a minister is (a self-report stays)."""
    from eventcoder.components.attribution import _self_report

    nlp = pipeline.nlp
    d = _speaker_as_actor(nlp, "On Friday the police said he fired at the guards and refused to surrender.", "the police", "refused")
    assert not _self_report(d)
    d = _speaker_as_actor(nlp, "On Friday the minister said he had met the envoy and agreed to a truce.", "the minister", "agreed")
    assert _self_report(d)


def test_a_third_person_doer_inside_a_quotation_is_not_its_speaker(pipeline):
    """Inside a direct quotation a speaker says "I" or "we": a clause whose subject is "it" or
    "they" there is someone else's act, even when the actor was coded as the speaker."""
    from eventcoder.components.attribution import _self_report

    nlp = pipeline.nlp
    text = '"The vote went badly, and so it requested a fresh review," said the council.'
    d = _speaker_as_actor(nlp, text, "the council", "requested")
    assert _self_report(d, quoted=False)  # in reported speech a council is "it"
    assert not _self_report(d, quoted=True)


def test_nominal_doer_reads_an_agent_phrase_and_the_clause_a_noun_stands_in(pipeline):
    from eventcoder.attribute import nominal_doer

    nlp = pipeline.nlp
    doc = nlp("The senator welcomed the endorsements from retired generals.")
    assert nominal_doer(next(t for t in doc if t.text == "endorsements")).text == "generals"
    doc = nlp("The governor ordered an investigation by the state police.")
    assert nominal_doer(next(t for t in doc if t.text == "investigation")).text == "police"
    doc = nlp("The mayor said the cause of the fire remains under investigation.")
    assert nominal_doer(next(t for t in doc if t.text == "investigation")).text == "cause"
    doc = nlp("The army announced the withdrawal from Gao.")
    assert nominal_doer(next(t for t in doc if t.text == "withdrawal")).text == "army"  # a place is not an agent
    doc = nlp("The minister condemned the rebels' attack on the convoy.")
    assert nominal_doer(next(t for t in doc if t.text == "attack")) is None  # possessed: the actor component's
    doc = nlp("The note said the bombings were revenge for the U.S. killing of civilians.")
    assert nominal_doer(next(t for t in doc if t.text == "killing")) is None  # a name before it: its agent


def test_an_event_noun_in_someone_else_s_clause_is_not_a_self_report(pipeline):
    from eventcoder.components.attribution import _self_report

    nlp = pipeline.nlp
    d = _speaker_as_actor(nlp, "On Friday the mayor said the cause of the fire remains under investigation.", "the mayor", "investigation")
    assert not _self_report(d)
    d = _speaker_as_actor(nlp, "On Friday the ministry announced the arrest of two suspects.", "the ministry", "arrest")
    assert _self_report(d)


# --------------------------------------------------------------------------- x23polnear


def test_a_stance_adjective_frames_its_that_clause(pipeline):
    """"Officials are confident that ...", "protesters were angry that ...": the subject of the
    copula (or of the passive participle) holds the stance; an infinitive is the subject's own
    intent and an expletive "it" holds nothing."""
    from eventcoder.attribute import stance_sources

    coded = pipeline.code_text("Officials are confident that the army recaptured the town.", published="2016-09-20")
    assert _texts(coded, "recaptured") == ["Officials"]
    coded = pipeline.code_text("Protesters were angry that police released only part of the video.", published="2016-09-20")
    assert _texts(coded, "released") == ["Protesters"]
    nlp = pipeline.nlp
    assert [s.text for s in stance_sources(nlp("Aides were frustrated that the board delayed the vote.")).values()] == ["Aides"]
    assert stance_sources(nlp("The rebels were eager to attack the base.")) == {}
    assert stance_sources(nlp("It is certain that the army shelled the town.")) == {}


def test_a_small_clause_object_is_what_the_speaker_says(pipeline):
    """"She has called the police killings a turning point": an object with its own predicate
    is what she says of it; "called an emergency meeting" has no predicate and frames nothing."""
    from eventcoder.attribute import sources_for, speech_sources

    coded = pipeline.code_text("She has called the police killings of black men a turning point.", published="2016-09-20")
    assert _texts(coded, "killings") == ["She"]
    doc = pipeline.nlp("The governor called an emergency meeting of the council.")
    assert sources_for(next(t for t in doc if t.text == "meeting"), speech_sources(doc)) == []


def test_a_reported_matter_is_not_the_speaker_s_own_act(pipeline):
    """"The senator cited criticism of the host": the criticism is not the senator's, so it is
    reported, not cleared as a self-report; "cited his criticism" is his own."""
    from eventcoder.components.attribution import _self_report

    coded = pipeline.code_text("On Monday the senator cited attacks on the embassy in Benghazi.", published="2016-09-20")
    assert _texts(coded, "attacks") == ["senator"]
    nlp = pipeline.nlp
    d = _speaker_as_actor(nlp, "On Monday the senator cited criticism of the network's host.", "the senator", "criticism")
    assert not _self_report(d)
    d = _speaker_as_actor(nlp, "On Monday the senator cited his criticism of the network's host.", "the senator", "criticism")
    assert _self_report(d)


def test_reported_matter_lemmas_must_frame_their_object():
    """A reported-matter verb that does not frame its object would be checked for nothing: E568."""
    import pytest

    from eventcoder.attribute import OBJECT_FRAMING_LEMMAS, REPORTED_MATTER_LEMMAS, _subset
    from eventcoder.errors import ConfigError

    assert REPORTED_MATTER_LEMMAS <= OBJECT_FRAMING_LEMMAS
    with pytest.raises(ConfigError) as err:
        _subset("reported_matter_lemmas", "object_framing_lemmas", frozenset({"cite", "shout"}), frozenset({"cite"}))
    assert err.value.code == "E568" and "shout" in str(err.value)


def test_he_takes_the_subject_over_the_object_of_the_sentence_before(pipeline):
    """Salience (Lappin & Leass): "Trump met Putin. He said ..." is Trump — a subject outranks
    an object of the same sentence — not the nearest person named."""
    text = "Donald Trump met Vladimir Putin in Moscow on Tuesday. He said Russian jets bombed a convoy near Aleppo."
    coded = pipeline.code_text(text, published="2016-09-20")
    assert _by(coded, "bombed") == ["Donald Trump"]


def test_a_pronoun_speaker_inside_a_quotation_is_not_resolved(pipeline):
    """'"... and he would say ...," Lopez said': the quoted "he" is someone Lopez talks about.
    It is not named after her, nor taken as evidence that she is a "he" — so a later "she said"
    still finds her."""
    text = (
        'Maria Lopez said she was asked to brief a client about the case. "I would answer, and he would say '
        'the rebels attacked the town," Lopez said. She said the army shelled the village on Sunday.'
    )
    coded = pipeline.code_text(text, published="2016-09-20")
    assert _by(coded, "shelled") == ["Lopez"]


def test_an_apposition_without_an_article_describes_a_person():
    from eventcoder.attribute import named_persons

    text = "Jo Formica, political science professor at Hall University, described the approach."
    assert [n for n, _, _ in named_persons(text)] == ["Jo Formica"]
    assert named_persons("Paris, the capital of France, is large.") == []


def test_a_quotation_opening_its_sentence_continues_the_speaker_who_leads_into_it(pipeline):
    """A reported statement, then the speaker's own words in the next sentence: the quotation
    has no speaker in or around it and is the lead-in's (x25polnear)."""
    text = (
        "Interior Minister Omar Haddad said the truce had collapsed, speaking to reporters at length "
        "after an emergency cabinet meeting in the capital that ran late into Tuesday evening. "
        '"Rebel fighters shelled the central market and then stormed the hospital."'
    )
    coded = pipeline.code_text(text, published="2020-02-03")
    assert any("Haddad" in x for x in _texts(coded, "shelled"))


def test_a_quotation_after_a_paragraph_ending_in_said_colon_is_its_speaker_s(pipeline):
    text = 'The governor visited the flooded district on Monday.\nHe said:\n"Gunmen ambushed the relief convoy near the bridge."'
    coded = pipeline.code_text(text, published="2020-02-03")
    (a,) = _event(coded, "ambushed").reported_by
    assert a.text == "He"


def test_lead_speaker_reads_a_sentence_that_was_not_parsed():
    from eventcoder.attribute import lead_speaker

    for sentence, who in (
        ("He said:", "He"),
        ("Schiff said the administration may be reluctant to act.", "Schiff"),
        ('"The mine was a liability dump," said Karen Doyle, a lawyer for the state.', "Karen Doyle"),
    ):
        text = sentence + ' "It was bound to fail."'
        quotes = [(m, len(text)) for m in [text.rindex('"It')]] + ([(0, sentence.index(",") + 2)] if sentence[0] == '"' else [])
        found = lead_speaker(text, 0, len(sentence), quotes)
        assert found is not None and found[0] == who and text[found[1] : found[2]] == who
    # a speech form inside a quotation is nobody's lead-in
    text = '"Ask her," Maria told them.'
    assert lead_speaker(text, 0, len(text), [(0, 10)])[0] == "Maria"
    assert lead_speaker('"They said no."', 0, 15, [(0, 15)]) is None


def test_a_paragraph_headed_by_a_name_and_a_colon_is_that_speaker_s(pipeline):
    from eventcoder.attribute import colon_label

    text = "Amnesty International: soldiers killed twelve villagers in Borno.\nThe army denied it."
    assert colon_label(text, text.index("killed"))[0] == "Amnesty International"
    assert colon_label(text, text.index("denied")) is None
    coded = pipeline.code_text(text, published="2020-02-03")
    assert any("Amnesty" in x for x in _texts(coded, "killed"))
    # an editor's tag is no speaker
    coded = pipeline.code_text("The Latest: soldiers killed twelve villagers in Borno.", published="2020-02-03")
    assert _by(coded, "killed") == []


def test_a_quotation_is_spoken_by_the_verb_of_saying_over_a_belief_inside_it(pipeline):
    """'X said Y believes "...' quotes X's words; the next quoted sentence, with no frame of its
    own, is X's too, not Y's."""
    text = (
        'The mayor, Lisa Grant, said the governor believes "the army must seal the border. '
        'Soldiers will arrest anyone who crosses it."'
    )
    coded = pipeline.code_text(text, published="2020-02-03")
    assert any("Grant" in x for x in _texts(coded, "arrest"))


def test_a_dateline_heading_a_paragraph_is_no_speaker(pipeline):
    for head in ("KABUL", "Kabul"):
        coded = pipeline.code_text(f"{head}: Taliban fighters attacked a police post in Helmand on Sunday.", published="2020-02-03")
        assert _by(coded, "attacked") == []


def test_a_headline_signed_after_a_dash_is_its_source_s(pipeline):
    """'... – Amnesty International': the headline's content is the signer's, not the signer's act."""
    from eventcoder.attribute import dash_signature
    from eventcoder.headline import headline_span

    body = "\n\nThe group published its yearly report in the capital on Monday. It runs to 300 pages."
    for head, who in (("Police attacked protesters in Nairobi – Amnesty International", "Amnesty International"),
                      ("Police attacked protesters in Nairobi - Amnesty", "Amnesty")):
        text = head + body
        assert dash_signature(text, headline_span(text))[0] == who
        coded = pipeline.code_text(text, published="2020-05-05")
        assert _texts(coded, "attacked") == [who]
        ev = _event(coded, "attacked")
        assert ev.source_actor is not None and ev.source_actor.text == "Police"
    # a dash inside prose, or a line that is no headline, signs nothing
    text = "Police attacked protesters in Nairobi on Monday, witnesses said – Amnesty.\nThe group published a report."
    assert dash_signature(text, headline_span(text)) is None


def test_a_colon_headline_s_label_is_no_side_of_the_act_after_it(pipeline):
    """'Amnesty International: Police Attacked Protesters in Nairobi' parsed with the label as
    subject: the event is the content's, attributed to the label, not the label's own act."""
    text = ("Amnesty International: Police Attacked Protesters in Nairobi\n\n"
            "The group published its yearly report in the capital on Monday. It runs to 300 pages.")
    coded = pipeline.code_text(text, published="2020-05-05")
    assert _texts(coded, "Attacked") == ["Amnesty International"]
    ev = _event(coded, "Attacked")
    assert ev.source_actor is None or "Amnesty" not in ev.source_actor.text
