"""The campaign `workbench run report-cards --year Y --semester N`: each pupil's subject and semester averages and
rank in class (rules.md, "Report cards"), computed once for the run's scope; its files, `report_cards.csv` and one
PDF per class (one page per pupil). The report itself shows counts and distributions only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from workbench.catalogue import text
from workbench.exceptions import InputError
from workbench.exports import write_csv
from workbench.programmes.report_cards import logic, queries
from workbench.run_context import RunContext
from workbench.scope import Scope

NS = "report_cards"


def prepare_run(connection: Connection, year: str, values: dict[str, Any]) -> dict[str, Any]:
    """The semester given: 1 or 2."""
    semester = values.get("semester", 1)
    if str(semester).strip() not in ("1", "2"):
        raise InputError(text(f"{NS}.error.semester", semester=semester))
    return {**values, "semester": int(str(semester).strip())}


@dataclass
class ReportCardsResult:
    year: str
    semester: int
    scope: Scope
    rows: pd.DataFrame  # logic.report_cards: one row per pupil and subject with an average
    pupils: pd.DataFrame  # the scope's pupils of the year (with or without marks)
    exams: pd.DataFrame  # exam marks of the scope's pupils (beside, never in the averages)
    absences: pd.DataFrame  # hours absent in the semester per pupil
    subjects: pd.DataFrame  # subject_code, name_ar, name_fr
    levels: pd.DataFrame  # level_code, name_ar, name_fr

    def csv_rows(self) -> pd.DataFrame:
        return logic.as_csv(self.rows)

    def totals(self) -> dict[str, int]:
        ranked = self.rows["massar_code"].nunique()
        return {"pupils": len(self.pupils), "ranked": ranked, "without": len(self.pupils) - ranked,
                "classes": self.rows[["school_code", "class_code"]].drop_duplicates().shape[0],
                "schools": self.rows["school_code"].nunique(), "exam_marks": len(self.exams)}

    def _named(self, frame: pd.DataFrame, what: str) -> pd.DataFrame:
        names = (self.subjects if what == "subject" else self.levels).rename(
            columns={"name_ar": f"{what}_ar", "name_fr": f"{what}_fr"})
        return frame.merge(names, on=f"{what}_code", how="left")

    def by_level(self) -> pd.DataFrame:
        """Per level: pupils by band of semester average, their mean and those at 10 or more (counts only)."""
        if self.rows.empty:
            return pd.DataFrame(columns=["level_code", "level_fr", "level_ar", *logic.BANDS, "pupils", "mean",
                                         "passing"])
        return self._named(logic.distribution(self.rows, "level_code"), "level")

    def by_subject(self) -> pd.DataFrame:
        """Per subject: pupils with an average and the mean of their rounded averages (counts only)."""
        if self.rows.empty:
            return pd.DataFrame(columns=["subject_code", "pupils", "mean"])
        return self._named(self.rows.groupby("subject_code", as_index=False)
                           .agg(pupils=("massar_code", "size"), mean=("average", "mean"))
                           .assign(mean=lambda f: (f["mean"] / 100).round(2)), "subject")

    def exams_by_kind(self) -> pd.DataFrame:
        """Per exam and subject: marks, justified absences and mean mark (counts only)."""
        if self.exams.empty:
            return pd.DataFrame(columns=["exam", "subject_code", "marks", "absent", "mean"])
        return self._named(self.exams.groupby(["exam", "subject_code"], as_index=False)
                           .agg(marks=("mark", "count"), absent=("absent_justified", "sum"), mean=("mark", "mean"))
                           .assign(mean=lambda f: f["mean"].round(2)), "subject")


def compute(connection: Connection, run: RunContext) -> ReportCardsResult:
    semester = int(run.parameters.semester)
    pupils = queries.pupils(connection, run.year, run.scope)
    marks = queries.marks(connection, run.year, semester, run.scope)
    rows = logic.report_cards(marks, pupils, queries.coefficients(connection), semester)
    exams = queries.exam_marks(connection, run.year, run.scope)
    absences = queries.absence_hours(connection, run.year, semester, run.scope)
    return ReportCardsResult(run.year, semester, run.scope, rows, pupils, exams, absences,
                             queries.subjects(connection), queries.levels(connection))


def write_outputs(connection: Connection, result: ReportCardsResult, run: RunContext) -> list[Path]:
    from workbench.programmes.report_cards import cards

    written = [write_csv(result.csv_rows(), run.out_dir / "report_cards.csv")]
    if result.rows.empty:
        return written
    codes = result.rows["massar_code"].unique().tolist()
    shared = dict(names=queries.names(connection, codes),
                  schools=queries.schools(connection, result.rows["school_code"].unique().tolist()),
                  subjects=result.subjects, levels=result.levels)
    exams = result.exams[result.exams["massar_code"].isin(codes)]
    for (school, class_code), rows in result.rows.groupby(["school_code", "class_code"], sort=True):
        members = set(rows["massar_code"])
        data = cards.CardData(result.year, rows, absences=result.absences[result.absences["massar_code"].isin(
            members)], exams=exams[exams["massar_code"].isin(members)], **shared)
        path = run.out_dir / cards.file_name(school, class_code)
        path.write_bytes(cards.class_pdf(data, result.semester))
        written.append(path)
    record_cards(run.engine, result)
    return written


def record_cards(engine, result: ReportCardsResult) -> None:
    """The cards and the file name pupils: writing them is an audit event (who, when; the pupils, by code)."""
    from workbench.access.guard import guarded_write
    from workbench.models import Pupil

    with guarded_write(engine, "write report cards", file="report_cards.csv, report_card_*.pdf") as write:
        write.scoped = True  # the run's scope was checked before the cards
        pupils = result.rows.drop_duplicates("massar_code")[["massar_code", "school_code", "class_code"]]
        write.capture(Pupil.__table__, [], pupils.head(1_000).astype(object).to_dict("records"), total=len(pupils))
