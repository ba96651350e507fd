"""Imports of school life (formats.md, "School life"): subjects, rooms, teachers, groups, the timetable, absences by
hour slot (Massar's daily class sheet or a flat table), marks (the NotesCC template or a flat table), test dates and
the school sports association. Every file is checked whole, every problem located, then written in one transaction;
the absence days derived from hour slots go through the core's one writer of absence days."""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import Connection, delete, select, tuple_

from workbench import absence_months, config
from workbench.access.guard import active_write
from workbench.bulk import insert_frame, upsert_frame
from workbench.catalogue import Label, text
from workbench.codes import SCHOOL_CODE, normalise_year
from workbench.exceptions import Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.absences import AbsencesImport
from workbench.imports.base import ImportKind, schools_of_pupils
from workbench.imports.columns import header_key
from workbench.imports.readers import Sheet
from workbench.imports.table import ROW, SHEET, read_table, row_problems
from workbench.models import Enrolment, School, SchoolClass
from workbench.programmes.data_entry.imports import record_sheets
from workbench.programmes.school_life import logic
from workbench.programmes.school_life.models import (
    DAYS,
    EVENT_KINDS,
    ROOM_KINDS,
    WHOLE_CLASS,
    AbsenceSlot,
    GroupMember,
    Mark,
    Room,
    SportEvent,
    SportMember,
    SportParticipation,
    Subject,
    Teacher,
    TestDate,
    TimetableSlot,
)
from workbench.reference import ensure_years

DATASET = "school_life"
_CHUNK = 400

def what(key: str) -> Label:
    """What a column holds, as a problem names it."""
    return text(f"school_life.what.{key}")


SUBJECT = c.Column("subject_code", c.code(8, what("subject_code")),
                   aliases=("code matière", "code matiere", "matière", "matiere", "رمز المادة", "المادة"))
CLASS = c.Column("class_code", c.code(24, what("class_code")), aliases=("classe", "القسم"))
GROUP = c.Column("group_code", c.code(32, what("group_code")), aliases=("groupe", "الفوج"))
TEACHER = c.Column("teacher_id", c.code(24, what("teacher_id")),
                   aliases=("matricule", "enseignant", "رقم التأجير", "الأستاذ", "رقم الأستاذ"))
ROOM = c.Column("room_code", c.code(24, what("room_code")), aliases=("salle", "code salle", "القاعة", "الحجرة"))
DAY_WORDS = {**{d: d for d in DAYS}, "lundi": "mon", "mardi": "tue", "mercredi": "wed", "jeudi": "thu",
             "vendredi": "fri", "samedi": "sat", "الإثنين": "mon", "الاثنين": "mon", "الثلاثاء": "tue",
             "الأربعاء": "wed", "الاربعاء": "wed", "الخميس": "thu", "الجمعة": "fri", "السبت": "sat",
             "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
             "saturday": "sat"}
DAY = c.Column("day", c.choice(DAY_WORDS, what("day")), aliases=("jour", "اليوم"))
SLOT = c.Column("slot", c.number(1, 8, integer=True), aliases=("séance", "seance", "heure", "الحصة"))
DATE = c.Column("date", c.date(), aliases=("jour", "التاريخ"))
TEST_WORDS = {"1": "1", "2": "2", "3": "3", "activities": "activities", "activités": "activities",
              "activites": "activities", "activités intégrées": "activities", "الأنشطة المندمجة": "activities",
              "أنشطة مندمجة": "activities"}
JUSTIFIED_WORDS = {"مبرر": "1", "justifié": "1", "justifie": "1", "justified": "1", "1": "1", "oui": "1",
                   "غير مبرر": "0", "non justifié": "0", "non justifie": "0", "unjustified": "0", "0": "0",
                   "non": "0"}
SEMESTER_WORDS = {"1": "1", "2": "2", "الدورة الأولى": "1", "الدورة الاولى": "1", "الدورة الثانية": "2",
                  "semestre 1": "1", "semestre 2": "2", "s1": "1", "s2": "2", "premier semestre": "1",
                  "second semestre": "2", "deuxième semestre": "2"}


def reason(key: str, **values: object) -> Label:
    """A reason an operator reads in Arabic and French, from the programme's catalogue."""
    return text(f"school_life.problem.{key}", **values)



def _justified() -> c.Parser:
    words = {k: "مبرر / justifié" if v == "1" else "غير مبرر / non justifié" for k, v in JUSTIFIED_WORDS.items()}
    base = c.choice(words, what("cause"))

    def parse(values: pd.Series) -> c.Parsed:
        out, reasons = base(values)
        return out.map({"مبرر / justifié": True, "غير مبرر / non justifié": False}), reasons
    return parse


def _frame(connection: Connection, *columns) -> pd.DataFrame:
    return pd.read_sql(select(*columns), connection)


def _missing(frame: pd.DataFrame, known: pd.DataFrame, on: list[str]) -> pd.Series:
    """Rows of `frame` whose `on` values are not a row of `known` (rows with an empty key value are not judged)."""
    given = frame[on].notna().all(axis=1)
    found = frame[on].merge(known[on].drop_duplicates(), how="left", indicator=True)["_merge"].to_numpy() == "both"
    return given & ~found


def _classes(connection: Connection) -> pd.DataFrame:
    return _frame(connection, SchoolClass.school_code, SchoolClass.year, SchoolClass.class_code,
                  SchoolClass.level_code)


def _enrolled(connection: Connection, codes: list[str]) -> pd.DataFrame:
    """(massar_code, year, school_code, class_code) of these pupils' enrolments, any year."""
    query = select(Enrolment.massar_code, Enrolment.year, Enrolment.school_code, Enrolment.class_code)
    found = [pd.read_sql(query.where(Enrolment.massar_code.in_(codes[i : i + 900])), connection)
             for i in range(0, len(codes), 900)]
    return pd.concat(found) if found else pd.DataFrame(columns=["massar_code", "year", "school_code", "class_code"])


def unknown_school(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    known = _frame(connection, School.code.label("school_code"))
    return row_problems(frame[_missing(frame, known, ["school_code"])], file, "school_code", reason("unknown_school"))


def unknown_class(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    bad = _missing(frame, _classes(connection), ["year", "school_code", "class_code"])
    return row_problems(frame[bad], file, "class_code",
                        lambda r: reason("unknown_class", school=r["school_code"], year=r["year"]))


def unknown_subject(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    known = _frame(connection, Subject.subject_code)
    return row_problems(frame[_missing(frame, known, ["subject_code"])], file, "subject_code",
                        reason("unknown_subject"))


def not_in_class(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    """Pupils not enrolled in the row's class of that school and year."""
    enrolled = _enrolled(connection, frame["massar_code"].dropna().unique().tolist())
    bad = _missing(frame, enrolled, ["massar_code", "year", "school_code", "class_code"])
    return row_problems(frame[bad], file, "massar_code",
                        lambda r: reason("not_in_class", cls=r["class_code"], school=r["school_code"],
                                         year=r["year"]))


class _SchoolData(ImportKind):
    """A school's own school-life data, validated with the school's `school_life` dataset of the year."""

    dataset = DATASET

    def touched(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        if "school_code" in frame and "year" not in frame:  # rooms and teachers: the current school year's
            return frame[["school_code"]].drop_duplicates().assign(dataset=self.dataset,
                                                                  year=config.DEMO_YEAR.value())
        return super().touched(connection, frame)


class SubjectsImport(ImportKind):
    national = True  # Massar's subject codes are national
    spec = c.TableSpec(kind="subjects", key=("subject_code",), columns=(
        SUBJECT,
        c.Column("name_fr", c.text(120), aliases=("libellé", "libelle", "nom", "nom fr", "intitulé")),
        c.Column("name_ar", c.text(120), aliases=("اسم المادة", "المادة بالعربية", "nom ar")),
    ))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[["subject_code", "name_fr", "name_ar"]]
        return {"sl_subjects": upsert_frame(connection, Subject.__table__, rows, ["subject_code"])}


class RoomsImport(_SchoolData):
    spec = c.TableSpec(kind="rooms", key=("school_code", "room_code"), columns=(
        f.SCHOOL, ROOM,
        c.Column("kind", c.choice({**{k: k for k in ROOM_KINDS}, "salle de classe": "classroom",
                                   "قاعة": "classroom", "حجرة": "classroom", "laboratoire": "lab", "مختبر": "lab",
                                   "gymnase": "gym", "قاعة رياضية": "gym", "atelier": "workshop", "ورشة": "workshop",
                                   "autre": "other", "أخرى": "other"}, what("room_kind")),
                 aliases=("type", "نوع القاعة", "النوع")),
        c.Column("capacity", c.number(0, 500, integer=True), required=False,
                 aliases=("capacité", "capacite", "الطاقة الاستيعابية")),
    ))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        return unknown_school(connection, frame, file)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[["school_code", "room_code", "kind", "capacity"]]
        return {"sl_rooms": upsert_frame(connection, Room.__table__, rows, ["school_code", "room_code"])}


class TeachersImport(_SchoolData):
    spec = c.TableSpec(kind="teachers", key=("school_code", "teacher_id"), columns=(
        f.SCHOOL, TEACHER,
        c.Column("last_name", c.text(80), aliases=("nom", "النسب")),
        c.Column("first_name", c.text(80), aliases=("prénom", "prenom", "الاسم", "الإسم")),
        f.optional(SUBJECT),
    ))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        return unknown_school(connection, frame, file) + unknown_subject(connection, frame, file)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[["school_code", "teacher_id", "last_name", "first_name", "subject_code"]]
        return {"sl_teachers": upsert_frame(connection, Teacher.__table__, rows, ["school_code", "teacher_id"])}


def _replace(connection: Connection, table, columns: list[str], keys: pd.DataFrame) -> None:
    """Delete the rows of `table` whose `columns` equal one of `keys`' rows (a file replaces what it covers)."""
    values = list(keys[columns].drop_duplicates().itertuples(index=False, name=None))
    write = active_write(connection)
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        # The first key column alone as well: SQLite scans the whole table for a list of row values.
        replaced = (table.c[columns[0]].in_(sorted({v[0] for v in chunk}))
                    & tuple_(*(table.c[c] for c in columns)).in_(chunk))
        if write is not None:  # the trail keeps what the file replaced
            write.removing(table, replaced)
        connection.execute(delete(table).where(replaced))


class GroupsImport(_SchoolData):
    spec = c.TableSpec(kind="groups", key=("year", "school_code", "group_code", "massar_code"), columns=(
        f.YEAR, f.SCHOOL, CLASS, GROUP, SUBJECT, f.MASSAR,
    ))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        problems = unknown_school(connection, frame, file) + unknown_class(connection, frame, file)
        problems += unknown_subject(connection, frame, file) + not_in_class(connection, frame, file)
        split = frame.groupby(["year", "school_code", "group_code"])[["class_code", "subject_code"]].transform(
            "nunique")
        return problems + row_problems(frame[(split > 1).any(axis=1)], file, "group_code", reason("group_split"))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        """A group in the file is replaced whole: its members are the file's."""
        rows = frame[["year", "school_code", "group_code", "massar_code", "class_code", "subject_code"]]
        _replace(connection, GroupMember.__table__, ["year", "school_code", "group_code"], rows)
        return {"sl_groups": insert_frame(connection, GroupMember.__table__, rows)}


class TimetableImport(_SchoolData):
    spec = c.TableSpec(kind="timetable", key=("year", "school_code", "class_code", "group_code", "day", "slot"),
                       columns=(f.YEAR, f.SCHOOL, CLASS, f.optional(GROUP, WHOLE_CLASS), DAY, SLOT, SUBJECT, TEACHER,
                                ROOM))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        problems = unknown_school(connection, frame, file) + unknown_class(connection, frame, file)
        problems += unknown_subject(connection, frame, file)
        teachers = _frame(connection, Teacher.school_code, Teacher.teacher_id)
        problems += row_problems(frame[_missing(frame, teachers, ["school_code", "teacher_id"])], file, "teacher_id",
                                 lambda r: reason("unknown_teacher", school=r["school_code"]))
        rooms = _frame(connection, Room.school_code, Room.room_code)
        problems += row_problems(frame[_missing(frame, rooms, ["school_code", "room_code"])], file, "room_code",
                                 lambda r: reason("unknown_room", school=r["school_code"]))
        groups = _frame(connection, GroupMember.year, GroupMember.school_code, GroupMember.class_code,
                        GroupMember.group_code).drop_duplicates()
        grouped = frame[frame["group_code"].fillna(WHOLE_CLASS) != WHOLE_CLASS]
        bad = _missing(grouped, groups, ["year", "school_code", "class_code", "group_code"])
        return problems + row_problems(grouped[bad], file, "group_code",
                                       lambda r: reason("unknown_group", cls=r["class_code"]))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        """A class in the file gets the file's week: its earlier slots are replaced."""
        ensure_years(connection, frame["year"])
        rows = frame[["year", "school_code", "class_code", "group_code", "day", "slot", "subject_code", "teacher_id",
                      "room_code"]].assign(group_code=frame["group_code"].fillna(WHOLE_CLASS),
                                           slot=frame["slot"].astype("int64"))
        _replace(connection, TimetableSlot.__table__, ["year", "school_code", "class_code"], rows)
        return {"sl_timetable": insert_frame(connection, TimetableSlot.__table__, rows)}


# --- absences by hour slot -----------------------------------------------------------------------------------

SLOT_MARK = {"x": "1", "×": "1", "1": "1", "غ": "1", "a": "1", "abs": "1"}


def _slot_mark() -> c.Parser:
    base = c.choice(SLOT_MARK, what("slot_mark"))

    def parse(values: pd.Series) -> c.Parsed:
        out, reasons = base(values)
        return out.notna(), reasons
    return parse


SHEET_HEADER = {"school": ("المؤسسة", "établissement", "etablissement", "école", "school", "رمز المؤسسة"),
                "class": ("القسم", "classe", "class"),
                "date": ("التاريخ", "date", "اليوم", "jour")}
CLASS_SHEET = c.TableSpec(kind="class-absences (class sheet)", key=("massar_code",), columns=(
    f.MASSAR,
    c.Column("name", c.text(160), required=False, aliases=("الاسم", "الإسم", "الاسم الكامل", "nom", "nom et prénom")),
    c.Column("cause", _justified(), required=False, default=False, aliases=("السبب", "المبرر", "motif", "cause")),
    *(c.Column(f"slot_{n}", _slot_mark(), required=False, default=False,
               aliases=(str(n), f"h{n}", f"s{n}", f"الحصة {n}", f"séance {n}")) for n in range(1, 9)),
))


def sheet_header(sheet: Sheet, labels: dict[str, tuple[str, ...]], rows: int = 12) -> dict[str, tuple[str, int]]:
    """Values of a header block ('القسم : 1APIC-2', or a label cell followed by its value): name -> (value, row)."""
    keys = {header_key(alias): name for name, aliases in labels.items() for alias in aliases}
    found: dict[str, tuple[str, int]] = {}
    for index, row in sheet.cells.head(rows).iterrows():
        cells = [str(v).strip() for v in row.dropna()]
        for i, cell in enumerate(cells):
            label, colon, after = cell.partition(":")
            name = keys.get(header_key(label))
            if name is None or name in found:
                continue
            value = after.strip() if colon else ""
            if not value and i + 1 < len(cells) and header_key(cells[i + 1].split(":")[0]) not in keys:
                value = cells[i + 1].lstrip(":").strip()
            if value:
                found[name] = (value, int(index) + 1)
    return found


class ClassAbsencesImport(ImportKind):
    """Absences by hour slot: Massar's daily class sheet (one sheet per class and day) or flat rows. A pupil-date in
    the file is replaced whole (a pupil listed on a class sheet without any slot marked was present that day)."""

    dataset = "absences"  # validated by month, as absences-YYYY-MM (the days are the same absences)
    spec = c.TableSpec(kind="class-absences", key=("massar_code", "date", "slot"), columns=(
        f.MASSAR, DATE, SLOT,
        c.Column("justified", c.flag(), required=False, default=False,
                 aliases=("justifiée", "justifiee", "justifié", "مبرر")),
    ))

    def extract(self, sheets: list[Sheet], file: str) -> tuple[pd.DataFrame, list[Problem]]:
        headed = [(sheet, sheet_header(sheet, SHEET_HEADER)) for sheet in sheets]
        if not any({"class", "date"} <= set(found) for _, found in headed):
            return super().extract(sheets, file)
        frames, problems = [], []
        for sheet, found in headed:
            if "class" not in found:
                continue  # a cover or notes sheet
            parsed: dict[str, object] = {}
            for name, parse, column in (("school", c.pattern(SCHOOL_CODE, f.what("school_code")), "school_code"),
                                        ("date", c.date(), "date"),
                                        ("class", c.code(24, what("class_code")), "class_code")):
                value, row = found.get(name, (None, None))
                values, reasons = parse(pd.Series([value], dtype=object))
                if value is None or reasons.iloc[0] is not None:
                    problems.append(Problem(file, reason(f"sheet_{name}"), row=row, column=column, value=value,
                                            sheet=sheet.name))
                    continue
                parsed[column] = values.iloc[0]
            table, found_problems = read_table(sheet, CLASS_SHEET, file)
            problems += found_problems
            if len(parsed) < 3 or table.empty:
                continue
            frames.append(self._long(table, parsed))
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        return frame, problems

    @staticmethod
    def _long(table: pd.DataFrame, header: dict[str, object]) -> pd.DataFrame:
        """One row per absent slot, and one row without a slot for a pupil present all day."""
        marks = table[[f"slot_{n}" for n in range(1, 9)]].astype(bool).to_numpy()
        pupil, slot = marks.nonzero()
        absent = table.iloc[pupil][["massar_code", "cause", ROW, SHEET]].assign(slot=slot + 1)
        present = table.loc[~marks.any(axis=1), ["massar_code", "cause", ROW, SHEET]].assign(slot=pd.NA)
        rows = pd.concat([absent, present], ignore_index=True)
        return rows.assign(justified=rows.pop("cause").fillna(False).astype(bool), date=header["date"],
                           school_code=header["school_code"], class_code=header["class_code"],
                           slot=rows["slot"].astype("Int64"))

    def prepare(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """A class sheet's school year, from its date (September to June)."""
        if "class_code" not in frame:
            return frame
        first = frame["date"].dt.year - (frame["date"].dt.month < 9)
        return frame.assign(year=first.astype(str) + "-" + (first + 1).astype(str))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        problems = AbsencesImport().check(connection, frame, file)
        if "class_code" in frame:  # a class sheet: its pupils must be in its class
            problems += unknown_school(connection, frame.drop_duplicates(SHEET), file)
            problems += unknown_class(connection, frame.drop_duplicates(SHEET), file)
            known = _classes(connection)
            sheets_ok = ~_missing(frame, known, ["year", "school_code", "class_code"])
            problems += not_in_class(connection, frame[sheets_ok], file)
        return problems

    def touched(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        return AbsencesImport().touched(connection, frame)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        return write_slots(connection, frame)


def write_slots(connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
    """Replace the hour slots of every (massar_code, date) of `frame` (rows with an empty slot: present that day) and
    write the absence days they make through the core's one writer of absence days (the same rows the flat
    `absences` import writes), in the caller's transaction. Used by the import and by the app's class sheet; a class
    sheet's frame (year, school_code, class_code) also records that sheet as entered."""
    pupil_dates = frame[["massar_code", "date"]].drop_duplicates().rename(columns={"date": "absent_on"})
    slots = frame[frame["slot"].notna()].rename(columns={"date": "absent_on"})[
        ["massar_code", "absent_on", "slot", "justified"]].astype({"slot": "int64", "justified": bool})
    _replace(connection, AbsenceSlot.__table__, ["massar_code", "absent_on"],
             pupil_dates.assign(absent_on=pupil_dates["absent_on"].dt.date))
    written = insert_frame(connection, AbsenceSlot.__table__, slots)
    days = logic.absence_days(slots)
    cleared = pupil_dates.merge(days[["massar_code", "absent_on"]], how="left", indicator=True)
    cleared = cleared[cleared["_merge"] == "left_only"][["massar_code", "absent_on"]]
    done = {"sl_absence_slots": written, "absences": absence_months.write_days(connection, days, cleared)}
    if "class_code" in frame:  # a class's sheet: its class and date entered (data-entry completion)
        done.update(record_sheets(connection, frame))
    # The absence notices these hours made due, queued to the families in the same transaction (school_life.notify).
    from workbench.programmes.school_life.notify import queue_absence_notices

    return {**done, **queue_absence_notices(connection, frame)}


# --- marks ---------------------------------------------------------------------------------------------------

MARK = c.Column("mark", c.number(0, 20), required=False, aliases=("note", "النقطة"))
ABSENCE = c.Column("absence", _justified(), required=False, aliases=("absence", "الغياب", "غياب"))
MARKS_FLAT = c.TableSpec(kind="marks", key=("massar_code", "year", "semester", "subject_code", "test"), columns=(
    f.MASSAR, f.YEAR,
    c.Column("semester", c.choice(SEMESTER_WORDS, what("semester")), aliases=("semestre", "الدورة")),
    SUBJECT,
    c.Column("test", c.choice(TEST_WORDS, what("test")), aliases=("contrôle", "controle", "الفرض")),
    MARK, ABSENCE,
))
NOTES_FILE = re.compile(r"notescc_(?P<cls>.+)_(?P<subject>[^_]+)\.(xlsx|xls|csv)$", re.IGNORECASE)
# NotesCC cells (formats.md): the header block, then from row 18 one pupil a row.
NOTES_HEADER = {"school_code": "C5", "subject_cell": "K5", "level": "D9", "class_code": "I9", "teacher": "O9",
                "semester": "D11", "subject": "O11", "year": "D13"}
NOTES_FIRST_ROW = 18
NOTES_TESTS = (("1", "G", "H"), ("2", "I", "J"), ("3", "K", "L"), ("activities", "M", "N"))


def _cell(cells: pd.DataFrame, ref: str) -> str | None:
    column = ord(ref[0]) - ord("A")
    row = int(ref[1:]) - 1
    if row >= len(cells) or column >= cells.shape[1]:
        return None
    value = cells.iat[row, column]
    return None if value is None or pd.isna(value) else str(value).strip() or None


def _column(cells: pd.DataFrame, letter: str) -> pd.Series:
    position = ord(letter) - ord("A")
    body = cells.iloc[NOTES_FIRST_ROW - 1 :]
    return body[position] if position in body.columns else pd.Series(None, index=body.index, dtype=object)


def is_notes_cc(sheets: list[Sheet], file: str) -> bool:
    return bool(NOTES_FILE.search(file)) or any(str(s.name or "").casefold() == "notescc" for s in sheets)


class MarksImport(_SchoolData):
    """Continuous-assessment marks: the NotesCC template Massar exports per class and subject (teachers fill it and
    it is imported back), or a flat table. An empty cell is a mark not entered yet."""

    spec = MARKS_FLAT

    def extract(self, sheets: list[Sheet], file: str) -> tuple[pd.DataFrame, list[Problem]]:
        if not is_notes_cc(sheets, file):
            frame, problems = super().extract(sheets, file)
            if not frame.empty and {"mark", "absence"} <= set(frame):
                empty = frame["mark"].isna() & frame["absence"].isna()
                problems += row_problems(frame[empty], file, "mark", reason("no_mark"))
            return frame, problems
        sheet = next((s for s in sheets if str(s.name or "").casefold() == "notescc"), sheets[0])
        return read_notes_cc(sheet, file)

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        if "class_code" in frame:  # NotesCC: its subject named alike three times (and known), the class is the
            problems = notes_subject_problems(connection, frame, file)  # school's, its pupils are in it
            header = frame.iloc[[0]].assign(**{ROW: 9})
            missing_class = _missing(header, _classes(connection), ["year", "school_code", "class_code"])
            if missing_class.any():
                return problems + unknown_school(connection, header.assign(**{ROW: 5}), file) + [Problem(
                    file, reason("class_of_other_school", school=header["school_code"].iloc[0],
                                 year=header["year"].iloc[0]), row=9, column="I9", value=header["class_code"].iloc[0],
                    sheet=header[SHEET].iloc[0])]
            # a pupil's row once, not once per test it holds a mark of
            return problems + not_in_class(connection, frame.drop_duplicates([SHEET, ROW]), file)
        problems = unknown_subject(connection, frame.drop_duplicates("subject_code"), file)
        enrolled = _enrolled(connection, frame["massar_code"].dropna().unique().tolist())
        bad = _missing(frame, enrolled, ["massar_code", "year"])
        return problems + row_problems(frame[bad], file, "massar_code",
                                       lambda r: reason("not_enrolled", year=r["year"]))

    def touched(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        if "school_code" in frame:
            return frame[["year", "school_code"]].drop_duplicates().assign(dataset=self.dataset)
        return schools_of_pupils(connection, frame)[["year", "school_code"]].drop_duplicates().assign(
            dataset=self.dataset)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame.assign(semester=frame["semester"].astype("int64"),
                            absent_justified=frame["absence"].fillna(False).astype(bool) & frame["mark"].isna())
        rows = rows[["year", "massar_code", "semester", "subject_code", "test", "mark", "absent_justified"]]
        return {"sl_marks": upsert_frame(connection, Mark.__table__, rows,
                                         ["year", "massar_code", "semester", "subject_code", "test"])}


def read_notes_cc(sheet: Sheet, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """The NotesCC sheet as flat marks rows (plus school_code and class_code from its header), every bad cell
    located by its row and column letter."""
    cells = sheet.cells
    problems: list[Problem] = []

    def bad(ref: str, key: str, value: object = None) -> None:
        problems.append(Problem(file, reason(key), row=int(ref[1:]), column=ref, value=value, sheet=sheet.name))

    header = {name: _cell(cells, ref) for name, ref in NOTES_HEADER.items()}
    school = (header["school_code"] or "").upper()
    if not SCHOOL_CODE.match(school):
        bad("C5", "notes_school", header["school_code"])
    year = normalise_year(header["year"] or "")
    if year is None:
        bad("D13", "notes_year", header["year"])
    semester = SEMESTER_WORDS.get(header_key(header["semester"] or "")) or next(
        (v for k, v in SEMESTER_WORDS.items() if header_key(k) == header_key(header["semester"] or "")), None)
    if semester is None:
        bad("D11", "notes_semester", header["semester"])
    named = NOTES_FILE.search(file)
    subject = named.group("subject") if named else None
    if subject is None:
        problems.append(Problem(file, reason("notes_file_name")))
    cls = (header["class_code"] or "").upper() or None
    if cls is None:
        bad("I9", "notes_class")
    elif named and named.group("cls").upper() != cls:
        bad("I9", "notes_class_name", cls)
    codes = _column(cells, "C")
    listed = codes.notna()
    massar, reasons = f.MASSAR.parse(codes[listed])
    rows = pd.Series(codes[listed].index + 1, index=codes[listed].index)
    for index in reasons[reasons.notna()].index:
        problems.append(Problem(file, reasons[index], row=int(rows[index]), column="C", value=codes[index],
                                sheet=sheet.name))
    frames = []
    for test, mark_letter, absence_letter in NOTES_TESTS:
        raw_mark = _column(cells, mark_letter)[listed]
        raw_absence = _column(cells, absence_letter)[listed]
        marks, mark_reasons = MARK.parse(raw_mark)
        absences, absence_reasons = ABSENCE.parse(raw_absence)
        for letter, raw, found in ((mark_letter, raw_mark, mark_reasons), (absence_letter, raw_absence,
                                                                           absence_reasons)):
            for index in found[found.notna()].index:
                problems.append(Problem(file, found[index], row=int(rows[index]), column=letter,
                                        value=str(raw[index]), sheet=sheet.name))
        entered = marks.notna() | absences.fillna(False).astype(bool)
        frames.append(pd.DataFrame({
            "massar_code": massar[entered], "year": year, "semester": semester, "subject_code": subject,
            "test": test, "mark": marks[entered], "absence": absences[entered].map(
                lambda v: v if isinstance(v, bool) else None), "school_code": school, "class_code": cls,
            "subject_cell": header["subject_cell"], "subject_title": header["subject"],
            ROW: rows[entered], SHEET: sheet.name}))
    frame = pd.concat(frames, ignore_index=True)
    if frame.empty and not problems:
        problems.append(Problem(file, reason("notes_empty"), sheet=sheet.name))
    return frame, problems


def notes_subject_problems(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    """A NotesCC file names its subject three times: the file name's code, the hidden cell K5 (`#0030#`) and the
    title O11 (its name). When they disagree with each other or with the subject reference, one problem names all
    three, each with what the reference calls it, and the file is refused (its marks would land under the wrong
    subject)."""
    first = frame.iloc[0]
    file_code, cell, title = first["subject_code"], first.get("subject_cell"), first.get("subject_title")
    subjects = _frame(connection, Subject.subject_code, Subject.name_fr, Subject.name_ar)
    if logic.notes_subject_agrees(file_code, cell, title, subjects):
        return []
    names = subjects.set_index("subject_code")
    unknown = reason("notes_subject_unknown")
    empty = Label("—", "—")

    def named(code: str | None) -> Label:
        if code is None or code not in names.index:
            return unknown
        return Label(f"{code} {names.at[code, 'name_fr']}", f"{code} {names.at[code, 'name_ar']}")

    cell_code = logic.technical_code(cell)
    title_code = logic.subject_of_title(title, subjects)
    said = reason("notes_subject", file_code=file_code or "—", file_name=named(file_code), cell=cell or empty,
                  cell_name=named(cell_code) if cell else empty, title=title or empty,
                  title_name=named(title_code) if title else empty)
    return [Problem(file, said, row=11, column="O11", value=title, sheet=first[SHEET])]


class TestCalendarImport(_SchoolData):
    spec = c.TableSpec(kind="test-calendar", key=("year", "school_code", "class_code", "subject_code", "test"),
                       columns=(f.YEAR, f.SCHOOL, CLASS, SUBJECT,
                                c.Column("test", c.choice({"1": "1", "2": "2", "3": "3"}, what("test_number")),
                                         aliases=("contrôle", "controle", "الفرض")),
                                DATE))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        problems = unknown_school(connection, frame, file) + unknown_class(connection, frame, file)
        problems += unknown_subject(connection, frame, file)
        first = frame["year"].str[:4].astype(int)
        inside = (frame["date"] >= pd.to_datetime(first.astype(str) + "-09-01")) & (
            frame["date"] <= pd.to_datetime((first + 1).astype(str) + "-06-30"))
        return problems + row_problems(frame[~inside], file, "date", lambda r: reason("outside_year", year=r["year"]))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame.rename(columns={"date": "held_on"})[["year", "school_code", "class_code", "subject_code", "test",
                                                          "held_on"]]
        return {"sl_test_dates": upsert_frame(connection, TestDate.__table__, rows,
                                              ["year", "school_code", "class_code", "subject_code", "test"])}


# --- school sports -------------------------------------------------------------------------------------------

EVENT = c.Column("event_id", c.code(32, what("event_id")), aliases=("activité", "activite", "النشاط", "رقم النشاط"))
SPORT = c.Column("sport", c.text(60), aliases=("discipline", "الرياضة", "النوع الرياضي"))


def not_at_school(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    enrolled = _enrolled(connection, frame["massar_code"].dropna().unique().tolist())
    return row_problems(frame[_missing(frame, enrolled, ["massar_code", "year", "school_code"])], file, "massar_code",
                        lambda r: reason("not_at_school", school=r["school_code"], year=r["year"]))


class SportMembersImport(_SchoolData):
    spec = c.TableSpec(kind="sport-members", key=("year", "school_code", "massar_code"), columns=(
        f.YEAR, f.SCHOOL, f.MASSAR,
        c.Column("licence_number", c.code(32, what("licence_number")), aliases=("licence", "n° licence", "رقم الرخصة")),
        SPORT,
        c.Column("category", c.text(30), aliases=("catégorie", "categorie", "الفئة")),
    ))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        return unknown_school(connection, frame, file) + not_at_school(connection, frame, file)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[["year", "school_code", "massar_code", "licence_number", "sport", "category"]]
        return {"sl_sport_members": upsert_frame(connection, SportMember.__table__, rows,
                                                 ["year", "school_code", "massar_code"])}


class SportEventsImport(_SchoolData):
    spec = c.TableSpec(kind="sport-events", key=("year", "school_code", "event_id"), columns=(
        f.YEAR, f.SCHOOL, EVENT,
        c.Column("kind", c.choice({**{k: k for k in EVENT_KINDS}, "activité": "activity", "نشاط": "activity",
                                   "compétition": "competition", "منافسة": "competition"}, what("event_kind")),
                 aliases=("type", "النوع")),
        SPORT, c.Column("name", c.text(160), aliases=("intitulé", "intitule", "nom", "العنوان")), DATE,
    ))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        return unknown_school(connection, frame, file)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame.rename(columns={"date": "held_on"})[["year", "school_code", "event_id", "kind", "sport", "name",
                                                          "held_on"]]
        return {"sl_sport_events": upsert_frame(connection, SportEvent.__table__, rows,
                                                ["year", "school_code", "event_id"])}


class SportParticipationImport(_SchoolData):
    spec = c.TableSpec(kind="sport-participation", key=("year", "school_code", "event_id", "massar_code"),
                       columns=(f.YEAR, f.SCHOOL, EVENT, f.MASSAR))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        events = _frame(connection, SportEvent.year, SportEvent.school_code, SportEvent.event_id)
        problems = row_problems(frame[_missing(frame, events, ["year", "school_code", "event_id"])], file, "event_id",
                                reason("unknown_event"))
        return problems + not_at_school(connection, frame, file)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[["year", "school_code", "event_id", "massar_code"]]
        return {"sl_sport_participation": upsert_frame(connection, SportParticipation.__table__, rows,
                                                       ["year", "school_code", "event_id", "massar_code"])}


IMPORTS = (SubjectsImport, RoomsImport, TeachersImport, GroupsImport, TimetableImport, ClassAbsencesImport,
           MarksImport, TestCalendarImport, SportMembersImport, SportEventsImport, SportParticipationImport)
