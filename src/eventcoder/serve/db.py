"""Database access for ``eventcoder serve``: one shared DuckDB connection, a cursor per request.

Read-only by default, and it steps aside for a writer between requests (``Database``). Every
query runs on its own cursor with a time limit (a timer thread calls ``cursor.interrupt()``)
and every SQL statement carries a ``LIMIT``; parameters are always bound, never formatted into
the SQL text. With ``allow_ingest`` the process holds DuckDB's one write connection (a
``Store``) and the reads use cursors of that connection instead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import duckdb

from ..errors import EnvironmentFailure, EventcoderError, UsageError

DEFAULT_TIMEOUT = 10.0


class QueryTimeout(Exception):
    """A query ran past the time limit and was interrupted."""


class Cursor:
    """A DuckDB cursor whose every ``execute`` is interrupted after ``timeout`` seconds."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, timeout: float, side: dict[str, Any] | None = None) -> None:
        self.cur = cur
        self.timeout = timeout
        self.side = side if side is not None else {}
        self._registered: set[str] = set()

    def _register(self, sql: str) -> None:
        """Register the side tables (``serve_*``, Arrow tables the server derived once per
        database version) this statement names: a read-only connection can create no table,
        and a registration lasts as long as the cursor, so each cursor registers what it uses."""
        for name, table in list(self.side.items()):
            if name not in self._registered and name in sql:
                if hasattr(self.cur, "abort"):  # a previous fetchone() left its result open
                    self.cur.abort()
                self.cur.register(name, table)
                self._registered.add(name)

    def _run(self, sql: str, params: Sequence[Any], fetch: str, n: int = 0) -> Any:
        self._register(sql)
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
        self._register(sql)
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


class DatabaseBusy(Exception):
    """A writer kept the file past the read time limit (answered 503)."""


class Database:
    """The server's handle on the event store, shared by the requests.

    Read-only (the default), it follows a database that ``eventcoder run`` is writing
    (docs/serve.md, "Reading while a run writes"): DuckDB lets no reader open a file while a
    writer has it, so the server holds its read-only connection only while no writer wants the
    file. A writer takes the gate byte of ``<db>.lock`` when it opens the file; then requests
    in flight finish, the connection is closed (by the last request or, when idle, by a watcher
    thread), and a new request asks for the file (byte 2), waits until the writer has written
    its batch and closed it, reopens it — and sees the batch.
    With ``writable`` (ingest) the process is the writer: one ``Store`` that keeps the file.
    """

    #: how often the watcher looks for a writer waiting while the server is idle
    WATCH_INTERVAL = 0.05

    def __init__(self, path: str, writable: bool = False, timeout: float = DEFAULT_TIMEOUT) -> None:
        from ..store import WriterProbe, check_db_path, upgrade_in_place

        self.path = str(path)
        self.timeout = timeout
        self.writable = writable
        self.write_lock = threading.Lock()
        self.store = None
        #: Arrow tables derived from the database (``catalog.side_table``), by SQL name
        self.side: dict[str, Any] = {}
        self.reopened = 0  # connections opened (read-only): how often a writer was let in
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._cv = threading.Condition()
        self._closed = False
        self._probe: WriterProbe | None = None
        if writable:
            from ..store import Store

            self.store = Store(self.path, shared=False, what="eventcoder serve --allow-ingest")
            self._con = self.store.con
        else:
            check_db_path(self.path, read_only=True)
            # an older database is migrated in place first (its rows kept): the queries need
            # the current schema (``events.historical``); refused, E596 says why
            upgrade_in_place(self.path)
            self._probe = WriterProbe(self.path)
        try:
            with self.cursor() as cur:
                tables = {r[0] for r in cur.all("SELECT table_name FROM information_schema.tables")}
        except DatabaseBusy as busy:  # at start-up a coded error (the CLI prints it), not a 503
            holder = self._probe.holder() if self._probe else None
            self.close()
            raise busy.__cause__ or EnvironmentFailure(
                "E018", path=self.path, holder=holder or "another process"
            ) from None
        except BaseException:
            self.close()
            raise
        missing = {"articles", "events", "places"} - tables
        if missing:
            self.close()
            raise UsageError(
                "E003",
                path=self.path,
                reason=f"not an eventcoder database (missing tables: {', '.join(sorted(missing))})",
            )
        if not writable:
            threading.Thread(target=self._watch, name="eventcoder-db-watch", daemon=True).start()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """A connection for a caller outside ``cursor()`` (tests, tools): opened if needed."""
        with self._cv:
            return self._open()

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            from ..store import connect

            self._con = connect(self.path, True, self.timeout, self._probe)
            self._con.execute("SET enable_progress_bar = false")
            self.reopened += 1
        return self._con

    def _writer_waiting(self) -> bool:
        return self._probe is not None and self._probe.writer_waiting()

    def _close_if_idle(self) -> None:
        """(Under ``_cv``.) Let a waiting writer in: close the connection no request uses."""
        if self._users == 0 and self._con is not None and self.store is None:
            con, self._con = self._con, None
            try:
                con.close()
            except duckdb.Error:
                pass

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(self.WATCH_INTERVAL)
            if self._con is not None and self._users == 0 and self._writer_waiting():
                with self._cv:
                    self._close_if_idle()

    @contextmanager
    def cursor(self) -> Iterator[Cursor]:
        """A cursor for one request; waits (up to the time limit) while a writer writes a batch."""
        deadline = time.monotonic() + self.timeout
        with self._cv:
            if self.store is None and self._writer_waiting():
                assert self._probe is not None
                self._probe.ask()  # the writer closes the file at its next pause
                try:
                    while self._writer_waiting():
                        self._close_if_idle()
                        if time.monotonic() > deadline:
                            raise DatabaseBusy(
                                f"the database is being written and stayed busy for {self.timeout:g} s; retry"
                            )
                        self._cv.wait(0.01)
                finally:
                    self._probe.withdraw()
            try:
                con = self._open()
            except EventcoderError as err:
                if err.code in ("E018", "E019"):
                    raise DatabaseBusy(f"the database is busy: {err.message}") from err
                raise
            self._users += 1
        cur = con.cursor()
        try:
            yield Cursor(cur, self.timeout, self.side)
        finally:
            cur.close()
            with self._cv:
                self._users -= 1
                if self._users == 0 and self._writer_waiting():
                    self._close_if_idle()
                self._cv.notify_all()

    def close(self) -> None:
        self._closed = True
        with self._cv:
            con, self._con = self._con, None
            if self.store is not None:
                self.store.close()
            elif con is not None:
                try:
                    con.close()
                except duckdb.Error:
                    pass
            if self._probe is not None:
                self._probe.close()
