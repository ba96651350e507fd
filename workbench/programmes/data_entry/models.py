"""Data-entry completion: the school calendar (days without school: holidays for every school, closures of one)
and the absence sheets entered (a class's daily sheet, absent pupils or not: the `absence-sheets` import, and every
class sheet imported by school life's `class-absences`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, ForeignKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base

KINDS = ("holiday", "closure")
EVERY_SCHOOL = ""  # the school_code of a calendar day without school at every school


class CalendarDay(Base):
    """A date without school in a year: a holiday or closure of every school (`school_code` empty), or a closure of
    one school (its code; not a foreign key, as empty means every school)."""

    __tablename__ = "data_entry_calendar"
    __table_args__ = (CheckConstraint("kind IN ('holiday', 'closure')", name="kind"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    closed_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    school_code: Mapped[str] = mapped_column(String(6), primary_key=True, default=EVERY_SCHOOL)
    kind: Mapped[str] = mapped_column(String(8))
    label_fr: Mapped[str] = mapped_column(String(160))
    label_ar: Mapped[str] = mapped_column(String(160))


class AbsenceSheet(Base):
    """A class's absence sheet of a date, entered (with or without an absent pupil)."""

    __tablename__ = "data_entry_absence_sheets"
    __table_args__ = (ForeignKeyConstraint(["school_code", "year", "class_code"],
                                           ["classes.school_code", "classes.year", "classes.class_code"],
                                           name="fk_data_entry_absence_sheets_class"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    class_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    sheet_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
