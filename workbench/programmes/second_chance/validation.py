"""The province validates its centres' data of a year: it approves it (which locks the centre's rows of that year
against imports) or reopens it with a reason. The schools' workflow (workbench.access.validation) is keyed by
school; a centre is not a school, so its states live in `e2c_validations`, written through the same guard and
audit trail, with the same state words."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from workbench.access.actor import current_actor
from workbench.access.guard import guarded_write, stale_record
from workbench.catalogue import text
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.programmes.second_chance.models import E2CCentre, E2CValidation

# Who acts: the centre's provincial directorate (administrators, and trainers in a sandbox, may too).
APPROVERS = ("province_officer", "administrator", "trainer")
FROM = {"approve": ("draft", "submitted", "reopened"), "reopen": ("approved",)}
TARGET = {"approve": "approved", "reopen": "reopened"}


def change_state(engine: Engine, year: str, centre_code: str, action: str, *, reason: str = "",
                 expected_version: int | None = None) -> str:
    """Approve or reopen one centre's data of a year; returns the new state. `expected_version` is the version
    the user saw: if the state moved on since, nothing is written and the user is told to reload."""
    require_schema(engine)
    if action not in FROM:
        raise InputError(text("error.unknown_action", action=action, actions=", ".join(FROM)))
    if action == "reopen" and not reason.strip():
        raise InputError(text("second_chance.validation.reason_needed"))
    actor = current_actor()
    with guarded_write(engine, f"{action} second_chance", roles=APPROVERS) as write:
        centre = write.connection.execute(select(E2CCentre.centre_code, E2CCentre.province_code).where(
            E2CCentre.centre_code == centre_code.strip())).first()
        if centre is None:
            raise InputError(text("second_chance.problem.unknown_centre").plus(f": '{centre_code}'"))
        write.check_provinces([centre.province_code])
        key = {"year": year, "centre_code": centre.centre_code}
        current = write.current(E2CValidation.__table__, key)
        state = current["state"] if current else "draft"
        if expected_version is not None and expected_version != (current["version"] if current else 0):
            raise stale_record(current)
        if state not in FROM[action]:
            raise InputError(text("second_chance.validation.not_now", centre=centre.centre_code, year=year)
                             .joined(text(f"state.{state}")))
        write.save_versioned(E2CValidation.__table__, key, {
            "state": TARGET[action], "changed_by": actor.username, "changed_at": dt.datetime.now(),
            "reason": reason.strip() or None}, expected_version)
    return TARGET[action]
