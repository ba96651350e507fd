"""The one analytics path: what a campaign reads comes out of the store as Arrow columns, through the database's own
Arrow driver (ADBC: `adbc-driver-sqlite`, `adbc-driver-postgresql`, which reads with PostgreSQL's binary COPY),
instead of one Python tuple per row through SQLAlchemy.

The SQL is the one the campaign's queries already build with SQLAlchemy and runs in the store itself, so the rows
are the same; only their decoding changes, and the frames keep the types the rules were written against (those of
`pandas.read_sql` and of `bulk.read_frame`). A campaign run turns the path on for its connection (`reading`);
the apps and the writes (issuing a period inside its transaction) keep reading through SQLAlchemy, which sees their
own uncommitted rows. `WORKBENCH_READER=sqlalchemy` turns it off everywhere (the reference of `make bench` and of
the tests that check both paths agree).

Why ADBC and not DuckDB's scanners (measured on the region demo, README "Performance"): the scanners run the
campaigns' SQL in DuckDB's dialect (booleans, dates and functions differ from SQLite's) and the PyPI packages of
the `sqlite` and `postgres` extensions pin DuckDB to their own version; ADBC keeps the store's SQL and planner.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Boolean, Connection, Date, DateTime, Numeric
from sqlalchemy.dialects import postgresql

from workbench import config, keys, sqlite_reader
from workbench.catalogue import text
from workbench.db import LOCK_WAIT_SECONDS
from workbench.exceptions import InputError, WorkbenchError

FLAG = "workbench.analytics"
READERS = ("arrow", "sqlalchemy")
OPEN = "workbench.analytics.connection"  # the run's PostgreSQL ADBC connection (its connect reads the type catalogue)


@contextmanager
def reading(connection: Connection) -> Iterator[Connection]:
    """Within this block the campaign's reads on `connection` go through the analytics path."""
    previous = connection.info.get(FLAG)
    reader = config.READER.value()
    if reader not in READERS:
        raise InputError(text("error.unknown_reader", reader=reader, known=" / ".join(READERS)))
    connection.info[FLAG] = reader != "sqlalchemy"
    try:
        yield connection
    finally:
        if previous is None:
            connection.info.pop(FLAG, None)
            opened = connection.info.pop(OPEN, None)
            if opened is not None:
                opened.close()
        else:
            connection.info[FLAG] = previous


def enabled(connection: Connection) -> bool:
    if not connection.info.get(FLAG):
        return False
    url = connection.engine.url
    if url.get_backend_name() == "sqlite":
        return bool(url.database) and url.database != ":memory:"
    return url.get_backend_name() == "postgresql"


def _adbc(connection: Connection):
    """The ADBC connection of this run (opened at its first read, closed at the end of `reading`)."""
    if connection.info.get(OPEN) is None:
        connection.info[OPEN] = _connect(connection)
    return connection.info[OPEN]


def _connect(connection: Connection):
    url = connection.engine.url
    try:
        import adbc_driver_postgresql.dbapi

        uri = url.set(drivername="postgresql").render_as_string(hide_password=False)
        return adbc_driver_postgresql.dbapi.connect(uri, autocommit=True)
    except ImportError as exc:
        raise WorkbenchError(text("error.reader_missing", module=exc.name)) from exc
    except Exception as exc:  # noqa: BLE001 - the driver's own error class; its message may hold the URL
        raise WorkbenchError(text("error.reader_open", kind=type(exc).__name__)) from exc


def _compiled(connection: Connection, query) -> tuple[str, list]:
    """The query's SQL for the store and its parameters in order ($1, $2... on PostgreSQL, ? on SQLite)."""
    dialect = connection.dialect
    if dialect.name == "postgresql":
        dialect = postgresql.dialect(paramstyle="numeric_dollar")
    compiled = query.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    order = compiled.positiontup or []
    return str(compiled), [params[name] for name in order]


def arrow(connection: Connection, query) -> pa.Table:
    """The query's rows as an Arrow table, read by the store's ADBC driver."""
    if connection.dialect.name == "sqlite":  # in reader processes: see workbench.sqlite_reader
        return _collected(_submitted(connection, query))
    sql, params = _compiled(connection, query)
    with _adbc(connection).cursor() as cursor:
        cursor.execute(sql, params or None)
        return _plain(cursor.fetch_arrow_table())


def _submitted(connection: Connection, query) -> Future:
    """The query's read on SQLite, started in a reader process (`_collected` gives its rows)."""
    sql, params = _compiled(connection, query)
    with _reader_errors():
        return sqlite_reader.submit(connection.engine.url.database, sql, params, LOCK_WAIT_SECONDS * 1000)


def _collected(read: Future) -> pa.Table:
    with _reader_errors():
        return _plain(sqlite_reader.collect(read))


@contextmanager
def _reader_errors() -> Iterator[None]:
    """A reader process's failure in words: the database locked, the driver missing, or the kind of error."""
    try:
        yield
    except (sqlite_reader.ReadFailed, BrokenProcessPool) as exc:
        said = str(exc).lower()
        if "database is locked" in said:
            raise WorkbenchError(text("error.db_locked", seconds=LOCK_WAIT_SECONDS)) from exc
        if "no module named" in said:
            raise WorkbenchError(text("error.reader_missing", module="adbc-driver-sqlite")) from exc
        raise WorkbenchError(text("error.reader_failed", kind=str(exc).split(":")[0] or type(exc).__name__)) \
            from exc


class Ahead:
    """A read started before the run needs it, so that the store reads it beside the run's other work: on SQLite
    a reader process reads it while this one computes (`frame()` then waits for what is left); elsewhere, or when
    the run reads through SQLAlchemy, it is read when `frame()` asks, on the run's one connection. Its frame is
    `read_sql`'s. A read never asked for is discarded (its file deleted) when this object goes."""

    def __init__(self, connection: Connection, query) -> None:
        self._query, self._connection = query, connection
        self._read: Future | None = None
        if enabled(connection) and connection.dialect.name == "sqlite":
            self._read = _submitted(connection, query)
            self._forget = weakref.finalize(self, sqlite_reader.discard, self._read)

    def frame(self) -> pd.DataFrame:
        if self._read is None:
            return read_sql(self._query, self._connection)
        self._forget.detach()
        read, self._read = self._read, None
        return _typed(self._query, _frame(_collected(read)))


def _plain(table: pa.Table) -> pa.Table:
    """PostgreSQL's numeric (a sum, EXTRACT) arrives as an opaque text column: read as a float, which is what
    pandas.read_sql makes of a decimal; its integers and reals of 4 bytes as 8, as Python's numbers became."""
    for index, column in enumerate(table.columns):
        if pa.types.is_integer(column.type) and column.type.bit_width < 64:
            table = table.set_column(index, table.field(index).name, column.cast(pa.int64()))
        elif pa.types.is_floating(column.type) and column.type.bit_width < 64:
            table = table.set_column(index, table.field(index).name, column.cast(pa.float64()))
        if isinstance(column.type, pa.ExtensionType) or column.type.__class__.__name__ == "OpaqueType":
            storage = pa.chunked_array([chunk.storage for chunk in column.chunks], column.type.storage_type)
            numeric = getattr(column.type, "type_name", "") == "numeric"
            table = table.set_column(index, table.field(index).name,
                                     storage.cast(pa.float64()) if numeric else storage)
    return table


def _frame(table: pa.Table) -> pd.DataFrame:
    """Arrow to pandas as the row-by-row path builds its frames: no rows, every column of Python objects; a column
    with no value, Python None."""
    if table.num_rows == 0:
        return pd.DataFrame(columns=table.column_names)
    empty = [name for name, column in zip(table.column_names, table.columns, strict=True)
             if column.null_count == len(column)]
    frame = table.to_pandas(date_as_object=True, split_blocks=True, self_destruct=True)
    for name in empty:
        frame[name] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame


def read_arrow(connection: Connection, query) -> pa.Table:
    """The query's rows as an Arrow table, through the analytics path when the run turned it on, else from
    SQLAlchemy's rows (dates then arrive as dates, through the driver as the store keeps them: ISO text on SQLite)."""
    if enabled(connection):
        return arrow(connection, query)
    return pa.Table.from_pandas(pd.read_sql(query, connection), preserve_index=False)


def read_arrows(connection: Connection, queries: list) -> list[pa.Table]:
    """Several queries' rows as Arrow tables. On SQLite the reader processes run them at once (each query's work in
    the store is its own process's); elsewhere one after the other, on the run's one connection."""
    if enabled(connection) and connection.dialect.name == "sqlite" and len(queries) > 1:
        with ThreadPoolExecutor(sqlite_reader.READERS, thread_name_prefix="analytics-read") as readers:
            return list(readers.map(lambda query: read_arrow(connection, query), queries))
    return [read_arrow(connection, query) for query in queries]


def attach(left: pa.Table, right: pa.Table, key: str, *, inner: bool = True) -> pa.Table:
    """`left`'s rows with `right`'s other columns, matched on `key` (unique in `right`): an inner join (or a left
    join), in `left`'s order. Hashing `right`'s keys once (as integers when they allow it: `keys`) and taking its
    rows is several times faster than Arrow's general hash join for a million text keys."""
    position = keys.positions(left[key], right[key])
    if inner:
        found = pc.is_valid(position)
        left, position = left.filter(found), position.filter(found)
    extra = right.drop_columns([key]).take(position)
    for name, column in zip(extra.column_names, extra.columns, strict=True):
        left = left.append_column(name, column)
    return left


def encoded(table: pa.Table, columns) -> pa.Table:
    """The columns dictionary-encoded (pandas makes them categories: each value once, each row a number), their
    dictionaries in sorted order, as `astype("category")` orders them (sorting a region's 180,000 CINs afterwards in
    pandas took 0.4 s)."""
    for name in columns:
        index = table.schema.get_field_index(name)
        column = pc.dictionary_encode(table.column(index).combine_chunks())
        order = pc.array_sort_indices(column.dictionary)
        rank = np.empty(len(order), dtype=np.int32)
        rank[order.to_numpy()] = np.arange(len(order), dtype=np.int32)
        table = table.set_column(index, name, pa.DictionaryArray.from_arrays(
            pc.take(pa.array(rank), column.indices), column.dictionary.take(order)))
    return table


def arrow_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table (as `read_arrow` gives it) as `read_frame`'s frame."""
    return _frame(_plain(table))


def read_frame(connection: Connection, query) -> pd.DataFrame:
    """`bulk.read_frame`'s frame (values as the driver gives them: ISO text dates on SQLite)."""
    return _frame(arrow(connection, query))


def read_sql(query, connection: Connection) -> pd.DataFrame:
    """`pandas.read_sql(query, connection)`'s frame: dates as datetime.date, date-times as timestamps, booleans as
    booleans, decimals as floats; through the analytics path when the run turned it on."""
    if not enabled(connection):
        return pd.read_sql(query, connection)
    return _typed(query, _frame(arrow(connection, query)))


def _typed(query, frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of a frame read from Arrow given the types `pandas.read_sql` gives the query's columns."""
    if frame.empty:
        return frame
    for column, selected in zip(frame.columns, query.selected_columns, strict=True):
        kind = selected.type
        values = frame[column]
        if isinstance(kind, DateTime):
            frame[column] = pd.to_datetime(values)
        elif isinstance(kind, Date):
            if not values.empty and not isinstance(values.dropna().iloc[0] if values.notna().any() else None, str):
                continue
            dates = pd.to_datetime(values).dt.date.astype(object)
            frame[column] = dates.where(values.notna(), None)
        elif isinstance(kind, Boolean) and not pd.api.types.is_bool_dtype(values):
            frame[column] = values.astype(bool) if values.notna().all() else values.map(
                lambda v: None if pd.isna(v) else bool(v))
        elif isinstance(kind, Numeric) and not pd.api.types.is_float_dtype(values) and kind.asdecimal:
            frame[column] = values.astype(float)
    return frame
