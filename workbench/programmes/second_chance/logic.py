"""The indicators of the second-chance schools (rules.md, "Second-chance schools"), as pure functions on frames.

Per centre and year: learners by sex and stage, the share aged 13-18, outcomes of those who left and the
integration rate, staff by role and learners per educator, data completeness field by field; per province: the
plan against what was achieved. Province and region figures are sums, and every rate is recomputed from the sums.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from workbench.programmes.second_chance.models import EDUCATING, INTEGRATED, OUTCOMES, ROLES, STAGES

# Expected fields of completeness: every column of the centre's e2c-centres row but opened_on (empty: planned).
CENTRE_FIELDS = ("centre_code", "province_code", "name_fr", "name_ar", "association", "agreement_start",
                 "agreement_end", "capacity", "trades", "has_workshop", "has_computer_room")
LEARNER_FIELDS = ("sex", "birth_date", "stage")  # and outcome, when left_on is set
STAFF_FIELDS = ("role", "sex", "hours_per_week")
# The counts every figure is computed from: what a province or region sums.
COUNTS = ("learners", "girls", "boys", "aged_known", "aged_13_18", *STAGES, "left", "integrated", "staff",
          "educators", "filled", "expected")
INDICATOR_COLUMNS = ["centre_code", "province_code", "learners", "girls", "boys", "aged_13_18_pct", "qualification",
                     "pre_vocational", "follow_up", "left", "integrated", "integration_rate_pct", "staff",
                     "learners_per_educator", "completeness_pct"]
ALERT_DAYS = 90


def one_decimal(numerator: pd.Series, denominator: pd.Series, scale: int = 100) -> pd.Series:
    """scale × numerator / denominator with one decimal, rounded half away from zero in exact integer arithmetic
    (33.25 % gives 33.3, never 33.2 from a float's binary error); empty where the denominator is 0."""
    num = pd.Series(numerator).fillna(0).to_numpy(dtype="int64")
    den = pd.Series(denominator).fillna(0).to_numpy(dtype="int64")
    safe = np.where(den > 0, den, 1)
    tenths = (20 * scale * num + safe) // (2 * safe)  # counts are never negative
    return pd.Series(np.where(den > 0, tenths / 10, np.nan), index=pd.Series(numerator).index, dtype="float64")


def age_on_first_september(birth_date: pd.Series, year: str) -> pd.Series:
    """Age in whole years on 1 September of the school year's first calendar year (empty when not known)."""
    born = pd.to_datetime(birth_date)
    before_birthday = (born.dt.month > 9) | ((born.dt.month == 9) & (born.dt.day > 1))
    return (int(year[:4]) - born.dt.year - before_birthday.astype("int64")).astype("Int64")


def learner_counts(learners: pd.DataFrame, year: str) -> pd.DataFrame:
    """Per centre: learners, girls, boys, those of known age and those aged 13-18, by stage, left, integrated."""
    age = age_on_first_september(learners["birth_date"], year)
    left = learners["left_on"].notna()
    flags = pd.DataFrame({
        "centre_code": learners["centre_code"], "learners": 1,
        "girls": learners["sex"].eq("F"), "boys": learners["sex"].eq("M"),
        "aged_known": age.notna(), "aged_13_18": age.between(13, 18).fillna(False).astype(bool),
        **{stage: learners["stage"].eq(stage) for stage in STAGES},
        "left": left, "integrated": left & learners["outcome"].isin(INTEGRATED),
    })
    return flags.groupby("centre_code").sum().astype("int64")


def staff_counts(staff: pd.DataFrame) -> pd.DataFrame:
    """Per centre: staff rows and those who educate (educators and trainers)."""
    flags = pd.DataFrame({"centre_code": staff["centre_code"], "staff": 1,
                          "educators": staff["role"].isin(EDUCATING)})
    return flags.groupby("centre_code").sum().astype("int64")


def _present(frame: pd.DataFrame) -> pd.DataFrame:
    """Whether each cell holds a value (an empty or blank text is missing)."""
    blank = pd.DataFrame({c: frame[c].astype("string").str.strip().eq("").fillna(False).astype(bool)
                          for c in frame.columns}, index=frame.index)
    return frame.notna() & ~blank


def field_cells(centres: pd.DataFrame, learners: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """Every expected field of every centre, one row each: centre_code, part (centre, learner, staff), field, and
    whether it is filled. A learner's outcome is expected only once they have left."""
    def cells(frame: pd.DataFrame, part: str, fields: list[str]) -> pd.DataFrame:
        filled = _present(frame[fields]).assign(_centre=frame["centre_code"].to_numpy())  # centre_code is a field too
        return (filled.melt(id_vars="_centre", var_name="field", value_name="filled")
                .rename(columns={"_centre": "centre_code"}).assign(part=part))

    left = learners[learners["left_on"].notna()]
    parts = [cells(centres, "centre", list(CENTRE_FIELDS)), cells(learners, "learner", list(LEARNER_FIELDS)),
             cells(left, "learner", ["outcome"]), cells(staff, "staff", list(STAFF_FIELDS))]
    return pd.concat(parts, ignore_index=True)[["centre_code", "part", "field", "filled"]].astype({"filled": bool})


def completeness(cells: pd.DataFrame) -> pd.DataFrame:
    """Per centre: fields filled and fields expected."""
    return cells.groupby("centre_code")["filled"].agg(filled="sum", expected="size").astype("int64")


def missing_fields(cells: pd.DataFrame) -> pd.DataFrame:
    """Per centre, each field with a missing value and how many times it is missing (a centre's own field once;
    a learner's or a staff member's once per person)."""
    order = {name: rank for rank, name in enumerate(
        [f"centre.{f}" for f in CENTRE_FIELDS] + [f"learner.{f}" for f in (*LEARNER_FIELDS, "outcome")]
        + [f"staff.{f}" for f in STAFF_FIELDS])}
    missing = cells[~cells["filled"]]
    counted = missing.groupby(["centre_code", "part", "field"], as_index=False).size().rename(
        columns={"size": "missing"})
    rank = (counted["part"] + "." + counted["field"]).map(order)
    return counted.assign(_rank=rank).sort_values(["centre_code", "_rank"]).drop(columns="_rank").reset_index(
        drop=True)


def with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """The rates of rules.md computed from a frame's counts (a centre's, or a province's sums)."""
    return frame.assign(
        aged_13_18_pct=one_decimal(frame["aged_13_18"], frame["aged_known"]),
        integration_rate_pct=one_decimal(frame["integrated"], frame["left"]),
        learners_per_educator=one_decimal(frame["learners"], frame["educators"], scale=1),
        completeness_pct=one_decimal(frame["filled"], frame["expected"]),
    )


def centre_indicators(centres: pd.DataFrame, learners: pd.DataFrame, staff: pd.DataFrame, year: str) -> pd.DataFrame:
    """One row per centre: its counts and rates (the columns of e2c_indicators.csv, and the counts behind them)."""
    counts = (learner_counts(learners, year).join(staff_counts(staff), how="outer")
              .join(completeness(field_cells(centres, learners, staff)), how="outer"))
    keep = [c for c in centres.columns if c not in COUNTS]
    frame = centres[keep].merge(counts, left_on="centre_code", right_index=True, how="left")
    frame = frame.assign(**{c: frame[c].fillna(0).astype("int64") for c in COUNTS if c in frame})
    for column in COUNTS:
        if column not in frame:
            frame[column] = 0
    return with_rates(frame).sort_values("centre_code").reset_index(drop=True)


def roll_up(indicators: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sums of the counts by `keys` (a province, a region), with the rates recomputed from the sums — never the
    mean of the centres' rates — and the number of centres."""
    totals = indicators.groupby(keys, as_index=False)[list(COUNTS)].sum()
    centres = indicators.groupby(keys, as_index=False).size().rename(columns={"size": "centres"})
    return with_rates(totals.merge(centres, on=keys))


def totals(indicators: pd.DataFrame) -> pd.Series:
    """The whole scope's figures, from the sums of every centre."""
    summed = indicators[list(COUNTS)].sum().to_frame().T.astype("int64").assign(centres=len(indicators))
    return with_rates(summed).iloc[0]


def opened_by(year: str) -> pd.Timestamp:
    """Centres count as opened for a year's plan when they opened on or before 30 June of its second year."""
    return pd.Timestamp(int(year[:4]) + 1, 6, 30)


def plan_vs_achieved(centres: pd.DataFrame, learners: pd.DataFrame, plan: pd.DataFrame, year: str) -> pd.DataFrame:
    """Per province: centres planned and opened, learners planned and enrolled, and the share achieved."""
    opened = centres.assign(opened=pd.to_datetime(centres["opened_on"]).le(opened_by(year)))
    achieved = opened.groupby("province_code", as_index=False)["opened"].sum().rename(
        columns={"opened": "centres_opened"})
    enrolled = learners.merge(centres[["centre_code", "province_code"]], on="centre_code").groupby(
        "province_code", as_index=False).size().rename(columns={"size": "learners_enrolled"})
    frame = (plan[["province_code", "centres_planned", "learners_planned"]]
             .merge(achieved, on="province_code", how="outer").merge(enrolled, on="province_code", how="outer"))
    counts = ["centres_planned", "centres_opened", "learners_planned", "learners_enrolled"]
    frame[counts] = frame[counts].fillna(0).astype("int64")
    return plan_rates(frame).sort_values("province_code").reset_index(drop=True)


def plan_rates(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(centres_achieved_pct=one_decimal(frame["centres_opened"], frame["centres_planned"]),
                        learners_achieved_pct=one_decimal(frame["learners_enrolled"], frame["learners_planned"]))


def outcomes(learners: pd.DataFrame) -> pd.DataFrame:
    """Per centre, those who left by outcome (an unrecorded outcome counted as `unknown`), every outcome a column."""
    left = learners[learners["left_on"].notna()]
    counted = pd.crosstab(left["centre_code"], left["outcome"].fillna("unknown"))
    return counted.reindex(columns=[*OUTCOMES, "unknown"], fill_value=0).rename_axis(columns=None)


def staff_by_role(staff: pd.DataFrame) -> pd.DataFrame:
    """Per centre, staff by role (an unrecorded role counted as `unknown`), every role a column."""
    counted = pd.crosstab(staff["centre_code"], staff["role"].fillna("unknown"))
    return counted.reindex(columns=[*ROLES, "unknown"], fill_value=0).rename_axis(columns=None)


def learners_by_sex_and_stage(learners: pd.DataFrame) -> pd.DataFrame:
    """Learners by stage (rows, `unknown` when not recorded) and sex (columns F, M, unknown)."""
    counted = pd.crosstab(learners["stage"].fillna("unknown"), learners["sex"].fillna("unknown"))
    return (counted.reindex(index=[*STAGES, "unknown"], columns=["F", "M", "unknown"], fill_value=0)
            .rename_axis(index="stage", columns=None).reset_index())


def agreement_status(agreement_end: pd.Series, today: dt.date) -> pd.Series:
    """`ended`, `ending` (within 90 days), `running`, or `unknown` (no end date) for each agreement."""
    days = (pd.to_datetime(agreement_end) - pd.Timestamp(today)).dt.days
    status = np.select([days.isna(), days < 0, days <= ALERT_DAYS], ["unknown", "ended", "ending"], "running")
    return pd.Series(status, index=agreement_end.index)
