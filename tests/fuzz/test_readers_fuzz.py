"""Bounded fuzzing of every reader and the cleaner (the long run: scripts/fuzz_readers.py).

Each example goes through ``oracle.check``: no exception, every outcome a record, a coded
quarantine or a reasoned skip, nothing uncounted, every record writable and cleanable.
"""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcoder.clean import clean
from eventcoder.records import Origin, RawRecord

from .oracle import check
from .seeds import mutate, seeds

SEEDS = seeds()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = st.sampled_from(["x.jsonl", "x.json", "x.csv", "x.tsv", "x.txt", "x.html", "x.warc", "x.gz", "x.jsonl.gz", "x", "<stdin>"])
FORMATS = st.sampled_from([None, "jsonl", "csv", "txt", "seed", "html", "warc"])
# text with the characters that break things: surrogates, NUL, bidi, line separators, quotes
NASTY = st.text(alphabet=st.sampled_from(list("ab \n\r\t\",{}[]\\\x00\u202e\u2028\ufeff\ufffdé") + ["\udc00", "\ud800"]), max_size=80)


@FUZZ
@given(data=st.binary(max_size=3000), name=NAMES, fmt=FORMATS)
def test_random_bytes_any_reader(data, name, fmt):
    check(data, name, fmt)


@FUZZ
@given(seed=st.sampled_from(SEEDS), rnd=st.randoms(use_true_random=False), other=st.sampled_from(SEEDS))
def test_mutated_seeds(seed, rnd, other):
    name, fmt, data = seed
    mutated = mutate(data, random.Random(rnd.random()), other[2])
    check(mutated, name, fmt if rnd.random() < 0.5 else None)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | NASTY,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(NASTY, children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(
        st.fixed_dictionaries({"text": NASTY | JSON_VALUES}, optional={"title": JSON_VALUES, "tags": JSON_VALUES, "published": JSON_VALUES, "m": JSON_VALUES}),
        min_size=1,
        max_size=6,
    ),
    blank=st.booleans(),
)
def test_jsonl_every_line_accounted_for(records, blank):
    data = "\n".join(json.dumps(r) for r in records) + ("\n\n" if blank else "")
    counts = check(data.encode("utf-8", "surrogatepass"), "x.jsonl", "jsonl")
    assert counts["read"] + counts["quarantined"] == len(records)


@FUZZ
@given(rows=st.lists(st.lists(NASTY, min_size=1, max_size=4), min_size=1, max_size=6))
def test_csv_never_loses_the_run(rows):
    body = "title,text,source\n" + "\n".join(",".join(r) for r in rows) + "\n"
    check(body.encode("utf-8", "surrogatepass"), "x.csv", "csv")


@FUZZ
@given(text=NASTY, title=st.none() | NASTY)
def test_clean_any_text(text, title):
    if not text.strip():
        return
    art = clean(RawRecord(text=text, origin=Origin("t"), title=title))
    art.text.encode("utf-8")
    assert len(art.offset_map) == len(art.text) + 1
