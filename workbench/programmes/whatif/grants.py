"""The grants' share of the what-if: places per province and grant type, and the amounts per quarter, changed; the
lists are the programme's own allocation (`grants.logic.allocate`, `budget`) with the year's scoring grid.

Read once: the applications that compete (eligible, and within a boarding school's beds). Places change neither
scores, ranks nor who has a bed, so the others are ineligible or not granted whatever the places: they are left
out of the rows the allocation is run on again, which changes no decision of the competing ones.
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
    competing: pd.DataFrame  # applications still competing for places, with what the allocation reads
    grid: dict[str, float]


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
    competing = decided[decided["reason"] == ""]["massar_code grant_type".split()]
    keep = applications.merge(competing, on=["massar_code", "grant_type"])
    return GrantBase(scope=scope, competing=keep, grid=grid)


def simulate(base: GrantBase, settings: GrantSettings) -> pd.DataFrame:
    """Granted pupils and the cost per quarter per province (the scope's provinces)."""
    decisions = logic.allocate(base.competing, settings.places, base.grid)
    amounts = pd.DataFrame({"grant_type": list(settings.amounts),
                            "quarter_amount_mad": [float(v) for v in settings.amounts.values()]})
    budget = logic.budget(base.scope.keep(decisions), amounts)
    frame = budget.groupby("province_code", as_index=False)[["granted", "quarter_cost_mad"]].sum()
    return frame.astype({"granted": "int64", "quarter_cost_mad": "float64"})[OUTPUT_COLUMNS]
