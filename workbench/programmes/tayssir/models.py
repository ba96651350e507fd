"""Tayssir conditional cash transfers: settings, payment periods, enrolled households, issued lines, complaints."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base


class TayssirCommune(Base):
    """Whether the programme targets a commune (its pupils' households are eligible without a RAMED/RSU card); a
    commune without a row is not targeted. Written by the communes import's Tayssir column and by the demo."""

    __tablename__ = "tayssir_communes"
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), primary_key=True)
    targeted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class TayssirRule(Base):
    """Monthly amount and absence limit per level, per year: reference data, never constants."""

    __tablename__ = "tayssir_rules"
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    level_code: Mapped[str] = mapped_column(ForeignKey("levels.code"), primary_key=True)
    monthly_amount_mad: Mapped[int] = mapped_column(Integer)
    max_absences_per_month: Mapped[int] = mapped_column(Integer)


class TayssirSettings(Base):
    """The programme's yearly choices (the amounts and absence limits per level are in tayssir_rules)."""

    __tablename__ = "tayssir_settings"
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    household_cap: Mapped[int] = mapped_column(Integer, default=3)
    count_justified_absences: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class TayssirPeriod(Base):
    """A payment period (from 2018-19: Sep-Dec, Jan-Mar, Apr-Jun); once issued, its lines are frozen."""

    __tablename__ = "tayssir_periods"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # e.g. 2025-2026-P1
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    first_month: Mapped[dt.date] = mapped_column(Date)
    last_month: Mapped[dt.date] = mapped_column(Date)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)


class TayssirEnrolment(Base):
    """A pupil's household registered in the programme for a year, paid to the guardian's CIN."""

    __tablename__ = "tayssir_enrolments"
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    guardian_cin: Mapped[str] = mapped_column(String(8), index=True)
    enrolled_on: Mapped[dt.date] = mapped_column(Date)
    ramed_or_rsu: Mapped[bool] = mapped_column(Boolean, default=False)


class TayssirLine(Base):
    """What an issued period pays for one pupil-month: the regular line, or a later adjustment of it."""

    __tablename__ = "tayssir_lines"
    __table_args__ = (CheckConstraint("kind IN ('regular', 'adjustment')", name="kind"),)
    period_code: Mapped[str] = mapped_column(ForeignKey("tayssir_periods.code"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    guardian_cin: Mapped[str] = mapped_column(String(8), index=True)
    amount_mad: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(40))


class TayssirPayment(Base):
    """The payment agent's answer for a household and period."""

    __tablename__ = "tayssir_payments"
    __table_args__ = (CheckConstraint("status IN ('paid', 'unpaid')", name="status"),)
    period_code: Mapped[str] = mapped_column(ForeignKey("tayssir_periods.code"), primary_key=True)
    guardian_cin: Mapped[str] = mapped_column(String(8), primary_key=True)
    amount_mad: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(6))
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    receipt: Mapped[str | None] = mapped_column(String(40))


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint("kind IN ('missing_payment', 'wrong_amount', 'eligibility', 'other')", name="kind"),
        CheckConstraint("state IN ('new', 'in_review', 'upheld', 'rejected')", name="state"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guardian_cin: Mapped[str] = mapped_column(String(8), index=True)
    massar_code: Mapped[str | None] = mapped_column(String(10))
    period_code: Mapped[str | None] = mapped_column(ForeignKey("tayssir_periods.code"))
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(40))
    filed_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default="new")
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)


class TayssirOverride(Base):
    """A pupil-month made payable by an upheld complaint, whatever the rules computed."""

    __tablename__ = "tayssir_overrides"
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
