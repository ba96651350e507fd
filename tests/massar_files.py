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


# --- Massar's files as schools download them: right-to-left sheets whose header values stand LEFT of their labels
# (a lower column), hidden technical cells, protected sheets and an x14 data-validation extension openpyxl warns
# about. Synthetic: no real export is ever committed (they hold minors' personal data).

DATA_VALIDATION_URI = "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"


def write_list_eleve_rtl_xlsx(path: Path, classes: dict[str, list[tuple]], year: str = "2025/2026",
                              commune: str = "أولاد املول") -> Path:
    """ListEleve as Massar exports it: each header value in the cell left of its label, the commune's name right
    after the year's label (where a left-to-right reader looks for the year), protected right-to-left sheets."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for class_code, pupils in classes.items():
        sheet = book.create_sheet(class_code)
        sheet.sheet_view.rightToLeft = True
        sheet.protection.sheet = True
        sheet.protection.password = "massar"
        for row in (
            [None, None, None, None, None, "المملكة المغربية"],
            [None, "فاس مكناس", None, "الأكاديمية الجهوية :", None, "وزارة التربية الوطنية"],
            [year, "السنة الدراسية :", commune, "الجماعة :", None, None],
            ["مدرسة الأمل", "المؤسسة :", "الحاجب", "المديرية :", None, None],
            [class_code, "القسم :", "السنة الأولى", "المستوى :", None, None],
            [None] * 6,
            LIST_ELEVE_HEADER,
            *[[i + 1, *pupil] for i, pupil in enumerate(pupils)],
        ):
            sheet.append(row)
    book.save(path)
    return add_data_validation_extension(path)


def write_notes_cc_xlsx(path: Path, school: str, cls: str, rows: list[list], *, subject_code: str = "0030",
                        subject_name: str = "المعلوميات", semester: str = "الدورة الأولى",
                        year: str = "2025/2026") -> Path:
    """The NotesCC template as Massar exports it: sheet NotesCC right to left and protected, header values in merged
    cells (D7 academy, I7 directorate, O7 school, D9 level, I9 class, O9 teacher, D11 semester, O11 the subject's
    name, D13 year), technical cells in a hidden row 5 (C5 the school code, K5 the subject code as `#0030#`),
    column headers on rows 16-17 (merged over each test's mark and absence), hidden columns A, B and E, one pupil a
    row from row 18: C code, D name, F birth date, G/I/K/M marks, H/J/L/N absence, O remarks; and the x14
    data-validation extension of the real template (the absence lists). `subject_code=None` leaves K5 empty."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "NotesCC"
    sheet.sheet_view.rightToLeft = True
    sheet.protection.sheet = True
    sheet["C5"] = school
    if subject_code is not None:
        sheet["K5"] = f"#{subject_code}#"
    sheet.row_dimensions[5].hidden = True
    for ref, span, value in (("D7", "D7:G7", "فاس مكناس"), ("I7", "I7:M7", "مكناس"),
                             ("O7", "O7:Q7", "إعدادية ابن سينا"),
                             ("D9", "D9:G9", "السنة الأولى إعدادي"), ("I9", "I9:M9", cls), ("O9", "O9:Q9", "بناني عمر"),
                             ("D11", "D11:G11", semester), ("O11", "O11:Q11", subject_name), ("D13", "D13:G13", year)):
        sheet[ref] = value
        sheet.merge_cells(span)
    sheet["C16"], sheet["D16"], sheet["F16"] = "رقم التلميذ", "الاسم", "تاريخ الازدياد"
    for first, title in (("G", "الفرض 1"), ("I", "الفرض 2"), ("K", "الفرض 3"), ("M", "الأنشطة المندمجة")):
        second = chr(ord(first) + 1)
        sheet[f"{first}16"] = title
        sheet.merge_cells(f"{first}16:{second}16")
        sheet[f"{first}17"], sheet[f"{second}17"] = "النقطة", "الغياب"
    sheet["O16"] = "ملاحظات"
    for letter in ("A", "B", "E"):
        sheet.column_dimensions[letter].hidden = True
    for offset, row in enumerate(rows):
        for letter, value in zip("CDFGHIJKLMNO", row):
            sheet[f"{letter}{18 + offset}"] = value
    book.save(path)
    return add_data_validation_extension(path)


def add_data_validation_extension(path: Path) -> Path:
    """Each sheet of the workbook given the x14 data-validation extension Excel writes for a list kept on another
    sheet (openpyxl cannot write it, and warns 'Data Validation extension is not supported' when it reads it)."""
    import zipfile

    extension = (
        f'<extLst><ext uri="{DATA_VALIDATION_URI}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
        '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
        "<x14:formula1><xm:f>Listes!$A$1:$A$2</xm:f></x14:formula1><xm:sqref>H18:H60 J18:J60</xm:sqref>"
        "</x14:dataValidation></x14:dataValidations></ext></extLst>")
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info.filename) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename.startswith("xl/worksheets/sheet") and info.filename.endswith(".xml"):
                data = data.replace(b"</worksheet>", extension.encode() + b"</worksheet>")
            target.writestr(info, data)
    return path
