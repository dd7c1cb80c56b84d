"""``telling``: after ``corefer``, an event's confidence read with how its article tells it."""

from __future__ import annotations

import json
import math

import pytest

from eventcoder.components.confidence import TELLING, Telling, TellingCalibration, load_telling
from eventcoder.components.detect import load_model
from eventcoder.errors import ConfigError

UPTO = ["focus", "triggers", "relevance", "speech", "roles", "modality", "dates", "places", "actors", "intent", "backrefs", "attribution", "retype",
        "detect", "confidence", "mentions", "corefer"]
#: a bombing told in the opening, re-told twice later, and a second, separate happening
REPORT = (
    "A car bomb exploded outside a police station in the northern town on Tuesday, killing six officers, the interior ministry said. "
    "Witnesses said the blast shattered windows across the market street and set several shops on fire. "
    "Separately, security forces arrested four suspects in a raid on a house in the capital late on Tuesday. "
    "The bombing was the deadliest in the province this year, officials said. "
    "No group has claimed the attack, which came a week after a similar bombing in the same district. "
)
MAP = {"kind": "platt_telling", "a": 1.0, "b": 0.0, "w": {"earlier": -1.0, "coref_best": -1.0, "lead": 0.5}}


def test_the_map_reads_its_covariates_and_round_trips() -> None:
    t = TellingCalibration(MAP)
    none = dict.fromkeys(TELLING, 0.0)
    assert t(0.5, none) == pytest.approx(0.5)
    # a draft told after an event of its type, which the pair model finds likely, is less certain
    assert t(0.6, {**none, "earlier": math.log1p(2), "coref_best": 0.35}) < t(0.6, none) < t(0.6, {**none, "lead": 1.0})
    grid = [t(x / 20, {**none, "earlier": 0.7}) for x in range(1, 20)]
    assert grid == sorted(grid)
    assert TellingCalibration(t.to_json()).to_json() == t.to_json()


@pytest.mark.parametrize("bad", [{**MAP, "kind": "platt_genre"}, {k: v for k, v in MAP.items() if k != "w"}, {**MAP, "w": {"topic": 1.0}},
                                 {**MAP, "a": float("inf")}, {**MAP, "w": ["earlier"]}])
def test_a_malformed_map_is_refused_with_its_code(bad: dict, tmp_path) -> None:
    with pytest.raises(ConfigError) as err:
        TellingCalibration(bad)
    assert err.value.code == "E592"
    path = tmp_path / "t.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_telling(str(path))
    assert err.value.code == "E592"


def test_the_covariates_read_how_the_report_tells_its_events(analyse) -> None:
    ctx = analyse(REPORT, UPTO, published="2021-03-10")
    got = Telling(None, load_model("coref.json")).covariates(ctx)
    assert got and all(d.origin == "lexicon" for d, _ in got)
    assert all(set(x) == set(TELLING) for _, x in got)
    first = min(d.sentence.start for d in ctx.drafts)
    for d, x in got:
        assert x["lead"] == float(d.sentence.start == first)
        assert x["mentions"] == pytest.approx(math.log1p(len(d.others) + len(d.retold)))
        assert 0.0 <= x["coref_best"] < 1.0
        if x["earlier"] == 0.0:
            assert x["coref_best"] == 0.0  # nothing of its type told before it
    # the opening event is first of its type and carries the re-mentions the fold took
    lead_d, lead_x = got[0]
    assert lead_x["lead"] == 1.0 and lead_x["earlier"] == 0.0 and lead_x["p_rank"] >= 0.0
    assert all(x["n_events"] == pytest.approx(math.log1p(len(ctx.drafts))) for _, x in got)


def test_the_component_maps_the_confidence_corefer_left(analyse) -> None:
    ctx = analyse(REPORT, UPTO, published="2021-03-10")
    before = [(d, d.confidence) for d in ctx.drafts]
    t = TellingCalibration(MAP)
    comp = Telling(t, load_model("coref.json"))
    xs = comp.covariates(ctx)
    comp.record = []
    comp(ctx)
    assert [(d, x) for d, x, _ in comp.record] == xs
    mapped = {id(d) for d, _ in xs}
    for (d, c), (_, x) in zip([b for b in before if id(b[0]) in mapped], xs, strict=True):
        assert d.confidence == round(t(c, x), 4)
    for d, c in before:
        if id(d) not in mapped:
            assert d.confidence == c  # a speech draft keeps its confidence
    # without a map it changes nothing
    ctx = analyse(REPORT, UPTO, published="2021-03-10")
    snapshot = [d.confidence for d in ctx.drafts]
    Telling(None, load_model("coref.json"))(ctx)
    assert [d.confidence for d in ctx.drafts] == snapshot
