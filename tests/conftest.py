"""Shared fixtures: the real sample articles, one Pipeline per test session, the corpus script."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "eventcoder" / "samples"
CGTN = SAMPLES / "cgtn-albu-kamal.txt"
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "bench"


@pytest.fixture(scope="session")
def pipeline():
    from eventcoder.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def cgtn_article():
    from eventcoder.clean import clean
    from eventcoder.ingest import read

    (raw,) = list(read([CGTN]))
    return clean(raw, published="2017-11-20")


@pytest.fixture(scope="session")
def cgtn_coded(pipeline, cgtn_article):
    return pipeline.code(cgtn_article)


@pytest.fixture(scope="session")
def make_candidates():
    """``scripts/corpus/make_candidates.py`` as a module (it is a script, not a package module)."""
    spec = importlib.util.spec_from_file_location("make_candidates", ROOT / "scripts" / "corpus" / "make_candidates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
