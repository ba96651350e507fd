"""The second-chance campaign: every figure of a scope and year computed once (rules.md), kept in one result that
the report, the files and the app read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection

from workbench.programmes.second_chance import logic, queries
from workbench.run_context import RunContext
from workbench.scope import Scope

PROVINCE_KEYS = ["province_code", "province_fr", "province_ar"]
REGION_KEYS = ["region_code", "region_fr", "region_ar"]


@dataclass
class SecondChanceResult:
    year: str
    scope: Scope
    centres: pd.DataFrame  # the scope's centres (e2c-centres columns, province and region names)
    learners: pd.DataFrame  # the year's learner rows of those centres
    staff: pd.DataFrame  # the year's staff rows of those centres
    plan: pd.DataFrame  # per province: planned, opened, enrolled and the shares achieved
    indicators: pd.DataFrame  # per centre: the counts and rates of rules.md
    cells: pd.DataFrame  # every expected field of every centre and whether it is filled
    validations: pd.DataFrame  # per centre: where its data of the year stands (draft, approved, reopened)
    today: dt.date = field(default_factory=dt.date.today)
    # The committee's findings of the year's visits (year, centre_code, item, visited_on, observed, comment).
    visits: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["year", "centre_code", "item", "visited_on", "observed", "comment"]))

    def by_province(self) -> pd.DataFrame:
        return logic.roll_up(self.indicators, PROVINCE_KEYS)

    def by_region(self) -> pd.DataFrame:
        return logic.roll_up(self.indicators, REGION_KEYS)

    def totals(self) -> pd.Series:
        return logic.totals(self.indicators)

    def plan_total(self) -> pd.Series:
        counts = ["centres_planned", "centres_opened", "learners_planned", "learners_enrolled"]
        return logic.plan_rates(self.plan[counts].sum().to_frame().T.astype("int64")).iloc[0]

    def missing(self) -> pd.DataFrame:
        return logic.missing_fields(self.cells)

    def outcomes(self) -> pd.DataFrame:
        return logic.outcomes(self.learners)

    def staff_roles(self) -> pd.DataFrame:
        return logic.staff_by_role(self.staff)

    def sex_and_stage(self) -> pd.DataFrame:
        return logic.learners_by_sex_and_stage(self.learners)

    def agreements(self) -> pd.Series:
        return logic.agreement_status(self.centres["agreement_end"], self.today)


def compute_scope(connection: Connection, scope: Scope, year: str, today: dt.date | None = None) -> SecondChanceResult:
    centres = queries.centres(connection, scope, year)
    learners = queries.learners(connection, scope, year)
    staff = queries.staff(connection, scope, year)
    plan = queries.plan(connection, scope, year)
    names = queries.provinces(connection, sorted(set(plan["province_code"]) | set(centres["province_code"])))
    progress = logic.plan_vs_achieved(centres, learners, plan, year).merge(names, on="province_code", how="left")
    return SecondChanceResult(
        year=year, scope=scope, centres=centres, learners=learners, staff=staff, plan=progress,
        indicators=logic.centre_indicators(centres, learners, staff, year),
        cells=logic.field_cells(centres, learners, staff),
        validations=queries.validations(connection, year, centres["centre_code"].tolist()),
        today=today or dt.date.today(), visits=queries.visit_findings(connection, scope, year))


def compute(connection: Connection, run: RunContext) -> SecondChanceResult:
    return compute_scope(connection, run.scope, run.year)


def write_outputs(connection: Connection, result: SecondChanceResult, run: RunContext) -> list[Path]:
    from workbench.programmes.second_chance import outputs

    return outputs.write_outputs(result, run.out_dir)
