"""Read operators' files (CSV, .xlsx, legacy .xls) into raw text grids, one per sheet.

Every cell is kept as text so that codes keep their leading zeros and validation,
not the reader, decides what a value means.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from workbench.exceptions import ImportRejected, Problem

# Bounds checked before a file is parsed: an operator's file is never near them, a hostile one is stopped early.
MAX_FILE_BYTES = 100 * 1024 * 1024  # as uploaded
MiB = 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # a workbook's parts once unzipped (a zip bomb is tiny, then huge)
MAX_ROWS = 2_000_000
MAX_COLUMNS = 300
MAX_CELL_CHARS = 10_000
# A part unzipping to more than this many times its packed size, once big: repeated filler, never typed data (an
# operator's sheet packs 5 to 15 times); it would take minutes to parse while holding nothing.
MAX_RATIO, RATIO_FROM_BYTES = 100, 32 * MiB
MAX_CELLS = 30_000_000  # a sheet's cells (or a workbook's shared strings): 2,000,000 rows of 15 columns
HEAD_BYTES = 64 * 1024  # what is read of a part to find its announced size (<dimension>, <sst count>)
CHUNK_BYTES = 4 * 1024 * 1024  # a sheet's XML streamed in these, its rows and cells counted before it is parsed


@dataclass
class Sheet:
    name: str | None
    cells: pd.DataFrame  # no header: row i of the frame is spreadsheet row i + 1
    right_to_left: bool = False  # the sheet's view is right to left (Massar's Arabic exports)


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
                                    row=int(index) + 1, column=get_column_letter(int(position) + 1), sheet=sheet.name,
                                    value=str(values[index])))
    return problems


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
    right_to_left = _check_package(path)
    with warnings.catch_warnings():
        # Massar's templates carry an x14 data-validation extension openpyxl cannot read (it warns, naming a path
        # of this machine); the lists it holds are not data, so that warning alone is silenced, here only.
        warnings.filterwarnings("ignore", message=DATA_VALIDATION_WARNING, category=UserWarning)
        return _read_book(path, right_to_left)


DATA_VALIDATION_WARNING = "Data Validation extension is not supported"


def _read_book(path: Path, right_to_left: set[str]) -> list[Sheet]:
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
            sheets.append(Sheet(sheet.title, pd.DataFrame(rows, dtype=object), sheet.title in right_to_left))
    finally:
        book.close()
    if problems:
        raise ImportRejected(problems[:200])
    return sheets


def _check_package(path: Path) -> set[str]:
    """The titles of the right-to-left sheets (`<sheetView rightToLeft="1">`), once the package is in bounds.
    Bounds of a workbook read from its zip's entries before anything is parsed: a zip at all, its unzipped size,
    a workbook inside, then each sheet's announced dimension (`<dimension ref=...>`), its rows and cells counted in
    a stream of its XML (no parser: a few seconds for the biggest sheet the unzipped cap allows), and the shared
    strings' announced count."""
    name, suffix = path.name, path.suffix.lower()
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        with path.open("rb") as start:  # a zip's signature, then damage; or another kind of file renamed
            key = "problem.damaged_zip" if start.read(2) == b"PK" else "problem.not_a_zip"
        raise ImportRejected([Problem(name, _said(key, suffix=suffix))]) from exc
    with archive:
        members = {member.filename: member for member in archive.infolist()}
        unpacked = sum(member.file_size for member in members.values())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportRejected([Problem(name, _said("problem.unzips_too_big", size=f"{unpacked / MiB:,.0f}",
                                                      most=MAX_UNPACKED_BYTES // MiB))])
        if "xl/workbook.xml" not in members:
            raise ImportRejected([Problem(name, _said("problem.no_workbook", suffix=suffix))])
        problems = [Problem(name, _said("problem.packed_too_tight", part=member.filename,
                                        size=f"{member.file_size / MiB:,.0f}", ratio=f"{ratio:,.0f}", most=MAX_RATIO))
                    for member in members.values() if member.file_size > RATIO_FROM_BYTES
                    and (ratio := member.file_size / max(member.compress_size, 1)) > MAX_RATIO]
        if problems:
            raise ImportRejected(problems)
        right_to_left = set()
        for part, title in _sheet_parts(archive, members).items():
            problems += _sheet_bounds(archive, members[part], name, title)
            view = re.search(rb"<(?:\w+:)?sheetView\b[^>]*>", _head(archive, members[part]))
            if view and _attributes(view.group(0)).get("rightToLeft") in ("1", "true"):
                right_to_left.add(title)
        strings = members.get("xl/sharedStrings.xml")
        if strings is not None:
            head = _head(archive, strings)
            counts = [int(v) for v in re.findall(rb"\b(?:count|uniqueCount)=\"(\d+)\"", head[:2048])]
            if counts and max(counts) > MAX_CELLS:
                problems.append(Problem(name, _said("problem.shared_strings_too_many", count=f"{max(counts):,}",
                                                    most=f"{MAX_CELLS:,}")))
    if problems:
        raise ImportRejected(problems)
    return right_to_left


def _head(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """A part's first bytes, unzipped from a stream (never the whole part)."""
    with archive.open(member) as stream:
        return stream.read(HEAD_BYTES)


def _attributes(tag: bytes) -> dict[str, str]:
    """An XML tag's attributes by local name (r:id is id), read from its text."""
    return {key.decode().rsplit(":", 1)[-1]: value.decode("utf-8", "replace")
            for key, value in re.findall(rb"([\w:]+)\s*=\s*\"([^\"]*)\"", tag)}


def _sheet_parts(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """Each worksheet part of the package and the sheet's title (its part name when the workbook does not say)."""
    parts = {n: posixpath.basename(n).rsplit(".", 1)[0] for n in members
             if n.startswith("xl/worksheets/") and n.endswith(".xml") and n.count("/") == 2}
    relations = members.get("xl/_rels/workbook.xml.rels")
    if relations is None or members["xl/workbook.xml"].file_size > MAX_CELLS or relations.file_size > MAX_CELLS:
        return parts
    with archive.open(relations) as stream:
        targets = {}
        for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", stream.read()):
            found = _attributes(tag)
            target = found.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[found.get("Id")] = target
    with archive.open(members["xl/workbook.xml"]) as stream:
        for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", stream.read()):
            found = _attributes(tag)
            if targets.get(found.get("id")) in parts and found.get("name"):
                parts[targets[found["id"]]] = found["name"]
    return parts


def _sheet_bounds(archive: zipfile.ZipFile, member: zipfile.ZipInfo, file: str, title: str) -> list[Problem]:
    """A sheet whose dimension announces, or whose XML holds, more rows, columns or cells than any operator's file:
    refused before the sheet is parsed, with its name and the limit."""
    def refused(rows: int, columns: int) -> list[Problem]:
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            return [Problem(file, _said("problem.sheet_too_big", rows=f"{rows:,}", columns=f"{columns:,}",
                                        most_rows=f"{MAX_ROWS:,}", most_columns=MAX_COLUMNS), sheet=title)]
        if rows * columns > MAX_CELLS:
            return [Problem(file, _said("problem.too_many_cells", cells=f"{rows * columns:,}", most=f"{MAX_CELLS:,}"),
                            sheet=title)]
        return []

    found = re.search(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?\"",
                      _head(archive, member))
    if found:
        first_column, first_row, last_column, last_row = (v.decode() for v in found.groups(b""))
        rows = int(last_row or first_row or 0)
        columns = _column_number(last_column or first_column)
        problems = refused(rows, columns)
        if problems:
            return problems
    # The dimension may be missing or lie: the rows and cells are counted in the XML as it unzips.
    rows = cells = 0
    tail = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(CHUNK_BYTES)
            block = tail + chunk
            # counted up to the block's last tag, which may be cut: it is counted with the next block
            last = block.rfind(b"<") if chunk else -1
            cut = last if last >= 0 else len(block)
            rows += sum(block.count(tag, 0, cut) for tag in (b"<row ", b"<row>", b":row ", b":row>"))
            cells += sum(block.count(tag, 0, cut) for tag in (b"<c ", b"<c>", b":c ", b":c>"))
            tail = block[cut:]
            if not chunk or rows > MAX_ROWS or cells > MAX_CELLS:
                break
    if rows > MAX_ROWS:
        return [Problem(file, _said("problem.too_many_rows", rows=f"{rows:,}", most=f"{MAX_ROWS:,}"), sheet=title)]
    if cells > MAX_CELLS:
        return [Problem(file, _said("problem.too_many_cells", cells=f"{cells:,}", most=f"{MAX_CELLS:,}"),
                        sheet=title)]
    return []


def _column_number(letters: str) -> int:
    """A spreadsheet's column letters as a number: A -> 1, AB -> 28, any length (a hostile file's dimension may name
    columns past XFD, which openpyxl's column_index_from_string refuses)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


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
