"""Requests from the portal and the school's desk: a family asks for a schooling certificate, a transcript or an
appointment (wished date, reason); the school accepts (with a date for an appointment), marks it ready or refuses it
with a reason. A schooling certificate or a transcript marked ready is issued then (its verification code). Every
step is a guarded write in the audit trail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, select

from workbench import analytics
from workbench.access.actor import acting_as
from workbench.access.guard import guarded_write
from workbench.catalogue import text
from workbench.exceptions import InputError
from workbench.models import Enrolment
from workbench.programmes.portal import certificates, notify
from workbench.programmes.portal.logins import Holder
from workbench.programmes.portal.models import DOCUMENTS, REQUEST_KINDS, PortalRequest

NS = "portal"
MAX_REASON = 500
# (state, action) -> the state it leads to; anything else is refused.
TRANSITIONS = {("new", "accept"): "accepted", ("new", "ready"): "ready", ("accepted", "ready"): "ready",
               ("new", "refuse"): "refused", ("accepted", "refuse"): "refused"}


def next_state(kind: str, state: str, action: str) -> str:
    """Where a request goes on an action of the desk; an appointment is accepted (with its date), never 'ready'."""
    if kind == "appointment" and action == "ready":
        raise InputError(text(f"{NS}.error.appointment_ready"))
    found = TRANSITIONS.get((state, action))
    if found is None:
        raise InputError(text(f"{NS}.error.transition", state=text(f"{NS}.state.{state}"),
                              action=text(f"{NS}.action.{action}")))
    return found


def submit(engine: Engine, holder: Holder, massar_code: str, kind: str, year: str, *,
           wished_on: dt.date | None = None, reason: str = "", today: dt.date | None = None) -> int:
    """A holder's request about one of their pupils; a pupil who left the school (or is not theirs) is refused
    with a message in both languages. Returns the request's number."""
    today = today or dt.date.today()
    reason = (reason or "").strip()[:MAX_REASON]
    if kind not in REQUEST_KINDS:
        raise InputError(text(f"{NS}.error.bad_kind_request"))
    if massar_code not in holder.pupils:
        raise InputError(text(f"{NS}.error.not_your_pupil"))
    if kind == "appointment" and (wished_on is None or not reason):
        raise InputError(text(f"{NS}.error.appointment_needs"))
    if wished_on is not None and wished_on < today:
        raise InputError(text(f"{NS}.error.past_date", on=f"{wished_on:%Y-%m-%d}"))
    with acting_as(holder.actor), guarded_write(engine, f"portal request {kind}") as write:
        write.check_scope([holder.school_code])
        enrolment = write.connection.execute(select(Enrolment.school_code, Enrolment.left_on).where(
            Enrolment.massar_code == massar_code, Enrolment.year == year)).first()
        if enrolment is None or enrolment.school_code != holder.school_code or enrolment.left_on is not None:
            left = f"{enrolment.left_on:%Y-%m-%d}" if enrolment is not None and enrolment.left_on else "-"
            raise InputError(text(f"{NS}.error.pupil_left", pupil=massar_code, on=left))
        row = {"code_id": holder.code_id, "massar_code": massar_code, "school_code": holder.school_code,
               "year": year, "kind": kind, "state": "new", "wished_on": wished_on, "reason": reason or None,
               "requested_at": dt.datetime.now(), "version": 1}
        write.insert(PortalRequest.__table__, [row])
        return int(write.connection.execute(select(PortalRequest.id).where(
            PortalRequest.code_id == holder.code_id).order_by(PortalRequest.id.desc()).limit(1)).scalar_one())


def holder_requests(engine: Engine, holder: Holder) -> pd.DataFrame:
    """The requests about the holder's pupils (a guardian sees those the other guardian made too)."""
    with engine.connect() as connection:
        frame = analytics.read_sql(
            select(PortalRequest.id, PortalRequest.massar_code, PortalRequest.kind, PortalRequest.state,
                   PortalRequest.wished_on, PortalRequest.reason, PortalRequest.accepted_on,
                   PortalRequest.refusal_reason, PortalRequest.requested_at)
            .where(PortalRequest.massar_code.in_(holder.pupils), PortalRequest.school_code == holder.school_code)
            .order_by(PortalRequest.id.desc()), connection)
    return frame


def act(engine: Engine, request_id: int, action: str, *, on: dt.date | None = None, reason: str = "",
        expected_version: int | None = None) -> str:
    """The desk's step on a request (accept, ready, refuse), as the acting director of its school or an
    administrator; returns the new state. Marking a schooling certificate ready issues the certificate."""
    reason = (reason or "").strip()[:MAX_REASON]
    with guarded_write(engine, f"portal request {action}", roles=("director", "administrator")) as write:
        current = write.current(PortalRequest.__table__, {"id": request_id})
        if current is None:
            raise InputError(text(f"{NS}.error.no_request", number=request_id))
        write.check_scope([current["school_code"]])
        state = next_state(current["kind"], current["state"], action)
        values: dict = {"state": state, "changed_by": write.actor.username, "changed_at": dt.datetime.now()}
        if action == "accept":
            if current["kind"] == "appointment" and on is None:
                raise InputError(text(f"{NS}.error.accept_needs_date"))
            values["accepted_on"] = on
        if action == "refuse":
            if not reason:
                raise InputError(text(f"{NS}.error.refuse_needs_reason"))
            values["refusal_reason"] = reason
        write.save_versioned(PortalRequest.__table__, {"id": request_id}, values,
                             expected_version if expected_version is not None else current["version"])
        if state == "ready" and current["kind"] in DOCUMENTS:  # a certificate, or a transcript: its code
            certificates.issue(write, current["massar_code"], current["school_code"], current["year"], request_id,
                               document=current["kind"])
        notify.queue_decision(write, current, state, values)  # the family hears of it, in this transaction
    return state


def desk_requests(engine: Engine, school: str, year: str) -> pd.DataFrame:
    """A school's requests of the year, newest first, with the pupil's names and class."""
    from workbench.models import Pupil

    with engine.connect() as connection:
        return analytics.read_sql(
            select(PortalRequest.id, PortalRequest.state, PortalRequest.kind, PortalRequest.massar_code,
                   Pupil.last_name_ar, Pupil.first_name_ar, Pupil.last_name_fr, Pupil.first_name_fr,
                   Enrolment.class_code, Enrolment.left_on, PortalRequest.wished_on, PortalRequest.reason,
                   PortalRequest.accepted_on, PortalRequest.refusal_reason, PortalRequest.requested_at,
                   PortalRequest.version)
            .join(Pupil, Pupil.massar_code == PortalRequest.massar_code)
            .outerjoin(Enrolment, (Enrolment.massar_code == PortalRequest.massar_code)
                       & (Enrolment.year == PortalRequest.year))
            .where(PortalRequest.school_code == school, PortalRequest.year == year)
            .order_by(PortalRequest.id.desc()), connection)
