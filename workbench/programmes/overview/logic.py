"""The overview's figures, aggregated in SQL (one query per table, whatever the number of pupils)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Select, case, func, select

from workbench import analytics, calendar
from workbench.codes import year_bounds
from workbench.models import (
    Absence,
    Commune,
    Enrolment,
    Level,
    Province,
    Pupil,
    PupilGuardian,
    Region,
    School,
)
from workbench.scope import Scope


@dataclass
class OverviewFigures:
    year: str
    scope: Scope
    totals: dict[str, float]
    pupils: pd.DataFrame  # one row per province, level, sex, milieu and sector
    absence_by_month: pd.DataFrame

    def by(self, *columns: str) -> pd.DataFrame:
        return self.pupils.groupby(list(columns), as_index=False, observed=True)[["pupils", "left"]].sum()


def _joined(query: Select, scope: Scope) -> Select:
    return scope.restrict(query, Enrolment.school_code)


def pupil_counts(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    query = _joined(
        select(Province.code.label("province_code"), Province.name_fr.label("province_fr"),
               Province.name_ar.label("province_ar"), Enrolment.level_code, Level.rank.label("level_rank"),
               Pupil.sex, Commune.milieu, School.sector, func.count().label("pupils"),
               func.count(Enrolment.left_on).label("left"))
        .select_from(Enrolment)
        .join(Pupil, Pupil.massar_code == Enrolment.massar_code)
        .join(Level, Level.code == Enrolment.level_code),
        scope,
    ).where(Enrolment.year == year).group_by(
        Province.code, Province.name_fr, Province.name_ar, Enrolment.level_code, Level.rank, Pupil.sex,
        Commune.milieu, School.sector)
    frame = analytics.read_sql(query, connection)
    return frame.sort_values(["province_code", "level_rank", "sex", "milieu", "sector"]).reset_index(drop=True)


def absence_by_month(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """Absence days per month and the rate: absence days / (pupils enrolled on the 1st x school days)."""
    starts_on, ends_on = year_bounds(year)
    month = func.extract("month", Absence.absent_on)
    # A semi-join on the scope's pupils lets the database walk the absences index pupil by pupil.
    pupils_in_scope = _joined(select(Enrolment.massar_code).select_from(Enrolment), scope).where(
        Enrolment.year == year)
    absences = analytics.read_sql(
        select(month.label("month"), func.count().label("absence_days"),
               func.sum(case((Absence.justified, 1), else_=0)).label("justified_days"))
        .where(Absence.massar_code.in_(pupils_in_scope), Absence.absent_on.between(starts_on, ends_on))
        .group_by(month), connection)
    departures = analytics.read_sql(_joined(
        select(Enrolment.left_on, func.count().label("pupils")).select_from(Enrolment), scope)
        .where(Enrolment.year == year).group_by(Enrolment.left_on), connection)
    total = int(departures["pupils"].sum())
    left_on = pd.to_datetime(departures["left_on"])
    starts = calendar.month_starts(year)
    enrolled = [total - int(departures.loc[left_on < pd.Timestamp(s), "pupils"].sum()) for s in starts]
    frame = pd.DataFrame({"month": list(calendar.SCHOOL_MONTHS), "enrolled": enrolled,
                          "school_days": calendar.school_days_per_month(year).to_numpy()})
    absences["month"] = absences["month"].astype(int)
    frame = frame.merge(absences, on="month", how="left").fillna(0)
    frame[["absence_days", "justified_days"]] = frame[["absence_days", "justified_days"]].astype(int)
    frame["month_fr"] = frame["month"].map(lambda m: calendar.MONTH_NAMES[m][0])
    frame["month_ar"] = frame["month"].map(lambda m: calendar.MONTH_NAMES[m][1])
    possible = frame["enrolled"] * frame["school_days"]
    frame["absence_rate_pct"] = (100 * frame["absence_days"] / possible.where(possible > 0)).round(2).fillna(0.0)
    return frame


def households(connection: Connection, scope: Scope, year: str) -> int:
    query = _joined(select(func.count(func.distinct(PupilGuardian.guardian_cin))).select_from(Enrolment)
                    .join(PupilGuardian, PupilGuardian.massar_code == Enrolment.massar_code), scope)
    return int(connection.execute(query.where(Enrolment.year == year)).scalar_one())


def schools(connection: Connection, scope: Scope, year: str) -> int:
    query = _joined(select(func.count(func.distinct(Enrolment.school_code))).select_from(Enrolment), scope)
    return int(connection.execute(query.where(Enrolment.year == year)).scalar_one())


def compute(connection: Connection, scope: Scope, year: str) -> OverviewFigures:
    pupils = pupil_counts(connection, scope, year)
    months = absence_by_month(connection, scope, year)
    count = int(pupils["pupils"].sum())

    def share(mask: pd.Series) -> float:
        return round(float(100 * pupils.loc[mask, "pupils"].sum() / count), 1) if count else 0.0

    possible = (months["enrolled"] * months["school_days"]).sum()
    totals = {
        "pupils": count,
        "schools": schools(connection, scope, year),
        "households": households(connection, scope, year),
        "girls_pct": share(pupils["sex"] == "F"),
        "rural_pct": share(pupils["milieu"] == "rural"),
        "left": int(pupils["left"].sum()),
        "absence_rate_pct": round(float(100 * months["absence_days"].sum() / possible), 2) if possible else 0.0,
    }
    return OverviewFigures(year, scope, totals, pupils, months)


def school_map(connection: Connection) -> pd.DataFrame:
    """Every school with its province and region (code and names): what the overview app lets one pick."""
    return analytics.read_sql(
        select(School.code, School.name_fr, School.name_ar, Commune.province_code, Province.name_fr
               .label("province_fr"), Province.name_ar.label("province_ar"), Province.region_code,
               Region.name_fr.label("region_fr"), Region.name_ar.label("region_ar"))
        .join(Commune, Commune.code == School.commune_code)
        .join(Province, Province.code == Commune.province_code)
        .join(Region, Region.code == Province.region_code).order_by(School.code), connection)
