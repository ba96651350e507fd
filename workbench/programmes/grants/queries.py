"""What the grant allocation reads: applications with the applicant's school, level cycle and milieu."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench import analytics
from workbench.models import Commune, Enrolment, Level, Province, Pupil, School
from workbench.programmes.grants.models import (
    GrantAmount,
    GrantApplication,
    GrantGrid,
    GrantPublished,
    GrantQuota,
)
from workbench.scope import Scope


def applications(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """Every application of the scope's provinces (a whole province competes for its places)."""
    query = (
        select(GrantApplication.massar_code, GrantApplication.grant_type, GrantApplication.household_income_class,
               GrantApplication.rsu_score, GrantApplication.distance_km, GrantApplication.orphan,
               GrantApplication.disability, GrantApplication.previous_average, GrantApplication.applied_on,
               Enrolment.school_code, Level.cycle, Commune.province_code, Province.region_code, Commune.milieu,
               School.boarding_capacity, Pupil.sex)
        .select_from(GrantApplication)
        .join(Pupil, Pupil.massar_code == GrantApplication.massar_code)
        .outerjoin(Enrolment, (Enrolment.massar_code == GrantApplication.massar_code) & (Enrolment.year == year))
        .outerjoin(Level, Level.code == Enrolment.level_code)
        .outerjoin(School, School.code == Enrolment.school_code)
        .outerjoin(Commune, Commune.code == School.commune_code)
        .outerjoin(Province, Province.code == Commune.province_code)
        .where(GrantApplication.year == year)
    )
    if scope.school:
        query = query.where(Commune.province_code == scope.province)  # the school's pupils compete province-wide
    elif scope.province:
        query = query.where(Commune.province_code == scope.province)
    elif scope.region:
        query = query.where(Province.region_code == scope.region)
    return analytics.read_sql(scope.keep_approved(query, Enrolment.school_code), connection)


def places(connection: Connection, year: str) -> pd.DataFrame:
    return analytics.read_sql(select(GrantQuota.province_code, GrantQuota.grant_type, GrantQuota.places).where(
        GrantQuota.year == year), connection)


def grid(connection: Connection, year: str) -> dict[str, float]:
    row = connection.execute(select(GrantGrid).where(GrantGrid.year == year)).mappings().first()
    return {k: float(v) for k, v in row.items() if k != "year"}


def amounts(connection: Connection, year: str) -> pd.DataFrame:
    return analytics.read_sql(select(GrantAmount.grant_type, GrantAmount.quarter_amount_mad).where(
        GrantAmount.year == year), connection)


def published(connection: Connection, year: str) -> pd.DataFrame:
    return analytics.read_sql(select(GrantPublished).where(GrantPublished.year == year), connection)


def province_names(connection: Connection) -> pd.DataFrame:
    return analytics.read_sql(select(Province.code.label("province_code"), Province.region_code,
                              Province.name_fr.label("province_fr"), Province.name_ar.label("province_ar")), connection)


def applicant_names(connection: Connection, year: str) -> pd.DataFrame:
    """Names for the committee's signed lists only (never for the managers' report)."""
    return analytics.read_sql(select(Pupil.massar_code, Pupil.last_name_ar, Pupil.first_name_ar).where(
        Pupil.massar_code.in_(select(GrantApplication.massar_code).where(GrantApplication.year == year))), connection)


def pupil_names(connection: Connection, massar_codes: list[str]) -> pd.DataFrame:
    """Arabic names of the given applicants (the committee's screen; never in a report)."""
    return analytics.read_sql(select(Pupil.massar_code, Pupil.last_name_ar, Pupil.first_name_ar).where(
        Pupil.massar_code.in_(massar_codes)), connection)
