"""What a logged-in holder may read: every query takes the holder and reaches only the pupils of their code (read
from the database when their session was checked, never from a page's parameters). A pupil asked for by a page that
is not one of the holder's is refused, whatever else the page sends."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, exists, func, select

from workbench import analytics
from workbench.catalogue import text
from workbench.codes import year_bounds
from workbench.exceptions import InputError
from workbench.models import Enrolment, Level, Pupil, School
from workbench.programmes.grants.models import GrantPublished
from workbench.programmes.portal.logins import Holder
from workbench.programmes.school_life.models import (
    AbsenceSlot,
    GroupMember,
    Mark,
    Subject,
    TestDate,
    TimetableSlot,
)
from workbench.programmes.schoolbags.models import Distribution, KitExclusion
from workbench.programmes.tayssir.models import TayssirLine, TayssirPayment

NS = "portal"


def own(holder: Holder, massar_codes: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """The pupils asked for, which must all be the holder's (none asked: all of them)."""
    asked = list(holder.pupils) if massar_codes is None else list(massar_codes)
    if any(code not in holder.pupils for code in asked):
        raise InputError(text(f"{NS}.error.not_your_pupil"))
    return asked


def identity(connection: Connection, holder: Holder, year: str) -> pd.DataFrame:
    """Each of the holder's pupils: names, birth, school, class, level, and whether they left."""
    query = (select(Pupil.massar_code, Pupil.last_name_ar, Pupil.first_name_ar, Pupil.last_name_fr,
                    Pupil.first_name_fr, Pupil.birth_date, Pupil.birth_place, Enrolment.school_code,
                    School.name_ar.label("school_ar"), School.name_fr.label("school_fr"), Enrolment.class_code,
                    Level.name_ar.label("level_ar"), Level.name_fr.label("level_fr"), Enrolment.left_on)
             .join(Enrolment, (Enrolment.massar_code == Pupil.massar_code) & (Enrolment.year == year))
             .join(School, School.code == Enrolment.school_code).join(Level, Level.code == Enrolment.level_code)
             .where(Pupil.massar_code.in_(own(holder)), Enrolment.school_code == holder.school_code)
             .order_by(Pupil.birth_date))
    return analytics.read_sql(query, connection)


def marks(connection: Connection, holder: Holder, year: str, massar_codes: list[str] | None = None) -> pd.DataFrame:
    """Marks by subject and test, each beside its class's mean for the same test."""
    pupils = own(holder, massar_codes)
    mine = analytics.read_sql(
        select(Mark.massar_code, Enrolment.class_code, Enrolment.school_code, Mark.semester, Mark.subject_code,
               Subject.name_ar.label("subject_ar"), Subject.name_fr.label("subject_fr"), Mark.test, Mark.mark,
               Mark.absent_justified)
        .join(Enrolment, (Enrolment.massar_code == Mark.massar_code) & (Enrolment.year == Mark.year))
        .join(Subject, Subject.subject_code == Mark.subject_code)
        .where(Mark.year == year, Mark.massar_code.in_(pupils)), connection)
    if mine.empty:
        return mine.assign(class_mean=pd.Series(dtype=float))
    classes = mine["class_code"].unique().tolist()
    means = analytics.read_sql(
        select(Enrolment.class_code, Mark.semester, Mark.subject_code, Mark.test,
               func.avg(Mark.mark).label("class_mean"))
        .join(Enrolment, (Enrolment.massar_code == Mark.massar_code) & (Enrolment.year == Mark.year))
        .where(Mark.year == year, Enrolment.school_code == holder.school_code, Enrolment.class_code.in_(classes),
               Mark.mark.is_not(None))
        .group_by(Enrolment.class_code, Mark.semester, Mark.subject_code, Mark.test), connection)
    out = mine.merge(means, on=["class_code", "semester", "subject_code", "test"], how="left")
    out["class_mean"] = out["class_mean"].astype(float).round(2)
    return out.sort_values(["massar_code", "semester", "subject_code", "test"], ignore_index=True)


def absences(connection: Connection, holder: Holder, year: str,
             massar_codes: list[str] | None = None) -> pd.DataFrame:
    """Absences by day: the hour slots missed and the cause (justified when every slot of the day is)."""
    pupils = own(holder, massar_codes)
    starts_on, ends_on = year_bounds(year)
    slots = analytics.read_sql(
        select(AbsenceSlot.massar_code, AbsenceSlot.absent_on, AbsenceSlot.slot, AbsenceSlot.justified)
        .where(AbsenceSlot.massar_code.in_(pupils), AbsenceSlot.absent_on.between(starts_on, ends_on)), connection)
    if slots.empty:
        return pd.DataFrame(columns=["massar_code", "absent_on", "slots", "hours", "justified"])
    slots = slots.sort_values("slot")
    days = slots.groupby(["massar_code", "absent_on"], as_index=False).agg(
        slots=("slot", lambda s: ", ".join(str(v) for v in s)), hours=("slot", "size"),
        justified=("justified", "all"))
    return days.sort_values(["massar_code", "absent_on"], ascending=[True, False], ignore_index=True)


def timetable(connection: Connection, holder: Holder, year: str,
              massar_codes: list[str] | None = None) -> pd.DataFrame:
    """Each pupil's week: their class's lessons and their groups' (a split class)."""
    pupils = own(holder, massar_codes)
    classes = analytics.read_sql(
        select(Enrolment.massar_code, Enrolment.school_code, Enrolment.class_code)
        .where(Enrolment.year == year, Enrolment.massar_code.in_(pupils)), connection)
    groups = analytics.read_sql(select(GroupMember.massar_code, GroupMember.group_code)
                                .where(GroupMember.year == year, GroupMember.massar_code.in_(pupils)), connection)
    lessons = analytics.read_sql(
        select(TimetableSlot.school_code, TimetableSlot.class_code, TimetableSlot.group_code, TimetableSlot.day,
               TimetableSlot.slot, TimetableSlot.subject_code, Subject.name_ar.label("subject_ar"),
               Subject.name_fr.label("subject_fr"), TimetableSlot.room_code)
        .join(Subject, Subject.subject_code == TimetableSlot.subject_code)
        .where(TimetableSlot.year == year, TimetableSlot.school_code == holder.school_code,
               TimetableSlot.class_code.in_(classes["class_code"].unique().tolist())), connection)
    week = classes.merge(lessons, on=["school_code", "class_code"])
    theirs = (week["group_code"] == "") | week.set_index(["massar_code", "group_code"]).index.isin(
        groups.set_index(["massar_code", "group_code"]).index)
    return week[theirs].sort_values(["massar_code", "day", "slot"], ignore_index=True)


def coming_tests(connection: Connection, holder: Holder, year: str, today: dt.date | None = None,
                 massar_codes: list[str] | None = None) -> pd.DataFrame:
    """The class tests to come, for each pupil."""
    pupils = own(holder, massar_codes)
    today = today or dt.date.today()
    return analytics.read_sql(
        select(Enrolment.massar_code, TestDate.subject_code, Subject.name_ar.label("subject_ar"),
               Subject.name_fr.label("subject_fr"), TestDate.test, TestDate.held_on)
        .join(Enrolment, (Enrolment.school_code == TestDate.school_code) & (Enrolment.year == TestDate.year)
              & (Enrolment.class_code == TestDate.class_code))
        .join(Subject, Subject.subject_code == TestDate.subject_code)
        .where(TestDate.year == year, Enrolment.massar_code.in_(pupils), TestDate.held_on >= today)
        .order_by(TestDate.held_on), connection)


def tayssir_months(connection: Connection, holder: Holder, year: str) -> pd.DataFrame:
    """The Tayssir months of the holder's pupils (paid, withheld, ...) in the year."""
    starts_on, ends_on = year_bounds(year)
    return analytics.read_sql(
        select(TayssirLine.massar_code, TayssirLine.month, TayssirLine.kind, TayssirLine.amount_mad,
               TayssirLine.status, TayssirLine.reason)
        .where(TayssirLine.massar_code.in_(own(holder)), TayssirLine.month.between(starts_on, ends_on))
        .order_by(TayssirLine.massar_code, TayssirLine.month), connection)


def tayssir_transfers(connection: Connection, holder: Holder, year: str) -> pd.DataFrame:
    """The household's transfers, for a guardian (a pupil's code does not show the family's payments)."""
    if holder.kind != "guardian":
        return pd.DataFrame(columns=["period_code", "amount_mad", "status", "paid_on"])
    return analytics.read_sql(
        select(TayssirPayment.period_code, TayssirPayment.amount_mad, TayssirPayment.status, TayssirPayment.paid_on)
        .where(TayssirPayment.guardian_cin == holder.identifier, TayssirPayment.period_code.like(f"{year}%"))
        .order_by(TayssirPayment.period_code), connection)


def kit_and_grants(connection: Connection, holder: Holder, year: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The school kit (beneficiary or not, delivered when) and the published grant decisions of each pupil."""
    pupils = own(holder)
    kit = analytics.read_sql(
        select(Enrolment.massar_code,
               exists().where(KitExclusion.year == Enrolment.year, KitExclusion.massar_code == Enrolment.massar_code)
               .label("kit_excluded"), Distribution.delivered_on, Distribution.complete)
        .outerjoin(Distribution, (Distribution.massar_code == Enrolment.massar_code)
                   & (Distribution.year == Enrolment.year))
        .where(Enrolment.year == year, Enrolment.massar_code.in_(pupils)), connection)
    grants = analytics.read_sql(
        select(GrantPublished.massar_code, GrantPublished.grant_type, GrantPublished.decision,
               GrantPublished.published_on)
        .where(GrantPublished.year == year, GrantPublished.massar_code.in_(pupils)), connection)
    return kit, grants
