"""What the kit-needs computation reads, aggregated in SQL to one row per school and level or item."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Select, case, exists, func, select

from workbench import analytics
from workbench.models import Commune, Enrolment, Province, Pupil, School
from workbench.programmes.schoolbags.models import (
    Delivery,
    Distribution,
    KitComposition,
    KitExclusion,
    KitItem,
    ReturnedBook,
)
from workbench.scope import Scope

BENEFICIARY_CYCLES = ("primary", "lower_secondary")


def _schools(scope: Scope, *conditions) -> Select:
    """Codes of the scope's schools (meeting `conditions`), for a semi-join on an aggregate's school column."""
    return scope.restrict(select(School.code).select_from(School), School.code).where(*conditions)


def _excluded():
    """Whether an operator excluded the enrolment's pupil from the programme that year."""
    return exists().where(KitExclusion.year == Enrolment.year, KitExclusion.massar_code == Enrolment.massar_code)


def beneficiary_counts(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """Beneficiaries per school, level and milieu: pupils of public primary and lower-secondary schools who are
    enrolled (not left) and not excluded by an operator.

    Counted on the enrolments' covering index first (one pass in school order, no table reads), less the excluded
    pupils counted the same way from the few exclusions (rather than an exclusion looked up for each pupil), then
    the small per-school result is joined to the school map.
    """
    served = Enrolment.school_code.in_(_schools(scope, School.sector == "public", School.cycle.in_(BENEFICIARY_CYCLES)))
    counts = (
        select(Enrolment.school_code, Enrolment.level_code, func.count().label("enrolled"))
        .where(Enrolment.year == year, Enrolment.left_on.is_(None), served)
        .group_by(Enrolment.school_code, Enrolment.level_code)
    ).subquery()
    excluded = (
        select(Enrolment.school_code, Enrolment.level_code, func.count().label("excluded")).select_from(KitExclusion)
        .join(Enrolment, (Enrolment.year == KitExclusion.year) & (Enrolment.massar_code == KitExclusion.massar_code))
        .where(KitExclusion.year == year, Enrolment.left_on.is_(None), served)
        .group_by(Enrolment.school_code, Enrolment.level_code)
    ).subquery()
    beneficiaries = counts.c.enrolled - func.coalesce(excluded.c.excluded, 0)
    query = (select(counts.c.school_code, counts.c.level_code, Commune.milieu, beneficiaries.label("beneficiaries"))
             .select_from(counts).outerjoin(excluded, (excluded.c.school_code == counts.c.school_code)
                        & (excluded.c.level_code == counts.c.level_code))
             .join(School, School.code == counts.c.school_code).join(Commune, Commune.code == School.commune_code)
             .where(beneficiaries > 0))
    return analytics.read_sql(query, connection)


def composition(connection: Connection, year: str) -> pd.DataFrame:
    return analytics.read_sql(select(KitComposition.level_code, KitComposition.milieu, KitComposition.item_code,
                              KitComposition.quantity).where(KitComposition.year == year), connection)


def items(connection: Connection) -> pd.DataFrame:
    return analytics.read_sql(select(KitItem).order_by(KitItem.kind, KitItem.item_code), connection)


def returned_books(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = select(ReturnedBook.school_code, ReturnedBook.item_code, ReturnedBook.returned, ReturnedBook.usable)
    return analytics.read_sql(query.where(ReturnedBook.year == year, ReturnedBook.school_code.in_(_schools(scope))),
                       connection)


def deliveries(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = select(Delivery.school_code, Delivery.item_code, func.sum(Delivery.quantity).label("delivered"))
    return analytics.read_sql(query.where(Delivery.year == year, Delivery.school_code.in_(_schools(scope)))
                       .group_by(Delivery.school_code, Delivery.item_code), connection)


def pupils_served(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """Pupils who received their kit (and how many complete), per school that handed it out."""
    query = (select(Distribution.school_code, func.count().label("served"),
                    func.sum(case((Distribution.complete, 1), else_=0)).label("complete"))
             .where(Distribution.year == year, Distribution.school_code.in_(_schools(scope)))
             .group_by(Distribution.school_code))
    return analytics.read_sql(query, connection)


def schools(connection: Connection, scope: Scope) -> pd.DataFrame:
    """The scope's schools with their province and region, for roll-ups and labels."""
    query = scope.restrict(
        select(School.code.label("school_code"), School.name_fr, School.name_ar, School.cycle, School.sector,
               Commune.milieu, Commune.province_code, Province.name_fr.label("province_fr"),
               Province.name_ar.label("province_ar"), Province.region_code).select_from(School), School.code)
    return analytics.read_sql(query.order_by(School.code), connection)


# --- what the schoolbags app reads (its state class calls these) --------------------------------------------------

def desk_schools(connection: Connection) -> pd.DataFrame:
    """The schools the programme serves (public primary and lower-secondary), with milieu and province."""
    return analytics.read_sql(
        select(School.code, School.name_fr, School.name_ar, Commune.milieu, Commune.province_code, Province.region_code,
               Province.name_fr.label("province_fr"), Province.name_ar.label("province_ar"))
        .join(Commune, Commune.code == School.commune_code)
        .join(Province, Province.code == Commune.province_code)
        .where(School.sector == "public", School.cycle.in_(("primary", "lower_secondary")))
        .order_by(School.code), connection)


def school_returned_books(connection: Connection, year: str, school: str) -> pd.DataFrame:
    return analytics.read_sql(select(ReturnedBook.item_code, ReturnedBook.returned, ReturnedBook.version).where(
        ReturnedBook.year == year, ReturnedBook.school_code == school), connection)


def item_names(connection: Connection) -> pd.DataFrame:
    return analytics.read_sql(select(KitItem.item_code, KitItem.name_fr, KitItem.name_ar, KitItem.reusable), connection)


def school_levels(connection: Connection, year: str, school: str) -> list[str]:
    return list(connection.scalars(select(Enrolment.level_code).distinct().where(
        Enrolment.year == year, Enrolment.school_code == school)))


def school_kit(connection: Connection, year: str, levels: list[str], milieu: str) -> pd.DataFrame:
    """The kit of the given levels for a milieu and for 'all'."""
    return analytics.read_sql(select(KitComposition.level_code, KitComposition.milieu, KitComposition.item_code,
                              KitComposition.quantity, KitItem.name_fr, KitItem.name_ar)
                       .join(KitItem, KitItem.item_code == KitComposition.item_code)
                       .where(KitComposition.year == year, KitComposition.level_code.in_(levels),
                              KitComposition.milieu.in_((milieu, "all")))
                       .order_by(KitComposition.level_code, KitComposition.item_code), connection)


def school_pupils(connection: Connection, year: str, school: str) -> pd.DataFrame:
    """The school's pupils still enrolled, with whether each is excluded from the programme this year."""
    return analytics.read_sql(
        select(Enrolment.massar_code, Pupil.last_name_ar, Pupil.first_name_ar, Enrolment.level_code,
               Enrolment.class_code, _excluded().label("excluded"))
        .join(Pupil, Pupil.massar_code == Enrolment.massar_code)
        .where(Enrolment.year == year, Enrolment.school_code == school, Enrolment.left_on.is_(None))
        .order_by(Enrolment.class_code, Pupil.last_name_ar), connection)
