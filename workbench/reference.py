"""Reference data (regions, provinces, levels) loaded from data/reference/, and the school years with each
programme's defaults."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, select

from workbench import config
from workbench.bulk import upsert_frame, upsert_rows
from workbench.catalogue import text
from workbench.codes import normalise_year, year_bounds
from workbench.exceptions import InputError
from workbench.models import Level, Province, Region, SchoolYear


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
    """Create a school year if it does not exist yet, with each programme's defaults (from data/reference/) for
    what it lacks; what an operator already set is kept."""
    from workbench.registry import programmes

    code = normalise_year(year)
    if code is None:
        raise InputError(text("error.not_a_year", year=year))
    starts_on, ends_on = year_bounds(code)
    upsert_rows(connection, SchoolYear.__table__, [{"code": code, "starts_on": starts_on, "ends_on": ends_on}],
                ["code"], replace=False)
    for programme in programmes().values():
        if programme.year_defaults is not None:
            programme.year_defaults(connection, code)
    return code


def ensure_years(connection: Connection, years) -> None:
    """`ensure_year` for every school year named in an imported column."""
    for year in pd.Series(years).dropna().unique():
        ensure_year(connection, year)


def level_codes(engine_or_connection: Engine | Connection) -> set[str]:
    if isinstance(engine_or_connection, Engine):
        with engine_or_connection.connect() as connection:
            return set(connection.scalars(select(Level.code)))
    return set(engine_or_connection.scalars(select(Level.code)))
