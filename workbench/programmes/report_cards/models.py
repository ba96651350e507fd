"""Report cards: the subjects' coefficients of each level and the marks of the exams (local, regional, national),
reported beside the semester's averages, never mixed into them. The averages and ranks themselves are computed from
school life's continuous-assessment marks (`sl_marks`) at each run, never stored. A change here is a new migration in
workbench/migrations/versions/, and every stored column has words in the programme's labels.csv."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base

EXAMS = ("local", "regional", "national")


class SubjectCoefficient(Base):
    """The weight of a subject in a level's semester average (a subject missing here weighs 1)."""

    __tablename__ = "rc_subject_coefficients"
    __table_args__ = (CheckConstraint("coefficient > 0", name="coefficient"),)
    level_code: Mapped[str] = mapped_column(ForeignKey("levels.code"), primary_key=True)
    subject_code: Mapped[str] = mapped_column(ForeignKey("sl_subjects.subject_code"), primary_key=True)
    coefficient: Mapped[float] = mapped_column(Float)


class ExamMark(Base):
    """A pupil's mark (0-20) in an exam's subject, or a justified absence from it (`absent_justified`)."""

    __tablename__ = "rc_exam_marks"
    __table_args__ = (CheckConstraint("mark IS NULL OR (mark >= 0 AND mark <= 20)", name="mark"),
                      CheckConstraint("exam IN ('local', 'regional', 'national')", name="exam"),
                      CheckConstraint("mark IS NOT NULL OR absent_justified", name="entered"))
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    exam: Mapped[str] = mapped_column(String(10), primary_key=True)
    subject_code: Mapped[str] = mapped_column(ForeignKey("sl_subjects.subject_code"), primary_key=True)
    mark: Mapped[float | None] = mapped_column(Float)
    absent_justified: Mapped[bool] = mapped_column(Boolean, default=False)
