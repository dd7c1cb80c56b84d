"""The word-vector view of event mentions: lexically different names of one incident come
close, unlike events stay apart, and a story's side event stands alone (invented reports)."""

from __future__ import annotations

import numpy as np

from eventcoder.clusters.arguments import Arguments
from eventcoder.clusters.features import FEATURES, EventViews, PairFeatures
from eventcoder.clusters.semantic import MentionVectors, head_word
from eventcoder.clusters.text import DocFreq, counts


def _views() -> EventViews:
    v = EventViews()
    v.add("a1", "r1", "shooting", "A shooting at the Brelford mall left three shoppers wounded on Friday.",
          args=Arguments(frozenset({"mall", "shopper"}), frozenset({"brelford"}), frozenset({"friday"})))
    v.add("b1", "r2", "gunfire", "Gunfire erupted inside the Brelford mall on Friday, wounding three people.",
          args=Arguments(frozenset({"mall", "people"}), frozenset({"brelford"}), frozenset({"friday"})))
    v.add("b2", "r2", "arrested", "Police later arrested a suspect at his home.",
          args=Arguments(frozenset({"police", "suspect"})))
    v.add("c1", "r3", "fired shots", "A gunman fired shots at the mall's food court, witnesses told reporters.",
          args=Arguments(frozenset({"gunman", "court"})))
    v.add("c2", "r3", "election", "The town council election was postponed.",
          args=Arguments(frozenset({"council"})))
    return v


def _features(v: EventViews) -> PairFeatures:
    df = DocFreq()
    raw = counts(v.sentences)
    df.update(raw)
    arts = sorted(set(v.article))
    docs = {a: df.weigh(counts([" ".join(s for s, b in zip(v.sentences, v.article, strict=True) if b == a)])) for a in arts}
    return PairFeatures(v, docs, df, ["story"] * len(v))


def test_head_word_is_the_last_content_word() -> None:
    assert head_word("fired shots") == "shots"
    assert head_word("checked into") == "checked"
    assert head_word("Gunfire") == "gunfire"


def test_different_words_for_one_incident_are_closer_than_unlike_events() -> None:
    pf = _features(_views())
    X = pf.pairs(0, np.array([1, 2, 4]))
    head, sent = FEATURES.index("vec_head"), FEATURES.index("vec_sent")
    shooting_gunfire, shooting_arrest, shooting_election = X[:, head]
    assert shooting_gunfire > shooting_arrest + 0.2 and shooting_gunfire > shooting_election + 0.2
    assert X[0, sent] > X[2, sent]  # the two mall reports read alike
    # the stem and head key see nothing in common: only the vectors join them
    assert X[0, FEATURES.index("key_eq")] == 0 and X[0, FEATURES.index("newkey_vec")] == X[0, head]
    # places and times by kind: both name the mall town and the day
    assert X[0, FEATURES.index("vec_place")] > 0.99 and X[0, FEATURES.index("vec_time")] > 0.99
    assert X[1, FEATURES.index("vec_place")] == 0.0  # the arrest has no place: unknown, not unlike


def test_a_trigger_meets_the_other_mention_arguments() -> None:
    v = _views()
    mv = MentionVectors(v)
    gun = mv.head[v.ids.index("b1")]
    # the gunfire is closer to the gunman among the third report's arguments than to the council
    got = mv.best_arg(gun, np.array([v.ids.index("c1"), v.ids.index("c2"), v.ids.index("a1")]))
    assert got[0] > got[1]
    empty = EventViews()
    empty.add("x", "r", "attack", "An attack.")
    assert MentionVectors(empty).best_arg(gun, np.array([0]))[0] == 0.0


def test_a_side_event_stands_alone_in_its_story() -> None:
    v = _views()
    pf = _features(v)
    near = dict(zip(v.ids, pf.near, strict=True))
    share = dict(zip(v.ids, pf.vec_salience, strict=True))
    assert near["a1"] > near["c2"]  # the shooting has close triggers in other reports, the election none
    assert share["a1"] > share["c2"]
    # the neighbourhood is the same computed in chunks of one row (bounded memory)
    rows = {"story": list(range(len(v)))}
    full = pf.mv.neighbourhood(v.article, rows)
    one = pf.mv.neighbourhood(v.article, rows, chunk=1)
    assert np.allclose(full[0], one[0]) and np.allclose(full[1], one[1])
    # a mention alone in its article's story has no neighbourhood
    alone = pf.mv.neighbourhood(v.article, {"s": [0]})
    assert alone[0][0] == 0.0 and alone[1][0] == 0.0
