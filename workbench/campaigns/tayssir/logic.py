"""The rules of Tayssir (shared/domain/rules.md) as pure functions over frames.

`pupil_months` takes one row per pupil registered in the programme and one row per pupil and month with
absences, and returns one row per pupil and school month, computed for every pupil at once with numpy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STATUSES = ("paid", "withheld", "capped", "ineligible")
# Checked in this order: the first rule a pupil-month fails is its reason.
INELIGIBLE_REASONS = ("left_school", "level_not_covered", "household_not_enrolled_yet", "commune_not_targeted")
MONTH_COLUMNS = ["massar_code", "guardian_cin", "month", "amount_mad", "status", "reason"]


def pupil_months(programme: pd.DataFrame, absences: pd.DataFrame, month_starts: list, household_cap: int,
                 overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """Status and amount of every pupil-month.

    programme: massar_code, guardian_cin, monthly_amount_mad (NaN when the level has none), max_absences_per_month,
    left_on, enrolled_on, ramed_or_rsu, targeted. absences: massar_code, month (1-12), absence_days (already
    without justified days when they do not count). overrides: massar_code, month (date) made payable by an
    upheld complaint.
    """
    programme = programme.sort_values("massar_code").reset_index(drop=True)
    n, m = len(programme), len(month_starts)
    starts = pd.to_datetime(pd.Series(month_starts)).to_numpy()
    ends = (pd.to_datetime(pd.Series(month_starts)) + pd.offsets.MonthEnd(0)).to_numpy()
    pupil = np.repeat(np.arange(n), m)
    month = np.tile(np.arange(m), n)
    month_start, month_end = starts[month], ends[month]

    left_on = pd.to_datetime(programme["left_on"]).to_numpy()
    enrolled_on = pd.to_datetime(programme["enrolled_on"]).to_numpy()
    amount = programme["monthly_amount_mad"].to_numpy(dtype=float)
    limit = programme["max_absences_per_month"].to_numpy(dtype=float)
    targeted = (programme["targeted"].astype(bool) | programme["ramed_or_rsu"].astype(bool)).to_numpy()

    days = np.zeros(n * m, dtype=np.int64)
    if not absences.empty:
        index_of_pupil = pd.Series(np.arange(n), index=programme["massar_code"])
        index_of_month = {ts.month: i for i, ts in enumerate(pd.to_datetime(pd.Series(month_starts)))}
        rows = absences[absences["massar_code"].isin(index_of_pupil.index)
                        & absences["month"].astype(int).isin(index_of_month)]
        at = (index_of_pupil[rows["massar_code"]].to_numpy() * m
              + rows["month"].astype(int).map(index_of_month).to_numpy())
        np.add.at(days, at, rows["absence_days"].to_numpy(dtype=np.int64))

    failures = [
        ~(np.isnat(left_on[pupil]) | (left_on[pupil] >= month_start)),
        np.isnan(amount[pupil]),
        ~(enrolled_on[pupil] <= month_end),
        ~targeted[pupil],
    ]
    withheld = days > np.nan_to_num(limit[pupil], nan=np.inf)
    reason = np.select(failures + [withheld], list(INELIGIBLE_REASONS) + ["absences"], default="")
    status = np.where(np.isin(reason, INELIGIBLE_REASONS), "ineligible", np.where(withheld, "withheld", "paid"))
    status = status.astype(object)
    reason = reason.astype(object)

    if overrides is not None and not overrides.empty:
        index_of_pupil = pd.Series(np.arange(n), index=programme["massar_code"])
        index_of_month = {pd.Timestamp(s): i for i, s in enumerate(pd.to_datetime(pd.Series(month_starts)))}
        rows = overrides[overrides["massar_code"].isin(index_of_pupil.index)]
        month_index = pd.to_datetime(rows["month"]).map(index_of_month)
        rows, month_index = rows[month_index.notna().to_numpy()], month_index.dropna().astype(int)
        at = index_of_pupil[rows["massar_code"]].to_numpy() * m + month_index.to_numpy()
        status[at] = "paid"
        reason[at] = "complaint_upheld"

    frame = pd.DataFrame({
        "massar_code": programme["massar_code"].to_numpy()[pupil],
        "guardian_cin": programme["guardian_cin"].to_numpy()[pupil],
        "month": month_start,
        "amount": np.nan_to_num(amount[pupil]),
        "status": status,
        "reason": reason,
    })
    frame = _apply_household_cap(frame, household_cap)
    frame["amount_mad"] = np.where(frame["status"] == "paid", frame["amount"], 0).astype(np.int64)
    return frame[MONTH_COLUMNS]


def _apply_household_cap(frame: pd.DataFrame, cap: int) -> pd.DataFrame:
    """At most `cap` children paid per household and month: the highest amounts, ties by the smaller Massar code.

    Pupil-months made payable by an upheld complaint are paid whatever the cap.
    """
    payable = frame[(frame["status"] == "paid") & (frame["reason"] != "complaint_upheld")]
    crowded = payable.groupby(["guardian_cin", "month"])["status"].transform("size") > cap
    candidates = payable[crowded]
    if candidates.empty:
        return frame
    ordered = candidates.sort_values(["guardian_cin", "month", "amount", "massar_code"],
                                     ascending=[True, True, False, True])
    over = ordered.groupby(["guardian_cin", "month"]).cumcount() >= cap
    capped = ordered.index[over.to_numpy()]
    frame.loc[capped, "status"] = "capped"
    frame.loc[capped, "reason"] = "household_cap"
    return frame


def adjustments(computed: pd.DataFrame, already_issued: pd.DataFrame) -> pd.DataFrame:
    """What changed since months were issued: one line per pupil-month whose amount now differs.

    already_issued: massar_code, month, amount_mad summed over every issued line (regular and adjustments).
    A positive amount pays a month that was missed; a negative one recovers a month paid in error.
    """
    merged = computed.merge(already_issued.rename(columns={"amount_mad": "issued"}), on=["massar_code", "month"])
    merged["amount_mad"] = merged["amount_mad"] - merged["issued"]
    changed = merged[merged["amount_mad"] != 0].copy()
    changed["reason"] = np.where(changed["reason"] == "complaint_upheld", "complaint_upheld", "late_correction")
    return changed[MONTH_COLUMNS]


def household_transfers(lines: pd.DataFrame, period: str) -> pd.DataFrame:
    """guardian_cin, period, pupils_paid, months_withheld, amount_mad for a period's lines (with adjustments)."""
    regular = lines[lines["kind"] == "regular"]
    paid = regular[regular["status"] == "paid"].groupby("guardian_cin")["massar_code"].nunique()
    withheld = regular[regular["status"] == "withheld"].groupby("guardian_cin").size()
    amount = lines.groupby("guardian_cin")["amount_mad"].sum()
    frame = pd.DataFrame({"amount_mad": amount}).join(paid.rename("pupils_paid")).join(withheld.rename(
        "months_withheld")).fillna(0).reset_index()
    frame = frame[(frame["amount_mad"] != 0) | (frame["months_withheld"] > 0) | (frame["pupils_paid"] > 0)]
    frame = frame.assign(period=period).astype({"pupils_paid": "int64", "months_withheld": "int64",
                                                "amount_mad": "int64"})
    return frame[["guardian_cin", "period", "pupils_paid", "months_withheld", "amount_mad"]].sort_values(
        "guardian_cin").reset_index(drop=True)
