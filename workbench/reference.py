"""Reference data (regions, provinces, levels, Tayssir rules) loaded from data/reference/."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, Engine, select

from workbench import config
from workbench.bulk import upsert_frame, upsert_rows
from workbench.codes import normalise_year, year_bounds
from workbench.exceptions import InputError
from workbench.models import GrantAmount, GrantGrid, Level, Province, Region, SchoolYear, TayssirPeriod, TayssirRule, TayssirSettings


def read_reference(name: str) -> pd.DataFrame:
    """A reference CSV with every code kept as text (province '0101' stays '0101')."""
    return pd.read_csv(config.REFERENCE_DIR / f"{name}.csv", dtype=str, encoding="utf-8-sig")


def load_reference(connection: Connection) -> None:
    """Write the reference tables; running it again changes nothing."""
    regions = read_reference("regions").rename(columns={"region_code": "code"})
    upsert_frame(connection, Region.__table__, regions, ["code"])
    provinces = read_reference("provinces").rename(columns={"province_code": "code"})
    upsert_frame(connection, Province.__table__, provinces, ["code"])
    levels = read_reference("levels").rename(columns={"level_code": "code"})
    levels["year_in_cycle"] = levels["year_in_cycle"].astype(int)
    levels["rank"] = range(1, len(levels) + 1)
    upsert_frame(connection, Level.__table__, levels, ["code"])


def ensure_year(connection: Connection, year: str) -> str:
    """Create a school year if it does not exist yet, with the defaults of data/reference/ for what it lacks
    (Tayssir rules, settings and payment periods); what an operator already set is kept."""
    code = normalise_year(year)
    if code is None:
        raise InputError(f"'{year}' is not a school year: write it as YYYY-YYYY, e.g. 2025-2026")
    starts_on, ends_on = year_bounds(code)
    upsert_rows(connection, SchoolYear.__table__, [{"code": code, "starts_on": starts_on, "ends_on": ends_on}],
                ["code"], replace=False)
    rules = read_reference("tayssir_rules")
    rules = rules.astype({"monthly_amount_mad": int, "max_absences_per_month": int}).assign(year=code)
    upsert_rows(connection, TayssirRule.__table__, rules.to_dict("records"), ["year", "level_code"], replace=False)
    settings = read_reference("tayssir_settings").iloc[0]
    upsert_rows(connection, TayssirSettings.__table__, [{
        "year": code, "household_cap": int(settings["household_cap"]),
        "count_justified_absences": settings["count_justified_absences"] == "1"}], ["year"], replace=False)
    first = int(code[:4])
    periods = [{"code": period_code(code, int(p.number)), "year": code, "number": int(p.number),
                "first_month": dt.date(first if int(p.first_month) >= 9 else first + 1, int(p.first_month), 1),
                "last_month": dt.date(first if int(p.first_month) >= 9 else first + 1, int(p.last_month), 1)}
               for p in read_reference("tayssir_periods").itertuples()]
    upsert_rows(connection, TayssirPeriod.__table__, periods, ["code"], replace=False)
    grid = read_reference("grant_grid").iloc[0].astype(float).to_dict()
    upsert_rows(connection, GrantGrid.__table__, [{"year": code, **grid}], ["year"], replace=False)
    amounts = read_reference("grant_amounts").astype({"quarter_amount_mad": float}).assign(year=code)
    upsert_rows(connection, GrantAmount.__table__, amounts.to_dict("records"), ["year", "grant_type"], replace=False)
    return code


def ensure_years(connection: Connection, years) -> None:
    """`ensure_year` for every school year named in an imported column."""
    for year in pd.Series(years).dropna().unique():
        ensure_year(connection, year)


def period_code(year: str, number: int) -> str:
    """'2025-2026', 1 -> '2025-2026-P1'."""
    return f"{year}-P{number}"


def level_codes(engine_or_connection: Engine | Connection) -> set[str]:
    if isinstance(engine_or_connection, Engine):
        with engine_or_connection.connect() as connection:
            return set(connection.scalars(select(Level.code)))
    return set(engine_or_connection.scalars(select(Level.code)))
