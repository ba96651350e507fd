"""The analytics path's reads of a SQLite store, made by ADBC in reader processes beside this one.

ADBC's SQLite driver carries its own copy of SQLite, and two copies of SQLite in one process must never open the
same database (https://www.sqlite.org/howtocorrupt.html, 2.2.1): POSIX locks belong to a process, so each copy
takes the other's connections for its own and believes it is alone. Seen here: the driver's first connection
truncated the WAL index the engine's connections had mapped (a bus error killed a test worker while an app read in
the background); and, tried by hand, a writable one, closing, deleted the WAL file the engine was still
writing to (its rows then unseen, the next connection failing with a disk I/O error). Between processes SQLite's
locks and shared index work as designed, so the driver runs in a small pool of spawned processes, each opening a
read-only connection per query. A table comes back as an Arrow IPC file in shared memory, mapped here without a copy.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from urllib.parse import quote

import pyarrow as pa

from workbench.processes import KeptPool

READERS = 2  # an app reads two tables at once (one per core of a small server); a campaign one at a time
_readers = KeptPool(READERS)


class ReadFailed(Exception):
    """A reader process's error, as text (the driver's own exception classes do not always cross processes)."""


def submit(database: str | Path, sql: str, params: list, busy_timeout_ms: int) -> Future:
    """Start reading the query in a reader process; `collect` gives its rows (`ReadFailed` when the driver refused
    it; `BrokenProcessPool` when a reader died, after which the next read starts new ones). A read may start before
    the run needs it, beside the run's other work: `analytics.Ahead`."""
    return _readers.get().submit(_read_to_file, str(Path(database).resolve()), sql, params, busy_timeout_ms,
                                 _directory())


def collect(future: Future) -> pa.Table:
    """The rows of a read `submit` started, once read (its file is then gone: the table maps it)."""
    try:
        path = future.result()
    except BrokenProcessPool:
        _readers.forget()
        raise
    try:
        return pa.ipc.open_file(pa.memory_map(path)).read_all()  # the mapping lives as long as the table
    finally:
        os.unlink(path)


def discard(future: Future) -> None:
    """Forget a read no one will collect: its file is deleted once written."""
    def delete(done: Future) -> None:
        if not done.cancelled() and done.exception() is None:
            Path(done.result()).unlink(missing_ok=True)

    future.add_done_callback(delete)


def stop() -> None:
    """End the reader processes now (the next read starts new ones): a run that reads nothing more gives their
    memory back while it still works."""
    _readers.forget()


def warm() -> list:
    """Start the reader processes now (about 1.5 s), so that the first read does not wait for them: `workbench
    serve` calls it as the server starts. Returns the futures of their first (empty) tasks."""
    readers = _readers.get()
    return [readers.submit(_ready) for _ in range(READERS)]


def _ready() -> bool:
    import adbc_driver_sqlite.dbapi  # noqa: F401 - what a first read would load

    return True


def _directory() -> str:
    """Shared memory when the machine has it (a table never touches the disk), else the temporary directory."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else tempfile.gettempdir()


def _read_to_file(database: str, sql: str, params: list, busy_timeout_ms: int, directory: str) -> str:
    """In a reader process: run the query on a read-only connection and write its rows to an Arrow IPC file."""
    import adbc_driver_sqlite.dbapi

    try:
        with adbc_driver_sqlite.dbapi.connect(f"file:{quote(database)}?mode=ro", autocommit=True) as reader, \
                reader.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")  # a write being committed is waited for
            cursor.fetchall()
            # Column types are inferred from the first rows: take them all at once, so a column whose first values
            # are NULL (a date left empty) is not given the wrong type.
            cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(1 << 30)})
            cursor.execute(sql, params or None)
            batches = cursor.fetch_record_batch()
            descriptor, path = tempfile.mkstemp(prefix="workbench-read-", suffix=".arrow", dir=directory)
            try:
                with os.fdopen(descriptor, "wb") as sink, pa.ipc.new_file(sink, batches.schema) as writer:
                    for batch in batches:
                        writer.write_batch(batch)
            except BaseException:
                os.unlink(path)
                raise
            return path
    except Exception as exc:  # noqa: BLE001 - sent back as text: see ReadFailed
        raise ReadFailed(f"{type(exc).__name__}: {exc}") from None
