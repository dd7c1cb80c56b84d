"""``engine.long_lived``: the pipeline frozen out of the collector's full passes during a run,
and handed back after it, also when the run fails (an object still frozen at exit is never
freed)."""

from __future__ import annotations

import gc

import pytest

from eventcoder.engine import long_lived


def test_frozen_inside_and_handed_back_after():
    gc.unfreeze()
    keep = [[i] for i in range(1000)]  # tracked objects that exist before the run
    with long_lived():
        assert gc.get_freeze_count() >= len(keep)
    assert gc.get_freeze_count() == 0


def test_handed_back_when_the_run_fails():
    with pytest.raises(RuntimeError), long_lived():
        assert gc.get_freeze_count() > 0
        raise RuntimeError("a stage failed")
    assert gc.get_freeze_count() == 0
