"""The workbooks the workbench writes: streamed with xlsxwriter in constant-memory mode (each row goes to disk as it
is written, so a national list costs the memory of one row), laid out for the people who open them (right to left
for Arabic readers, the header row kept in view, columns wide enough to read), never carrying a live formula, and
never with a sheet past Excel's row limit: a longer table goes on over continuation sheets."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xlsxwriter

from workbench.exports import neutralise
from workbench.processes import helper_pool

EXCEL_MAX_ROWS = 1_048_576  # rows of a sheet, header included
EXCEL_MAX_COLUMNS = 16_384
SHEET_NAME_LENGTH = 31
# What xlsxwriter must never guess from a string: a formula ('=...'), a link, a number.
SAFE_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd"}
# pandas' header cell (what the workbooks had when pandas wrote them).
HEADER_FORMAT = {"bold": True, "border": 1, "align": "center", "valign": "top"}


@dataclass
class Sheet:
    """One table of a workbook: `frame` is written with its column names as the header row (already headed, e.g.
    by report.headed); `title` goes in A1 above it when `header_row` leaves room; `footer` lines (column, text) are
    written a blank row apart below the table (the signatures of a committee's list)."""

    name: str
    frame: pd.DataFrame
    title: str | None = None
    header_row: int = 0
    footer: Sequence[tuple[int, str]] = field(default_factory=tuple)


def sheet_name(name: str) -> str:
    """A name Excel accepts: none of []:*?/\\ and at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", str(name))[:SHEET_NAME_LENGTH] or "Sheet"


def rows_per_sheet(sheet: Sheet, footer_rows: int | None = None) -> int:
    """How many data rows fit on one sheet below the title and header (and above the footer)."""
    footer = (2 * len(sheet.footer) + 2) if footer_rows is None and sheet.footer else (footer_rows or 0)
    return EXCEL_MAX_ROWS - sheet.header_row - 1 - footer


def _parts(sheet: Sheet, taken: set[str], limit: int | None) -> list[tuple[str, pd.DataFrame]]:
    """The sheet, split into continuation sheets ('name (2)', ...) when its rows pass Excel's limit."""
    size = limit or rows_per_sheet(sheet)
    frame = sheet.frame
    chunks = [frame.iloc[start: start + size] for start in range(0, len(frame), size)] or [frame]
    named = []
    for number, chunk in enumerate(chunks, start=1):
        base = sheet_name(sheet.name)
        name = base if number == 1 else f"{base[: SHEET_NAME_LENGTH - 2 - len(str(number)) - 1]} ({number})"
        suffix = 1
        while name.lower() in taken:  # two provinces whose names meet at 31 characters
            suffix += 1
            name = f"{name[: SHEET_NAME_LENGTH - 1 - len(str(suffix))]}~{suffix}"
        taken.add(name.lower())
        named.append((name, chunk))
    return named


def _cells(frame: pd.DataFrame) -> Iterable[tuple]:
    """Rows of Python values xlsxwriter writes as they are: missing values None (an empty cell), numpy numbers as
    Python numbers, timestamps as datetimes (dates in yyyy-mm-dd)."""
    columns = []
    for name in frame.columns:
        values = frame[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            out = values.dt.tz_localize(None) if getattr(values.dtype, "tz", None) else values
            out = np.array(out.dt.to_pydatetime(), dtype=object)
            out[values.isna().to_numpy()] = None
        elif pd.api.types.is_float_dtype(values):
            array = values.to_numpy(dtype=float, na_value=np.nan)
            out = array.astype(object)
            out[~np.isfinite(array)] = None
        else:
            out = values.astype(object).to_numpy(copy=True)
            out[pd.isna(values).to_numpy()] = None
        columns.append(out)
    return zip(*columns) if columns else iter(())


def write_workbook(target, sheets: Sequence[Sheet], *, right_to_left: bool = True, width: int = 20,
                   freeze_header: bool = True, rows_limit: int | None = None) -> list[str]:
    """Write `sheets` to `target` (a path or a binary buffer) and return the sheet names written. A sheet whose rows
    pass Excel's limit goes on in continuation sheets, the header repeated on each (`rows_limit` lowers the limit:
    tests). No cell is a formula: text that starts like one is written with a leading apostrophe (exports)."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    book = xlsxwriter.Workbook(target, {**SAFE_OPTIONS, "in_memory": not isinstance(target, str | bytes)
                                        and not hasattr(target, "__fspath__")})
    header = book.add_format(HEADER_FORMAT)
    taken: set[str] = set()
    written = []
    try:
        for sheet in sheets:
            frame = neutralise(sheet.frame)
            if len(frame.columns) > EXCEL_MAX_COLUMNS:
                raise ValueError(f"sheet {sheet.name!r} has {len(frame.columns)} columns, more than Excel's "
                                 f"{EXCEL_MAX_COLUMNS}")
            for name, chunk in _parts(Sheet(sheet.name, frame, sheet.title, sheet.header_row, sheet.footer), taken,
                                      rows_limit):
                page = book.add_worksheet(name)
                written.append(name)
                if right_to_left:
                    page.right_to_left()
                if len(frame.columns):
                    page.set_column(0, len(frame.columns) - 1, width)
                if freeze_header:
                    page.freeze_panes(sheet.header_row + 1, 0)
                if sheet.title is not None:  # the workbench's own words (write_string: never a formula)
                    page.write_string(0, 0, sheet.title)
                page.write_row(sheet.header_row, 0, [str(c) for c in frame.columns], header)
                row = sheet.header_row
                for row, values in enumerate(_cells(chunk), start=sheet.header_row + 1):
                    page.write_row(row, 0, values)
                for offset, (column, line) in enumerate(sheet.footer):
                    page.write_string(row + 2 + offset * 2, column, line)
    finally:
        book.close()
    return written



# Below this many cells a workbook is written at once: a spawned process takes about a second to start.
ASIDE_CELLS = 200_000


def write_workbooks_aside(jobs: Sequence[tuple[object, Sequence[Sheet], dict]]) -> list[Future]:
    """Write each (target, sheets, options) job as `write_workbook` would, in other processes started at once (one
    per core, each taking the next job), and return their futures: a workbook's sheet names or its error. xlsxwriter
    is pure Python, so in a thread it takes turns with whatever else the run does in Python (the CSVs, the report);
    in processes of their own the workbooks have the other cores. The processes are spawned, not forked (a notebook
    kernel runs threads), and are given the sheets, not the store. Small jobs are written here, at once."""
    cells = sum(len(sheet.frame) * len(sheet.frame.columns) for _, sheets, _ in jobs for sheet in sheets)
    if cells < ASIDE_CELLS:
        return [_done(lambda job=job: write_workbook(job[0], job[1], **job[2])) for job in jobs]
    executor = helper_pool(max(1, min(os.cpu_count() or 1, len(jobs))))
    try:
        return [executor.submit(write_workbook, str(target), list(sheets), **options)
                for target, sheets, options in jobs]
    finally:
        executor.shutdown(wait=False)  # the processes end once the workbooks are written


def write_workbook_aside(target, sheets: Sequence[Sheet], **options) -> Future:
    """One workbook written aside (`write_workbooks_aside`)."""
    return write_workbooks_aside([(target, sheets, options)])[0]


def _done(write) -> Future:
    future: Future = Future()
    try:
        future.set_result(write())
    except Exception as exc:  # noqa: BLE001 - given to whoever asks the future, as from another process
        future.set_exception(exc)
    return future
