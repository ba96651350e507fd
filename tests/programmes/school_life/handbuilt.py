"""School life on the hand-built map (tests/handbuilt.py): rooms, teachers, a group, a timetable, and writers of
Massar's daily class absence sheet and of its NotesCC marks template, built the way Massar builds them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from massar_files import write_notes_cc_xlsx

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
                   year: str = "2025/2026", subject_code: str | None = "0030",
                   subject_name: str = "المعلوميات") -> Path:
    """The NotesCC template as Massar exports it (massar_files.write_notes_cc_xlsx): right-to-left and protected,
    its subject in the hidden cell K5 (`#0030#`) and by name in O11 (0030 is informatics in Massar's codes), a
    data-validation extension; one pupil a row from row 18."""
    return write_notes_cc_xlsx(path, school, cls, rows, subject_code=subject_code, subject_name=subject_name,
                               semester=semester, year=year)
