"""The PLOVER table is one data file; the codebook page, the coder and the corpus tools agree."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from eventcoder.classify import PLOVER_MODES
from eventcoder.errors import ConfigError
from eventcoder.plover import MODES, TYPES, parse
from eventcoder.records import PLOVER_TYPES

ROOT = Path(__file__).resolve().parents[1]


def test_sixteen_types_in_codebook_order() -> None:
    assert len(TYPES) == 16
    assert TYPES[0] == "AGREE" and TYPES[-1] == "ASSAULT"
    assert PLOVER_TYPES == TYPES
    assert PLOVER_MODES is MODES


def test_codebook_page_lists_the_same_modes() -> None:
    """docs/codebook.md §4 is what annotators read: it must name exactly the file's modes."""
    text = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    section = text.split("## 4. Modes", 1)[1].split("\n## ", 1)[0]
    seen: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or not re.match(r"^[A-Z]", cells[0]):
            continue
        modes = set(re.findall(r"`([a-z-]+)`", cells[1])) - {"null"}
        for etype in (t.strip() for t in cells[0].split(",")):
            seen[etype] = modes
    assert seen == {t: set(ms) for t, ms in MODES.items()}


def test_corpus_tools_read_the_same_table() -> None:
    sys.path.insert(0, str(ROOT / "scripts" / "corpus"))
    try:
        import corpuslib
    finally:
        sys.path.pop(0)
    assert corpuslib.MODES == MODES
    assert corpuslib.TYPES == TYPES


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"assault": ["firearms"]},
        {"ASSAULT": "firearms"},
        {"ASSAULT": ["Firearms"]},
        {"ASSAULT": ["firearms", "firearms"]},
    ],
)
def test_malformed_tables_get_a_coded_error(bad: object) -> None:
    with pytest.raises(ConfigError) as err:
        parse(bad, "plover.yaml")
    assert "E307" in str(err.value)
