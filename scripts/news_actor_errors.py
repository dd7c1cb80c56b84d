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

For the in-sentence misses and the wrong candidates it also prints how the parse gives the
gold actor (``parse_config``): is its head a role candidate, and its dependency path to the
trigger, with a table of those configurations.

    PYTHONPATH=src python scripts/news_actor_errors.py [--part dev|test] [--config FILE] [--quiet]

``--carry`` codes the part twice, without and with the ``sides`` component's discourse carry
(``[components.sides] carry`` false, then true), and lists every side of a matched event that the carry
filled, right or wrong, with the precision of carried sides: what the carry adds, measured
apart from the rest of the table.
"""

from __future__ import annotations

import argparse
import copy
import re
import tempfile
from collections import Counter

import news_part  # scripts/news_part.py: the coded part of the split
from confection import Config

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


def where_stated(article: str, sentence: str, gold_text: str | None) -> str:
    """Where the article states a gold actor its event's sentence does not name: in the
    sentence just before, earlier, only later, or nowhere as written (a paraphrase) — what a
    cross-sentence carry would have to reach."""
    at = article.find(sentence[:80])
    if not gold_text or at < 0:
        return "unknown"
    before = article[:at]
    prev_start = max(before.rstrip().rfind(". "), before.rstrip().rfind("\n")) + 1
    if gold_text in before[prev_start:]:
        return "previous sentence"
    if gold_text in before:
        return "earlier"
    if gold_text in article[at:]:
        return "later"
    return "not as written"


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


_NLP = None


def parse_config(s: dict, g: dict | None) -> str:
    """How the parse gives a gold actor that is in the event's sentence: is its head a role
    candidate at all (``eventcoder.roles.candidate_tokens``), and its dependency path to the
    trigger (``eventcoder.roles.dep_path``) — what the candidate set and the role model's
    features see. The sentence is re-parsed alone, so a path can differ from the article's."""
    global _NLP
    from eventcoder.nlp import load_model
    from eventcoder.roles import candidate_tokens, dep_path

    gt = (g or {}).get("text") or ""
    sent = s.get("sentence") or ""
    at, trig = sent.find(gt) if gt else -1, (s.get("trigger") or {}).get("text") or ""
    if at < 0 or not trig or sent.find(trig) < 0:
        return "gold not in sentence"
    _NLP = _NLP or load_model()
    doc = _NLP(sent)
    t0 = sent.find(trig)
    trigger = next((t for t in doc if t.idx >= t0), None)
    span = [t for t in doc if at <= t.idx < at + len(gt)]
    if trigger is None or not span:
        return "unaligned"
    ids = {t.i for t in span}
    head = next((t for t in span if t.head.i not in ids or t.head is t), span[-1])
    cands = {c.i for c in candidate_tokens(trigger)}
    inside = any(t.i in cands for t in span)
    return f"{'candidate' if head.i in cands else 'in span' if inside else 'NOT candidate'} {head.pos_}:{head.dep_} path={dep_path(head, trigger)}"


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


def matched_sides(args: argparse.Namespace) -> dict[tuple[str, int, str], tuple[dict | None, dict | None, str]]:
    """(article, gold event, side) -> (system actor, gold actor, sentence) over matched pairs."""
    out = {}
    for a, sys_evs, gold in news_part.coded(args):
        al = ne.align(sys_evs, gold)
        for i, j in al.pairs:
            s, g = sys_evs[i].data, gold[j].data
            for side in ("source_actor", "target_actor"):
                out[(a["id"], j, side)] = (s.get(side), g.get(side), f"{s['type']} | {s['trigger']['text']} | {s['sentence'][:140]}")
    return out


def carry_report(args: argparse.Namespace) -> None:
    """Precision of the sides the discourse carry fills: code without it, then with it."""
    cfg = Config().from_disk(args.config)
    runs = []
    for carry in (False, True):
        c = copy.deepcopy(dict(cfg))
        c["components"].setdefault("sides", {"factory": "sides"})["carry"] = carry
        with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as f:
            f.write(Config(c).to_str())
        runs.append(matched_sides(argparse.Namespace(**{**vars(args), "config": f.name})))
    before, after = runs
    n = right = 0
    for key in sorted(set(before) & set(after)):
        (s0, g, sent), (s1, _, _) = before[key], after[key]
        if s0 == s1:
            continue
        n += 1
        ok = ne.actor_agrees(s1, g)
        right += ok
        was = ne.actor_agrees(s0, g)
        print(f"{'RIGHT' if ok else 'WRONG'}{' (was right)' if was else ''} | {key[2][:6]} | sys={short(s1)} | was={short(s0)} | gold={short(g)} | {key[0][:14]} | {sent}")
    print(f"\n{args.part}: {n} matched sides changed by the carry, {right} right (precision {right / n if n else 0:.2f}); "
          f"{len(set(before) ^ set(after))} sides of pairs matched in one run only")


def main() -> None:
    ap = argparse.ArgumentParser()
    news_part.add_arguments(ap)
    ap.add_argument("--quiet", action="store_true", help="the bucket table only")
    ap.add_argument("--carry", action="store_true", help="list and score the sides the discourse carry fills")
    args = ap.parse_args()
    if args.carry:
        carry_report(args)
        return
    buckets: Counter = Counter()
    ok: Counter = Counter()
    rows = []
    pairs = 0
    configs: Counter = Counter()  # (side, candidate?, path) of the in-sentence misses and wrong candidates
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
                if cause.startswith("empty side: sentence re-mentions"):
                    cause += f", gold stated {where_stated(a.get('text') or '', s['sentence'], (g.get(side) or {}).get('text'))}"
                buckets[(side[:6], cause)] += 1
                config = parse_config(s, g.get(side)) if cause.startswith(("empty side: gold", "wrong candidate")) else ""
                if config:
                    configs[(side[:6], config.split(" path=")[0], config.split("path=")[-1])] += 1
                rows.append((side[:6].upper(), cause, f"gold={short(g.get(side))}", f"sys={short(s.get(side))}",
                             a["id"][:14], s["type"], s["trigger"]["text"], config, s["sentence"][:160]))
    if not args.quiet:
        for r in sorted(rows, key=lambda r: (r[0], r[1])):
            print(*r, sep=" | ")
    print(f"\n{args.part}: {pairs} matched; source agrees {ok['source_actor']}, target agrees {ok['target_actor']}")
    print(f"re-mention chains (a pronoun or description resolved to a named or coded actor): {chain['ok']} of {chain['n']} agree")
    print("| side | cause | n |\n|---|---|---|")
    for (side, cause), n in sorted(buckets.items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"| {side} | {cause} | {n} |")
    print("\nin-sentence misses and wrong candidates by parse configuration of the gold head\n| side | candidate? | path to trigger | n |\n|---|---|---|---|")
    for (side, cand, path), n in sorted(configs.items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"| {side} | {cand} | {path} | {n} |")


if __name__ == "__main__":
    main()
