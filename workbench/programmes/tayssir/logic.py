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
REASONS = ("", *INELIGIBLE_REASONS, "absences", "household_cap", "complaint_upheld")
MONTH_COLUMNS = ["massar_code", "guardian_cin", "month", "amount_mad", "status", "reason"]


def pupil_months(programme: pd.DataFrame, absences: pd.DataFrame, month_starts: list, household_cap: int,
                 overrides: pd.DataFrame | None = None) -> pd.DataFrame:
    """Status and amount of every pupil-month.

    programme: massar_code, guardian_cin, monthly_amount_mad (NaN when the level has none), max_absences_per_month,
    left_on, enrolled_on, ramed_or_rsu, targeted. absences: massar_code, month (1-12), absence_days (already
    without justified days when they do not count). overrides: massar_code, month (date) made payable by an
    upheld complaint. Everything runs on integer positions: row k is pupil k // m, month k % m.
    """
    if not programme["massar_code"].is_monotonic_increasing:  # a region's programme is read in this order
        programme = programme.sort_values("massar_code")
    programme = programme.reset_index(drop=True)
    n, m = len(programme), len(month_starts)
    starts = pd.to_datetime(pd.Series(month_starts))
    # Rules on a pupils x months grid: each pupil's dates and amounts meet each month's bounds by broadcasting,
    # never repeated once per pupil-month; the grid's rows, read in order, are the pupil-months.
    first_day, last_day = starts.to_numpy(), (starts + pd.offsets.MonthEnd(0)).to_numpy()
    # Numbers as 32 bits and the frame built on these arrays without a copy: at a large province's million
    # pupil-months, the time is in touching new memory (a first dashboard took twice as long as the next).
    pupil = np.repeat(np.arange(n, dtype=np.int32), m)
    codes = pd.Index(programme["massar_code"].astype(object))

    left_on = pd.to_datetime(programme["left_on"]).to_numpy()[:, None]
    enrolled_on = pd.to_datetime(programme["enrolled_on"]).to_numpy()[:, None]
    monthly = programme["monthly_amount_mad"].to_numpy(dtype=float)
    limit = np.nan_to_num(programme["max_absences_per_month"].to_numpy(dtype=float), nan=np.inf)[:, None]
    targeted = (programme["targeted"].astype(bool) | programme["ramed_or_rsu"].astype(bool)).to_numpy()[:, None]

    days = np.zeros((n, m), dtype=np.int32)
    month_of = {ts.month: i for i, ts in enumerate(starts)}
    if not absences.empty:
        who = codes.get_indexer(absences["massar_code"].astype(object))
        when = absences["month"].astype(int).map(month_of).fillna(-1).astype(int).to_numpy()
        keep = (who >= 0) & (when >= 0)
        np.add.at(days, (who[keep], when[keep]), absences["absence_days"].to_numpy(dtype=np.int32)[keep])

    withheld = days > limit
    # Codes into STATUSES and REASONS (strings are only made once, as categories, at the end); the first rule a
    # pupil-month fails is its reason, so the rules are applied from the last to the first.
    reason = np.where(withheld, 5, 0).astype(np.int8)
    failures = [~(np.isnat(left_on) | (left_on >= first_day)), np.isnan(monthly)[:, None], ~(enrolled_on <= last_day),
                ~targeted]
    for code, failed in reversed(list(enumerate(failures, start=1))):
        reason = np.where(failed, np.int8(code), reason)
    reason, withheld = reason.ravel(), withheld.ravel()
    status = np.where((reason >= 1) & (reason <= 4), 3, np.where(withheld, 1, 0)).astype(np.int8)
    amount = np.repeat(monthly, m)

    forced = np.zeros(n * m, dtype=bool)
    if overrides is not None and not overrides.empty:
        who = codes.get_indexer(overrides["massar_code"].astype(object))
        when = pd.to_datetime(overrides["month"]).map({ts: i for i, ts in enumerate(starts)}).fillna(-1)
        when = when.astype(int).to_numpy()
        at = (who * m + when)[(who >= 0) & (when >= 0)]
        forced[at] = True
        status[at], reason[at] = 0, 7

    households, guardians = pd.factorize(programme["guardian_cin"], sort=True)
    guardians = pd.Index(np.asarray(guardians, dtype=object))  # the codes' text (categories give a Categorical)
    households = households.astype(np.int32)
    household = np.repeat(households, m)
    capped = over_cap((households[:, None].astype(np.int64) * m + np.arange(m)).ravel(), amount, pupil,
                      (status == 0) & ~forced, household_cap)
    status[capped], reason[capped] = 2, 6
    # Pupils and households as categories of their codes (each code held once, each row a number): what a summary
    # then counts and filters (pupils, households, a scope's rows) works on the numbers instead of hashing the text
    # of every pupil-month again (most of a large province's dashboard).
    return pd.DataFrame({
        "massar_code": pd.Categorical.from_codes(pupil, codes, validate=False),
        "guardian_cin": pd.Categorical.from_codes(household, guardians, validate=False),
        "month": np.tile(first_day, n),
        "amount_mad": np.where(status == 0, np.repeat(np.nan_to_num(monthly).astype(np.int64), m), 0),
        "status": pd.Categorical.from_codes(status, STATUSES),
        "reason": pd.Categorical.from_codes(reason, REASONS),
    }, copy=False)


def over_cap(group: np.ndarray, amount: np.ndarray, pupil: np.ndarray, payable: np.ndarray, cap: int) -> np.ndarray:
    """Rows beyond the `cap` highest amounts of their household-month (ties: the smaller Massar code, i.e. the
    lower pupil position). Pupil-months made payable by an upheld complaint are paid whatever the cap."""
    counts = np.bincount(group[payable], minlength=group.max() + 1 if len(group) else 0)
    crowded = np.flatnonzero(payable & (counts[group] > cap)) if len(group) else np.array([], dtype=int)
    over = np.zeros(len(group), dtype=bool)
    if crowded.size == 0:
        return over
    # Ordered by household-month, then amount (highest first), then pupil: a stable sort on one integer key (the
    # household-month and the rank of the amount among the few amounts there are) over rows already in pupil order
    # (timsort runs in linear time on such input; a three-key lexsort took 25 times longer on 2 M rows).
    crowded = crowded[np.argsort(pupil[crowded], kind="stable")]
    levels = np.sort(pd.unique(-amount[crowded]))
    rank = np.searchsorted(levels, -amount[crowded])
    order = crowded[np.argsort(group[crowded].astype(np.int64) * len(levels) + rank, kind="stable")]
    keys = group[order]
    first = np.r_[True, keys[1:] != keys[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
    over[order[(np.arange(len(order)) - start) >= cap]] = True
    return over


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
    """guardian_cin, period, pupils_paid, months_withheld, amount_mad for a period's lines (with adjustments).

    Households and pupils are numbered once (factorize), then counted and summed with bincount: grouping on the
    text of CINs and Massar codes was most of a dashboard's time."""
    household, guardians = pd.factorize(lines["guardian_cin"], sort=True)
    known = household >= 0
    n = len(guardians)
    regular = (lines["kind"] == "regular").to_numpy() & known
    amount = np.bincount(household[known], weights=lines["amount_mad"].to_numpy(dtype=float)[known], minlength=n)
    withheld = np.bincount(household[regular & (lines["status"] == "withheld").to_numpy()], minlength=n)
    paid = regular & (lines["status"] == "paid").to_numpy()
    pupil = pd.factorize(lines["massar_code"])[0][paid].astype(np.int64)
    pairs = np.unique(household[paid].astype(np.int64) * (int(pupil.max()) + 1 if len(pupil) else 1) + pupil)
    pupils_paid = np.bincount(pairs // (int(pupil.max()) + 1 if len(pupil) else 1), minlength=n)
    frame = pd.DataFrame({"guardian_cin": np.asarray(guardians, dtype=object), "period": period,
                          "pupils_paid": pupils_paid.astype("int64"), "months_withheld": withheld.astype("int64"),
                          "amount_mad": np.round(amount).astype("int64")})
    frame = frame[(frame["amount_mad"] != 0) | (frame["months_withheld"] > 0) | (frame["pupils_paid"] > 0)]
    return frame.reset_index(drop=True)
