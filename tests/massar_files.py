"""Writers of the files operators bring: CSV, .xlsx, and Massar's ListEleve layout as .xlsx or legacy .xls."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd

LIST_ELEVE_HEADER = ["ر.ت", "الرمز", "النسب", "الإسم", "النوع", "تاريخ الإزدياد", "مكان الازدياد"]


def write_csv(path: Path, rows: list[dict], sep: str = ",", bom: bool = False) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, sep=sep, encoding="utf-8-sig" if bom else "utf-8")
    return path


def write_xlsx(path: Path, rows: list[dict], sheet: str = "Feuil1") -> Path:
    pd.DataFrame(rows).to_excel(path, index=False, sheet_name=sheet)
    return path


def _list_eleve_rows(year: str, school_name: str, level: str, class_code: str, pupils: list[tuple]) -> list[list]:
    """The sheet as Massar prints it: a header block, a blank row, column headers, one row per pupil."""
    return [
        ["المملكة المغربية", None, None, None, "وزارة التربية الوطنية", None, None],
        ["الأكاديمية الجهوية للتربية والتكوين", None, "فاس مكناس", None, None, None, None],
        ["السنة الدراسية :", year, None, None, "المؤسسة :", school_name, None],
        ["المستوى :", level, None, None, "القسم :", class_code, None],
        [None] * 7,
        LIST_ELEVE_HEADER,
        *[[i + 1, *pupil] for i, pupil in enumerate(pupils)],
    ]


def write_list_eleve_xlsx(path: Path, classes: dict[str, list[tuple]], year: str = "2025/2026") -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for class_code, pupils in classes.items():
        sheet = book.create_sheet(class_code)
        sheet.sheet_view.rightToLeft = True
        for row in _list_eleve_rows(year, "مدرسة الأمل", "السنة الأولى", class_code, pupils):
            sheet.append(row)
    book.save(path)
    return path


def write_list_eleve_xls(path: Path, classes: dict[str, list[tuple]], year: str = "2025/2026") -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for class_code, pupils in classes.items():
        sheet = book.add_sheet(class_code)
        for r, row in enumerate(_list_eleve_rows(year, "مدرسة الأمل", "السنة الأولى", class_code, pupils)):
            for col, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(r, col, value, date_style)
                elif value is not None:
                    sheet.write(r, col, value)
    book.save(str(path))
    return path
