"""Tayssir's share of the what-if: the year's pupil-months reduced once to a compact base, on which changed amounts
per level, absence limits, the household cap and the justified-absences switch are applied in milliseconds.

What stays the same whatever the settings (rules 1 and 2 of shared/domain/rules.md: enrolled, household enrolled,
commune targeted or RAMED/RSU; and the months an upheld complaint made payable) is decided once by Tayssir's own
rule function (`tayssir.logic.pupil_months`, run with no absence limit and no cap). What the settings change is
then exact on two parts:

- households that never have two eligible children in the same month can never be capped, so their pupil-months
  are counted by (province, level, absence days counted, absence days unjustified) and their pupils by (province,
  level, fewest absence days of their eligible months): a month is paid when its days are within the level's limit,
  a pupil is a beneficiary when one of their months is;
- in the other households, a household-month with no more eligible children than the cap is never capped
  either: their pupil-months are counted by the same keys and by that number of children, and each of their pupils
  keeps, for every possible cap, the fewest absence days of their months that the cap cannot touch. Only the
  household-months with more eligible children than the simulated cap keep one row per pupil-month, on which the
  cap is Tayssir's own (`tayssir.logic.over_cap`: the highest amounts, ties by the smaller Massar code) under the
  simulated amounts. A pupil is a beneficiary when a month the cap cannot touch is within the limit, or a month the
  cap was applied to is paid. Household-months alike (same children, levels, provinces, absence days) are paid
  alike: each distinct one is capped once and counted as many times as there are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from workbench import analytics, calendar
from workbench.programmes.tayssir import logic, queries
from workbench.programmes.tayssir.models import TayssirRule
from workbench.scope import Scope

NO_MONTH = 1_000_000  # fewest absence days of a pupil with no month that absences can withhold
OUTPUT_COLUMNS = ["province_code", "level_code", "beneficiaries", "paid_months", "amount_mad"]


@dataclass(frozen=True)
class TayssirSettings:
    """The settings the rules read: amount and absence limit per level, the household cap, justified absences."""

    amounts: Mapping[str, int]
    limits: Mapping[str, int]
    household_cap: int = 3
    count_justified: bool = False


@dataclass
class TayssirBase:
    levels: list[str]  # levels with a rule; index len(levels) stands for a level without one
    provinces: list[str]
    # Households never crowded: counts of pupil-months and of pupils, by the keys the settings act on.
    month_counts: pd.DataFrame  # province, level, forced, days_all, days_unjustified, months
    pupil_counts: pd.DataFrame  # province, level, forced, fewest_all, fewest_unjustified, pupils
    # Households with two eligible children in a month (see `_crowded`).
    crowded: dict[str, np.ndarray] = field(default_factory=dict)


def current_settings(connection: Connection, year: str) -> TayssirSettings:
    cap, justified = queries.settings(connection, year)
    rules = analytics.read_sql(select(TayssirRule.level_code, TayssirRule.monthly_amount_mad,
                                      TayssirRule.max_absences_per_month).where(TayssirRule.year == year)
                               .order_by(TayssirRule.level_code), connection)
    return TayssirSettings(amounts=dict(zip(rules["level_code"], rules["monthly_amount_mad"].astype(int))),
                           limits=dict(zip(rules["level_code"], rules["max_absences_per_month"].astype(int))),
                           household_cap=int(cap), count_justified=bool(justified))


def load(connection: Connection, scope: Scope, year: str, levels: list[str]) -> TayssirBase:
    """The base of a scope: its households' registered pupils (the cap needs every child), absences both ways."""
    programme = queries.programme(connection, scope, year)
    counted = queries.absence_months(connection, scope, year, True)
    unjustified = queries.absence_months(connection, scope, year, False)
    inside = pd.Index(scope.keep(programme)["massar_code"].astype(object))
    return build(programme, counted, unjustified, queries.overrides(connection, year), calendar.month_starts(year),
                 levels, inside)


def build(programme: pd.DataFrame, counted: pd.DataFrame, unjustified: pd.DataFrame, overrides: pd.DataFrame,
          month_starts: list, levels: list[str], inside: pd.Index | None = None) -> TayssirBase:
    """The base from frames: programme as `tayssir.queries.programme` gives it (with province_code), absences per
    pupil and month counted with and without justified days, the months made payable by an upheld complaint, and
    the Massar codes inside the scope (None: all)."""
    programme = programme.sort_values("massar_code").reset_index(drop=True)  # the rule function's own order
    n, m = len(programme), len(month_starts)
    eligible, forced = _eligible_months(programme, counted.iloc[0:0], month_starts, overrides)

    codes = pd.Index(programme["massar_code"].astype(object))
    all_days = _days_per_row(counted, codes, month_starts)[eligible]
    unjustified_days = _days_per_row(unjustified, codes, month_starts)[eligible]
    pupil, month = eligible // m if m else eligible, eligible % m if m else eligible
    level_of = pd.Index(levels).get_indexer(programme["level_code"].astype(object))
    level_of = np.where(level_of < 0, len(levels), level_of)
    provinces = sorted(programme["province_code"].dropna().unique())
    province_of = pd.Index(provinces).get_indexer(programme["province_code"])
    within = np.ones(n, dtype=bool) if inside is None else codes.isin(inside)
    household = pd.factorize(programme["guardian_cin"])[0]

    # A household-month with two eligible children (not both made payable by a complaint) may be capped.
    slot = household[pupil].astype(np.int64) * m + month
    counts = np.bincount(slot[~forced], minlength=int(slot.max()) + 1 if len(slot) else 0)
    crowded_household = np.zeros(household.max() + 1 if n else 0, dtype=bool)
    crowded_household[household[pupil][counts[slot] > 1]] = True
    crowded = crowded_household[household[pupil]]

    simple = ~crowded & within[pupil]
    rows = pd.DataFrame({"pupil": pupil[simple], "province": province_of[pupil[simple]],
                         "level": level_of[pupil[simple]], "forced": forced[simple],
                         "days_all": all_days[simple], "days_unjustified": unjustified_days[simple]})
    month_counts = rows.groupby(["province", "level", "forced", "days_all", "days_unjustified"],
                                as_index=False).size().rename(columns={"size": "months"})
    # A month made payable by a complaint is paid whatever its absences: it never sets the fewest days.
    per_pupil = rows.assign(fewest_all=np.where(rows["forced"], NO_MONTH, rows["days_all"]),
                            fewest_unjustified=np.where(rows["forced"], NO_MONTH, rows["days_unjustified"]))
    per_pupil = per_pupil.groupby("pupil", as_index=False).agg(
        province=("province", "first"), level=("level", "first"), forced=("forced", "max"),
        fewest_all=("fewest_all", "min"), fewest_unjustified=("fewest_unjustified", "min"))
    pupil_counts = per_pupil.groupby(["province", "level", "forced", "fewest_all", "fewest_unjustified"],
                                     as_index=False).size().rename(columns={"size": "pupils"})

    keep = np.flatnonzero(crowded)
    rows = {"pupil": pupil[keep], "group": slot[keep], "children": counts[slot[keep]],
            "province": province_of[pupil[keep]], "level": level_of[pupil[keep]], "forced": forced[keep],
            "days_all": all_days[keep], "days_unjustified": unjustified_days[keep], "inside": within[pupil[keep]]}
    return TayssirBase(levels=list(levels), provinces=list(provinces), month_counts=month_counts,
                       pupil_counts=pupil_counts, crowded=_crowded(rows))


def _crowded(rows: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The crowded households' pupil-months arranged for any cap c (1 <= c <= most children):

    - `rows`: one row per pupil-month, by number of eligible children in the household-month, most first, so the
      rows a cap c acts on are the first `over[c]`;
    - `untouched`: the other pupil-months counted by (children, province, level, forced, days), for the budget;
    - per pupil (`pupils`: position, province, level, inside), `fewest_all[c]`, `fewest_unjustified[c]`,
      `forced[c]`: their fewest absence days, and whether a complaint made one payable, over the months a cap c
      cannot touch."""
    # Most children first, then household-month, then Massar code: the cap's sort finds its rows in order.
    order = np.lexsort((rows["pupil"], rows["group"], -rows["children"]))
    rows = {name: values[order] for name, values in rows.items()}
    rows["group"] = pd.factorize(rows["group"])[0]  # numbered in this order: a cap's rows hold groups 0..k only
    rows["position"] = np.arange(len(order))  # in Massar code order within each household-month
    # Small integer types: an answer reads these columns whole, so their width is most of its time.
    for name, kind in (("group", np.int32), ("position", np.int32), ("level", np.int8), ("province", np.int16),
                       ("days_all", np.int16), ("days_unjustified", np.int16)):
        if len(order) and rows[name].max() < np.iinfo(kind).max:
            rows[name] = rows[name].astype(kind)
    most = int(rows["children"].max()) if len(order) else 1
    over = np.array([int((rows["children"] > c).sum()) for c in range(most + 1)])
    frame = pd.DataFrame({name: rows[name] for name in ("children", "province", "level", "forced", "days_all",
                                                        "days_unjustified")})[rows["inside"]]
    untouched = frame.groupby(list(frame.columns), as_index=False).size().rename(columns={"size": "months"})

    pupils, local = np.unique(rows["pupil"], return_inverse=True)
    local = local.astype(np.int32)
    per_month = pd.DataFrame({"pupil": local, "children": rows["children"], "forced": rows["forced"],
                              "days_all": np.where(rows["forced"], NO_MONTH, rows["days_all"]),
                              "days_unjustified": np.where(rows["forced"], NO_MONTH, rows["days_unjustified"])})
    by_children = per_month.groupby(["children", "pupil"]).agg(
        forced=("forced", "max"), days_all=("days_all", "min"), days_unjustified=("days_unjustified", "min"))
    fewest_all = np.full((most + 1, len(pupils)), NO_MONTH, dtype=np.int64)
    fewest_unjustified = fewest_all.copy()
    forced = np.zeros((most + 1, len(pupils)), dtype=bool)
    for c in range(1, most + 1):  # the months a cap c cannot touch: those of households with c children or fewer
        fewest_all[c], fewest_unjustified[c], forced[c] = fewest_all[c - 1], fewest_unjustified[c - 1], forced[c - 1]
        if c in by_children.index.get_level_values(0):
            stratum = by_children.loc[c]
            at = stratum.index.to_numpy()
            fewest_all[c, at] = np.minimum(fewest_all[c, at], stratum["days_all"].to_numpy())
            fewest_unjustified[c, at] = np.minimum(fewest_unjustified[c, at], stratum["days_unjustified"].to_numpy())
            forced[c, at] |= stratum["forced"].to_numpy()
    first = np.unique(local, return_index=True)[1]
    folded = _fold(rows, most)
    return {**rows, **folded, "local": local, "over": over, "untouched": untouched, "pupils": pupils,
            "pupil_province": rows["province"][first], "pupil_level": rows["level"][first],
            "pupil_inside": rows["inside"][first], "fewest_all": fewest_all,
            "fewest_unjustified": fewest_unjustified, "pupil_forced": forced}


# Bits of each field of a pupil-month in the code that compares household-months (a month has at most 31 days).
FIELDS = (("rank", 6), ("level", 5), ("province", 10), ("forced", 1), ("inside", 1), ("days_all", 10),
          ("days_unjustified", 10))


def _fold(rows: dict[str, np.ndarray], most: int) -> dict[str, np.ndarray]:
    """Household-months alike (the same children, in Massar code order, with the same level, province, absence days
    and complaint) are paid alike under any settings: each distinct one is kept once (`folded_*` columns, most
    children first as the rows are) with how many there are (`folded_weight`), and every row knows its folded row
    (`folded_row`), for the beneficiaries. The comparison is exact: each pupil-month's fields packed in one integer,
    household-months compared whole, vectorised per number of pupil-months."""
    n = len(rows["group"])
    starts = np.flatnonzero(np.r_[True, rows["group"][1:] != rows["group"][:-1]]) if n else np.zeros(0, dtype=int)
    lengths = np.diff(np.r_[starts, n])
    rows = {**rows, "rank": np.arange(n) - np.repeat(starts, lengths)}
    code = np.zeros(n, dtype=np.int64)
    shift = 0
    for name, bits in FIELDS:
        values = rows[name].astype(np.int64)
        if name not in ("days_all", "days_unjustified") and n and values.max() >= (1 << bits):
            raise ValueError(f"{name} does not fit the household-month code")
        code |= np.minimum(values, (1 << bits) - 1) << shift
        shift += bits
    twin = np.arange(len(starts))  # the first household-month alike, for each one
    weight = np.zeros(len(starts), dtype=np.int64)
    for length in np.unique(lengths):
        chosen = np.flatnonzero(lengths == length)
        matrix = code[starts[chosen][:, None] + np.arange(length)]
        _, first, inverse, counts = np.unique(matrix, axis=0, return_index=True, return_inverse=True,
                                              return_counts=True)
        twin[chosen] = chosen[first][inverse.ravel()]
        weight[chosen[first]] = counts
    kept = np.flatnonzero(twin == np.arange(len(starts)))  # in the rows' order: most children first
    kept_rows = np.repeat(starts[kept], lengths[kept]) + (np.arange(lengths[kept].sum())
                                                          - np.repeat(np.cumsum(lengths[kept]) - lengths[kept],
                                                                      lengths[kept]))
    start_of_kept = np.zeros(len(starts), dtype=np.int64)
    start_of_kept[kept] = np.cumsum(lengths[kept]) - lengths[kept]
    group_of_row = np.repeat(np.arange(len(starts)), lengths)
    folded = {f"folded_{name}": rows[name][kept_rows] for name in
              ("level", "province", "forced", "inside", "days_all", "days_unjustified", "children")}
    folded["folded_group"] = np.repeat(np.arange(len(kept), dtype=np.int32), lengths[kept])
    folded["folded_position"] = np.arange(len(kept_rows), dtype=np.int32)
    folded["folded_weight"] = np.repeat(weight[kept], lengths[kept])
    folded["folded_over"] = np.array([int((folded["folded_children"] > c).sum()) for c in range(most + 1)])
    folded["folded_row"] = (start_of_kept[twin[group_of_row]] + rows["rank"]).astype(np.int32)
    return folded


CHUNK = 500_000  # pupils per pass of the rule function: its frame of pupil-months holds their codes as text


def _eligible_months(programme: pd.DataFrame, no_absences: pd.DataFrame, month_starts: list,
                     overrides: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions (pupil k, month i: k * m + i) of the pupil-months that rules 1 and 2 make payable, and whether an
    upheld complaint did: Tayssir's rule function with no absence limit and no cap (each pupil-month on its own, so
    the pupils are taken a chunk at a time)."""
    m = len(month_starts)
    open_programme = programme.assign(max_absences_per_month=np.nan)  # no limit: absences withhold nothing yet
    eligible, forced = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=bool)]
    for start in range(0, len(programme), CHUNK):
        chunk = open_programme.iloc[start : start + CHUNK]
        months = logic.pupil_months(chunk, no_absences, month_starts, household_cap=len(chunk) + 1,
                                    overrides=overrides)
        status = months["status"].cat.codes.to_numpy()
        at = np.flatnonzero(status == logic.STATUSES.index("paid"))
        eligible.append(at + start * m)
        forced.append(months["reason"].cat.codes.to_numpy()[at] == logic.REASONS.index("complaint_upheld"))
    return np.concatenate(eligible), np.concatenate(forced)


def _days_per_row(absences: pd.DataFrame, codes: pd.Index, month_starts: list) -> np.ndarray:
    """Absence days at each pupil-month position of `tayssir.logic.pupil_months` (pupil k, month i: k * m + i)."""
    m = len(month_starts)
    days = np.zeros(len(codes) * m, dtype=np.int64)
    if absences.empty:
        return days
    month_of = {start.month: i for i, start in enumerate(month_starts)}
    who = codes.get_indexer(absences["massar_code"].astype(object))
    when = absences["month"].astype(int).map(month_of).fillna(-1).astype(int).to_numpy()
    keep = (who >= 0) & (when >= 0)
    np.add.at(days, who[keep] * m + when[keep], absences["absence_days"].to_numpy(dtype=np.int64)[keep])
    return days


def simulate(base: TayssirBase, settings: TayssirSettings) -> pd.DataFrame:
    """Beneficiaries (pupils paid at least one month), paid months and amount per province and level."""
    amount = np.array([float(settings.amounts[level]) for level in base.levels] + [0.0])
    limit = np.array([float(settings.limits[level]) for level in base.levels] + [np.inf])
    size = len(base.provinces) * (len(base.levels) + 1)
    days = "days_all" if settings.count_justified else "days_unjustified"
    fewest = "fewest_all" if settings.count_justified else "fewest_unjustified"

    months = base.month_counts
    level = months["level"].to_numpy()
    key = months["province"].to_numpy() * (len(base.levels) + 1) + level
    paid = months["forced"].to_numpy() | (months[days].to_numpy() <= limit[level])
    paid_months = np.bincount(key, weights=paid * months["months"].to_numpy(), minlength=size)
    money = np.bincount(key, weights=paid * months["months"].to_numpy() * amount[level], minlength=size)

    pupils = base.pupil_counts
    level = pupils["level"].to_numpy()
    key = pupils["province"].to_numpy() * (len(base.levels) + 1) + level
    paid = pupils["forced"].to_numpy() | (pupils[fewest].to_numpy() <= limit[level])
    beneficiaries = np.bincount(key, weights=paid * pupils["pupils"].to_numpy(), minlength=size)
    # Sums of weights (an empty bincount would be of integers).
    paid_months, money, beneficiaries = (np.asarray(a, dtype=float) for a in (paid_months, money, beneficiaries))

    rows = base.crowded
    if len(rows.get("pupil", ())):
        most = len(rows["over"]) - 1
        cap = min(settings.household_cap, most)
        untouched = rows["untouched"]
        untouched = untouched[untouched["children"] <= cap]
        level = untouched["level"].to_numpy()
        key = untouched["province"].to_numpy().astype(np.int64) * (len(base.levels) + 1) + level
        paid = untouched["forced"].to_numpy() | (untouched[days].to_numpy() <= limit[level])
        paid_months += np.bincount(key, weights=paid * untouched["months"].to_numpy(), minlength=size)
        money += np.bincount(key, weights=paid * untouched["months"].to_numpy() * amount[level], minlength=size)

        # Household-months with more eligible children than the cap: each distinct one once, counted `weight` times.
        capped_rows = slice(0, rows["folded_over"][cap])
        level = rows["folded_level"][capped_rows]
        forced = rows["folded_forced"][capped_rows]
        payable = forced | (rows[f"folded_{days}"][capped_rows] <= limit[level])
        capped = logic.over_cap(rows["folded_group"][capped_rows], amount[level],
                                 rows["folded_position"][capped_rows], payable & ~forced, settings.household_cap)
        paid = payable & ~capped
        counted = paid & rows["folded_inside"][capped_rows]
        key = (rows["folded_province"][capped_rows].astype(np.int64) * (len(base.levels) + 1) + level)[counted]
        weight = rows["folded_weight"][capped_rows][counted]
        paid_months += np.bincount(key, weights=weight, minlength=size)
        money += np.bincount(key, weights=amount[level][counted] * weight, minlength=size)

        level = rows["pupil_level"]
        every = slice(0, rows["over"][cap])
        paid_somewhere = np.bincount(rows["local"][every][paid[rows["folded_row"][every]]], minlength=len(level)) > 0
        beneficiary = (paid_somewhere | rows["pupil_forced"][cap]
                       | (rows[fewest][cap] <= limit[level])) & rows["pupil_inside"]
        key = rows["pupil_province"].astype(np.int64) * (len(base.levels) + 1) + level
        beneficiaries += np.bincount(key[beneficiary], minlength=size)

    levels = [*base.levels, ""]
    frame = pd.DataFrame({
        "province_code": np.repeat(base.provinces, len(levels)),
        "level_code": np.tile(levels, len(base.provinces)),
        "beneficiaries": beneficiaries.astype(np.int64), "paid_months": paid_months.astype(np.int64),
        "amount_mad": np.rint(money).astype(np.int64)})
    return frame[(frame["beneficiaries"] > 0) | (frame["paid_months"] > 0)].reset_index(drop=True)
