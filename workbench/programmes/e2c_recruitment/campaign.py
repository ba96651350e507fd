"""The recruitment campaign: the dropouts of a scope and year with the centres suggested to each (logic.py), the
province teams' workbooks (personal data, one province each) and the report's counts (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from workbench.access import current_actor
from workbench.catalogue import text
from workbench.exceptions import InputError
from workbench.programmes.e2c_recruitment import logic, queries
from workbench.run_context import RunContext
from workbench.scope import Scope

# Who may list dropouts (names, birth dates): the province and region teams and the administrators, never a
# school's director (one school's pupils only) nor a trainer's sandbox account.
ROLES = ("province_officer", "region_officer", "administrator")


@dataclass
class Recruitment:
    year: str
    scope: Scope
    pupils: pd.DataFrame  # one row per dropout: identity, last school and level, province, age, centres suggested
    centres: pd.DataFrame  # the scope's open centres with places left (capacity, enrolled, places_left)
    provinces: pd.DataFrame  # province_code, province_fr, province_ar of the scope's dropouts and centres

    def by_province(self) -> pd.DataFrame:
        """Counts only (the managers' report): dropouts, girls, boys, aged 12-14 and 15-18, centres with places
        and places left, per province."""
        frame = self.pupils
        counts = frame.groupby("province_code").agg(
            dropouts=("massar_code", "size"), girls=("sex", lambda s: int((s == "F").sum())),
            boys=("sex", lambda s: int((s == "M").sum())),
            aged_12_14=("age", lambda a: int(a.between(12, 14).sum())),
            aged_15_18=("age", lambda a: int(a.between(15, 18).sum())))
        places = self.centres.groupby("province_code").agg(centres=("centre_code", "size"),
                                                           places_left=("places_left", "sum"))
        table = self.provinces.set_index("province_code").join(counts, how="left").join(places, how="left")
        numbers = ["dropouts", "girls", "boys", "aged_12_14", "aged_15_18", "centres", "places_left"]
        table[numbers] = table[numbers].fillna(0).astype("int64")
        return table.reset_index().sort_values("province_code").reset_index(drop=True)

    def totals(self) -> dict[str, int]:
        table = self.by_province()
        return {key: int(table[key].sum()) for key in ("dropouts", "girls", "boys", "centres", "places_left")}


def prepare_run(connection: Connection, year: str, values: dict[str, Any]) -> dict[str, Any]:
    """Only the province and region teams and the administrators list dropouts (the user is known here, not in
    the notebook's kernel)."""
    actor = current_actor()
    if actor.role not in ROLES:
        raise InputError(text("e2c_recruitment.refused.role", user=actor.label))
    return values


def compute_scope(connection: Connection, scope: Scope, year: str) -> Recruitment:
    dropped = logic.dropouts(queries.enrolments(connection, scope, year), queries.pupils(connection, scope, year),
                             queries.learner_codes(connection, year), year)
    schools = queries.schools(connection, dropped["school_code"].unique().tolist())
    dropped = dropped.merge(schools, on="school_code", how="left").merge(queries.levels(connection),
                                                                         on="level_code", how="left")
    centres, enrolled = queries.centres(connection, scope, year)
    open_ = logic.places_left(centres, enrolled)
    pupils = logic.suggested(dropped, open_)
    names = pd.concat([schools[["province_code", "province_fr", "province_ar"]],
                       queries.province_names(connection, centres["province_code"].unique().tolist())])
    return Recruitment(year, scope, pupils, open_, names.drop_duplicates("province_code").reset_index(drop=True))


def compute(connection: Connection, run: RunContext) -> Recruitment:
    return compute_scope(connection, run.scope, run.year)


def write_outputs(connection: Connection, result: Recruitment, run: RunContext) -> list[Path]:
    from workbench.programmes.e2c_recruitment import outputs

    written = outputs.write_outputs(result, run.out_dir)
    record_lists(run.engine, result)
    return written


def record_lists(engine, result: Recruitment) -> None:
    """The workbooks name children: writing them is an audit event (who, when; the pupils listed, by code)."""
    from workbench.access.guard import guarded_write
    from workbench.models import Pupil

    with guarded_write(engine, "write e2c recruitment lists", file="e2c_recruitment_*.xlsx", roles=ROLES) as write:
        write.scoped = True  # the run's scope was checked before the lists
        rows = result.pupils[["massar_code", "province_code", "school_code", "left_year"]]
        write.capture(Pupil.__table__, [], rows.head(1_000).astype(object).to_dict("records"), total=len(rows))
