"""State of the schoolbags app: a province and a school, their kit needs, and the edits a trainer makes.

apps/schoolbags.py only draws this object; every rule and write is here or below it.
"""

from __future__ import annotations

import io

import pandas as pd
import param

from workbench.appstate import AppState
from workbench.catalogue import named, text
from workbench.levels import level_name, level_names, with_level_names
from workbench.programmes.schoolbags import edits, exclusions, outputs, queries
from workbench.programmes.schoolbags.compute import KitNeedsResult, compute


class SchoolbagsDesk(AppState):
    app_name = "schoolbags"

    province = param.Selector(default=None, objects={}, label="Province", doc="Province shown")
    school = param.Selector(default=None, objects={}, label="Établissement",
                            doc="Public primary or lower-secondary school being worked on")
    school_result = param.ClassSelector(class_=KitNeedsResult, constant=True, doc="Kit needs of the school")
    province_result = param.ClassSelector(class_=KitNeedsResult, constant=True, doc="Kit needs of the province")

    def __init__(self, **params):
        super().__init__(**params)
        with self._engine.connect() as connection:
            self._schools = self.visible(queries.desk_schools(connection))
            self._levels_named = level_names(connection)
            self._items = queries.item_names(connection)
        provinces = self._schools.drop_duplicates("province_code").sort_values("province_code")
        self.param.province.label, self.param.school.label = self.t("app.province"), self.t("app.school")
        name = named("province", self.lang)
        self.param.province.objects = {f"{getattr(r, name)} ({r.province_code})": r.province_code
                                       for r in provinces.itertuples()}
        if not provinces.empty:
            self.province = provinces["province_code"].iloc[0]  # which computes its needs

    @param.depends("province", watch=True)
    def _province_changed(self) -> None:
        rows = self._schools[self._schools["province_code"] == self.province]
        name = named("name", self.lang)
        self.param.school.objects = {f"{getattr(r, name)} ({r.code})": r.code for r in rows.itertuples()}
        with self._engine.connect() as connection:
            result = compute(connection, self.scope(connection, province=self.province), self.year)
        with param.edit_constant(self):
            self.province_result = result
        school = rows["code"].iloc[0] if not rows.empty else None
        if school != self.school:
            self.school = school  # which computes its needs
        else:
            self._school_changed()

    @param.depends("school", watch=True)
    def _school_changed(self) -> None:
        if self.school is None:
            return
        with self._engine.connect() as connection:
            result = compute(connection, self.scope(connection, school=self.school), self.year)
        with param.edit_constant(self):
            self.school_result = result

    def _refresh(self) -> None:
        with self._engine.connect() as connection:
            province = compute(connection, self.scope(connection, province=self.province), self.year)
            result = compute(connection, self.scope(connection, school=self.school), self.year)
        with param.edit_constant(self):
            self.province_result = province
            self.school_result = result

    @property
    def milieu(self) -> str:
        return self._schools.set_index("code").loc[self.school, "milieu"]

    def stock_table(self) -> pd.DataFrame:
        """The school's textbooks: required, returned, usable, to order and surplus (the editable table)."""
        with self._engine.connect() as connection:
            returned = queries.school_returned_books(connection, self.year, self.school)
            names = queries.item_names(connection)
        needs = self.school_result.needs
        table = needs.merge(names, on="item_code").merge(returned, on="item_code", how="left")
        table = table[table["reusable"].astype(bool)]
        table["returned"] = table["returned"].fillna(0).astype("int64")
        table["version"] = table["version"].fillna(0).astype("int64")  # what an edit of this row expects
        table = named_items(table.rename(columns={"usable_stock": "usable"}), self.lang)
        return table[["item", "item_code", "required", "returned", "usable", "to_order", "surplus", "version"]
                     ].reset_index(drop=True)

    def composition_table(self) -> pd.DataFrame:
        """The kit of the levels taught at this school, for its milieu and for 'all'."""
        levels = self._levels()
        with self._engine.connect() as connection:
            kit = queries.school_kit(connection, self.year, levels, self.milieu)
        kit = named_items(kit, self.lang).assign(
            milieu_label=kit["milieu"].map(lambda m: text(f"milieu.{m}").of(self.lang)),
            level=lambda frame: with_level_names(frame, self._levels_named, self.lang)["level_code"])
        return kit  # `level_code` and `milieu` kept (hidden) for an edit

    def _levels(self) -> list[str]:
        with self._engine.connect() as connection:
            return queries.school_levels(connection, self.year, self.school)

    def pupils_table(self) -> pd.DataFrame:
        with self._engine.connect() as connection:
            pupils = queries.school_pupils(connection, self.year, self.school)
        return with_level_names(pupils, self._levels_named, self.lang).assign(excluded=pupils["excluded"].astype(bool))

    def transfers_table(self, result: KitNeedsResult | None = None) -> pd.DataFrame:
        """The proposed moves of surplus between schools: each item by its title, each school by its name."""
        transfers = (result or self.province_result).transfers
        schools = self._schools.set_index("code")[named("name", self.lang)]
        shown = named_items(transfers.merge(self._items, on="item_code", how="left"), self.lang)
        for column in ("from_school", "to_school"):
            shown[column] = shown[column].map(lambda code: f"{schools[code]} ({code})" if code in schools else code)
        return shown

    # --- edits: each validated, written in one transaction, then everything shown is recomputed ---------------

    def record_returned(self, item_code: str, returned: object, usable: object,
                        version: int | None = None) -> bool:
        return self.attempt(lambda: edits.record_returned_books(self._engine, self.year, self.school, item_code,
                                                              returned, usable, version),
                            text("schoolbags.app.usable_saved", item=self._item_named(item_code), usable=usable),
                            self._refresh)

    def set_quantity(self, level_code: str, milieu: str, item_code: str, quantity: object) -> bool:
        return self.attempt(lambda: edits.set_kit_quantity(self._engine, self.year, level_code, milieu, item_code,
                                                         quantity),
                            f"{level_name(level_code, self._levels_named, self.lang)} — "
                            f"{text(f'milieu.{milieu}').of(self.lang)} — {self._item_named(item_code)} : {quantity}",
                            self._refresh)

    def set_excluded(self, massar_code: str, excluded: bool) -> bool:
        return self.attempt(lambda: exclusions.set_exclusion(self._engine, self.year, [massar_code], excluded),
                            text("schoolbags.app.excluded" if excluded else "schoolbags.app.included",
                                 code=massar_code),
                            self._refresh)

    def _item_named(self, item_code: str) -> str:
        found = self._items[self._items["item_code"] == item_code]
        return f"{found[named('name', self.lang)].iloc[0]} ({item_code})" if len(found) else item_code

    def order_workbook(self) -> io.BytesIO:
        """The province's order workbook, as the campaign writes it, for the download button."""
        buffer = io.BytesIO()
        outputs.write_order_workbook(self.province_result, buffer)
        buffer.seek(0)
        return buffer


def named_items(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """`frame` with an `item` column reading each kit item by its title, its code in parentheses
    ('اللغة العربية — السنة الأولى ابتدائي (TB-1AP-AR)'): a reader never meets a bare item code."""
    names = frame[named("name", language)] if named("name", language) in frame else frame["item_code"]
    return frame.assign(item=[f"{name} ({code})" if isinstance(name, str) and name else code
                              for name, code in zip(names, frame["item_code"])])
