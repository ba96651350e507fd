"""A new school year's Tayssir rows: amounts and absence limits per level, settings and payment periods, from
data/reference/ (what an operator already set is kept)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from workbench.bulk import upsert_rows
from workbench.programmes.tayssir.models import (
    TayssirPeriod,
    TayssirRule,
    TayssirSettings,
)
from workbench.reference import read_reference


def period_code(year: str, number: int) -> str:
    """'2025-2026', 1 -> '2025-2026-P1'."""
    return f"{year}-P{number}"


def year_defaults(connection: Connection, year: str) -> None:
    rules = read_reference("tayssir_rules")
    rules = rules.astype({"monthly_amount_mad": int, "max_absences_per_month": int}).assign(year=year)
    upsert_rows(connection, TayssirRule.__table__, rules.to_dict("records"), ["year", "level_code"], replace=False)
    settings = read_reference("tayssir_settings").iloc[0]
    upsert_rows(connection, TayssirSettings.__table__, [{
        "year": year, "household_cap": int(settings["household_cap"]),
        "count_justified_absences": settings["count_justified_absences"] == "1"}], ["year"], replace=False)
    first = int(year[:4])
    periods = [{"code": period_code(year, int(p.number)), "year": year, "number": int(p.number),
                "first_month": dt.date(first if int(p.first_month) >= 9 else first + 1, int(p.first_month), 1),
                "last_month": dt.date(first if int(p.first_month) >= 9 else first + 1, int(p.last_month), 1)}
               for p in read_reference("tayssir_periods").itertuples()]
    upsert_rows(connection, TayssirPeriod.__table__, periods, ["code"], replace=False)
