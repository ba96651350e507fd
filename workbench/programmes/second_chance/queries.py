"""What the second-chance campaign and app read: the centres of a scope, their learners, staff and plan, the
former school of learners who have a Massar code, and where each centre's validation stands."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Select, and_, func, select

from workbench import analytics
from workbench.models import Enrolment, Province, Region, School
from workbench.programmes.second_chance.models import (
    E2CCentre,
    E2CLearner,
    E2CPlan,
    E2CStaff,
    E2CValidation,
    E2CVisitFinding,
)
from workbench.scope import Scope

DATES = {"centre": ("agreement_start", "agreement_end", "opened_on"),
         "learner": ("birth_date", "enrolled_on", "left_on")}


def _in_scope(query: Select, scope: Scope, year: str) -> Select:
    """Centres of the scope's provinces (a school holds no centre); with `approved`, only the centres whose data
    of the year the province approved."""
    if scope.school:
        return query.where(E2CCentre.centre_code.is_(None))
    if scope.province:
        query = query.where(E2CCentre.province_code == scope.province)
    elif scope.region:
        query = query.where(Province.region_code == scope.region)
    if scope.approved:
        query = query.where(E2CCentre.centre_code.in_(select(E2CValidation.centre_code).where(
            E2CValidation.year == year, E2CValidation.state == "approved")))
    return query


def _dates(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in columns})


def centres(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """Every centre of the scope with its province's and region's names."""
    query = (select(E2CCentre.__table__, Province.name_fr.label("province_fr"),
                    Province.name_ar.label("province_ar"), Province.region_code,
                    Region.name_fr.label("region_fr"), Region.name_ar.label("region_ar"))
             .join(Province, Province.code == E2CCentre.province_code)
             .join(Region, Region.code == Province.region_code).order_by(E2CCentre.centre_code))
    frame = analytics.read_sql(_in_scope(query, scope, year), connection)
    frame = frame.astype({"has_workshop": "boolean", "has_computer_room": "boolean", "capacity": "Int64"})
    return _dates(frame, DATES["centre"])


def learners(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = (select(E2CLearner.__table__).join(E2CCentre, E2CCentre.centre_code == E2CLearner.centre_code)
             .join(Province, Province.code == E2CCentre.province_code).where(E2CLearner.year == year)
             .order_by(E2CLearner.centre_code, E2CLearner.learner_id))
    return _dates(analytics.read_sql(_in_scope(query, scope, year), connection), DATES["learner"])


def staff(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = (select(E2CStaff.__table__).join(E2CCentre, E2CCentre.centre_code == E2CStaff.centre_code)
             .join(Province, Province.code == E2CCentre.province_code).where(E2CStaff.year == year)
             .order_by(E2CStaff.centre_code, E2CStaff.staff_id))
    return analytics.read_sql(_in_scope(query, scope, year), connection)


def plan(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """The year's plan of the scope's provinces (a school's scope plans nothing)."""
    query = (select(E2CPlan.province_code, E2CPlan.centres_planned, E2CPlan.learners_planned)
             .join(Province, Province.code == E2CPlan.province_code).where(E2CPlan.year == year))
    if scope.school:
        query = query.where(E2CPlan.province_code.is_(None))
    elif scope.province:
        query = query.where(E2CPlan.province_code == scope.province)
    elif scope.region:
        query = query.where(Province.region_code == scope.region)
    return analytics.read_sql(query, connection)


def provinces(connection: Connection, codes: list[str]) -> pd.DataFrame:
    return analytics.read_sql(select(Province.code.label("province_code"), Province.name_fr.label("province_fr"),
                              Province.name_ar.label("province_ar"), Province.region_code)
                       .where(Province.code.in_(codes)), connection)


def former_schools(connection: Connection, massar_codes: list[str]) -> pd.DataFrame:
    """For each Massar code: the last school year it was enrolled in a school of the database, and that school
    ("previously schooled at"). Codes with no record are absent."""
    codes = sorted({c for c in massar_codes if isinstance(c, str)})
    frames = []
    for start in range(0, len(codes), 900):
        chunk = codes[start : start + 900]
        last = (select(Enrolment.massar_code, func.max(Enrolment.year).label("year"))
                .where(Enrolment.massar_code.in_(chunk)).group_by(Enrolment.massar_code).subquery())
        frames.append(analytics.read_sql(
            select(last.c.massar_code, last.c.year.label("former_year"), School.code.label("former_school_code"),
                   School.name_fr.label("former_school_fr"), School.name_ar.label("former_school_ar"))
            .join(Enrolment, and_(Enrolment.massar_code == last.c.massar_code, Enrolment.year == last.c.year))
            .join(School, School.code == Enrolment.school_code), connection))
    columns = ["massar_code", "former_year", "former_school_code", "former_school_fr", "former_school_ar"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def validations(connection: Connection, year: str, centre_codes: list[str]) -> pd.DataFrame:
    """The validation state of each centre's data of the year (draft when never acted on)."""
    stored = analytics.read_sql(select(E2CValidation.centre_code, E2CValidation.state, E2CValidation.changed_by,
                                E2CValidation.changed_at, E2CValidation.reason, E2CValidation.version)
                         .where(E2CValidation.year == year), connection)
    frame = pd.DataFrame({"centre_code": pd.Series(centre_codes, dtype=object)}).merge(
        stored.astype({"centre_code": object}), on="centre_code", how="left")
    return frame.assign(state=frame["state"].fillna("draft"), version=frame["version"].fillna(0).astype("int64"))


def visit_findings(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """The committee's findings of the year's visits to the scope's centres (the visit workbooks imported back)."""
    query = (select(E2CVisitFinding.__table__).join(E2CCentre, E2CCentre.centre_code == E2CVisitFinding.centre_code)
             .join(Province, Province.code == E2CCentre.province_code).where(E2CVisitFinding.year == year)
             .order_by(E2CVisitFinding.centre_code, E2CVisitFinding.item))
    return analytics.read_sql(_in_scope(query, scope, year), connection)
