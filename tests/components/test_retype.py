"""``retype``: the learned type model re-types a lexicon draft only where its context says so."""

from __future__ import annotations

import numpy as np
import pytest

from eventcoder.components.confidence import score
from eventcoder.components.retype import Retype, TypeModel, load_model, make_retype, type_features
from eventcoder.errors import ConfigError

UPTO = ["focus", "triggers"]


def _drafts(analyse, text: str):
    return analyse(text, UPTO, published="2021-03-04").drafts


def test_features_read_the_trigger_frame(analyse, pipeline) -> None:
    (d, *_) = _drafts(analyse, "The union called for a week of strikes against the pay freeze.")
    feats, parts = type_features(d, pipeline.resources.lexicon)
    assert "lex=REQUEST" in feats and "lemma=call" in feats
    assert "prep=for" in feats and "prep_obj=for|week" in feats
    assert "cand=REQUEST" in feats
    assert parts["trigger"] == ["call"] and "union" in parts["sentence"]


def test_a_word_the_model_never_saw_keeps_the_lexicon_type() -> None:
    model = load_model()
    zeros = np.zeros(model.dense.shape[1], dtype=np.float32)
    for t in model.classes:
        dist = model.distribution(["lex=" + t, "lemma=qqzxv"], zeros, t)
        assert model.choose(dist, t) == t, t


def test_a_call_for_protests_is_the_protest_an_attack_stays_an_attack(analyse) -> None:
    ctx = analyse("Opposition leaders called for two days of mass protests across the country. "
                  "Gunmen attacked a police station in the north on Sunday.", [*UPTO, "retype"])
    by_word = {d.tok.text: d.type for d in ctx.drafts}
    assert by_word["called"] == "PROTEST"
    assert by_word["attacked"] == "ASSAULT"


def test_model_off_keeps_every_lexicon_type(analyse) -> None:
    text = "Opposition leaders called for two days of mass protests across the country."
    ctx = analyse(text, [*UPTO, "retype"], settings={"retype": {"model": None}})
    assert {d.tok.text: d.type for d in ctx.drafts}["called"] == "REQUEST"


def _toy(margin: float = 2.0) -> TypeModel:
    # a model that reads any "call" as PROTEST
    return TypeModel({"classes": ["PROTEST", "REQUEST"], "bias": {"PROTEST": 0.0, "REQUEST": 0.0},
                      "weights": {"lemma=call": {"PROTEST": 3.0}}, "margin": margin, "lexicon_prior": 1.0})


def test_the_margin_is_a_probability_ratio_over_the_lexicon_type() -> None:
    m = _toy()
    dist = m.distribution(["lemma=call"], None, "REQUEST")  # PROTEST e^3 vs REQUEST e^1: ratio e^2
    assert m.choose(dist, "REQUEST") == "PROTEST"
    assert m.choose(dist, "REQUEST", margin=8.0) == "REQUEST"  # e^2 < 8
    assert m.choose(m.distribution([], None, "REQUEST"), "REQUEST") == "REQUEST"


def test_a_draft_the_rules_retyped_is_left_alone(analyse, pipeline) -> None:
    ctx = analyse("Workers called for higher wages on Monday.", UPTO)
    (d, *_) = [x for x in ctx.drafts if x.tok.text == "called"]
    d.type = "AGREE"  # as ``intent`` would have re-typed it
    Retype(pipeline.resources.lexicon, _toy(1.0))(ctx)
    assert d.type == "AGREE"


def test_a_retyped_draft_stays_consistent_with_its_entry(analyse, pipeline) -> None:
    ctx = analyse("Workers called for higher wages on Monday.", UPTO)
    (d, *_) = [x for x in ctx.drafts if x.tok.text == "called"]
    Retype(pipeline.resources.lexicon, _toy(1.0))(ctx)
    assert d.type == "PROTEST"
    # either the lexicon's PROTEST entry for the word (its mode and ACLED key) or no mode
    assert d.match.entry.type == "PROTEST" or (d.mode is None and d.match.entry.acled is None)


def test_an_act_acled_maps_is_not_retyped_to_a_type_the_word_has_no_entry_for(analyse, pipeline) -> None:
    ctx = analyse("Gunmen attacked a police station in the north on Sunday.", UPTO)
    (d, *_) = [x for x in ctx.drafts if x.tok.text == "attacked"]
    assert d.match.entry.acled is not None
    toy = TypeModel({"classes": ["AGREE", "ASSAULT"], "bias": {"AGREE": 0.0, "ASSAULT": 0.0},
                     "weights": {"lemma=attack": {"AGREE": 9.0}}, "margin": 1.0})
    Retype(pipeline.resources.lexicon, toy)(ctx)
    assert d.type == "ASSAULT"


def test_bad_settings_and_files_are_coded_errors(pipeline) -> None:
    with pytest.raises(ConfigError) as err:
        make_retype(pipeline.resources, margin=0.5)
    assert err.value.code == "E543"
    with pytest.raises(ConfigError) as err:
        TypeModel({"classes": ["A"], "bias": {}})
    assert err.value.code == "E541"
    with pytest.raises(ConfigError) as err:
        load_model("no-such-types.json")
    assert err.value.code == "E542"


def test_a_warning_reads_who_acts_in_what_is_reported(analyse, pipeline) -> None:
    lex = pipeline.resources.lexicon
    text = ("The committee warned that the housing plans would damage the countryside. "
            "The militia warned that it would strike the convoy again.")
    feats = {d.tok.sent.text[:9]: type_features(d, lex)[0] for d in _drafts(analyse, text) if d.tok.lemma_ == "warn"}
    assert "comp_subj=noun" in feats["The commi"] and "comp_modal=would" in feats["The commi"]
    assert "comp_subj=pron" in feats["The milit"]


def test_naming_someone_is_not_calling_for_something(analyse, pipeline) -> None:
    (d, *_) = [d for d in _drafts(analyse, "The governor called the report a malicious fabrication.") if d.tok.lemma_ == "call"]
    feats, _ = type_features(d, pipeline.resources.lexicon)
    assert "oprd" in feats and "lemma_oprd=call" in feats


def test_a_passive_complement_is_read_by_its_agent(analyse, pipeline) -> None:
    lex = pipeline.resources.lexicon
    text = ("Lasting harm will be caused to the wetlands by the new runway, campaigners warned. "
            "The minister warned that the rebels would be crushed.")
    feats = {d.tok.sent.text[:9]: type_features(d, lex)[0] for d in _drafts(analyse, text) if d.tok.lemma_ == "warn"}
    # "by the new runway": the runway's act, a noun like an active subject, not "passive"
    assert "comp_subj=noun" in feats["Lasting h"] and "comp_subj=passive" not in feats["Lasting h"]
    # no agent: still read as a passive
    assert "comp_subj=passive" in feats["The minis"]


def _to(etype: str, lemma: str) -> TypeModel:
    # a model that reads any ``lemma`` as ``etype``
    classes = sorted({etype, "COERCE", "ASSAULT"})
    return TypeModel({"classes": classes, "bias": dict.fromkeys(classes, 0.0), "margin": 1.0,
                      "weights": {"lemma=" + lemma: {etype: 9.0}}})


def test_a_retyped_draft_takes_only_an_entry_whose_condition_holds(analyse, pipeline) -> None:
    # "burn" has an ASSAULT entry conditioned on "to death" (a killing) and one for fire as a
    # weapon: burning houses re-typed as an attack is the second, never the killing
    ctx = analyse("Armed raiders burned dozens of houses in the village on Sunday.", UPTO)
    (d, *_) = [x for x in ctx.drafts if x.tok.lemma_ == "burn"]
    assert d.type == "COERCE" and d.mode == "destroy"  # the lexicon's own reading
    Retype(pipeline.resources.lexicon, _to("ASSAULT", "burn"))(ctx)
    assert d.type == "ASSAULT" and d.mode == "primitive" and "death" not in d.match.entry.with_
    # its salience does not depend on which entry of the type it landed in: the word's best
    # prior as an attack (the killing entry's), not the fire-as-weapon entry's lower weight
    best = max(e.weight for e in pipeline.resources.lexicon.by_lemma["burn"] if e.type == "ASSAULT")
    assert d.prior == best > d.match.entry.weight
    with_prior = score(d)
    d.prior = None
    assert round(with_prior - score(d), 6) == round(best - d.match.entry.weight, 6)
    ctx = analyse("A crowd burned the suspect to death on Sunday.", UPTO)
    (d, *_) = [x for x in ctx.drafts if x.tok.lemma_ == "burn"]
    assert d.type == "ASSAULT" and d.mode == "primitive"  # the "to death" entry, matched as such
    assert d.prior is None  # not re-typed: its own entry's weight


def test_a_police_raid_retyped_as_coercion_keeps_its_verb_entry(analyse, pipeline) -> None:
    # "raided" is an attack to the lexicon; re-typed COERCE it becomes the verb's police-raid
    # entry (ACLED: an arrest), not the noun's, whose part of speech does not hold
    ctx = analyse("Officers raided a house in the estate on Friday night.", UPTO)
    (d, *_) = [x for x in ctx.drafts if x.tok.lemma_ == "raid"]
    assert d.type == "ASSAULT"
    Retype(pipeline.resources.lexicon, _to("COERCE", "raid"))(ctx)
    assert d.type == "COERCE" and d.match.entry.pos == "VERB" and d.match.entry.acled == "arrest"


def test_a_type_whose_entries_need_a_missing_word_takes_no_mode(analyse, pipeline) -> None:
    # "sanctions imposed": the noun is above the verb, so the SANCTION entry's "with" does not
    # hold; the model's type is taken without that entry's mode, and ACLED maps it to nothing
    ctx = analyse("The sanctions imposed by the council on Monday hit the mining sector.", UPTO)
    ds = [x for x in ctx.drafts if x.tok.lemma_ == "impose"]
    if not ds or ds[0].type != "COERCE":
        pytest.skip("the parse does not give the shape this test needs")
    d = ds[0]
    Retype(pipeline.resources.lexicon, _to("SANCTION", "impose"))(ctx)
    assert d.type == "SANCTION" and d.match.entry.type == "SANCTION" and d.match.entry.acled is None


def test_features_read_who_acts_on_whom_and_the_frame(analyse, pipeline) -> None:
    lex = pipeline.resources.lexicon
    text = ("The former governor was convicted by Judge Maria Lopez and sentenced to nine years. "
            "The former mayor was convicted last year.")
    convicted = {d.tok.sent.text[:14]: d for d in _drafts(analyse, text) if d.tok.lemma_ == "convict"}
    by_judge, feats_judge = convicted["The former gov"], type_features(convicted["The former gov"], lex)[0]
    no_agent = type_features(convicted["The former may"], lex)[0]
    t = by_judge.type
    # a passive's actor is its agent: the judge acts on no object; without an agent, no actor
    assert "args=" + t + "|PERSON|none" in feats_judge
    assert "args=" + t + "|none|none" in no_agent
    # the other trigger words of the sentence, by their lexicon type ("sentenced")
    assert "sent_lex=" + t + "|SANCTION" in feats_judge
    assert not any(f.startswith("sent_lex=") for f in no_agent)
    # the entry's ACLED key (or its absence) is evidence of its own
    assert len([f for f in feats_judge if f.startswith("acled=" + t + "|")]) == 1


def test_a_model_file_names_the_dense_blocks_it_reads() -> None:
    from eventcoder import vectors
    from eventcoder.components.retype import dense_vector

    vec = vectors.load()
    parts = {"trigger": ["attack"], "object": [], "sentence": ["rebels", "town"]}
    both = dense_vector(parts, vec)
    assert both.shape == (3 * vec.dims,) and not both[vec.dims : 2 * vec.dims].any()  # no object: zeros
    # a file trained on other blocks reads those, in its order
    swapped = dense_vector(parts, vec, ("sentence", "trigger"))
    assert np.allclose(swapped[: vec.dims], both[2 * vec.dims :])
    model = load_model()
    assert model.dense.shape[1] == len(model.blocks) * vec.dims
