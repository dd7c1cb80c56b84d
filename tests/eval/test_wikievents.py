"""WikiEvents matching and argument scoring on a made-up document — hermetic."""

from __future__ import annotations

from collections import Counter

from eventcoder.eval.sets.wikievents import (
    _align,
    _arg_counts,
    _mention_found,
    mapped_events,
    role_spans,
)

TEXT = "Militants bombed the market in Kabul. The blast killed the guard."
DOC = {
    "text": TEXT,
    "entities": [
        {"start": 0, "end": 9, "coref_cluster": 1},
        {"start": 17, "end": 27, "coref_cluster": None},
        {"start": 31, "end": 36, "coref_cluster": None},
        {"start": 52, "end": 61, "coref_cluster": 2},
    ],
    "events": [
        {
            "type": "Conflict.Attack.DetonateExplode",
            "trigger": {"start": 10, "end": 16},
            "arguments": [
                {"role": "Attacker", "start": 0, "end": 9, "coref_cluster": 1},
                {"role": "Target", "start": 17, "end": 27, "coref_cluster": None},
                {"role": "Place", "start": 31, "end": 36, "coref_cluster": None},
            ],
            "derived": {"plover": "ASSAULT"},
        },
        {"type": "Life.Die.Unspecified", "trigger": {"start": 48, "end": 54}, "arguments": [], "derived": {"plover": None}},
    ],
}


def _sys(type_, sent, trig, source=None, target=None, location=None):
    return {"type": type_, "sentence": sent, "trigger": trig, "source": source, "target": target, "location": location}


def test_only_mapped_events_are_gold():
    assert [e["type"] for e in mapped_events(DOC)] == ["Conflict.Attack.DetonateExplode"]


def test_sentence_and_trigger_matching():
    gold = mapped_events(DOC)
    in_sentence = _sys("ASSAULT", (0, 37), (28, 30))
    on_trigger = _sys("ASSAULT", (0, 37), (10, 16))
    assert _align([in_sentence, on_trigger], gold, by_trigger=False) == [(1, 0)]  # trigger pairs first
    assert _align([in_sentence], gold, by_trigger=True) == []
    assert _align([_sys("COERCE", (0, 37), (10, 16))], gold, by_trigger=False) == []


def test_arguments_by_role_and_coreference():
    gold = mapped_events(DOC)
    assert (0, 9) in role_spans(DOC, gold[0], ("Attacker",))
    c: Counter = Counter()
    swapped = _sys("ASSAULT", (0, 37), (10, 16), source=(17, 27), target=(0, 9), location=(31, 36))
    _arg_counts(DOC, [swapped], gold, [(0, 0)], c)
    assert (c["source:gold"], c["source:pred"], c["source:ok"]) == (1, 1, 0)  # a source on the Target
    assert (c["target:pred"], c["target:ok"]) == (1, 0)
    assert (c["location:gold"], c["location:pred"], c["location:ok"]) == (1, 1, 1)


def test_mention_recall_finds_a_re_mention_folded_into_an_event():
    # "Gunmen raided the village. The raid left two dead." KAIROS marks both words; the coder
    # codes one ASSAULT in the first sentence and keeps the second as its re-mention
    raid = {"type": "Conflict.Attack.Unspecified", "trigger": {"start": 7, "end": 13}, "derived": {"plover": "ASSAULT"}}
    again = {"type": "Conflict.Attack.Unspecified", "trigger": {"start": 32, "end": 36}, "derived": {"plover": "ASSAULT"}}
    gold = [raid, again]
    one = _sys("ASSAULT", (0, 26), (7, 13))
    one["mention_sentences"] = [(0, 26), (27, 51)]
    assert len(_align([one], gold, by_trigger=False)) == 1  # recall: one of two
    assert _mention_found([one], gold) == 2  # mention recall: both
    # without the re-mention, or of another type, the second is not found
    alone = {**one, "mention_sentences": [(0, 26)]}
    assert _mention_found([alone], gold) == 1
    assert _mention_found([{**one, "type": "COERCE"}], gold) == 0
    # an event with no mention list (older records) is told in its own sentence only
    bare = _sys("ASSAULT", (27, 51), (32, 36))
    assert _mention_found([bare], gold) == 1
