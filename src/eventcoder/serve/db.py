"""Database access for ``eventcoder serve``: one shared DuckDB connection, a cursor per request.

Read-only by default (``duckdb.connect(path, read_only=True)``). Every query runs on its own
cursor with a time limit (a timer thread calls ``cursor.interrupt()``) and every SQL statement
carries a ``LIMIT``; parameters are always bound, never formatted into the SQL text.
With ``allow_ingest`` the process holds DuckDB's one write connection (a ``Store``) and the
reads use cursors of that connection instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb

from ..errors import UsageError

DEFAULT_TIMEOUT = 10.0


class QueryTimeout(Exception):
    """A query ran past the time limit and was interrupted."""


class Cursor:
    """A DuckDB cursor whose every ``execute`` is interrupted after ``timeout`` seconds."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, timeout: float) -> None:
        self.cur = cur
        self.timeout = timeout

    def _run(self, sql: str, params: Sequence[Any], fetch: str, n: int = 0) -> Any:
        timer = threading.Timer(self.timeout, self.cur.interrupt)
        timer.daemon = True
        timer.start()
        try:
            res = self.cur.execute(sql, list(params))
            if fetch == "all":
                return res.fetchall()
            if fetch == "one":
                return res.fetchone()
            return res
        except duckdb.InterruptException as e:
            raise QueryTimeout(f"query took longer than {self.timeout:g} s and was stopped") from e
        finally:
            timer.cancel()

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._run(sql, params, "all")

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self._run(sql, params, "one")

    def stream(
        self, sql: str, params: Sequence[Any] = (), chunk: int = 1000
    ) -> Iterator[tuple[Any, ...]]:
        """Rows in chunks; the time limit covers the whole iteration."""
        timer = threading.Timer(self.timeout, self.cur.interrupt)
        timer.daemon = True
        timer.start()
        try:
            res = self.cur.execute(sql, list(params))
            while True:
                rows = res.fetchmany(chunk)
                if not rows:
                    break
                yield from rows
        except duckdb.InterruptException as e:
            raise QueryTimeout(f"query took longer than {self.timeout:g} s and was stopped") from e
        finally:
            timer.cancel()


class Database:
    """The server's handle on the event store."""

    def __init__(self, path: str, writable: bool = False, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = str(path)
        self.timeout = timeout
        self.writable = writable
        self.write_lock = threading.Lock()
        self.store = None
        if writable:
            from ..store import Store

            self.store = Store(self.path)
            self.con = self.store.con
        else:
            if not os.path.exists(self.path):
                raise UsageError("E002", path=self.path)
            self.con = duckdb.connect(self.path, read_only=True)
        self.con.execute("SET enable_progress_bar = false")
        tables = {
            r[0]
            for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        missing = {"articles", "events", "places"} - tables
        if missing:
            self.con.close()
            raise UsageError(
                "E003",
                path=self.path,
                reason=f"not an eventcoder database (missing tables: {', '.join(sorted(missing))})",
            )

    @contextmanager
    def cursor(self) -> Iterator[Cursor]:
        cur = self.con.cursor()
        try:
            yield Cursor(cur, self.timeout)
        finally:
            cur.close()

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass
