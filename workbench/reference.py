"""Reference data (regions, provinces, levels, Tayssir rules) loaded from data/reference/."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, select

from workbench import config
from workbench.bulk import upsert_frame
from workbench.codes import normalise_year, year_bounds
from workbench.exceptions import InputError
from workbench.models import Level, Province, Region, SchoolYear, TayssirRule


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
    """Create a school year (with that year's default Tayssir rules) if it does not exist yet."""
    code = normalise_year(year)
    if code is None:
        raise InputError(f"'{year}' is not a school year: write it as YYYY-YYYY, e.g. 2025-2026")
    exists = connection.execute(select(SchoolYear.code).where(SchoolYear.code == code)).first()
    if exists:
        return code
    starts_on, ends_on = year_bounds(code)
    connection.execute(SchoolYear.__table__.insert().values(code=code, starts_on=starts_on, ends_on=ends_on))
    rules = read_reference("tayssir_rules")
    rules = rules.astype({"monthly_amount_mad": int, "max_absences_per_month": int}).assign(year=code)
    upsert_frame(connection, TayssirRule.__table__, rules, ["year", "level_code"])
    return code


def level_codes(engine_or_connection: Engine | Connection) -> set[str]:
    if isinstance(engine_or_connection, Engine):
        with engine_or_connection.connect() as connection:
            return set(connection.scalars(select(Level.code)))
    return set(engine_or_connection.scalars(select(Level.code)))
