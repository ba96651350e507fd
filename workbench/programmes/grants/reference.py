"""A new school year's grant scoring grid and amounts per quarter, from data/reference/ (what the committee
already set is kept)."""

from __future__ import annotations

from sqlalchemy import Connection

from workbench.bulk import upsert_rows
from workbench.programmes.grants.models import GrantAmount, GrantGrid
from workbench.reference import read_reference


def year_defaults(connection: Connection, year: str) -> None:
    grid = read_reference("grant_grid").iloc[0].astype(float).to_dict()
    upsert_rows(connection, GrantGrid.__table__, [{"year": year, **grid}], ["year"], replace=False)
    amounts = read_reference("grant_amounts").astype({"quarter_amount_mad": float}).assign(year=year)
    upsert_rows(connection, GrantAmount.__table__, amounts.to_dict("records"), ["year", "grant_type"], replace=False)
