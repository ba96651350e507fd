"""The overview's figures. What they are summed from is read once per scope (`OverviewData`): one row per enrolled
pupil with only the columns the figures need (school, level, sex, date left, household), read column-wise in a few
sequential scans, and the absence days per school and month (`absence_school_months`); the figures of the scope or of
any narrower scope inside it are then computed in memory (the explorer app's filter changes)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, false, select

from workbench import analytics, calendar
from workbench.models import (
    AbsenceSchoolMonth,
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

# Below this many schools the pupils and households are read by key (the scope's enrolments); above it, the whole
# tables are scanned once, which is faster than a million look-ups.
SCANNED_FROM = 200
GROUPS = ["province_code", "province_fr", "province_ar", "level_code", "level_rank", "sex", "milieu", "sector"]


@dataclass
class OverviewFigures:
    year: str
    scope: Scope
    totals: dict[str, float]
    pupils: pd.DataFrame  # one row per province, level, sex, milieu and sector
    absence_by_month: pd.DataFrame

    def by(self, *columns: str) -> pd.DataFrame:
        return self.pupils.groupby(list(columns), as_index=False, observed=True)[["pupils", "left"]].sum()


@dataclass
class OverviewData:
    """What the figures of `scope`, or of a scope inside it, are computed from. Each enrolment of the year is a row
    of small integers (positions in `schools`, `levels` and `sexes`, a household number, the day it left), so that
    a narrower scope is a mask and its counts are counted in numpy."""

    year: str
    scope: Scope
    schools: pd.DataFrame  # school_code, province and region codes and names, milieu, sector
    levels: pd.DataFrame  # level_code, level_rank
    sexes: np.ndarray  # the sex codes 'sex' is a position in
    pupils: pd.DataFrame  # school, level (-1: unknown), sex, left (days since 1970, NO_DATE: still there), household
    households: int  # household numbers run from 0 to this (-1: none recorded)
    absences: pd.DataFrame  # school (position in schools), month (a date), days, unjustified_days

    def narrow(self, scope: Scope) -> OverviewData:
        """The same data for a scope inside this one (its province, its school), without reading again."""
        inside = np.zeros(len(self.schools), dtype=bool)
        inside[np.flatnonzero(self.schools.index.isin(scope.keep(self.schools, school="school_code").index))] = True
        return replace(self, scope=scope, pupils=self.pupils[inside[self.pupils["school"].to_numpy()]],
                       absences=self.absences[inside[self.absences["school"].to_numpy()]])

    def figures(self) -> OverviewFigures:
        pupils = self.pupil_counts()
        months = self.absence_by_month()
        count = int(pupils["pupils"].sum())

        def share(mask: pd.Series) -> float:
            return round(float(100 * pupils.loc[mask, "pupils"].sum() / count), 1) if count else 0.0

        household = self.pupils["household"].to_numpy()
        seen = np.zeros(self.households, dtype=bool)
        seen[household[household >= 0]] = True
        possible = (months["enrolled"] * months["school_days"]).sum()
        totals = {
            "pupils": count,
            "schools": int(np.count_nonzero(np.bincount(self.pupils["school"], minlength=len(self.schools)))),
            "households": int(seen.sum()),
            "girls_pct": share(pupils["sex"] == "F"),
            "rural_pct": share(pupils["milieu"] == "rural"),
            "left": int(pupils["left"].sum()),
            "absence_rate_pct": round(float(100 * months["absence_days"].sum() / possible), 2) if possible else 0.0,
        }
        return OverviewFigures(self.year, self.scope, totals, pupils, months)

    def pupil_counts(self) -> pd.DataFrame:
        """Pupils and those who left, by province, level, sex, milieu and sector."""
        frame = self.pupils[self.pupils["level"] >= 0]
        sizes = (len(self.schools), len(self.levels), len(self.sexes))
        cell = np.ravel_multi_index((frame["school"], frame["level"], frame["sex"]), sizes)
        pupils = np.bincount(cell, minlength=int(np.prod(sizes)))
        left = np.bincount(cell, weights=(frame["left"] != NO_DATE).to_numpy(), minlength=len(pupils))
        school, level, sex = np.unravel_index(np.flatnonzero(pupils), sizes)
        rows = self.schools.iloc[school][["province_code", "province_fr", "province_ar", "milieu", "sector"]] \
            .reset_index(drop=True).assign(level_code=self.levels["level_code"].to_numpy()[level],
                                           level_rank=self.levels["level_rank"].to_numpy()[level],
                                           sex=self.sexes[sex], pupils=pupils[pupils > 0],
                                           left=left[pupils > 0].astype("int64"))
        # grouped in the order of the columns, then sorted stably: the rows come in the order SQL's GROUP BY gave
        counts = rows.groupby(GROUPS, sort=True)[["pupils", "left"]].sum().reset_index()
        counts = counts.astype({"pupils": "int64", "left": "int64", "level_rank": "int64"})[[*GROUPS, "pupils", "left"]]
        return counts.sort_values(["province_code", "level_rank", "sex", "milieu", "sector"]).reset_index(drop=True)

    def absence_by_month(self) -> pd.DataFrame:
        """Absence days per month and the rate: absence days / (pupils enrolled on the 1st x school days)."""
        left = self.pupils["left"].to_numpy()
        epoch = pd.Timestamp("1970-01-01")
        enrolled = [len(left) - int((left < (pd.Timestamp(s) - epoch).days).sum())
                    for s in calendar.month_starts(self.year)]
        frame = pd.DataFrame({"month": list(calendar.SCHOOL_MONTHS), "enrolled": enrolled,
                              "school_days": calendar.school_days_per_month(self.year).to_numpy()})
        absences = self.absences.assign(month=pd.to_datetime(self.absences["month"]).dt.month,
                                        justified_days=self.absences["days"] - self.absences["unjustified_days"])
        absences = absences.groupby("month", as_index=False).agg(absence_days=("days", "sum"),
                                                                 justified_days=("justified_days", "sum"))
        frame = frame.merge(absences, on="month", how="left").fillna(0)
        frame[["absence_days", "justified_days"]] = frame[["absence_days", "justified_days"]].astype(int)
        frame["month_fr"] = frame["month"].map(lambda m: calendar.MONTH_NAMES[m][0])
        frame["month_ar"] = frame["month"].map(lambda m: calendar.MONTH_NAMES[m][1])
        possible = frame["enrolled"] * frame["school_days"]
        frame["absence_rate_pct"] = (100 * frame["absence_days"] / possible.where(possible > 0)).round(2).fillna(0.0)
        return frame


NO_DATE = np.iinfo(np.int32).max  # 'left' of a pupil still enrolled


def _positions(values: pa.ChunkedArray, known) -> np.ndarray:
    """Each value's position among `known` (-1: not among them)."""
    found = pc.index_in(values, value_set=pa.array(known, type=values.type))
    return pc.fill_null(found, -1).to_numpy().astype(np.int32)


def _days(values: pa.ChunkedArray) -> np.ndarray:
    """Dates (ISO text as SQLite keeps them, or dates) as days since 1970; NO_DATE where there is none. A column
    with no date at all may come typed as nulls or as integers (SQLite's driver guesses a type from values)."""
    if pa.types.is_null(values.type) or values.null_count == len(values):
        return np.full(len(values), NO_DATE, dtype=np.int32)
    if not pa.types.is_date32(values.type):
        values = pc.cast(values, pa.date32())
    return pc.fill_null(pc.cast(values, pa.int32()), NO_DATE).to_numpy().astype(np.int32)


def load(connection: Connection, scope: Scope, year: str) -> OverviewData:
    """Read what the overview of `scope` (and of every scope inside it) is computed from: the enrolments of the
    year with their pupil's sex and household, joined in Arrow, and the absences per school and month."""
    schools = scope_schools(connection, scope)
    levels = analytics.read_sql(select(Level.code.label("level_code"), Level.rank.label("level_rank")), connection)
    enrolments = select(Enrolment.massar_code, Enrolment.school_code, Enrolment.level_code, Enrolment.left_on).where(
        Enrolment.year == year)
    if schools.empty:
        enrolments = enrolments.where(false())
    elif scope.level != "all" or scope.approved:
        enrolments = enrolments.where(Enrolment.school_code.in_(list(schools["school_code"])))
    sex = select(Pupil.massar_code, Pupil.sex)
    guardians = select(PupilGuardian.massar_code, PupilGuardian.guardian_cin)
    if len(schools) < SCANNED_FROM:  # a few schools: their pupils by key
        sex = sex.where(Pupil.massar_code.in_(enrolments.with_only_columns(Enrolment.massar_code)))
        guardians = guardians.where(PupilGuardian.massar_code.in_(enrolments.with_only_columns(Enrolment.massar_code)))
    text = pa.string()
    tables = analytics.read_arrows(connection, [enrolments, sex, guardians])
    tables = [table.cast(pa.schema([field.with_type(text) if field.name != "left_on" or pa.types.is_null(field.type)
                                    else field for field in table.schema])) for table in tables]
    joined = analytics.attach(analytics.attach(tables[0], tables[1], "massar_code"), tables[2], "massar_code",
                              inner=False)
    school = _positions(joined["school_code"], schools["school_code"])
    sexes = np.sort(pc.unique(joined["sex"]).drop_null().to_numpy(zero_copy_only=False).astype(object))
    household = pc.dictionary_encode(joined["guardian_cin"]).combine_chunks()
    pupils = pd.DataFrame({"school": school, "level": _positions(joined["level_code"], levels["level_code"]),
                           "sex": _positions(joined["sex"], sexes), "left": _days(joined["left_on"]),
                           "household": pc.fill_null(household.indices, -1).to_numpy().astype(np.int64)})
    absences = analytics.read_sql(
        select(AbsenceSchoolMonth.school_code, AbsenceSchoolMonth.month, AbsenceSchoolMonth.days,
               AbsenceSchoolMonth.unjustified_days)
        .where(AbsenceSchoolMonth.year == year, AbsenceSchoolMonth.school_code.in_(list(schools["school_code"]))),
        connection)
    absences = absences.assign(school=pd.Index(schools["school_code"]).get_indexer(absences["school_code"]))
    return OverviewData(year, scope, schools, levels, sexes, pupils[pupils["school"] >= 0].reset_index(drop=True),
                        len(household.dictionary), absences.drop(columns="school_code"))


def scope_schools(connection: Connection, scope: Scope) -> pd.DataFrame:
    """The scope's schools with what the figures are grouped by."""
    return analytics.read_sql(scope.restrict(
        select(School.code.label("school_code"), Commune.province_code, Province.name_fr.label("province_fr"),
               Province.name_ar.label("province_ar"), Province.region_code, Commune.milieu, School.sector)
        .select_from(School), School.code), connection)


def compute(connection: Connection, scope: Scope, year: str) -> OverviewFigures:
    return load(connection, scope, year).figures()


def school_map(connection: Connection) -> pd.DataFrame:
    """Every school with its province and region (code and names): what the overview app lets one pick."""
    return analytics.read_sql(
        select(School.code, School.name_fr, School.name_ar, Commune.province_code, Province.name_fr
               .label("province_fr"), Province.name_ar.label("province_ar"), Province.region_code,
               Region.name_fr.label("region_fr"), Region.name_ar.label("region_ar"))
        .join(Commune, Commune.code == School.commune_code)
        .join(Province, Province.code == Commune.province_code)
        .join(Region, Region.code == Province.region_code).order_by(School.code), connection)
