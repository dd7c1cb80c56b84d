"""The PolNeAR attribution scoring (eval/sets/polnear.py) on made-up documents — hermetic —
and a small run on the bench's dev part when ``../shared/bench`` is present."""

from __future__ import annotations

import json

import pytest

from eventcoder.eval.sets.polnear import (
    GoldAttribution,
    attributions,
    draw_split,
    framing,
    judge,
    score,
    score_self_reports,
    self_report,
    source_agrees,
)

TEXT = (
    "The monitor said that rebels shelled the port at dawn. "
    "Officials later claimed the navy had told them that divers sank a ferry. "
    "Troops patrolled the market on Friday."
)


def _span(needle: str) -> tuple[int, int]:
    s = TEXT.index(needle)
    return s, s + len(needle)


def _attr(source: str, content: str) -> dict:
    return {
        "id": source,
        "source": {"fragments": [list(_span(source))], "text": source},
        "cue": {"fragments": [], "text": ""},
        "content": {"fragments": [list(_span(content))], "text": content},
    }


DOC = {
    "id": "made-up",
    "text": TEXT,
    "attributions": [
        _attr("The monitor", "rebels shelled the port at dawn"),
        _attr("Officials", "the navy had told them that divers sank a ferry"),
        _attr("the navy", "divers sank a ferry"),
        {"id": "nosrc", "source": {"fragments": [], "text": ""}, "content": {"fragments": [list(_span("Troops patrolled"))], "text": ""}},
    ],
}


def _event(trigger: str, by: list[tuple[str | None, str, tuple[int, int] | None]]) -> dict:
    return {"trigger": _span(trigger), "reported_by": [{"name": n, "text": t, "raw_span": s} for n, t, s in by]}


def test_the_innermost_attribution_frames_an_event():
    attrs = attributions(DOC)
    (inner, outer) = framing(attrs, _span("sank")[0])
    assert inner.source_text == "the navy" and outer.source_text == "Officials"
    assert framing(attrs, _span("patrolled")[0])[0].source == ()


def test_source_agrees_by_span_or_by_whole_words():
    gold = GoldAttribution((_span("rebels shelled"),), (_span("The monitor"),), "The monitor")
    assert source_agrees([{"name": None, "text": "monitor", "raw_span": _span("monitor")}], gold)
    assert source_agrees([{"name": "Monitor", "text": "it", "raw_span": None}], gold)
    assert not source_agrees([{"name": "Navy", "text": "navy", "raw_span": _span("navy")}], gold)
    assert not source_agrees([], gold)


def test_judge_each_case():
    attrs = attributions(DOC)
    monitor = (None, "The monitor", _span("The monitor"))
    navy = ("Navy", "the navy", _span("the navy"))
    officials = (None, "Officials", _span("Officials"))
    assert judge(_event("shelled", [monitor]), attrs) == "inside_ok"
    assert judge(_event("shelled", []), attrs) == "inside_wrong"
    assert judge(_event("sank", [navy]), attrs) == "inside_ok"
    assert judge(_event("sank", [officials]), attrs) == "inside_any_ok"
    assert judge(_event("patrolled", [monitor]), attrs) == "unsourced"
    doc2 = {**DOC, "attributions": DOC["attributions"][:3]}
    assert judge(_event("patrolled", []), attributions(doc2)) == "outside_ok"
    assert judge(_event("patrolled", [monitor]), attributions(doc2)) == "outside_wrong"


def test_score_keeps_unsourced_out_of_both_rates():
    out = score(["inside_ok", "inside_wrong", "inside_any_ok", "outside_ok", "outside_wrong", "unsourced"])
    assert out["inside"] == 3 and out["outside"] == 2 and out["unsourced"] == 1
    assert out["inside_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert out["inside_any_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert out["outside_empty"] == 0.5


def test_self_reports_are_counted_apart_without_changing_the_verdicts():
    """An event whose own actor is the gold source: PolNeAR credits the speaker, the
    news-events guidelines leave it empty; both numbers are reported."""
    attrs = attributions(DOC)
    own = {**_event("shelled", []), "source_actor": {"name": None, "text": "the monitor", "raw_span": _span("The monitor")}}
    other = {**_event("sank", [("Navy", "the navy", _span("the navy"))]), "source_actor": {"name": "Rebels", "text": "divers", "raw_span": _span("divers")}}
    outside = {**_event("patrolled", []), "source_actor": None}
    assert self_report(own, attrs) and not self_report(other, attrs) and not self_report(outside, attrs)
    judged = [judge(e, attrs) for e in (own, other, outside)]
    assert judged[0] == "inside_wrong"  # unchanged: the split does not rescore
    out = score_self_reports(judged, [True, False, False], [True, False, True])
    assert out["inside_self"] == 1 and out["inside_self_empty"] == 1.0 and out["inside_self_credited"] == 0.0
    assert out["inside_other"] == 1 and out["inside_other_accuracy"] == 1.0


def test_split_is_a_third_of_each_publisher_and_deterministic(tmp_path):
    p = tmp_path / "dev.jsonl"
    docs = [{"id": f"{pub}_{k}", "publisher": pub, "text": "", "attributions": []} for pub in ("a", "b") for k in range(6)]
    p.write_text("\n".join(json.dumps(d) for d in docs) + "\n", "utf-8")
    ids, test, _ = draw_split(p)
    assert len(ids) == 12 and len(test) == 4
    assert sum(t.startswith("a_") for t in test) == 2
    assert draw_split(p)[1] == test


def test_polnear_dev_sample_when_the_bench_is_present(pipeline):
    from eventcoder.eval import run_eval
    from eventcoder.eval.base import bench_dir

    if not (bench_dir() / "polnear-dev" / "dev.jsonl").is_file():
        pytest.skip("../shared/bench/polnear-dev is absent")
    out = run_eval("polnear", part="dev", limit=4, stride=7, pipeline=pipeline)
    assert out["set"] == "polnear" and out["docs"] == 4 and out["system_events"] > 0
    assert out["inside"] + out["outside"] + out["unsourced"] == out["system_events"]
    assert out["outside"] == 0 or out["outside_empty"] >= 0.8
    assert out["inside_self"] + out["inside_other"] == out["inside"]
