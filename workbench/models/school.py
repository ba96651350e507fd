"""The school hierarchy, pupils, households and absences, as SQLAlchemy 2 typed models.

Codes are the natural keys operators already use (Massar code, school code, CIN),
so imports are idempotent upserts and exchange files need no id translation.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base


class Region(Base):
    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name_fr: Mapped[str] = mapped_column(String(80))
    name_ar: Mapped[str] = mapped_column(String(80))


class Province(Base):
    __tablename__ = "provinces"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name_fr: Mapped[str] = mapped_column(String(80))
    name_ar: Mapped[str] = mapped_column(String(80))


class Commune(Base):
    __tablename__ = "communes"
    __table_args__ = (
        CheckConstraint("milieu IN ('rural', 'urban')", name="milieu"),
        CheckConstraint("poverty_rate IS NULL OR (poverty_rate >= 0 AND poverty_rate <= 100)", name="poverty_rate"),
    )
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    name_fr: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str] = mapped_column(String(120))
    milieu: Mapped[str] = mapped_column(String(5))
    poverty_rate: Mapped[float | None] = mapped_column(Float)


class School(Base):
    __tablename__ = "schools"
    __table_args__ = (
        CheckConstraint("cycle IN ('primary', 'lower_secondary', 'upper_secondary')", name="cycle"),
        CheckConstraint("sector IN ('public', 'private')", name="sector"),
    )
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), index=True)
    name_fr: Mapped[str] = mapped_column(String(160))
    name_ar: Mapped[str] = mapped_column(String(160))
    cycle: Mapped[str] = mapped_column(String(16))
    sector: Mapped[str] = mapped_column(String(8))
    boarding_capacity: Mapped[int] = mapped_column(Integer, default=0)


class SchoolYear(Base):
    __tablename__ = "school_years"
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)


class Level(Base):
    __tablename__ = "levels"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    cycle: Mapped[str] = mapped_column(String(16))
    year_in_cycle: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer, unique=True)
    name_fr: Mapped[str] = mapped_column(String(80))
    name_ar: Mapped[str] = mapped_column(String(80))



class SchoolClass(Base):
    __tablename__ = "classes"
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    class_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    level_code: Mapped[str] = mapped_column(ForeignKey("levels.code"))


class Pupil(Base):
    __tablename__ = "pupils"
    __table_args__ = (CheckConstraint("sex IN ('M', 'F')", name="sex"),)
    massar_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_name_ar: Mapped[str] = mapped_column(String(80))
    first_name_ar: Mapped[str] = mapped_column(String(80))
    last_name_fr: Mapped[str | None] = mapped_column(String(80))
    first_name_fr: Mapped[str | None] = mapped_column(String(80))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    birth_place: Mapped[str | None] = mapped_column(String(80))


class Enrolment(Base):
    """A pupil's place in a school and class for one year; `left_on` is set when they leave."""

    __tablename__ = "enrolments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["school_code", "year", "class_code"],
            ["classes.school_code", "classes.year", "classes.class_code"],
            name="fk_enrolments_class",
        ),
        # Covers the counts of a year's pupils per school and level and the year's enrolments of a scope read
        # column-wise: those queries never read the table itself, which costs a look-up per pupil.
        Index("ix_enrolments_year_school", "year", "school_code", "level_code", "left_on", "massar_code"),
    )
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    level_code: Mapped[str] = mapped_column(ForeignKey("levels.code"))
    class_code: Mapped[str] = mapped_column(String(24))
    left_on: Mapped[dt.date | None] = mapped_column(Date)


class Guardian(Base):
    """A father, mother or tutor identified by their national ID card; one guardian is one household."""

    __tablename__ = "guardians"
    cin: Mapped[str] = mapped_column(String(8), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))


class PupilGuardian(Base):
    __tablename__ = "pupil_guardians"
    __table_args__ = (CheckConstraint("relationship IN ('father', 'mother', 'tutor')", name="relationship"),)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    guardian_cin: Mapped[str] = mapped_column(ForeignKey("guardians.cin"), index=True)
    relationship: Mapped[str] = mapped_column(String(8))


class Absence(Base):
    """A day with at least one absent hour slot."""

    __tablename__ = "absences"
    __table_args__ = (CheckConstraint("slots >= 1", name="slots"),)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    absent_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    slots: Mapped[int] = mapped_column(Integer, default=1)
    justified: Mapped[bool] = mapped_column(Boolean, default=False)


class AbsenceMonth(Base):
    """Absence days per pupil and month, kept in step with `absences` by its only writers (imports, the apps'
    entry, the demo) through `workbench.absence_months`: a programme with a monthly absence condition reads these
    instead of counting days each run."""

    __tablename__ = "absence_months"
    __table_args__ = (Index("ix_absence_months_unjustified", "unjustified_days", "month"),
                      Index("ix_absence_months_days", "days", "month"))
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # first day of the month
    days: Mapped[int] = mapped_column(Integer)
    unjustified_days: Mapped[int] = mapped_column(Integer)


class AbsenceSchoolMonth(Base):
    """Absence days per school and month of a school year: `absence_months` summed over the pupils the school
    enrols that year, kept in step by the same writers (`workbench.absence_months`), so that a region's absence
    figures are read from a few thousand rows instead of joining millions of pupil-months to their enrolments."""

    __tablename__ = "absence_school_months"
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # first day of the month
    days: Mapped[int] = mapped_column(Integer)
    unjustified_days: Mapped[int] = mapped_column(Integer)
