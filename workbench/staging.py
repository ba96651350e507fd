"""Large bulk loads into SQLite through a staging file: the rows go from Arrow into a scratch database by the Arrow
driver (ADBC, in a helper process, beside the caller's work), then into the store by one `INSERT ... SELECT` per table
inside the caller's transaction.

Binding millions of Python values one statement at a time (`executemany`) cost two thirds of a load's time; the
copy inside SQLite keeps only the B-tree work. The transaction, the guard and the audit trail are the caller's as
with `bulk.insert_frame`; on PostgreSQL (COPY is already its bulk path) frames go straight to `insert_frame`.

    with StagedLoad(connection) as stage:      # inside a write transaction
        stage.add(Pupil.__table__, pupils)      # staged in the background
        stage.add(Enrolment.__table__, enrolments)
    # leaving the block copies every staged table into the store, in the order added

A scratch file is attached only once it is complete (a transaction reading a database file would not see later
writes to it), and SQLite cannot detach a database inside a transaction: the store's connections detach their
staging files when they go back to the pool (`detach_staging`), which also deletes them.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
from sqlalchemy import Connection, Table

from workbench.bulk import in_key_order, insert_frame, plain_arrow, record_bulk_write
from workbench.processes import KeptPool

STAGE_PREFIX = "staging_"
MAX_ATTACHED = 9  # SQLite attaches at most 10 databases to a connection; one left for others
LOAD_CACHE_KIB = 2_000_000  # a national load's page cache: 2 GB
LOAD_CACHE_BYTES_PER_ROW = 25  # of cache per row loaded, below that
MAX_QUEUED = 2  # frames converted and waiting for the scratch file: memory stays a few chunks' worth


def new_scratch_path(directory: str | os.PathLike | None = None) -> Path:
    handle, name = tempfile.mkstemp(prefix=STAGE_PREFIX, suffix=".db", dir=directory)
    os.close(handle)
    return Path(name)


class ScratchFile:
    """A staging file written by the Arrow driver, one transaction per frame, its tables created as they come; only
    in helper processes (the staging writer, the demo's absence drawer), never where the store is written."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path is not None else new_scratch_path()
        self._writer = None

    def ingest(self, name: str, arrow: pa.Table) -> None:
        import adbc_driver_sqlite.dbapi

        if self._writer is None:
            self._writer = adbc_driver_sqlite.dbapi.connect(str(self.path), autocommit=True)
            with self._writer.cursor() as cursor:  # scratch data: nothing to recover after a crash
                cursor.execute("PRAGMA journal_mode=OFF")
                cursor.execute("PRAGMA synchronous=OFF")
            self._writer.adbc_connection.set_autocommit(False)
        with self._writer.cursor() as cursor:
            cursor.adbc_ingest(name, arrow, mode="create_append")
        self._writer.adbc_connection.commit()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def discard(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def ingest_into(path: str, name: str, arrow: pa.Table) -> None:
    """Append a frame's rows to table `name` of the scratch file at `path` (in the staging writer process)."""
    scratch = ScratchFile(path=path)
    try:
        scratch.ingest(name, arrow)
    finally:
        scratch.close()


# The helper process that writes this process's scratch files. The Arrow driver carries its own copy of SQLite, and
# two copies of SQLite in one process break each other's locks (see workbench/sqlite_reader.py): it never runs in a
# process that writes the store.
_writer = KeptPool(1)


def _written(future: Future) -> None:
    try:
        future.result()
    except BrokenProcessPool:  # the writer died: the next load starts another
        _writer.forget()
        raise


def copy_staged(connection: Connection, path: Path, tables: Sequence[tuple[str, Sequence[str]]]) -> None:
    """Copy each (table, columns) of a complete staging file into the store, in that order, inside the
    connection's transaction (the file stays attached until the connection goes back to the pool)."""
    alias = f"{STAGE_PREFIX}{uuid.uuid4().hex[:12]}"
    connection.exec_driver_sql(f"ATTACH DATABASE ? AS {alias}", (str(path),))
    for table, columns in tables:
        listed = ", ".join(f'"{c}"' for c in columns)
        connection.exec_driver_sql(f'INSERT INTO main."{table}" ({listed}) SELECT {listed} FROM {alias}."{table}"')


def staging_slots(connection: Connection) -> int:
    """How many more staging files this connection may attach in its transaction."""
    attached = connection.exec_driver_sql("PRAGMA database_list").all()
    return MAX_ATTACHED - sum(name.startswith(STAGE_PREFIX) for _, name, _ in attached)


class StagedLoad:
    """Frames staged in a scratch SQLite file while the caller goes on, copied into the store on leaving."""

    def __init__(self, connection: Connection, directory: str | os.PathLike | None = None) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self._order: list[tuple[Table, list[str]]] = []
        self._pending: list[Future] = []
        if self.sqlite:
            self.path = new_scratch_path(directory)

    def add(self, table: Table, frame: pd.DataFrame, *, ordered: bool = False) -> int:
        """Stage the frame's rows for `table` (columns named as the table's); `ordered`: already in key order."""
        if frame.empty:
            return 0
        if not self.sqlite:
            return insert_frame(self.connection, table, frame, ordered=ordered)
        frame = in_key_order(table, frame, ordered)
        arrow = plain_arrow(frame)
        if arrow is None:  # a column Arrow would store differently: written now, as insert_frame writes it
            return insert_frame(self.connection, table, frame, ordered=True)
        record_bulk_write(self.connection, table, frame)
        self.stage(table, list(frame.columns), arrow)
        return len(frame)

    def stage(self, table: Table, columns: list[str], arrow: pa.Table) -> None:
        """Queue rows already converted (`plain_arrow`) and recorded in the audit trail."""
        staged = next((named for known, named in self._order if known is table), None)
        if staged is None:
            self._order.append((table, columns))
        elif staged != columns:
            raise ValueError(f"{table.name}: staged with columns {staged}, then {columns}")
        self._pending.append(_writer.get().submit(ingest_into, str(self.path), table.name, arrow))
        while len(self._pending) > MAX_QUEUED:  # a caller drawing faster than the file takes rows waits
            _written(self._pending.pop(0))

    def copy(self) -> None:
        """Wait for the staging, then copy every staged table into the store (in the order first added)."""
        if not self.sqlite:
            return
        try:
            while self._pending:
                _written(self._pending.pop(0))
        except BaseException:
            self.discard()
            raise
        if not self._order:
            self.path.unlink(missing_ok=True)
            return
        copy_staged(self.connection, self.path, [(table.name, columns) for table, columns in self._order])

    def discard(self) -> None:
        """Nothing copied: the frames not written yet are dropped, the scratch file deleted."""
        if not self.sqlite:
            return
        for future in self._pending:
            if not future.cancel():
                future.exception()  # being written: wait, then delete the file
        self._pending.clear()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> StagedLoad:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.copy()
        else:
            self.discard()


@contextmanager
def page_cache_for(connection: Connection, rows: int) -> Iterator[None]:
    """A page cache sized for a bulk load of about `rows` rows (at most LOAD_CACHE_KIB), then the usual one again.

    Copies into tables of tens of millions of rows touch their indexes' pages again and again: measured on the
    national demo's absences (55 million rows), 91 s with the usual 200 MB cache and 64 s with 2 GB."""
    if connection.dialect.name != "sqlite":
        yield
        return
    usual = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    kib = min(LOAD_CACHE_KIB, max(-usual if usual < 0 else 0, rows * LOAD_CACHE_BYTES_PER_ROW // 1024))
    connection.exec_driver_sql(f"PRAGMA cache_size=-{kib}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={usual}")


def copy_through_staging(connection: Connection, table: Table, frame: pd.DataFrame) -> bool:
    """`bulk.insert_frame`'s path for a large frame on SQLite (already recorded and in key order): staged and
    copied at once. False (nothing written) when a column does not convert or the connection already holds as many
    staging files as SQLite lets it attach in one transaction."""
    if staging_slots(connection) <= 0:
        return False
    arrow = plain_arrow(frame)
    if arrow is None:
        return False
    with StagedLoad(connection) as stage:
        stage.stage(table, list(frame.columns), arrow)
    return True


def detach_staging(dbapi_connection) -> None:
    """Detach and delete the staging files a connection attached (pool check-in: no transaction is open then)."""
    if dbapi_connection is None:
        return
    attached = dbapi_connection.execute("PRAGMA database_list").fetchall()
    for _, name, path in attached:
        if name.startswith(STAGE_PREFIX):
            dbapi_connection.execute(f"DETACH DATABASE {name}")
            if path:
                Path(path).unlink(missing_ok=True)
