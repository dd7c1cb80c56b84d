"""DuckDB store: articles, events, places, runs, quarantine — and the exports.

Every batch of articles is written in one transaction, so a run killed with SIGKILL loses at
most the batch in flight, and a re-run skips what is already stored (ids are content hashes):
same rows as an uninterrupted run, no duplicates. The schema is created and migrated here
(``schema_version``).

One writer at a time, readers in between (docs/serve.md, "Reading while a run writes"):
DuckDB lets one process open a file for writing and no reader beside it, so a writing
``Store`` holds ``<db>.lock`` (:class:`WriterLock`) for its life — a second writer gets
``E018`` naming the first — and, by default (``shared``), hands the DuckDB file to a
reader that asks for it between batches (and takes it back for the next batch), while
readers that follow the protocol (``serve``, ``export``) step aside when the writer takes
the lock's gate byte. Holding the writer lock also proves that every run still ``running`` in the table
died (SIGKILL, power loss): they are marked ``died`` on open. Exports are atomic: written to
a temporary file beside the target, fsynced, renamed.
"""

from __future__ import annotations

import csv
import errno
import glob
import json
import os
import re
import socket
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

import duckdb

from .errors import ConfigError, EnvironmentFailure, EventcoderError, UsageError
from .records import Article, CodedArticle, Quarantine, Skip, content_hash

try:  # POSIX only: on other systems there is no cross-process protocol (one process per file)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = 2
EXPORT_TARGETS = ("jsonl", "csv", "parquet", "geojson", "acled-csv")

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    status VARCHAR,
    inputs JSON,
    options JSON,
    report JSON
);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    status VARCHAR NOT NULL,          -- 'coded' | 'skipped'
    skip_reason VARCHAR,
    title VARCHAR,
    source VARCHAR,
    tags JSON,
    published DATE,
    url VARCHAR,
    language VARCHAR,
    text VARCHAR,
    captions JSON,
    caption_spans JSON,
    removed JSON,
    warnings JSON,
    countries JSON,
    region VARCHAR,
    origin VARCHAR,
    meta JSON,
    n_events INTEGER,
    run_id VARCHAR,
    stored_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    acled_event_type VARCHAR,
    acled_sub_event_type VARCHAR,
    source_name VARCHAR,
    source_country VARCHAR,
    source_sector VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    target_sector VARCHAR,
    location_name VARCHAR,
    geonameid BIGINT,
    country VARCHAR,
    admin1 VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    date DATE,
    date_precision VARCHAR,
    date_text VARCHAR,
    reported_by VARCHAR,
    negated BOOLEAN,
    hypothetical BOOLEAN,
    trigger VARCHAR,
    sentence VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    confidence DOUBLE,
    article_source VARCHAR,
    published DATE,
    record JSON,
    run_id VARCHAR
);
CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR,
    name VARCHAR,
    geonameid BIGINT,
    lat DOUBLE,
    lon DOUBLE,
    country VARCHAR,
    admin1 VARCHAR,
    feature VARCHAR,
    score DOUBLE,
    role VARCHAR,
    PRIMARY KEY (article_id, start_char, end_char)
);
CREATE TABLE IF NOT EXISTS quarantine (
    id VARCHAR PRIMARY KEY,
    origin VARCHAR,
    code VARCHAR,
    error VARCHAR,
    article_id VARCHAR,
    excerpt VARCHAR,
    run_id VARCHAR,
    stored_at TIMESTAMP
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
"""

#: v2: the events' ``historical`` flag (background, not current news) as a column beside
#: ``negated`` and ``hypothetical``. DuckDB adds a column at the end of the table (after
#: ``run_id``), so a new database — v1's DDL, then this — has the same column order as a
#: migrated one, and ``_event_row`` appends the flag last. Rows already stored keep their
#: place; the flag is read back from their own record where the coder wrote it there (runs
#: since the flag existed) and stays NULL where it did not (coded before it: unknown).
_SCHEMA_V2 = """
ALTER TABLE events ADD COLUMN IF NOT EXISTS historical BOOLEAN;
UPDATE events SET historical = CAST(json_extract(record, '$.historical') AS BOOLEAN)
    WHERE historical IS NULL AND json_type(json_extract(record, '$.historical')) = 'BOOLEAN';
"""

MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# -- the environment: coded errors for what the machine refuses ----------------------

#: seconds a writer waits for readers to let go of the file (a serve steps aside in ~0.1 s;
#: a long export or a foreign DuckDB client may hold it longer); EVENTCODER_LOCK_TIMEOUT
LOCK_TIMEOUT = float(os.environ.get("EVENTCODER_LOCK_TIMEOUT", "60"))
#: seconds a reader waits for a writer's batch to be written
READ_TIMEOUT = 10.0

_NO_SPACE = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_NO_PERMISSION = (errno.EACCES, errno.EPERM, errno.EROFS)
_DUCKDB_LOCK = "Could not set lock on file"


def environment_error(exc: BaseException, path: str) -> EventcoderError:
    """The coded error for an ``OSError`` or a DuckDB I/O error met on ``path``.

    DuckDB reports the system's errors as text, so its messages are matched as well as
    ``errno``. Everything that is not recognised is ``E024`` with DuckDB's first line.
    """
    if isinstance(exc, EventcoderError):
        return exc
    num = getattr(exc, "errno", None)
    msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        msg = exc.strerror  # the path is said by the message's own {path}
    low = msg.lower()
    if num in _NO_SPACE or "no space left" in low or "file too large" in low or "quota" in low:
        return EnvironmentFailure("E020", path=path, reason=_strip_io(msg))
    if _DUCKDB_LOCK.lower() in low or "different configuration" in low:  # the latter: in this process
        pid = re.search(r"\(PID (\d+)\)", msg)
        return EnvironmentFailure("E019", path=path, reason=f"process {pid.group(1)}" if pid else _strip_io(msg))
    if num in _NO_PERMISSION or "permission denied" in low or "read-only file system" in low:
        return EnvironmentFailure("E023", path=path, reason=_strip_io(msg))
    if num in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR) or any(
        k in low for k in ("no such file", "is a directory", "not a directory", "not a valid duckdb database")
    ):
        return EnvironmentFailure("E021", path=path, reason=_strip_io(msg))
    return EnvironmentFailure("E024", path=path, reason=_strip_io(msg)[:300])


def _strip_io(msg: str) -> str:
    return msg.removeprefix("IO Error: ").strip()


@contextmanager
def _environment(path: str) -> Iterator[None]:
    """Turn the machine's refusals inside the block into coded errors (``environment_error``)."""
    try:
        yield
    except (OSError, duckdb.IOException, duckdb.FatalException, duckdb.PermissionException, duckdb.ConnectionException) as exc:
        raise environment_error(exc, path) from exc


def lock_path(db: str) -> str:
    return str(db) + ".lock"


_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", None) if fcntl else None
# byte offsets in the lock file: the writer's life; the writer has (or wants) the DuckDB file;
# a reader wants the DuckDB file
_WRITER, _GATE, _ASK = 0, 1, 2


def _range_lock(fd: int, kind: int, start: int) -> bool:
    """Lock (or unlock) one byte of the lock file without blocking; False when another holds it.

    Open-file-description locks (Linux) conflict between two descriptors of one process too,
    so a test that writes and reads in one process sees the protocol as two processes do;
    elsewhere POSIX ``lockf`` (per process) is the fallback.
    """
    if fcntl is None:  # pragma: no cover
        return True
    try:
        if _OFD_SETLK is not None:
            fcntl.fcntl(fd, _OFD_SETLK, struct.pack("hhqqi4x", kind, 0, start, 1, 0))
        else:  # pragma: no cover
            op = {fcntl.F_WRLCK: fcntl.LOCK_EX, fcntl.F_RDLCK: fcntl.LOCK_SH}.get(kind, fcntl.LOCK_UN)
            fcntl.lockf(fd, op | (fcntl.LOCK_NB if op != fcntl.LOCK_UN else 0), 1, start)
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


#: descriptors of the lock files this process holds: a forked worker closes its copies
#: (``close_inherited_locks``) so that the lock dies with the writer, not with its last child
_OPEN_LOCKS: set[int] = set()


def close_inherited_locks() -> None:
    """In a forked worker: drop the copies of the parent's lock-file descriptors.

    An open-file-description lock lives while any copy of its descriptor is open; without
    this, the workers of a SIGKILLed ``run --workers N`` would keep ``<db>.lock`` and the
    resume would be refused (E018)."""
    for fd in list(_OPEN_LOCKS):
        try:
            os.close(fd)
        except OSError:
            pass
    _OPEN_LOCKS.clear()


class WriterLock:
    """``<db>.lock``: who writes the database now, held by the writing process for its life.

    Byte 0 is held exclusively while the writer lives (the kernel drops it when the process
    dies, however it dies); byte 1, the gate, while the writer wants or holds the DuckDB file;
    readers hold byte 2 (shared) while they wait for it. The file's text names the holder for
    the error message of a second writer.
    """

    def __init__(self, db: str, what: str) -> None:
        self.path = lock_path(db)
        with _environment(self.path):
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _range_lock(self.fd, fcntl.F_WRLCK if fcntl else 0, _WRITER):
            holder = _read_holder(self.fd) or "another process"
            os.close(self.fd)
            raise EnvironmentFailure("E018", path=db, holder=holder)
        _OPEN_LOCKS.add(self.fd)
        info = {"what": what, "pid": os.getpid(), "host": socket.gethostname(), "since": _now().isoformat(timespec="seconds")}
        with _environment(self.path):
            os.ftruncate(self.fd, 0)
            os.pwrite(self.fd, json.dumps(info).encode(), 0)
        self.gated = False

    def gate(self, timeout: float) -> None:
        """Announce that this writer wants the file: readers finish and step aside."""
        deadline = time.monotonic() + timeout
        while not _range_lock(self.fd, fcntl.F_WRLCK, _GATE):  # only a reader's instant probe
            if time.monotonic() > deadline:  # pragma: no cover - probes last microseconds
                raise EnvironmentFailure("E019", path=self.path, reason="its gate stayed taken")
            time.sleep(0.005)
        self.gated = True

    def ungate(self) -> None:
        if self.gated:
            _range_lock(self.fd, fcntl.F_UNLCK, _GATE)
            self.gated = False

    def reader_waiting(self) -> bool:
        """True while a reader waits for the file (holds byte 2)."""
        if fcntl is None or self.fd < 0:
            return False
        if _range_lock(self.fd, fcntl.F_WRLCK, _ASK):
            _range_lock(self.fd, fcntl.F_UNLCK, _ASK)
            return False
        return True

    def release(self) -> None:
        if self.fd >= 0:
            _OPEN_LOCKS.discard(self.fd)
            os.close(self.fd)  # drops both locks
            self.fd = -1


def _read_holder(fd: int) -> str | None:
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"{info['what']} (pid {info['pid']} on {info['host']}, since {info['since']} UTC)"
    except (OSError, ValueError, KeyError, TypeError):
        return None


class WriterProbe:
    """A reader's view of ``<db>.lock``: is a writer waiting for the file, who is writing."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.fd = -1

    def _open(self) -> bool:
        if self.fd < 0:
            try:
                self.fd = os.open(lock_path(self.db), os.O_RDONLY)
            except OSError:
                return False  # no writer ever ran here (or the directory is not ours to read)
        return True

    def writer_waiting(self) -> bool:
        """True while a writer wants or holds the DuckDB file (its gate is taken)."""
        if fcntl is None or not self._open():
            return False
        if _range_lock(self.fd, fcntl.F_RDLCK, _GATE):
            _range_lock(self.fd, fcntl.F_UNLCK, _GATE)
            return False
        return True

    def ask(self) -> None:
        """Tell the writer that a reader waits for the file (until ``withdraw``)."""
        if fcntl is not None and self._open():
            _range_lock(self.fd, fcntl.F_RDLCK, _ASK)

    def withdraw(self) -> None:
        if fcntl is not None and self.fd >= 0:
            _range_lock(self.fd, fcntl.F_UNLCK, _ASK)

    def holder(self) -> str | None:
        """The running writer (None when none runs)."""
        if fcntl is None or not self._open():
            return None
        if _range_lock(self.fd, fcntl.F_RDLCK, _WRITER):
            _range_lock(self.fd, fcntl.F_UNLCK, _WRITER)
            return None
        return _read_holder(self.fd) or "another process"

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def connect(path: str, read_only: bool, timeout: float, probe: WriterProbe | None = None) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, waiting up to ``timeout`` s while another process holds it.

    A reader (``probe`` given) also waits while a writer's gate is taken, so a writer between
    two batches is never starved by a stream of readers. A lock still held after ``timeout``
    is ``E018`` (an eventcoder writer, named) or ``E019`` (another program); any other
    refusal is coded by ``environment_error``.
    """
    deadline = time.monotonic() + timeout
    delay = 0.01
    try:
        while True:
            if probe is None or not probe.writer_waiting():
                try:
                    with _environment(path):
                        return duckdb.connect(path, read_only=read_only)
                except EnvironmentFailure as err:
                    if err.code != "E019":
                        raise
                    last: EventcoderError = err
            else:
                last = EnvironmentFailure("E018", path=path, holder=probe.holder() or "another process")
            if probe is not None:
                probe.ask()  # the writer closes the file at its next pause
            if time.monotonic() > deadline:
                if last.code == "E019" and probe is not None and (holder := probe.holder()):
                    raise EnvironmentFailure("E018", path=path, holder=holder) from last
                raise last
            time.sleep(delay)
            delay = min(delay * 1.5, 0.2)
    finally:
        if probe is not None:
            probe.withdraw()


def preflight(path: str) -> None:
    """Fail now on a ``--db`` a writer cannot use (bad path, another writer), before the
    pipeline spends seconds loading; the ``Store`` checks again when it opens."""
    check_db_path(path, read_only=False)
    probe = WriterProbe(path)
    try:
        if holder := probe.holder():
            raise EnvironmentFailure("E018", path=path, holder=holder)
    finally:
        probe.close()


def check_db_path(path: str, read_only: bool) -> None:
    """Refuse a ``--db`` that cannot be a database file before DuckDB says it obscurely."""
    p = Path(path)
    if read_only and not p.exists():
        raise UsageError("E002", path=path)
    if p.is_dir():
        raise EnvironmentFailure("E021", path=path, reason="it is a directory")
    if not read_only and not p.parent.is_dir():
        raise EnvironmentFailure("E021", path=path, reason=f"directory {p.parent} does not exist")
    if p.exists() and not p.is_file():
        raise EnvironmentFailure("E021", path=path, reason="not a regular file")


def stored_version(path: str, timeout: float = READ_TIMEOUT) -> int:
    """The schema version of the database file ``path`` (0: no eventcoder schema), read
    through a read-only connection that follows the readers' protocol."""
    probe = WriterProbe(path)
    try:
        con = connect(path, True, timeout, probe)
    finally:
        probe.close()
    try:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()
    return int(row[0]) if row and row[0] is not None else 0


def upgrade_in_place(path: str, required: bool = True) -> EventcoderError | None:
    """Migrate an eventcoder database older than this version before a reader opens it.

    A reader (``export``, ``serve``) cannot change a file it opens read-only, so it opens
    the file as a writer does for a moment (the writer lock, then ``Store.migrate``: each
    step in one transaction, every row kept) and closes it. Nothing happens to a current
    file, to one newer than this version (the reader reports ``E008``) or to a file with no
    eventcoder schema. When the upgrade is refused (another writer holds the file, no
    permission to write it) the error is raised as ``E596`` when ``required``, else
    returned and the file read as it is.
    """
    if path == ":memory:":
        return None
    found = stored_version(path)
    if not 1 <= found < SCHEMA_VERSION:
        return None
    try:
        Store(path, shared=False, lock_timeout=READ_TIMEOUT, what="eventcoder (schema upgrade)").close()
    except EventcoderError as err:
        refused = EnvironmentFailure("E596", path=path, found=found, supported=SCHEMA_VERSION, reason=str(err))
        if required:
            raise refused from err
        return refused
    return None


class Store:
    """A run's writer (or a read-only view for export and the CLI's table).

    Writing: holds the writer lock for its life. ``shared`` (the default): between two uses
    (a batch's resume check, its write) the DuckDB file stays open — no cost when nobody
    reads — unless a reader asks for it (byte 2 of the lock file); then it is closed at once
    if idle (a watcher thread) or after the use in progress, and reopened by the next use. A
    process that must keep the file (``serve --allow-ingest``) passes ``shared=False``. Use the
    file through the methods: a statement on ``con`` outside them may find it closed.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        read_only: bool = False,
        shared: bool = True,
        lock_timeout: float | None = None,
        what: str | None = None,
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.shared = shared and not read_only
        self.lock_timeout = LOCK_TIMEOUT if lock_timeout is None else lock_timeout
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lock: WriterLock | None = None
        self._mutex = threading.RLock()  # one use of the file at a time (the watcher's release too)
        self._closed = False
        #: runs found ``running`` and marked ``died`` when this writer opened the file
        self.died: list[str] = []
        check_db_path(self.path, read_only)
        if read_only:
            #: the coded error that refused migrating an older file (it is read as it is)
            self.upgrade_refused = upgrade_in_place(self.path, required=False)
            probe = WriterProbe(self.path)
            try:
                self._con = connect(self.path, True, READ_TIMEOUT if lock_timeout is None else lock_timeout, probe)
            finally:
                probe.close()
            return
        if self.path == ":memory:":  # a worker's scratch store: nothing on disk to lock or share
            self.shared = False
            self._con = duckdb.connect(":memory:")
            self.migrate()
            return
        self._lock = WriterLock(self.path, what or _command())
        try:
            with self._use():
                self.migrate()
                self.died = self._mark_died()
        except BaseException:
            self.close()
            raise
        if self.shared:
            threading.Thread(target=self._watch, name="eventcoder-store-watch", daemon=True).start()

    #: how often an idle writer looks for a reader waiting for the file
    WATCH_INTERVAL = 0.05

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(self.WATCH_INTERVAL)
            lock = self._lock
            if self._con is None or lock is None or not lock.reader_waiting():
                continue
            if self._mutex.acquire(blocking=False):  # busy: the use in progress releases after
                try:
                    if not self._closed:
                        self.release()
                except EventcoderError:
                    pass  # the checkpoint failed: the batch is in DuckDB's WAL; the next use reports
                finally:
                    self._mutex.release()

    def _pause(self) -> None:
        """After a use: hand the file to a reader that waits for it."""
        if self.shared and self._lock is not None and self._lock.reader_waiting():
            self.release()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, opened now if this writer released it (see ``release``)."""
        if self._con is None:
            if self._lock is None:
                raise EnvironmentFailure("E024", path=self.path, reason="the store is closed")
            self._lock.gate(self.lock_timeout)
            try:
                self._con = connect(self.path, False, self.lock_timeout)
            except BaseException:
                self._lock.ungate()
                raise
        return self._con

    def release(self) -> None:
        """Close the file (``shared``): its changes are checkpointed, readers may open it."""
        if not self.shared or self._con is None:
            return
        con, self._con = self._con, None
        try:
            with _environment(self.path):
                con.close()  # the checkpoint: may meet a full disk
        finally:
            if self._lock:
                self._lock.ungate()

    # -- schema ---------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise ConfigError("E008", path=self.path, found=current, supported=SCHEMA_VERSION)
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with _environment(self.path):
                self.con.execute("BEGIN TRANSACTION")
                self.con.execute(MIGRATIONS[version])
                self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])
                self.con.execute("COMMIT")

    def close(self) -> None:
        self._closed = True
        with self._mutex:
            try:
                if self._con is not None:
                    con, self._con = self._con, None
                    with _environment(self.path):
                        con.close()
            finally:
                if self._lock is not None:
                    self._lock.release()
                    self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs -----------------------------------------------------------------
    def _mark_died(self) -> list[str]:
        """Runs left ``running`` by a process that died: this writer holds the lock, so none lives."""
        with _environment(self.path):
            ids = [r[0] for r in self.con.execute("SELECT run_id FROM runs WHERE status = 'running'").fetchall()]
            if ids:
                self.con.execute(
                    "UPDATE runs SET status = 'died', report = ? WHERE status = 'running'",
                    [json.dumps({"died": f"the process ended without closing the run; found by the next writer at {_now().isoformat(timespec='seconds')} UTC"})],
                )
        return ids

    def start_run(self, inputs: Sequence[str], options: dict[str, Any]) -> str:
        run_id = content_hash(_now().isoformat(), str(os.getpid()), json.dumps(list(inputs)))
        with self._use():
            self.con.execute(
                "INSERT INTO runs VALUES (?, ?, NULL, 'running', ?, ?, NULL)",
                [run_id, _now(), json.dumps(list(inputs)), json.dumps(options, default=str)],
            )
        return run_id

    def finish_run(self, run_id: str, report: dict[str, Any], status: str = "finished") -> None:
        with self._use():
            self.con.execute(
                "UPDATE runs SET finished_at = ?, status = ?, report = ? WHERE run_id = ?",
                [_now(), status, json.dumps(report), run_id],
            )

    @contextmanager
    def _use(self) -> Iterator[None]:
        """One use of the file by a writer: coded environment errors, released afterwards.

        When the use failed the file is closed (DuckDB may have invalidated the connection;
        the next use reopens it), and a failure to close is not allowed to hide the first error.
        """
        with self._mutex:
            try:
                with _environment(self.path):
                    yield
            except BaseException:
                try:
                    self.release()
                except EventcoderError:
                    pass
                raise
            self._pause()

    # -- idempotency ----------------------------------------------------------
    def known_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        with self._use_if_writer():
            rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def article_ids(self) -> set[str]:
        """Every stored article id: the resume snapshot parallel workers check before coding."""
        return {r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()}

    def known_quarantine(self, qids: Iterable[str]) -> set[str]:
        qids = list(qids)
        if not qids:
            return set()
        with self._use_if_writer():
            rows = self.con.execute("SELECT id FROM quarantine WHERE id IN (SELECT unnest(?))", [qids]).fetchall()
        return {r[0] for r in rows}

    def _use_if_writer(self) -> Any:
        return self._use() if not self.read_only else _environment(self.path)

    # -- writing --------------------------------------------------------------
    def write_batch(
        self,
        coded: Sequence[CodedArticle],
        skipped: Sequence[tuple[Article | None, Skip]],
        quarantined: Sequence[Quarantine],
        run_id: str,
    ) -> int:
        """Write one batch atomically; returns the number of events written."""
        with self._use():
            return self._write_batch(coded, skipped, quarantined, run_id)

    def _write_batch(
        self,
        coded: Sequence[CodedArticle],
        skipped: Sequence[tuple[Article | None, Skip]],
        quarantined: Sequence[Quarantine],
        run_id: str,
    ) -> int:
        now = _now()
        n_events = 0
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            articles, events, places = [], [], []
            for ca in coded:
                a = ca.article
                row = _article_row(a, len(ca.events), run_id, now)
                articles.append([row[0], "coded", None, *row[1:]])
                events.extend(_event_row(e.to_dict(), a, run_id) for e in ca.events)
                n_events += len(ca.events)
                places.extend(
                    [a.id, p.start, p.end, p.text, p.name, p.geonameid, p.lat, p.lon, p.country, p.admin1, p.feature, p.score, p.role]
                    for p in ca.places
                )
            _insert_many(con, "articles", articles, 1)
            _insert_many(con, "events", events, 1)
            _insert_many(con, "places", places, 3)
            for art, skip in skipped:
                if art is None:
                    continue
                row = _article_row(art, 0, run_id, now)
                con.execute(
                    "INSERT OR IGNORE INTO articles VALUES (?, 'skipped', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [row[0], skip.reason, *row[1:]],
                )
            for q in quarantined:
                con.execute(
                    "INSERT OR IGNORE INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [quarantine_id(q), str(q.origin), q.code, q.error, q.article_id, q.excerpt, run_id, now],
                )
            con.execute("COMMIT")
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # after a fatal I/O error DuckDB has rolled back (or replays its WAL on open)
            raise
        return n_events

    # -- reading --------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "places", "quarantine", "runs"):
            out[table] = int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
        return out

    def events(self, limit: int | None = None) -> list[dict[str, Any]]:
        return list(self.iter_events(limit))

    def iter_events(self, limit: int | None = None, chunk: int = 5000) -> Iterator[dict[str, Any]]:
        """Events in a stable order, streamed: an export of millions never holds them all."""
        sql = "SELECT record FROM events ORDER BY published NULLS LAST, article_id, start_char"
        from .clusters.store import has_clusters  # the clustering run's ids, when it ran

        clustered = has_clusters(self.con)
        if clustered:
            sql = (
                "SELECT e.record, c.cluster_id, a.story_id, a.duplicate_of FROM events e LEFT JOIN event_clusters c USING (event_id)"
                " LEFT JOIN cluster_articles a ON a.article_id = e.article_id ORDER BY e.published NULLS LAST, e.article_id, e.start_char"
            )
        if limit:
            sql += f" LIMIT {int(limit)}"
        cur = self.con.cursor()
        try:
            cur.execute(sql)
            while rows := cur.fetchmany(chunk):
                for r in rows:
                    d = json.loads(r[0])
                    if clustered:
                        d["cluster_id"], d["story_id"], d["duplicate_of"] = r[1], r[2], r[3]
                    yield d
        finally:
            cur.close()

    # -- export ---------------------------------------------------------------
    def export(self, target: str, out: str | os.PathLike[str] | None, stream: Any = None) -> int:
        """Write events to ``out`` (or ``stream`` when out is None); returns rows written.

        A file is written atomically (``atomic_output``): killed or failed half-way, the
        target keeps its earlier content and no partial file is left under its name.
        """
        if target not in EXPORT_TARGETS:
            raise UsageError("E005", target=target, choices=", ".join(EXPORT_TARGETS))
        if target == "parquet":
            if out is None:
                raise UsageError("E003", path="-", reason="parquet needs an output file (-o FILE)")
            with atomic_output(out, binary=True) as (tmp, _fh), _environment(str(out)):
                self.con.execute(
                    f"COPY (SELECT * EXCLUDE (record) FROM events ORDER BY published NULLS LAST, article_id, start_char) TO '{_sql_path(tmp)}' (FORMAT PARQUET, USE_TMP_FILE false)"
                )
            return int(self.con.execute("SELECT count(*) FROM events").fetchone()[0])
        if out is None:
            return self._write_export(target, stream)
        with atomic_output(out) as (_tmp, fh):
            return self._write_export(target, fh)

    def _write_export(self, target: str, fh: Any) -> int:
        records = self.iter_events()
        if target in ("csv", "geojson"):
            records = self._with_articles(records)
        n = 0
        if target == "jsonl":
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += 1
        elif target == "geojson":
            fh.write('{"type": "FeatureCollection", "features": [')
            first = True
            for r in records:
                n += 1
                feat = to_feature(r)
                if feat is not None:
                    fh.write(("" if first else ",") + "\n" + json.dumps(feat, ensure_ascii=False))
                    first = False
            fh.write("\n]}\n")
        elif target == "csv":
            w = csv.DictWriter(fh, fieldnames=FLAT_FIELDS)
            w.writeheader()
            for r in records:
                w.writerow(flatten(r))
                n += 1
        else:
            n = self._export_acled(records, fh)
        return n

    def _with_articles(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Records with their article's outlet, date, title and url (the export's provenance)."""
        arts = {
            r[0]: {"source": r[1], "published": r[2].isoformat() if r[2] else None, "title": r[3], "url": r[4]}
            for r in self.con.execute("SELECT id, source, published, title, url FROM articles").fetchall()
        }
        for r in records:
            yield {**r, "article": arts.get(r["article_id"])}

    def _export_acled(self, records: Iterable[dict[str, Any]], fh: Any) -> int:
        """ACLED rows: per article, one row per happening, chosen as the eval chooses.

        ACLED codes one event per happening, not one per trigger, so the rows are
        :func:`eventcoder.acled.acled_report` of each article's events (grouped by date and
        place, the primary event of each group by ACLED's rules) — the same
        ``primary_acled`` that ``eventcoder eval acled`` scores. Events arrive ordered by
        article, so one article is held in memory at a time. Returns the rows written.
        """
        from .acled import acled_report

        w = csv.DictWriter(fh, fieldnames=ACLED_FIELDS)
        w.writeheader()
        n = 0
        for aid, events in groupby(records, key=lambda r: r["article_id"]):
            rows = acled_report(events)
            if not rows:
                continue
            found = self.con.execute("SELECT source FROM articles WHERE id = ?", [aid]).fetchone()
            for r in rows:
                w.writerow(to_acled(r, found[0] if found else None))
                n += 1
        return n


def _insert_many(con: Any, table: str, rows: list[list[Any]], key: int) -> None:
    """``INSERT OR IGNORE`` of many rows as one Arrow relation: row-by-row ``executemany`` costs
    tens of milliseconds a row in DuckDB, the bulk insert a fraction of a millisecond
    (benchmarks/throughput.py measures it). Rows repeating a key (its first ``key`` columns)
    are dropped first, as row-by-row ``OR IGNORE`` would; a batch Arrow cannot type (mixed
    values in a column) falls back to ``executemany``."""
    if not rows:
        return
    import pyarrow as pa

    seen: set[tuple[Any, ...]] = set()
    unique = []
    for r in rows:
        k = tuple(r[:key])
        if k not in seen:
            seen.add(k)
            unique.append(r)
    cols = [c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()]  # noqa: S608 - our table names
    try:
        rel = pa.table({f"c{i}": [r[i] for r in unique] for i in range(len(cols))})
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
        con.executemany(f"INSERT OR IGNORE INTO {table} VALUES ({','.join('?' * len(cols))})", unique)  # noqa: S608
        return
    name = f"_eventcoder_{table}_batch"
    con.register(name, rel)
    try:
        con.execute(f"INSERT OR IGNORE INTO {table} SELECT * FROM {name}")  # noqa: S608
    finally:
        con.unregister(name)


@contextmanager
def atomic_output(target: str | os.PathLike[str], binary: bool = False) -> Iterator[tuple[str, Any]]:
    """``(temporary path, open file)`` beside ``target``, renamed onto it only on success.

    The data is fsynced before the rename and the directory after it, so after a crash the
    target is either the old file or the whole new one. The temporary file is hidden
    (``.NAME.PID.partial``) and removed on failure; one left by a killed export is removed by
    the next export to the same target. ``binary`` yields the path with the file closed, for
    writers that open it themselves (DuckDB's ``COPY``).
    """
    path = Path(target)
    where = str(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise EnvironmentFailure("E022", path=where, reason="it is a directory")
    if not parent.is_dir():
        raise EnvironmentFailure("E022", path=where, reason=f"directory {parent} does not exist")
    _remove_stale_partials(parent, path.name)
    with _environment(where):
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=f".{os.getpid()}.partial")
    try:
        with _environment(where):
            try:
                mode = path.stat().st_mode & 0o777
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.fchmod(fd, mode)
            if binary:
                os.close(fd)
                fd = -1
                yield tmp, None
                fd = os.open(tmp, os.O_RDONLY)
                os.fsync(fd)
            else:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                    fd = -1
                    yield tmp, fh
                    fh.flush()
                    os.fsync(fh.fileno())
            os.replace(tmp, path)
            tmp = ""
            _fsync_dir(parent)
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _fsync_dir(d: Path) -> None:
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:  # pragma: no cover - not every system opens directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _remove_stale_partials(parent: Path, name: str) -> None:
    """Remove temporary files of earlier exports to ``name`` whose process is gone."""
    for p in parent.glob(f".{glob.escape(name)}.*.partial"):
        pid = p.name[: -len(".partial")].rsplit(".", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            try:
                p.unlink()
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _command() -> str:
    """What the writing process is, for the lock's message: ``eventcoder run`` and the like."""
    args = [a for a in sys.argv[1:2] if not a.startswith("-")]
    return "eventcoder " + args[0] if args and Path(sys.argv[0]).name in ("eventcoder", "__main__.py") else Path(sys.argv[0] or "python").name


def quarantine_id(q: Quarantine) -> str:
    return content_hash(str(q.origin), q.code)


def _sql_path(p: str | os.PathLike[str]) -> str:
    return str(Path(p)).replace("'", "''")


def _article_row(a: Article, n_events: int, run_id: str, now: datetime) -> list[Any]:
    return [
        a.id,
        a.title,
        a.source,
        json.dumps(a.tags),
        a.published,
        a.url,
        a.language,
        a.text,
        json.dumps(a.captions),
        json.dumps(a.meta.get("caption_spans", [])),
        json.dumps(a.removed),
        json.dumps(a.warnings),
        json.dumps(a.countries),
        a.region,
        str(a.origin),
        json.dumps({k: v for k, v in a.meta.items() if k != "caption_spans"}, default=str),
        n_events,
        run_id,
        now,
    ]


def _event_row(d: dict[str, Any], a: Article, run_id: str) -> list[Any]:
    sa, ta, loc, acled = d["source_actor"] or {}, d["target_actor"] or {}, d["location"] or {}, d["acled"] or {}
    return [
        d["event_id"],
        d["article_id"],
        d["type"],
        d["mode"],
        acled.get("event_type"),
        acled.get("sub_event_type"),
        sa.get("name"),
        sa.get("country"),
        sa.get("sector"),
        ta.get("name"),
        ta.get("country"),
        ta.get("sector"),
        loc.get("name"),
        loc.get("geonameid"),
        loc.get("country"),
        loc.get("admin1"),
        loc.get("lat"),
        loc.get("lon"),
        d["date"]["value"],
        d["date"]["precision"],
        d["date"]["text"],
        "; ".join(x["name"] or x["text"] for x in d["reported_by"]) or None,
        d["negated"],
        d["hypothetical"],
        d["trigger"]["text"],
        d["sentence"],
        d["start"],
        d["end"],
        d["confidence"],
        a.source,
        a.published,
        json.dumps(d, ensure_ascii=False),
        run_id,
        d.get("historical"),  # schema v2: the last column (see _SCHEMA_V2)
    ]


FLAT_FIELDS = [
    "event_id", "article_id", "type", "mode", "acled_event_type", "acled_sub_event_type",
    "source_text", "source_name", "source_country", "source_sector",
    "target_text", "target_name", "target_country", "target_sector",
    "location_text", "location_name", "geonameid", "lat", "lon", "country", "admin1", "location_basis",
    "location_precision", "date", "date_precision", "date_text", "reported_by", "negated", "hypothetical",
    "historical", "trigger", "sentence", "start", "end", "confidence",
    "outlet", "published", "title", "url", "story_id", "cluster_id", "duplicate_of",
]  # fmt: skip


def flatten(r: dict[str, Any]) -> dict[str, Any]:
    sa, ta, loc, acled = r["source_actor"] or {}, r["target_actor"] or {}, r["location"] or {}, r["acled"] or {}
    return {
        "event_id": r["event_id"],
        "article_id": r["article_id"],
        "type": r["type"],
        "mode": r["mode"],
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "source_text": sa.get("text"),
        "source_name": sa.get("name"),
        "source_country": sa.get("country"),
        "source_sector": sa.get("sector"),
        "target_text": ta.get("text"),
        "target_name": ta.get("name"),
        "target_country": ta.get("country"),
        "target_sector": ta.get("sector"),
        "location_text": loc.get("text"),
        "location_name": loc.get("name"),
        "geonameid": loc.get("geonameid"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "location_basis": loc.get("basis"),
        "location_precision": loc.get("precision"),
        "date": r["date"]["value"],
        "date_precision": r["date"]["precision"],
        "date_text": r["date"]["text"],
        "reported_by": "; ".join(x["name"] or x["text"] for x in r["reported_by"]),
        "negated": r["negated"],
        "hypothetical": r["hypothetical"],
        # background, not current news; None in a record coded before the flag existed
        "historical": r.get("historical"),
        "trigger": r["trigger"]["text"],
        "sentence": r["sentence"],
        "start": r["start"],
        "end": r["end"],
        "confidence": r["confidence"],
        # provenance: who reported it (the record's "article", when the reader joined it)
        "outlet": (r.get("article") or {}).get("source"),
        "published": (r.get("article") or {}).get("published"),
        "title": (r.get("article") or {}).get("title"),
        "url": (r.get("article") or {}).get("url"),
        "story_id": r.get("story_id"),
        "cluster_id": r.get("cluster_id"),
        "duplicate_of": r.get("duplicate_of"),
    }


def to_feature(r: dict[str, Any]) -> dict[str, Any] | None:
    """One event as a GeoJSON point feature (None when it has no coordinates)."""
    loc = r.get("location") or {}
    if loc.get("lat") is None or loc.get("lon") is None:
        return None
    props = flatten(r)
    props.pop("lat")
    props.pop("lon")
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}, "properties": props}



ACLED_FIELDS = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "iso3",
]  # fmt: skip
_PRECISION_ACLED = {"day": 1, "week": 2, "month": 3, "year": 3}
#: ACLED geo_precision (1 town, 2 part of a region / near a town, 3 larger region) of a
#: location's precision (eventcoder.geo.precision)
_GEO_PRECISION_ACLED = {"point": 1, "admin2": 2, "admin1": 3, "country": 3}


def acled_geo_precision(loc: dict[str, Any]) -> int | None:
    """ACLED's ``geo_precision`` of a location: its precision's code; a place that is only
    the article's main place (basis ``article``) is at best "near" it (2). A record written
    before locations had a precision falls back to its basis (stated 1, article 2); a
    precision of None is a place without coordinates."""
    if not loc:
        return None
    if "precision" in loc:
        code = _GEO_PRECISION_ACLED.get(loc["precision"] or "")
    else:
        code = 1 if loc.get("basis") in ("trigger", "sentence", "article") else None
    if code is not None and loc.get("basis") == "article":
        code = max(code, 2)
    return code


def to_acled(r: dict[str, Any], source: str | None) -> dict[str, Any]:
    """One event in ACLED's column layout (the subset eventcoder can fill honestly)."""
    loc = r.get("location") or {}
    sa, ta = r["source_actor"] or {}, r["target_actor"] or {}
    date = r["date"]["value"]
    return {
        "event_id_cnty": r["event_id"],
        "event_date": date,
        "year": date[:4] if date else None,
        "time_precision": _PRECISION_ACLED.get(r["date"]["precision"] or ""),
        "event_type": r["acled"]["event_type"],
        "sub_event_type": r["acled"]["sub_event_type"],
        "actor1": sa.get("name") or sa.get("text"),
        "actor2": ta.get("name") or ta.get("text"),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "location": loc.get("name"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": acled_geo_precision(loc),
        "source": source,
        "notes": r["sentence"],
        "iso3": loc.get("country"),
    }
