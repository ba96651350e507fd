"""Every CSV and workbook the workbench writes goes through here, so that no cell a spreadsheet would run
(a formula such as `=HYPERLINK(...)` copied from an imported name, phone or file name) ever leaves as one."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

# What Excel and LibreOffice read as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell starting like a formula is written as text (a leading apostrophe); numbers,
    negative ones included, are left as they are."""
    out = frame.copy()
    for column in out.columns[(out.dtypes == object).to_numpy() | out.dtypes.map(pd.api.types.is_string_dtype)]:
        values = out[column]
        text = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
        if text.any():
            out[column] = values.where(~text, "'" + values.astype(str))
    if any(isinstance(c, str) and c.startswith(FORMULA_STARTS) for c in out.columns):
        out.columns = [f"'{c}" if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: Path, *, encoding: str = "utf-8") -> Path:
    neutralise(frame).to_csv(path, index=False, encoding=encoding)
    return Path(path)


def csv_bytes(frame: pd.DataFrame) -> io.BytesIO:
    """A CSV download for an app (UTF-8 with BOM, which Excel needs to read Arabic)."""
    return io.BytesIO(neutralise(frame).to_csv(index=False).encode("utf-8-sig"))


def to_sheet(frame: pd.DataFrame, writer: pd.ExcelWriter, sheet_name: str, **options: object) -> None:
    neutralise(frame).to_excel(writer, sheet_name=sheet_name, index=False, **options)


def workbook_bytes(frame: pd.DataFrame, sheet_name: str, *, right_to_left: bool = True) -> io.BytesIO:
    """A one-sheet workbook download for an app, laid out like every workbook (workbench.excel)."""
    from workbench.excel import lay_out

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        to_sheet(frame, writer, sheet_name[:31])
        lay_out(writer.book, right_to_left=right_to_left)
    buffer.seek(0)
    return buffer
