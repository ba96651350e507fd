"""The national what-if: the settings of Tayssir, the kits and the grants, a base read once per scope, and the
budget and beneficiaries per province under the current settings and under changed ones. Nothing is written."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from workbench import analytics
from workbench.programmes.grants import queries as grant_queries
from workbench.programmes.whatif import grants, kits, tayssir
from workbench.scope import Scope

# The figures compared, per province and in total (budgets in MAD: the year's Tayssir months, the kits to order, a
# quarter of grants).
FIGURES = ("tayssir_amount_mad", "tayssir_beneficiaries", "kit_cost_mad", "kit_beneficiaries",
           "grants_quarter_cost_mad", "grants_granted")
BUDGETS = ("tayssir_amount_mad", "kit_cost_mad", "grants_quarter_cost_mad")


@dataclass(frozen=True)
class Settings:
    tayssir: tayssir.TayssirSettings
    kits: kits.KitSettings
    grants: grants.GrantSettings


@dataclass
class Base:
    year: str
    scope: Scope
    provinces: pd.DataFrame  # province_code, region_code, province_fr, province_ar (the scope's)
    tayssir: tayssir.TayssirBase
    kits: kits.KitBase
    grants: grants.GrantBase
    current: Settings
    figures: pd.DataFrame | None = None  # the figures under the current settings, computed once
    # Each programme's last answer and the settings it was for: a change of one programme's settings recomputes
    # that programme only.
    last: dict = field(default_factory=dict)

    def answer(self, part: str, settings: object, same: Callable[[object, object], bool],
               compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        known = self.last.get(part)
        if known is None or not same(known[0], settings):
            self.last[part] = (settings, compute())
        return self.last[part][1]


def current_settings(connection: Connection, year: str) -> Settings:
    return Settings(tayssir.current_settings(connection, year), kits.current_settings(connection, year),
                    grants.current_settings(connection, year))


def load(connection: Connection, scope: Scope, year: str) -> Base:
    """Everything the what-if needs for a scope, read once through the analytics path."""
    with analytics.reading(connection):
        current = current_settings(connection, year)
        parts = (tayssir.load(connection, scope, year, sorted(current.tayssir.amounts)),
                 kits.load(connection, scope, year), grants.load(connection, scope, year))
        names = scope.keep(grant_queries.province_names(connection))
    # The provinces where any programme has a pupil (a demo of one region has no figure elsewhere).
    present = {*parts[0].provinces, *parts[1].province_of, *parts[2].competing["province_code"].dropna()}
    names = names[names["province_code"].isin(present)].sort_values("province_code").reset_index(drop=True)
    base = Base(year, scope, names, *parts, current)
    base.figures = simulate(base, current)
    return base


def simulate(base: Base, settings: Settings) -> pd.DataFrame:
    """One row per province of the scope: each programme's budget and beneficiaries under `settings`."""
    paid = base.answer("tayssir", settings.tayssir, operator.eq,
                       lambda: tayssir.simulate(base.tayssir, settings.tayssir)).groupby("province_code")[
        ["amount_mad", "beneficiaries"]].sum().add_prefix("tayssir_")
    needs = base.answer("kit_needs", settings.kits.composition, _same_composition,
                        lambda: kits.needs(base.kits, settings.kits.composition))
    kit = base.answer("kits", settings.kits, _same_kits, lambda: kits.simulate(base.kits, settings.kits, needs)) \
        .set_index("province_code")[["cost_mad", "beneficiaries"]].add_prefix("kit_")
    granted = base.answer("grants", settings.grants, _same_grants,
                          lambda: grants.simulate(base.grants, settings.grants)).set_index("province_code").rename(
        columns={"granted": "grants_granted", "quarter_cost_mad": "grants_quarter_cost_mad"})
    frame = base.provinces[["province_code"]].set_index("province_code").join([paid, kit, granted]).fillna(0)
    frame = frame.reindex(columns=list(FIGURES), fill_value=0)
    ints = [c for c in FIGURES if c not in ("kit_cost_mad", "grants_quarter_cost_mad")]
    return frame.astype({c: "int64" for c in ints}).astype({"kit_cost_mad": "float64",
                                                             "grants_quarter_cost_mad": "float64"}).reset_index()


@dataclass
class Comparison:
    """Current against simulated figures per province and for the whole scope."""

    base: Base
    settings: Settings
    simulated: pd.DataFrame

    @property
    def changed(self) -> bool:
        return not same_settings(self.settings, self.base.current)

    def by_province(self) -> pd.DataFrame:
        """province_code, names, then for each figure: current, simulated and difference."""
        current = self.base.figures.set_index("province_code")
        simulated = self.simulated.set_index("province_code")
        columns = {}
        for figure in FIGURES:
            columns[f"{figure}_current"] = current[figure]
            columns[f"{figure}_simulated"] = simulated[figure]
            columns[f"{figure}_difference"] = simulated[figure] - current[figure]
        frame = pd.DataFrame(columns).reset_index()
        return self.base.provinces[["province_code", "province_fr", "province_ar"]].merge(frame, on="province_code")

    def totals(self) -> pd.DataFrame:
        """figure, current, simulated, difference for the whole scope."""
        current = self.base.figures[list(FIGURES)].sum()
        simulated = self.simulated[list(FIGURES)].sum()
        frame = pd.DataFrame({"figure": list(FIGURES), "current": current.to_numpy(),
                              "simulated": simulated.to_numpy(), "difference": (simulated - current).to_numpy()})
        for column in ("current", "simulated", "difference"):  # budgets and head counts share a column
            values = frame[column].to_numpy(dtype=float)
            if np.array_equal(values, np.round(values)):  # whole dirhams and counts read 552, not 552.0
                frame[column] = values.astype("int64")
        return frame

    def key_figures(self) -> dict[str, float]:
        """The simulated budget (all programmes) and beneficiaries, and their differences, for the cards."""
        totals = self.totals().set_index("figure")
        budget = totals.loc[list(BUDGETS)].sum()
        return {"budget_mad": float(round(budget["simulated"], 2)),
                "budget_difference_mad": float(round(budget["difference"], 2)),
                "tayssir_beneficiaries": int(totals.loc["tayssir_beneficiaries", "simulated"]),
                "tayssir_beneficiaries_difference": int(totals.loc["tayssir_beneficiaries", "difference"]),
                "grants_granted": int(totals.loc["grants_granted", "simulated"]),
                "kit_beneficiaries": int(totals.loc["kit_beneficiaries", "simulated"])}


def compare(base: Base, settings: Settings) -> Comparison:
    return Comparison(base, settings, simulate(base, settings))


def same_settings(one: Settings, other: Settings) -> bool:
    return one.tayssir == other.tayssir and _same_kits(one.kits, other.kits) and _same_grants(one.grants, other.grants)


def _same_composition(one: pd.DataFrame, other: pd.DataFrame) -> bool:
    return _same_frame(one, other, ["level_code", "milieu", "item_code"])


def _same_kits(one: kits.KitSettings, other: kits.KitSettings) -> bool:
    return _same_composition(one.composition, other.composition) and dict(one.unit_costs) == dict(other.unit_costs)


def _same_grants(one: grants.GrantSettings, other: grants.GrantSettings) -> bool:
    return (_same_frame(one.places, other.places, ["province_code", "grant_type"])
            and dict(one.amounts) == dict(other.amounts))


def _same_frame(one: pd.DataFrame, other: pd.DataFrame, keys: list[str]) -> bool:
    """The same rows whatever their order, numbers compared as numbers (an edited table holds floats)."""
    if len(one) != len(other):
        return False
    merged = one.merge(other, on=keys, how="outer", indicator=True, suffixes=("", "_other"))
    values = [c for c in one.columns if c not in keys]
    return bool((merged["_merge"] == "both").all() and all(
        (pd.to_numeric(merged[c]) == pd.to_numeric(merged[f"{c}_other"])).all() for c in values))


def with_tayssir(settings: Settings, **changes) -> Settings:
    return replace(settings, tayssir=replace(settings.tayssir, **changes))
