"""Read operators' files (CSV, .xlsx, legacy .xls) into raw text grids, one per sheet.

Every cell is kept as text so that codes keep their leading zeros and validation,
not the reader, decides what a value means.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from workbench.exceptions import ImportRejected, Problem

# Bounds checked before a file is parsed: an operator's file is never near them, a hostile one is stopped early.
MAX_FILE_BYTES = 100 * 1024 * 1024  # as uploaded
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # a workbook's parts once unzipped (a zip bomb is tiny, then huge)
MAX_ROWS = 2_000_000
MAX_COLUMNS = 300
MAX_CELL_CHARS = 10_000
MiB = 1024 * 1024


@dataclass
class Sheet:
    name: str | None
    cells: pd.DataFrame  # no header: row i of the frame is spreadsheet row i + 1


def _said(key: str, **values: object):
    from workbench.catalogue import text

    return text(key, **values)


def read_sheets(path: Path) -> list[Sheet]:
    """The file's sheets as text grids; a missing, empty or unreadable file is rejected clearly."""
    name = path.name
    if not path.exists():
        raise ImportRejected([Problem(name, _said("problem.no_file"))])
    size = path.stat().st_size
    if size == 0:
        raise ImportRejected([Problem(name, _said("problem.empty_file"))])
    if size > MAX_FILE_BYTES:
        raise ImportRejected([Problem(name, _said("problem.file_too_big", size=f"{size / MiB:,.0f}",
                                                        most=MAX_FILE_BYTES // MiB))])
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            sheets = [Sheet(None, _read_csv(path))]
        elif suffix in (".xlsx", ".xlsm"):
            sheets = _read_xlsx(path)
        elif suffix == ".xls":
            sheets = _read_excel(path, "xlrd")
        else:
            raise ImportRejected([Problem(name, _said("problem.not_accepted", suffix=suffix or "—"))])
    except ImportRejected:
        raise
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportRejected([Problem(name, _said("problem.not_utf8", error=exc.__class__.__name__))]) from exc
    except (zipfile.BadZipFile, ValueError, OSError, KeyError) as exc:
        raise ImportRejected([Problem(name, _said("problem.damaged", suffix=suffix, error=exc))]) \
            from exc
    except Exception as exc:  # xlrd raises its own XLRDError for corrupt legacy files
        raise ImportRejected([Problem(name, _said("problem.unreadable", suffix=suffix, error=exc))]) from exc
    sheets = [s for s in sheets if not s.cells.dropna(how="all").empty]
    if not sheets:
        raise ImportRejected([Problem(name, _said("problem.no_data"))])
    problems = [problem for sheet in sheets for problem in _bounds(sheet, name)]
    if problems:
        raise ImportRejected(problems)
    return sheets


def _bounds(sheet: Sheet, file: str) -> list[Problem]:
    """Too many rows or columns, or a cell too long to be a value an operator typed."""
    rows, columns = sheet.cells.shape
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        return [Problem(file, _said("problem.sheet_too_big", rows=f"{rows:,}", columns=f"{columns:,}",
                                     most_rows=f"{MAX_ROWS:,}", most_columns=MAX_COLUMNS), sheet=sheet.name)]
    problems = []
    for position, values in sheet.cells.items():
        lengths = values.dropna().astype(str).str.len()
        for index in lengths[lengths > MAX_CELL_CHARS].index[:20]:
            problems.append(Problem(file, _said("problem.cell_too_long", length=f"{lengths[index]:,}",
                                                        most=f"{MAX_CELL_CHARS:,}"),
                                    row=int(index) + 1, column=_letter(int(position)), sheet=sheet.name,
                                    value=str(values[index])))
    return problems


def _letter(position: int) -> str:
    """A spreadsheet's column letter: 0 -> A, 27 -> AB."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _read_csv(path: Path) -> pd.DataFrame:
    text = path.read_bytes().decode("utf-8-sig")
    if not text.strip():
        return pd.DataFrame()
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
                            skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        raise ImportRejected([_csv_problem(path.name, text, delimiter, exc)]) from exc
    return frame.replace("", None)


def _csv_problem(file: str, text: str, delimiter: str, error: Exception) -> Problem:
    """Where a CSV stops being readable, on the line a spreadsheet shows: a quote opened and never closed is
    reported on the line that opens it; a line with more fields than the header, on that line."""
    lines = text.splitlines()
    open_quote = False
    for number, line in enumerate(lines, start=1):
        if line.count('"') % 2 and not open_quote:
            opened = number
        if line.count('"') % 2:
            open_quote = not open_quote
    if open_quote:
        return Problem(file, _said("problem.open_quote"),
                       row=opened, value=lines[opened - 1])
    widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
    for number, width in enumerate(widths, start=1):
        if width > widths[0]:
            return Problem(file, _said("problem.line_width", width=width, header=widths[0]), row=number,
                           value=lines[number - 1])
    return Problem(file, _said("problem.bad_csv", error=error))


def _read_xlsx(path: Path) -> list[Sheet]:
    """A workbook's sheets, read in one pass once its unzipped size is known to be reasonable; a formula is
    refused where it stands (its last computed value may be stale or missing)."""
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRejected([Problem(path.name, _said("problem.unzips_too_big", size=f"{unpacked / MiB:,.0f}",
                                                             most=MAX_UNPACKED_BYTES // MiB))])
    book = load_workbook(path, read_only=True, data_only=False)
    sheets, problems = [], []
    try:
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(min_row=1, min_col=1):  # row i of the frame is row i + 1
                values = []
                for cell in row:
                    if cell.data_type == "f":
                        problems.append(Problem(path.name, _said("problem.formula"), row=cell.row,
                                                column=cell.column_letter, sheet=sheet.title, value=str(cell.value)))
                        values.append(None)
                    else:
                        values.append(_cell_text(cell.value))
                rows.append(values)
                if len(rows) > MAX_ROWS:
                    break
            sheets.append(Sheet(sheet.title, pd.DataFrame(rows, dtype=object)))
    finally:
        book.close()
    if problems:
        raise ImportRejected(problems[:200])
    return sheets


def _read_excel(path: Path, engine: str) -> list[Sheet]:
    book = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine=engine)
    return [Sheet(str(name), frame.map(_cell_text)) for name, frame in book.items()]


def _cell_text(value: object) -> str | None:
    """Excel cells as text: whole numbers without '.0', dates as ISO."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None
