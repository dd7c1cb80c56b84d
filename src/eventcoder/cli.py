"""``eventcoder`` command line: a thin shell over the library.

Only here are exceptions turned into exit codes and messages. Output is JSON Lines when
piped (or ``--format jsonl``) and a readable table on a terminal (or ``--format table``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from typing import Any

from . import __version__
from .errors import EnvironmentFailure, EventcoderError

EVAL_SETS = ("acled", "acled-kenya", "plover-gsr", "event-location", "geowebnews", "news-events", "polnear", "wikievents")


def _fmt(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return "table" if sys.stdout.isatty() else "jsonl"


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, width=None if sys.stdout.isatty() else 160)


def _write_jsonl(rows: Iterable[dict[str, Any]]) -> None:
    out = sys.stdout
    for r in rows:
        out.write(json.dumps(r, ensure_ascii=False) + "\n")
    out.flush()


def _add_input_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, or - for stdin")
    p.add_argument("--input-format", metavar="FORMAT", help="override format sniffing: seed, jsonl, csv, txt, html, warc, or a registered reader")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for records that have none")
    p.add_argument("--max-chars", type=int, default=2_000_000, help="quarantine articles longer than this (it also bounds what a reader holds in memory)")


def _add_config(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE", help="pipeline config (default: the package's default.cfg); see docs/ARCHITECTURE.md")


def _add_workers(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=int, metavar="N", help="processes coding in parallel (default: every core)")


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("jsonl", "table", "json"), help="output format (default: table on a terminal, jsonl when piped)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="eventcoder", description="Code news articles into political and conflict events, offline.")
    ap.add_argument("--version", action="version", version=f"eventcoder {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read and clean articles; print one article per line")
    _add_input_args(p)
    _add_format(p)
    p.add_argument("--clusters", action="store_true", help="add story_id and duplicate_of over the whole batch (holds it in memory)")

    p = sub.add_parser("code", help="code articles into events; print one event per line")
    _add_input_args(p)
    _add_format(p)
    _add_config(p)
    _add_workers(p)
    p.add_argument("--actors", action="append", default=[], metavar="FILE", help="extra actor dictionary file(s)")
    p.add_argument("--clusters", action="store_true", help="add story_id, duplicate_of and cluster_id over the whole batch (holds it in memory)")

    p = sub.add_parser("run", help="code articles into a DuckDB database and print the run report")
    _add_input_args(p)
    _add_format(p)
    _add_config(p)
    p.add_argument("--db", required=True, help="DuckDB file (created if missing)")
    p.add_argument("--batch-size", type=int, default=32)
    _add_workers(p)
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--dask", metavar="SCHEDULER", help="code on Dask: local, local:N, slurm, or a scheduler address")
    p.add_argument("--dask-parts", metavar="DIR", help="where Dask workers write Parquet partitions; shared by workers and driver (default: DB.parts/)")
    p.add_argument("--skip-near-duplicates", action="store_true", help="skip syndicated copies before NLP (MinHash/LSH; counted as near-duplicate)")
    p.add_argument("--actors", action="append", default=[], metavar="FILE", help="extra actor dictionary file(s)")

    p = sub.add_parser("export", help="export events from a database")
    p.add_argument("--db", required=True)
    p.add_argument("--to", required=True, choices=("jsonl", "csv", "parquet", "geojson", "acled-csv"))
    p.add_argument("-o", "--output", help="output file (default: stdout)")

    p = sub.add_parser("actors", help="the canonical actors of a database: aliases, counts as source and target")
    p.add_argument("--db", required=True)
    p.add_argument("-q", "--query", help="only the actors a name or alias means (e.g. ISIL), then names starting with it")
    p.add_argument("--limit", type=int, default=100000)
    _add_format(p)

    p = sub.add_parser("clusters", help="group a database's articles into stories and events into clusters; print one cluster a line")
    p.add_argument("--db", required=True)
    p.add_argument("--no-update", action="store_true", help="print the stored clusters without clustering new articles")
    p.add_argument("--limit", type=int, help="print at most N clusters")
    _add_format(p)

    p = sub.add_parser("places", help="print the resolved toponyms of articles")
    _add_input_args(p)
    _add_format(p)

    p = sub.add_parser("eval", help="score the pipeline against a gold set")
    p.add_argument("set", help=f"one of {', '.join(EVAL_SETS)} (or another registered set), or a path to a gold file")
    p.add_argument("--path", help="gold file (default: ../shared/bench/...)")
    p.add_argument(
        "--part",
        choices=("dev", "test", "all"),
        help="part of the frozen split (eval/splits/): dev (default when the file has a split), test, or all",
    )
    p.add_argument("--limit", type=int, help="score only the first N items of the part")
    _add_config(p)
    _add_format(p)

    p = sub.add_parser("serve", help="HTTP API and web explorer over a database")
    p.add_argument("--db", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allow-ingest", action="store_true", help="enable POST /api/ingest (token in EVENTCODER_INGEST_TOKEN)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME", help="also answer requests whose Host header is NAME (default: 127.0.0.1, localhost, ::1 and --host; * for any)")
    _add_config(p)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """The one error boundary: every failure leaves as a coded message and an exit code.

    Library errors are coded where they are raised; the machine's refusals that reach this
    far (``OSError``, DuckDB's I/O errors) are coded by ``store.environment_error``; anything
    else is a bug, reported as ``E025`` — with the traceback only when ``EVENTCODER_DEBUG`` is set.
    """
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("eventcoder: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the boundary: no raw traceback reaches the user
        err = _coded(exc, args)
        if os.environ.get("EVENTCODER_DEBUG") and not isinstance(exc, EventcoderError):
            traceback.print_exc()
        print(f"eventcoder: error: {err}", file=sys.stderr)
        return err.exit_code


def _coded(exc: Exception, args: argparse.Namespace) -> EventcoderError:
    """``exc`` as a coded error, naming the file involved where it can."""
    if isinstance(exc, EventcoderError):
        return exc
    if isinstance(exc, MemoryError):
        return EnvironmentFailure("E024", path=getattr(args, "db", None) or "-", reason="out of memory")
    if isinstance(exc, OSError) or type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb"):
        from .store import environment_error

        path = getattr(exc, "filename", None) or getattr(args, "db", None) or getattr(args, "output", None) or "-"
        return environment_error(exc, str(path))
    return EventcoderError("E025", kind=type(exc).__name__, reason=str(exc).splitlines()[0][:300] if str(exc) else "no message")


def _silence_stdout() -> None:
    """The reader of our output went away (``| head``): no error at interpreter exit either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# -- commands -------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from .clean import check_date, clean
    from .ingest import read
    from .records import Quarantine, Skip

    published = check_date(args.published)
    rows = []
    fmt = _fmt(args)
    n_q = 0
    for item in read(args.paths, input_format=args.input_format, max_chars=args.max_chars):
        if isinstance(item, Quarantine):
            n_q += 1
            print(f"eventcoder: quarantined {item.origin}: [{item.code}] {item.error}", file=sys.stderr)
            continue
        if isinstance(item, Skip):
            print(f"eventcoder: skipped {item.origin}: {item.reason}", file=sys.stderr)
            continue
        art = clean(item, published=published)
        d = art.to_dict()
        if fmt == "table" or args.clusters:
            rows.append(d)
        else:
            _write_jsonl([d])
    if args.clusters:
        from .clusters.batch import link_articles

        links, _ = link_articles([(d["id"], d["text"], d["published"]) for d in rows])
        for d in rows:
            d["story_id"], d["duplicate_of"] = links[d["id"]]
        if fmt != "table":
            _write_jsonl(rows)
            return 0
    if fmt == "table":
        from rich.table import Table

        t = Table(title="articles")
        for c in ("id", "title", "source", "tags", "published", "language", "chars", "captions", "removed"):
            t.add_column(c)
        for d in rows:
            t.add_row(d["id"], d["title"] or "", d["source"] or "", ",".join(d["tags"]), d["published"] or "", d["language"] or "", str(len(d["text"])), str(len(d["captions"])), str(len(d["removed"])))
        _console().print(t)
    return 0


def _pipeline(args: argparse.Namespace) -> Any:
    from .pipeline import Pipeline

    config = getattr(args, "config", None)
    if getattr(args, "actors", None):
        from .actors import ActorDictionary

        return Pipeline(config=config, actors=ActorDictionary.load(args.actors))
    return Pipeline(config=config)


def cmd_code(args: argparse.Namespace) -> int:
    from .clean import check_date
    from .engine import RunReport, check_workers, code

    published = check_date(args.published)
    report = RunReport()
    fmt = _fmt(args)
    events = []
    workers = check_workers(args.workers)
    arts: list[tuple[str, str, str | None]] = []
    for ca in code(args.paths, args.input_format, published, pipeline=_pipeline(args), max_chars=args.max_chars, report=report, workers=workers):
        for w in ca.article.warnings:
            print(f"eventcoder: warning: article {ca.article.id}: {w}", file=sys.stderr)
        if args.clusters:
            arts.append((ca.article.id, ca.article.text, ca.article.published))
        if fmt == "table" or args.clusters:
            events.extend(e.to_dict() for e in ca.events)
        else:
            _write_jsonl(e.to_dict() for e in ca.events)
    if args.clusters:
        from .clusters.batch import link_articles, link_events

        links, df = link_articles(arts)
        cids = link_events(events, {a[0]: a[1] for a in arts}, {a[0]: a[2] for a in arts}, links, df)
        for e in events:
            e["story_id"], e["duplicate_of"] = links.get(e["article_id"], (None, None))
            e["cluster_id"] = cids.get(e["event_id"])
        if fmt != "table":
            _write_jsonl(events)
            events = []
    if fmt == "table":
        _console().print(events_table(events))
    _print_report(report.to_dict(), stderr=True)
    return 0


def events_table(events: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    t = Table(title=f"{len(events)} events", show_lines=False)
    for c in ("type", "acled", "source", "target", "location", "date", "reported by", "flags", "conf", "trigger"):
        t.add_column(c, overflow="fold")
    for e in events:
        loc = e["location"]
        acled = e["acled"]
        t.add_row(
            e["type"] + (f"/{e['mode']}" if e["mode"] else ""),
            f"{acled['event_type']} / {acled['sub_event_type']}" if acled else "",
            _actor(e["source_actor"]),
            _actor(e["target_actor"]),
            f"{loc['name'] or loc['text']} ({loc['lat']:.2f}, {loc['lon']:.2f})" if loc and loc.get("lat") is not None else (loc["text"] if loc else ""),
            _date_cell(e["date"]),
            "; ".join(r["name"] or r["text"] for r in e["reported_by"]),
            ",".join(f for f in ("negated", "hypothetical", "historical") if e.get(f)),
            f"{e['confidence']:.2f}",
            e["trigger"]["text"],
        )
    return t


def _date_cell(d: dict[str, Any]) -> str:
    if d.get("value") is None:
        return f"? ({d['text']})" if d.get("text") else ""
    how = d.get("precision") or "?"
    if d.get("basis") == "publication":
        how += ", report date"
    return f"{d['value']} ({how})"


def _actor(a: dict[str, Any] | None) -> str:
    if not a:
        return ""
    extra = "/".join(x for x in (a.get("country"), a.get("sector")) if x)
    return f"{a.get('name') or a['text']}" + (f" [{extra}]" if extra else "")


def _print_report(report: dict[str, Any], stderr: bool = False) -> None:
    from rich.table import Table

    t = Table(title="run report", show_header=False)
    t.add_column("what")
    t.add_column("count", justify="right")
    t.add_row("read", str(report["read"]))
    t.add_row("coded", str(report["coded"]))
    if report.get("gated"):
        t.add_row("  gated (no sentence can carry an event)", str(report["gated"]))
    t.add_row("skipped", str(report["skipped"]))
    for k, v in sorted(report["skipped_by_reason"].items()):
        t.add_row(f"  {k}", str(v))
    t.add_row("quarantined", str(report["quarantined"]))
    for k, v in sorted(report["quarantined_by_error"].items()):
        t.add_row(f"  {k}", str(v))
    t.add_row("events", str(report["events"]))
    if "events_written" in report:
        t.add_row("events written", str(report["events_written"]))
    t.add_row("seconds", f"{report['seconds']:.2f}")
    t.add_row("articles/s", f"{report['articles_per_second']:.1f}")
    _console(stderr=stderr).print(t)


def cmd_run(args: argparse.Namespace) -> int:
    from .clean import check_date
    from .engine import check_workers, run
    from .store import Store, preflight

    published = check_date(args.published)
    fmt = _fmt(args)
    preflight(args.db)
    if args.dask:
        from .distributed import run_dask

        report = run_dask(
            args.paths,
            args.db,
            scheduler=args.dask,
            input_format=args.input_format,
            published=published,
            batch_size=args.batch_size,
            max_chars=args.max_chars,
            actors=args.actors,
            config=args.config,
            parts_dir=args.dask_parts,
        )
    else:
        report = run(
            args.paths,
            args.db,
            input_format=args.input_format,
            published=published,
            batch_size=args.batch_size,
            pipeline=_pipeline(args),
            max_chars=args.max_chars,
            progress=not args.no_progress and sys.stderr.isatty(),
            console=_console(stderr=True),
            workers=check_workers(args.workers),
            near_duplicates=args.skip_near_duplicates,
        )
    d = report.to_dict()
    if fmt == "table":
        with Store(args.db, read_only=True) as st:
            events = st.events(limit=200)
        _console().print(events_table(events))
        _print_report(d)
    else:
        _write_jsonl([d])
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .store import Store

    with Store(args.db, read_only=True) as st:
        n = st.export(args.to, args.output, stream=sys.stdout)
    print(f"eventcoder: exported {n} events", file=sys.stderr)
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    """The database's actors as the explorer's actor picker and ``/api/actors`` see them."""
    from .serve.catalog import catalog
    from .serve.db import Database

    db = Database(args.db)
    try:
        with db.cursor() as cur:
            rows = catalog(db, cur).actor_list(args.query, args.limit)
    finally:
        db.close()
    if _fmt(args) == "table":
        from rich.table import Table

        t = Table(title=f"{len(rows)} actors")
        for c in ("name", "country", "sector", "as source", "as target", "aliases"):
            t.add_column(c)
        for d in rows:
            t.add_row(d["name"], d["country"] or "", d["sector"] or "", str(d["as_source"]), str(d["as_target"]), "; ".join(d["aliases"][:8]))
        _console().print(t)
    else:
        _write_jsonl(rows)
    return 0


def cmd_clusters(args: argparse.Namespace) -> int:
    """Cluster what is new in the database (incremental), then print the clusters."""
    import os

    import duckdb

    from .clusters.store import cluster_store, iter_clusters
    from .errors import UsageError

    if not os.path.exists(args.db):
        raise UsageError("E002", path=args.db)
    con = duckdb.connect(args.db, read_only=args.no_update)
    try:
        if not args.no_update:
            rep = cluster_store(con)
            print(f"eventcoder: clusters: {json.dumps(rep.to_dict())}", file=sys.stderr)
        rows = iter_clusters(con, args.limit)
    finally:
        con.close()
    keys = ("cluster_id", "type", "fields", "event_ids", "article_ids", "outlets", "independent_sources", "first_reported", "last_reported", "confidence", "contradictions")
    _write_jsonl([{k: r.get(k) for k in keys} for r in rows])
    return 0


def cmd_places(args: argparse.Namespace) -> int:
    from .clean import check_date
    from .engine import RunReport, code

    published = check_date(args.published)
    fmt = _fmt(args)
    report = RunReport()
    rows = []
    for ca in code(args.paths, args.input_format, published, max_chars=args.max_chars, report=report):
        for p in ca.places:
            d = {"article_id": ca.article.id, **p.to_dict()}
            if fmt == "table":
                rows.append(d)
            else:
                _write_jsonl([d])
    if fmt == "table":
        from rich.table import Table

        t = Table(title=f"{len(rows)} places")
        for c in ("text", "start", "name", "geonameid", "lat", "lon", "country", "admin1", "feature", "score", "role"):
            t.add_column(c)
        for d in rows:
            t.add_row(*(("" if d[c] is None else f"{d[c]:.3f}" if isinstance(d[c], float) else str(d[c])) for c in ("text", "start", "name", "geonameid", "lat", "lon", "country", "admin1", "feature", "score", "role")))
        _console().print(t)
    return 0


#: eval result keys that break a result down item by item (``eval news-events``: ``per_article``)
ITEM_BREAKDOWNS = frozenset({"per_article"})


def cmd_eval(args: argparse.Namespace) -> int:
    from .eval import run_eval

    pipeline = _pipeline(args) if args.config else None  # (the default is built by the set itself)
    result = run_eval(args.set, path=args.path, limit=args.limit, part=args.part, pipeline=pipeline)
    fmt = _fmt(args)
    if fmt in ("json", "jsonl"):
        print(json.dumps(result, indent=None if fmt == "jsonl" else 2))
    else:
        from rich.table import Table

        t = Table(title=f"eval: {args.set}")
        t.add_column("metric")
        t.add_column("value", justify="right")
        for k, v in result.items():
            if isinstance(v, dict):
                continue
            t.add_row(k, f"{v:.4f}" if isinstance(v, float) else str(v))
        _console().print(t)
        for k, v in result.items():
            if k in ITEM_BREAKDOWNS:  # one row an article: for scripts (compare_news_events.py), not a table
                _console().print(f"{k}: {len(v)} items (--format jsonl)")
                continue
            if isinstance(v, dict):
                sub = Table(title=k)
                sub.add_column("key")
                sub.add_column("value", justify="right")
                for kk, vv in v.items():
                    sub.add_row(str(kk), json.dumps(vv) if isinstance(vv, dict | list) else (f"{vv:.3f}" if isinstance(vv, float) else str(vv)))
                _console().print(sub)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted. The ingest pipeline is the one the other commands build from
    their options (``_pipeline``), passed as a factory: built on the first ingest only, so a
    read-only server never loads spaCy. No token with --allow-ingest: UsageError E011, exit 2."""
    from .serve import serve

    serve(
        args.db,
        host=args.host,
        port=args.port,
        allow_ingest=args.allow_ingest,
        pipeline=lambda: _pipeline(args),
        allow_hosts=args.allow_host,
    )
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "code": cmd_code,
    "run": cmd_run,
    "export": cmd_export,
    "places": cmd_places,
    "actors": cmd_actors,
    "eval": cmd_eval,
    "clusters": cmd_clusters,
    "serve": cmd_serve,
}


if __name__ == "__main__":
    raise SystemExit(main())
