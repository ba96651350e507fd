"""Figures of the Tayssir monitoring report: aggregates only, never a name or a CIN."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from workbench import analytics, calendar
from workbench.catalogue import Label, text
from workbench.levels import with_level_columns
from workbench.programmes.tayssir import logic
from workbench.programmes.tayssir.models import Complaint
from workbench.programmes.tayssir.numbering import concat, constant
from workbench.programmes.tayssir.periods import TayssirYear, YearInputs


@dataclass
class TayssirSummary:
    state: TayssirYear
    period: str | None
    months: pd.DataFrame  # regular pupil-month lines of the period (or year), with the period's code
    adjustments: pd.DataFrame  # adjustment lines of the period (or year), with the period's code
    complaints: pd.DataFrame
    _transfers: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    _totals: dict[str, int] | None = field(default=None, repr=False, compare=False)
    _pupil_numbers: tuple[np.ndarray, pd.Index] | None = field(default=None, repr=False, compare=False)
    _household_count: int | None = field(default=None, repr=False, compare=False)
    _amount: int | None = field(default=None, repr=False, compare=False)
    _beneficiaries: dict[bool, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    def period_label(self) -> Label | None:
        """The period summarised by its name and months (none for the whole year)."""
        return period_labels(self.state.periods).get(self.period) if self.period else None

    @property
    def transfers(self) -> pd.DataFrame:
        """Per household and period, adjustments included: computed when first asked (the files; a dashboard
        never asks)."""
        if self._transfers is None:
            self._transfers = transfers_of(self.months, self.adjustments, _codes(self.state, self.period))
        return self._transfers

    def totals(self) -> dict[str, float]:
        """The key figures (counted once per summary: a dashboard prepared in the background has them ready)."""
        if self._totals is None:
            months = self.months
            status = months["status"]
            pupils, codes = self._pupils()
            open_ = self.complaints["state"].isin(["new", "in_review"]).sum() if not self.complaints.empty else 0
            self._totals = {
                "registered": len(codes),
                "households": self._households(),
                "beneficiaries": int(np.count_nonzero(np.bincount(pupils[(status == "paid").to_numpy()],
                                                                  minlength=len(codes)))),
                "paid_months": int((status == "paid").sum()),
                "withheld_months": int((status == "withheld").sum()),
                "capped_months": int((status == "capped").sum()),
                "amount_mad": self.amount_mad(),
                "open_complaints": int(open_),
            }
        return dict(self._totals)

    def _pupils(self) -> tuple[np.ndarray, pd.Index]:
        """Each pupil-month's pupil as a number, and the pupils' codes: one pass over the codes of the lines (14
        million nationally) for the key figures and the beneficiaries."""
        if self._pupil_numbers is None:
            numbers, codes = pd.factorize(self.months["massar_code"])
            self._pupil_numbers = (numbers, pd.Index(codes))
        return self._pupil_numbers

    def _households(self) -> int:
        if self._household_count is None:
            self._household_count = int(self.months["guardian_cin"].nunique())
        return self._household_count

    def amount_mad(self) -> int:
        """What the period (or year) pays: its households' transfers summed, i.e. every line of a household."""
        if self._amount is None:
            self._amount = paid_to_households(self.months) + paid_to_households(self.adjustments)
        return self._amount

    def beneficiaries(self, by_province: bool = True) -> pd.DataFrame:
        """Pupils paid at least one month, by province (or not: a report of many provinces, which shows them in
        its own table), level and sex, with amounts and months withheld. Counted once per summary (its lines do not
        change): the report's chart and two tables read it, each pass taking seconds nationally."""
        if by_province not in self._beneficiaries:
            self._beneficiaries[by_province] = self._count_beneficiaries(by_province)
        return self._beneficiaries[by_province].copy()

    def _count_beneficiaries(self, by_province: bool) -> pd.DataFrame:
        # Counted per pupil first, then per pupil attributes (the same in every month): the pupil-months of a
        # national run (14 million) are never joined to their pupils' province, level and sex.
        months = self.months
        pupils, codes = self._pupils()
        paid = (months["status"] == "paid").to_numpy()
        paid_pupils = pupils[paid]  # the paid lines alone are weighed: no second array of 14 million amounts
        paid_months = np.bincount(paid_pupils, minlength=len(codes))
        amounts = np.bincount(paid_pupils, weights=months["amount_mad"].to_numpy(dtype="int64")[paid],
                              minlength=len(codes))
        del paid_pupils
        withheld = np.bincount(pupils[(months["status"] == "withheld").to_numpy()], minlength=len(codes))
        counted = (paid_months > 0) | (withheld > 0)
        per_pupil = pd.DataFrame({
            "massar_code": codes[counted], "paid": paid_months[counted] > 0,  # a beneficiary: paid one month or more
            "amount_mad": amounts[counted].round().astype("int64"), "withheld_months": withheld[counted]})
        keys = (["province_code", "province_fr", "province_ar"] if by_province else []) + ["level_code", "sex"]
        attributes = self.state.programme[["massar_code", *keys]].drop_duplicates("massar_code")
        found = pd.Index(attributes["massar_code"]).get_indexer(per_pupil["massar_code"])
        per_pupil = per_pupil[found >= 0]  # pupils with their attributes, as a join would keep them
        for key in keys:
            per_pupil[key] = attributes[key].to_numpy()[found[found >= 0]]
        frame = per_pupil.groupby(keys, as_index=False).agg(
            beneficiaries=("paid", "sum"), amount_mad=("amount_mad", "sum"), withheld_months=("withheld_months", "sum"))
        return frame.astype({"beneficiaries": "int64", "amount_mad": "int64", "withheld_months": "int64"}).sort_values(
            keys).reset_index(drop=True)

    def by_level_and_sex(self) -> pd.DataFrame:
        """The scope's beneficiaries by level (its code, and its name in each language), girls and boys side by
        side: one line per level, whatever the number of provinces (the report's table; the province breakdown is
        its own table)."""
        frame = self.beneficiaries()
        counts = frame.pivot_table(index="level_code", columns="sex", values="beneficiaries", aggfunc="sum",
                                   fill_value=0).reindex(columns=["F", "M"], fill_value=0)
        counts.columns = ["girls", "boys"]
        sums = frame.groupby("level_code")[["beneficiaries", "amount_mad", "withheld_months"]].sum()
        return with_level_columns(counts.join(sums).astype("int64").reset_index())

    def by_province(self) -> pd.DataFrame:
        return self.beneficiaries().groupby(["province_code", "province_fr", "province_ar"], as_index=False)[
            ["beneficiaries", "amount_mad", "withheld_months"]].sum()

    def status_by_month(self) -> pd.DataFrame:
        # Each line's month and status numbered, their pairs counted, then the few months written as text:
        # formatting 14 million dates first took a national report 15 s, and grouping them 1.5 s and 0.6 GB.
        month, months = pd.factorize(pd.to_datetime(self.months["month"]), sort=True)
        status, statuses = pd.factorize(self.months["status"], sort=True)
        counts = np.bincount(month * len(statuses) + status, minlength=len(months) * len(statuses))
        pairs = np.flatnonzero(counts)
        return pd.DataFrame({"month": pd.DatetimeIndex(months)[pairs // len(statuses)].strftime("%Y-%m"),
                             "status": np.asarray(statuses)[pairs % len(statuses)], "pupil_months": counts[pairs]})

    def complaints_by_state(self) -> pd.DataFrame:
        frame = self.complaints
        if frame.empty:
            return pd.DataFrame(columns=["kind", "state", "complaints", "median_days_to_resolve"])
        days = (pd.to_datetime(frame["resolved_on"]) - pd.to_datetime(frame["filed_on"])).dt.days
        return frame.assign(days=days).groupby(["kind", "state"], as_index=False).agg(
            complaints=("id", "size"), median_days_to_resolve=("days", "median")).round(1)


def paid_to_households(lines: pd.DataFrame) -> int:
    """The amount of the lines that belong to a household (what its transfers sum)."""
    return int(lines.loc[lines["guardian_cin"].notna().to_numpy(), "amount_mad"].sum()) if len(lines) else 0


def period_labels(periods: pd.DataFrame) -> dict[str, Label]:
    """Period code -> its name with its months in each language ('Période 1 : de septembre 2025 à décembre 2025'),
    as a reader knows it, never '2025-2026-P1' (`periods`: the year's tayssir_periods rows)."""
    def month(day: object) -> Label:
        day = pd.Timestamp(day)
        return calendar.MONTH_LABELS[day.month].plus(f" {day.year}")

    return {row.code: text("tayssir.app.period_option", number=row.number, first=month(row.first_month),
                           last=month(row.last_month)) for row in periods.itertuples()}


def summarise(connection: Connection, state: TayssirYear, period: str | None) -> TayssirSummary:
    months, adjustments = summarise_lines(state, period)
    return TayssirSummary(state, period, months, adjustments,
                          complaints_in_scope(read_complaints(connection), state, period))


def summarise_lines(state: TayssirYear, period: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The regular pupil-month lines and the adjustments of the period (or of every period of the year), with
    the period's code: each period's lines computed once, for the report, the CSVs and the payment list."""
    codes = _codes(state, period)
    together = state.regular_lines(codes) if len(codes) > 1 else None
    if together is not None:
        return together, together.iloc[:0]
    regular, adjustments = [], []
    for code in codes:
        lines = state.lines(code)
        lines = lines.assign(period=constant(code, codes))
        is_regular = (lines["kind"] == "regular").to_numpy()
        if is_regular.all():  # no adjustment (most periods): the lines are not copied
            regular.append(lines)
            adjustments.append(lines.iloc[:0])
        else:
            regular.append(lines[is_regular])
            adjustments.append(lines[~is_regular])
    return concat(regular), concat(adjustments)


def _codes(state: TayssirYear, period: str | None) -> list[str]:
    """The period summarised, or every period of the year."""
    return [period] if period else list(state.periods["code"])


def transfers_of(months: pd.DataFrame, adjustments: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Per household and period, from a summary's regular lines and adjustments (each period's lines, regular then
    adjustments, as `TayssirYear.lines` gives them)."""
    frames = []
    for code in codes:
        regular = months[(months["period"] == code).to_numpy()]
        adjusted = adjustments[(adjustments["period"] == code).to_numpy()]
        lines = concat([regular, adjusted]) if len(adjusted) else regular
        frames.append(logic.household_transfers(lines, code))
    return pd.concat(frames, ignore_index=True)


def with_households(connection: Connection, summary: TayssirSummary, fresh: TayssirYear) -> TayssirSummary:
    """The summary after a write about some households, `fresh` being their year computed for them alone (in the
    summary's scope): only their lines (and transfers, when computed) are computed again (a desk's dashboard after
    an absence or a complaint)."""
    households = fresh.programme["guardian_cin"].unique()
    state = summary.state.with_households(fresh)
    months, adjustments = summarise_lines(fresh, summary.period)
    figures = TayssirSummary(
        state, summary.period, _replaced(summary.months, households, months),
        _replaced(summary.adjustments, households, adjustments),
        complaints_in_scope(read_complaints(connection), state, summary.period))
    if summary._transfers is not None:
        part = transfers_of(months, adjustments, _codes(fresh, summary.period))
        figures._transfers = _replaced(summary._transfers, households, part).sort_values(
            ["period", "guardian_cin"], kind="stable").reset_index(drop=True)
    return figures


def after_write(connection: Connection, summary: TayssirSummary, fresh: YearInputs) -> TayssirSummary:
    """The summary after a write about some households, `fresh` being their inputs read for them alone: the same
    summary when none of them has a registered pupil in its scope, else with theirs computed again."""
    inside = fresh.narrow(summary.state.scope)
    return summary if inside.programme.empty else with_households(connection, summary, inside.compute())


def _replaced(frame: pd.DataFrame, households: np.ndarray, rows: pd.DataFrame) -> pd.DataFrame:
    """The frame's rows of other households, then `rows`. The few rows dropped split the frame into runs, joined in
    one copy (a large province's lines were copied twice, by the filter and by the join: a tenth of a second)."""
    dropped = np.flatnonzero(frame["guardian_cin"].isin(households).to_numpy())
    bounds = np.concatenate([[-1], dropped, [len(frame)]])
    runs = [frame.iloc[start + 1:stop] for start, stop in zip(bounds[:-1], bounds[1:]) if stop > start + 1]
    return concat([*runs, rows]) if runs or len(rows) else frame.iloc[:0].reset_index(drop=True)


def read_complaints(connection: Connection) -> pd.DataFrame:
    """Every complaint of the store, with its guardian (`complaints_in_scope` keeps a scope's)."""
    return analytics.read_sql(select(Complaint.id, Complaint.guardian_cin, Complaint.kind, Complaint.state,
                              Complaint.filed_on, Complaint.resolved_on, Complaint.period_code), connection)


def complaints_in_scope(complaints: pd.DataFrame, state: TayssirYear, period: str | None,
                        guardians: pd.Series | None = None) -> pd.DataFrame:
    """The complaints of the scope's households (`guardians`: those of its registered pupils, when known) about the
    period (or about none), without the guardian."""
    if guardians is None:  # the scope's own rows of the programme: `in_scope` without matching the codes again
        guardians = state.scope.keep(state.programme)["guardian_cin"]
    complaints = complaints[complaints["guardian_cin"].isin(guardians)]
    if period:
        complaints = complaints[complaints["period_code"].isna() | (complaints["period_code"] == period)]
    return complaints.drop(columns="guardian_cin")
