"""The grants' share of the what-if: places per province and grant type, and the amounts per quarter, changed.

Places change neither scores, ranks nor who has a bed (the year's grid stays): the programme's own allocation
(`grants.logic.allocate`) is run once with no place at all, which leaves every application that still competes
"not granted" with no reason, in rank order. Under any number of places the allocation then grants the first
`places` of them (rules.md), so the granted pupils of a province and type are min(places, competing); the cost is
the programme's own budget (`grants.logic.budget`: granted x amount per quarter). tests/programmes/whatif checks
this against `allocate` run again with the changed places.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection

from workbench.programmes.grants import logic, queries
from workbench.scope import Scope

OUTPUT_COLUMNS = ["province_code", "granted", "quarter_cost_mad"]


@dataclass(frozen=True)
class GrantSettings:
    places: pd.DataFrame  # province_code, grant_type, places
    amounts: Mapping[str, float]  # grant_type -> MAD per quarter


@dataclass
class GrantBase:
    scope: Scope
    competing: pd.DataFrame  # province_code, region_code, grant_type, competing (applications in the running)


def current_settings(connection: Connection, year: str) -> GrantSettings:
    amounts = queries.amounts(connection, year)
    return GrantSettings(places=queries.places(connection, year),
                         amounts=dict(zip(amounts["grant_type"], amounts["quarter_amount_mad"].astype(float))))


def load(connection: Connection, scope: Scope, year: str) -> GrantBase:
    grid = queries.grid(connection, year)
    return build(queries.applications(connection, scope, year), grid, scope)


def build(applications: pd.DataFrame, grid: dict[str, float], scope: Scope) -> GrantBase:
    # With no place at all, every application that still competes is "not_granted" with an empty reason.
    none = applications[["province_code", "grant_type"]].drop_duplicates().assign(places=0)
    decided = logic.allocate(applications, none, grid)
    running = decided[decided["reason"] == ""]
    competing = running.groupby(["province_code", "region_code", "grant_type"], as_index=False).size().rename(
        columns={"size": "competing"})
    return GrantBase(scope=scope, competing=competing)


def simulate(base: GrantBase, settings: GrantSettings) -> pd.DataFrame:
    """Granted pupils and the cost per quarter per province (the scope's provinces)."""
    lists = base.scope.keep(base.competing).merge(settings.places, on=["province_code", "grant_type"], how="left")
    lists["granted"] = lists["competing"].clip(upper=lists["places"].fillna(0)).astype("int64")
    # The budget rule counts one decision line per granted pupil.
    decisions = lists.loc[lists.index.repeat(lists["granted"]), ["province_code", "grant_type"]].assign(
        decision="granted")
    amounts = pd.DataFrame({"grant_type": list(settings.amounts),
                            "quarter_amount_mad": [float(v) for v in settings.amounts.values()]})
    budget = logic.budget(decisions, amounts)
    frame = budget.groupby("province_code", as_index=False)[["granted", "quarter_cost_mad"]].sum()
    return frame.astype({"granted": "int64", "quarter_cost_mad": "float64"})[OUTPUT_COLUMNS]
