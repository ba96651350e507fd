"""Absence notices to families through the outbox (rules.md "School life": one notice per pupil and school week whose
unjustified absence hours reach the year's threshold, with the dates and hours, in Arabic and French, to the
guardian's phone or address), queued in the transaction of the class-absences import that makes them due."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select

from workbench.access.guard import in_chunks
from workbench.catalogue import text
from workbench.models import Enrolment, Guardian, PupilGuardian
from workbench.outbox import enqueue
from workbench.programmes.school_life import logic, queries
from workbench.programmes.school_life.models import AbsenceSlot

KIND = "absence_notice"
ONCE = dt.timedelta(days=366)  # one notice per pupil and week: never queued twice within the school year


def isolated(values: pd.Series) -> pd.Series:
    """Codes, figures and dates kept left to right inside Arabic text (Unicode isolates)."""
    return "\u2066" + values.astype(str) + "\u2069"


def school_year(dates: pd.Series) -> pd.Series:
    first = dates.dt.year - (dates.dt.month < 9)
    return first.astype(str) + "-" + (first + 1).astype(str)


def due_notices(connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
    """The notices due for the pupils and school weeks of an absences file just written (the week's hours read
    from the stored slots, in the import's transaction), each with its guardian's name, phone and e-mail."""
    touched = frame[["massar_code"]].assign(date=pd.to_datetime(frame["date"])).drop_duplicates()
    touched = touched.assign(week_start=logic.week_start(touched["date"]), year=school_year(touched["date"]))
    pairs = touched[["massar_code", "week_start", "year"]].drop_duplicates()
    if pairs.empty:
        return pd.DataFrame()
    first, last = pairs["week_start"].min().date(), (pairs["week_start"].max() + pd.Timedelta(days=6)).date()
    codes = sorted(pairs["massar_code"].unique())
    slots = pd.concat([pd.read_sql(select(AbsenceSlot.__table__).where(
        AbsenceSlot.massar_code.in_(chunk), AbsenceSlot.absent_on.between(first, last)), connection)
        for chunk in in_chunks(codes)], ignore_index=True)
    if slots.empty:
        return pd.DataFrame()
    slots = slots.assign(absent_on=pd.to_datetime(slots["absent_on"]))
    slots = slots.assign(week_start=logic.week_start(slots["absent_on"])).merge(
        pairs[["massar_code", "week_start"]].drop_duplicates(), on=["massar_code", "week_start"]).drop(
        columns="week_start")
    message = text("school_life.notice.message")
    found = []
    for year in sorted(pairs["year"].unique()):  # a file holds one school year, or two at most
        pupils = pd.concat([pd.read_sql(
            select(Enrolment.massar_code, Enrolment.school_code, PupilGuardian.guardian_cin,
                   Guardian.full_name.label("guardian_name"), Guardian.phone, Guardian.email)
            .outerjoin(PupilGuardian, PupilGuardian.massar_code == Enrolment.massar_code)
            .outerjoin(Guardian, Guardian.cin == PupilGuardian.guardian_cin)
            .where(Enrolment.year == year, Enrolment.massar_code.in_(chunk)), connection)
            for chunk in in_chunks(codes)], ignore_index=True).drop_duplicates("massar_code")
        notices = logic.notices(slots, pupils, queries.notice_hours(connection, year), message.fr, message.ar)
        if notices.empty:
            continue
        notices = notices.merge(pupils[["massar_code", "guardian_name", "phone", "email"]], on="massar_code")
        in_arabic = notices.assign(**{column: isolated(notices[column])
                                      for column in ("massar_code", "hours", "week_start", "dates")})
        found.append(notices.assign(message_ar=logic.fill(message.ar, in_arabic)))
    return pd.concat(found, ignore_index=True) if found else pd.DataFrame()


def as_messages(notices: pd.DataFrame) -> pd.DataFrame:
    """One message per notice: an SMS to the guardian's phone, else an e-mail to their address (neither: not
    queued, counted by the outbox); in Arabic, then French."""
    subject = text("school_life.notice.subject")
    sms = notices["phone"].notna() & (notices["phone"].astype(str).str.strip() != "")
    return pd.DataFrame({
        "recipient_name": notices["guardian_name"].fillna(notices["guardian_cin"]).astype(str),
        "channel": sms.map({True: "sms", False: "email"}),
        "address": notices["phone"].where(sms, notices["email"]),
        "language": "ar",
        "subject": subject.ar + " / " + subject.fr,
        "body": notices["message_ar"] + "\n\n" + notices["message_fr"],
        "school_code": notices["school_code"],
        "dedupe_key": notices["massar_code"] + ":" + notices["week_start"],
    })


def queue_absence_notices(connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
    """Queue, in the caller's guarded write, the notices an absences file made due and that were not queued
    before; returns the rows written, as an import reports them."""
    notices = due_notices(connection, frame)
    if notices.empty:
        return {}
    queued = enqueue(connection, as_messages(notices), kind=KIND, resend_after=ONCE)
    return {"outbox_messages": int(queued)} if queued else {}
