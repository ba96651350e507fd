"""The validation workflow of a school's data: draft -> submitted (director) -> approved (province for private
schools, region for public ones) -> reopened (by the approver, with a reason). Approved data is locked by
`guard.Write.touch`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, select

from workbench.access.actor import Actor, current_actor
from workbench.access.datasets import check_dataset, dataset_label
from workbench.access.guard import guarded_write, stale_record
from workbench.catalogue import Label, headers, text
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.models import Commune, Province, School, Validation
from workbench.scope import Scope

STATE_LABELS = headers("state", "draft", "submitted", "approved", "reopened")
ACTIONS = {"submit": ("draft", "reopened"), "approve": ("submitted",), "reopen": ("submitted", "approved")}
TARGET = {"submit": "submitted", "approve": "approved", "reopen": "reopened"}


def approver_role(sector: str) -> str:
    """Private schools are validated by their provincial directorate, public ones by the regional academy."""
    return "province_officer" if sector == "private" else "region_officer"


def _may(actor: Actor, action: str, sector: str) -> bool:
    if actor.role in ("administrator", "trainer"):
        return True
    if action == "submit":
        return actor.role == "director"
    return actor.role == approver_role(sector)


def change_state(engine: Engine, year: str, school_code: str, dataset: str, action: str, *, reason: str = "",
                 expected_version: int | None = None) -> str:
    """Submit, approve or reopen one school's dataset for a year; returns the new state.

    `expected_version` is the version the user saw: if someone changed the state since, nothing is written
    and the user is told to reload."""
    require_schema(engine)
    dataset = check_dataset(dataset)
    if action not in ACTIONS:
        raise InputError(text("error.unknown_action", action=action, actions=", ".join(ACTIONS)))
    if action == "reopen" and not reason.strip():
        raise InputError(text("error.reopen_reason"))
    actor = current_actor()
    with guarded_write(engine, f"{action} {dataset}") as write:
        school = write.connection.execute(select(School.code, School.sector).where(
            School.code == school_code.strip().upper())).first()
        if school is None:
            raise InputError(text("error.unknown_school", school=school_code))
        write.check_scope([school.code])
        if not _may(actor, action, school.sector):
            who = "director" if action == "submit" else ("province_officer" if school.sector == "private"
                                                         else "region_officer")
            raise InputError(text("error.not_your_action", user=actor.label, action=text(f"validation.{action}"),
                                  sector=text(f"sector.{school.sector}"), school=school.code,
                                  who=text(f"role.{who}")))
        key = {"year": year, "school_code": school.code, "dataset": dataset}
        current = write.current(Validation.__table__, key)
        state = current["state"] if current else "draft"
        if expected_version is not None and expected_version != (current["version"] if current else 0):
            raise stale_record(current)
        if state not in ACTIONS[action]:
            raise InputError(text("error.wrong_state", data=Label(*dataset_label(dataset)), year=year,
                                  school=school.code, state=text(f"state.{state}"),
                                  target=text(f"state.{TARGET[action]}")))
        write.save_versioned(Validation.__table__, key, {
            "state": TARGET[action], "changed_by": actor.username, "changed_at": dt.datetime.now(),
            "reason": reason.strip() or None}, expected_version)
    return TARGET[action]


def states(connection: Connection, scope: Scope, year: str, dataset: str) -> pd.DataFrame:
    """Every school of the scope with the state of its dataset (draft when never submitted)."""
    dataset = check_dataset(dataset)
    query = (select(School.code.label("school_code"), School.name_fr, School.name_ar, School.sector,
                    Commune.province_code, func.coalesce(Validation.state, "draft").label("state"),
                    Validation.changed_by, Validation.changed_at, Validation.reason,
                    func.coalesce(Validation.version, 0).label("version"))
             .select_from(School)
             .outerjoin(Validation, and_(Validation.school_code == School.code, Validation.year == year,
                                         Validation.dataset == dataset))
             .join(Commune, Commune.code == School.commune_code)
             .join(Province, Province.code == Commune.province_code)
             .order_by(School.code))
    return pd.read_sql(scope.filter(query), connection, parse_dates=["changed_at"])


def approval_counts(connection: Connection, scope: Scope, year: str, dataset: str) -> tuple[int, int]:
    """(schools whose dataset is approved, schools) in the scope, for the reports' statement."""
    frame = states(connection, Scope(scope.region, scope.province, scope.school), year, dataset)
    return int((frame["state"] == "approved").sum()), len(frame)
