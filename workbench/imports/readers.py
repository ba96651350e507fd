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

from workbench.exceptions import ImportRejected, Problem


@dataclass
class Sheet:
    name: str | None
    cells: pd.DataFrame  # no header: row i of the frame is spreadsheet row i + 1


def read_sheets(path: Path) -> list[Sheet]:
    """The file's sheets as text grids; a missing, empty or unreadable file is rejected clearly."""
    name = path.name
    if not path.exists():
        raise ImportRejected([Problem(name, "the file does not exist")])
    if path.stat().st_size == 0:
        raise ImportRejected([Problem(name, "the file is empty")])
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt"):
            sheets = [Sheet(None, _read_csv(path))]
        elif suffix in (".xlsx", ".xlsm"):
            sheets = _read_excel(path, "openpyxl")
        elif suffix == ".xls":
            sheets = _read_excel(path, "xlrd")
        else:
            raise ImportRejected([Problem(name, f"'{suffix or 'no extension'}' files are not accepted: "
                                                "use .csv, .xlsx or .xls")])
    except ImportRejected:
        raise
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportRejected([Problem(name, f"the file is not readable as UTF-8 CSV ({exc.__class__.__name__}); "
                                            "save it again as 'CSV UTF-8' or .xlsx")]) from exc
    except (zipfile.BadZipFile, ValueError, OSError, KeyError) as exc:
        raise ImportRejected([Problem(name, f"the file is damaged or is not a real {suffix} workbook ({exc})")]) \
            from exc
    except Exception as exc:  # xlrd raises its own XLRDError for corrupt legacy files
        raise ImportRejected([Problem(name, f"the file cannot be read as {suffix} ({exc})")]) from exc
    sheets = [s for s in sheets if not s.cells.dropna(how="all").empty]
    if not sheets:
        raise ImportRejected([Problem(name, "the file holds no data")])
    return sheets


def _read_csv(path: Path) -> pd.DataFrame:
    text = path.read_bytes().decode("utf-8-sig")
    if not text.strip():
        return pd.DataFrame()
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    frame = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
                        skip_blank_lines=False)
    return frame.replace("", None)


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
