"""Grants: applications, provincial quotas, the yearly scoring grid and amounts, published lists and appeals."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base

GRANT_TYPES = ("boarding_full", "boarding_half", "canteen", "lower_secondary")
_TYPES_SQL = ", ".join(f"'{t}'" for t in GRANT_TYPES)


class GrantApplication(Base):
    __tablename__ = "grant_applications"
    __table_args__ = (
        CheckConstraint(f"grant_type IN ({_TYPES_SQL})", name="grant_type"),
        CheckConstraint("orphan IN ('none', 'one', 'both')", name="orphan"),
        CheckConstraint("household_income_class IS NULL OR household_income_class BETWEEN 1 AND 5", name="income"),
        CheckConstraint("previous_average BETWEEN 0 AND 20", name="average"),
        CheckConstraint("distance_km >= 0", name="distance"),
    )
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    grant_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    household_income_class: Mapped[int | None] = mapped_column(Integer)
    rsu_score: Mapped[float | None] = mapped_column(Float)
    distance_km: Mapped[float] = mapped_column(Float)
    orphan: Mapped[str] = mapped_column(String(4), default="none")
    disability: Mapped[bool] = mapped_column(Boolean, default=False)
    previous_average: Mapped[float] = mapped_column(Float)
    applied_on: Mapped[dt.date] = mapped_column(Date)


class GrantQuota(Base):
    __tablename__ = "grant_quotas"
    __table_args__ = (CheckConstraint("places >= 0", name="places"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), primary_key=True)
    grant_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    places: Mapped[int] = mapped_column(Integer)


class GrantGrid(Base):
    """The year's scoring grid (points and caps) and waiting-list share: reference data, editable per year."""

    __tablename__ = "grant_grids"
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    poverty_points: Mapped[float] = mapped_column(Float)
    rsu_score_poorest: Mapped[float] = mapped_column(Float)
    rsu_score_richest: Mapped[float] = mapped_column(Float)
    distance_points: Mapped[float] = mapped_column(Float)
    distance_cap_km: Mapped[float] = mapped_column(Float)
    orphan_one_points: Mapped[float] = mapped_column(Float)
    orphan_both_points: Mapped[float] = mapped_column(Float)
    disability_points: Mapped[float] = mapped_column(Float)
    average_points: Mapped[float] = mapped_column(Float)
    waiting_list_share: Mapped[float] = mapped_column(Float)


class GrantAmount(Base):
    __tablename__ = "grant_amounts"
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    grant_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    quarter_amount_mad: Mapped[float] = mapped_column(Float)


class GrantPublished(Base):
    """The list as the committee published it; later lists are compared with it, line by line."""

    __tablename__ = "grant_published"
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    grant_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(4))
    score: Mapped[float | None] = mapped_column(Float)
    rank: Mapped[int | None] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(16))
    published_on: Mapped[dt.date] = mapped_column(Date)


class GrantChange(Base):
    """Who changed what in an application, when and why (appeals): append-only."""

    __tablename__ = "grant_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[str] = mapped_column(String(9))
    massar_code: Mapped[str] = mapped_column(String(10))
    grant_type: Mapped[str] = mapped_column(String(16))
    field: Mapped[str] = mapped_column(String(32))
    before: Mapped[str | None] = mapped_column(String(64))
    after: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)
