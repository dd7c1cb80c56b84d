"""The learned role model: candidates, features, the shipped weights, and what it decides on
paraphrased news sentences (passive agents, fragments, controlled subjects)."""

from __future__ import annotations

import json

import pytest

from eventcoder.components.roles import load_model, role_candidates
from eventcoder.errors import ConfigError
from eventcoder.roles import ROLE_CLASSES, RoleModel, candidate_tokens, dep_path, quoted_tokens

ORDER = ["focus", "triggers", "roles", "modality", "dates", "places", "actors"]


def _draft(ctx, etype):
    return next(d for d in ctx.drafts if d.type == etype)


def test_the_shipped_model_loads_and_is_small() -> None:
    model = load_model()
    assert model is not None and sorted(model.classes) == sorted(ROLE_CLASSES)
    assert 0.0 < model.thresholds["source"] < 1.0 and 0.0 < model.thresholds["target"] < 1.0
    held = model.meta["heldout_accuracy"]
    # the model was kept because it beats the rules on held-out annotated drafts
    assert held["model"]["source"] > held["rules"]["source"]
    assert held["model"]["target"] > held["rules"]["target"]


def test_a_broken_model_is_a_coded_error() -> None:
    with pytest.raises(ConfigError) as err:
        RoleModel({"classes": ["none", "source"], "bias": {}, "weights": {}, "thresholds": {"source": 0.5, "target": 0.5}})
    assert err.value.code == "E310"


def test_choose_takes_the_best_source_then_another_target() -> None:
    model = RoleModel(json.loads(json.dumps({"classes": list(ROLE_CLASSES), "bias": dict.fromkeys(ROLE_CLASSES, 0.0), "weights": {}, "thresholds": {"source": 0.5, "target": 0.5}})))
    dists = [{"none": 0.1, "source": 0.8, "target": 0.1}, {"none": 0.3, "source": 0.6, "target": 0.1}, {"none": 0.6, "source": 0.0, "target": 0.4}]
    assert model.choose(dists) == (0, None)  # the third candidate's target is under the threshold
    dists[2] = {"none": 0.2, "source": 0.1, "target": 0.7}
    assert model.choose(dists) == (0, 2)


def test_candidates_and_paths_of_a_passive(analyse) -> None:
    ctx = analyse("The town was captured by Kurdish fighters on Sunday.", ["focus", "triggers"])
    d = _draft(ctx, "ASSAULT") if any(x.type == "ASSAULT" for x in ctx.drafts) else ctx.drafts[0]
    cands = candidate_tokens(d.tok)
    texts = [c.text for c in cands]
    assert "fighters" in texts and "town" in texts and "Sunday" not in texts  # a date is no candidate
    agent = next(c for c in cands if c.text == "fighters")
    assert dep_path(agent, d.tok) == "pobj>agent:by|"


def test_quoted_tokens() -> None:
    import spacy

    doc = spacy.blank("en")('He said: "We will return Afrin" on Sunday.')
    inside = {doc[i].text for i in quoted_tokens(doc)}
    assert inside == {"We", "will", "return", "Afrin"}


def test_passive_agent_is_the_source(analyse) -> None:
    ctx = analyse("Two villages were attacked by Boko Haram militants overnight, officials said.", ORDER)
    d = _draft(ctx, "ASSAULT")
    assert d.source_actor is not None and "Boko Haram" in d.source_actor.text


def test_a_fragment_is_never_an_actor(analyse) -> None:
    ctx = analyse("The information commissioner condemned the deletion of thousands of e-mails by officials.", ORDER)
    d = _draft(ctx, "ACCUSE")
    assert d.target_actor is None or "deletion" not in d.target_actor.text


def test_every_candidate_gets_features(analyse, pipeline) -> None:
    ctx = analyse("Syrian troops shelled rebel positions near Idlib.", ["focus", "triggers", "roles"])
    d = _draft(ctx, "ASSAULT")
    cands, feats = role_candidates(d, ctx.places, pipeline.actors)
    assert len(cands) == len(feats) and all(f[0] == "bias" for f in feats)
    troops = feats[[c.text for c in cands].index("troops")]
    assert "p=nsubj|" in troops and "dict=state:MIL" in troops


def test_head_word_vector_features() -> None:
    from eventcoder import vectors
    from eventcoder.roles import RoleSemantics

    vec = vectors.load()
    # two centroids (an armed-men word, a weekday) and three label prototypes, as the
    # training script fits them, through the shipped word vectors
    sem = RoleSemantics([vec.word("gunmen"), vec.word("Sunday")], {"source": vec.word("militants"), "target": vec.word("civilians"), "none": vec.word("Sunday")})
    sem = RoleSemantics.from_json(sem.to_json())  # what a model file stores
    armed = sem.features("assailants", "attack", "ASSAULT")
    assert armed[0] == "vcl=0" and "vcl_t=ASSAULT|0" in armed and "vcl_lem=attack|0" in armed
    assert sem.features("Monday", "attack", "ASSAULT")[0] == "vcl=1"
    assert "vside=target" in sem.features("villagers", "attack", "ASSAULT")
    model = RoleModel({"classes": list(ROLE_CLASSES), "bias": {}, "weights": {}, "thresholds": {"source": 0.5, "target": 0.5}, "semantics": sem.to_json()})
    assert model.vector_features("assailants", "attack", "ASSAULT") == armed
    # a model file without them adds none
    assert load_model() is not None and (load_model().semantics is not None or load_model().vector_features("gunmen", "attack", "ASSAULT") == [])


def test_a_headline_note_gets_both_sides(analyse) -> None:
    # parsed as one noun compound, "arrest" read as a noun: word order gives the sides
    ctx = analyse("Police arrest suspects in Garissa", ORDER)
    d = next(x for x in ctx.drafts if x.tok.text == "arrest")
    assert d.source_actor is not None and d.source_actor.text == "Police"
    assert d.target_actor is not None and d.target_actor.text == "suspects"


def test_a_backer_named_in_a_participle_is_not_the_source(analyse) -> None:
    from eventcoder.components.roles import embedded_agent

    ctx = analyse("The Kurdish-led alliance of rebel militias, backed by a Western coalition, has driven the jihadists from the valley.", ORDER)
    d = next(x for x in ctx.drafts if x.tok.text == "driven")
    coalition = next(t for t in d.doc if t.text == "coalition")
    assert embedded_agent(coalition, d.tok)
    assert d.source_actor is None or "coalition" not in d.source_actor.text
    # the agent of the trigger's own participle is its source
    ctx = analyse("Villages attacked by the rebels were burned.", ORDER)
    d = next(x for x in ctx.drafts if x.tok.text == "attacked")
    rebels = next(t for t in d.doc if t.text == "rebels")
    assert not embedded_agent(rebels, d.tok)


def _plain_distribution(model: RoleModel, feats: list[str]) -> dict[str, float]:
    """The scoring loop as it was written first (a dict walked per feature): the reference the
    table-driven ``distribution`` must match bit for bit."""
    import math

    z = dict(model.bias)
    for f in feats:
        for c, w in model.weights.get(f, {}).items():
            z[c] = z.get(c, 0.0) + w
    m = max(z.values())
    e = {c: math.exp(v - m) for c, v in z.items()}
    total = sum(e.values())
    return {c: v / total for c, v in e.items()}


def test_distribution_is_exactly_the_plain_loop() -> None:
    model = load_model()
    assert model is not None
    names = list(model.weights)
    for k in range(0, min(len(names), 2000), 7):
        feats = ["bias", *names[k : k + 15], "no-such-feature", names[k]]
        fast = model.distribution(feats)
        assert fast == _plain_distribution(model, feats)
        assert list(fast) == list(_plain_distribution(model, feats))
    # a weight naming a class the bias lacks takes the plain path: same answer
    odd = RoleModel({"classes": list(ROLE_CLASSES), "bias": {"none": 0.5, "source": 0.1}, "weights": {"a": {"target": 1.0, "none": -0.2}},
                     "thresholds": {"source": 0.5, "target": 0.5}})
    assert odd.distribution(["a", "a"]) == _plain_distribution(odd, ["a", "a"])


def test_lexical_features_cross_the_trigger_lemma_with_the_path() -> None:
    from eventcoder.roles import lexical_features

    feats = ["bias", "p=dobj|", "vp=actV|dobj|", "dep=dobj"]
    assert lexical_features(feats, "Villagers", "kill") == ["tlp=kill|actV|dobj|", "hd=villagers|dobj"]
    bare = {"classes": list(ROLE_CLASSES), "bias": dict.fromkeys(ROLE_CLASSES, 0.0), "thresholds": {"source": 0.5, "target": 0.5}}
    # only a model trained with them reads them: the frame weight moves the object to target
    with_lex = RoleModel({**bare, "weights": {"tlp=kill|actV|dobj|": {"target": 2.0}}, "lexical": True})
    without = RoleModel({**bare, "weights": {"tlp=kill|actV|dobj|": {"target": 2.0}}})
    assert without.extra_features(feats, "villagers", "kill", "ASSAULT") == []
    extra = with_lex.extra_features(feats, "villagers", "kill", "ASSAULT")
    assert with_lex.distribution(feats + extra)["target"] > 0.5 > without.distribution(feats)["target"]


def test_a_reduced_passive_note_puts_the_victim_in_the_target(analyse) -> None:
    # an incident note without its auxiliary: the reservist was killed, the bandits attacked
    ctx = analyse("Police reservist killed when bandits attack a homestead in Baringo", ORDER)
    d = next(x for x in ctx.drafts if x.tok.text == "killed")
    assert d.target_actor is not None and d.target_actor.text == "Police reservist"
    assert d.source_actor is None or d.source_actor.text != "Police reservist"


def test_kept_candidates_get_the_features_all_would(analyse, pipeline) -> None:
    # Roles.decide asks role_candidates for the features of the candidates it does not bar
    # only: each kept candidate's features are the ones computed for every candidate
    ctx = analyse("Government troops, backed by militia fighters, shelled the rebel stronghold near the river, residents said.", ["focus", "triggers", "roles"])
    d = _draft(ctx, "ASSAULT")
    cands, feats = role_candidates(d, ctx.places, pipeline.resources.actors, {})
    asked = []

    def keep(k, tok):
        asked.append((k, tok.i))
        return k % 2 == 0

    kept_cands, kept = role_candidates(d, ctx.places, pipeline.resources.actors, {}, keep=keep)
    assert [c.i for c in kept_cands] == [c.i for c in cands] and len(cands) >= 3
    assert asked == [(k, c.i) for k, c in enumerate(cands)]
    assert kept == [f if k % 2 == 0 else None for k, f in enumerate(feats)]


def _listwise(weights: dict[str, dict[str, float]]) -> RoleModel:
    return RoleModel({"classes": list(ROLE_CLASSES), "bias": dict.fromkeys(ROLE_CLASSES, 0.0), "weights": weights,
                      "thresholds": {"source": 0.3, "target": 0.3}, "listwise": True})


def test_a_listwise_model_shares_each_side_among_the_candidates_and_nobody() -> None:
    from eventcoder.roles import null_features

    subj, obj, when = ["bias", "vp=actV|nsubj|"], ["bias", "vp=actV|dobj|"], ["bias", "vp=actV|npadvmod|"]
    null = null_features([subj, obj, when], "kill", "ASSAULT", (True, True))
    assert null[0] == "NULL" and "NULL|t=ASSAULT" in null and "NULL|vt=actV" in null and "NULL|n=2-4" in null
    model = _listwise({"vp=actV|nsubj|": {"source": 3.0}, "vp=actV|dobj|": {"target": 3.0}, "NULL|lem=die": {"source": 6.0}})
    dists = model.distributions([subj, obj, when], null)
    for side in ("source", "target"):  # one choice per side: the candidates' shares sum under 1
        assert 0.0 < sum(d[side] for d in dists) < 1.0
    assert model.choose(dists) == (0, 1)
    # the same candidates with a lemma whose null weight outweighs them: nobody did it
    dists = model.distributions([subj, obj, when], null_features([subj, obj, when], "die", "ASSAULT", (True, True)))
    assert model.choose(dists)[0] is None and model.choose(dists)[1] == 1
    # what the probabilities mean differs from a per-candidate model's: two equal subjects halve it
    two = model.distributions([subj, subj], null_features([subj, subj], "kill", "ASSAULT", (True, False)))
    assert abs(two[0]["source"] - two[1]["source"]) < 1e-12 and two[0]["source"] < 0.5
    # a per-candidate model's distributions are its distribution of each candidate, unchanged
    plain = RoleModel({"classes": list(ROLE_CLASSES), "bias": dict.fromkeys(ROLE_CLASSES, 0.0), "weights": {"vp=actV|nsubj|": {"source": 3.0}},
                       "thresholds": {"source": 0.3, "target": 0.3}})
    assert not plain.listwise
    assert plain.distributions([subj, obj], []) == [plain.distribution(subj), plain.distribution(obj)]
    # the shipped listwise model (opt-in) says so in its file
    shipped = load_model("roles_listwise.json")
    assert shipped is not None and shipped.listwise and not load_model().listwise


def test_train_listwise_learns_the_choice_of_a_draft() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import train_roles as tr

    # drafts of an active verb: the subject is the source and the object the target, except
    # for one verb ("die") whose subject undergoes it and whose source is nobody in the sentence
    def ex(lemma: str, labels: list[str]) -> dict:
        feats = [["bias", "vp=actV|nsubj|", "dep=nsubj"], ["bias", "vp=actV|dobj|", "dep=dobj"], ["bias", "vp=actV|pobj>prep:on|", "dep=pobj"]]
        return {"feats": feats, "labels": labels, "trigger": lemma, "etype": "ASSAULT", "rules": {"source": 0, "target": 1}, "w": False}

    exs = [ex("kill", ["source", "target", "none"]) for _ in range(30)] + [ex("die", ["target", "none", "none"]) for _ in range(30)]
    weights = tr.train_listwise(exs, epochs=10, l2=1e-4, lr=0.3, min_count=1)
    model = _listwise(weights)
    assert tr._model_pick(model, exs[0]) == {"source": 0, "target": 1}
    assert tr._model_pick(model, exs[-1]) == {"source": None, "target": 0}
    # the seed orders the passes (train_roles.py --seed, 13 by default): the same seed, the same weights
    assert tr.train_listwise(exs, epochs=10, l2=1e-4, lr=0.3, min_count=1, seed=13) == weights
    assert tr.train_listwise(exs, epochs=10, l2=1e-4, lr=0.3, min_count=1, seed=7) != weights


def test_the_null_option_reads_the_shape_of_the_text(analyse) -> None:
    from eventcoder.roles import null_features, shape_features, text_shape

    note = analyse("Gunmen ambushed an army patrol near the border, killing three soldiers.", ["focus", "triggers", "roles"])
    d = note.drafts[0]
    shape = text_shape(d, note)
    assert shape["sentences"] == 1 and shape["index"] == 0 and 10 <= shape["tokens"] <= 15
    assert {"NULL|ns=1", "NULL|first=True", "NULL|first|ns=True|1"} <= set(shape_features(shape))
    story = analyse(
        "The talks ended on Friday. Both delegations left the capital. Rebels later shelled a market in the north, "
        "witnesses said.", ["focus", "triggers", "roles"])
    d = next(d for d in story.drafts if d.type == "ASSAULT")
    shape = text_shape(d, story)
    assert shape["sentences"] == 3 and shape["index"] == 2
    assert {"NULL|ns=2-3", "NULL|first=False"} <= set(shape_features(shape))
    # without a shape (older listwise models) the null option is as it was
    feats = [["bias", "vp=actV|nsubj|"]]
    assert null_features(feats, "shell", "ASSAULT", (True, False)) == null_features(feats, "shell", "ASSAULT", (True, False), None)
    assert not any(f.startswith("NULL|ns=") for f in null_features(feats, "shell", "ASSAULT", (True, False)))


def test_a_blend_needs_a_listwise_model_and_a_per_candidate_one() -> None:
    from types import SimpleNamespace

    from eventcoder.components.roles import make_roles

    res = SimpleNamespace(actors=None)
    with pytest.raises(ConfigError) as err:
        make_roles(res, model="roles.json", blend="roles.json")
    assert err.value.code == "E560"
    with pytest.raises(ConfigError) as err:
        make_roles(res, model="roles_listwise.json", blend="roles_listwise.json")
    assert err.value.code == "E560"
    with pytest.raises(ConfigError) as err:
        make_roles(res, model="roles_listwise.json", blend="roles.json", blend_weight=1.5)
    assert err.value.code == "E561"
    roles = make_roles(res, model="roles_listwise.json", blend="roles.json", blend_weight=0.4)
    assert roles.blend is not None and not roles.blend.listwise and roles.blend_weight == 0.4
    assert make_roles(res, model="roles_listwise.json").blend is None


def _sides(ctx) -> list[tuple[str, str | None, str | None]]:
    span = lambda d, s: None if s is None else d.doc[s.start : s.end].text  # noqa: E731
    return [(d.tok.text, span(d, d.src_span), span(d, d.tgt_span)) for d in ctx.drafts]


def test_a_short_note_is_decided_by_the_notes_model_and_an_article_by_the_listwise_one(analyse) -> None:
    from eventcoder.pipeline import load_config

    roles = load_config()["components"]["roles"]
    assert roles["model"] == "roles_listwise_paths.json" and roles["notes_model"] == "roles.json" and roles["notes_sentences"] >= 3
    shipped = load_model("roles_listwise_paths.json")
    assert shipped is not None and shipped.listwise and shipped.shape and shipped.paths
    # the head fitted the long-path weights for the target side only: the source side is the
    # kept model's (roles_listwise.json), so a source never reads a path feature
    kept = load_model("roles_listwise.json")
    assert kept is not None and not kept.paths
    path_prefixes = ("gvp=", "gvl=", "ch=", "chl=", "cht=", "cp=", "fr=", "fre=")
    added = [f for f in shipped.weights if f.startswith(path_prefixes)]
    assert added and all(shipped.weights[f].get("source", 0.0) == 0.0 for f in added)
    assert all(shipped.weights[f] == ws for f, ws in kept.weights.items())
    comps = ["focus", "triggers", "roles"]
    per_candidate = {"roles": {"model": "roles.json", "source_threshold": 0.25, "target_threshold": 0.2, "notes_model": None}}
    listwise = {"roles": {"notes_model": None}}
    note = "Gunmen ambushed an army convoy on the highway, killing four soldiers and wounding a driver."
    # a one-line note: exactly what the per-candidate model alone decides
    assert _sides(analyse(note, comps)) == _sides(analyse(note, comps, settings=per_candidate))
    story = " ".join([note, "The convoy was carrying supplies to a base in the north.", "Officials said the road was closed for hours.",
                      "Traffic resumed in the evening.", "No group has said it carried out the attack.", "The army promised an inquiry."])
    # an article of six sentences: the listwise model's
    assert _sides(analyse(story, comps)) == _sides(analyse(story, comps, settings=listwise))


def test_the_elsewhere_option_reads_what_earlier_sentences_state(analyse) -> None:
    from eventcoder.roles import discourse_context, elsewhere_features, text_shape

    story = analyse(
        "Rebels shelled a market in the north on Friday. The army said the rebels had fled. "
        "The shelling killed four traders, witnesses said.", ["focus", "triggers", "roles"])
    first = story.drafts[0]
    later = next(d for d in story.drafts if d.sentence.start > story.drafts[0].sentence.end and d.type == "ASSAULT")
    ctx = discourse_context(later, story)
    assert ctx["prior"] >= 2 and ctx["prev"] >= 1 and ctx["gap"] == 1 and ctx["again_type"] == 1
    assert discourse_context(first, story)["prior"] == 0 and discourse_context(first, story)["gap"] == -1
    # text_shape carries it for the listwise model, the older keys unchanged
    shape = text_shape(later, story, discourse=True)
    assert shape["index"] == 2 and shape["again_type"] == 1
    assert "again_type" not in text_shape(later, story)  # the shipped model's shape: only when asked
    feats = elsewhere_features(shape, "ASSAULT", "nounN")
    assert feats[0] == "ELSE" and "ELSE|gap=1" in feats and "ELSE|again=1" in feats and "ELSE|first=False" in feats


def test_an_elsewhere_option_is_a_second_null_and_needs_a_listwise_shape_model() -> None:
    base = {"classes": list(ROLE_CLASSES), "bias": dict.fromkeys(ROLE_CLASSES, 0.0), "thresholds": {"source": 0.3, "target": 0.3}}
    subj = ["bias", "vp=actV|nsubj|"]
    model = RoleModel({**base, "weights": {"vp=actV|nsubj|": {"source": 1.0}, "ELSE|gap=1": {"source": 3.0}},
                       "listwise": True, "shape": True, "elsewhere": True})
    near = model.distributions([subj], ["NULL"], ["ELSE", "ELSE|gap=1"])
    far = model.distributions([subj], ["NULL"], ["ELSE", "ELSE|gap=4+"])
    # a side an earlier sentence may state takes mass from the candidate: nobody *here*
    assert near[0]["source"] < 0.3 < far[0]["source"]
    assert model.choose(near)[0] is None and model.choose(far)[0] == 0
    # without the option's features the model is the plain listwise one
    assert model.distributions([subj], ["NULL"]) == RoleModel({**base, "weights": model.weights, "listwise": True}).distributions([subj], ["NULL"])
    with pytest.raises(ConfigError):
        RoleModel({**base, "weights": {}, "listwise": True, "elsewhere": True})


def test_train_listwise_gives_a_side_stated_elsewhere_its_own_option() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import train_roles as tr

    def ex(gap: int, labels: list[str], away: bool) -> dict:
        feats = [["bias", "vp=nounN|poss|", "dep=poss"], ["bias", "vp=nounN|prep:of|", "dep=pobj"]]
        return {"feats": feats, "labels": labels, "trigger": "attack", "etype": "ASSAULT", "rules": {"source": None, "target": None}, "w": False,
                "shape": {"sentences": 8, "index": 3, "tokens": 20, "prior": 4, "prev": 1, "here": 1, "gap": gap, "chain": 2,
                          "again_type": 1, "again_lemma": 1},
                "elsewhere": {"source": away, "target": False}}

    # a nominal act's possessor is its source, unless the side lies in the previous sentence
    exs = [ex(5, ["source", "none"], False) for _ in range(30)] + [ex(1, ["none", "none"], True) for _ in range(30)]
    weights = tr.train_listwise(exs, epochs=10, l2=1e-4, lr=0.3, min_count=1, shape=True, elsewhere="option")
    assert "ELSE|gap=1" in weights and weights["ELSE|gap=1"]["source"] > 0
    model = RoleModel({"classes": list(ROLE_CLASSES), "bias": dict.fromkeys(ROLE_CLASSES, 0.0), "weights": weights,
                       "thresholds": {"source": 0.3, "target": 0.3}, "listwise": True, "shape": True, "elsewhere": True})
    assert tr._model_pick(model, exs[0])["source"] == 0
    assert tr._model_pick(model, exs[-1])["source"] is None
    # mask: a side stated elsewhere teaches nothing, so no weight is learned from those drafts alone
    masked = tr.train_listwise(exs[30:], epochs=5, l2=1e-4, lr=0.3, min_count=1, shape=True, elsewhere="mask")
    assert all("source" not in ws for ws in masked.values())


def test_listwise_side_scores_are_exactly_the_dict_reading() -> None:
    """``_score`` reads a (source, target) pair per feature built once; the sums are those of
    reading each feature's weight dict, term by term — on the shipped listwise model, and after
    its weights are replaced (the table is rebuilt)."""
    import random

    shipped = load_model("roles_listwise.json")
    assert shipped is not None and shipped.listwise

    def plain(model: RoleModel, feats: list[str]) -> tuple[float, float]:
        zs = zt = 0.0
        for f in feats:
            ws = model.weights.get(f)
            if ws is not None:
                zs += ws.get("source", 0.0)
                zt += ws.get("target", 0.0)
        return zs, zt

    rnd = random.Random(7)
    known = sorted(shipped.weights)
    for _ in range(300):
        feats = rnd.sample(known, rnd.randint(0, 40)) + ["never-seen"] * rnd.randint(0, 2)
        assert shipped._score(feats) == plain(shipped, feats)
    small = _listwise({"a": {"source": 0.1}, "b": {"target": 0.2, "source": 0.3}})
    assert small._score(["a", "b", "c"]) == plain(small, ["a", "b", "c"]) == (0.1 + 0.3, 0.2)
    small.weights = {"a": {"target": 1.5}}
    assert small._score(["a", "b"]) == (0.0, 1.5)


def test_earlier_actors_are_offered_as_carried_candidates(analyse) -> None:
    from eventcoder.roles import carry_candidates, carry_features

    story = analyse(
        "Rebels shelled a market in the north on Friday. The army said the rebels had fled. "
        "The shelling killed four traders, witnesses said.", ["focus", "triggers", "roles"])
    first = story.drafts[0]
    later = next(d for d in story.drafts if d.sentence.start > story.drafts[0].sentence.end and d.type == "ASSAULT")
    assert carry_candidates(first, story) == []  # the first sentence has nothing before it
    cands = carry_candidates(later, story)
    assert cands and [c["rank"] for c in cands] == list(range(len(cands)))
    assert all(c["start"] < later.sentence.start for c in cands)
    assert [c["start"] for c in cands] == sorted((c["start"] for c in cands), reverse=True)  # nearest first
    rebels = next(c for c in cands if story.article.text[c["start"]:c["end"]].lower().startswith("rebel"))
    # the rebels: mentioned twice, the source of the earlier shelling (same type)
    assert rebels["count"] >= 2 and "source|same" in rebels["was"] and rebels["back"] == 1
    assert rebels["_ref"] is not None
    feats = carry_features(rebels, "ASSAULT", "nounN", (False, False))
    assert feats[0] == "CARRY" and "CARRY|was=source|same" in feats and "CARRY|t|was=ASSAULT|source|same" in feats
    assert not any(f.startswith("CARRY|") and "rebel" in f.lower() for f in feats)  # structural: no words


def test_a_carry_fills_only_a_side_above_its_threshold_and_needs_a_listwise_model() -> None:
    base = {"classes": list(ROLE_CLASSES), "bias": dict.fromkeys(ROLE_CLASSES, 0.0), "thresholds": {"source": 0.3, "target": 0.3}}
    model = RoleModel({**base, "weights": {}, "listwise": True, "carry": True})
    assert model.carry
    dists = [{"none": 0.5, "source": 0.5, "target": 0.0}, {"none": 0.4, "source": 0.2, "target": 0.4}]
    assert model.carry_choice(dists) == (0, 1)
    # one earlier actor is not both sides
    assert model.carry_choice([{"none": 0.1, "source": 0.5, "target": 0.4}]) == (0, None)
    assert model.carry_choice([{"none": 0.8, "source": 0.1, "target": 0.1}]) == (None, None)
    with pytest.raises(ConfigError) as err:
        RoleModel({**base, "weights": {}, "carry": True})
    assert err.value.code == "E310"


def test_train_listwise_learns_to_carry_an_earlier_source() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import train_roles as tr

    def ex(stated: bool) -> dict:
        feats = [["bias", "vp=nounN|poss|", "dep=poss"], ["bias", "vp=nounN|prep:of|", "dep=pobj"]]
        carry = [{"back": 1, "count": 3, "rank": 0, "lead": 0, "sector": "REB", "kind": "group", "was": ["source|same"],
                  "lab": "none" if stated else "source"},
                 {"back": 2, "count": 1, "rank": 1, "lead": 1, "sector": "", "kind": "", "was": [], "lab": "none"}]
        return {"feats": feats, "labels": ["source" if stated else "none", "none"], "trigger": "attack", "etype": "ASSAULT",
                "rules": {"source": 0 if stated else None, "target": None}, "w": False,
                "shape": {"sentences": 8, "index": 3, "tokens": 20}, "elsewhere": {"source": not stated, "target": False}, "carry": carry}

    # a nominal act's possessor is its source; with none in the sentence, the earlier one of the same type
    exs = [ex(True) for _ in range(30)] + [ex(False) for _ in range(30)]
    weights = tr.train_listwise(exs, epochs=10, l2=1e-4, lr=0.3, min_count=1, shape=True, carry=True)
    assert weights["CARRY|was=source|same"]["source"] > 0
    model = RoleModel({"classes": list(ROLE_CLASSES), "bias": dict.fromkeys(ROLE_CLASSES, 0.0), "weights": weights,
                       "thresholds": {"source": 0.3, "target": 0.3}, "listwise": True, "shape": True, "carry": True})
    assert tr._model_pick(model, exs[0])["source"] == 0  # the sentence's own source first
    assert tr._model_pick(model, exs[-1])["source"] == 2  # the first carried candidate
    assert tr._sentence_pick(model, exs[-1])["source"] is None
    acc = tr.accuracy(exs, lambda e: tr._model_pick(model, e), carry=True)
    assert acc["source"] == 1.0 and acc["carried"]["source"] == [30, 30] and acc["carriable"]["source"] == 30
    # a carry head over a kept model: its own weights stay exactly as given, only CARRY rows move
    kept = {"vp=nounN|poss|": {"source": 1.5}, "NULL": {"source": 0.25, "target": 0.5}}
    head = tr.train_listwise(exs, epochs=5, l2=1e-4, lr=0.3, min_count=1, shape=True, carry=True, init=kept)
    assert head["vp=nounN|poss|"] == {"source": 1.5} and head["NULL"] == {"source": 0.25, "target": 0.5}
    assert head["CARRY|was=source|same"]["source"] > 0 and all(x in kept or x.startswith("CARRY") for x in head)


def test_a_carried_source_becomes_the_events_actor(analyse, pipeline) -> None:
    from eventcoder.components.actors import make_actors
    from eventcoder.components.roles import Roles

    text = ("Rebels shelled a market in the north on Friday. Officials said the road was closed for hours. "
            "The shelling killed four traders, witnesses said.")
    # a carry model that knows one thing: the source of an earlier act of the same type
    model = RoleModel({"classes": list(ROLE_CLASSES), "bias": dict.fromkeys(ROLE_CLASSES, 0.0), "listwise": True, "carry": True,
                       "weights": {"CARRY|was=source|same": {"source": 6.0}, "CARRY": {"source": -2.0, "target": -4.0}},
                       "thresholds": {"source": 0.3, "target": 0.3}, "carry_thresholds": {"source": 0.5, "target": 0.5}})
    ctx = analyse(text, ["focus", "triggers"])
    Roles(pipeline.resources.actors, model)(ctx)
    first = ctx.drafts[0]
    later = next(d for d in ctx.drafts if d.sentence.start > first.sentence.end and d.type == "ASSAULT")
    assert first.carried == {} and first.src_span is not None  # the first sentence states its own
    assert later.src_span is None and isinstance(later.carried.get("source"), tuple) and "target" not in later.carried
    make_actors(pipeline.resources)(ctx)
    assert later.source_actor is not None and later.source_actor.text.lower().startswith("rebel")
    assert later.source_actor.start < later.sentence.start  # the earlier mention, as written there


def test_a_path_head_fits_only_the_path_features_beside_a_kept_model() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import train_roles as tr

    # a kept model that knows subjects and objects; the drafts' target is a participle's object
    # ("…, killing villagers"), which only a long-path feature (chl=) tells apart
    kept = {"vp=actV|nsubj|": {"source": 2.0, "target": -1.0}, "vp=actV|dobj|": {"source": -1.0, "target": 2.0}}

    def ex() -> dict:
        feats = [["vp=actV|nsubj|"], ["vp=actV|dobj|"], ["vp=actV|far", "chl=kill|dobj"]]
        return {"feats": feats, "labels": ["source", "none", "target"], "trigger": "open", "etype": "ASSAULT", "rules": {"source": 0, "target": 1}, "w": False}

    exs = [ex() for _ in range(30)]
    both = tr.train_listwise(exs, epochs=10, l2=1e-4, lr=0.3, min_count=1, init=kept, fitted=tr.PATH_PREFIXES)
    # the kept weights stay as they were; the path feature learns the target
    assert both["vp=actV|nsubj|"] == kept["vp=actV|nsubj|"] and both["vp=actV|dobj|"] == kept["vp=actV|dobj|"]
    assert both["chl=kill|dobj"]["target"] > 0
    assert tr._model_pick(_listwise(both), exs[0])["target"] == 2
    # fitted for the target side only: no source weight on a path feature
    target_only = tr.train_listwise(exs, epochs=10, l2=1e-4, lr=0.3, min_count=1, init=kept, fitted=tr.PATH_PREFIXES, sides=("target",))
    assert "source" not in target_only["chl=kill|dobj"] and target_only["chl=kill|dobj"]["target"] > 0
