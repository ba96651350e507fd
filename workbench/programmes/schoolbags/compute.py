"""Kit needs for a scope and year: read the aggregates, apply the rules, keep every table the report shows."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection

from workbench.catalogue import text
from workbench.exceptions import InputError
from workbench.programmes.schoolbags import logic, queries
from workbench.scope import Scope


@dataclass
class KitNeedsResult:
    year: str
    scope: Scope
    needs: pd.DataFrame  # school_code, item_code, required, usable_stock, to_order, surplus
    progress: pd.DataFrame  # needs with delivered, still_due and cost per school and item
    served: pd.DataFrame  # beneficiaries, served, complete per school
    transfers: pd.DataFrame  # proposed surplus moves inside a province
    schools: pd.DataFrame
    items: pd.DataFrame

    def by_province(self) -> pd.DataFrame:
        """Province totals: needs, delivery progress, cost, pupils served, and to-order after transfers."""
        columns = ["required", "usable_stock", "to_order", "surplus", "delivered", "still_due", "cost_mad"]
        names = self.schools[["school_code", "province_code", "province_fr", "province_ar"]]
        totals = self.progress.merge(names, on="school_code").groupby(
            ["province_code", "province_fr", "province_ar"], as_index=False)[columns].sum()
        pupils = self.served.merge(names, on="school_code").groupby("province_code", as_index=False)[
            ["beneficiaries", "served", "complete"]].sum()
        moved = self.transfers.groupby("province_code", as_index=False)["quantity"].sum().rename(
            columns={"quantity": "transferable"})
        totals = totals.merge(pupils, on="province_code", how="left").merge(moved, on="province_code", how="left")
        totals = totals.fillna({"beneficiaries": 0, "served": 0, "complete": 0, "transferable": 0})
        totals["to_order_after_transfers"] = totals["to_order"] - totals["transferable"]
        return totals.astype({c: "int64" for c in ("beneficiaries", "served", "complete", "transferable",
                                                    "to_order_after_transfers")})

    def by_school(self) -> pd.DataFrame:
        columns = ["required", "usable_stock", "to_order", "surplus", "delivered", "cost_mad"]
        totals = self.progress.groupby("school_code", as_index=False)[columns].sum()
        return (self.schools[["school_code", "name_fr", "name_ar", "province_code", "milieu"]]
                .merge(totals, on="school_code").merge(self.served, on="school_code", how="left"))

    def totals(self) -> dict[str, float]:
        served = self.served[["beneficiaries", "served"]].sum()
        return {
            "beneficiaries": int(served["beneficiaries"]),
            "served": int(served["served"]),
            "required": int(self.needs["required"].sum()),
            "usable_stock": int(self.needs["usable_stock"].sum()),
            "to_order": int(self.needs["to_order"].sum()),
            "surplus": int(self.needs["surplus"].sum()),
            "transferable": int(self.transfers["quantity"].sum()) if not self.transfers.empty else 0,
            "delivered": int(self.progress["delivered"].sum()),
            "cost_mad": float(round(self.progress["cost_mad"].sum(), 2)),
        }


def compute(connection: Connection, scope: Scope, year: str) -> KitNeedsResult:
    beneficiaries = queries.beneficiary_counts(connection, scope, year)
    items = queries.items(connection)
    kit = queries.composition(connection, year)
    if kit.empty:
        raise InputError(text("schoolbags.error.no_composition", year=year))
    needs = logic.kit_needs(beneficiaries, kit,
                            queries.returned_books(connection, scope, year),
                            set(items.loc[items["reusable"].astype(bool), "item_code"]))
    schools = queries.schools(connection, scope)
    return KitNeedsResult(
        year=year, scope=scope, needs=needs,
        progress=logic.progress(needs, queries.deliveries(connection, scope, year), items),
        served=logic.served(beneficiaries, queries.pupils_served(connection, scope, year)),
        transfers=logic.surplus_transfers(needs, schools), schools=schools, items=items,
    )
