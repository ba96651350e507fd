"""One Million Schoolbags: the kit catalogue, its composition per level, returned books, deliveries, distributions."""

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


class KitExclusion(Base):
    """A pupil an operator excluded from One Million Schoolbags for a year (kit received elsewhere, family
    declined...): keyed by the enrolment; no row, a beneficiary when the rules make them one."""

    __tablename__ = "kit_exclusions"
    __table_args__ = (ForeignKeyConstraint(["massar_code", "year"], ["enrolments.massar_code", "enrolments.year"],
                                           name="fk_kit_exclusions_enrolment"),)
    year: Mapped[str] = mapped_column(String(9), primary_key=True)
    massar_code: Mapped[str] = mapped_column(String(10), primary_key=True)


class KitItem(Base):
    __tablename__ = "kit_items"
    __table_args__ = (CheckConstraint("kind IN ('textbook', 'notebook', 'supply', 'bag')", name="kind"),)
    item_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str | None] = mapped_column(String(40))
    name_fr: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str] = mapped_column(String(120))
    reusable: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_cost_mad: Mapped[float | None] = mapped_column(Float)


class KitComposition(Base):
    """How many of an item each beneficiary of a level and milieu receives (milieu 'all' applies to both)."""

    __tablename__ = "kit_composition"
    __table_args__ = (
        CheckConstraint("milieu IN ('rural', 'urban', 'all')", name="milieu"),
        CheckConstraint("quantity >= 0", name="quantity"),
    )
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    level_code: Mapped[str] = mapped_column(ForeignKey("levels.code"), primary_key=True)
    milieu: Mapped[str] = mapped_column(String(5), primary_key=True)
    item_code: Mapped[str] = mapped_column(ForeignKey("kit_items.item_code"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)


class ReturnedBook(Base):
    """Copies handed back at a school, counted for the year they will be lent again."""

    __tablename__ = "returned_books"
    __table_args__ = (CheckConstraint("usable >= 0 AND usable <= returned", name="usable"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    item_code: Mapped[str] = mapped_column(ForeignKey("kit_items.item_code"), primary_key=True)
    returned: Mapped[int] = mapped_column(Integer)
    usable: Mapped[int] = mapped_column(Integer)
    # Bumped by every edit, so that an edit made on a stale copy is refused instead of overwriting another's.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (CheckConstraint("quantity >= 0", name="quantity"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    item_code: Mapped[str] = mapped_column(ForeignKey("kit_items.item_code"), primary_key=True)
    delivered_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)
    supplier: Mapped[str | None] = mapped_column(String(120))


class Distribution(Base):
    """A beneficiary pupil received their kit (complete or not) at the school where they were enrolled."""

    __tablename__ = "distributions"
    __table_args__ = (Index("ix_distributions_year_school", "year", "school_code", "complete"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"))
    delivered_on: Mapped[dt.date] = mapped_column(Date)
    complete: Mapped[bool] = mapped_column(Boolean, default=True)
