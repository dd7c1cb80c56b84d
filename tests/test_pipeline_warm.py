"""``Pipeline.warm``: the first-use loads paid before the engine forks its workers change
nothing a run codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT, SAMPLES

_CODE = """
import json, sys
from eventcoder.clean import clean
from eventcoder.ingest import read
from eventcoder.pipeline import Pipeline
p = Pipeline()
if sys.argv[1] == "warm":
    p.warm()
out = []
for path in sys.argv[2:]:
    (raw,) = list(read([path]))
    coded = p.code(clean(raw, published="2017-11-20"))
    out.append([e.to_dict() if hasattr(e, "to_dict") else repr(e) for e in coded.events] + [repr(coded.places)])
print(json.dumps(out, sort_keys=True, default=str))
"""


def test_warm_codes_every_stage(pipeline):
    coded = pipeline.warm()
    types = {e.type for e in coded.events}
    assert {"PROTEST", "COERCE"} <= types, types
    assert any(e.location is not None and e.location.name == "Nairobi" for e in coded.events)
    assert any(e.source_actor is not None for e in coded.events)
    assert any(e.date.text == "on Monday" for e in coded.events)


def test_a_warmed_process_codes_what_a_cold_one_does():
    """In two fresh processes, one cold and one warmed first: the same events and places
    for three sample articles (no state of the warm-up text leaks into later articles)."""
    files = [str(f) for f in sorted(SAMPLES.glob("*.txt"))[:3]]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    outs = []
    for mode in ("cold", "warm"):
        r = subprocess.run([sys.executable, "-c", _CODE, mode, *files], env=env, capture_output=True, text=True, timeout=600, check=False)
        assert r.returncode == 0, r.stderr[-2000:]
        outs.append(json.loads(r.stdout))
    assert outs[0] == outs[1]
    assert sum(len(x) - 1 for x in outs[0]) > 3  # events were coded


def test_a_component_failing_on_the_warm_up_does_not_stop_the_run(pipeline):
    """A broken component would fail on the real articles too, where the engine quarantines
    each one: the warm-up is an optimisation and must not abort the run instead."""
    from eventcoder.pipeline import Pipeline

    class Broken:
        name = "broken"
        requires = ()
        assigns = ()

        def __call__(self, ctx):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    p = Pipeline.__new__(Pipeline)
    p.__dict__.update(pipeline.__dict__)
    p.components = [*pipeline.components, Broken()]
    assert p.warm() is None
    assert pipeline.warm() is not None
