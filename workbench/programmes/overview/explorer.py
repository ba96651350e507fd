"""State of the overview explorer app: the chosen scope and the figures it shows.

What the figures are summed from is read once for the user's whole scope and year (`logic.load`, a few seconds at
most at region scale); choosing a region, province or school then computes in memory. The app in apps/overview.py
only draws from this object, so its behaviour is tested here without a browser.
"""

from __future__ import annotations

import param

from workbench import analytics
from workbench.appstate import AppState
from workbench.catalogue import named
from workbench.programmes.overview import logic
from workbench.programmes.overview.logic import OverviewData, OverviewFigures

ALL = "—"  # the option for 'the whole scope above', named in the user's language when the state is built


class OverviewExplorer(AppState):
    app_name = "overview"

    region = param.Selector(default="", objects={ALL: ""}, label="Région", doc="Region code, '' for all")
    province = param.Selector(default="", objects={ALL: ""}, label="Province",
                              doc="Province code, '' for the whole region")
    school = param.Selector(default="", objects={ALL: ""}, label="Établissement",
                            doc="School code, '' for the whole province")
    figures = param.ClassSelector(class_=OverviewFigures, doc="Figures of the chosen scope", constant=True)

    def __init__(self, **params):
        super().__init__(**params)
        self._all = self.t("app.all")
        self._data: OverviewData | None = None
        for name, key in (("region", "app.region"), ("province", "app.province"), ("school", "app.school")):
            self.param[name].label = self.t(key)
        with self._engine.connect() as connection:
            self._schools = self.visible(logic.school_map(connection))
        regions = self._schools.drop_duplicates("region_code").sort_values("region_code")
        name = named("region", self.lang)
        self.param.region.objects = {self._all: "", **{getattr(r, name): r.region_code for r in regions.itertuples()}}
        if len(regions) == 1:
            self.region = regions["region_code"].iloc[0]
        self._update_provinces()
        self._refresh()

    @param.depends("region", watch=True)
    def _update_provinces(self) -> None:
        rows = self._schools if not self.region else self._schools[self._schools["region_code"] == self.region]
        rows = rows.drop_duplicates("province_code").sort_values("province_code")
        name = named("province", self.lang)
        self.param.province.objects = {self._all: "", **{f"{r.province_code} {getattr(r, name)}": r.province_code
                                                         for r in rows.itertuples()}}
        self.province = rows["province_code"].iloc[0] if len(rows) == 1 else ""
        self._update_schools()

    @param.depends("province", watch=True)
    def _update_schools(self) -> None:
        rows = self._schools[self._schools["province_code"] == self.province] if self.province else self._schools[:0]
        name = named("name", self.lang)
        self.param.school.objects = {self._all: "", **{f"{r.code} {getattr(r, name)}": r.code
                                                       for r in rows.itertuples()}}
        self.school = ""

    @param.depends("region", "province", "school", "year", watch=True)
    def _refresh(self) -> None:
        if not hasattr(self, "_schools"):  # the year set while the state is built: it draws once, at the end
            return
        with self._engine.connect() as connection:
            scope = self.scope(connection, school=self.school or None,
                                  province=None if self.school else self.province or None,
                                  region=None if (self.school or self.province) else self.region or None)
            if self._data is None or self._data.year != self.year:
                with analytics.reading(connection):
                    self._data = logic.load(connection, self.actor.scope, self.year)
        with param.edit_constant(self):
            self.figures = self._data.narrow(scope).figures()
