"""Within-article event coreference (``corefer``): one event per real-world event per article.

Invented sentences of the kinds the duplicate table of the news-events dev part shows — a
casualty clause in the sentence after the attack, "the attack" re-mentioned later, a
counter-attack that answers a capture and must stay apart."""

from __future__ import annotations

import pytest

from eventcoder.components import coref
from eventcoder.records import Actor


@pytest.fixture(scope="module")
def nlp(pipeline):
    return pipeline.resources.nlp


def _tok(nlp, sentence: str, word: str):
    return next(t for t in nlp(sentence) if t.text == word)


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Gunmen stormed a market on Monday. The attack shocked residents.", "attack", True),
        ("Tuesday's strike destroyed a bridge.", "strike", True),
        ("Police said an attack was under way.", "attack", False),
        ("He carried out the May 22 concert bombing in the city.", "bombing", False),
        ("The two raids were condemned.", "raids", False),
    ],
)
def test_a_definite_bare_event_noun_points_back(nlp, sentence, word, expected) -> None:
    assert coref.is_anaphor(_tok(nlp, sentence, word)) is expected


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("The blast targeted a pharmacy on the main square.", "targeted", True),
        ("The raid hit a school.", "hit", True),
        ("A blast targeted a pharmacy on the main square.", "targeted", False),
        ("Gunmen targeted a pharmacy on the main square.", "targeted", False),
    ],
)
def test_a_clause_whose_subject_points_back_tells_more_of_that_event(nlp, sentence, word, expected) -> None:
    assert coref.told_of_anaphor(_tok(nlp, sentence, word)) is expected


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("Six people were killed.", "killed", True),
        ("The blast killed four shoppers.", "killed", True),
        ("They killed 23 soldiers and wounded 15.", "killed", True),
        ("Soldiers killed four militants near the border.", "killed", False),
        ("He was killed in a gun battle with police.", "killed", False),
        ("Three attackers were killed during clashes with the guards.", "killed", False),
        ("Three attackers were killed during the attack.", "killed", True),
        ("The gunman, shot dead by police, had fled on foot.", "shot", False),
        ("Three men were killed when a truck they were driving hit a mine.", "killed", False),
        ("Three men were killed when the bomb went off.", "killed", True),
    ],
)
def test_a_consequence_clause_has_no_doer_of_its_own(nlp, sentence, word, expected) -> None:
    assert coref.is_consequence(_tok(nlp, sentence, word)) is expected


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("The jihadists then staged a counter-attack using sleeper cells.", "attack", True),
        ("The militants retaliated with rockets.", "retaliated", True),
        ("In reprisal, the army shelled the village.", "shelled", True),
        ("The militants launched an attack on the base.", "attack", False),
    ],
)
def test_a_reply_is_marked_by_its_word_or_clause(nlp, sentence, word, expected) -> None:
    assert coref.is_reply(_tok(nlp, sentence, word)) is expected


def _code(pipeline, text: str):
    from eventcoder.clean import clean
    from eventcoder.records import Origin, RawRecord

    return pipeline.code(clean(RawRecord(text=text, origin=Origin("<test>")), published="2024-03-12")).events


def test_the_toll_in_the_next_sentence_is_the_attack_s(pipeline) -> None:
    events = _code(
        pipeline,
        "A car bomb exploded outside a police station in the northern city of Kirkuk on Monday, police said. "
        "The blast killed four officers and wounded nine passers-by, a hospital official said.",
    )
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert [m["trigger"]["text"] for m in assaults[0].mentions] == ["exploded", "killed", "wounded"]


def test_agentless_casualties_join_the_attack(pipeline) -> None:
    events = _code(pipeline, "Gunmen attacked a checkpoint near Mosul on Sunday, officials said. Two soldiers were killed and three were wounded.")
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert len(assaults) == 1 and assaults[0].trigger == "attacked"


def test_a_counter_attack_stays_apart_from_the_capture_it_answers(cgtn_coded) -> None:
    capture = next(e for e in cgtn_coded.events if e.trigger.startswith("took"))
    counter = [e for e in cgtn_coded.events if e.trigger == "attack"]
    assert counter, "the counter-attack is its own event"
    assert "attack" not in [m["trigger"]["text"] for m in capture.mentions]
    assert counter[0].source_actor is not None and "Islamic State" in (counter[0].source_actor.name or "")


def test_disjoint_sources_clash(analyse) -> None:
    ctx = analyse("Turkey accused Syria of shelling. Russia accused Syria of shelling.", ["focus", "triggers", "roles", "modality", "dates", "places", "actors"])
    a, b = [d for d in ctx.drafts if d.tok.lower_ == "accused"]
    assert isinstance(a.source_actor, Actor) and isinstance(b.source_actor, Actor)
    assert coref.clash(b, a) == "source"


def test_the_veto_keeps_a_reply_apart_whatever_the_model_says(analyse) -> None:
    """A model that would join every pair still leaves a counter-attack alone."""

    class JoinAll:
        threshold = 0.5
        weights: dict = {}

        def probability(self, feats):
            return 1.0

    ctx = analyse(
        "Rebels attacked the town of Kafr Nabl on Friday. Government troops then staged a counter-attack on the town.",
        ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "attribution", "confidence", "mentions"],
    )
    n = len(ctx.drafts)
    coref.Corefer(JoinAll(), veto=("reply",))(ctx)
    assert len(ctx.drafts) == n  # nothing joined
    coref.Corefer(JoinAll(), veto=())(ctx)
    assert len(ctx.drafts) == n - 1


def test_a_generic_unnamed_side_never_clashes_with_a_named_one(analyse) -> None:
    """A bare common noun ("forces") does not say whose side it is: it may not keep a
    mention apart from the Syrian army's act (but two named, different sides do)."""
    ctx = analyse(
        "The Syrian army recaptured the town of Mayadin on Friday. Most of the forces fighting in the east will now move on.",
        ["focus", "triggers", "roles", "modality", "dates", "places", "actors"],
    )
    named = next(d for d in ctx.drafts if d.tok.lower_ == "recaptured")
    generic = Actor(text="forces", name=None, country=None, sector=None, start=0, end=6)
    assert coref._side(generic, named.source_actor) == "unknown"
    other = Actor(text="Turkish troops", name="Military Forces of Turkey", country="TUR", sector=None, start=0, end=14)
    assert coref._side(other, named.source_actor) == "disjoint"


def test_a_statement_quoted_again_is_one_event(pipeline) -> None:
    """The lead paraphrases a condemnation that a later paragraph quotes in full: same
    speaker, same word, words of the content in common — one event with two mentions."""
    events = _code(
        pipeline,
        "Jane Hollis, the information commissioner, on Tuesday condemned the shredding of council files to dodge an audit. "
        "The council said the files were old. "
        '"Any shredding of files to dodge an audit is to be condemned," Ms Hollis said.',
    )
    condemn = [e for e in events if e.trigger == "condemned"]
    assert len(condemn) == 1
    assert [m["trigger"]["text"] for m in condemn[0].mentions] == ["condemned", "condemned"]


def test_the_same_word_from_another_speaker_is_another_statement(pipeline) -> None:
    events = _code(
        pipeline,
        "Jane Hollis, the information commissioner, on Tuesday condemned the shredding of council files to dodge an audit. "
        'Opposition leader Tom Barker condemned the shredding of files as "a scandal".',
    )
    assert len([e for e in events if e.trigger == "condemned"]) == 2


@pytest.mark.parametrize(
    ("text", "lead", "content"),
    [
        ("The minister on Monday dismissed the claim she had reneged on a deal with the unions as old gossip.", "dismissed", "reneged"),
        ("Patients say officials have threatened to cut off their supplies of insulin if they do not vote.", "threatened", "cut"),
    ],
)
def test_a_same_type_word_inside_a_statement_is_its_content(pipeline, text, lead, content) -> None:
    """The rejected claim ("had reneged", read negated) and the threatened act ("to cut off
    ... if", read hypothetical) are what the statement says: one event, not a second one
    with the other flags."""
    events = _code(pipeline, text)
    (e,) = [e for e in events if e.trigger == lead]
    assert [m["trigger"]["text"] for m in e.mentions] == [lead, content]
    assert not e.negated and not e.hypothetical
    assert all(e.trigger != content for e in events)


def test_a_coordinated_act_with_other_flags_is_not_content(nlp) -> None:
    """"did not attack the convoy but attacked a checkpoint": two acts, whatever the flags."""
    doc = nlp("Police said the men did not attack the convoy but attacked a checkpoint.")
    first, second = (t for t in doc if t.lemma_ == "attack")
    assert not coref.governed(second, first) and not coref.governed(first, second)
    doc = nlp("The minister dismissed the claim she had reneged on a deal.")
    outer, inner = doc[2], doc[7]
    assert coref.governed(inner, outer) and not coref.governed(outer, inner)


def test_a_place_in_another_region_of_one_country_clashes(analyse) -> None:
    ctx = analyse(
        "Gunmen attacked a cafe in Paris on Friday. A bomb attack hit a bakery in Lyon.",
        ["focus", "triggers", "roles", "modality", "dates", "places", "actors"],
    )
    paris, lyon = [d for d in ctx.drafts if d.tok.lemma_ == "attack"]
    assert paris.location is not None and lyon.location is not None
    assert coref.clash(lyon, paris) == "region"


def test_an_own_date_clashes_with_another_month_not_with_an_undated_act(analyse) -> None:
    """"On May 30 ... bombed the post" cannot retell an attack dated in June, but may
    complete the date of an attack the text left undated (dated by the report's own date)."""
    steps = ["focus", "triggers", "roles", "modality", "dates", "places", "actors"]
    later = " On May 30 the militants bombed the post, police said."
    undated = analyse("Gunmen attacked a police post in Kandahar." + later, steps, published="2024-06-02")
    dated = analyse("Gunmen attacked a police post in Kandahar on June 1." + later, steps, published="2024-06-02")
    for ctx, basis, expected in ((undated, "publication", None), (dated, "text", "date")):
        attack = next(d for d in ctx.drafts if d.tok.lower_ == "attacked")
        bombed = next(d for d in ctx.drafts if d.tok.lower_ == "bombed")
        assert bombed.date.basis == "text" and bombed.date.value == "2024-05-30"
        assert attack.date.basis == basis
        assert coref.clash(bombed, attack) == expected


class _Fixed:
    """A pair model that scores every pair alike (what the bar does, not what the model says)."""

    threshold = 0.3
    weights: dict = {}

    def __init__(self, p: float) -> None:
        self.p = p

    def probability(self, feats) -> float:
        return self.p


def test_another_source_s_account_needs_the_stricter_bar(analyse) -> None:
    """A state news agency's capture claim and a monitor's report of fighting in the town are
    two accounts: a middling pair probability joins them only without ``account_threshold``."""
    ctx = analyse(
        "The army seized the town of Mayadin on Sunday, the state news agency SANA said. "
        "Heavy fighting raged in the town on Sunday, the Syrian Observatory for Human Rights said.",
        ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "attribution", "confidence", "mentions"],
    )
    seized, fighting = (next(d for d in ctx.drafts if d.tok.lower_ == w) for w in ("seized", "fighting"))
    assert seized.type == fighting.type and seized.reported_by and fighting.reported_by
    assert coref._accounts(fighting, seized) == "differ"
    drafts = list(ctx.drafts)
    coref.Corefer(_Fixed(0.5), threshold=0.3, account_threshold=0.6)(ctx)
    assert fighting in ctx.drafts
    ctx.drafts = drafts
    coref.Corefer(_Fixed(0.5), threshold=0.3)(ctx)
    assert fighting not in ctx.drafts and fighting in seized.others


def test_an_unnamed_source_retelling_an_incident_is_not_another_account(analyse) -> None:
    """Only one of two mentions attributed, to a source the actor dictionaries give no name
    ("investigators said"), is the usual voice of a retold incident: it is held to the plain
    threshold, not the stricter bar of another named source's account (``account_kinds``)."""
    ctx = analyse(
        "A car bomb exploded outside a hotel in the port town on Tuesday. "
        "The suspects wired the car bomb in a garage and detonated it by phone, investigators said.",
        ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "attribution", "confidence", "mentions"],
    )
    exploded, detonated = (next(d for d in ctx.drafts if d.tok.lower_ == w) for w in ("exploded", "detonated"))
    assert exploded.type == detonated.type and detonated.reported_by and not exploded.reported_by
    assert not any(x.name for x in detonated.reported_by)
    assert coref._accounts(detonated, exploded) == "one_unnamed"
    coref.Corefer(_Fixed(0.5), threshold=0.3, account_threshold=0.6)(ctx)
    assert detonated not in ctx.drafts and detonated in exploded.others


def test_a_named_source_s_account_keeps_the_bar_against_the_article_s_own_voice(analyse) -> None:
    """One mention in the article's own voice and one told by a named monitor are two accounts
    that may differ ("fighting" where the lead says the town fell): the stricter bar holds."""
    ctx = analyse(
        "Government troops seized the town of Mayadin on Sunday. "
        "Heavy fighting raged in the town on Sunday, the Syrian Observatory for Human Rights said.",
        ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "attribution", "confidence", "mentions"],
    )
    seized, fighting = (next(d for d in ctx.drafts if d.tok.lower_ == w) for w in ("seized", "fighting"))
    assert seized.type == fighting.type and fighting.reported_by and not seized.reported_by
    assert coref._accounts(fighting, seized) == "one"
    coref.Corefer(_Fixed(0.5), threshold=0.3, account_threshold=0.6)(ctx)
    assert fighting in ctx.drafts


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("The three miners who were injured are said to be stable.", "injured", True),
        ("All five guards that were wounded left the hospital on Friday.", "wounded", True),
        ("The two men who were shot by police were named on Monday.", "shot", False),  # a doer of its own
        ("Six people were killed in the town.", "killed", False),  # no relative clause
        ("They visited the square where six people were killed.", "killed", False),  # a place, not the victims
    ],
)
def test_a_toll_in_a_relative_clause_on_its_victims_is_presupposed(nlp, sentence, word, expected) -> None:
    assert coref.is_presupposed(_tok(nlp, sentence, word)) is expected


def test_the_victims_picked_out_by_a_relative_clause_name_an_act_told_long_before(analyse) -> None:
    """"The three miners who were injured" takes the injuring as known: however many sentences
    later and however low the pair model scores it, it is the act already told, not a new one."""
    ctx = analyse(
        "Gunmen opened fire on a bus carrying miners near Kolwezi on Monday. "
        "The company suspended work at the site for the rest of the week. "
        "Union leaders met the provincial governor on Tuesday to discuss security on the road. "
        "The three miners who were injured are in a stable condition.",
        ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "attribution", "confidence", "mentions"],
    )
    fire, injured = (next(d for d in ctx.drafts if d.tok.lower_ == w) for w in ("fire", "injured"))
    assert fire.type == injured.type == "ASSAULT" and coref.is_presupposed(injured.tok)
    coref.Corefer(_Fixed(0.1), threshold=0.4)(ctx)
    assert injured not in ctx.drafts and injured in fire.others


def test_spelled_out_numbers_are_compared(nlp) -> None:
    """spaCy's English stop words hold "two" ... "twelve": a count spelled out must still be
    a number the pair features compare ("four people were shot" ... "all four men")."""
    four = _tok(nlp, "Four people were shot outside a bar on Friday.", "shot")
    again = _tok(nlp, "All four men who were shot are expected to recover.", "shot")
    three = _tok(nlp, "Three soldiers were shot at a checkpoint.", "shot")
    assert "four" in coref._content(four)[2]
    assert coref._content(four)[2] & coref._content(again)[2]
    assert not coref._content(four)[2] & coref._content(three)[2]


def test_a_side_only_one_mention_states_is_unknown_not_agreeing(analyse) -> None:
    """A headline bombing with its doer and no target says nothing of whom a later raid hit:
    the side only the later mention states is its own feature value, not the "missing" that
    two unstated sides share (``_agree``) and that the old features read as agreement."""
    ctx = analyse(
        "Militants claimed the bombing of the market. Two days later gunmen attacked a police post in the north.",
        ["focus", "triggers", "roles", "modality", "dates", "places", "actors"],
    )
    index = {s.start: k for k, s in enumerate(ctx.sentences)}
    bombing = next(d for d in ctx.drafts if d.tok.lower_ == "bombing")
    attack = next(d for d in ctx.drafts if d.tok.lower_ == "attacked")
    police = Actor(text="a police post", name=None, country=None, sector=None, start=0, end=13)
    bombing.target_actor, attack.target_actor = None, police
    feats = coref.pair_features(attack, bombing, 0, index)
    stated = next(f for f in feats if f.startswith("stated="))
    assert stated.endswith("|later")
    assert "tgt=missing" in feats  # the old feature cannot tell this pair from one with no targets at all
    attack.target_actor = None
    feats = coref.pair_features(attack, bombing, 0, index)
    assert next(f for f in feats if f.startswith("stated=")).endswith("|neither") and "tgt=missing" in feats
    bombing.target_actor = police
    assert next(f for f in coref.pair_features(attack, bombing, 0, index) if f.startswith("stated=")).endswith("|earlier")
    assert coref._stated(police, police) == "both"


_UP_TO_MENTIONS = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "attribution", "confidence", "mentions"]


def test_the_article_profile_counts_the_scenes_of_a_type(analyse) -> None:
    """One scene told again (one own place of the type) against a round-up of several: the
    article-level evidence the pair model cannot see from two mentions."""
    one = analyse(
        "A car bomb exploded outside a market in Kirkuk on Monday. Hours later the police described the attack. "
        '"The bombing was horrific," a shopkeeper said.',
        _UP_TO_MENTIONS,
    )
    index = {s.start: k for k, s in enumerate(one.sentences)}
    prof = coref.article_profile(one.drafts, index)
    assert len(prof["types"]["ASSAULT"]["places"]) == 1 and prof["length"] == 3
    many = analyse(
        "A car bomb exploded in Kirkuk on Monday. Gunmen attacked a checkpoint in Mosul. Rockets hit a base near Basra.",
        _UP_TO_MENTIONS,
    )
    prof = coref.article_profile(many.drafts, {s.start: k for k, s in enumerate(many.sentences)})
    assert len(prof["types"]["ASSAULT"]["places"]) >= 2


def test_article_features_read_what_a_later_mention_adds_and_where_it_stands(analyse) -> None:
    ctx = analyse(
        "A car bomb exploded outside a market in Kirkuk on Monday. Officials gave no details. "
        '"The bombing was horrific," a shopkeeper said. Separately, gunmen attacked a checkpoint in Mosul.',
        _UP_TO_MENTIONS,
    )
    index = {s.start: k for k, s in enumerate(ctx.sentences)}
    prof = coref.article_profile(ctx.drafts, index)
    lead = next(d for d in ctx.drafts if d.tok.lower_ == "exploded")
    quoted = next(d for d in ctx.drafts if d.tok.lower_ == "bombing")
    other = next(d for d in ctx.drafts if d.tok.lower_ == "attacked")
    fq = coref.article_features(quoted, lead, index, prof)
    assert "quote=True|False" in fq and "adds=none" in fq  # a witness re-telling, nothing new
    assert "where=lead|body" in fq
    fo = coref.article_features(other, lead, index, prof)
    assert "adds=none" not in fo and "quote=False|False" in fo  # its own place: a new scene
    assert next(f for f in fo if f.startswith("where=")).endswith("|tail")
    assert coref.article_features(quoted, lead, index, None) == []  # no profile: no features
    # the features ride on the pair features only with a profile (a model trained without them scores as before)
    assert not any(f.startswith("adds=") for f in coref.pair_features(quoted, lead, 0, index))
    assert "adds=none" in coref.pair_features(quoted, lead, 0, index, profile=prof)


class _Scripted:
    """A model whose probability is read from the features: 1.0 when ``key`` is among them."""

    weights: dict = {}

    def __init__(self, key: str, threshold: float = 0.5) -> None:
        self.key, self.threshold = key, threshold

    def probability(self, feats) -> float:
        return 1.0 if self.key in feats else 0.0


def test_the_second_pass_joins_a_kept_event_the_cluster_model_calls_a_retelling(analyse) -> None:
    """The fold (a pair model that joins nothing) keeps the re-telling apart; the second pass
    (``regroup``) joins it to the earlier event when its cluster model says so, keeps both
    mentions, and leaves a vetoed clash (a reply) apart whatever the model says."""
    text = (
        "A car bomb exploded outside a market in Kirkuk on Monday. Officials gave no details. "
        '"Bombers attacked our market," a shopkeeper said. Government troops then staged a counter-attack on the town.'
    )
    ctx = analyse(text, _UP_TO_MENTIONS)
    coref.Corefer(_Scripted("never"), second=_Scripted("never"))(ctx)
    n = len([d for d in ctx.drafts if d.type == "ASSAULT"])  # the cluster model says no: the fold's events
    assert {"exploded", "attacked", "attack"} <= {d.tok.lower_ for d in ctx.drafts if d.type == "ASSAULT"}
    ctx = analyse(text, _UP_TO_MENTIONS)
    coref.Corefer(_Scripted("never"), second=_Scripted("quote=True|False"), veto=("reply",))(ctx)
    assaults = [d for d in ctx.drafts if d.type == "ASSAULT"]
    assert len(assaults) == n - 1
    lead = next(d for d in assaults if d.tok.lower_ == "exploded")
    assert "attacked" in [m.tok.lower_ for m in lead.others]
    assert any(d.tok.lower_ == "attack" for d in assaults)  # the reply stays its own event


def test_cluster_features_score_every_mention_of_the_earlier_event(analyse) -> None:
    ctx = analyse(
        "Gunmen attacked a checkpoint near Mosul on Sunday. Two soldiers were killed. Later the raid was condemned.",
        _UP_TO_MENTIONS,
    )
    index = {s.start: k for k, s in enumerate(ctx.sentences)}
    first = next(d for d in ctx.drafts if d.tok.lower_ == "attacked")
    later = next(d for d in ctx.drafts if d.tok.lower_ == "raid")
    seen = []

    class Recording:
        threshold = 0.4
        weights: dict = {}

        def probability(self, feats):
            seen.append(feats)
            return 0.3

    cor = coref.Corefer(Recording())
    feats = coref.cluster_features(later, first, [first], 0, index, None, cor, [], [later])  # c_others: a mention after k is not scored
    assert len(seen) == 1 and "pmax=3" in feats  # 0.3: the fourth bucket
    assert "size=1" in feats and "ksize=0" in feats and "n=0" in feats  # two mentions against one; one candidate


def test_an_unknown_pair_model_is_a_coded_error_not_coreference_off(pipeline) -> None:
    from eventcoder.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        coref.make_corefer(pipeline.resources, model="no-such-coref.json")
    assert err.value.code == "E565"
    assert coref.make_corefer(pipeline.resources, model=None).model is None  # null: off, as documented


def test_an_unknown_cluster_model_is_a_coded_error(pipeline) -> None:
    from eventcoder.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        coref.make_corefer(pipeline.resources, second="no-such-model.json")
    assert err.value.code == "E566"


class _Always:
    threshold = 0.5

    def probability(self, feats) -> float:
        return 1.0


def test_the_second_pass_never_joins_events_that_disagree(analyse) -> None:
    """A cluster model that would join anything still leaves apart two captures with other
    doers in other provinces (``second_veto``, by default every ``clash``); with no veto the
    same model folds them into one."""
    text = (
        "Syrian government troops captured the town of Albu Kamal on Sunday. "
        "Kurdish-led fighters of the Syrian Democratic Forces captured Raqqa from the militants."
    )
    ctx = analyse(text, _UP_TO_MENTIONS)
    coref.Corefer(_Scripted("never"), second=_Always())(ctx)
    assert [d.tok.lower_ for d in ctx.drafts if d.type == "ASSAULT"] == ["captured", "captured"]
    ctx = analyse(text, _UP_TO_MENTIONS)
    coref.Corefer(_Scripted("never"), second=_Always(), second_veto=())(ctx)
    assert len([d for d in ctx.drafts if d.type == "ASSAULT"]) == 1


def test_an_unknown_second_veto_reason_is_a_coded_error(pipeline) -> None:
    from eventcoder.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        coref.make_corefer(pipeline.resources, second_veto=["region", "weather"])
    assert err.value.code == "E567" and "weather" in str(err.value)


_ARREST = (
    "Police arrested two men in Nairobi on Monday. Officials gave no details. "
    "The two were detained after a raid on their house."
)  # no attribution: a police spokesman's account would be another account (second_veto "accounts")


def test_the_second_pass_weighs_events_of_another_type_only_when_asked(analyse) -> None:
    """An arrest re-told as "a raid" (typed ASSAULT) is never compared with the arrest (COERCE)
    by the same-type pass; with a ``second_cross`` model it is a candidate, scored by that model
    (which reads the type pair, ``x_types=``), not by the same-type one."""
    ctx = analyse(_ARREST, _UP_TO_MENTIONS)
    coref.Corefer(_Scripted("never"), second=_Always())(ctx)
    assert {d.type for d in ctx.drafts} == {"COERCE", "ASSAULT"}
    ctx = analyse(_ARREST, _UP_TO_MENTIONS)
    coref.Corefer(_Scripted("never"), second=_Always(), second_cross=_Scripted("never"))(ctx)
    assert {d.type for d in ctx.drafts} == {"COERCE", "ASSAULT"}  # the same-type model is not asked about the raid
    ctx = analyse(_ARREST, _UP_TO_MENTIONS)
    coref.Corefer(_Scripted("never"), second=_Scripted("never"), second_cross=_Scripted("x_types=COERCE|ASSAULT"))(ctx)
    assert {d.type for d in ctx.drafts} == {"COERCE"}  # the raid is told again in the arrest
    lead = next(d for d in ctx.drafts if d.tok.lower_ == "arrested")
    assert "raid" in [m.tok.lower_ for m in lead.others]


def test_cross_features_only_for_another_type_or_flags(analyse) -> None:
    ctx = analyse(_ARREST, _UP_TO_MENTIONS)
    index = {s.start: k for k, s in enumerate(ctx.sentences)}
    arrested = next(d for d in ctx.drafts if d.tok.lower_ == "arrested")
    raid = next(d for d in ctx.drafts if d.tok.lower_ == "raid")
    cor = coref.Corefer(_Scripted("never", 0.4))
    feats = coref.cluster_features(raid, arrested, [arrested], 0, index, None, cor)
    assert {"x=type", "x_types=COERCE|ASSAULT", "x_kind=acts", "x_flags=real|real"} <= set(feats)
    assert coref.cross_features(raid, raid, "0") == []  # one type, one reading: the same-type pass's features only


@pytest.mark.parametrize(("keeps", "lead"), [("lead", "raid"), ("salience", "arrested"), ("confidence", "arrested")])
def test_which_type_a_merge_of_two_types_keeps(analyse, keeps, lead) -> None:
    ctx = analyse(_ARREST, _UP_TO_MENTIONS)
    arrested = next(d for d in ctx.drafts if d.tok.lower_ == "arrested")
    raid = next(d for d in ctx.drafts if d.tok.lower_ == "raid")
    assert arrested.salience > raid.salience and arrested.confidence > raid.confidence
    merged = coref.Corefer(_Scripted("never"), second_keeps=keeps).merge(raid, arrested)
    assert merged.tok.lower_ == lead
    assert {m.tok.lower_ for m in merged.others} >= ({"raid", "arrested"} - {lead})


def test_an_unknown_second_keeps_is_a_coded_error(pipeline) -> None:
    from eventcoder.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        coref.make_corefer(pipeline.resources, second_keeps="longest")
    assert err.value.code == "E578"


def test_an_unknown_cross_type_cluster_model_is_a_coded_error(pipeline) -> None:
    from eventcoder.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        coref.make_corefer(pipeline.resources, second="coref_second.json", second_cross="no-such-model.json")
    assert err.value.code == "E579"


def test_same_type_candidates_are_ranked_among_their_own_type(analyse) -> None:
    """A cross-type candidate must not move the rank and count the same-type model reads
    (``n=``, ``rank=``): same-type candidates are ranked among themselves, the others among all."""
    ctx = analyse(_ARREST, _UP_TO_MENTIONS)
    arrested = next(d for d in ctx.drafts if d.tok.lower_ == "arrested")
    detained = next(d for d in ctx.drafts if d.tok.lower_ == "detained")
    raid = next(d for d in ctx.drafts if d.tok.lower_ == "raid")
    cor = coref.Corefer(_Scripted("never"))
    ranked = cor.ranked(detained, [arrested, raid])
    assert ranked[0] == (arrested, [arrested], 0)
    assert ranked[1] == (raid, [arrested, raid], 0)


def test_the_fold_reads_article_features_only_for_a_pair_model_that_weighs_them() -> None:
    class Weighted:
        threshold = 0.4

        def __init__(self, weights: dict[str, float]) -> None:
            self.weights = weights

    assert not coref.Corefer(Weighted({"same_word=True": 1.0})).pair_article
    assert coref.Corefer(Weighted({"same_word=True": 1.0, "told=3-5": 0.4})).pair_article
    assert not coref.Corefer(None).pair_article


# a blast told, then a background "the attacks" the detector drops as no event of its own
RETOLD = (
    "A car bomb exploded outside a bank in Quetta on Monday, killing five people. Police said the bomb had been "
    "hidden in a parked van. Hundreds of people left the city centre right after the attacks, and the roads were "
    "jammed for hours."
)


def test_a_dropped_re_mention_is_told_in_the_event_s_mentions_not_its_fields(analyse) -> None:
    comps = ["focus", "triggers", "relevance", "roles", "modality", "dates", "places", "actors", "backrefs", "attribution",
             "detect", "confidence", "mentions", "corefer", "sides"]
    off = analyse(RETOLD, comps, published="2020-01-06", settings={"corefer": {"dropped_mentions": False}})
    on = analyse(RETOLD, comps, published="2020-01-06", settings={"corefer": {"dropped_mentions": True}})
    words = lambda ctx: [RETOLD[o.trigger_start : o.trigger_end] for d in ctx.drafts for o in (d, *d.others, *d.retold)]  # noqa: E731
    assert "attacks" in [RETOLD[d.trigger_start : d.trigger_end] for d in on.dropped]  # detect dropped it
    assert "attacks" not in words(off) and "attacks" in words(on)
    # the same events with the same fields: a retold mention is never read for them
    fields = lambda ctx: [(d.type, d.trigger_start, d.source_actor, d.target_actor, d.location, d.date) for d in ctx.drafts]  # noqa: E731
    assert fields(on) == fields(off)
    (lead,) = [d for d in on.drafts if d.retold]
    assert lead.type == "ASSAULT" and not any(r.trigger_start == lead.trigger_start for r in lead.others)
    # and the coded event lists it among the sentences it is told in
    (event,) = [e for e in lead_events(on) if e.trigger_start == lead.trigger_start]
    assert "attacks" in [m["trigger"]["text"] for m in event.mentions]


def lead_events(ctx):
    from eventcoder.pipeline import freeze

    return freeze(ctx).events


def test_every_clash_reason_is_listed_and_the_first_is_the_clash(analyse) -> None:
    """``clashes`` lists every reason (``clash`` gives the first): a counter-attack by the side
    the capture was made against is a reply, by another named doer, and crossed."""
    ctx = analyse(
        "Rebels seized the town of Kafr Nabl from government forces on Friday. "
        "Government troops then staged a counter-attack on the town.",
        ["focus", "triggers", "roles", "modality", "dates", "places", "actors"],
    )
    seize = next(d for d in ctx.drafts if d.tok.lower_ == "seized")
    counter = next(d for d in ctx.drafts if d.tok.lower_ == "attack")
    reasons = coref.clashes(counter, seize)
    assert reasons[0] == "reply" == coref.clash(counter, seize)
    assert list(reasons) == [r for r in coref.CLASHES if r in reasons]
    assert coref.clashes(seize, seize) == [] and coref.clash(seize, seize) is None


_TWO_CAPTURES = (
    "Syrian government troops captured the town of Albu Kamal on Sunday. "
    "Kurdish-led fighters of the Syrian Democratic Forces captured Raqqa from the militants."
)


def test_evidence_features_weigh_place_and_side_instead_of_a_veto(analyse) -> None:
    """Two captures by other doers of one country in other provinces: the evidence the second
    pass's model weighs — every clash reason, the places' relation and distance, whose side each
    doer is on by the dictionary's coding — not a veto."""
    ctx = analyse(_TWO_CAPTURES, _UP_TO_MENTIONS)
    army, sdf = [d for d in ctx.drafts if d.type == "ASSAULT"]
    f = coref.evidence_features(sdf, army, [], [], "2")
    assert "why=region" in f and "why_top=region|2" in f
    assert "place=region" in f and "place_lead=region" in f
    assert "km=3" in f  # 100 to 300 km apart
    assert "kind_src=country" in f  # one country, another sector: an army and a militia alliance
    assert coref.evidence_features(army, army, [], [], "2")[0] == "why=none"


def test_the_place_relation_reads_containment_and_distance() -> None:
    from eventcoder.records import Location

    def loc(name, gid, lat, lon, country, admin1, precision):
        return Location(text=name, name=name, geonameid=gid, lat=lat, lon=lon, country=country, admin1=admin1,
                        start=0, end=1, precision=precision)

    town = loc("Ringtown", 1, 10.0, 20.0, "XYZ", "North", "point")
    suburb = loc("Ringtown East", 2, 10.05, 20.05, "XYZ", "North", "point")
    region = loc("North", 3, 10.5, 20.5, "XYZ", "North", "admin1")
    country = loc("Xyzland", 4, 11.0, 21.0, "XYZ", None, "country")
    far = loc("Southport", 5, 5.0, 25.0, "XYZ", "South", "point")
    abroad = loc("Elsewhere", 6, 10.0, 20.1, "ABC", "East", "point")
    assert coref._place_relation(town, town) == "same"
    assert coref._place_relation(town, suburb) == "near"
    assert coref._place_relation(far, country) == "within"
    assert coref._place_relation(region, far) == "region"
    assert coref._place_relation(town, region) == "within"
    assert coref._place_relation(town, far) == "region"
    assert coref._place_relation(town, abroad) == "country"


def test_a_partial_second_veto_holds_for_any_reason_of_the_pair(analyse) -> None:
    """With only some reasons vetoed, a pair is kept apart when any of its reasons is one of
    them, not only the first (two captures clash first by region; "source" still holds them)."""
    ctx = analyse(_TWO_CAPTURES, _UP_TO_MENTIONS)
    army, sdf = [d for d in ctx.drafts if d.type == "ASSAULT"]
    reasons = coref.second_clashes(sdf, army)
    assert reasons[0] == "region"
    c = coref.Corefer(_Scripted("never"), second=_Always(), second_veto=(reasons[-1],))
    assert c.kept_apart(sdf, army)
    assert not coref.Corefer(_Scripted("never"), second=_Always(), second_veto=("reply",)).kept_apart(sdf, army)
    assert not coref.Corefer(_Scripted("never"), second=_Always(), second_veto=()).kept_apart(sdf, army)


def test_the_second_pass_can_read_the_pair_model_only_on_pairs_the_first_pass_scores(analyse) -> None:
    """A counter-attack against the capture it answers is a pair the first pass's veto never lets
    the pair model score (it was not trained on replies); with ``second_scored_only`` the cluster
    features carry no pair-model score for it, instead of an untrained one."""
    ctx = analyse(
        "Rebels seized the town of Kafr Nabl from government forces on Friday. "
        "Government troops then staged a counter-attack on the town.",
        _UP_TO_MENTIONS,
    )
    index = {s.start: k for k, s in enumerate(ctx.sentences)}
    seize = next(d for d in ctx.drafts if d.tok.lower_ == "seized")
    counter = next(d for d in ctx.drafts if d.tok.lower_ == "attack")
    loose = coref.Corefer(_Always(), veto=("reply",))
    strict = coref.Corefer(_Always(), veto=("reply",), second_scored_only=True)
    assert "pmax=5" in coref.cluster_features(counter, seize, [seize], 0, index, None, loose)
    assert "pmax=0" in coref.cluster_features(counter, seize, [seize], 0, index, None, strict)
    assert "why=reply" in coref.cluster_features(counter, seize, [seize], 0, index, None, strict)


def test_an_unknown_second_account_kind_is_a_coded_error(pipeline) -> None:
    from eventcoder.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        coref.make_corefer(pipeline.resources, second_account_kinds=["differ", "rival"])
    assert err.value.code == "E564" and "rival" in str(err.value)
