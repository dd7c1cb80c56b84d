"""Records' dictionaries: ``_as_dict`` is ``dataclasses.asdict`` without its recursion."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from eventcoder.records import Actor, Attribution, EventDate, Origin, Place, _as_dict


def test_flat_records_give_asdicts_dict() -> None:
    records = [
        Actor("the army", "Military", "SYR", "MIL", 10, 18),
        Actor("protesters", None, None, None, 0, 10),
        Place("Kabul", 3, 8, "Kabul", 1138958, 34.5, 69.2, "AFG", "13", "P.PPLC", 0.9, "place", "point"),
        Place("Nowhere", 0, 7),
        EventDate("2017-11-20", "day", "on Monday", 40, 49, "text"),
        EventDate(),
        Attribution("the ministry said", "ministry", 1, 18),
        Origin("a/b.txt", 3),
    ]
    for r in records:
        got = _as_dict(r)
        assert got == asdict(r) and list(got) == list(asdict(r))
        assert r.to_dict() == (asdict(r) if not isinstance(r, Origin) else {k: v for k, v in asdict(r).items() if v is not None})
    assert Origin("a/b.txt", 3).to_dict() == {"path": "a/b.txt", "line": 3}


def test_a_record_holding_a_container_still_gets_a_copy() -> None:
    @dataclass
    class Holder:
        name: str
        items: list[str] = field(default_factory=list)

    h = Holder("x", ["a"])
    d = _as_dict(h)
    assert d == {"name": "x", "items": ["a"]} and d["items"] is not h.items
