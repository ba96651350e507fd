"""The rules of the grants (shared/domain/rules.md) as pure functions over one row per application."""

from __future__ import annotations

import numpy as np
import pandas as pd

SERVED_CYCLES = {
    "boarding_full": ("lower_secondary", "upper_secondary"),
    "boarding_half": ("lower_secondary", "upper_secondary"),
    "canteen": ("lower_secondary", "upper_secondary"),
    "lower_secondary": ("lower_secondary",),
}
BOARDING = ("boarding_full", "boarding_half")
DECISIONS = ("granted", "waiting_list", "not_granted", "ineligible")
LIST_COLUMNS = ["province_code", "grant_type", "massar_code", "score", "rank", "decision"]


def scores(applications: pd.DataFrame, grid: dict[str, float]) -> pd.Series:
    """Points from the year's grid: poverty (income class 1 = all, 5 = none, linear; or the RSU score between
    its poorest and richest bounds), distance (capped), orphanhood, disability and the previous average."""
    income = applications["household_income_class"].astype(float)
    rsu = applications["rsu_score"].astype(float)
    span = grid["rsu_score_richest"] - grid["rsu_score_poorest"]
    from_rsu = ((grid["rsu_score_richest"] - rsu) / span).clip(0, 1)
    poverty = grid["poverty_points"] * np.where(income.notna(), (5 - income) / 4, from_rsu.fillna(0))
    distance = grid["distance_points"] * applications["distance_km"].astype(float).clip(upper=grid["distance_cap_km"]) \
        / grid["distance_cap_km"]
    orphan = applications["orphan"].map({"none": 0.0, "one": grid["orphan_one_points"],
                                         "both": grid["orphan_both_points"]}).fillna(0.0)
    disability = grid["disability_points"] * applications["disability"].astype(bool)
    average = grid["average_points"] * applications["previous_average"].astype(float) / 20
    return (poverty + distance + orphan + disability + average).round(2)


def allocate(applications: pd.DataFrame, places: pd.DataFrame, grid: dict[str, float]) -> pd.DataFrame:
    """Decision of every application.

    applications: massar_code, grant_type, province_code, school_code, cycle (None when not enrolled),
    boarding_capacity and the scoring fields. places: province_code, grant_type, places.
    Within a province and grant type: rank by score, then greater distance, lower income class, smaller Massar
    code; the first `places` are granted, the next `waiting_list_share` of places wait, the rest are not granted.
    A boarding grant also needs a free bed at the pupil's school (boarding_capacity), in rank order.
    """
    frame = applications.copy()
    pairs = {(t, c) for t, cycles in SERVED_CYCLES.items() for c in cycles}
    served = pd.Series(list(zip(frame["grant_type"], frame["cycle"])), index=frame.index, dtype=object).isin(pairs)
    frame["reason"] = np.where(frame["cycle"].isna(), "not_enrolled", np.where(~served, "level_not_served", ""))
    eligible = frame["reason"] == ""
    frame["score"] = np.where(eligible, scores(frame, grid), np.nan)
    frame["income_order"] = frame["household_income_class"].astype(float).fillna(6)
    frame = frame.sort_values(["province_code", "grant_type", "score", "distance_km", "income_order", "massar_code"],
                              ascending=[True, True, False, False, True, True], na_position="last")
    frame["rank"] = frame[eligible.loc[frame.index]].groupby(["province_code", "grant_type"]).cumcount() + 1
    frame = frame.merge(places, on=["province_code", "grant_type"], how="left").fillna({"places": 0})
    eligible = frame["reason"] == ""
    capacity = frame["boarding_capacity"].fillna(0)
    school_rank = frame[eligible].groupby(["province_code", "grant_type", "school_code"]).cumcount()
    no_bed = eligible & frame["grant_type"].isin(BOARDING) & (school_rank.reindex(frame.index) >= capacity)
    frame.loc[no_bed, "reason"] = "boarding_capacity"
    competing = frame["reason"] == ""
    position = frame[competing].groupby(["province_code", "grant_type"]).cumcount().reindex(frame.index)
    waiting = np.floor(frame["places"] * grid["waiting_list_share"])
    frame["decision"] = np.select(
        [~eligible, ~competing, position < frame["places"], position < frame["places"] + waiting],
        ["ineligible", "not_granted", "granted", "waiting_list"], default="not_granted")
    frame["rank"] = frame["rank"].astype("Int64")
    return frame.drop(columns=["income_order"]).reset_index(drop=True)


def budget(decisions: pd.DataFrame, amounts: pd.DataFrame) -> pd.DataFrame:
    """Granted pupils and the cost per quarter, by province and grant type."""
    granted = decisions[decisions["decision"] == "granted"]
    frame = granted.groupby(["province_code", "grant_type"], as_index=False).size().rename(
        columns={"size": "granted"}).merge(amounts, on="grant_type", how="left")
    frame["quarter_cost_mad"] = frame["granted"] * frame["quarter_amount_mad"].fillna(0)
    return frame


def changes_since_published(decisions: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Every line whose decision differs from the published list (a granted pupil never vanishes silently)."""
    if published.empty:
        return pd.DataFrame(columns=["province_code", "grant_type", "massar_code", "published", "now"])
    merged = published.rename(columns={"decision": "published"})[
        ["province_code", "grant_type", "massar_code", "published"]].merge(
        decisions[["province_code", "grant_type", "massar_code", "decision"]].rename(columns={"decision": "now"}),
        on=["province_code", "grant_type", "massar_code"], how="outer")
    merged = merged.fillna({"published": "absent", "now": "absent"})
    return merged[merged["published"] != merged["now"]].sort_values(
        ["province_code", "grant_type", "massar_code"]).reset_index(drop=True)
