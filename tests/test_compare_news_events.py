"""``scripts/compare_news_events.py``: micro metrics recomputed from per-article counts, and a
paired bootstrap whose difference is exactly zero for a run compared with itself."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "compare_news_events.py"


def _mod():
    spec = importlib.util.spec_from_file_location("compare_news_events", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _art(system, gold, matched, dups=0, src=(1, 1)):
    conf = [[0.8, 1]] * matched + [[0.3, 0]] * (system - matched)
    return {"system": system, "gold": gold, "matched": matched, "duplicates": dups, "fields": {"source": list(src)}, "confidence": conf}


def test_metrics_are_micro_averages_of_the_counts():
    m = _mod().metrics([_art(4, 2, 2, dups=1), _art(1, 3, 1, src=(0, 1))])
    assert m["precision"] == 3 / 5 and m["recall"] == 3 / 5
    assert m["duplicate_rate"] == 1 / 5 and m["source"] == 1 / 2
    assert m["confidence_auc"] == 1.0  # every matched event scored above every spurious one


def test_a_run_against_itself_differs_by_nothing(tmp_path, capsys, monkeypatch):
    run = {"per_article": {f"a{i}": _art(3 + i % 2, 3, 1 + i % 3) for i in range(6)}}
    f = tmp_path / "run.jsonl"
    f.write_text(json.dumps(run) + "\n", encoding="utf-8")
    mod = _mod()
    monkeypatch.setattr("sys.argv", ["compare", str(f), str(f), "--draws", "50"])
    mod.main()
    rows = {ln.split()[0]: ln for ln in capsys.readouterr().out.splitlines()[1:]}
    assert "[+0.0000, +0.0000]" in rows["f1"] and rows["f1"].rstrip().endswith("0.00 / 0.00")
