"""One Million Schoolbags' share of the what-if: kit composition and unit costs changed, the cost of what is to
order and the beneficiaries per province, through the programme's own rules (`schoolbags.logic.kit_needs` and
`progress`).

Read once: beneficiaries per school, level and milieu, and usable returned copies. Schools with no usable copy of a
reusable item order exactly what they require (to_order = required - 0), which is linear in their pupils: they are
merged into one stand-in school per province and milieu before the rules run, so the rules see a few hundred
rows nationally instead of every school, with the same sums. Schools holding usable copies keep their own rows
(their surplus is never netted against another school's shortage).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection

from workbench.programmes.schoolbags import logic, queries
from workbench.scope import Scope

OUTPUT_COLUMNS = ["province_code", "beneficiaries", "to_order", "cost_mad"]
STAND_IN = "~"  # a stand-in school's code starts with it: no real school code does


@dataclass(frozen=True)
class KitSettings:
    composition: pd.DataFrame  # level_code, milieu, item_code, quantity
    unit_costs: Mapping[str, float]  # item_code -> MAD


@dataclass
class KitBase:
    beneficiaries: pd.DataFrame  # school_code, level_code, milieu, beneficiaries (stand-ins merged)
    returned: pd.DataFrame  # school_code, item_code, usable
    reusable: set[str]
    items: pd.DataFrame  # item_code, unit_cost_mad (the stored costs; the settings replace them)
    province_of: pd.Series  # school code (and stand-in code) -> province code


def current_settings(connection: Connection, year: str) -> KitSettings:
    items = queries.items(connection)
    return KitSettings(composition=queries.composition(connection, year),
                       unit_costs=dict(zip(items["item_code"], items["unit_cost_mad"].astype(float))))


def load(connection: Connection, scope: Scope, year: str) -> KitBase:
    schools = queries.schools(connection, scope)
    items = queries.items(connection)
    return build(queries.beneficiary_counts(connection, scope, year), queries.returned_books(connection, scope, year),
                 set(items.loc[items["reusable"].astype(bool), "item_code"]), items, schools)


def build(beneficiaries: pd.DataFrame, returned: pd.DataFrame, reusable: set[str], items: pd.DataFrame,
          schools: pd.DataFrame) -> KitBase:
    province = schools.set_index("school_code")["province_code"]
    usable = returned[returned["item_code"].isin(reusable) & (returned["usable"] > 0)]
    stocked = beneficiaries["school_code"].isin(usable["school_code"])
    merged = beneficiaries[~stocked].assign(
        school_code=STAND_IN + beneficiaries.loc[~stocked, "school_code"].map(province).astype(str))
    merged = merged.groupby(["school_code", "level_code", "milieu"], as_index=False)["beneficiaries"].sum()
    stand_ins = pd.Series(merged["school_code"].str.removeprefix(STAND_IN).to_numpy(), index=merged["school_code"])
    province_of = pd.concat([province, stand_ins[~stand_ins.index.duplicated()]])
    return KitBase(beneficiaries=pd.concat([beneficiaries[stocked], merged], ignore_index=True),
                   returned=usable,
                   reusable=reusable, items=items[["item_code", "unit_cost_mad"]], province_of=province_of)


def needs(base: KitBase, composition: pd.DataFrame) -> pd.DataFrame:
    """Copies required, usable and to order per province and item under a kit composition (the programme's rules
    per school, then summed: never netted between schools)."""
    per_school = logic.kit_needs(base.beneficiaries, composition, base.returned, base.reusable)
    per_school["province_code"] = per_school["school_code"].map(base.province_of)
    return per_school.groupby(["province_code", "item_code"], as_index=False)[
        ["required", "usable_stock", "to_order", "surplus"]].sum()


def simulate(base: KitBase, settings: KitSettings, province_needs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Beneficiaries, copies to order and their cost per province (the needs of `settings.composition` may be given
    when known: a change of unit costs alone does not recompute them)."""
    province_needs = needs(base, settings.composition) if province_needs is None else province_needs
    costs = base.items.assign(unit_cost_mad=base.items["item_code"].map(settings.unit_costs).fillna(
        base.items["unit_cost_mad"]))
    no_deliveries = pd.DataFrame({"school_code": pd.Series(dtype=object), "item_code": pd.Series(dtype=object),
                                  "delivered": pd.Series(dtype="int64")})
    # The cost rule (to_order x unit cost) is linear: applied to a province's sums, it gives the sum of its schools'.
    progress = logic.progress(province_needs.rename(columns={"province_code": "school_code"}), no_deliveries, costs)
    orders = progress.groupby("school_code")[["to_order", "cost_mad"]].sum()
    pupils = base.beneficiaries.assign(province_code=base.beneficiaries["school_code"].map(base.province_of)).groupby(
        "province_code")["beneficiaries"].sum()
    frame = pd.DataFrame({"beneficiaries": pupils}).join(orders, how="outer").fillna(0)
    frame = frame.rename_axis("province_code").reset_index()
    return frame.astype({"beneficiaries": "int64", "to_order": "int64", "cost_mad": "float64"})[OUTPUT_COLUMNS]
