"""Synthetic grant applications (mostly secondary pupils, a few primary ones that are not eligible) and quotas."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from workbench.bulk import insert_frame
from workbench.demo.generate import DemoData
from workbench.programmes.grants.models import GrantApplication, GrantQuota

# Shares of secondary pupils applying (rural ones apply more): about 300,000 applications nationally.
SHARES = {"boarding_full": 0.06, "boarding_half": 0.035, "canteen": 0.05, "lower_secondary": 0.05}


def applications(seed: int, year: str, enrolments: pd.DataFrame, schools: pd.DataFrame,
                 communes: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 8])
    info = schools.rename(columns={"code": "school_code"}).merge(
        communes[["code", "milieu"]].rename(columns={"code": "commune_code"}), on="commune_code")
    pupils = enrolments[["massar_code", "school_code"]].merge(
        info[["school_code", "cycle", "milieu", "sector", "boarding_capacity"]])
    pupils = pupils[pupils["sector"] == "public"]
    frames = []
    for grant_type, share in SHARES.items():  # four grant types
        wanted = pupils["cycle"].isin(["lower_secondary"] if grant_type == "lower_secondary"
                                      else ["lower_secondary", "upper_secondary"])
        rural = np.where(pupils["milieu"] == "rural", 1.8, 0.5)
        chosen = pupils[(wanted | (rng.random(len(pupils)) < 0.02)) & (rng.random(len(pupils)) < share * rural)]
        if grant_type.startswith("boarding"):  # boarders attend a school with an internat, but for a few
            chosen = chosen[(chosen["boarding_capacity"] > 0) | (rng.random(len(chosen)) < 0.05)]
        frames.append(chosen.assign(grant_type=grant_type))
    apps = pd.concat(frames, ignore_index=True)
    n = len(apps)
    rural = (apps["milieu"] == "rural").to_numpy()
    with_rsu = rng.random(n) < 0.3
    return pd.DataFrame({
        "year": year, "massar_code": apps["massar_code"].to_numpy(), "grant_type": apps["grant_type"].to_numpy(),
        "household_income_class": pd.Series(rng.choice([1, 2, 3, 4, 5], n, p=[0.3, 0.3, 0.2, 0.12, 0.08]),
                                            dtype="Int64").mask(with_rsu),  # a nullable integer, not a float
        "rsu_score": np.where(with_rsu, rng.uniform(2, 18, n).round(2), np.nan),
        "distance_km": np.where(rural, rng.gamma(2.0, 8.0, n), rng.gamma(1.2, 3.0, n)).round(1),
        "orphan": rng.choice(["none", "one", "both"], n, p=[0.85, 0.12, 0.03]),
        "disability": rng.random(n) < 0.03,
        "previous_average": rng.normal(12, 2.8, n).clip(0, 20).round(2),
        "applied_on": pd.Timestamp(f"{year[:4]}-06-15") + pd.to_timedelta(rng.integers(0, 70, n), unit="D"),
    })


def quotas(seed: int, year: str, applications_: pd.DataFrame, enrolments: pd.DataFrame, schools: pd.DataFrame,
           communes: pd.DataFrame) -> pd.DataFrame:
    """About 60% of a province's applicants can be granted."""
    rng = np.random.default_rng([seed, 9])
    province = enrolments[["massar_code", "school_code"]].merge(
        schools.rename(columns={"code": "school_code"})[["school_code", "commune_code"]]).merge(
        communes.rename(columns={"code": "commune_code"})[["commune_code", "province_code"]])
    counts = applications_.merge(province[["massar_code", "province_code"]]).groupby(
        ["province_code", "grant_type"], as_index=False).size()
    counts["places"] = np.floor(counts["size"] * rng.uniform(0.45, 0.75, len(counts))).astype(np.int64)
    return counts.assign(year=year)[["year", "province_code", "grant_type", "places"]]


def build(connection: Connection, data: DemoData) -> dict[str, int]:
    """The demo's applications and the places per province and grant type."""
    frames = data.frames
    applied = applications(data.seed, data.year, frames.enrolments, frames.schools, frames.communes)
    return {"grant_applications": insert_frame(connection, GrantApplication.__table__, applied),
            "grant_quotas": insert_frame(connection, GrantQuota.__table__, quotas(
                data.seed, data.year, applied, frames.enrolments, frames.schools, frames.communes))}
