"""Fast set-based writes: COPY on PostgreSQL, a staging file or executemany on SQLite, and idempotent upserts.

Callers pass whole frames; nothing here builds ORM objects row by row.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import Connection, Table, inspect
from sqlalchemy.dialects import postgresql, sqlite

CHUNK_ROWS = 200_000
STAGED_ROWS = 500_000  # from here a SQLite write goes through a staging file (workbench.staging): twice as fast
ANALYSIS_LIMIT = 2_000  # rows sampled per index by ANALYZE on SQLite
_DETAIL_ROWS = 1_000
_PLAIN = (pa.types.is_integer, pa.types.is_floating, pa.types.is_string, pa.types.is_large_string, pa.types.is_null)


def _record(connection: Connection, table: Table, keys: Sequence[str], first_rows, count: int) -> None:
    """Inside a guarded write (workbench.access), tell its audit trail what is about to be written."""
    write = connection.info.get("audit")
    if write is not None:
        write.capture(table, keys, first_rows(), total=count)


def record_bulk_write(connection: Connection, table: Table, frame: pd.DataFrame, *, total: int | None = None) -> None:
    """Tell a guarded write's audit trail that the frame's rows (or `total` rows, of which the frame holds the
    first) are about to be appended to `table`."""
    _record(connection, table, [], lambda: _as_python_values(frame.head(_DETAIL_ROWS)),
            len(frame) if total is None else total)


def plain_arrow(frame: pd.DataFrame) -> pa.Table | None:
    """The frame's columns as the bulk paths write them (dates as ISO text, booleans as 0/1, categories as their
    values, missing as null) in Arrow, or None when a column holds anything else."""
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


def _as_plain_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text and booleans as 0/1, which both SQLite and PostgreSQL COPY accept."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series.dt.strftime("%Y-%m-%d").astype(object).where(series.notna(), None)
        elif pd.api.types.is_bool_dtype(series):
            out[column] = series.astype("int8")
        else:
            out[column] = series.astype(object).where(series.notna(), None)
    return out


def insert_frame(connection: Connection, table: Table, frame: pd.DataFrame, *, ordered: bool = False) -> int:
    """Append every row of `frame` (columns named as the table's) to `table`; `ordered`: the caller's rows are
    already in primary-key order (sorting tens of millions of text keys again costs as much as writing them)."""
    if frame.empty:
        return 0
    record_bulk_write(connection, table, frame)
    frame = in_key_order(table, frame, ordered)
    columns = list(frame.columns)
    if connection.dialect.name == "postgresql":
        _copy_postgres(connection, table, frame, columns)
    elif not (len(frame) >= STAGED_ROWS and _copied_through_staging(connection, table, frame)):
        placeholders = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO {table.name} ({", ".join(columns)}) VALUES ({placeholders})'
        for start in range(0, len(frame), CHUNK_ROWS):
            chunk = _as_plain_values(frame.iloc[start : start + CHUNK_ROWS])
            connection.exec_driver_sql(sql, list(chunk.itertuples(index=False, name=None)))
    return len(frame)


def in_key_order(table: Table, frame: pd.DataFrame, ordered: bool = False) -> pd.DataFrame:
    """The rows in the table's primary-key order (unless the caller says they are): they append to the key's B-tree
    instead of touching a random page each."""
    key = [c.name for c in table.primary_key.columns]
    if ordered or not set(key) <= set(frame.columns):
        return frame
    return frame.sort_values(key, kind="stable")


def _copied_through_staging(connection: Connection, table: Table, frame: pd.DataFrame) -> bool:
    from workbench.staging import copy_through_staging  # staging builds on this module

    return copy_through_staging(connection, table, frame)


def _copy_postgres(connection: Connection, table: Table, frame: pd.DataFrame, columns: list[str]) -> None:
    cursor = connection.connection.driver_connection.cursor()
    arrow = plain_arrow(frame)
    if arrow is not None:  # CSV written by Arrow (in C++): a null is an empty field, a text always quoted
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
        options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
        with cursor.copy(statement) as copy:
            for batch in arrow.to_batches(max_chunksize=CHUNK_ROWS):
                buffer = io.BytesIO()
                pa_csv.write_csv(batch, buffer, options)
                copy.write(buffer.getbuffer())
        return
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    with cursor.copy(statement) as copy:
        for start in range(0, len(frame), CHUNK_ROWS):
            buffer = io.StringIO()
            _as_plain_values(frame.iloc[start : start + CHUNK_ROWS]).to_csv(
                buffer, header=False, index=False, na_rep="\\N"
            )
            copy.write(buffer.getvalue())


def upsert_rows(connection: Connection, table: Table, rows: Sequence[dict], keys: Sequence[str], *,
                replace: bool = True) -> int:
    """Insert rows, replacing the non-key columns of rows whose key already exists (or keeping them)."""
    if not rows:
        return 0
    _record(connection, table, keys, lambda: list(rows[:_DETAIL_ROWS]), len(rows))
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), 5_000):
        chunk = list(rows[start : start + 5_000])
        statement = dialect.insert(table).values(chunk)
        updates = {c: statement.excluded[c] for c in chunk[0] if c not in keys} if replace else {}
        statement = (
            statement.on_conflict_do_update(index_elements=list(keys), set_=updates)
            if updates
            else statement.on_conflict_do_nothing(index_elements=list(keys))
        )
        connection.execute(statement)
    return len(rows)


def _as_python_values(frame: pd.DataFrame) -> list[dict]:
    """Rows of native Python values (dates as datetime.date, missing as None) for SQLAlchemy's types."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = pd.Series(series.dt.date, index=series.index, dtype=object).where(series.notna(), None)
        else:
            out[column] = series.astype(object).where(series.notna(), None)
    return out.to_dict("records")


def upsert_frame(connection: Connection, table: Table, frame: pd.DataFrame, keys: Sequence[str]) -> int:
    return upsert_rows(connection, table, _as_python_values(frame), keys)


def analyze(connection: Connection) -> None:
    """Refresh the planner's statistics after a bulk load (both databases plan badly without them).

    On PostgreSQL only the tables of our own schema: a bare ANALYZE walks the whole database, and two of them
    running at once (two workbenches, or two test workers, sharing a server) deadlock on the system catalogues.
    """
    if connection.dialect.name != "postgresql":
        # Statistics from a sample of each index (as SQLite's own PRAGMA optimize takes them): a full ANALYZE reads
        # every page of a national database (10 GB) for estimates the planner does not need that precise.
        connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        connection.exec_driver_sql("ANALYZE")
        _count_few_leading_values(connection)
        return
    for table in inspect(connection).get_table_names():
        connection.exec_driver_sql(f'ANALYZE "{table}"')


def _count_few_leading_values(connection: Connection) -> None:
    """Correct the sampled statistics of indexes whose first column holds only a few values (the school year, a
    month, a period).

    A sample of 2,000 rows cannot tell a value shared by the whole table from one shared by 2,000 rows, so SQLite
    took `year = ?` for a selective search and read a million enrolments through the index, one table look-up each
    (2.2 s instead of 0.3 s for a scan). The values are counted exactly by seeking from one to the next in the
    index (a look-up per value), and the estimate of rows per value is written where ANALYZE keeps it, as SQLite's
    documentation allows; then the planner reloads it."""
    stats = connection.exec_driver_sql(
        "SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IS NOT NULL").all()
    corrected = False
    for table, index, stat in stats:
        figures = stat.split()
        if len(figures) < 2 or int(figures[1]) < ANALYSIS_LIMIT:
            continue
        column = connection.exec_driver_sql(f'PRAGMA index_info("{index}")').first()
        if column is None or column[2] is None:
            continue
        values = _leading_values(connection, table, column[2])
        if values is None:
            continue
        figures[1] = str(max(1, int(figures[0]) // max(values, 1)))
        connection.exec_driver_sql("UPDATE sqlite_stat1 SET stat = ? WHERE tbl = ? AND idx = ?",
                                   (" ".join(figures), table, index))
        corrected = True
    if corrected:
        connection.exec_driver_sql("ANALYZE sqlite_schema")


def _leading_values(connection: Connection, table: str, column: str, most: int = 100) -> int | None:
    """How many distinct values `column` holds (None: more than `most`), each found by one index seek."""
    found, value = 0, connection.exec_driver_sql(f'SELECT min("{column}") FROM "{table}"').scalar()
    while value is not None:
        found += 1
        if found > most:
            return None
        value = connection.exec_driver_sql(f'SELECT min("{column}") FROM "{table}" WHERE "{column}" > ?',
                                           (value,)).scalar()
    return found


def read_frame(connection: Connection, query) -> pd.DataFrame:
    """A large query's rows straight from the driver's cursor (no row objects): several times faster than
    pandas.read_sql for millions of rows. Dates arrive as the driver gives them (ISO text on SQLite). In a campaign
    run, the store's Arrow driver reads them (workbench.analytics)."""
    from workbench import analytics

    if analytics.enabled(connection):
        return analytics.read_frame(connection, query)
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    if connection.dialect.paramstyle == "qmark":
        args = [params[name] for name in compiled.positiontup]
    else:
        args = params
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), args)
        columns = [d[0] for d in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
    finally:
        cursor.close()
