"""The memory-mapped gazetteer index: the same answers as the dicts it replaces."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder.geo import Gazetteer, Geoparser
from eventcoder.geo.diskindex import DiskTable, write_table

from .test_gazetteer import _row


def _same(table: DiskTable, d: dict) -> None:
    assert len(table) == len(d)
    assert list(table) == list(d)
    assert dict(table.items()) == d
    for k, v in d.items():
        assert k in table and table.get(k) == v and table[k] == v


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
        st.lists(st.integers(0, 2**32 - 2), max_size=4),
        max_size=60,
    ),
    st.lists(st.text(max_size=12), max_size=20),
)
def test_table_answers_like_the_dict(tmp_path_factory, d, probes):
    path = tmp_path_factory.mktemp("tab") / "t.index"
    write_table(path, d, scalar=False)
    t = DiskTable(path)
    _same(t, d)
    for p in probes:  # absent keys, asked twice (the second answer comes from the memo)
        for _ in range(2):
            assert (p in t) == (p in d)
            assert t.get(p, ()) == d.get(p, ())


def test_scalar_table_misses_and_pickling(tmp_path):
    d = {"abu kamal": 2, "deir ez zor": 3, "": 1, "sanaa": 1, "ṣan‘ā’": 1}
    write_table(tmp_path / "t.first", d, scalar=True)
    t = DiskTable(tmp_path / "t.first")
    _same(t, d)
    assert t.get("aleppo") is None and "aleppo" not in t and t.get(3) is None
    with pytest.raises(KeyError):
        t["aleppo"]
    back = pickle.loads(pickle.dumps(t))  # a worker process reopens the same file
    _same(back, d)


def test_a_returned_list_is_a_copy(tmp_path):
    write_table(tmp_path / "t.index", {"idlib": [4, 7]}, scalar=False)
    t = DiskTable(tmp_path / "t.index")
    t.get("idlib").append(9)
    assert t.get("idlib") == [4, 7]


def test_not_a_table(tmp_path):
    (tmp_path / "junk").write_bytes(b"x" * 100)
    with pytest.raises(ValueError):
        DiskTable(tmp_path / "junk")


def test_cached_gazetteer_is_the_built_one(tmp_path, monkeypatch):
    """A gazetteer read back from the cache (memory-mapped index) answers every name, and
    geoparses a text, exactly as the one built in memory."""
    monkeypatch.setenv("EVENTCODER_CACHE_DIR", str(tmp_path / "cache"))
    dump = tmp_path / "cities.txt"
    dump.write_text(
        "\n".join(
            [
                _row(1, "Springfield", [], 39.80172, -89.64371, "P", "PPL", "US", "IL", 114394),
                _row(2, "Springfield", [], 37.21533, -93.29824, "P", "PPL", "US", "MO", 170188),
                _row(3, "Abu Kamal", ["Al Bukamal", "Albu Kamal"], 34.45, 40.92, "P", "PPL", "SY", "07", 50000),
                _row(4, "Missouri", [], 38.25, -92.5, "A", "ADM1", "US", "MO", 6000000),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    built = Gazetteer.from_geonames_dump(dump, with_package_data=False, cache=False)
    first = Gazetteer.from_geonames_dump(dump, with_package_data=False)  # builds and writes the cache
    cached = Gazetteer.from_geonames_dump(dump, with_package_data=False)  # reads it back
    assert isinstance(cached.index, DiskTable) and isinstance(cached.first, DiskTable)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(
        p.name for p in (tmp_path / "cache").iterdir() if p.suffix in (".meta", ".index", ".first")
    )
    for g in (first, cached):
        assert dict(g.index.items()) == built.index
        assert dict(g.first.items()) == built.first
        for attr in ("gid", "name", "lat", "lon", "cc", "admin1", "feature", "pop", "countries", "admin1_names", "postal_keys", "acronyms"):
            assert getattr(g, attr) == getattr(built, attr), attr
    text = "Shelling hit Albu Kamal on Monday; Springfield, Missouri, sent aid."
    want = [(p.text, p.geonameid) for p in Geoparser(gazetteer=built).find(text)]
    assert ("Albu Kamal", 3) in want
    assert [(p.text, p.geonameid) for p in Geoparser(gazetteer=cached).find(text)] == want
    # a damaged cache is rebuilt, not trusted
    for p in (tmp_path / "cache").glob("*.index"):
        p.write_bytes(b"broken")
    again = Gazetteer.from_geonames_dump(dump, with_package_data=False)
    assert again.lookup("Abu Kamal")[0].geonameid == 3
