"""Near-duplicates, stories and pair features on small real-looking texts."""

from __future__ import annotations

import numpy as np

from eventcoder.clusters.duplicates import NearDuplicates
from eventcoder.clusters.features import EventViews, PairFeatures, stem
from eventcoder.clusters.stories import Stories, decay
from eventcoder.clusters.text import DocFreq, counts

QUAKE = (
    "A magnitude 6.1 earthquake struck the coastal province early on Tuesday, toppling houses in "
    "three villages and cutting power to the regional capital, officials said. Rescue teams from "
    "the capital searched the rubble through the night as aftershocks shook the area."
)
QUAKE_COPY = "By Staff Reporter. " + QUAKE + " Related: more news from the region."
QUAKE_OTHER_OUTLET = (
    "Rescuers dug through collapsed houses after the magnitude 6.1 earthquake hit the coastal province on "
    "Tuesday; aftershocks shook the villages and the regional capital lost power, officials said."
)
ELECTION = (
    "Voters in the northern city chose a new mayor on Sunday after a campaign dominated by housing costs "
    "and transport, with turnout higher than at the last municipal election, the electoral board said."
)


def test_a_syndicated_copy_points_to_its_original_and_a_rewrite_does_not() -> None:
    nd = NearDuplicates()
    assert nd.check("orig", QUAKE)[0] is None
    assert nd.check("copy", QUAKE_COPY)[0] == "orig"
    assert nd.check("other", QUAKE_OTHER_OUTLET)[0] is None
    assert nd.check("election", ELECTION)[0] is None


def test_reports_of_one_story_share_it_and_another_story_does_not() -> None:
    df = DocFreq()
    raw = counts([QUAKE, QUAKE_OTHER_OUTLET, ELECTION])
    df.update(raw)
    v = df.weigh(raw)
    st = Stories()
    a = st.assign("a", v[0], "2024-03-05")
    b = st.assign("b", v[1], "2024-03-06")
    c = st.assign("c", v[2], "2024-03-06")
    assert a == b != c
    # the ids depend only on the founding article: a re-run gives the same ids
    st2 = Stories()
    assert st2.assign("a", v[0], "2024-03-05") == a


def test_the_time_decay_is_soft() -> None:
    assert decay(0) == 1.0
    assert 0.5 < decay(365) < decay(30) < decay(1) < 1.0


def test_stems_and_pair_features_see_agreement_and_disagreement() -> None:
    assert stem("killed") == stem("killing") == stem("kills")
    views = EventViews()
    views.add("e1", "a", "killed", "Gunmen killed four people in Mosul on Monday.", type="ASSAULT", place=(36.34, 43.13, "point"), date=(738000, "day"))
    views.add("e2", "b", "killing", "The killing of four people in Mosul on Monday was condemned.", type="ASSAULT", place=(36.35, 43.12, "point"), date=(738000, "day"))
    views.add("e3", "c", "protest", "Students protested in Basra on Friday.", type="PROTEST", place=(30.5, 47.8, "point"), date=(738004, "day"))
    df = DocFreq()
    m = counts(views.sentences)
    df.update(m)
    docs = {a: df.weigh(counts([s])) for a, s in zip(views.article, views.sentences, strict=True)}
    pf = PairFeatures(views, docs, df, ["s", "s", "s"])
    X = pf.pairs(1, np.array([0, 2]))
    # lemma, type, place, date agree with the first event and disagree with the third
    assert list(X[0, [0, 6, 8, 9]]) == [1, 1, 1, 1]
    assert list(X[1, [0, 6, 8, 9]]) == [0, -1, -1, -1]
    assert X[0, 2] > X[1, 2]


QUAKE_2 = (
    "A magnitude 5.2 earthquake hit the mountain district of Velora on Saturday, damaging a school and "
    "two bridges; rescue teams from the district capital reached the villages by road, officials said."
)


def test_two_incidents_of_one_kind_are_two_stories_and_a_later_report_joins_its_own() -> None:
    from eventcoder.clusters.text import story_vectors

    df = DocFreq()
    texts = [QUAKE, QUAKE_OTHER_OUTLET, QUAKE_2, ELECTION]
    v = story_vectors(df, texts)
    st = Stories()
    ids = st.assign_batch(["a", "b", "c", "d"], v, ["2024-03-05", "2024-03-05", "2024-06-01", "2024-03-06"])
    assert ids["a"] == ids["b"]
    assert len({ids["a"], ids["c"], ids["d"]}) == 3
    # an incremental run: a new report of the second quake joins that story, ids unchanged
    late = story_vectors(df, ["Aftershocks rattled Velora on Sunday, a day after the magnitude 5.2 earthquake damaged a school and two bridges in the mountain district."])
    assert st.assign("e", late[0], "2024-06-02") == ids["c"]
    assert st.stories[ids["c"]].n == 2 and st.stories[ids["a"]].n == 2


def test_a_block_over_the_cap_is_clustered_in_time_windows_with_the_same_stories() -> None:
    from eventcoder.clusters.text import story_vectors

    texts = [QUAKE, QUAKE_OTHER_OUTLET, QUAKE_COPY, QUAKE_2, ELECTION, QUAKE_OTHER_OUTLET + " Power was restored on Wednesday."]
    days = ["2024-03-05", "2024-03-05", "2024-03-06", "2024-06-01", "2024-03-06", "2024-03-07"]
    ids = [f"a{k}" for k in range(len(texts))]
    whole = Stories()
    full = whole.assign_batch(ids, story_vectors(DocFreq(), texts), days)
    capped = Stories(max_block=2)
    split = capped.assign_batch(ids, story_vectors(DocFreq(), texts), days)
    # the first quake's four reports form one connected block of 4 > 2: it is split in time
    # windows, and the later window's group joins the earlier window's story
    assert whole.split_blocks == 0 and capped.split_blocks == 1
    assert capped.largest_block <= 2 < whole.largest_block
    assert split == full
    assert len({split[i] for i in ("a0", "a1", "a2", "a5")}) == 1


def test_a_story_over_the_gram_cap_gives_the_same_pair_features() -> None:
    views = EventViews()
    views.add("e1", "a", "killed", "Gunmen killed four people in Mosul on Monday.", type="ASSAULT")
    views.add("e2", "b", "killing", "The killing of four people in Mosul on Monday was condemned.", type="ASSAULT")
    views.add("e3", "c", "protest", "Students protested in Basra on Friday.", type="PROTEST")
    df = DocFreq()
    df.update(counts(views.sentences))
    docs = {a: df.weigh(counts([s])) for a, s in zip(views.article, views.sentences, strict=True)}
    dense = PairFeatures(views, docs, df, ["s"] * 3)
    sparse_only = PairFeatures(views, docs, df, ["s"] * 3, max_gram=2)
    js = np.array([0, 2])
    assert np.allclose(dense.pairs(1, js), sparse_only.pairs(1, js), atol=1e-5)
    assert dense.largest_gram == 3 and sparse_only.largest_gram == 0
