"""The family hears of the desk's decision on its request (accepted, with the appointment's date; ready; refused,
with the reason) and that a schooling certificate is ready, through the outbox: queued in the decision's guarded
write, to the requesting guardian (a pupil's request: to the pupil's guardian), by SMS to their phone, else by
e-mail; in Arabic, then French."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from workbench.access.guard import Write
from workbench.catalogue import Label, text
from workbench.models import Guardian, PupilGuardian
from workbench.outbox import enqueue
from workbench.programmes.portal.models import AccessCode

NS = "portal"


def _isolated(value: object) -> str:
    return f"\u2066{value}\u2069"


def recipient(write: Write, code_id: int, massar_code: str) -> dict | None:
    """Who asked: the guardian whose code sent the request, or the guardian of a pupil who asked themself."""
    holder = write.connection.execute(select(AccessCode.holder_kind, AccessCode.identifier)
                                      .where(AccessCode.id == code_id)).first()
    query = select(Guardian.cin, Guardian.full_name, Guardian.phone, Guardian.email)
    if holder is not None and holder.holder_kind == "guardian":
        query = query.where(Guardian.cin == holder.identifier)
    else:
        query = query.join(PupilGuardian, PupilGuardian.guardian_cin == Guardian.cin).where(
            PupilGuardian.massar_code == massar_code)
    found = write.connection.execute(query).mappings().first()
    return dict(found) if found else None


def message(request: dict, state: str, values: dict) -> tuple[str, Label]:
    """The outbox kind and the text of a decision."""
    kind = text(f"{NS}.kind.{request['kind']}")
    if state == "ready" and request["kind"] == "schooling_certificate":
        return "certificate_ready", Label(text(f"{NS}.outbox.certificate_ready", pupil=request["massar_code"]).fr,
                                          text(f"{NS}.outbox.certificate_ready",
                                               pupil=_isolated(request["massar_code"])).ar)
    key = f"{NS}.outbox.{state}" + ("_on" if state == "accepted" and values.get("accepted_on") else "")
    on = values.get("accepted_on")
    said = {"reason": values.get("refusal_reason") or ""}
    fr = text(key, kind=kind.fr, pupil=request["massar_code"], on=f"{on:%Y-%m-%d}" if on else "", **said).fr
    ar = text(key, kind=kind.ar, pupil=_isolated(request["massar_code"]),
              on=_isolated(f"{on:%Y-%m-%d}") if on else "", **said).ar
    return "request_decision", Label(fr, ar)


def queue_decision(write: Write, request: dict, state: str, values: dict) -> int:
    """Queue the message of a decision on `request` (its stored row) in the decision's guarded write; returns how
    many were queued (none when the family left no phone or address)."""
    person = recipient(write, request["code_id"], request["massar_code"])
    if person is None:
        return 0
    kind, said = message(request, state, values)
    subject = text(f"{NS}.outbox.subject")
    sms = bool(person["phone"] and str(person["phone"]).strip())
    frame = pd.DataFrame([{
        "recipient_name": person["full_name"], "channel": "sms" if sms else "email",
        "address": person["phone"] if sms else person["email"], "language": "ar",
        "subject": f"{subject.ar} / {subject.fr}", "body": f"{said.ar}\n\n{said.fr}",
        "school_code": request["school_code"], "dedupe_key": f"request:{request['id']}:{state}"}])
    return int(enqueue(write.connection, frame, kind=kind))
