"""Second-chance schools (new generation): centres run by associations, their learners, staff and the yearly
opening plan per province, and where each centre's data of a year stands in the province's validation.

Tracking data is often incomplete (formats.md): every column an operator may leave empty is nullable, and how
much is missing is itself an indicator (logic.completeness)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base

STAGES = ("qualification", "pre_vocational", "follow_up")
OUTCOMES = ("school", "vocational_training", "employment", "self_employment", "dropped")
INTEGRATED = ("school", "vocational_training", "employment", "self_employment")  # rules.md: all but dropped
ROLES = ("educator", "trainer", "social_worker", "director", "other")
EDUCATING = ("educator", "trainer")  # the roles counted by learners_per_educator
MAX_HOURS = 60


def _within(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IS NULL OR {column} IN ({', '.join(repr(v) for v in values)})"


class E2CCentre(Base):
    """A centre and the agreement under which an association runs it; only its code, province and one name are
    required."""

    __tablename__ = "e2c_centres"
    __table_args__ = (
        CheckConstraint("name_fr IS NOT NULL OR name_ar IS NOT NULL", name="name"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
    )
    centre_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    name_fr: Mapped[str | None] = mapped_column(String(160))
    name_ar: Mapped[str | None] = mapped_column(String(160))
    association: Mapped[str | None] = mapped_column(String(160))
    agreement_start: Mapped[dt.date | None] = mapped_column(Date)
    agreement_end: Mapped[dt.date | None] = mapped_column(Date)
    opened_on: Mapped[dt.date | None] = mapped_column(Date)  # empty: planned, not yet open
    capacity: Mapped[int | None] = mapped_column(Integer)
    trades: Mapped[str | None] = mapped_column(Text)  # separated by ';' as in the file
    has_workshop: Mapped[bool | None] = mapped_column(Boolean)
    has_computer_room: Mapped[bool | None] = mapped_column(Boolean)


class E2CLearner(Base):
    """A youth enrolled at a centre for a year; `massar_code` links them to their former school record."""

    __tablename__ = "e2c_learners"
    __table_args__ = (
        CheckConstraint("sex IS NULL OR sex IN ('M', 'F')", name="sex"),
        CheckConstraint(_within("stage", STAGES), name="stage"),
        CheckConstraint(_within("outcome", OUTCOMES), name="outcome"),
        CheckConstraint("outcome IS NULL OR left_on IS NOT NULL", name="outcome_left"),
        Index("ix_e2c_learners_massar_code", "massar_code"),
    )
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("e2c_centres.centre_code"), primary_key=True)
    learner_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    massar_code: Mapped[str | None] = mapped_column(String(10))
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    enrolled_on: Mapped[dt.date] = mapped_column(Date)
    stage: Mapped[str | None] = mapped_column(String(16))
    trade: Mapped[str | None] = mapped_column(String(80))
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))


class E2CStaff(Base):
    __tablename__ = "e2c_staff"
    __table_args__ = (
        CheckConstraint("sex IS NULL OR sex IN ('M', 'F')", name="sex"),
        CheckConstraint(_within("role", ROLES), name="role"),
        CheckConstraint(f"hours_per_week IS NULL OR (hours_per_week >= 0 AND hours_per_week <= {MAX_HOURS})",
                        name="hours"),
    )
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("e2c_centres.centre_code"), primary_key=True)
    staff_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str | None] = mapped_column(String(16))
    sex: Mapped[str | None] = mapped_column(String(1))
    hours_per_week: Mapped[float | None] = mapped_column(Float)


class E2CPlan(Base):
    """The year's opening plan of a province: centres to open and learners to enrol."""

    __tablename__ = "e2c_plans"
    __table_args__ = (CheckConstraint("centres_planned >= 0 AND learners_planned >= 0", name="planned"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), primary_key=True)
    centres_planned: Mapped[int] = mapped_column(Integer)
    learners_planned: Mapped[int] = mapped_column(Integer)


class E2CValidation(Base):
    """Where a centre's data of a year stands: draft, approved by its province (then locked), or reopened with a
    reason. The schools' workflow (workbench.access.validation) is keyed by school; a centre is not one."""

    __tablename__ = "e2c_validations"
    __table_args__ = (
        CheckConstraint("state IN ('draft', 'submitted', 'approved', 'reopened')", name="state"),
    )
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("e2c_centres.centre_code"), primary_key=True)
    state: Mapped[str] = mapped_column(String(10))
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


VISIT_CHECKS = ("premises", "equipment", "trades", "learners", "staff", "tracking", "plan")


class E2CVisitFinding(Base):
    """What the committee found on one check of a centre's visit of a year (the visit workbook filled in on site
    and imported back, `e2c-visit`): what it observed and its comments, and the day of the visit."""

    __tablename__ = "e2c_visit_findings"
    __table_args__ = (CheckConstraint(_within("item", VISIT_CHECKS), name="item"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("e2c_centres.centre_code"), primary_key=True)
    item: Mapped[str] = mapped_column(String(16), primary_key=True)
    visited_on: Mapped[dt.date] = mapped_column(Date)
    observed: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
