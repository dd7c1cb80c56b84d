"""Fixtures of the geo tests: one gazetteer-backed geoparser and one spaCy model per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.geo import Gazetteer, Geoparser, haversine_km

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "bench"
CGTN = ROOT / "src" / "eventcoder" / "samples" / "cgtn-albu-kamal.txt"


@pytest.fixture(scope="session")
def gp() -> Geoparser:
    return Geoparser(gazetteer=Gazetteer.default())


@pytest.fixture(scope="session")
def nlp():
    from eventcoder.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def near():
    """``near(place, lat, lon, km)``: the place is resolved within ``km`` of the point."""

    def _near(p, lat: float, lon: float, km: float = 25.0) -> bool:
        return p.lat is not None and haversine_km(p.lat, p.lon, lat, lon) <= km

    return _near


@pytest.fixture(scope="session")
def parse(nlp):
    """``parse(text)``: (docs, offsets) of the sentences of ``text``, as the pipeline makes them."""
    from eventcoder.nlp import split_sentences

    def _parse(text: str):
        sents = split_sentences(text)
        return list(nlp.pipe([s.text for s in sents])), [s.start for s in sents]

    return _parse
