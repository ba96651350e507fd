"""The campaign `workbench run data-entry --year Y --as-of D`: the completion of a scope's data entry computed once
(rules.md, "Data-entry completion"), kept in one result that the report, the files and the reminders read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection

from workbench.catalogue import text
from workbench.exceptions import InputError
from workbench.programmes.data_entry import logic, outputs, queries
from workbench.run_context import RunContext
from workbench.scope import Scope


def as_of_date(value: str, year: str, today: dt.date | None = None) -> dt.date:
    """The as-of date given (YYYY-MM-DD), or today brought inside the school year."""
    if not value:
        return logic.as_of_within(year, today or dt.date.today())
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(text("data_entry.error.as_of", value=value)) from None


def prepare_run(connection: Connection, year: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """The as-of date checked, and fixed (an empty one becomes the date it stands for)."""
    return {**parameters, "as_of": as_of_date(parameters.get("as_of", ""), year).isoformat()}


@dataclass
class DataEntryResult:
    year: str
    as_of: dt.date
    scope: Scope
    schools: pd.DataFrame  # the scope's schools with their provinces (queries.schools)
    rows: pd.DataFrame  # entry_completion.csv's rows (logic.COLUMNS)
    reminders: pd.DataFrame  # entry_reminders.csv's rows (logic.REMINDER_COLUMNS)

    def named(self) -> pd.DataFrame:
        """The rows with the schools' and provinces' names."""
        return outputs.with_names(self.rows, self.schools)

    def by_province(self) -> pd.DataFrame:
        return logic.summarise(self.named(), ["province_fr", "province_ar", "dataset"])

    def by_dataset(self) -> pd.DataFrame:
        return logic.summarise(self.rows, ["dataset"])

    def behind(self, limit: int = 20) -> pd.DataFrame:
        return outputs.with_names(logic.behind(self.rows, limit), self.schools)

    def trend(self) -> pd.DataFrame:
        found = logic.trend(self.rows)
        return pd.concat([found, outputs.period_words(found["period"])], axis=1)

    def totals(self) -> dict[str, object]:
        """Schools followed, the absence sheets' completion (sums, then the rate), schools with a late or
        not-started row, reminders."""
        sheets = logic.summarise(self.rows[self.rows["dataset"] == "absences"].assign(all=1), ["all"])
        behind = self.rows[self.rows["status"].isin(["late", "not_started"])]["school_code"].nunique()
        return {"schools": self.rows["school_code"].nunique(),
                "completion_pct": float(sheets["completion_pct"].iloc[0]) if len(sheets) else 0.0,
                "late": int(behind), "reminders": len(self.reminders)}


def compute_scope(connection: Connection, scope: Scope, year: str, as_of: dt.date) -> DataEntryResult:
    schools = queries.schools(connection, scope)
    pupils = queries.pupils(connection, scope, year)
    rows = logic.completion(
        year, as_of, pupils=pupils, calendar=queries.calendar(connection, year),
        timetable=queries.timetable(connection, scope, year), sheets=queries.sheets(connection, scope, year),
        tests=queries.tests(connection, scope, year), marks=queries.marks(connection, scope, year),
        guardians=queries.guardians(pupils))
    directors = logic.directors(queries.directors(connection, scope))
    reminders = outputs.reminders(logic.late_rows(rows), schools, directors)
    return DataEntryResult(year, as_of, scope, schools, rows, reminders)


def compute(connection: Connection, run: RunContext) -> DataEntryResult:
    return compute_scope(connection, run.scope, run.year, as_of_date(run.parameters.as_of, run.year))


def write_outputs(connection: Connection, result: DataEntryResult, run: RunContext) -> list[Path]:
    return outputs.write_outputs(result.rows, result.reminders, run.out_dir)
