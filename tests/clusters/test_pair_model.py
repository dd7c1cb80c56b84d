"""Head keys, parse arguments, the learned key prior and the within-article constraints of
the event-cluster pair model, on small invented reports."""

from __future__ import annotations

import numpy as np

from eventcoder.clusters.arguments import Arguments, head_key, mention_arguments
from eventcoder.clusters.events import EventClusters, PairModel
from eventcoder.clusters.features import (
    CANNOT,
    FEATURES,
    FREE,
    MUST,
    Backoff,
    EventViews,
    KeyPrior,
    PairFeatures,
    constraints,
)
from eventcoder.clusters.text import DocFreq, counts


def test_head_keys_join_irregular_forms_and_keep_different_words_apart() -> None:
    assert head_key("shot") == head_key("shooting") == head_key("shoots")
    assert head_key("fell") == head_key("falls")
    assert head_key("died") == head_key("dies") == head_key("die")
    assert head_key("checked into") == head_key("check")
    assert head_key("arrested") != head_key("shot")


def test_mention_arguments_come_from_the_mention_own_clause() -> None:
    from eventcoder.nlp import load_model

    doc = load_model()("Police arrested the Velmar bank robber in Kestrel on Tuesday after a chase that injured two officers.")
    arrested = next(t.i for t in doc if t.text == "arrested")
    injured = next(t.i for t in doc if t.text == "injured")
    a = mention_arguments(doc, [arrested])
    b = mention_arguments(doc, [injured])
    assert "police" in a.participants and any("robber" in w for w in a.participants)
    assert a.places and a.times
    # the chase's injuries have their own object and no robber
    assert "officer" in b.participants and not any("robber" in w for w in b.participants)
    assert mention_arguments(doc, []) == Arguments()


def test_the_key_prior_learns_which_different_words_name_one_incident() -> None:
    pos = {("captur", "nab"): 6, ("arrest", "arrest"): 9, ("say", "tell"): 0}
    tot = {("captur", "nab"): 8, ("arrest", "arrest"): 12, ("say", "tell"): 20, ("arrest", "fall"): 1}
    p = KeyPrior.fit(pos, tot)
    assert p.rate("nab", "captur") == p.rate("captur", "nab") > p.base
    assert p.rate("say", "tell") < p.base
    assert p.rate("arrest", "fall") == p.base  # too few pairs: the base rate
    assert KeyPrior.from_json(p.to_json()).rate("captur", "nab") == round(p.rate("captur", "nab"), 4)
    assert p.key_rate("say") < p.key_rate("captur")



def test_the_key_prior_backs_off_to_the_nearest_seen_pairs_by_word_vectors() -> None:
    import pytest

    pos = {("kill", "kill"): 14, ("say", "tell"): 0, ("arrest", "fall"): 0}
    tot = {("kill", "kill"): 16, ("say", "tell"): 30, ("arrest", "fall"): 40}
    plain = KeyPrior.fit(pos, tot)
    near = KeyPrior.fit(pos, tot, backoff=Backoff(0.6, 1.0, 50))
    # a seen pair keeps its table rate
    assert near.rate("kill", "kill") == plain.rate("kill", "kill")
    # "murder" is close to "kill" in the vectors: an unseen pair of them borrows the
    # killings' high rate; without the backoff it is the base rate
    assert plain.rate("murder", "kill") == plain.base
    assert near.rate("murder", "kill") > 2 * near.base
    assert near.rate("kill", "murder") == near.rate("murder", "kill")
    # nothing seen is like a statement and a killing: the base rate
    assert near.rate("say", "kill") == near.base
    back = KeyPrior.from_json(near.to_json())
    assert back.backoff == near.backoff
    assert abs(back.rate("murder", "kill") - near.rate("murder", "kill")) < 1e-3
    with pytest.raises(ValueError):
        Backoff(0.6, 0.0, 50)


def test_a_rarely_seen_key_pair_is_shrunk_toward_its_neighbours_not_the_base_rate() -> None:
    import pytest

    # killings corefer often; statements never; "murder"+"kill" is seen in three pairs,
    # none coreferent (too few to trust), "arrest"+"kill" in one
    pos = {("kill", "kill"): 14, ("say", "tell"): 0, ("kill", "murder"): 0, ("arrest", "kill"): 0}
    tot = {("kill", "kill"): 16, ("say", "tell"): 30, ("kill", "murder"): 3, ("arrest", "kill"): 1}
    plain = KeyPrior.fit(pos, tot, backoff=Backoff(0.6, 1.0, 50))
    shrunk = KeyPrior.fit(pos, tot, backoff=Backoff(0.6, 1.0, 50, shrink=2.0))
    # the table smooths the rare pair toward the base rate; the shrinkage toward the
    # killings it looks like (its neighbour), so it ends above the table's rate
    assert shrunk.rate("murder", "kill") > plain.rate("murder", "kill")
    # its own counts still weigh (3 pairs against 2 pseudo-pairs): below the killings'
    assert shrunk.rate("murder", "kill") < shrunk.rate("kill", "kill")
    # a pair seen often keeps about its own rate; one with no neighbour shrinks to the base
    assert shrunk.rate("say", "tell") < 0.1
    assert abs(shrunk.rate("say", "tell") - 2 * shrunk.base / 32) < 1e-9
    # a pair seen once (not in the table) is shrunk too; an unseen pair is backed off as before
    assert shrunk.rate("arrest", "kill") != plain.rate("arrest", "kill")
    assert shrunk.rate("murder", "murder") == plain.rate("murder", "murder")
    # the model file ships the shrunk rates (no counts): the same rates after a round trip
    back = KeyPrior.from_json(shrunk.to_json())
    assert back.backoff == shrunk.backoff and not back.counts
    for k in tot:
        assert back.rate(*k) == round(shrunk.rate(*k), 4)
    assert abs(back.rate("murder", "murder") - shrunk.rate("murder", "murder")) < 1e-3
    # without shrink nothing changes in the file
    assert "seen" not in plain.to_json() and "shrink" not in plain.to_json()["backoff"]
    with pytest.raises(ValueError):
        Backoff(0.6, 1.0, 50, shrink=-1.0)


TOWN = (34.45, 40.92)  # an invented town's coordinates
OTHER_TOWN = (35.95, 39.01)


def _report() -> EventViews:
    """One invented war report: a capture claim, the monitor's 'fighting continues', a
    counter-attack earlier in the month, a hoped-for recapture, a campaign told country-wide
    and a battle at another town."""
    v = EventViews()
    add = v.add
    add("capture", "r1", "took control", "The army took control of Qasr Talib on Sunday, a militia radio said.",
        type="ASSAULT", actors=frozenset({"army", "militants"}), place=(*TOWN, "point"), order=10, status="asserted", historical=False, when="on Sunday")
    add("fighting", "r1", "fighting", "A monitoring group said on Sunday that fighting continued around Qasr Talib.",
        type="ASSAULT", place=(*TOWN, "point"), order=400, status="asserted", historical=False, when="Sunday")
    add("counter", "r1", "attack", "Militants staged a counter-attack in Qasr Talib earlier this month.",
        type="ASSAULT", actors=frozenset({"militants"}), place=(*TOWN, "point"), order=200, status="asserted", historical=False, when="earlier this month")
    add("hope", "r1", "regain control", "Officials said the government seeks to regain control of Qasr Talib.",
        type="ASSAULT", place=(*TOWN, "point"), order=600, status="hypothetical", historical=False)
    add("campaign", "r1", "offensive", "The army has waged an offensive across the east of the country.",
        type="ASSAULT", actors=frozenset({"army"}), place=(33.0, 38.0, "country"), order=700, status="asserted", historical=False)
    add("elsewhere", "r1", "drove", "Another alliance drove the militants from Dar Mina on Sunday.",
        type="ASSAULT", actors=frozenset({"alliance", "militants"}), place=(*OTHER_TOWN, "point"), order=800, status="asserted", historical=False, when="on Sunday")  # fmt: skip
    add("old", "r1", "bombing", "A bombing hit Qasr Talib in 2015.",
        type="ASSAULT", place=(*TOWN, "point"), order=900, status="asserted", historical=True)
    add("other-report", "r2", "fighting", "Fighting continued in Qasr Talib on Sunday, a monitor said.",
        type="ASSAULT", place=(*TOWN, "point"), order=5, status="asserted", historical=False, when="on Sunday")
    return v


def _features(v: EventViews) -> PairFeatures:
    df = DocFreq()
    raw = counts(v.sentences)
    df.update(raw)
    docs = {a: df.weigh(counts([" ".join(s for s, b in zip(v.sentences, v.article, strict=True) if b == a)])) for a in set(v.article)}
    return PairFeatures(v, docs, df, ["story"] * len(v))


def test_a_report_keeps_its_background_apart_and_one_town_battle_together() -> None:
    v = _report()
    pf = _features(v)
    link = dict(zip(v.ids, constraints(v, pf, 0, np.arange(len(v))), strict=True))
    assert link["fighting"] == MUST  # one type, one town, one day, no other actors
    assert link["counter"] == CANNOT  # another time expression
    assert link["hope"] == CANNOT  # hypothetical
    assert link["campaign"] == CANNOT  # country-wide against a town
    assert link["elsewhere"] == CANNOT  # another town
    assert link["old"] == CANNOT  # background
    assert link["other-report"] == FREE  # across reports the pair model decides
    assert link["capture"] == FREE  # itself


def test_the_clustering_honours_the_constraints_whatever_the_model_says() -> None:
    v = _report()
    pf = _features(v)
    n = len(FEATURES)
    # a model that merges everything (p = sigmoid(5)) ...
    eager = PairModel(np.zeros(n), np.ones(n), np.zeros(n), 5.0, 0.5, {})
    ec = EventClusters(eager)
    got = {v.ids[i]: ec.assign(pf, i, "story") for i in range(len(v))}
    # ... still keeps the report's background apart from the capture claim
    for other in ("counter", "hope", "campaign", "elsewhere", "old"):
        assert got[other] != got["capture"], other
    assert got["fighting"] == got["capture"] == got["other-report"]
    # and a model that merges nothing still joins one town's battle told twice in one report
    shy = PairModel(np.zeros(n), np.ones(n), np.zeros(n), -5.0, 0.5, {})
    ec = EventClusters(shy)
    got = {v.ids[i]: ec.assign(pf, i, "story") for i in range(len(v))}
    assert got["fighting"] == got["capture"] != got["other-report"]


def test_a_key_embeds_as_its_training_words_not_its_stem() -> None:
    from eventcoder.clusters.arguments import head_key, head_word

    # the head word is the base form before stemming; the key is its stem
    assert head_word("the fires") == "fires" and head_word("was shot") == "shoot"
    assert head_key("fire") == "fir"
    # fires corefer often in training; "burn" is a key no training pair shows
    pos = {("fir", "fir"): 14, ("say", "tell"): 0, ("arrest", "fall"): 0}
    tot = {("fir", "fir"): 16, ("say", "tell"): 30, ("arrest", "fall"): 40}
    stems = KeyPrior.fit(pos, tot, backoff=Backoff(0.5, 1.0, 50))
    words = KeyPrior.fit(pos, tot, backoff=Backoff(0.5, 1.0, 50), words={"fir": ("fire",)})
    # the stem "fir" reads as a tree, not a fire: nothing seen is like burning and a fire
    assert stems.rate("burn", "fir") == stems.base
    # as the word its mentions used, the key is near "burn": the pair borrows the fires' rate
    assert words.rate("burn", "fir") > 2 * words.base
    # the words travel in the model file; without a backoff they are not kept
    back = KeyPrior.from_json(words.to_json())
    assert back.words == {"fir": ("fire",)}
    assert abs(back.rate("burn", "fir") - words.rate("burn", "fir")) < 1e-3
    assert KeyPrior.fit(pos, tot, words={"fir": ("fire",)}).words == {}
    assert "words" not in stems.to_json()


def test_a_key_the_prior_never_saw_embeds_as_the_words_of_the_events_clustered() -> None:
    pos = {("fir", "fir"): 14, ("say", "tell"): 0, ("arrest", "fall"): 0}
    tot = {("fir", "fir"): 16, ("say", "tell"): 30, ("arrest", "fall"): 40}
    prior = KeyPrior.fit(pos, tot, backoff=Backoff(0.5, 1.0, 50), words={"fir": ("fire",)})
    # "flam" (the stem of "flames") is no training key: as a stem it is like nothing seen
    assert prior.rate("flam", "fir") == prior.base
    # as the word the clustered events use, it is near a fire: the fires' rate is borrowed
    assert prior.rate("flam", "fir", {"flam": ("flames",)}) > 2 * prior.base
    # the prior's own words win over the local ones; the estimates are memoised apart
    assert prior.rate("flam", "fir", {"flam": ("flames",), "fir": ("tree",)}) == prior.rate("flam", "fir", {"flam": ("flames",)})
    assert prior.rate("flam", "fir") == prior.base
    # the pair features hand the prior the head words of their own events
    views = EventViews()
    for k, trig in enumerate(["flames", "flames", "flame"]):
        views.add(f"e{k}", "a1", trig, "Flames spread through the warehouse.")
    pf = PairFeatures(views, {}, DocFreq(), ["s"] * 3)
    assert pf.key_words["flam"] == ("flames", "flame")  # most frequent first
