"""Count events located at a place whose mention is a person's name (issue 12's check).

    PYTHONPATH=src python scripts/check_person_places.py [--part dev|test|all] [--set news-events]
    PYTHONPATH=src python scripts/check_person_places.py --files ../shared/bench/bbc-news --limit 600 \
        [--config A.cfg] [--config B.cfg]

Codes the news-events articles (or, with ``--files``, any files or folders of articles read as
``eventcoder run`` reads them; ``--limit N`` takes N of them spread evenly over the sorted
files, as ``benchmarks/throughput.py`` does, so ``--files ../shared/bench/bbc-news --limit 600``
is the throughput sample) with the default pipeline or ``--config``, parses *every* sentence
of each article with the same spaCy model (the pipeline parses only candidate sentences), and
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
and the counts. With two ``--config``s the articles are coded with each (the full parse, the
check's evidence, is the same for both), the flags and counts are printed for each, and
then every event whose place differs between the two (same event: same article, trigger
span and type), with its sentence, as gained (no place -> a place), lost, changed (another
GeoNames entry) or moved (same entry, another mention), each marked with its flag under
each setting, for a reader to judge.

The check is independent of the geoparser's own person-name rules (``geo.article``), which
are what it audits; a flagged mention is judged by reading it.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from eventcoder import ingest
from eventcoder.eval.base import bench_dir
from eventcoder.eval.sets import news_events as ne
from eventcoder.eval.splits import load_split
from eventcoder.geo.mention import name_key
from eventcoder.nlp import split_sentences
from eventcoder.pipeline import Pipeline
from eventcoder.records import Article, Event, Location, Origin, RawRecord

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


_SITE = re.compile(r"\b(?:Hospital|School|College|University|Street|Road|Avenue|Square|Bridge|Center|Centre|Airport|Park|Hall)\b")


def spread(files: list[Path], limit: int) -> list[Path]:
    """``limit`` files spread evenly over the sorted list (``benchmarks/throughput.py``'s
    ``corpus_files``: every topic folder, not the first one only)."""
    if limit and limit < len(files):
        step = len(files) / limit
        files = [files[int(i * step)] for i in range(limit)]
    return files


def folder_articles(paths: list[str], limit: int, pipe: Pipeline) -> list[Article]:
    """The articles of files or folders, read and cleaned as ``eventcoder run`` does
    (skipped and quarantined records left out)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*.txt") if f.name != "README.TXT")
        else:
            files.append(p)
    arts = []
    for item in ingest.read(spread(files, limit)):
        if isinstance(item, RawRecord):
            art = pipe.prepare(item)
            if isinstance(art, Article):
                arts.append(art)
    return arts


def bench_articles(part: str) -> list[Article]:
    path = bench_dir() / "news-events" / "gold.jsonl"
    articles = ne.read_gold(Path(path))
    split = load_split("news-events")
    keep = split.keep(part) if split is not None else None
    if keep is not None:
        articles = [a for a in articles if keep(str(a["id"]))]
    from eventcoder.clean import clean

    return [
        clean(RawRecord(text=a["text"], origin=Origin(str(path), line=k + 1), title=a.get("title") or None), published=a.get("published"))
        for k, a in enumerate(articles)
    ]


def flag(text: str, loc: Location | None, spans: list[tuple[int, int, str]], keys: set[str]) -> tuple[str | None, list[str]]:
    """(``ner`` | ``name`` | None, the PERSON entities over the mention) for a located event."""
    if loc is None or loc.lat is None:
        return None, []
    over = [t for s, en, t in spans if s < loc.end and loc.start < en]
    if placed_as_place(text, loc.text):
        return None, over
    if over and not _SITE.search(loc.text):
        return "ner", over
    if name_key(loc.text) in keys:
        return "name", over
    return None, over


def code(pipe: Pipeline, arts: list[Article]) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = {}
    n = pipe.batch_size
    for i in range(0, len(arts), n):
        for ca in pipe.code_many(arts[i : i + n]):
            out[ca.article.id] = list(ca.events)
    return out


def describe(loc: Location | None, text: str) -> str:
    """The place and its mention in context (what a reader judges)."""
    if loc is None or loc.lat is None:
        return "-"
    around = " ".join(f"{text[max(0, loc.start - 60) : loc.start]}[{loc.text}]{text[loc.end : loc.end + 60]}".split())
    return f"{loc.text!r}@{loc.start} -> {loc.name} ({loc.country}, {loc.feature}, {loc.basis}) «{around}»"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("dev", "test", "all"), default="dev", help="news-events part (without --files)")
    ap.add_argument("--files", nargs="+", help="files or folders of articles to audit instead of news-events")
    ap.add_argument("--limit", type=int, default=0, help="with --files: this many files, spread evenly (0: all)")
    ap.add_argument("--config", action="append", default=[], help="a pipeline config (repeat once to compare two)")
    args = ap.parse_args()
    if len(args.config) > 2:
        ap.error("at most two --config")
    configs = args.config or [None]
    pipes = [Pipeline(config=c) for c in configs]
    arts = folder_articles(args.files, args.limit, pipes[0]) if args.files else bench_articles(args.part)
    what = f"files={' '.join(args.files)} limit={args.limit}" if args.files else f"part={args.part}"
    nlp = pipes[0].nlp
    evidence = {}
    for art in arts:
        sents = split_sentences(art.text)
        docs = list(nlp.pipe([s.text for s in sents]))
        evidence[art.id] = person_names(art.text, docs, [s.start for s in sents])
    texts = {a.id: a.text for a in arts}
    coded = [code(p, arts) for p in pipes]
    for cfg, events in zip(configs, coded, strict=True):
        n_events = n_located = 0
        by_kind = {"ner": 0, "name": 0}
        print(f"== config {cfg or 'default'}")
        for aid, evs in events.items():
            spans, keys = evidence[aid]
            for e in evs:
                n_events += 1
                if e.location is not None and e.location.lat is not None:
                    n_located += 1
                kind, over = flag(texts[aid], e.location, spans, keys)
                if kind:
                    by_kind[kind] += 1
                    loc = e.location
                    print(f"{kind:4} {aid[:12]} {describe(loc, texts[aid])} person={over}")
        print(f"{what} articles={len(arts)} events={n_events} located={n_located} "
              f"person-name places: ner={by_kind['ner']} name={by_kind['name']} total={sum(by_kind.values())}")
    if len(coded) == 2:
        compare(coded[0], coded[1], texts, evidence, configs)


def compare(a: dict[str, list[Event]], b: dict[str, list[Event]], texts: dict[str, str], evidence: dict, configs: list) -> None:
    """Every event whose place differs between the two settings."""
    counts = {"gained": 0, "lost": 0, "changed": 0, "moved": 0, "only-first": 0, "only-second": 0}
    print(f"== places that differ: first={configs[0]} second={configs[1]}")
    for aid in a:
        ea = {e.event_id: e for e in a[aid]}
        eb = {e.event_id: e for e in b.get(aid, [])}
        spans, keys = evidence[aid]
        for eid in sorted(ea.keys() | eb.keys(), key=lambda k: (ea.get(k) or eb[k]).trigger_start):
            if eid not in eb or eid not in ea:
                counts["only-first" if eid in ea else "only-second"] += 1
                continue
            la, lb = ea[eid].location, eb[eid].location
            ha, hb = la is not None and la.lat is not None, lb is not None and lb.lat is not None
            if not ha and not hb:
                continue
            if ha and hb and la.geonameid == lb.geonameid and (la.start, la.end) == (lb.start, lb.end):
                continue
            kind = ("gained" if not ha else "lost" if not hb else
                    "changed" if la.geonameid != lb.geonameid else "moved")
            counts[kind] += 1
            fa, fb = flag(texts[aid], la, spans, keys)[0], flag(texts[aid], lb, spans, keys)[0]
            e = ea[eid]
            print(f"{kind:7} {aid[:12]} {e.type} {e.trigger!r}@{e.trigger_start}\n"
                  f"   first : {describe(la, texts[aid])} flag={fa}\n   second: {describe(lb, texts[aid])} flag={fb}\n"
                  f"   sentence: {' '.join(e.sentence.split())[:400]}")
    print("differ: " + " ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
