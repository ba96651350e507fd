"""Imports of report cards (formats.md, "Report cards and exams"): the subjects' coefficients of each level
(`workbench import subject-coefficients FILE`) and the exams' marks (`workbench import exam-marks FILE`). Every row
is checked first, every problem of the file listed in one pass (exit 2, nothing written); then the whole file is
written in the guarded transaction (scope, audit trail) through workbench.bulk."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench.bulk import upsert_frame
from workbench.catalogue import Label, text
from workbench.codes import level_from_class
from workbench.exceptions import Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind, schools_of_pupils
from workbench.imports.table import row_problems, unknown_code_problems
from workbench.models import Level
from workbench.programmes.report_cards.models import EXAMS, ExamMark, SubjectCoefficient
from workbench.programmes.school_life.models import Subject
from workbench.reference import ensure_years

NS = "report_cards"


def what(key: str) -> Label:
    return text(f"{NS}.what.{key}")


def reason(key: str, **values: object) -> Label:
    return text(f"{NS}.problem.{key}", **values)


SUBJECT = c.Column("subject_code", c.code(8, what("subject_code")),
                   aliases=("code matière", "code matiere", "matière", "matiere", "رمز المادة", "المادة"))
EXAM_WORDS = {**{e: e for e in EXAMS}, "locale": "local", "régionale": "regional", "regionale": "regional",
              "régional": "regional", "nationale": "national", "محلي": "local", "الامتحان المحلي": "local",
              "جهوي": "regional", "الامتحان الجهوي": "regional", "وطني": "national", "الامتحان الوطني": "national"}
ABSENCE_WORDS = {"مبرر": "1", "justifié": "1", "justifie": "1", "justified": "1", "abs": "1", "absent": "1",
                 "غ.م": "1"}


def _justified() -> c.Parser:
    base = c.choice(ABSENCE_WORDS, what("absence"))

    def parse(values: pd.Series) -> c.Parsed:
        out, reasons = base(values)
        return out.map({"1": True}), reasons
    return parse


def _known(connection: Connection, column) -> set[str]:
    return set(connection.scalars(select(column)))


class SubjectCoefficientsImport(ImportKind):
    """A level's subject weights in its semester average. National reference (the ministry's notes): an
    administrator's."""

    national = True
    spec = c.TableSpec(kind="subject-coefficients", key=("level_code", "subject_code"), columns=(
        f.LEVEL, SUBJECT,
        c.Column("coefficient", c.number(0), aliases=("coef", "coefficient", "المعامل")),
    ))

    def prepare(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """A Massar class prefix (1APIC, 2BACSEF...) read as its level."""
        levels = _known(connection, Level.code)
        mapped = frame["level_code"].map(lambda code: code if code in levels or pd.isna(code)
                                         else level_from_class(code, levels) or code)
        return frame.assign(level_code=mapped)

    def extract(self, sheets, file):
        frame, problems = super().extract(sheets, file)
        if not frame.empty and "coefficient" in frame:
            zero = frame["coefficient"].notna() & (frame["coefficient"] <= 0)
            problems += row_problems(frame[zero], file, "coefficient", reason("coefficient_positive"))
        return frame, problems

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        return (unknown_code_problems(frame, "level_code", _known(connection, Level.code), file, what("level_code"))
                + unknown_code_problems(frame, "subject_code", _known(connection, Subject.subject_code), file,
                                        what("subject_code")))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[["level_code", "subject_code", "coefficient"]].astype({"coefficient": float})
        table = SubjectCoefficient.__table__
        return {table.name: upsert_frame(connection, table, rows, ["level_code", "subject_code"])}


class ExamMarksImport(ImportKind):
    """The marks of the local (school), regional and national exams, reported beside the report card's averages.
    The exam's authority imports them (a province or region team), the pupils' schools within its scope."""

    spec = c.TableSpec(kind="exam-marks", key=("massar_code", "year", "exam", "subject_code"), columns=(
        f.MASSAR, f.YEAR,
        c.Column("exam", c.choice(EXAM_WORDS, what("exam")), aliases=("examen", "الامتحان")),
        SUBJECT,
        c.Column("mark", c.number(0, 20), required=False, aliases=("note", "النقطة")),
        c.Column("absence", _justified(), required=False, aliases=("absence", "الغياب", "غياب")),
    ))

    def extract(self, sheets, file):
        frame, problems = super().extract(sheets, file)
        if not frame.empty and {"mark", "absence"} <= set(frame):
            empty = frame["mark"].isna() & frame["absence"].isna()
            problems += row_problems(frame[empty], file, "mark", reason("no_mark"))
            both = frame["mark"].notna() & frame["absence"].notna()
            problems += row_problems(frame[both], file, "absence", reason("mark_and_absence"))
        elif not frame.empty and "mark" in frame:
            problems += row_problems(frame[frame["mark"].isna()], file, "mark", reason("no_mark"))
        return frame, problems

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        problems = unknown_code_problems(frame, "subject_code", _known(connection, Subject.subject_code), file,
                                         what("subject_code"))
        enrolled = schools_of_pupils(connection, frame)
        given = frame.merge(enrolled[["massar_code", "year"]].drop_duplicates(), on=["massar_code", "year"],
                            how="left", indicator=True)["_merge"].to_numpy() == "both"
        return problems + row_problems(frame[~given], file, "massar_code",
                                       lambda r: reason("not_enrolled", year=r["year"]))

    def rows_outside_scope(self, write, frame: pd.DataFrame, file: str) -> list[Problem]:
        """A province or region team imports its pupils' marks only (a row of another's pupil refuses the file)."""
        if write.actor.scope.level == "all":
            return []
        enrolled = schools_of_pupils(write.connection, frame)
        outside = enrolled[enrolled["school_code"].isin(write.schools_outside(enrolled["school_code"].unique()))]
        rows = frame[frame["massar_code"].isin(outside["massar_code"])]
        return row_problems(rows, file, "massar_code", text("problem.outside_scope", user=write.actor.label))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        absence = frame["absence"] if "absence" in frame else pd.Series(None, index=frame.index, dtype=object)
        rows = frame.assign(absent_justified=absence.fillna(False).astype(bool) & frame["mark"].isna())
        rows = rows[["year", "massar_code", "exam", "subject_code", "mark", "absent_justified"]]
        table = ExamMark.__table__
        return {table.name: upsert_frame(connection, table, rows, ["year", "massar_code", "exam", "subject_code"])}


IMPORTS = (SubjectCoefficientsImport, ExamMarksImport)
