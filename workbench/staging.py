"""Large bulk loads into SQLite through a staging file: the rows go from Arrow into a scratch database by the Arrow
driver (ADBC, in C, beside the caller's work), then into the store by one `INSERT ... SELECT` per table inside the
caller's transaction.

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
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
from sqlalchemy import Connection, Table

from workbench.bulk import insert_frame, record_bulk_write

STAGE_PREFIX = "staging_"
MAX_ATTACHED = 8  # SQLite's default limit is 10 attached databases per connection; two left for others
MAX_QUEUED = 2  # frames converted and waiting for the scratch file: memory stays a few chunks' worth
_PLAIN = (pa.types.is_integer, pa.types.is_floating, pa.types.is_string, pa.types.is_large_string, pa.types.is_null)


def as_sqlite_arrow(frame: pd.DataFrame) -> pa.Table | None:
    """The frame's columns as SQLite would store them from `bulk.insert_frame` (dates as ISO text, booleans as
    0/1, categories as their values, missing as NULL), or None when a column holds anything else."""
    arrays = {}
    for name in frame.columns:
        series = frame[name]
        if isinstance(series.dtype, pd.DatetimeTZDtype):
            return None
        if pd.api.types.is_datetime64_any_dtype(series):  # the day, as insert_frame keeps it
            arrays[name] = pa.Array.from_pandas(series).cast(pa.date32(), safe=False).cast(pa.string())
            continue
        if pd.api.types.is_bool_dtype(series):
            series = series.astype("int8")
        try:
            array = pa.Array.from_pandas(series)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # values of several kinds in one column
            return None
        if pa.types.is_dictionary(array.type):
            array = array.dictionary_decode()
        if pa.types.is_date32(array.type):
            array = array.cast(pa.string())
        elif pa.types.is_boolean(array.type):
            array = array.cast(pa.int8())
        if not any(test(array.type) for test in _PLAIN):
            return None
        arrays[name] = array
    return pa.table(arrays)


class StagedLoad:
    """Frames staged in a scratch SQLite file while the caller goes on, copied into the store on leaving."""

    def __init__(self, connection: Connection, directory: str | os.PathLike | None = None) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self._order: list[tuple[Table, list[str]]] = []
        self._pending: list[Future] = []
        if self.sqlite:
            handle, name = tempfile.mkstemp(prefix=STAGE_PREFIX, suffix=".db", dir=directory)
            os.close(handle)
            self.path = Path(name)
            self._pool = ThreadPoolExecutor(max_workers=1)  # one writer: the scratch file's rows keep their order
            self._scratch = None

    def add(self, table: Table, frame: pd.DataFrame, *, ordered: bool = False) -> int:
        """Stage the frame's rows for `table` (columns named as the table's); `ordered`: already in key order."""
        if frame.empty:
            return 0
        if not self.sqlite:
            return insert_frame(self.connection, table, frame, ordered=ordered)
        key = [c.name for c in table.primary_key.columns]
        if not ordered and set(key) <= set(frame.columns):
            frame = frame.sort_values(key, kind="stable")
        arrow = as_sqlite_arrow(frame)
        if arrow is None:  # a column Arrow would store differently: written now, as insert_frame writes it
            return insert_frame(self.connection, table, frame, ordered=True)
        record_bulk_write(self.connection, table, frame)
        self.stage(table, list(frame.columns), arrow)
        return len(frame)

    def stage(self, table: Table, columns: list[str], arrow: pa.Table) -> None:
        """Queue rows already converted (`as_sqlite_arrow`) and recorded in the audit trail."""
        staged = next((named for known, named in self._order if known is table), None)
        if staged is None:
            self._order.append((table, columns))
        elif staged != columns:
            raise ValueError(f"{table.name}: staged with columns {staged}, then {columns}")
        self._pending.append(self._pool.submit(self._ingest, table.name, arrow))
        while len(self._pending) > MAX_QUEUED:  # a caller drawing faster than the file takes rows waits
            self._pending.pop(0).result()

    def _ingest(self, name: str, arrow: pa.Table) -> None:
        import adbc_driver_sqlite.dbapi

        if self._scratch is None:
            self._scratch = adbc_driver_sqlite.dbapi.connect(str(self.path), autocommit=True)
            with self._scratch.cursor() as cursor:  # scratch data: nothing to recover after a crash
                cursor.execute("PRAGMA journal_mode=OFF")
                cursor.execute("PRAGMA synchronous=OFF")
            self._scratch.adbc_connection.set_autocommit(False)  # each frame: one transaction
        with self._scratch.cursor() as cursor:
            cursor.adbc_ingest(name, arrow, mode="create_append")
        self._scratch.adbc_connection.commit()

    def copy(self) -> None:
        """Wait for the staging, then copy every staged table into the store (in the order first added)."""
        if not self.sqlite:
            return
        try:
            while self._pending:
                self._pending.pop(0).result()
        finally:
            self._pool.shutdown()
            if self._scratch is not None:
                self._scratch.close()
        if not self._order:
            self.path.unlink(missing_ok=True)
            return
        alias = f"{STAGE_PREFIX}{uuid.uuid4().hex[:12]}"
        self.connection.exec_driver_sql(f"ATTACH DATABASE ? AS {alias}", (str(self.path),))
        for table, columns in self._order:
            listed = ", ".join(f'"{c}"' for c in columns)
            self.connection.exec_driver_sql(
                f'INSERT INTO main."{table.name}" ({listed}) SELECT {listed} FROM {alias}."{table.name}"')

    def discard(self) -> None:
        if self.sqlite:
            self._pool.shutdown(cancel_futures=True)
            if self._scratch is not None:
                self._scratch.close()
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> StagedLoad:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.copy()
        else:
            self.discard()


def copy_through_staging(connection: Connection, table: Table, frame: pd.DataFrame) -> bool:
    """`bulk.insert_frame`'s path for a large frame on SQLite (already recorded and in key order): staged and
    copied at once. False (nothing written) when a column does not convert or the connection already holds as many
    staging files as SQLite lets it attach in one transaction."""
    attached = connection.exec_driver_sql("PRAGMA database_list").all()
    if sum(name.startswith(STAGE_PREFIX) for _, name, _ in attached) >= MAX_ATTACHED:
        return False
    arrow = as_sqlite_arrow(frame)
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
