"""Source/target errors on a news-events part, bucketed by cause.

Extends the lead's FP/DUP/MISS listing (``/work/briefs/news_errors.py``) to the two sides of
the *matched* events: for every matched pair whose source or target does not agree
(``news_events.actor_agrees``), it prints gold and system with the trigger and sentence and
puts the error in a bucket, so a change to the method is judged on the whole table, not on
one sentence:

* ``empty side``: the gold names an actor, the system none — split by how the event's
  sentence gives the actor: the gold text is in the sentence (a name the roles missed), or
  the sentence only re-mentions it (pronoun, definite description, title/surname,
  demonym; the gold text is the antecedent elsewhere);
* ``spurious side``: the gold is null, the system names one;
* ``same mention, wrong code``: the system marks the gold's mention (or one overlapping it)
  but normalises it differently;
* ``re-mention resolved wrong``: the system's mention is a pronoun or a description whose
  resolution is not the gold actor;
* ``wrong candidate``: another mention of the sentence.

    PYTHONPATH=src python scripts/news_actor_errors.py [--part dev|test] [--config FILE] [--quiet]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

import news_part  # scripts/news_part.py: the coded part of the split

from eventcoder.eval.sets import news_events as ne

PRONOUNS = frozenset("he she it they him her them his its their we us our i who which that".split())
DESCRIPTION = re.compile(r"^(the|this|that|these|those)\s", re.I)
TITLED = re.compile(r"^(mr|mrs|ms|dr|sir|lord)\.?\s", re.I)


def mention_form(text: str, sentence: str) -> str:
    """How a text gives an actor: pronoun, description, short name, demonym phrase, name."""
    low = text.lower().strip()
    if low in PRONOUNS:
        return "pronoun"
    if TITLED.match(low):
        return "title/surname"
    if DESCRIPTION.match(low) and not any(w[:1].isupper() for w in text.split()[1:]):
        return "definite description"
    return "name"


def remention_in(sentence: str) -> str:
    """The kind of re-mention a sentence offers when the gold actor's text is not in it."""
    words = re.findall(r"[\w']+", sentence)
    lows = [w.lower() for w in words]
    if any(w in ("he", "she", "they", "it", "we") for w in lows):
        return "pronoun"
    if re.search(r"\bthe (group|militants|jihadists|rebels|ministry|officers|police|army|government|president|minister|"
                 r"prime minister|officials?|suspects?|gunman|gunmen|attackers?|insurgents|fighters|forces|troops)\b", sentence, re.I):
        return "definite description"
    if re.search(r"\b(Mr|Mrs|Ms|Dr)\.? [A-Z]", sentence):
        return "title/surname"
    return "other (implicit / elsewhere)"


def side_cause(s: dict | None, g: dict | None, sentence: str) -> str:
    if not g:
        return "spurious side (gold null)"
    if not s:
        if g.get("text") and g["text"] in sentence:
            return f"empty side: gold {mention_form(g['text'], sentence)} in sentence"
        return f"empty side: sentence re-mentions ({remention_in(sentence)})"
    st, gt = (s.get("text") or "").lower(), (g.get("text") or "").lower()
    if st and gt and (st in gt or gt in st):
        return "same mention, wrong code"
    form = mention_form(s.get("text") or "", sentence)
    if form != "name":
        return f"re-mention resolved wrong ({form})"
    return "wrong candidate"


def remention(a: dict) -> bool:
    """Did the system reach this actor through a re-mention: a pronoun, or a lower-case
    description ("group", "the president") resolved to a name other than its text?"""
    text = (a.get("text") or "").strip()
    if not text:
        return False
    if text.lower() in PRONOUNS:
        return True
    return text == text.lower() and bool(a.get("name")) and a["name"].lower() != text.lower() and "(" not in a["name"] and " of " not in a["name"]


def short(a: dict | None) -> str:
    if not a:
        return "-"
    return f"{a.get('text')!r}->{a.get('name')}/{a.get('country')}/{a.get('sector')}"


def main() -> None:
    ap = argparse.ArgumentParser()
    news_part.add_arguments(ap)
    ap.add_argument("--quiet", action="store_true", help="the bucket table only")
    args = ap.parse_args()
    buckets: Counter = Counter()
    ok: Counter = Counter()
    rows = []
    pairs = 0
    chain: Counter = Counter()  # actors the system reached through a re-mention: (counted, agreeing)
    for a, sys_evs, gold in news_part.coded(args):
        al = ne.align(sys_evs, gold)
        for i, j in al.pairs:
            s, g = sys_evs[i].data, gold[j].data
            pairs += 1
            for side in ("source_actor", "target_actor"):
                sa = s.get(side) or {}
                if remention(sa):
                    chain["n"] += 1
                    chain["ok"] += ne.actor_agrees(s.get(side), g.get(side))
                if ne.actor_agrees(s.get(side), g.get(side)):
                    ok[side] += 1
                    continue
                cause = side_cause(s.get(side), g.get(side), s["sentence"])
                buckets[(side[:6], cause)] += 1
                rows.append((side[:6].upper(), cause, f"gold={short(g.get(side))}", f"sys={short(s.get(side))}",
                             a["id"][:14], s["type"], s["trigger"]["text"], s["sentence"][:160]))
    if not args.quiet:
        for r in sorted(rows, key=lambda r: (r[0], r[1])):
            print(*r, sep=" | ")
    print(f"\n{args.part}: {pairs} matched; source agrees {ok['source_actor']}, target agrees {ok['target_actor']}")
    print(f"re-mention chains (a pronoun or description resolved to a named or coded actor): {chain['ok']} of {chain['n']} agree")
    print("| side | cause | n |\n|---|---|---|")
    for (side, cause), n in sorted(buckets.items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"| {side} | {cause} | {n} |")


if __name__ == "__main__":
    main()
