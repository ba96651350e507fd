"""The workbooks the workbench writes: streamed with xlsxwriter in constant-memory mode (each row goes to disk as it
is written, so a national list costs the memory of one row), laid out for the people who open them (right to left
for Arabic readers, the header row kept in view, columns wide enough to read), never carrying a live formula, and
never with a sheet past Excel's row limit: a longer table goes on over continuation sheets."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, Future, wait
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from workbench import xlsx_package
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


@dataclass
class _Page:
    """One sheet of the file as written: a table's rows that fit (a long table has continuation pages), named."""

    name: str
    rows: pd.DataFrame
    title: str | None
    header_row: int
    footer: Sequence[tuple[int, str]]


def _pages(sheets: Sequence[Sheet], rows_limit: int | None = None) -> list[_Page]:
    """The pages of `sheets`: a sheet whose rows pass Excel's limit goes on in continuation pages."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    taken: set[str] = set()
    pages = []
    for sheet in sheets:
        if len(sheet.frame.columns) > EXCEL_MAX_COLUMNS:
            raise ValueError(f"sheet {sheet.name!r} has {len(sheet.frame.columns)} columns, more than Excel's "
                             f"{EXCEL_MAX_COLUMNS}")
        pages += [_Page(name, rows, sheet.title, sheet.header_row, sheet.footer)
                  for name, rows in _parts(sheet, taken, rows_limit)]
    return pages


def _open(target, **options) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(target, {**SAFE_OPTIONS, "in_memory": not isinstance(target, str | bytes)
                                        and not hasattr(target, "__fspath__"), **options})


def _write_pages(book: xlsxwriter.Workbook, pages: Sequence[_Page], *, right_to_left: bool = True, width: int = 20,
                 freeze_header: bool = True) -> list[str]:
    header = book.add_format(HEADER_FORMAT)  # first, in every workbook: the same style number everywhere
    for page in pages:
        frame = neutralise(page.rows)
        sheet = book.add_worksheet(page.name)
        if right_to_left:
            sheet.right_to_left()
        if len(frame.columns):
            sheet.set_column(0, len(frame.columns) - 1, width)
        if freeze_header:
            sheet.freeze_panes(page.header_row + 1, 0)
        if page.title is not None:  # the workbench's own words (write_string: never a formula)
            sheet.write_string(0, 0, page.title)
        sheet.write_row(page.header_row, 0, [str(c) for c in frame.columns], header)
        row = page.header_row
        for row, values in enumerate(_cells(frame), start=page.header_row + 1):
            sheet.write_row(row, 0, values)
        for offset, (column, line) in enumerate(page.footer):
            sheet.write_string(row + 2 + offset * 2, column, line)
    return [page.name for page in pages]


def write_workbook(target, sheets: Sequence[Sheet], *, rows_limit: int | None = None, **layout) -> list[str]:
    """Write `sheets` to `target` (a path or a binary buffer) and return the sheet names written. A sheet whose rows
    pass Excel's limit goes on in continuation sheets, the header repeated on each (`rows_limit` lowers the limit:
    tests). No cell is a formula: text that starts like one is written with a leading apostrophe (exports).
    `layout`: right_to_left (True), width (20) of every column, freeze_header (True)."""
    return _write_book(target, _pages(sheets, rows_limit), layout)


def _write_part(target: str, pages: Sequence[_Page], layout: dict, holds_first: bool) -> list[str]:
    """Some pages of a workbook written as a workbook of their own (`_write_split`). Unless they begin the
    workbook, none of them is left selected: a blank last sheet is, and is never copied. xlsxwriter's temporary
    files go beside the part (it leaves a blank sheet's behind), removed with it."""
    return _write_book(target, pages, layout, unselected=not holds_first, tmpdir=str(Path(target).parent))


# Below this many cells a workbook is written at once: a spawned process takes about a second to start.
ASIDE_CELLS = 200_000
# From this many cells (5-10 s of xlsxwriter) a workbook with cores to spare is shared out between processes.
SPLIT_CELLS = 1_000_000


def _cores() -> int:
    return os.cpu_count() or 1


def write_workbooks_aside(jobs: Sequence[tuple[object, Sequence[Sheet], dict]]) -> list[Future]:
    """Write each (target, sheets, options) job as `write_workbook` would, in other processes started at once (one
    per core, each taking the next job), and return their futures: a workbook's sheet names or its error. xlsxwriter
    is pure Python, so in a thread it takes turns with whatever else the run does in Python (the CSVs, the report);
    in processes of their own the workbooks have the other cores. The processes are spawned, not forked (a notebook
    kernel runs threads), and are given the sheets, not the store. Small jobs are written here, at once.

    A large workbook with more than one core to itself (fewer workbooks than cores) has its sheets shared out:
    each process writes some of them as a workbook of its own, and the parts are put together into the one file
    (`_write_split`). xlsxwriter costs 4-11 us a cell: the national payment list's 8.9 M cells took one core 105 s."""
    cells = [sum(sheet.frame.size for sheet in sheets) for _, sheets, _ in jobs]
    if sum(cells) < ASIDE_CELLS:
        return [_done(lambda job=job: write_workbook(job[0], job[1], **job[2])) for job in jobs]
    shares = _cores() // len(jobs)
    splits = [_split(sheets, options, shares) if count >= SPLIT_CELLS and shares > 1 else None
              for (_, sheets, options), count in zip(jobs, cells)]
    tasks = sum(1 if split is None else len(split[1]) for split in splits)
    executor = helper_pool(max(1, min(_cores(), tasks)))
    try:
        return [executor.submit(write_workbook, str(target), list(sheets), **options) if split is None
                else _write_split(executor, Path(target), *split, _layout(options))
                for (target, sheets, options), split in zip(jobs, splits)]
    finally:
        executor.shutdown(wait=False)  # the processes end once the workbooks are written


def _layout(options: dict) -> dict:
    return {name: value for name, value in options.items() if name != "rows_limit"}


def _split(sheets: Sequence[Sheet], options: dict, shares: int) -> tuple[list[_Page], list[list[int]]] | None:
    """The workbook's pages and their indices in up to `shares` groups of about as many cells (largest first, each
    to the lightest group; each group in the workbook's order). None when it is written whole: a single page; a date
    column (its format would take a style number in some parts only); an error, which the whole job reports."""
    if any(pd.api.types.is_datetime64_any_dtype(dtype) for sheet in sheets for dtype in sheet.frame.dtypes):
        return None
    try:
        pages = _pages(sheets, options.get("rows_limit"))
    except ValueError:
        return None
    if len(pages) < 2:
        return None
    loads = [0] * min(shares, len(pages))
    groups: list[list[int]] = [[] for _ in loads]
    for index in sorted(range(len(pages)), key=lambda index: -pages[index].rows.size):
        lightest = loads.index(min(loads))
        groups[lightest].append(index)
        loads[lightest] += pages[index].rows.size + 1
    return pages, [sorted(group) for group in groups]


def _write_split(executor: Executor, target: Path, pages: list[_Page], groups: list[list[int]],
                 layout: dict) -> Future:
    """`target` written by several processes, a group of pages each, then put together in a thread of this
    process (xlsx_package; zlib compresses outside Python's lock). Should a part number its formats otherwise than
    the whole workbook does (a column of dates held as Python objects), the workbook is written whole instead."""
    folder = Path(tempfile.mkdtemp(prefix=".parts-", dir=target.parent))
    paths = [folder / f"part{number}.xlsx" for number in range(len(groups))]
    parts = [executor.submit(_write_part, str(path), [pages[index] for index in group], layout, group[0] == 0)
             for path, group in zip(paths, groups)]
    result: Future = Future()

    def put_together() -> None:
        outcome: list[str] | BaseException
        try:
            wait(parts)
            for part in parts:
                part.result()
            skeleton = folder / "skeleton.xlsx"
            _write_book(str(skeleton), [replace(page, rows=page.rows.iloc[:0]) for page in pages], layout)
            if xlsx_package.same_styles(skeleton, paths):
                xlsx_package.assemble(skeleton, list(zip(paths, groups)), target)
            else:
                _write_book(str(target), pages, layout)
            outcome = [page.name for page in pages]
        except BaseException as exc:  # noqa: BLE001 - given to whoever asks the future
            target.unlink(missing_ok=True)
            outcome = exc
        shutil.rmtree(folder, ignore_errors=True)  # before the future says it is done: nothing is left then
        if isinstance(outcome, BaseException):
            result.set_exception(outcome)
        else:
            result.set_result(outcome)

    threading.Thread(target=put_together, name=f"workbook {target.name}").start()
    return result


def _write_book(target, pages: Sequence[_Page], layout: dict, *, unselected: bool = False, **options) -> list[str]:
    """Open, write and close a workbook of `pages`; `unselected`: a blank last sheet is selected, not the first."""
    book = _open(target, **options)
    try:
        names = _write_pages(book, pages, **layout)
        if unselected:
            book.add_worksheet(next(f"~{n}" for n in range(len(names) + 1) if f"~{n}" not in names)).activate()
        return names
    finally:
        book.close()


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
