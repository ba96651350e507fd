"""Every CSV and workbook the workbench writes goes through here, so that no cell a spreadsheet would run
(a formula such as `=HYPERLINK(...)` copied from an imported name, phone or file name) ever leaves as one.

CSVs are formatted column by column with Arrow's compute functions and written chunk by chunk (a national campaign's
file can hold over ten million rows): the bytes are those pandas' `to_csv(index=False)` writes (same quoting, `1.0` for
a whole float, `True`/`False`, ISO dates), so the contracts do not move. Large workbooks are written by
`workbench.excel.write_workbook` (xlsxwriter, constant memory)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# What Excel and LibreOffice read as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CHUNK_ROWS = 500_000  # rows formatted at once: bounds the memory of a 13.8 M-row file to a few hundred MB


def _text_columns(frame: pd.DataFrame) -> list:
    return list(frame.columns[(frame.dtypes == np.dtype(object)).to_numpy()
                              | frame.dtypes.map(pd.api.types.is_string_dtype)])


def _formula_like(values: pd.Series) -> pd.Series:
    """True where a cell is text starting like a formula (numbers, negative ones included, are not text)."""
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        # Each cell's first character looked up in Arrow (FORMULA_STARTS are single characters): a national file's
        # 28 million cells checked one by one in Python took seconds.
        first = pc.utf8_slice_codeunits(pa.array(values, pa.string(), from_pandas=True), 0, 1)
        found = pc.fill_null(pc.is_in(first, value_set=pa.array(FORMULA_STARTS)), False)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)
    return values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS)).astype(bool)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell starting like a formula is written as text (a leading apostrophe); numbers,
    negative ones included, are left as they are. Only the columns changed are new: the others are shared with
    `frame` (a national file's 14 million rows are not copied to be written)."""
    out = frame.copy(deep=False)
    for column in _text_columns(out):
        values = out[column]
        text = _formula_like(values)
        if text.any():
            out[column] = values.where(~text, "'" + values.astype(str))
    if any(isinstance(c, str) and c.startswith(FORMULA_STARTS) for c in out.columns):
        out.columns = [f"'{c}" if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c for c in out.columns]
    return out


# --- CSV through Arrow ---------------------------------------------------------------------------------------------

def _quoted(text: pa.Array) -> pa.Array:
    """Python's csv QUOTE_MINIMAL (what pandas writes): a field holding a comma, a quote or a newline is quoted."""
    needs = pc.or_(pc.or_(pc.match_substring(text, ","), pc.match_substring(text, '"')),
                   pc.match_substring(text, "\n"))
    if not pc.any(needs).as_py():
        return text
    escaped = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.if_else(needs, escaped, text)


def _floats(values: np.ndarray) -> pa.Array:
    """Floats as Python's repr writes them (pandas does): 140.0, 12.5, 1e-05; missing as empty."""
    finite = np.isfinite(values)
    whole = finite & (np.abs(values) < 1e16) & (values == np.round(values))
    out = pc.binary_join_element_wise(pc.cast(pa.array(np.where(whole, values, 0).astype(np.int64)), pa.string()),
                                      ".0", "")
    # Negative zero is whole: '-0.0' as repr writes it.
    negative_zero = whole & (values == 0) & np.signbit(values)
    if negative_zero.any():
        out = pc.if_else(pa.array(negative_zero), "-0.0", out)
    # Between 1e-4 and 1e16 Arrow's shortest round-trip digits are repr's when it writes them without an exponent;
    # the others are written by repr itself (rare values: never an amount or a score).
    plain = finite & ~whole & (np.abs(values) >= 1e-4) & (np.abs(values) < 1e16)
    if plain.any():
        digits = pc.cast(pa.array(np.where(plain, values, 0.5)), pa.string())
        plain &= ~pc.match_substring(digits, "e").to_numpy(zero_copy_only=False)
        out = pc.if_else(pa.array(plain), digits, out)
    other = ~finite | (finite & ~whole & ~plain)
    if other.any():
        texts = np.full(len(values), None, dtype=object)
        shown = other & ~np.isnan(values)
        texts[shown] = [repr(float(v)) for v in values[shown]]
        out = pc.if_else(pa.array(other), pa.array(texts, pa.string()), out)
    return out


def _csv_column(values: pd.Series, categories: pa.Array | None = None) -> pa.Array | None:
    """One column's CSV fields as an Arrow string array (missing values null), or None when pandas' own formatting
    is kept for it (a date-time with a time of day, a time delta: never in the workbench's files). A categorical
    column's fields are its `categories` (formatted once, `_category_fields`) taken by code."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        if categories is not None:
            codes = values.cat.codes.to_numpy()
            return pc.take(categories, pa.array(codes, mask=codes < 0))
        values = values.astype(object)
        dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return pc.if_else(pa.array(values.to_numpy(dtype=object) if values.hasnans else values.to_numpy(),
                                   pa.bool_(), from_pandas=True), "True", "False")
    if pd.api.types.is_integer_dtype(dtype):
        return pc.cast(pa.array(values, from_pandas=True), pa.string())
    if pd.api.types.is_float_dtype(dtype):
        return _floats(values.to_numpy(dtype=float, na_value=np.nan))
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            return None
        stamps = values.dropna()
        if not (stamps == stamps.dt.normalize()).all():
            return None
        return pc.strftime(pa.array(values, from_pandas=True), "%Y-%m-%d")
    if pd.api.types.is_string_dtype(dtype) and dtype != np.dtype(object):
        return _quoted(pa.array(values, pa.string(), from_pandas=True))
    if dtype == np.dtype(object):
        present = values.notna()
        if pd.api.types.infer_dtype(values, skipna=True) == "string":  # every value present is text
            return _quoted(pa.array(values.where(present, None), pa.string(), from_pandas=True))
        text = values.map(str).where(present, None)  # dates, decimals: as str() writes them, as pandas does
        return _quoted(pa.array(text, pa.string(), from_pandas=True))
    return None


def _category_fields(frame: pd.DataFrame) -> dict[object, pa.Array]:
    """Each categorical column's categories as CSV fields, formatted once for the whole file: a national file's
    codes (8 million pupils) are categories of 14 million rows, whose values were made Python strings row by row.
    Not a column of more categories than rows (a province's rows of a country's categories): its rows are."""
    fields = {}
    for name in frame.columns:
        values = frame[name]
        if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype) \
                and len(values.cat.categories) <= len(values):
            formatted = _csv_column(pd.Series(values.cat.categories))
            if formatted is not None:
                fields[name] = formatted
    return fields


def _csv_lines(frame: pd.DataFrame, categories: dict[object, pa.Array] | None = None) -> pa.Array | None:
    """The rows of `frame` as CSV lines ending in '\\n' (one Arrow string array), or None to leave it to pandas."""
    columns = []
    for name in frame.columns:
        column = _csv_column(frame[name], (categories or {}).get(name))
        if column is None:
            return None
        columns.append(pc.fill_null(column, ""))
    if len(columns) == 1:  # Python's csv writes a row of one empty field as ""
        columns = [pc.if_else(pc.equal(columns[0], ""), '""', columns[0])]
    lines = pc.binary_join_element_wise(*columns, ",") if len(columns) > 1 else columns[0]
    return pc.binary_join_element_wise(lines, "", "\n")


def _write_text(lines: pa.Array | pa.ChunkedArray, out: BinaryIO) -> None:
    """The array's bytes as they lie in its data buffers (zero copy)."""
    for chunk in lines.chunks if isinstance(lines, pa.ChunkedArray) else [lines]:
        if not len(chunk):
            continue
        chunk = chunk.cast(pa.large_string()) if chunk.type == pa.string() else chunk
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset: chunk.offset + len(chunk) + 1]
        out.write(memoryview(chunk.buffers()[2])[offsets[0]: offsets[-1]])


def _header(columns: pd.Index) -> bytes:
    names = _quoted(pa.array([str(c) for c in columns], pa.string()))
    line = ",".join(names.to_pylist())
    return ((line if len(columns) != 1 or line else '""') + "\n").encode("utf-8")


def write_csv_stream(frame: pd.DataFrame, out: BinaryIO, *, bom: bool = False) -> None:
    """`frame` (already neutralised) as UTF-8 CSV into a binary stream, CSV_CHUNK_ROWS rows at a time."""
    if bom:
        out.write("\ufeff".encode("utf-8"))
    if len(frame.columns) == 0:
        out.write(frame.to_csv(index=False).encode("utf-8"))
        return
    out.write(_header(frame.columns))
    categories = _category_fields(frame)
    for start in range(0, len(frame), CSV_CHUNK_ROWS):
        chunk = frame.iloc[start: start + CSV_CHUNK_ROWS]
        lines = _csv_lines(chunk, categories)
        if lines is None:  # a column Arrow would write differently: pandas writes this chunk
            out.write(chunk.to_csv(index=False, header=False).encode("utf-8"))
        else:
            _write_text(lines, out)


def write_csv(frame: pd.DataFrame, path: Path, *, encoding: str = "utf-8") -> Path:
    if encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig"):
        neutralise(frame).to_csv(path, index=False, encoding=encoding)
        return Path(path)
    with open(path, "wb") as out:
        write_csv_stream(neutralise(frame), out, bom=encoding.lower().endswith("sig"))
    return Path(path)


def csv_bytes(frame: pd.DataFrame) -> io.BytesIO:
    """A CSV download for an app (UTF-8 with BOM, which Excel needs to read Arabic)."""
    buffer = io.BytesIO()
    write_csv_stream(neutralise(frame), buffer, bom=True)
    buffer.seek(0)
    return buffer


def workbook_bytes(frame: pd.DataFrame, sheet_name: str, *, right_to_left: bool = True) -> io.BytesIO:
    """A one-sheet workbook download for an app, written and laid out like every workbook (workbench.excel)."""
    from workbench.excel import Sheet, write_workbook

    buffer = io.BytesIO()
    write_workbook(buffer, [Sheet(sheet_name, frame)], right_to_left=right_to_left)
    buffer.seek(0)
    return buffer
