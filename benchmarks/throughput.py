"""Throughput, start-up, memory and scaling of ``eventcoder``, against bare spaCy, one run.

    PYTHONPATH=src python benchmarks/throughput.py [--limit N] [--workers 1,2] [--profile-limit N]
                                                   [--dask N] [--skip-startup] [--out FILE.json]
                                                   [--only startup,runs,profile,dask]

Reads ../shared/bench/bbc-news/ (skips cleanly when absent; the BBC texts are used to measure
only, never to train). Every timing of the main table is a *whole process* (interpreter,
imports, model load, ingest, coding, DuckDB writes), run one after another in this one run, so
their ratios hold on a shared machine even when the absolute numbers are depressed:

- ``eventcoder --help`` and ``eventcoder code`` on one article (start-up);
- ``eventcoder run CORPUS --db X --workers W`` for each W of ``--workers`` (end to end), and
  the same with the gates off (``relevance`` model null, article gating off);
- bare spaCy: a process that loads ``en_core_web_sm`` and runs ``nlp.pipe`` over the cleaned
  texts of the same articles (one process): the stock model (``spacy.load``, the yardstick; the
  "x bare" column) and the model as ``nlp.load_model`` prepares it (the last ``--src`` tree's);
- ``--src NAME=DIR`` (repeatable): the start-up and run rows once per source tree, one after
  another (e.g. the branch's starting commit, ``git archive``d, against this checkout), with a
  check that each run stores exactly the first tree's events;
- wall seconds, CPU seconds (user + system of the process and all its children) and the peak
  resident memory of the largest process.

Then a per-stage profile of one in-process pass (``--profile-limit`` articles): read, clean,
sentence split + trigger select, relevance gate, the spaCy parse (and each spaCy component
of it, re-run on the same sentences), each pipeline component, and the DuckDB write.

``--dask N``: ``run --dask local:1`` vs ``local:2`` on the first N articles, and a check that
both store exactly the plain engine's events (one round; ``benchmarks/dask_scaling.py`` runs
several, back to back, with the load each run shared the cores with). ``--out`` writes every number as JSON.
``--only`` runs some parts (e.g. ``--only dask --dask 2000`` re-runs just the Dask comparison
on a quiet machine; ``--only startup`` just the start-up rows).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "bench" / "bbc-news"
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}

BARE = """
import sys, json
from eventcoder.nlp import MODEL_CANDIDATES, import_spacy, load_model
texts = json.load(open(sys.argv[1]))
if sys.argv[2] == "stock":  # spaCy as a user runs it: spacy.load, nothing changed
    spacy = import_spacy()
    for name in MODEL_CANDIDATES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
else:  # the model as eventcoder loads it (nlp.load_model: lemma memo, compiled ruler, numpy BLAS)
    nlp = load_model()
n = 0
for doc in nlp.pipe(texts, batch_size=64):
    n += len(doc)
print(n)
"""


CLOCK = time.process_time

BUILD = """
from eventcoder.pipeline import Pipeline
Pipeline()
"""


def timed(cmd: list[str], stdout: Any = subprocess.DEVNULL, env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall and CPU seconds (this child and its descendants) and the peak RSS (MB) of this
    child or its largest descendant (``wait4``: this process's own, not the largest so far)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env or ENV, stdout=out if stdout is subprocess.PIPE else subprocess.DEVNULL, stderr=err, text=True)
        _pid, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read()
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.read()[-2000:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "maxrss_mb": ru.ru_maxrss / 1024, "stdout": text}


def startup_rows(article: Path, tmp: Path, envs: dict[str, dict[str, str]], runs: int, label: Any) -> list[tuple[str, dict[str, Any]]]:
    """The start-up rows of every tree: a ``Pipeline()`` build in a fresh process (``runs``
    times, interleaved across the trees, the median kept), ``--help``, and a 1-article
    ``eventcoder code``."""
    one = tmp / "one"
    one.mkdir()
    shutil.copy(article, one / article.name)
    builds: dict[str, list[dict[str, float]]] = {tree: [] for tree in envs}
    for _ in range(max(1, runs)):  # interleaved: each tree sees the same load
        for tree, env in envs.items():
            builds[tree].append(timed([PY, "-c", BUILD], env=env))
    rows: list[tuple[str, dict[str, Any]]] = []
    for tree, env in envs.items():
        rows.append((label(f"Pipeline() build, fresh process (median of {len(builds[tree])})", tree), median_run(builds[tree])))
        rows.append((label("eventcoder --help", tree), timed([PY, "-m", "eventcoder", "--help"], env=env)))
        rows.append((label("eventcoder code (1 article)", tree), timed([PY, "-m", "eventcoder", "code", str(one), "--format", "jsonl"], env=env)))
    return rows


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each measure's median over repeated runs (fresh processes on a shared machine: one
    run can land on a busy second), with the wall times kept for the record."""
    out: dict[str, Any] = {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "maxrss_mb")}
    out["walls"] = [round(r["wall"], 3) for r in runs]
    out["stdout"] = runs[0].get("stdout", "")
    return out


def corpus_files(corpus: Path, limit: int) -> list[Path]:
    """Every ``limit``-th slice of the corpus, spread over its topic folders (not the first
    folder only: business alone is not the corpus)."""
    files = sorted(corpus.rglob("*.txt"))
    files = [f for f in files if f.name != "README.TXT"]
    if limit and limit < len(files):
        step = len(files) / limit
        files = [files[int(i * step)] for i in range(limit)]
    return files


def stage_corpus(files: list[Path], into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, into / f"{f.parent.name}-{f.name}")
    return into


def gates_off_config(into: Path) -> Path:
    from eventcoder.pipeline import DEFAULT_CONFIG

    text = DEFAULT_CONFIG.read_text("utf-8")
    text = text.replace('model = "relevance.json"', "model = null").replace("gate_articles = true", "gate_articles = false")
    path = into / "gates-off.cfg"
    path.write_text(text, "utf-8")
    return path


def profile(files: list[Path], config: str | None = None) -> dict[str, Any]:
    """CPU seconds per stage over one in-process pass (the pipeline built once, not timed):
    process CPU time, not wall time, so that other processes on a shared machine inflate the
    numbers less."""
    from eventcoder.clean import clean
    from eventcoder.engine import RunReport, write_outcomes
    from eventcoder.ingest import read
    from eventcoder.nlp import parse_form, split_sentences
    from eventcoder.pipeline import Pipeline, freeze
    from eventcoder.records import Skip
    from eventcoder.store import Store

    t = CLOCK()
    pipe = Pipeline(config=config)
    build = CLOCK() - t
    secs: dict[str, float] = {}

    def add(k: str, v: float) -> None:
        secs[k] = secs.get(k, 0.0) + v

    t = CLOCK()
    items = list(read([str(f) for f in files], input_format="txt"))
    add("read", CLOCK() - t)
    arts = []
    for it in items:
        t = CLOCK()
        a = clean(it)
        add("clean", CLOCK() - t)
        if not isinstance(a, Skip) and a.text.strip():
            arts.append(a)
    selectors = [c for c in pipe.components if hasattr(c, "select")]
    proposers = [c for c in pipe.components if hasattr(c, "propose")]
    plans, texts, proposed = [], [], []
    for a in arts:
        t = CLOCK()
        sents = split_sentences(a.text)
        add("split", CLOCK() - t)
        cands = sents
        for c in selectors:
            t = CLOCK()
            cands = c.select(a, cands)
            add(f"select: {c.name}", CLOCK() - t)
        selected = {s.start for s in cands}
        for c in proposers:  # sentences a component needs parsed beyond the selection, as Pipeline._contexts
            t = CLOCK()
            extra = c.propose(a, sents, cands)
            if extra:
                cands = sorted({s.start: s for s in [*cands, *extra]}.values(), key=lambda s: s.start)
            add(f"propose: {c.name}", CLOCK() - t)
        proposed.append({s.start for s in cands} - selected)
        plans.append((a, sents, cands))
        texts.extend(parse_form(s.text) for s in cands)
    from eventcoder.nlp import ENTITY_PIPE

    # the parse as the pipeline runs it: without the NER when it runs on demand ([pipeline] entities)
    t = CLOCK()
    disable = [*pipe.disable, ENTITY_PIPE] if pipe.entities_on_demand else pipe.disable
    docs = list(pipe.nlp.pipe(texts, batch_size=pipe.batch_size, disable=disable))
    add("parse (spaCy)", CLOCK() - t)
    from eventcoder.components.base import ArticleContext, ParsedSentence

    it = iter(docs)
    coded = []
    gated = 0
    ctxs = []
    for (a, sents, cands), prop in zip(plans, proposed, strict=True):
        ps = [ParsedSentence(s, next(it)) for s in cands]
        if not cands:
            from eventcoder.records import CodedArticle

            gated += 1
            coded.append(CodedArticle(a, [], [], gated=True))
            continue
        ctxs.append((ArticleContext(a, sents, ps), prop))
    ner_sentences = len(texts)
    if pipe.entities_on_demand:
        t = CLOCK()
        pipe._add_entities(ctxs)
        add("NER on demand (spaCy)", CLOCK() - t)
        from eventcoder.nlp import has_entities

        ner_sentences = sum(has_entities(p.doc) for ctx, _ in ctxs for p in ctx.parsed)
    for ctx, _ in ctxs:
        for c in pipe.components:
            t = CLOCK()
            c(ctx)
            add(f"component: {c.name}", CLOCK() - t)
        t = CLOCK()
        coded.append(freeze(ctx))
        add("freeze", CLOCK() - t)
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "p.duckdb") as store:
            rid = store.start_run(["profile"], {})
            rep = RunReport()
            t = CLOCK()
            for i in range(0, len(coded), 32):
                write_outcomes(store, [("coded", ca) for ca in coded[i : i + 32]], rid, rep)
            add("store write (DuckDB)", CLOCK() - t)
    # the parse again, one spaCy component at a time over the same sentences
    nlp = pipe.nlp
    t = CLOCK()
    sdocs = [nlp.make_doc(x) for x in texts]
    spacy_secs = {"tokenizer": CLOCK() - t}
    for name, proc in nlp.pipeline:
        t = CLOCK()
        sdocs = list(proc.pipe(sdocs, batch_size=pipe.batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in sdocs]
        spacy_secs[name] = CLOCK() - t
    total = sum(secs.values())
    return {
        "articles": len(arts),
        "gated": gated,
        "sentences": sum(len(s) for _, s, _ in plans),
        "parsed_sentences": len(texts),
        "proposed_sentences": sum(len(x) for x in proposed),
        "ner_sentences": ner_sentences,
        "pipeline_build_s": build,
        "stages_s": secs,
        "total_s": total,
        "spacy_components_s": spacy_secs,
    }


def print_profile(p: dict[str, Any]) -> None:
    n = max(p["articles"], 1)
    print(
        f"\nper-stage profile ({p['articles']} articles, {p['gated']} gated, {p['parsed_sentences']} of {p['sentences']} sentences parsed "
        f"({p.get('proposed_sentences', 0)} of them proposed), "
        f"{p.get('ner_sentences', p['parsed_sentences'])} with NER, pipeline built in {p['pipeline_build_s']:.2f} s)"
    )
    print(f"{'stage':34s} {'CPU s':>8s} {'ms/article':>11s} {'share':>7s}")
    for k, v in sorted(p["stages_s"].items(), key=lambda kv: -kv[1]):
        print(f"{k:34s} {v:8.2f} {1000 * v / n:11.2f} {100 * v / p['total_s']:6.1f}%")
    print(f"{'total':34s} {p['total_s']:8.2f} {1000 * p['total_s'] / n:11.2f}")
    sp = p["spacy_components_s"]
    tot = sum(sp.values()) or 1.0
    print("spaCy parse by component (same sentences): " + ", ".join(f"{k} {100 * v / tot:.0f}%" for k, v in sp.items()))


def dask_compare(corpus: Path, tmp: Path) -> dict[str, Any]:
    """``local:1`` vs ``local:2`` (whole processes) and the events each stored vs the plain engine."""

    out: dict[str, Any] = {}
    dbs = {}
    for name, extra in (("plain", ["--workers", "1"]), ("dask local:1", ["--dask", "local:1"]), ("dask local:2", ["--dask", "local:2"])):
        db = tmp / f"{name.replace(' ', '_').replace(':', '')}.duckdb"
        r = timed([PY, "-m", "eventcoder", "run", str(corpus), "--db", str(db), "--format", "jsonl", "--no-progress", *extra], stdout=subprocess.PIPE)
        out[name] = {"wall": r["wall"], "cpu": r["cpu"], "report": json.loads(r["stdout"].strip().splitlines()[-1])}
        dbs[name] = db

    ref = stored_events(dbs["plain"])
    for name in ("dask local:1", "dask local:2"):
        out[name]["identical_events"] = stored_events(dbs[name]) == ref
    out["speedup_2_vs_1"] = out["dask local:1"]["wall"] / out["dask local:2"]["wall"]
    out["events"] = len(ref)
    return out


def stored_events(db: Path) -> list[tuple]:
    """Every stored event but its run id, in a fixed order: what two runs must agree on."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT * EXCLUDE (run_id) FROM events ORDER BY event_id").fetchall()
    finally:
        con.close()


def bare_runs(tmp: Path, runs: dict[str, dict[str, float]], env: dict[str, str]) -> dict[str, float]:
    """Bare spaCy ``nlp.pipe`` over the cleaned texts, one process each: the stock model (the
    issue's yardstick, returned) and the model as ``nlp.load_model`` prepares it."""
    bare_script = tmp / "bare.py"
    bare_script.write_text(BARE, "utf-8")
    stock = timed([PY, str(bare_script), str(tmp / "texts.json"), "stock"], env=env)
    runs["bare spaCy nlp.pipe, stock model (1 process)"] = stock
    runs["bare spaCy nlp.pipe, load_model (1 process)"] = timed([PY, str(bare_script), str(tmp / "texts.json"), "load_model"], env=env)
    return stock


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--limit", type=int, default=0, help="articles (0: the whole corpus)")
    ap.add_argument("--workers", default="1,2", help="comma-separated --workers values to time")
    ap.add_argument("--profile-limit", type=int, default=400)
    ap.add_argument("--dask", type=int, default=0, metavar="N", help="also compare Dask local:1 vs local:2 on N articles")
    ap.add_argument("--skip-startup", action="store_true")
    ap.add_argument("--startup-runs", type=int, default=3, metavar="N",
                    help="fresh-process Pipeline() builds per tree, interleaved across trees; the row is their median (default 3)")
    ap.add_argument("--no-gates-off", action="store_true", help="do not time the ungated pipeline")
    ap.add_argument("--out", help="write every number as JSON here")
    ap.add_argument("--config", action="append", default=[], metavar="FILE",
                    help="pipeline config for the runs and the profile (repeat: each is profiled, one after another)")
    ap.add_argument("--only", default="", help="comma-separated parts to run: startup, runs, profile, dask (default: all)")
    ap.add_argument("--src", action="append", default=[], metavar="NAME=DIR",
                    help="time the start-up and run rows with this source tree (e.g. before=/tmp/old/src; repeat: "
                    "each row once per tree, one after another, and the events each run stores compared with the first "
                    "tree's); default: this checkout's src")
    args = ap.parse_args()
    parts = {x.strip() for x in args.only.split(",") if x.strip()} or {"startup", "runs", "profile", "dask"}
    unknown = parts - {"startup", "runs", "profile", "dask"}
    if unknown:
        ap.error(f"--only: unknown part(s) {', '.join(sorted(unknown))}")
    if args.only and "dask" in parts and not args.dask:
        ap.error("--only dask needs --dask N")
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"skipped: {corpus} not found")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    trees = [(x.split("=", 1)[0], Path(x.split("=", 1)[1]).resolve()) if "=" in x else (Path(x).name, Path(x).resolve()) for x in args.src]
    envs = {name: {**os.environ, "PYTHONPATH": str(d) + os.pathsep + os.environ.get("PYTHONPATH", "")} for name, d in trees} or {"": ENV}

    def label(name: str, tree: str) -> str:
        return f"{name} [{tree}]" if tree else name

    results: dict[str, Any] = {"cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(), "loadavg_start": os.getloadavg()}
    files = corpus_files(corpus, args.limit)
    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        staged = stage_corpus(files, tmp / "corpus")
        n = len(files)
        print(f"corpus: {n} articles from {corpus}  cores: {results['cores']}  load average: {results['loadavg_start'][0]:.1f}")

        rows: list[tuple[str, dict[str, float]]] = []
        if "startup" in parts and not args.skip_startup:
            rows += startup_rows(files[0], tmp, envs, args.startup_runs, label)

        # the cleaned texts bare spaCy parses: what the pipeline codes
        from eventcoder.clean import clean
        from eventcoder.ingest import read

        texts = []
        for it in read([str(staged)], input_format="txt"):
            a = clean(it)
            if a.text.strip():
                texts.append(a.text)
        (tmp / "texts.json").write_text(json.dumps(texts), "utf-8")
        words = sum(len(x.split()) for x in texts)

        runs: dict[str, dict[str, float]] = {}
        first_db: dict[str, Path] = {}  # the first tree's database of each run, to compare events with
        for w in [int(x) for x in args.workers.split(",") if x] if "runs" in parts else []:
            for i, cfgp in enumerate(args.config or [None]):
                for t, (tree, env) in enumerate(envs.items()):
                    extra = ["--config", cfgp] if cfgp else []
                    db = tmp / f"w{w}-{i}-{t}.duckdb"
                    r = timed([PY, "-m", "eventcoder", "run", str(staged), "--db", str(db), "--workers", str(w), *extra, "--format", "jsonl", "--no-progress"], stdout=subprocess.PIPE, env=env)
                    r["report"] = json.loads(r.pop("stdout").strip().splitlines()[-1])
                    key = f"run --workers {w}" + (f" ({Path(cfgp).name})" if cfgp else "")
                    if key in first_db:
                        r["identical_events"] = stored_events(db) == stored_events(first_db[key])
                    else:
                        first_db[key] = db
                    runs[label(key, tree)] = r
        if "runs" in parts and not args.no_gates_off:
            cfg = gates_off_config(tmp)
            w = max(int(x) for x in args.workers.split(",") if x)
            r = timed([PY, "-m", "eventcoder", "run", str(staged), "--db", str(tmp / "off.duckdb"), "--workers", str(w), "--config", str(cfg), "--format", "jsonl", "--no-progress"], stdout=subprocess.PIPE)
            r["report"] = json.loads(r.pop("stdout").strip().splitlines()[-1])
            runs[f"run --workers {w}, gates off"] = r
        bare = bare_runs(tmp, runs, list(envs.values())[-1]) if "runs" in parts else {"wall": float("nan")}

        print(f"\n{'whole process':44s} {'wall s':>8s} {'CPU s':>8s} {'articles/s':>11s} {'per CPU-s':>10s} {'x bare':>7s} {'peak MB':>8s}")
        for name, r in rows:
            print(f"{name:44s} {r['wall']:8.2f} {r['cpu']:8.2f} {'':>11s} {'':>10s} {'':>7s} {r['maxrss_mb']:8.0f}")
        for name, r in runs.items():
            print(f"{name:44s} {r['wall']:8.2f} {r['cpu']:8.2f} {n / r['wall']:11.1f} {n / r['cpu']:10.1f} {bare['wall'] / r['wall']:7.2f} {r['maxrss_mb']:8.0f}")
        for name, r in runs.items():
            if "report" in r:
                rep = r["report"]
                same = f", events identical to the first tree's: {r['identical_events']}" if "identical_events" in r else ""
                print(f"  {name}: coded {rep['coded']}, gated {rep.get('gated', 0)}, events {rep['events']}, skipped {rep['skipped']}, quarantined {rep['quarantined']}{same}")
        print(f"words: {words}")
        results.update(articles=n, words=words, startup={k: {kk: vv for kk, vv in v.items() if kk != 'stdout'} for k, v in rows}, runs=runs)

        if args.profile_limit and "profile" in parts:
            for cfgp in args.config or [None]:
                p = profile(corpus_files(corpus, args.profile_limit), cfgp)
                if cfgp:
                    print(f"\nconfig: {cfgp}")
                print_profile(p)
                results["profile" + (f" {cfgp}" if cfgp else "")] = p

        if args.dask and "dask" in parts:
            dcorpus = stage_corpus(corpus_files(corpus, args.dask), tmp / "dask-corpus")
            d = dask_compare(dcorpus, tmp)
            print(f"\nDask on {args.dask} articles (whole processes, cluster start-up included):")
            for name in ("plain", "dask local:1", "dask local:2"):
                r = d[name]
                same = "" if name == "plain" else f"  identical events to plain: {r['identical_events']}"
                print(f"  {name:14s} {r['wall']:8.2f} s  CPU {r['cpu']:8.2f} s  {args.dask / r['wall']:6.1f} articles/s{same}")
                if tl := r["report"].get("timeline"):  # where a Dask run's wall time went (DaskReport.timeline)
                    print("    " + " ".join(f"{k}={v}" for k, v in tl.items()))
            print(f"  local:2 vs local:1: {d['speedup_2_vs_1']:.2f}x  ({d['events']} events)")
            results["dask"] = d
    results["loadavg_end"] = os.getloadavg()
    print(f"\nload average at the end: {results['loadavg_end'][0]:.1f} (other processes share these cores: compare ratios)")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1, default=str), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
