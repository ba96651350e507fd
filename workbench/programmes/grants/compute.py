"""Grant lists for a scope and year, with budget, changes since publication and what-if overrides."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection

from workbench.programmes.grants import logic, queries
from workbench.scope import Scope


@dataclass
class GrantLists:
    year: str
    scope: Scope
    decisions: pd.DataFrame
    places: pd.DataFrame
    grid: dict[str, float]
    amounts: pd.DataFrame
    published: pd.DataFrame
    provinces: pd.DataFrame

    def in_scope(self) -> pd.DataFrame:
        return self.scope.keep(self.decisions)

    def grant_list(self) -> pd.DataFrame:
        """The contract file: province_code, grant_type, massar_code, score, rank, decision."""
        frame = self.in_scope().sort_values(["province_code", "grant_type", "rank", "massar_code"],
                                            na_position="last")
        return frame[logic.LIST_COLUMNS].reset_index(drop=True)

    def budget(self) -> pd.DataFrame:
        return logic.budget(self.in_scope(), self.amounts).merge(self.provinces, on="province_code", how="left")

    def changes(self) -> pd.DataFrame:
        published = self.published
        if self.scope.level != "all" and not published.empty:
            published = published[published["massar_code"].isin(self.in_scope()["massar_code"])
                                  | published["province_code"].isin(self.in_scope()["province_code"])]
        return logic.changes_since_published(self.in_scope(), published)

    def summary(self) -> pd.DataFrame:
        """Places, applicants, eligible and granted by province and grant type."""
        frame = self.in_scope()
        counts = frame.groupby(["province_code", "grant_type"]).agg(
            applicants=("massar_code", "size"), eligible=("decision", lambda d: int((d != "ineligible").sum())),
            granted=("decision", lambda d: int((d == "granted").sum())),
            waiting_list=("decision", lambda d: int((d == "waiting_list").sum()))).reset_index()
        counts = counts.merge(self.places, on=["province_code", "grant_type"], how="left").fillna({"places": 0})
        return counts.merge(self.provinces, on="province_code", how="left")

    def granted_by(self, column: str) -> pd.DataFrame:
        granted = self.in_scope()[self.in_scope()["decision"] == "granted"]
        return granted.groupby(["grant_type", column], as_index=False).size().rename(columns={"size": "granted"})

    def totals(self) -> dict[str, float]:
        frame = self.in_scope()
        return {"applicants": len(frame), "eligible": int((frame["decision"] != "ineligible").sum()),
                "granted": int((frame["decision"] == "granted").sum()),
                "waiting_list": int((frame["decision"] == "waiting_list").sum()),
                "places": int(self.places["places"].sum()) if self.scope.level == "all" else
                int(self.places[self.places["province_code"].isin(frame["province_code"])]["places"].sum()),
                "quarter_budget_mad": float(self.budget()["quarter_cost_mad"].sum()),
                "changes": len(self.changes())}


@dataclass
class GrantInputs:
    """What the lists of a scope are allocated from: the committee app reads it once per province, then allocates
    again in memory for each what-if change of places or weights."""

    year: str
    scope: Scope
    applications: pd.DataFrame
    grid: dict[str, float]
    places: pd.DataFrame
    amounts: pd.DataFrame
    published: pd.DataFrame
    provinces: pd.DataFrame

    def allocate(self, *, grid: dict[str, float] | None = None, places: pd.DataFrame | None = None) -> GrantLists:
        """The lists under these inputs; `grid` and `places` override the year's for what-if views."""
        grid = {**self.grid, **(grid or {})}
        places = self.places if places is None else places
        return GrantLists(self.year, self.scope, logic.allocate(self.applications, places, grid), places, grid,
                          self.amounts, self.published, self.provinces)


def read_inputs(connection: Connection, scope: Scope, year: str) -> GrantInputs:
    return GrantInputs(year, scope, queries.applications(connection, scope, year), queries.grid(connection, year),
                       queries.places(connection, year), queries.amounts(connection, year),
                       queries.published(connection, year), queries.province_names(connection))


def compute(connection: Connection, scope: Scope, year: str, *, grid: dict[str, float] | None = None,
            places: pd.DataFrame | None = None) -> GrantLists:
    """The lists as the rules give them today; `grid` and `places` override the year's for what-if views."""
    return read_inputs(connection, scope, year).allocate(grid=grid, places=places)
