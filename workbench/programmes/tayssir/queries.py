"""What the Tayssir computation reads: programme pupils of the scope's households, their monthly absences."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Select, false, func, select

from workbench import analytics
from workbench.bulk import read_frame
from workbench.codes import year_bounds
from workbench.models import AbsenceMonth, Commune, Enrolment, Province, Pupil, School
from workbench.programmes.tayssir.models import (
    Complaint,
    TayssirCommune,
    TayssirEnrolment,
    TayssirLine,
    TayssirOverride,
    TayssirPeriod,
    TayssirRule,
    TayssirSettings,
)
from workbench.programmes.tayssir.numbering import positions
from workbench.scope import Scope


def settings(connection: Connection, year: str) -> tuple[int, bool]:
    row = connection.execute(select(TayssirSettings).where(TayssirSettings.year == year)).first()
    return (3, False) if row is None else (row.household_cap, bool(row.count_justified_absences))


def periods(connection: Connection, year: str) -> pd.DataFrame:
    return analytics.read_sql(select(TayssirPeriod).where(TayssirPeriod.year == year).order_by(TayssirPeriod.number),
                       connection)


def scope_households(scope: Scope, year: str) -> Select:
    """Guardian CINs with a registered pupil in the scope: the household cap needs all their children."""
    return scope.restrict(
        select(TayssirEnrolment.guardian_cin).select_from(TayssirEnrolment).join(
            Enrolment, (Enrolment.massar_code == TayssirEnrolment.massar_code) & (Enrolment.year == year)),
        Enrolment.school_code).where(TayssirEnrolment.year == year)


def programme(connection: Connection, scope: Scope, year: str, households: list[str] | None = None) -> pd.DataFrame:
    """One row per registered pupil of the scope's households (or of the given ones), with what the rules need.

    Only the pupil tables are joined in SQL; the school's commune and province and the level's rule come from
    small lookup tables mapped on whole columns (a seven-table join over millions of rows is what was slow)."""
    query = (
        select(TayssirEnrolment.massar_code, TayssirEnrolment.guardian_cin, TayssirEnrolment.enrolled_on,
               TayssirEnrolment.ramed_or_rsu, Enrolment.level_code, Enrolment.left_on, Enrolment.school_code,
               Pupil.sex)
        .select_from(TayssirEnrolment)
        .join(Enrolment, (Enrolment.massar_code == TayssirEnrolment.massar_code) & (Enrolment.year == year))
        .join(Pupil, Pupil.massar_code == TayssirEnrolment.massar_code)
        .where(TayssirEnrolment.year == year)
    )
    if households is not None:
        query = query.where(TayssirEnrolment.guardian_cin.in_(households))
    elif scope.level != "all":
        query = query.where(TayssirEnrolment.guardian_cin.in_(scope_households(scope, year)))
    if analytics.enabled(connection):  # the columns of few values encoded in Arrow: no text object per row made
        frame = analytics.arrow_frame(analytics.encoded(analytics.read_arrow(connection, query), FEW_VALUES))
    else:
        frame = read_frame(connection, query)
    return _with_school_and_rule(connection, year, _as_categories(frame, FEW_VALUES))


# A programme row's columns that take few values (dates, levels, schools, sexes), held as sorted categories: each
# value once, each row a number (a national programme of 3.5 million rows held 0.6 GB less).
FEW_VALUES = ("enrolled_on", "level_code", "left_on", "school_code", "sex")


def _as_categories(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """The columns as categories in sorted order (as `astype("category")` makes them: sorting or grouping by
    one gives the order of its values)."""
    for name in columns:
        values = frame[name]
        if not isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("category")
        elif not values.cat.categories.is_monotonic_increasing:
            values = values.cat.reorder_categories(values.cat.categories.sort_values())
        frame[name] = values
    return frame


def _taken(values: pd.Series, at: np.ndarray) -> pd.Categorical:
    """`values` at the positions `at` (-1: none), as categories of the few values there are."""
    labels = pd.Categorical(values)
    return pd.Categorical.from_codes(np.append(labels.codes, -1)[at], labels.categories, validate=False)


def _with_school_and_rule(connection: Connection, year: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Programme rows with their school's commune and province and their level's rule (small lookup tables,
    mapped on whole columns)."""
    schools = analytics.read_sql(
        select(School.code.label("school_code"), func.coalesce(TayssirCommune.targeted, false()).label("targeted"),
               Commune.province_code, Province.region_code, Province.name_fr.label("province_fr"),
               Province.name_ar.label("province_ar"))
        .join(Commune, Commune.code == School.commune_code).join(Province, Province.code == Commune.province_code)
        .outerjoin(TayssirCommune, TayssirCommune.commune_code == School.commune_code),  # no row: not targeted
        connection)
    rules = analytics.read_sql(select(TayssirRule.level_code, TayssirRule.monthly_amount_mad,
                               TayssirRule.max_absences_per_month).where(TayssirRule.year == year), connection)
    school = positions(pd.Index(schools["school_code"]), frame["school_code"])
    frame["targeted"] = schools["targeted"].to_numpy()[school]
    for column in ("province_code", "region_code", "province_fr", "province_ar"):
        frame[column] = _taken(schools[column], school)
    level = positions(pd.Index(rules["level_code"]), frame["level_code"])
    for column in ("monthly_amount_mad", "max_absences_per_month"):
        values = rules[column].to_numpy(dtype=float)
        frame[column] = np.where(level >= 0, values[level] if len(values) else np.nan, np.nan)
    return frame


def programme_columns(connection: Connection, scope: Scope, year: str) -> pd.DataFrame:
    """`programme`'s rows for a large scope (an app's region), read column-wise and joined in Arrow: in SQL the
    semi-join on the scope's households is a look-up per registered pupil. Rows in no particular order."""
    tables = [analytics.read_arrow(connection, query) for query in (
        select(TayssirEnrolment.massar_code, TayssirEnrolment.guardian_cin, TayssirEnrolment.enrolled_on,
               TayssirEnrolment.ramed_or_rsu).where(TayssirEnrolment.year == year)
        .order_by(TayssirEnrolment.massar_code),  # the key's order: a province's rows need no sort for the rules
        select(Enrolment.massar_code, Enrolment.level_code, Enrolment.left_on, Enrolment.school_code)
        .where(Enrolment.year == year),
        select(Pupil.massar_code, Pupil.sex))]
    if not tables[0].num_rows:
        return programme(connection, scope, year)
    joined = analytics.attach(analytics.attach(tables[0], tables[1], "massar_code"), tables[2], "massar_code")
    # Its households as categories too: a province's are then marked by number (`YearInputs.narrow`).
    encoded = (*FEW_VALUES, "guardian_cin")
    frame = _with_school_and_rule(connection, year, _as_categories(
        analytics.arrow_frame(analytics.encoded(joined, encoded))[
            ["massar_code", "guardian_cin", "enrolled_on", "ramed_or_rsu", "level_code", "left_on", "school_code",
             "sex"]], encoded))
    if scope.level == "all":
        return frame
    inside = scope.keep(frame, school="school_code")
    if len(inside) == len(frame):  # every registered pupil is in the scope (a region user in a region's store)
        return frame
    return frame[frame["guardian_cin"].isin(inside["guardian_cin"].unique())].reset_index(drop=True)


def absence_months(connection: Connection, scope: Scope, year: str, count_justified: bool,
                   households: list[str] | None = None, above: int = 0) -> pd.DataFrame:
    """Absence days per registered pupil and month (1-12), for the months with more than `above` days (months
    under the lowest limit cannot withhold anything, so they are not read); justified days only count when the
    year's setting says so."""
    starts_on, ends_on = year_bounds(year)
    days = AbsenceMonth.days if count_justified else AbsenceMonth.unjustified_days
    pupils = select(TayssirEnrolment.massar_code).where(TayssirEnrolment.year == year)
    if households is not None:
        pupils = pupils.where(TayssirEnrolment.guardian_cin.in_(households))
    elif scope.level != "all":
        pupils = pupils.where(TayssirEnrolment.guardian_cin.in_(scope_households(scope, year)))
    query = select(AbsenceMonth.massar_code, AbsenceMonth.month, days.label("absence_days")).where(
        days > above, AbsenceMonth.month.between(starts_on, ends_on), AbsenceMonth.massar_code.in_(pupils))
    frame = read_frame(connection, query)
    frame["month"] = pd.to_datetime(frame["month"]).dt.month if not frame.empty else pd.Series(dtype="int64")
    return frame


def lowest_absence_limit(connection: Connection, year: str) -> int:
    """The smallest monthly absence limit of the year's levels (0 when none is set)."""
    lowest = connection.execute(select(func.min(TayssirRule.max_absences_per_month)).where(
        TayssirRule.year == year)).scalar()
    return int(lowest or 0)


def overrides(connection: Connection, year: str) -> pd.DataFrame:
    return analytics.read_sql(select(TayssirOverride.massar_code, TayssirOverride.month).where(
        TayssirOverride.year == year), connection)


def issued_lines(connection: Connection, year: str) -> pd.DataFrame:
    return analytics.read_sql(select(TayssirLine).join(TayssirPeriod, TayssirPeriod.code == TayssirLine.period_code)
                       .where(TayssirPeriod.year == year), connection)


def issued_lines_of(connection: Connection, period_codes: list[str], guardian_cins: list[str]) -> pd.DataFrame:
    """The stored lines of issued periods for the given households only (a payments file, a complaint)."""
    columns = [TayssirLine.period_code, TayssirLine.guardian_cin, TayssirLine.massar_code, TayssirLine.month,
               TayssirLine.amount_mad, TayssirLine.status, TayssirLine.reason, TayssirLine.kind]
    frames = [analytics.read_sql(select(*columns).where(TayssirLine.period_code.in_(period_codes),
                                                 TayssirLine.guardian_cin.in_(guardian_cins[start : start + 900])),
                          connection) for start in range(0, len(guardian_cins), 900)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[c.key for c in columns])


# --- what the Tayssir app reads (its state class calls these) -----------------------------------------------------

def pupil_names(connection: Connection, massar_codes: list[str]) -> pd.DataFrame:
    return analytics.read_sql(select(Pupil.massar_code, Pupil.first_name_ar, Pupil.last_name_ar, Pupil.first_name_fr)
                       .where(Pupil.massar_code.in_(massar_codes)), connection)


def household_complaints(connection: Connection, guardian_cin: str) -> pd.DataFrame:
    return analytics.read_sql(select(Complaint.id, Complaint.massar_code, Complaint.period_code, Complaint.kind,
                              Complaint.filed_on, Complaint.state, Complaint.resolution)
                       .where(Complaint.guardian_cin == guardian_cin).order_by(Complaint.id), connection)
