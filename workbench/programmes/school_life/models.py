"""School life: the structures a director enters in Massar (subjects, rooms, teachers, groups), the week's timetable,
absences by hour slot, marks of the continuous assessment (NotesCC), test dates and the school sports association.

Hour-slot absences (`sl_absence_slots`) are the entry; the absence *days* every campaign reads stay in the core
`absences` table, which this package's writer derives from them (logic.absence_days) in the same transaction."""

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

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat")
SLOTS = tuple(range(1, 9))  # slot 1 starts at 08:00, one hour each; 5-8 in the afternoon
ROOM_KINDS = ("classroom", "lab", "gym", "workshop", "other")
TESTS = ("1", "2", "3", "activities")
EVENT_KINDS = ("activity", "competition")
WHOLE_CLASS = ""  # the group_code of a timetable row taught to the whole class


def _within(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _class_key(table: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(["school_code", "year", "class_code"],
                                ["classes.school_code", "classes.year", "classes.class_code"], name=f"fk_{table}_class")


class Subject(Base):
    __tablename__ = "sl_subjects"
    subject_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name_fr: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str] = mapped_column(String(120))


class RequiredHours(Base):
    """Weekly hours a level requires in a subject, for a school year (reference data; `confirmed` false where the
    figure is ours, not an official text's)."""

    __tablename__ = "sl_required_hours"
    __table_args__ = (CheckConstraint("hours >= 0 AND hours <= 48", name="hours"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    level_code: Mapped[str] = mapped_column(ForeignKey("levels.code"), primary_key=True)
    subject_code: Mapped[str] = mapped_column(ForeignKey("sl_subjects.subject_code"), primary_key=True)
    hours: Mapped[float] = mapped_column(Float)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)


class SchoolLifeSettings(Base):
    """The year's settings: unjustified hours in a school week from which a notice goes to the family."""

    __tablename__ = "sl_settings"
    __table_args__ = (CheckConstraint("notice_hours >= 1", name="notice_hours"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    notice_hours: Mapped[int] = mapped_column(Integer, default=4)


class Room(Base):
    __tablename__ = "sl_rooms"
    __table_args__ = (CheckConstraint(_within("kind", ROOM_KINDS), name="kind"),
                      CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"))
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    room_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    capacity: Mapped[int | None] = mapped_column(Integer)


class Teacher(Base):
    __tablename__ = "sl_teachers"
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    teacher_id: Mapped[str] = mapped_column(String(24), primary_key=True)
    last_name: Mapped[str] = mapped_column(String(80))
    first_name: Mapped[str] = mapped_column(String(80))
    subject_code: Mapped[str | None] = mapped_column(ForeignKey("sl_subjects.subject_code"))


class GroupMember(Base):
    """A pupil in a group (a class split for a subject, e.g. 1APIC-2-G1)."""

    __tablename__ = "sl_groups"
    __table_args__ = (_class_key("sl_groups"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    group_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    class_code: Mapped[str] = mapped_column(String(24))
    subject_code: Mapped[str] = mapped_column(ForeignKey("sl_subjects.subject_code"))


class TimetableSlot(Base):
    """One hour of a class's week (or of one of its groups: `group_code` empty for the whole class)."""

    __tablename__ = "sl_timetable"
    __table_args__ = (_class_key("sl_timetable"),
                      CheckConstraint(_within("day", DAYS), name="day"),
                      CheckConstraint("slot >= 1 AND slot <= 8", name="slot"),
                      Index("ix_sl_timetable_school", "year", "school_code", "day", "slot"))
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    class_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    group_code: Mapped[str] = mapped_column(String(32), primary_key=True, default=WHOLE_CLASS)
    day: Mapped[str] = mapped_column(String(3), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_code: Mapped[str] = mapped_column(ForeignKey("sl_subjects.subject_code"))
    teacher_id: Mapped[str] = mapped_column(String(24))
    room_code: Mapped[str] = mapped_column(String(24))


class AbsenceSlot(Base):
    """An hour slot a pupil missed on a date, justified or not: the source of that date's row in `absences`."""

    __tablename__ = "sl_absence_slots"
    __table_args__ = (CheckConstraint("slot >= 1 AND slot <= 8", name="slot"),)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    absent_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    justified: Mapped[bool] = mapped_column(Boolean, default=False)


class Mark(Base):
    """A continuous-assessment mark (0-20) of a test, or a justified absence from it (`absent_justified`)."""

    __tablename__ = "sl_marks"
    __table_args__ = (CheckConstraint("mark IS NULL OR (mark >= 0 AND mark <= 20)", name="mark"),
                      CheckConstraint("semester IN (1, 2)", name="semester"),
                      CheckConstraint(_within("test", TESTS), name="test"),
                      CheckConstraint("mark IS NOT NULL OR absent_justified", name="entered"))
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    semester: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_code: Mapped[str] = mapped_column(ForeignKey("sl_subjects.subject_code"), primary_key=True)
    test: Mapped[str] = mapped_column(String(10), primary_key=True)
    mark: Mapped[float | None] = mapped_column(Float)
    absent_justified: Mapped[bool] = mapped_column(Boolean, default=False)


class TestDate(Base):
    __tablename__ = "sl_test_dates"
    __table_args__ = (_class_key("sl_test_dates"), CheckConstraint("test IN ('1', '2', '3')", name="test"))
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    class_code: Mapped[str] = mapped_column(String(24), primary_key=True)
    subject_code: Mapped[str] = mapped_column(ForeignKey("sl_subjects.subject_code"), primary_key=True)
    test: Mapped[str] = mapped_column(String(1), primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date)


class SportMember(Base):
    """A pupil licensed in the school sports association (ministerial letter 410/14)."""

    __tablename__ = "sl_sport_members"
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
    licence_number: Mapped[str] = mapped_column(String(32))
    sport: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(30))


class SportEvent(Base):
    """An activity or a competition of the association."""

    __tablename__ = "sl_sport_events"
    __table_args__ = (CheckConstraint(_within("kind", EVENT_KINDS), name="kind"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    sport: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(160))
    held_on: Mapped[dt.date] = mapped_column(Date)


class SportParticipation(Base):
    __tablename__ = "sl_sport_participation"
    __table_args__ = (ForeignKeyConstraint(["year", "school_code", "event_id"],
                                           ["sl_sport_events.year", "sl_sport_events.school_code",
                                            "sl_sport_events.event_id"], name="fk_sl_sport_participation_event"),)
    year: Mapped[str] = mapped_column(ForeignKey("school_years.code"), primary_key=True)
    school_code: Mapped[str] = mapped_column(ForeignKey("schools.code"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    massar_code: Mapped[str] = mapped_column(ForeignKey("pupils.massar_code"), primary_key=True)
