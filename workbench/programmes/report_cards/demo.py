"""Report cards in the demo: the subjects' coefficients of the secondary levels from data/reference/
(report_cards_coefficients.csv, docs/programmes/report_cards.md says where they come from; the primary levels have
none: each subject weighs 1) and exam marks beside the averages: the local exam of 6AP, the regional exams of 3AC and
1BAC and the national exam of 2BAC, in the subjects the demo's continuous assessment marks. The averages themselves
come from school life's demo marks at each run (`workbench run report-cards`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from workbench.bulk import insert_frame
from workbench.demo.generate import DemoData
from workbench.programmes.report_cards.models import ExamMark, SubjectCoefficient
from workbench.programmes.school_life.models import Subject
from workbench.reference import read_reference

# level -> (exam, its subjects, by their French names: the demo follows the subject reference's codes)
EXAMS = {"6AP": ("local", ("Langue arabe", "Langue française", "Mathématiques")),
         "3AC": ("regional", ("Langue arabe", "Langue française", "Mathématiques")),
         "1BAC": ("regional", ("Langue arabe", "Langue française")),
         "2BAC": ("national", ("Mathématiques", "Langue française"))}


def coefficients(subjects: pd.DataFrame) -> pd.DataFrame:
    """The reference's coefficients under the subject codes of the database (matched by the subject's French name,
    else by its code), for the subjects it knows."""
    reference = read_reference("report_cards_coefficients")
    by_name = subjects.set_index("name_fr")["subject_code"]
    code = reference["subject_name_fr"].map(by_name).fillna(reference["subject_code"])
    found = reference.assign(subject_code=code)
    found = found[found["subject_code"].isin(subjects["subject_code"])]
    return found[["level_code", "subject_code", "coefficient"]].astype({"coefficient": float}).drop_duplicates(
        ["level_code", "subject_code"])


def exam_marks(rng: np.random.Generator, enrolments: pd.DataFrame, subjects: pd.DataFrame, year: str) -> pd.DataFrame:
    by_name = subjects.set_index("name_fr")["subject_code"]
    frames = []
    for level, (exam, names) in EXAMS.items():
        pupils = enrolments.loc[(enrolments["level_code"] == level) & enrolments["left_on"].isna(), "massar_code"]
        for name in names:
            if name in by_name.index:
                frames.append(pd.DataFrame({"massar_code": pupils.to_numpy(), "exam": exam,
                                            "subject_code": by_name[name]}))
    if not frames:
        return pd.DataFrame(columns=["year", "massar_code", "exam", "subject_code", "mark", "absent_justified"])
    rows = pd.concat(frames, ignore_index=True)
    n = len(rows)
    absent = rng.random(n) < 0.02
    mark = np.clip(np.round(rng.normal(11, 3.8, n) * 4) / 4, 0, 20)
    return rows.assign(year=year, mark=np.where(absent, np.nan, mark), absent_justified=absent)


def build(connection: Connection, data: DemoData) -> dict[str, int]:
    rng = np.random.default_rng([data.seed, 34])
    subjects = pd.read_sql(select(Subject.subject_code, Subject.name_fr), connection)
    return {
        "rc_subject_coefficients": insert_frame(connection, SubjectCoefficient.__table__, coefficients(subjects)),
        "rc_exam_marks": insert_frame(connection, ExamMark.__table__,
                                      exam_marks(rng, data.frames.enrolments, subjects, data.year)),
    }


def demo_school(engine, year: str) -> str:
    """The demo director's school whose report cards `make demo` prints: the first director's (by user name) whose
    pupils have marks that year."""
    from workbench.exceptions import InputError
    from workbench.models import Enrolment, User
    from workbench.programmes.school_life.models import Mark

    with engine.connect() as connection:
        schools = connection.scalars(select(User.school_code).where(
            User.role == "director", User.school_code.is_not(None)).order_by(User.username)).all()
        for school in schools:
            marked = connection.scalar(select(Mark.massar_code).join(
                Enrolment, (Enrolment.massar_code == Mark.massar_code) & (Enrolment.year == Mark.year))
                .where(Mark.year == year, Enrolment.school_code == school).limit(1))
            if marked is not None:
                return school
    raise InputError("No demo director's school has marks: run `workbench demo` first.")
