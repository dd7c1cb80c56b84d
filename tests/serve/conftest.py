"""Fixtures of the serve tests: the sample database (coded by the real pipeline) and a client."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette: "use httpx2" (the pinned httpx works)
    from fastapi.testclient import TestClient

from eventcoder.serve import create_app

from .fixtures import build_clustered_db, build_sample_db


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory, pipeline) -> str:  # type: ignore[no-untyped-def]
    """The packaged samples coded into a fresh database (read it; copy it to write)."""
    return build_sample_db(tmp_path_factory.mktemp("serve") / "samples.duckdb", pipeline)


@pytest.fixture(scope="session")
def client(sample_db: str) -> Iterator[TestClient]:
    """A read-only app over the sample database."""
    app = create_app(sample_db)
    yield TestClient(app, raise_server_exceptions=False)
    app.state.db.close()


@pytest.fixture(scope="session")
def clustered_db(tmp_path_factory: pytest.TempPathFactory, pipeline) -> str:  # type: ignore[no-untyped-def]
    """The samples, a syndicated copy of the CGTN report, near-duplicates and clusters
    (``fixtures.build_clustered_db``)."""
    work = tmp_path_factory.mktemp("clustered")
    return build_clustered_db(work / "clustered.duckdb", work, pipeline)


@pytest.fixture(scope="session")
def clustered_client(clustered_db: str) -> Iterator[TestClient]:
    app = create_app(clustered_db)
    yield TestClient(app, raise_server_exceptions=False)
    app.state.db.close()
