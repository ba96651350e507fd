"""Daily absences: a date with at least one absent hour slot, justified or not."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench import absence_months
from workbench.catalogue import text
from workbench.exceptions import Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind, schools_of_pupils
from workbench.imports.table import row_problems, unknown_code_problems
from workbench.models import Enrolment, SchoolYear


class AbsencesImport(ImportKind):
    dataset = "absences"
    spec = c.TableSpec(
        kind="absences",
        key=("massar_code", "date"),
        columns=(
            f.MASSAR,
            c.Column("date", c.date(), aliases=("jour", "date d'absence", "التاريخ", "تاريخ الغياب")),
            c.Column("slots", c.number(1, 12, integer=True), required=False, default=1,
                     aliases=("heures", "séances", "seances", "عدد الحصص", "الحصص")),
            c.Column("justified", c.flag(), required=False, default=False,
                     aliases=("justifiée", "justifiee", "justifié", "مبرر")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        codes = frame["massar_code"].dropna().unique().tolist()
        years = pd.read_sql(select(SchoolYear.code, SchoolYear.starts_on, SchoolYear.ends_on), connection)
        enrolled = pd.read_sql(select(Enrolment.massar_code, Enrolment.year).where(Enrolment.massar_code.in_(codes)),
                               connection)
        problems = unknown_code_problems(frame, "massar_code", set(enrolled["massar_code"]), file,
                                         f.what("pupil_enrolled"))
        year_of_day = pd.Series(None, index=frame.index, dtype=object)
        for year in years.itertuples():  # a handful of school years
            inside = frame["date"].between(pd.Timestamp(year.starts_on), pd.Timestamp(year.ends_on))
            year_of_day[inside] = year.code
        known = frame.assign(year=year_of_day).merge(enrolled, on=["massar_code", "year"], how="left",
                                                     indicator=True)
        outside = known[known["massar_code"].isin(enrolled["massar_code"]) & (known["_merge"] == "left_only")]
        problems += row_problems(outside, file, "date",
                                 text("problem.not_school_day"))
        return problems

    def touched(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """Each month of absences is validated on its own: absences-YYYY-MM of the pupils' schools."""
        years = pd.read_sql(select(SchoolYear.code, SchoolYear.starts_on, SchoolYear.ends_on), connection)
        dated = frame[["massar_code", "date"]].assign(year=None)
        for year in years.itertuples():
            dated.loc[dated["date"].between(pd.Timestamp(year.starts_on), pd.Timestamp(year.ends_on)), "year"] = \
                year.code
        dated["dataset"] = "absences-" + dated["date"].dt.strftime("%Y-%m")
        pupils = dated[["massar_code", "year", "dataset"]].drop_duplicates()
        schools = schools_of_pupils(connection, pupils[["massar_code", "year"]].drop_duplicates())
        return pupils.merge(schools, on=["massar_code", "year"])[["dataset", "year", "school_code"]].drop_duplicates()

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame.rename(columns={"date": "absent_on"})[["massar_code", "absent_on", "slots", "justified"]]
        return {"absences": absence_months.write_days(connection, rows)}
