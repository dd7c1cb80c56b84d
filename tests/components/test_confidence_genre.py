"""``confidence`` with a genre map: the detector's probability read with the article model's logit."""

from __future__ import annotations

import json

import pytest

from eventcoder.components.confidence import Confidence, GenreCalibration, load_genre, shift
from eventcoder.components.detect import Detect, DetectorModel
from eventcoder.errors import ConfigError

UPTO = ["focus", "triggers", "roles", "modality", "dates", "places", "actors", "acled", "intent", "backrefs", "attribution"]
WAR = (
    "Rebels attacked an army base near the river on Monday, killing four soldiers, the army said. "
    "Government troops shelled rebel positions in the hills overnight and fighting continued in two districts. "
    "Police arrested two men in the capital after the attack on the base, which the rebels claimed in a statement. "
    "The military said it had retaken a checkpoint the insurgents had seized, and that more troops were being sent. "
    "Residents fled the villages near the front line as the clashes spread toward the border crossing. "
)
MARKET = (
    "Shares in the retailer attacked the year's high on Monday as investors cheered its quarterly sales figures. "
    "The company's chief executive said the new stores had beaten expectations and that margins would improve. "
    "Analysts raised their price targets, and the stock closed up four percent on the exchange in London. "
    "Rival chains reported weaker trading over the holiday season as shoppers cut back on spending. "
    "The retailer will publish its full-year results in March, when it expects profits to rise again. "
)
#: a map whose article term matters: a low logit lowers the probability, a missing one leaves it
MAP = {"kind": "platt_genre", "a": 1.0, "b": 0.0, "c": 0.3, "d": 0.0, "e": 0.0, "z_min": -4.0, "z_max": 6.0}


def test_the_map_is_monotone_in_the_probability_and_the_article_logit() -> None:
    g = GenreCalibration(MAP)
    assert g(0.5, None) == pytest.approx(0.5)
    grid = [g(x / 20, 1.0) for x in range(1, 20)]
    assert grid == sorted(grid)
    assert g(0.4, -2.0) < g(0.4, 0.0) < g(0.4, 3.0)
    # clipped: a logit beyond the range reads as its end
    assert g(0.4, 50.0) == pytest.approx(g(0.4, 6.0))
    assert GenreCalibration(GenreCalibration(MAP).to_json()).to_json() == GenreCalibration(MAP).to_json()


@pytest.mark.parametrize("bad", [{**MAP, "kind": "platt"}, {k: v for k, v in MAP.items() if k != "d"}, {**MAP, "a": "x"}, {**MAP, "z_min": 7.0},
                                 {**MAP, "b": float("nan")}])
def test_a_malformed_map_is_refused_with_its_code(bad: dict, tmp_path) -> None:
    with pytest.raises(ConfigError) as err:
        GenreCalibration(bad)
    assert err.value.code == "E563"
    path = tmp_path / "g.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ConfigError):
        load_genre(str(path))


def test_the_shipped_map_loads_and_reads_no_article() -> None:
    # the shipped map is the corpus refit without genre terms (docs/detector.md, x25genre): it is
    # monotone, one map for every article, and does not pay for the article model's logit
    g = load_genre("confidence_map.json")
    assert not g.reads_article and g.article_model == "relevance.json"
    assert g(0.5, 2.0) == g(0.5, None) == g(0.5, -3.0)
    grid = [g(x / 20, None) for x in range(1, 20)]
    assert grid == sorted(grid) and 0.0 < grid[0] and grid[-1] < 1.0


def _coded(analyse, text: str, genre: GenreCalibration | None):
    ctx = analyse(text, UPTO, published="2020-05-06")
    Detect(DetectorModel({"bias": 0.0, "weights": {"lemma=attack": 1.0}, "threshold": 0.0, "calibration": []}))(ctx)
    Confidence(prior_shift=-0.25, genre=genre)(ctx)
    return ctx


def test_confidence_reads_the_article_genre(analyse) -> None:
    g = GenreCalibration(MAP)
    war, market = _coded(analyse, WAR, g), _coded(analyse, MARKET, g)
    z_war, z_market = g.article_logit(war), g.article_logit(market)
    assert z_war is not None and z_market is not None and z_war > z_market  # the article model tells the genres apart
    for ctx, z in ((war, z_war), (market, z_market)):
        for d in ctx.drafts:
            assert d.origin == "lexicon" and d.confidence == round(g(d.p_event, z), 4)
    # without a map: the shifted probability, as before
    for d in _coded(analyse, MARKET, None).drafts:
        assert d.confidence == shift(d.p_event, -0.25)


def test_the_threshold_may_read_the_genre_probability(analyse) -> None:
    # a map that halves the odds of every draft in a low-logit article: at a threshold between the
    # two, detect keeps the draft without the map and drops it with it; p_event stays the detector's
    low = GenreCalibration({**MAP, "c": 0.0, "e": 0.0, "b": -3.0})
    model = DetectorModel({"bias": 0.0, "weights": {"lemma=attack": 1.0}, "threshold": 0.0, "calibration": []})
    ctx = analyse(MARKET, UPTO, published="2020-05-06")
    Detect(model, threshold=0.5)(ctx)
    kept = [(d.tok.lemma_, d.p_event) for d in ctx.drafts]
    assert kept and all(p >= 0.5 for _, p in kept)
    ctx = analyse(MARKET, UPTO, published="2020-05-06")
    Detect(model, threshold=0.5, genre=low)(ctx)
    assert not ctx.drafts
