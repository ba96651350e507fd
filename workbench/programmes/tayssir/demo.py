"""Synthetic Tayssir registrations and complaints, following the targeting in force from 2018-19:
rural primary pupils and all lower-secondary pupils of public schools, a RAMED/RSU card for many families."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection, update

from workbench.bulk import insert_frame
from workbench.demo.generate import DemoData
from workbench.programmes.tayssir.models import (
    Complaint,
    TayssirCommune,
    TayssirEnrolment,
    TayssirPeriod,
)
from workbench.programmes.tayssir.reference import period_code

KINDS = ["missing_payment", "wrong_amount", "eligibility", "other"]
CHANNELS = ["guichet", "téléphone", "courrier", "بوابة"]


def registrations(seed: int, year: str, enrolments: pd.DataFrame, schools: pd.DataFrame, communes: pd.DataFrame,
                  pupil_guardians: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 6])
    info = schools.rename(columns={"code": "school_code"}).merge(
        communes[["code", "milieu"]].rename(columns={"code": "commune_code"}), on="commune_code")
    pupils = enrolments[["massar_code", "school_code"]].merge(info, on="school_code").merge(
        pupil_guardians[["massar_code", "guardian_cin"]], on="massar_code")
    eligible = pupils[(pupils["sector"] == "public") & (
        ((pupils["cycle"] == "primary") & (pupils["milieu"] == "rural")) | (pupils["cycle"] == "lower_secondary"))]
    households = pd.DataFrame({"guardian_cin": eligible["guardian_cin"].unique()})
    households = households[rng.random(len(households)) < 0.75]
    late = rng.random(len(households)) < 0.05
    households["enrolled_on"] = pd.Timestamp(f"{year[:4]}-09-01") + pd.to_timedelta(
        np.where(late, rng.integers(70, 150, len(households)), rng.integers(0, 60, len(households))), unit="D")
    households["ramed_or_rsu"] = rng.random(len(households)) < 0.6
    rows = eligible[["massar_code", "guardian_cin"]].merge(households, on="guardian_cin")
    return rows.assign(year=year)[["year", "massar_code", "guardian_cin", "enrolled_on", "ramed_or_rsu"]]


def complaints(seed: int, year: str, registered: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 7])
    filed = registered.drop_duplicates("guardian_cin").sample(frac=0.01, random_state=int(rng.integers(1 << 30)))
    count = len(filed)
    state = rng.choice(["new", "in_review", "upheld", "rejected"], size=count, p=[0.3, 0.2, 0.2, 0.3])
    filed_on = pd.Timestamp(f"{year[:4]}-12-15") + pd.to_timedelta(rng.integers(0, 120, count), unit="D")
    resolved = np.isin(state, ["upheld", "rejected"])
    return pd.DataFrame({
        "guardian_cin": filed["guardian_cin"].to_numpy(), "massar_code": filed["massar_code"].to_numpy(),
        "period_code": period_code(year, 1), "kind": rng.choice(KINDS, size=count, p=[0.5, 0.2, 0.2, 0.1]),
        "channel": rng.choice(CHANNELS, size=count), "filed_on": filed_on,
        "text": "Réclamation de démonstration / شكاية تجريبية", "state": state,
        "resolution": np.where(resolved, "Examinée par la commission provinciale / درست من طرف اللجنة الإقليمية", None),
        "resolved_on": pd.Series(filed_on + pd.to_timedelta(rng.integers(3, 45, count), unit="D")).where(resolved),
    })


def build(connection: Connection, data: DemoData) -> dict[str, int]:
    """The demo's targeted communes (rural and poorer than 30 %), registered households and complaints."""
    communes = data.frames.communes
    targeted = (communes["milieu"] == "rural") & (communes["poverty_rate"] > 30)
    targeting = pd.DataFrame({"commune_code": communes["code"].to_numpy(), "targeted": targeted.to_numpy()})
    counts = {"tayssir_communes": insert_frame(connection, TayssirCommune.__table__, targeting)}
    registered = registrations(data.seed, data.year, data.frames.enrolments, data.frames.schools, communes,
                               data.frames.pupil_guardians)
    connection.execute(update(TayssirPeriod).where(TayssirPeriod.year == data.year).values(issued_on=None))
    return {**counts, "tayssir_enrolments": insert_frame(connection, TayssirEnrolment.__table__, registered),
            "complaints": insert_frame(connection, Complaint.__table__, complaints(data.seed, data.year, registered))}
