"""Peak memory of ``eventcoder run``: bounded by --max-chars and the batch, not by the input.

    PYTHONPATH=src python benchmarks/memory.py [--only bbc,stdin-jsonl,stdin-text,bomb] [--gb 1] [--bbc 2000]

Each scenario runs ``eventcoder run`` in a child process and reads that child's peak RSS
from ``os.wait4`` (the kernel's ru_maxrss):

- ``bbc``: the first N articles of ../shared/bench/bbc-news (skipped when absent), coded
  into a fresh database — the budget is 800 MB.
- ``stdin-jsonl``: a GB of JSON Lines streamed into ``run -``: a real article every 5 MB,
  the rest lines of 5 MB each, past ``--max-chars`` (quarantined, E117) — the reader must
  stream, and read an over-long line without keeping it. Budget: 1 GB.
- ``stdin-text``: a GB of plain text on stdin, one document (E117 after the first bytes).
- ``bomb``: a 1 MB gzip that inflates to 1 GiB (E114).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "bench" / "bbc-news"
MB = 1 << 20
STORY = "Police detained twelve protesters outside the parliament in the capital on Tuesday, officials said. "


def _run(args: list[str], feed=None) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "eventcoder", "run", *args, "--format", "json", "--no-progress"]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if feed else subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    feeder = None
    if feed:
        feeder = threading.Thread(target=feed, args=(proc.stdin,), daemon=True)
        feeder.start()
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True),
        threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True),
    ]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    for r in readers:
        r.join()
    seconds = time.perf_counter() - t
    out = b"".join(out_chunks).decode("utf-8", "replace").strip().splitlines()
    report = json.loads(out[-1]) if out and out[-1].startswith("{") else {}
    return {
        "exit": proc.returncode,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # ru_maxrss is in KiB on Linux
        "seconds": round(seconds, 1),
        "read": report.get("read"),
        "coded": report.get("coded"),
        "quarantined": report.get("quarantined_by_error"),
        "stderr": b"".join(err_chunks).decode("utf-8", "replace")[-500:] if proc.returncode else "",
    }


def _feed_jsonl(total: int):
    def feed(pipe) -> None:
        filler = json.dumps({"text": "x" * (5 * MB)}).encode() + b"\n"
        sent = n = 0
        try:
            while sent < total:
                n += 1
                good = json.dumps({"title": f"Item {n}", "text": f"{STORY} Item {n}."}).encode() + b"\n"
                pipe.write(good)
                pipe.write(filler)
                sent += len(good) + len(filler)
        except BrokenPipeError:
            pass
        finally:
            pipe.close()

    return feed


def _feed_text(total: int):
    def feed(pipe) -> None:
        chunk = (STORY * (MB // len(STORY))).encode()
        sent = 0
        try:
            while sent < total:
                pipe.write(chunk)
                sent += len(chunk)
        except BrokenPipeError:
            pass  # the reader stops at the limit: the rest of the stream is not needed
        finally:
            pipe.close()

    return feed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="bbc,stdin-jsonl,stdin-text,bomb")
    ap.add_argument("--gb", type=float, default=1.0, help="size of the stdin streams")
    ap.add_argument("--bbc", type=int, default=2000, help="BBC articles to code")
    args = ap.parse_args()
    only = set(args.only.split(","))
    total = int(args.gb * 1024 * MB)
    rows: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        if "bbc" in only:
            if BBC.exists():
                files = sorted(BBC.rglob("*.txt"))
                files = [f for f in files if f.name != "README.TXT"][: args.bbc]
                corpus = tmpd / "bbc"
                corpus.mkdir()
                for i, f in enumerate(files):
                    (corpus / f"{i:05d}.txt").symlink_to(f)
                rows["bbc"] = _run([str(corpus), "--db", str(tmpd / "bbc.duckdb")]) | {"input_mb": round(sum(f.stat().st_size for f in files) / MB, 1)}
            else:
                print(f"bbc skipped: {BBC} not found", file=sys.stderr)
        if "stdin-jsonl" in only:
            rows["stdin-jsonl"] = _run(["-", "--db", str(tmpd / "j.duckdb")], feed=_feed_jsonl(total)) | {"input_mb": total // MB}
        if "stdin-text" in only:
            rows["stdin-text"] = _run(["-", "--db", str(tmpd / "t.duckdb"), "--input-format", "txt"], feed=_feed_text(total)) | {"input_mb": total // MB}
        if "bomb" in only:
            comp = zlib.compressobj(9, zlib.DEFLATED, 31)
            block = bytes(MB)
            data = b"".join(comp.compress(block) for _ in range(1024)) + comp.flush()
            bomb = tmpd / "bomb.jsonl.gz"
            bomb.write_bytes(data)
            rows["bomb"] = _run([str(bomb), "--db", str(tmpd / "b.duckdb")]) | {"input_mb": round(len(data) / MB, 2)}
    print("| scenario | input MB | exit | peak RSS MB | seconds | read | coded | quarantined |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['input_mb']} | {r['exit']} | {r['peak_rss_mb']} | {r['seconds']} | {r['read']} | {r['coded']} | {r['quarantined']} |")
        if r["stderr"]:
            print(r["stderr"], file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
