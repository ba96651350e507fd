"""What the recruitment reads: the left enrolments of the year and the one before at the scope's schools, every
later enrolment of those pupils (anywhere), their identity, the second-chance learners among them, and the centres
of the scope's provinces with their learners of the year."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from workbench import analytics
from workbench.models import Commune, Enrolment, Level, Province, Pupil, School
from workbench.programmes.e2c_recruitment.logic import previous_year
from workbench.programmes.second_chance.models import E2CCentre, E2CLearner
from workbench.scope import Scope


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in columns})


def _left(scope: Scope, year: str):
    """The codes of the pupils who left a school of the scope during the year or the one before (a subquery)."""
    return scope.restrict(select(Enrolment.massar_code).where(Enrolment.year.in_([previous_year(year), year]),
                                                              Enrolment.left_on.is_not(None)), Enrolment.school_code)


def enrolments(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """The enrolments left during the year or the one before at the scope's schools, and every enrolment of
    those pupils from the year before on, wherever it is (a transfer out of the scope is a later enrolment)."""
    query = select(Enrolment.massar_code, Enrolment.year, Enrolment.school_code, Enrolment.level_code,
                   Enrolment.left_on).where(Enrolment.year >= previous_year(year),
                                            Enrolment.massar_code.in_(_left(scope, year)))
    return _dates(analytics.read_sql(query, connection), "left_on")


def pupils(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """The identity of those pupils (read by the same subquery: no list of codes sent back to the store)."""
    query = select(Pupil.massar_code, Pupil.last_name_ar, Pupil.first_name_ar, Pupil.last_name_fr,
                   Pupil.first_name_fr, Pupil.sex, Pupil.birth_date).where(Pupil.massar_code.in_(_left(scope, year)))
    return _dates(analytics.read_sql(query, connection), "birth_date")


def schools(connection: Connection, codes: list[str]) -> pd.DataFrame:
    """The last schools: name, commune and province (with its names)."""
    query = (select(School.code.label("school_code"), School.name_ar.label("school_ar"),
                    School.name_fr.label("school_fr"), Commune.name_ar.label("commune_ar"),
                    Commune.province_code, Province.name_ar.label("province_ar"),
                    Province.name_fr.label("province_fr"))
             .join(Commune, Commune.code == School.commune_code).join(Province, Province.code == Commune.province_code)
             .where(School.code.in_(codes)))
    return analytics.read_sql(query, connection)


def levels(connection: Connection) -> pd.DataFrame:
    return analytics.read_sql(select(Level.code.label("level_code"), Level.name_ar.label("level_ar")), connection)


def learner_codes(connection: Connection, year: str) -> pd.Series:
    """The Massar codes of the second-chance learners of the year and the one before (already recruited)."""
    query = select(E2CLearner.massar_code).where(E2CLearner.year.in_([previous_year(year), year]),
                                                 E2CLearner.massar_code.is_not(None)).distinct()
    return analytics.read_sql(query, connection)["massar_code"]


def centres(connection: Connection, scope: Scope, year: str) -> tuple[pd.DataFrame, pd.Series]:
    """The centres of the scope's provinces, and per centre its learners of the year not left."""
    query = select(E2CCentre.centre_code, E2CCentre.province_code, E2CCentre.name_ar, E2CCentre.name_fr,
                   E2CCentre.capacity, E2CCentre.opened_on).join(Province, Province.code == E2CCentre.province_code)
    if scope.school:
        query = query.where(E2CCentre.centre_code.is_(None))
    elif scope.province:
        query = query.where(E2CCentre.province_code == scope.province)
    elif scope.region:
        query = query.where(Province.region_code == scope.region)
    found = _dates(analytics.read_sql(query.order_by(E2CCentre.centre_code), connection), "opened_on")
    counted = analytics.read_sql(select(E2CLearner.centre_code, func.count().label("enrolled")).where(
        E2CLearner.year == year, E2CLearner.left_on.is_(None)).group_by(E2CLearner.centre_code), connection)
    return found, counted.set_index("centre_code")["enrolled"]


def province_names(connection: Connection, codes: list[str]) -> pd.DataFrame:
    query = select(Province.code.label("province_code"), Province.name_fr.label("province_fr"),
                   Province.name_ar.label("province_ar")).where(Province.code.in_(codes))
    return analytics.read_sql(query, connection)
