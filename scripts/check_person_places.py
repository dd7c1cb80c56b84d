"""Count events located at a place whose mention is a person's name (issue 12's check).

    PYTHONPATH=src python scripts/check_person_places.py [--part dev|test|all] [--set news-events]

Codes the news-events articles with the default pipeline, parses *every* sentence of each
article with the same spaCy model (the pipeline parses only candidate sentences), and
flags an event whose location mention

* ``ner``: overlaps a PERSON entity of the full parse (and is not a site named after a
  person: "Karl Bremer Hospital"), or
* ``name``: is, as a whole, a name the article gives a person elsewhere — a PERSON entity
  of two or more words, or its first or last word ("Ricardo" after "Ricardo Lopez"), or a
  name after an honorific ("Mr Kent") — unless the article also calls it a town, a
  village, a district, a province ("the town of X", "X province").

Neither counts for a name the article itself puts after a locative ("shot in Broad
Ripple", "in the city of Lyon"): the small model's PERSON label there is a misreading.

Prints every flagged event (article, mention, resolved place, basis, the person entity)
and the counts. The check is independent of the geoparser's own person-name rules
(``geo.article``), which are what it audits; a flagged mention is judged by reading it.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from eventcoder.eval.base import bench_dir
from eventcoder.eval.sets import news_events as ne
from eventcoder.eval.splits import load_split
from eventcoder.geo.mention import name_key
from eventcoder.nlp import split_sentences
from eventcoder.pipeline import Pipeline

_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|President|Minister|Senator|General|Gen\.)\.?\s+([A-Z][\w'-]+)")
_TYPED = re.compile(
    r"\b(?:town|city|village|district|province|county|region|governorate|state) of ([A-Z][\w' -]+?)\b(?=[,.;:]|\s[a-z])"
    r"|\b([A-Z][\w'-]+(?: [A-Z][\w'-]+)*) (?:town|city|village|district|province|county|governorate)\b"
)


_LOCATIVE = r"\b(?:in|near|at|outside|inside) (?:the (?:city|town|village|district|area) of )?"


def placed_as_place(text: str, name: str) -> bool:
    """The article itself puts the name after a locative ("shot in Broad Ripple", "in the
    city of Lyon"): the small model's PERSON label over it is a misreading, not a person."""
    return re.search(_LOCATIVE + re.escape(name) + r"\b", text) is not None


def person_names(text: str, docs: list, offsets: list[int]) -> tuple[list[tuple[int, int, str]], set[str]]:
    """(PERSON entity spans, name keys the article gives people)."""
    spans, keys = [], set()
    for doc, off in zip(docs, offsets, strict=True):
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            spans.append((off + ent.start_char, off + ent.end_char, ent.text))
            if len(ent) >= 2:
                keys |= {name_key(ent.text), name_key(ent[0].text), name_key(ent[-1].text)}
    keys |= {name_key(m.group(1)) for m in _HONORIFIC.finditer(text)}
    for m in _TYPED.finditer(text):
        keys.discard(name_key((m.group(1) or m.group(2)).strip()))
    keys.discard("")
    return spans, keys


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("dev", "test", "all"), default="dev")
    args = ap.parse_args()
    path = bench_dir() / "news-events" / "gold.jsonl"
    articles = ne.read_gold(Path(path))
    split = load_split("news-events")
    keep = split.keep(args.part) if split is not None else None
    if keep is not None:
        articles = [a for a in articles if keep(str(a["id"]))]
    pipe = Pipeline()
    nlp = pipe.nlp
    from eventcoder.clean import clean
    from eventcoder.records import Origin, RawRecord

    n_events = n_located = 0
    flagged: list[str] = []
    by_kind = {"ner": 0, "name": 0}
    arts = [
        clean(RawRecord(text=a["text"], origin=Origin(str(path), line=k + 1), title=a.get("title") or None), published=a.get("published"))
        for k, a in enumerate(articles)
    ]
    for art, ca in zip(arts, pipe.code_many(arts), strict=True):
        sents = split_sentences(art.text)
        docs = list(nlp.pipe([s.text for s in sents]))
        spans, keys = person_names(art.text, docs, [s.start for s in sents])
        for e in ca.events:
            n_events += 1
            loc = e.location
            if loc is None or loc.lat is None:
                continue
            n_located += 1
            over = [t for s, en, t in spans if s < loc.end and loc.start < en]
            site = re.search(r"\b(?:Hospital|School|College|University|Street|Road|Avenue|Square|Bridge|Center|Centre|Airport|Park|Hall)\b", loc.text)
            kind = None
            if placed_as_place(art.text, loc.text):
                pass
            elif over and not site:
                kind = "ner"
            elif name_key(loc.text) in keys:
                kind = "name"
            if kind:
                by_kind[kind] += 1
                flagged.append(
                    f"{kind:4} {art.id[:12]} {loc.text!r} -> {loc.name} ({loc.country}, {loc.feature}) basis={loc.basis} person={over}"
                )
    for line in flagged:
        print(line)
    print(f"part={args.part} articles={len(arts)} events={n_events} located={n_located} "
          f"person-name places: ner={by_kind['ner']} name={by_kind['name']} total={len(flagged)}")


if __name__ == "__main__":
    main()
