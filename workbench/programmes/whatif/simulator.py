"""State of the what-if app: the settings a region or national manager changes, and the budget and beneficiaries of
their scope against the current settings. The base is read once when the page opens; each change is answered from
it without reading or writing the database. apps/whatif.py only draws this object."""

from __future__ import annotations

import time

import pandas as pd
import param

from workbench.appstate import AppState
from workbench.catalogue import in_words, named
from workbench.levels import level_name, level_names
from workbench.programmes.schoolbags.queries import item_names
from workbench.programmes.whatif import MANAGERS, grants, kits, simulation, tayssir
from workbench.programmes.whatif.simulation import FIGURES, Base, Comparison, Settings

WORDS = {"grant_type": "grants.grant_type", "milieu": "milieu"}
# Tables of settings: name -> (key columns, the column a manager edits).
TABLES = {"tayssir_rules": (["level_code"], ["monthly_amount_mad", "max_absences_per_month"]),
          "kit_composition": (["level_code", "milieu", "item_code"], ["quantity"]),
          "unit_costs": (["item_code"], ["unit_cost_mad"]),
          "grant_places": (["province_code", "grant_type"], ["places"]),
          "grant_amounts": (["grant_type"], ["quarter_amount_mad"])}


class WhatIfSimulator(AppState):
    app_name = "whatif"

    household_cap = param.Integer(default=3, bounds=(1, 20), doc="Children paid per household a month")
    count_justified = param.Boolean(default=False, doc="Whether justified absences count")
    figure = param.Selector(default="tayssir_amount_mad", objects=list(FIGURES), doc="Figure of the chart")
    tayssir_rules = param.DataFrame(default=pd.DataFrame(), doc="Amount and absence limit per level")
    kit_composition = param.DataFrame(default=pd.DataFrame(), doc="Kit items per level and milieu")
    unit_costs = param.DataFrame(default=pd.DataFrame(), doc="Unit cost per kit item")
    grant_places = param.DataFrame(default=pd.DataFrame(), doc="Places per province and grant type")
    grant_amounts = param.DataFrame(default=pd.DataFrame(), doc="Amount per quarter per grant type")
    comparison = param.ClassSelector(class_=Comparison, constant=True, doc="Current against simulated figures")
    seconds = param.Number(default=0.0, doc="Time the last change took to answer")

    def __init__(self, **params):
        super().__init__(**params)
        self.allowed = self.actor.role in MANAGERS
        self.base: Base | None = None
        for name in ("household_cap", "count_justified", "figure"):
            self.param[name].label = self.t(f"whatif.app.{name}")
        self.param.figure.objects = {self.t(f"whatif.figure.{f}"): f for f in FIGURES}
        if not self.allowed:
            return
        with self._engine.connect() as connection:
            self.base = simulation.load(connection, self.actor.scope, self.year)
            names = item_names(connection)
            self._levels = level_names(connection)
        self._names = names[["item_code", named("name", self.lang)]].rename(columns={named("name", self.lang): "name"})
        self._show(self.base.current)

    def _show(self, settings: Settings) -> None:
        """The widgets' values from settings (opening the page, going back to the current settings)."""
        paid = settings.tayssir
        frames = {
            "tayssir_rules": pd.DataFrame({"level_code": list(paid.amounts),
                                           "monthly_amount_mad": [paid.amounts[k] for k in paid.amounts],
                                           "max_absences_per_month": [paid.limits[k] for k in paid.amounts]}),
            "kit_composition": self._in_words(settings.kits.composition.merge(self._names, on="item_code", how="left")
                                              .sort_values(["level_code", "milieu", "item_code"])
                                              .reset_index(drop=True)),
            "unit_costs": self._names.merge(pd.DataFrame({"item_code": list(settings.kits.unit_costs),
                                                          "unit_cost_mad": list(settings.kits.unit_costs.values())}),
                                            on="item_code"),
            "grant_places": self._in_words(self._scope_places(settings.grants.places)),
            "grant_amounts": self._in_words(pd.DataFrame({
                "grant_type": list(settings.grants.amounts),
                "quarter_amount_mad": list(settings.grants.amounts.values())})),
        }
        for name in ("tayssir_rules", "kit_composition"):  # a level read by its name, simulated by its code
            frames[name] = frames[name].assign(level_name=[level_name(code, self._levels, self.lang)
                                                           for code in frames[name]["level_code"]])
        with param.parameterized.batch_call_watchers(self):
            self.param.update(household_cap=paid.household_cap, count_justified=paid.count_justified, **frames)
        self.recompute()

    def _in_words(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Coded columns doubled by their words (the screen shows the words, the simulation reads the codes)."""
        words = in_words(frame, WORDS, self.lang)
        return frame.assign(**{f"{column}_name": words[column] for column in WORDS if column in frame})

    def _scope_places(self, places: pd.DataFrame) -> pd.DataFrame:
        shown = places[places["province_code"].isin(self.base.provinces["province_code"])]
        names = self.base.provinces[["province_code", named("province", self.lang)]].rename(
            columns={named("province", self.lang): "province"})
        return shown.merge(names, on="province_code").sort_values(["province_code", "grant_type"]).reset_index(
            drop=True)[["province_code", "province", "grant_type", "places"]]

    def settings(self) -> Settings:
        """The settings as the widgets show them."""
        current = self.base.current
        rules = self.tayssir_rules
        costs = dict(zip(self.unit_costs["item_code"], self.unit_costs["unit_cost_mad"].astype(float)))
        shown = self.grant_places[["province_code", "grant_type", "places"]]
        others = current.grants.places.merge(shown[["province_code", "grant_type"]], how="left", indicator=True)
        places = pd.concat([current.grants.places[(others["_merge"] == "left_only").to_numpy()], shown],
                           ignore_index=True)
        return Settings(
            tayssir=tayssir.TayssirSettings(
                amounts=dict(zip(rules["level_code"], rules["monthly_amount_mad"].astype(int))),
                limits=dict(zip(rules["level_code"], rules["max_absences_per_month"].astype(int))),
                household_cap=int(self.household_cap), count_justified=bool(self.count_justified)),
            kits=kits.KitSettings(composition=self.kit_composition[["level_code", "milieu", "item_code",
                                                                     "quantity"]], unit_costs=costs),
            grants=grants.GrantSettings(places=places, amounts=dict(zip(
                self.grant_amounts["grant_type"], self.grant_amounts["quarter_amount_mad"].astype(float)))))

    @param.depends("household_cap", "count_justified", watch=True)
    def recompute(self) -> None:
        if self.base is None:
            return
        start = time.perf_counter()
        comparison = simulation.compare(self.base, self.settings())
        with param.edit_constant(self):
            self.comparison = comparison
        self.seconds = time.perf_counter() - start

    def edit(self, name: str, frame: pd.DataFrame) -> bool:
        """A settings table as the manager edited it: numbers of 0 or more, else refused and shown back as it was."""
        _, columns = TABLES[name]
        values = frame[columns].apply(pd.to_numeric, errors="coerce")
        if values.isna().any().any() or (values < 0).any().any():
            self.message = f"⚠ {self.t('whatif.app.not_a_number')}"
            self.param.trigger(name)
            return False
        setattr(self, name, frame.assign(**{c: values[c] for c in columns}))
        self.message = ""
        self.recompute()
        return True

    def reset(self) -> None:
        """Back to the current settings."""
        self.message = ""
        self._show(self.base.current)

    @property
    def simulated(self) -> bool:
        return self.comparison is not None and self.comparison.changed
