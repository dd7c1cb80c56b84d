"""Cost of the clustering stage beyond coding: a full run over N articles, then 100 new ones.

    PYTHONPATH=src python benchmarks/clusters.py [--articles 10000] [--db /tmp/clusters-bench.duckdb]

Articles: the BBC News texts of ``../shared/bench/bbc-news`` (research use; read in place),
each taken ``copies`` times with a different fifth of its sentences left out and a
publication date spread over two years, so the copies are related stories, not
near-duplicates. Events: stand-ins for coded events (the coder is not timed here): every
sentence with one of a few verbs becomes an event of a type by verb, dated at publication,
with the outlet as the voice. Prints the report of the full run and of an incremental run of
100 new articles (how many stories and clusters it touched, how many stored events it loaded).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import time
from datetime import date, timedelta

import duckdb

from eventcoder.clusters.store import cluster_store
from eventcoder.eval.base import bench_dir
from eventcoder.records import Article, CodedArticle, Event, EventDate, Origin
from eventcoder.store import Store

VERBS = {"said": "CONSULT", "won": "OTHER", "announced": "CONSULT", "attacked": "ASSAULT", "sued": "ACCUSE", "rejected": "REJECT", "agreed": "AGREE", "warned": "THREATEN"}
_SENT = re.compile(r"(?<=[.!?])\s+")
_VERB = re.compile(r"\b(" + "|".join(VERBS) + r")\b")


def articles(n: int) -> list[tuple[Article, list[Event]]]:
    files = sorted((bench_dir() / "bbc-news").glob("*/*.txt"))
    copies = -(-n // len(files))
    out = []
    day0 = date(2022, 1, 1)
    for c in range(copies):
        for k, f in enumerate(files):
            if len(out) >= n:
                return out
            lines = f.read_text("latin-1").split("\n")
            sents = [s for s in _SENT.split(" ".join(lines[1:])) if s.strip()]
            keep = [s for i, s in enumerate(sents) if i % 5 != c % 5] or sents
            text = " ".join(keep)
            pub = (day0 + timedelta(days=(k * 7 + c * 97) % 730)).isoformat()
            a = Article(f"bbc{c}-{k}", lines[0], f"outlet{c % 7}", [], pub, None, "en", text, [], [], Origin(str(f)))
            evs, pos = [], 0
            for s in keep:
                m = _VERB.search(s)
                if m and len(evs) < 6:
                    st = text.index(s, pos)
                    evs.append(Event(a.id, VERBS[m.group(1)], None, m.group(1), st + m.start(), st + m.end(), s, st, st + len(s), date=EventDate(pub, "day"), confidence=0.6))
                    pos = st
            out.append((a, evs))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--db", default="/tmp/clusters-bench.duckdb")
    args = ap.parse_args()
    if os.path.exists(args.db):
        os.remove(args.db)
    items = articles(args.articles + 100)
    base, extra = items[: args.articles], items[args.articles :]
    with Store(args.db) as st:
        for i in range(0, len(base), 500):
            st.write_batch([CodedArticle(a, e) for a, e in base[i : i + 500]], [], [], "bench")
    con = duckdb.connect(args.db)
    t = time.perf_counter()
    full = cluster_store(con)
    t_full = time.perf_counter() - t
    con.close()
    with Store(args.db) as st:
        st.write_batch([CodedArticle(a, e) for a, e in extra], [], [], "bench")
    con = duckdb.connect(args.db)
    t = time.perf_counter()
    inc = cluster_store(con)
    t_inc = time.perf_counter() - t
    n_clusters = con.execute("SELECT count(*) FROM clusters").fetchone()[0]
    con.close()
    print(json.dumps({
        "articles": len(base), "events": sum(len(e) for _, e in base), "full_seconds": round(t_full, 2), "full": full.to_dict(),
        "incremental_articles": len(extra), "incremental_seconds": round(t_inc, 2), "incremental": inc.to_dict(),
        "clusters": n_clusters, "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
