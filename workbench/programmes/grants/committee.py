"""State of the grants app: a province and grant type, what-if weights and places, applications and appeals.

Weights and places changed here are a simulation (nothing is saved); an appeal is saved, with its trace.
apps/grants.py only draws this object.
"""

from __future__ import annotations

import pandas as pd
import param

from workbench.appstate import AppState
from workbench.catalogue import named, text
from workbench.programmes.grants import appeals, queries
from workbench.programmes.grants.compute import GrantInputs, GrantLists, read_inputs
from workbench.programmes.grants.models import GRANT_TYPES
from workbench.programmes.grants.outputs import TYPE_LABELS

WEIGHTS = ("poverty_points", "distance_points", "orphan_both_points", "disability_points", "average_points")


class GrantsCommittee(AppState):
    app_name = "grants"

    province = param.Selector(default=None, objects={}, doc="Province committee")
    grant_type = param.Selector(default="canteen", objects=list(GRANT_TYPES), doc="Grant type ranked")
    places = param.Integer(default=0, bounds=(0, None),
                           doc="Places of this province and type (a simulation until saved)")
    poverty_points = param.Number(default=40, bounds=(0, 100))
    distance_points = param.Number(default=25, bounds=(0, 100))
    orphan_both_points = param.Number(default=15, bounds=(0, 100))
    disability_points = param.Number(default=10, bounds=(0, 100))
    average_points = param.Number(default=10, bounds=(0, 100))
    lists = param.ClassSelector(class_=GrantLists, constant=True, doc="Lists under the current simulation")

    def __init__(self, **params):
        super().__init__(**params)
        self._inputs: GrantInputs | None = None
        self._inputs_of: str | None = None
        for name in ("province", "grant_type", "places", *WEIGHTS):
            self.param[name].label = self.t(f"grants.app.{name}")
        self.param.grant_type.objects = {TYPE_LABELS[t].of(self.lang): t for t in GRANT_TYPES}
        with self._engine.connect() as connection:
            self._grid = queries.grid(connection, self.year)
            self._quotas = queries.places(connection, self.year)
            names = queries.province_names(connection)
        for weight in WEIGHTS:
            setattr(self, weight, self._grid[weight])
        with_quota = self.visible(names[names["province_code"].isin(self._quotas["province_code"])],
                                  school="school_code")
        name = named("province", self.lang)
        self.param.province.objects = {f"{r.province_code} {getattr(r, name)}": r.province_code
                                       for r in with_quota.itertuples()}
        if not with_quota.empty:
            self.province = with_quota["province_code"].iloc[0]  # which loads its places and lists
        else:
            self._load_places()

    @param.depends("province", "grant_type", watch=True)
    def _load_places(self) -> None:
        quota = self._quotas[(self._quotas["province_code"] == self.province)
                             & (self._quotas["grant_type"] == self.grant_type)]
        places = int(quota["places"].iloc[0]) if not quota.empty else 0
        if places != self.places:
            self.places = places  # which allocates again
        else:
            self._recompute()

    @param.depends("places", *WEIGHTS, watch=True)
    def _recompute(self) -> None:
        if self.province is None:
            return
        places = self._quotas_with_places()
        grid = {**self._grid, **{w: float(getattr(self, w)) for w in WEIGHTS}}
        grid["orphan_one_points"] = self._grid["orphan_one_points"] * (grid["orphan_both_points"]
                                                                        / max(self._grid["orphan_both_points"], 1))
        if self._inputs is None or self._inputs_of != self.province:  # read once per province
            with self._engine.connect() as connection:
                self._inputs = read_inputs(connection, self.scope(connection, province=self.province), self.year)
            self._inputs_of = self.province
        lists = self._inputs.allocate(grid=grid, places=places)  # a what-if: allocated again in memory
        with param.edit_constant(self):
            self.lists = lists

    def _quotas_with_places(self) -> pd.DataFrame:
        """The year's quotas with this province and type's places replaced by the simulated number."""
        chosen = (self._quotas["province_code"] == self.province) & (self._quotas["grant_type"] == self.grant_type)
        simulated = pd.DataFrame([{"province_code": self.province, "grant_type": self.grant_type,
                                   "places": self.places}])
        return pd.concat([self._quotas[~chosen], simulated], ignore_index=True)

    def ranked(self) -> pd.DataFrame:
        frame = self.lists.in_scope()
        frame = frame[frame["grant_type"] == self.grant_type].sort_values("rank", na_position="last")
        with self._engine.connect() as connection:
            names = queries.pupil_names(connection, frame["massar_code"].tolist())
        return frame.merge(names, on="massar_code", how="left")[
            ["rank", "massar_code", "last_name_ar", "first_name_ar", "school_code", "score", "decision", "reason",
             "distance_km", "household_income_class", "previous_average"]]

    def figures(self) -> dict[str, float]:
        frame = self.lists.in_scope()
        frame = frame[frame["grant_type"] == self.grant_type]
        amount = self.lists.amounts.set_index("grant_type")["quarter_amount_mad"].get(self.grant_type, 0.0)
        granted = int((frame["decision"] == "granted").sum())
        return {"places": self.places, "applicants": len(frame),
                "eligible": int((frame["decision"] != "ineligible").sum()), "granted": granted,
                "waiting_list": int((frame["decision"] == "waiting_list").sum()),
                "quarter_budget_mad": float(granted * amount)}

    def record_appeal(self, massar_code: str, field: str, value: object, reason: str, by: str) -> bool:
        return self.attempt(lambda: appeals.appeal(self._engine, self.year, massar_code, self.grant_type,
                                                   {field: value}, reason=reason, by=by),
                            f"{massar_code}: {self.t(f'grants.appeal.{field}')} = {value}", self._read_again)

    def _read_again(self) -> None:
        """After an appeal changed an application: the lists from the stored applications again."""
        self._inputs = None
        self._recompute()

    def save_places(self) -> None:
        """Keep the simulated places as the province's quota for the year."""
        self.attempt(lambda: appeals.save_places(self._engine, self.year, self.province, self.grant_type,
                                                 self.places),
                     text("grants.app.places_saved", places=self.places), self._keep_places)

    def _keep_places(self) -> None:
        self._quotas = self._quotas_with_places()
        self._recompute()  # the lists are the same, but no longer a simulation

    @property
    def simulated(self) -> bool:
        """Whether the lists shown rest on places or weights that differ from what is stored (an unsaved what-if)."""
        stored = self._quotas[(self._quotas["province_code"] == self.province)
                              & (self._quotas["grant_type"] == self.grant_type)]["places"]
        places = int(stored.iloc[0]) if not stored.empty else 0
        return places != self.places or any(float(getattr(self, w)) != float(self._grid[w]) for w in WEIGHTS)
