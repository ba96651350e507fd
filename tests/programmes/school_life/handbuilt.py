"""School life on the hand-built map (tests/handbuilt.py): rooms, teachers, a group, a timetable, and writers of
Massar's daily class absence sheet and of its NotesCC marks template, built the way Massar builds them."""

from __future__ import annotations

from pathlib import Path

import openpyxl

YEAR = "2025-2026"
ROOMS = [{"school_code": "22222B", "room_code": "R1", "kind": "salle de classe", "capacity": "40"},
         {"school_code": "22222B", "room_code": "LAB", "kind": "مختبر", "capacity": "20"},
         {"school_code": "11111A", "room_code": "S1", "kind": "classroom", "capacity": ""}]
TEACHERS = [{"school_code": "22222B", "teacher_id": "T1", "last_name": "Bennani", "first_name": "Omar",
             "subject_code": "0030"},
            {"school_code": "22222B", "teacher_id": "T2", "last_name": "Idrissi", "first_name": "Sara",
             "subject_code": "0070"},
            {"school_code": "11111A", "teacher_id": "M1", "last_name": "Tazi", "first_name": "Aicha",
             "subject_code": ""}]
GROUPS = [{"year": "2025/2026", "school_code": "22222B", "class_code": "1APIC-1", "group_code": "1APIC-1-G1",
           "subject_code": "0070", "massar_code": "A000000003"}]


def lesson(cls: str, day: str, slot: int, subject: str, teacher: str, room: str, school: str = "22222B",
           group: str = "") -> dict:
    return {"year": "2025-2026", "school_code": school, "class_code": cls, "group_code": group, "day": day,
            "slot": str(slot), "subject_code": subject, "teacher_id": teacher, "room_code": room}


TIMETABLE = [lesson("1APIC-1", "lundi", 1, "0030", "T1", "R1"), lesson("1APIC-1", "mon", 2, "0030", "T1", "R1"),
             lesson("1APIC-1", "الثلاثاء", 3, "0070", "T2", "LAB", group="1APIC-1-G1"),
             lesson("1APG-1", "mon", 1, "0010", "M1", "S1", school="11111A")]


def write_class_sheet(path: Path, sheets: list[tuple[str, str, str, list[tuple]]]) -> Path:
    """Massar's daily class absence sheet: one sheet per class and day, right to left, a header block (school,
    class, date), then one row per pupil: code, name, cause, and slots 1-8 marked x. `sheets`: (school, class,
    date, [(massar_code, name, cause, absent slots)])."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for number, (school, cls, date, pupils) in enumerate(sheets, start=1):
        sheet = book.create_sheet(f"{cls} {number}")
        sheet.sheet_view.rightToLeft = True
        sheet.append(["ورقة الغياب اليومية"])
        sheet.append(["المؤسسة :", school, None, "القسم :", cls])
        sheet.append(["التاريخ :", date])
        sheet.append([])
        sheet.append(["رقم التلميذ", "الاسم الكامل", "السبب", *(str(n) for n in range(1, 9))])
        for code, name, cause, slots in pupils:
            sheet.append([code, name, cause, *("x" if n in slots else None for n in range(1, 9))])
    book.save(path)
    return path


def write_notes_cc(path: Path, school: str, cls: str, rows: list[list], semester: str = "الدورة الأولى",
                   year: str = "2025/2026") -> Path:
    """The NotesCC template as Massar exports it: sheet NotesCC right to left, header values in merged cells (D7
    academy, I7 directorate, O7 school, D9 level, I9 class, O9 teacher, D11 semester, O11 subject, D13 year, C5 the
    school code), column headers on rows 16-17 (merged over each test's mark and absence), hidden columns A, B and E,
    one pupil a row from ligne 18: C code, D name, F birth date, G/I/K/M marks, H/J/L/N absence, O remarks."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "NotesCC"
    sheet.sheet_view.rightToLeft = True
    sheet["C5"] = school
    for ref, span, value in (("D7", "D7:G7", "فاس مكناس"), ("I7", "I7:M7", "مكناس"),
                             ("O7", "O7:Q7", "إعدادية ابن سينا"),
                             ("D9", "D9:G9", "السنة الأولى إعدادي"), ("I9", "I9:M9", cls), ("O9", "O9:Q9", "بناني عمر"),
                             ("D11", "D11:G11", semester), ("O11", "O11:Q11", "الرياضيات"), ("D13", "D13:G13", year)):
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
    return path
