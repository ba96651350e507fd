"""The complaints desk: review, uphold or reject; an upheld complaint about a month makes it payable."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, insert, select, update

from workbench.access.guard import guarded_write
from workbench.bulk import upsert_rows
from workbench.catalogue import text
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.models import Enrolment
from workbench.programmes.tayssir.models import (
    Complaint,
    TayssirOverride,
    TayssirPeriod,
)
from workbench.programmes.tayssir.periods import compute_year
from workbench.scope import Scope

STATES = ("new", "in_review", "upheld", "rejected")
PAYMENT_KINDS = ("missing_payment", "wrong_amount")


def file_complaint(engine: Engine, guardian_cin: str, kind: str, filed_on: dt.date, *, massar_code: str | None = None,
                   period_code: str | None = None, channel: str | None = None, text: str | None = None) -> int:
    require_schema(engine)
    with guarded_write(engine, "file complaint") as write:
        connection = write.connection
        write.check_scope(_schools_of(connection, massar_code))
        values = dict(guardian_cin=guardian_cin, massar_code=massar_code, period_code=period_code, kind=kind,
                      channel=channel, filed_on=filed_on, text=text, state="new")
        number = connection.execute(insert(Complaint).values(**values).returning(Complaint.id)).scalar_one()
        write.change("complaints", {"id": number}, {}, values)
        return number


def _schools_of(connection, massar_code: str | None) -> list[str]:
    """The schools of a complaint's pupil, whose scope it falls in (none when it names no pupil)."""
    if not massar_code:
        return []
    return list(connection.scalars(select(Enrolment.school_code).where(Enrolment.massar_code == massar_code)))


def resolve_complaint(engine: Engine, complaint_id: int, state: str, resolution: str = "",
                      today: dt.date | None = None) -> list[str]:
    """Move a complaint to `state`; upholding a payment complaint about a pupil and period makes every month of
    that period the pupil was not paid for payable (an adjustment line in the next issued period).
    Returns the months made payable (YYYY-MM)."""
    if state not in STATES:
        raise InputError(text("tayssir.error.unknown_state", state=state))
    with guarded_write(engine, "resolve complaint") as write:
        connection = write.connection
        complaint = connection.execute(select(Complaint).where(Complaint.id == complaint_id)).first()
        if complaint is None:
            raise InputError(text("tayssir.error.no_complaint", number=complaint_id))
        write.check_scope(_schools_of(connection, complaint.massar_code))
        if complaint.state in ("upheld", "rejected"):
            raise InputError(text("tayssir.error.complaint_closed", number=complaint_id,
                                  state=text(f"tayssir.complaint.state.{complaint.state}")))
        if state in ("upheld", "rejected") and not resolution.strip():
            raise InputError(text("tayssir.error.resolution_needed"))
        closed = state in ("upheld", "rejected")
        after = {"state": state, "resolution": resolution or None,
                 "resolved_on": (today or dt.date.today()) if closed else None}
        connection.execute(update(Complaint).where(Complaint.id == complaint_id).values(**after))
        write.change("complaints", {"id": complaint_id}, {"state": complaint.state,
                                                          "resolution": complaint.resolution}, after)
        if state != "upheld" or complaint.kind not in PAYMENT_KINDS or not complaint.massar_code \
                or not complaint.period_code:
            return []
        period = connection.execute(select(TayssirPeriod).where(TayssirPeriod.code == complaint.period_code)).first()
        # Only the complaint's household is computed (its children share the household cap).
        months = compute_year(connection, Scope(), period.year, households=[complaint.guardian_cin]).months
        months = months[(months["massar_code"] == complaint.massar_code) & (months["status"] != "paid")
                        & pd.to_datetime(months["month"]).between(pd.Timestamp(period.first_month),
                                                                   pd.Timestamp(period.last_month))]
        upsert_rows(connection, TayssirOverride.__table__, [
            {"year": period.year, "massar_code": complaint.massar_code, "month": pd.Timestamp(m).date(),
             "complaint_id": complaint_id} for m in months["month"]], ["year", "massar_code", "month"])
        return [pd.Timestamp(m).strftime("%Y-%m") for m in months["month"]]


def complaints_frame(engine: Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(select(Complaint).order_by(Complaint.id), connection)
