"""The validation workflow of a school's data: draft -> submitted (director) -> approved (province for private
schools, region for public ones) -> reopened (by the approver, with a reason). Approved data is locked by
`guard.Write.touch`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from workbench.access.actor import Actor, current_actor
from workbench.access.datasets import check_dataset, dataset_label
from workbench.access.guard import guarded_write
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.models import Commune, Province, School, Validation
from workbench.scope import Scope

STATE_LABELS = {"draft": ("Brouillon", "مسودة"), "submitted": ("Soumis", "مرسلة للمصادقة"),
                "approved": ("Validé", "مصادق عليها"), "reopened": ("Rouvert", "أعيد فتحها")}
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
        raise InputError(f"Action must be one of {', '.join(ACTIONS)}, not '{action}'.")
    if action == "reopen" and not reason.strip():
        raise InputError("Give the reason for reopening: the school sees it. / اذكروا سبب إعادة الفتح.")
    actor = current_actor()
    with guarded_write(engine, f"{action} {dataset}") as write:
        school = write.connection.execute(select(School.code, School.sector).where(
            School.code == school_code.strip().upper())).first()
        if school is None:
            raise InputError(f"Unknown school '{school_code}'.")
        write.check_scope([school.code])
        if not _may(actor, action, school.sector):
            who = "its director" if action == "submit" else ("the provincial directorate" if school.sector ==
                                                              "private" else "the regional academy")
            raise InputError(f"Refused: {actor.label} cannot {action} the data of {school.sector} school "
                             f"{school.code}; that is done by {who}.")
        current = _read(write.connection, year, school.code, dataset)
        state, version = (current.state, current.version) if current else ("draft", 0)
        if expected_version is not None and expected_version != version:
            by = f" by {current.changed_by} at {current.changed_at:%H:%M}" if current else ""
            raise InputError(f"Refused: this record was changed{by} since you opened it (now {state}); reload "
                             "and decide again. / تم تغيير هذا السجل من طرف مستخدم آخر، أعيدوا التحميل.")
        if state not in ACTIONS[action]:
            fr, _ = dataset_label(dataset)
            raise InputError(f"{fr} {year} of {school.code} is {state}: it cannot be {TARGET[action]} now.")
        new = {"year": year, "school_code": school.code, "dataset": dataset, "state": TARGET[action],
               "changed_by": actor.username, "changed_at": dt.datetime.now(),
               "reason": reason.strip() or None, "version": version + 1}
        key = {"year": year, "school_code": school.code, "dataset": dataset}
        if current is None:
            try:
                with write.connection.begin_nested():
                    write.connection.execute(insert(Validation).values(**new))
            except IntegrityError:
                raise _raced() from None
        else:
            done = write.connection.execute(update(Validation).where(
                *(getattr(Validation, k) == v for k, v in key.items()), Validation.version == version).values(**new))
            if done.rowcount != 1:
                raise _raced()
        write.change("validations", key, {"state": state, "version": version},
                     {"state": new["state"], "version": new["version"], "reason": new["reason"]})
    return TARGET[action]


def _raced() -> InputError:
    return InputError("Refused: another user changed this record at the same moment; reload and try again. "
                      "/ غير مستخدم آخر هذا السجل في نفس الوقت، أعيدوا المحاولة.")


def _read(connection: Connection, year: str, school_code: str, dataset: str):
    return connection.execute(select(Validation).where(
        Validation.year == year, Validation.school_code == school_code, Validation.dataset == dataset)
        .with_for_update()).first()


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
    return pd.read_sql(scope.filter(query), connection)


def approval_counts(connection: Connection, scope: Scope, year: str, dataset: str) -> tuple[int, int]:
    """(schools whose dataset is approved, schools) in the scope, for the reports' statement."""
    frame = states(connection, Scope(scope.region, scope.province, scope.school), year, dataset)
    return int((frame["state"] == "approved").sum()), len(frame)
