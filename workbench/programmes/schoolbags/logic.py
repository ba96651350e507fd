"""The rules of One Million Schoolbags (shared/domain/rules.md) as pure functions over small frames.

Inputs are already aggregated (one row per school and level, or per school and item), so these
functions never see a pupil and run in the same time for a school or for the whole country.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NEEDS_COLUMNS = ["school_code", "item_code", "required", "usable_stock", "to_order", "surplus"]
MILIEUX = ("rural", "urban")


def kit_per_milieu(composition: pd.DataFrame) -> pd.DataFrame:
    """Composition rows with milieu 'all' counted for both rural and urban schools."""
    expanded = pd.concat(
        [composition[composition["milieu"] == m] for m in MILIEUX]
        + [composition[composition["milieu"] == "all"].assign(milieu=m) for m in MILIEUX],
        ignore_index=True,
    )
    return expanded.groupby(["level_code", "milieu", "item_code"], as_index=False)["quantity"].sum()


def kit_needs(beneficiaries: pd.DataFrame, composition: pd.DataFrame, returned: pd.DataFrame,
              reusable_items: set[str]) -> pd.DataFrame:
    """One row per school and item with required or usable stock above zero.

    required = beneficiaries x quantity of their level's and milieu's kit; usable_stock = usable returned copies
    of reusable items; to_order = max(0, required - usable_stock); surplus = max(0, usable_stock - required).
    """
    kit = beneficiaries.merge(kit_per_milieu(composition), on=["level_code", "milieu"])
    required = (kit.assign(required=kit["beneficiaries"] * kit["quantity"])
                .groupby(["school_code", "item_code"], as_index=False)["required"].sum())
    stock = returned[returned["item_code"].isin(reusable_items)]
    stock = stock.groupby(["school_code", "item_code"], as_index=False)["usable"].sum().rename(
        columns={"usable": "usable_stock"})
    keys = {"school_code": object, "item_code": object}  # empty frames otherwise disagree on string dtypes
    needs = required.astype(keys).merge(stock.astype(keys), on=["school_code", "item_code"], how="outer")
    needs[["required", "usable_stock"]] = needs[["required", "usable_stock"]].fillna(0).astype("int64")
    needs = needs[(needs["required"] > 0) | (needs["usable_stock"] > 0)]
    balance = needs["required"] - needs["usable_stock"]
    needs = needs.assign(to_order=balance.clip(lower=0), surplus=(-balance).clip(lower=0))
    return needs[NEEDS_COLUMNS].sort_values(["school_code", "item_code"]).reset_index(drop=True)


def rollup(needs: pd.DataFrame, schools: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sums of school rows per `by` (e.g. province and item): surplus is never netted against shortages."""
    merged = needs.merge(schools, on="school_code")
    return merged.groupby(by, as_index=False)[["required", "usable_stock", "to_order", "surplus"]].sum()


def surplus_transfers(needs: pd.DataFrame, schools: pd.DataFrame) -> pd.DataFrame:
    """Proposed moves of surplus copies to schools of the same province that must order the same item.

    Within each province and item, the largest surpluses go to the largest shortages first (ties by school
    code), so the proposal is deterministic. Computed as the overlap of cumulative intervals, without loops.
    """
    columns = ["province_code", "item_code", "from_school", "to_school", "quantity"]
    frame = needs.merge(schools[["school_code", "province_code"]], on="school_code")
    donors = frame[frame["surplus"] > 0].sort_values(["province_code", "item_code", "surplus", "school_code"],
                                                     ascending=[True, True, False, True])
    takers = frame[frame["to_order"] > 0].sort_values(["province_code", "item_code", "to_order", "school_code"],
                                                      ascending=[True, True, False, True])
    groups = donors[["province_code", "item_code"]].drop_duplicates().merge(
        takers[["province_code", "item_code"]].drop_duplicates())
    if groups.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "quantity" else object) for c in columns})
    donors = donors.merge(groups)
    takers = takers.merge(groups)
    totals = groups.merge(donors.groupby(["province_code", "item_code"], as_index=False)["surplus"].sum()).merge(
        takers.groupby(["province_code", "item_code"], as_index=False)["to_order"].sum())
    totals["movable"] = np.minimum(totals["surplus"], totals["to_order"])
    totals["offset"] = totals["movable"].cumsum() - totals["movable"]
    # Each side laid end to end on one axis, group after group, cut at what can move in the group.
    donor_end = _ends(donors, "surplus", totals)
    taker_end = _ends(takers, "to_order", totals)
    donors, donor_end = donors[donor_end[1]], donor_end[0][donor_end[1]]
    takers, taker_end = takers[taker_end[1]], taker_end[0][taker_end[1]]
    cuts = np.unique(np.concatenate([donor_end, taker_end]))
    starts = np.concatenate([[0], cuts[:-1]])
    donor_at = np.searchsorted(donor_end, cuts, side="left")
    taker_at = np.searchsorted(taker_end, cuts, side="left")
    moves = pd.DataFrame({
        "province_code": donors["province_code"].to_numpy()[donor_at],
        "item_code": donors["item_code"].to_numpy()[donor_at],
        "from_school": donors["school_code"].to_numpy()[donor_at],
        "to_school": takers["school_code"].to_numpy()[taker_at],
        "quantity": cuts - starts,
    })
    return moves[moves["quantity"] > 0][columns].reset_index(drop=True)


def _ends(side: pd.DataFrame, column: str, totals: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Where each school's stretch ends on the shared axis, and whether any of it can move."""
    info = side[["province_code", "item_code"]].merge(totals, how="left")
    within = side.groupby(["province_code", "item_code"])[column].cumsum().to_numpy()
    before = within - side[column].to_numpy()
    movable = info["movable"].to_numpy()
    end = info["offset"].to_numpy() + np.minimum(within, movable)
    return end, before < movable


def progress(needs: pd.DataFrame, delivered: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Per school and item: to order, delivered, still due, and the cost of what is to order."""
    frame = needs.merge(delivered, on=["school_code", "item_code"], how="left").merge(
        items[["item_code", "unit_cost_mad"]], on="item_code", how="left")
    frame["delivered"] = frame["delivered"].fillna(0).astype("int64")
    frame["still_due"] = (frame["to_order"] - frame["delivered"]).clip(lower=0)
    frame["cost_mad"] = frame["to_order"] * frame["unit_cost_mad"].fillna(0)
    return frame


def served(beneficiaries: pd.DataFrame, distributions: pd.DataFrame) -> pd.DataFrame:
    """Per school: beneficiaries, pupils who received their kit and how many received it complete."""
    per_school = beneficiaries.groupby("school_code", as_index=False)["beneficiaries"].sum()
    frame = per_school.merge(distributions, on="school_code", how="left")
    frame[["served", "complete"]] = frame[["served", "complete"]].fillna(0).astype("int64")
    return frame
