"""Accounts of the demo and its training sandboxes: one per role, on the demo's first province and schools."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select

from workbench import config
from workbench.access.users import hash_password
from workbench.bulk import upsert_rows
from workbench.models import User

DEMO_MAIL_DOMAIN = "@demo.massar.invalid"


def demo_accounts(schools: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """username, role, full_name, the code of its scope and an e-mail address, for a generated demo's schools."""
    located = schools.merge(communes[["code", "province_code"]].rename(columns={"code": "commune_code"}),
                            on="commune_code").sort_values("code")
    # The province shown in training must have a private school too (approved by the province, not the region).
    with_private = located[located["sector"] == "private"]["province_code"]
    province = (with_private if not with_private.empty else located["province_code"]).iloc[0]
    region = province[:2]
    in_province = located[located["province_code"] == province]
    public = in_province[in_province["sector"] == "public"]["code"].iloc[0]
    private = in_province[in_province["sector"] == "private"]
    rows = [("admin", "administrator", "Administrateur démo", None, None, None),
            ("formateur", "trainer", "Formateur démo", None, None, None),
            (f"aref{region}", "region_officer", f"Académie régionale {region}", None, None, region),
            (f"dp{province}", "province_officer", f"Direction provinciale {province}", None, province, None),
            (f"dir{public.lower()}", "director", f"Directeur {public}", public, None, None)]
    if not private.empty:
        code = private["code"].iloc[0]
        rows.append((f"dir{code.lower()}", "director", f"Directeur {code}", code, None, None))
    accounts = pd.DataFrame(rows, columns=["username", "role", "full_name", "school_code", "province_code",
                                           "region_code"])
    # Where the outbox reaches them: an address of the reserved .invalid domain, which no mail server delivers.
    return accounts.assign(email=accounts["username"] + DEMO_MAIL_DOMAIN)


def create_demo_accounts(connection: Connection, accounts: pd.DataFrame) -> int:
    """Add the accounts that do not exist yet, all with the demo password (WORKBENCH_DEMO_PASSWORD)."""
    known = set(connection.scalars(select(User.username)))
    new = accounts[~accounts["username"].isin(known)]
    password = hash_password(config.DEMO_PASSWORD.value())
    now = dt.datetime.now()
    rows = [{**{k: (None if pd.isna(v) else v) for k, v in row.items()}, "password_hash": password, "active": True,
             "created_at": now} for row in new.to_dict("records")]
    return upsert_rows(connection, User.__table__, rows, ["username"], replace=False)
