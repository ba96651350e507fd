"""Publishing the committee's lists, and appeals that correct an application with a trace of who, what, why."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, delete, func, select, update

from workbench.access.guard import guarded_write
from workbench.bulk import insert_frame, upsert_rows
from workbench.catalogue import Label, column_label, text, value_label
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.imports.columns import parse_yes_no
from workbench.models import Enrolment
from workbench.programmes.grants.compute import compute
from workbench.programmes.grants.models import (
    GrantApplication,
    GrantChange,
    GrantPublished,
    GrantQuota,
)
from workbench.scope import Scope

EDITABLE = {
    "household_income_class": (int, 1, 5), "rsu_score": (float, 0, 100), "distance_km": (float, 0, 500),
    "previous_average": (float, 0, 20), "disability": (bool, None, None), "orphan": (str, None, None),
}


def publish(engine: Engine, year: str, *, replace: bool = False, today: dt.date | None = None) -> int:
    """Store today's lists as the published ones, against which every later change is shown."""
    require_schema(engine)
    with guarded_write(engine, "publish grant lists", national=True) as write:
        connection = write.connection
        already = connection.execute(select(func.count()).select_from(GrantPublished).where(
            GrantPublished.year == year)).scalar_one()
        if already and not replace:
            raise InputError(text("grants.error.published", year=year))
        lists = compute(connection, Scope(), year).decisions
        connection.execute(delete(GrantPublished).where(GrantPublished.year == year))
        rows = lists[["massar_code", "grant_type", "province_code", "score", "rank", "decision"]].assign(
            year=year, published_on=today or dt.date.today())
        rows = rows[rows["province_code"].notna()]
        return insert_frame(connection, GrantPublished.__table__, rows)


def save_places(engine: Engine, year: str, province_code: str, grant_type: str, places: int) -> None:
    """A province's places for a grant type that year (what the committee decided)."""
    with guarded_write(engine, "set grant places",
                       roles=("province_officer", "region_officer", "trainer", "administrator")) as write:
        write.check_provinces([province_code])  # a province's places are its team's, or its region's
        upsert_rows(write.connection, GrantQuota.__table__, [{"year": year, "province_code": province_code,
                                                              "grant_type": grant_type, "places": int(places)}],
                    ["year", "province_code", "grant_type"])


def _named(field: str) -> Label:
    return column_label(field) or Label(field, field)


def _grant_type(code: str) -> Label:
    return value_label("grant_type", code) or Label(code, code)


def _parse(field: str, value: object):
    if field not in EDITABLE:
        raise InputError(text("grants.error.not_editable", field=field, fields=", ".join(EDITABLE)))
    kind, low, high = EDITABLE[field]
    if kind is bool:
        try:
            return parse_yes_no(value)
        except ValueError:
            raise InputError(text("grants.error.yes_no", field=_named(field), value=value)) from None
    if kind is str:
        if value not in ("none", "one", "both"):
            raise InputError(text("grants.error.orphan"))
        return value
    try:
        number = kind(float(value))
    except (TypeError, ValueError):
        raise InputError(text("grants.error.not_a_number", field=_named(field), value=value)) from None
    if number < low or number > high:
        raise InputError(text("grants.error.out_of_range", field=_named(field), low=low, high=high, value=value))
    return number


def appeal(engine: Engine, year: str, massar_code: str, grant_type: str, changes: dict[str, object], *,
           reason: str, by: str, now: dt.datetime | None = None) -> pd.DataFrame:
    """Correct an application; every field changed is recorded with its value before and after."""
    require_schema(engine)
    if not reason.strip() or not by.strip():
        raise InputError(text("grants.error.reason_and_by"))
    parsed = {field: _parse(field, value) for field, value in changes.items()}
    if not parsed:
        raise InputError(text("grants.error.nothing_to_correct"))
    with guarded_write(engine, "grant appeal") as write:
        connection = write.connection
        current = connection.execute(select(GrantApplication).where(
            GrantApplication.year == year, GrantApplication.massar_code == massar_code,
            GrantApplication.grant_type == grant_type)).mappings().first()
        if current is None:
            raise InputError(text("grants.error.no_application", grant_type=_grant_type(grant_type),
                                  pupil=massar_code, year=year))
        write.touch("grants", year, connection.scalars(select(Enrolment.school_code).where(
            Enrolment.year == year, Enrolment.massar_code == massar_code)))
        connection.execute(update(GrantApplication).where(
            GrantApplication.year == year, GrantApplication.massar_code == massar_code,
            GrantApplication.grant_type == grant_type).values(**parsed))
        write.change("grant_applications", {"year": year, "massar_code": massar_code, "grant_type": grant_type},
                     {field: current[field] for field in parsed}, parsed)
        trail = pd.DataFrame([{"year": year, "massar_code": massar_code, "grant_type": grant_type, "field": field,
                               "before": None if current[field] is None else str(current[field]),
                               "after": str(value), "reason": reason, "changed_by": by,
                               "changed_at": now or dt.datetime.now()} for field, value in parsed.items()])
        insert_frame(connection, GrantChange.__table__, trail)
    return trail
