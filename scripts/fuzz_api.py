"""The long schemathesis run over the whole API, ingest included (with a token).

    python scripts/fuzz_api.py [--examples 200] [--db FILE]

Codes the packaged samples into a fresh database (or copies ``--db``), starts the app with
``--allow-ingest`` semantics and a token, generates ``--examples`` cases per operation from
the OpenAPI schema (query strings, paths, headers, JSON and text bodies) and counts the
answers by status. Any 5xx is a failure (exit 1). tests/serve/test_hardening.py runs 8 per
operation in CI.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout, not an installed eventcoder
TOKEN = "fuzz-token-not-secret"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=200)
    ap.add_argument("--db")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings

    from eventcoder.engine import run
    from eventcoder.pipeline import Pipeline
    from eventcoder.serve import create_app

    work = Path(tempfile.mkdtemp(prefix="eventcoder-fuzz-"))
    db = work / "fuzz.duckdb"
    pipeline = Pipeline()
    if args.db:
        shutil.copy(args.db, db)
    else:
        run([str(ROOT / "src" / "eventcoder" / "samples")], str(db), published="2017-11-20", pipeline=pipeline)
    app = create_app(str(db), allow_ingest=True, ingest_token=TOKEN, pipeline=pipeline)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    by_op: dict[str, Counter[int]] = {}
    failures: list[str] = []
    t = time.perf_counter()

    def checker(operation: Any, key: str) -> Any:
        @settings(max_examples=args.examples, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck), database=None)  # fmt: skip
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            resp = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
            by_op[key][resp.status_code] += 1
            if resp.status_code >= 500:
                failures.append(f"{key} {case.query} {str(case.body)[:200]!r}: {resp.status_code} {resp.text[:200]}")

        return check

    try:
        for op in schema.get_all_operations():
            operation = op.ok()
            key = f"{operation.method.upper()} {operation.path}"
            by_op[key] = Counter()
            checker(operation, key)()
    finally:
        app.state.db.close()
    total = Counter[int]()
    for c in by_op.values():
        total.update(c)
    print(json.dumps({
        "requests": sum(total.values()),
        "server_errors": sum(v for k, v in total.items() if k >= 500),
        "by_status": dict(sorted(total.items())),
        "by_operation": {k: sum(v.values()) for k, v in by_op.items()},
        "seconds": round(time.perf_counter() - t, 1),
        "failures": failures[:20],
    }, indent=1))  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
