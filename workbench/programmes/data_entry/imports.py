"""Imports of data-entry completion (formats.md, "Data-entry completion and notifications"): the school calendar
(`school-calendar`: the year's holidays and closures) and the absence sheets entered (`absence-sheets`: a class's
sheet of a date, absent pupils or not). Every row is checked first, every problem listed in one pass; then the
whole file is written in the guarded transaction through workbench.bulk. `record_sheets` is the one writer of
sheets entered, which school life's class-absences import calls in its own guarded write."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench.access.guard import in_chunks
from workbench.bulk import upsert_frame
from workbench.catalogue import Label, text
from workbench.exceptions import Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind
from workbench.imports.table import row_problems
from workbench.models import School, SchoolClass
from workbench.programmes.data_entry.models import EVERY_SCHOOL, KINDS, AbsenceSheet, CalendarDay
from workbench.reference import ensure_years

SHEET_KEY = ["year", "school_code", "class_code", "sheet_date"]


def reason(key: str, **values: object) -> Label:
    return text(f"data_entry.problem.{key}", **values)


def what(key: str) -> Label:
    return text(f"data_entry.what.{key}")


KIND_WORDS = {**{k: k for k in KINDS}, "congé": "holiday", "conge": "holiday", "férié": "holiday",
              "ferie": "holiday", "vacances": "holiday", "fermeture": "closure",
              "عطلة": "holiday", "عطلة رسمية": "holiday", "إغلاق": "closure"}
DATE = c.Column("date", c.date(), aliases=("jour", "التاريخ"))
CLASS = c.Column("class_code", c.code(24, what("class_code")), aliases=("classe", "القسم"))


def _outside_year(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Rows dated outside their school year (1 September to 30 June)."""
    first = frame["year"].str[:4].astype(int)
    inside = (frame["date"] >= pd.to_datetime(first.astype(str) + "-09-01")) & (
        frame["date"] <= pd.to_datetime((first + 1).astype(str) + "-06-30"))
    return row_problems(frame[~inside], file, "date", lambda r: reason("outside_year", year=r["year"]))


def _unknown_schools(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    codes = frame["school_code"].dropna()
    codes = codes[codes != EVERY_SCHOOL].unique().tolist()
    known = {code for chunk in in_chunks(codes)
             for code in connection.scalars(select(School.code).where(School.code.in_(chunk)))}
    given = frame["school_code"].notna() & (frame["school_code"] != EVERY_SCHOOL)
    return row_problems(frame[given & ~frame["school_code"].isin(known)], file, "school_code",
                        reason("unknown_school"))


class SchoolCalendarImport(ImportKind):
    """The year's days without school: holidays and closures of every school, or a closure of one school (its
    code). A province or region team's data (no school's own)."""

    spec = c.TableSpec(kind="school-calendar", key=("year", "date", "school_code"), columns=(
        f.YEAR, DATE,
        c.Column("kind", c.choice(KIND_WORDS, what("kind")), aliases=("type", "النوع")),
        c.Column("label_fr", c.text(160), aliases=("libellé", "libelle", "intitulé", "label")),
        c.Column("label_ar", c.text(160), aliases=("التسمية", "العنوان", "libellé ar")),
        f.optional(f.SCHOOL, EVERY_SCHOOL),
    ))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        return _unknown_schools(connection, frame, file) + _outside_year(frame, file)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame.rename(columns={"date": "closed_on"}).assign(
            school_code=frame["school_code"].fillna(EVERY_SCHOOL),
            closed_on=frame["date"].dt.date)[["year", "closed_on", "school_code", "kind", "label_fr", "label_ar"]]
        return {"data_entry_calendar": upsert_frame(connection, CalendarDay.__table__, rows,
                                                    ["year", "closed_on", "school_code"])}


class AbsenceSheetsImport(ImportKind):
    """A class's absence sheet of a date was entered (absent pupils or not): the school's absences of that month,
    validated as absences-YYYY-MM."""

    dataset = "absences"
    spec = c.TableSpec(kind="absence-sheets", key=("year", "school_code", "class_code", "date"),
                       columns=(f.YEAR, f.SCHOOL, CLASS, DATE))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        problems = _unknown_schools(connection, frame, file)
        codes = frame["school_code"].dropna().unique().tolist()
        classes = pd.concat([pd.read_sql(select(SchoolClass.year, SchoolClass.school_code, SchoolClass.class_code)
                                         .where(SchoolClass.school_code.in_(chunk)), connection)
                             for chunk in in_chunks(codes)] or [pd.DataFrame(columns=["year", "school_code",
                                                                                      "class_code"])])
        keys = ["year", "school_code", "class_code"]
        found = frame[keys].merge(classes.drop_duplicates(), how="left", indicator=True)["_merge"].to_numpy() == "both"
        schools = {code for chunk in in_chunks(codes)
                   for code in connection.scalars(select(School.code).where(School.code.in_(chunk)))}
        bad = frame[~found & frame["school_code"].isin(schools)]  # an unknown school is said once
        problems += row_problems(bad, file, "class_code",
                                 lambda r: reason("unknown_class", school=r["school_code"], year=r["year"]))
        sundays = frame[frame["date"].dt.day_of_week == 6]
        return problems + _outside_year(frame, file) + row_problems(sundays, file, "date", reason("not_school_day"))

    def touched(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[["year", "school_code"]].assign(
            dataset="absences-" + frame["date"].dt.strftime("%Y-%m")).drop_duplicates()

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        return record_sheets(connection, frame)


def record_sheets(connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
    """Record as entered the absence sheet of each (year, school_code, class_code, date) of `frame`, in the caller's
    guarded write (the absence-sheets import, and school life's class sheets, imported or typed in its app)."""
    rows = frame[["year", "school_code", "class_code", "date"]].drop_duplicates()
    rows = rows.assign(sheet_date=pd.to_datetime(rows.pop("date")).dt.date)
    ensure_years(connection, rows["year"])
    return {"data_entry_absence_sheets": upsert_frame(connection, AbsenceSheet.__table__, rows, SHEET_KEY)}
