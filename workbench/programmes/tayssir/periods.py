"""A Tayssir year for a scope: computed pupil-months, period lines (frozen once issued) and issuing."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, update

from workbench import analytics, calendar
from workbench.access.guard import guarded_write
from workbench.bulk import insert_frame
from workbench.catalogue import text
from workbench.db import require_schema
from workbench.exceptions import InputError
from workbench.programmes.data_entry import gate
from workbench.programmes.tayssir import logic, queries
from workbench.programmes.tayssir.models import TayssirLine, TayssirPeriod
from workbench.programmes.tayssir.numbering import among, concat, constant, positions
from workbench.scope import Scope

LINE_COLUMNS = ["massar_code", "guardian_cin", "month", "amount_mad", "status", "reason", "kind"]
LINE_KINDS = ("regular", "adjustment")


@dataclass
class TayssirYear:
    year: str
    scope: Scope
    programme: pd.DataFrame  # one row per registered pupil of the scope's households
    months: pd.DataFrame  # pupil-months as the rules compute them today
    periods: pd.DataFrame
    issued: pd.DataFrame  # every stored line of the year's issued periods
    household_cap: int = 3  # the stored settings the months were computed with (the report states them)
    count_justified: bool = False
    computed: tuple | None = None  # the month starts `months` covers (None: the whole year)
    # The scope's own pupils among the computed lines' pupil categories, kept for the programme and categories they
    # were marked on: each period's lines are filtered with them (marking 400,000 codes took 0.2 s a period).
    _own: tuple[pd.DataFrame, pd.Index, np.ndarray] | None = field(default=None, repr=False, compare=False)

    def with_households(self, fresh: TayssirYear) -> TayssirYear:
        """This year with the households of `fresh` (computed for those households only) put in place of its own
        rows: after a complaint or an absence, a dashboard follows without recomputing its whole scope."""
        households = fresh.programme["guardian_cin"].unique()
        keep = ~self.programme["guardian_cin"].isin(households)
        pupils = pd.Index(self.programme.loc[~keep, "massar_code"].astype(object))
        months = self.months[positions(pupils, self.months["massar_code"]) < 0]
        issued = self.issued[~self.issued["guardian_cin"].isin(households)]
        return replace(self, programme=concat([self.programme[keep], fresh.programme]),
                       months=concat([months, fresh.months]),
                       issued=pd.concat([issued, fresh.issued], ignore_index=True))

    def period(self, code: str) -> pd.Series:
        match = self.periods[self.periods["code"] == code]
        if match.empty:
            raise InputError(text("tayssir.error.unknown_period", period=code, year=self.year,
                                  known=", ".join(self.periods["code"])))
        return match.iloc[0]

    def in_scope(self, frame: pd.DataFrame, where: np.ndarray | None = None) -> pd.DataFrame:
        """Rows of the scope's own pupils (households reach outside it only for the cap), among the rows `where`
        marks when given: one copy of the rows kept (a large province's lines are a million rows)."""
        own = self._own_rows(frame)
        keep = own if where is None else where if own is None else own & where
        return frame if keep is None else frame[keep]

    def _own_rows(self, frame: pd.DataFrame) -> np.ndarray | None:
        """Which rows are the scope's own pupils' (None: all of them, the scope being the whole country)."""
        if self.scope.level == "all":
            return None
        codes = frame["massar_code"]
        if not isinstance(codes.dtype, pd.CategoricalDtype):  # stored lines, read as text
            return codes.isin(self.scope.keep(self.programme)["massar_code"]).to_numpy()
        own, categories = self._own, codes.cat.categories
        if own is None or own[0] is not self.programme or own[1] is not categories:
            marks = categories.isin(self.scope.keep(self.programme)["massar_code"])
            self._own = own = (self.programme, categories, np.append(marks, False))  # code -1: no pupil
        return own[2][codes.cat.codes.to_numpy()]

    def _months_of(self, period: pd.Series) -> pd.Series:
        month = pd.to_datetime(self.months["month"])
        return month.between(pd.Timestamp(period["first_month"]), pd.Timestamp(period["last_month"]))

    def lines(self, code: str) -> pd.DataFrame:
        """The period's lines: stored if issued; else the computed months plus, for the next period to issue,
        adjustments of months already issued."""
        period = self.period(code)
        if pd.notna(period["issued_on"]):
            stored = self.issued[self.issued["period_code"] == code]
            return self.in_scope(stored[LINE_COLUMNS].assign(month=pd.to_datetime(stored["month"])))
        if self.computed is not None and not set(_period_months(period)) <= set(self.computed):
            raise ValueError(f"the months of {code} were not computed")  # a state computed for another period
        regular = self.in_scope(self.months, self._months_of(period).to_numpy()).assign(
            kind=constant("regular", LINE_KINDS))[LINE_COLUMNS]
        if code != self.next_to_issue() or self.issued.empty:
            return regular
        issued = self.issued.assign(month=pd.to_datetime(self.issued["month"])).groupby(
            ["massar_code", "month"], as_index=False)["amount_mad"].sum()
        computed = self.months.assign(month=pd.to_datetime(self.months["month"]))
        adjusted = self.in_scope(logic.adjustments(computed, issued)).assign(kind=constant("adjustment", LINE_KINDS))
        return concat([regular, adjusted[LINE_COLUMNS]])

    def regular_lines(self, codes: list[str]) -> pd.DataFrame | None:
        """The lines of several periods with their period's code, in one pass over the computed months, pupil by
        pupil, when none of the year's periods is issued (then every line is a computed regular one); None
        otherwise, each period's `lines` being needed. Filtering each period, then joining them, copied a large
        province's million lines twice."""
        if self.computed is not None or not self.issued.empty or self.periods["issued_on"].notna().any():
            return None
        period_of = np.full(len(self.months), -1, dtype=np.int8)
        for number, code in enumerate(codes):
            period_of[self._months_of(self.period(code)).to_numpy()] = number
        rows = self.in_scope(self.months.assign(period=pd.Categorical.from_codes(period_of, codes, validate=False)),
                             period_of >= 0)
        return rows.assign(kind=constant("regular", LINE_KINDS))[[*LINE_COLUMNS, "period"]]

    def next_to_issue(self) -> str | None:
        return next_to_issue(self.periods)

    def transfers(self, code: str) -> pd.DataFrame:
        return logic.household_transfers(self.lines(code), code)

    def pupil_months(self, code: str | None = None) -> pd.DataFrame:
        """massar_code, month, amount_mad, status, reason: issued months as issued, the others as computed."""
        codes = [code] if code else list(self.periods["code"])
        frames = [self.lines(c).query("kind == 'regular'") for c in codes]
        return pupil_month_rows(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=LINE_COLUMNS))


def pupil_month_rows(regular: pd.DataFrame) -> pd.DataFrame:
    """The pupil-months CSV's rows from regular lines: massar_code, month (YYYY-MM), amount_mad, status, reason,
    in pupil and month order."""
    # Each of the year's ten months written once as text (a category), not once per pupil-month: 14 million
    # dates formatted one by one took a national run 10 s; its categories sort as the dates do.
    month = pd.Categorical(pd.to_datetime(regular["month"]))
    frame = regular.assign(month=month.rename_categories(month.categories.strftime("%Y-%m")),
                           reason=regular["reason"].fillna(""))
    return frame[["massar_code", "month", "amount_mad", "status", "reason"]].sort_values(
        ["massar_code", "month"]).reset_index(drop=True)


def resolve_period(year: str, period: str) -> str:
    """'P1', '1' or '2025-2026-P1' -> '2025-2026-P1'."""
    written = str(period).strip().upper()
    if written.startswith(year.upper()):
        return written
    return f"{year}-P{written.lstrip('P')}"


@dataclass
class YearInputs:
    """What a Tayssir year of a scope's households is computed from. An app reads it once for its user's whole
    scope, then computes each province it is asked for in memory (`narrow`, `compute`)."""

    year: str
    scope: Scope
    household_cap: int
    count_justified: bool
    programme: pd.DataFrame
    absences: pd.DataFrame
    overrides: pd.DataFrame
    periods: pd.DataFrame
    issued: pd.DataFrame

    def narrow(self, scope: Scope) -> YearInputs:
        """The inputs of a scope inside this one: the households with a registered pupil in it, all their pupils."""
        households = scope.keep(self.programme, school="school_code")["guardian_cin"]
        programme = self.programme[among(self.programme["guardian_cin"], households)]
        households = households.unique()
        return replace(self, scope=scope, programme=programme.reset_index(drop=True),
                       absences=self.absences[self.absences["massar_code"].isin(programme["massar_code"])],
                       issued=self.issued[self.issued["guardian_cin"].isin(households)])

    def with_households(self, fresh: YearInputs) -> YearInputs:
        """These inputs with the households of `fresh` (read for those households only, after a write about them)
        put in place of their own rows; the year's overrides and periods as `fresh` read them."""
        households = fresh.programme["guardian_cin"].unique()
        keep = ~self.programme["guardian_cin"].isin(households)
        pupils = self.programme.loc[~keep, "massar_code"]
        return replace(self, programme=concat([self.programme[keep], fresh.programme]),
                       absences=pd.concat([self.absences[~self.absences["massar_code"].isin(pupils)],
                                           fresh.absences], ignore_index=True),
                       issued=pd.concat([self.issued[~self.issued["guardian_cin"].isin(households)], fresh.issued],
                                        ignore_index=True),
                       overrides=fresh.overrides, periods=fresh.periods)

    def compute(self, period: str | None = None) -> TayssirYear:
        """Every pupil-month of the year; for a period, only the months its lines need (its own and, when it is the
        next to issue, those of the periods issued before, whose corrections it pays): each household-month is
        decided on its own, so those months come out the same, and a national run holds 14 million pupil-months
        instead of 35."""
        starts = calendar.month_starts(self.year)
        computed = None
        if period is not None:
            needed = set(self.months_needed(period))
            computed = tuple(month for month in starts if month in needed)
            starts = list(computed)
        months = logic.pupil_months(self.programme, self.absences, starts, self.household_cap, self.overrides)
        return TayssirYear(self.year, self.scope, self.programme, months, self.periods, self.issued,
                           self.household_cap, self.count_justified, computed)

    def months_needed(self, code: str) -> list:
        """The month starts a period's lines are computed from (none for a period already issued: stored)."""
        found = self.periods[self.periods["code"] == code]
        if found.empty or pd.notna(found.iloc[0]["issued_on"]):
            return []
        needed = _period_months(found.iloc[0])
        if code == next_to_issue(self.periods):  # its adjustments recompute the issued months
            for _, issued in self.periods[self.periods["issued_on"].notna()].iterrows():
                needed += _period_months(issued)
        return needed


def next_to_issue(periods: pd.DataFrame) -> str | None:
    """The first period of the year not issued yet (periods in their order)."""
    pending = periods[periods["issued_on"].isna()]
    return None if pending.empty else pending.iloc[0]["code"]


def _period_months(period: pd.Series) -> list:
    """The first days of a period's months."""
    return [month.date() for month in pd.date_range(pd.Timestamp(period["first_month"]),
                                                    pd.Timestamp(period["last_month"]), freq="MS")]


def read_inputs(connection: Connection, scope: Scope, year: str) -> YearInputs:
    """A large scope's inputs (an app's region), read column-wise: what `compute_year` reads, except that the
    absences and issued lines are the whole programme's (`narrow`, which every dashboard goes through, keeps those
    of a scope's households: filtering them here too took a tenth of a second for nothing). The absences are read
    on a second connection while this one reads the programme (the store's driver lets go of the interpreter
    while it reads, so the two reads share the machine's cores)."""
    cap, count_justified = queries.settings(connection, year)
    lowest = queries.lowest_absence_limit(connection, year)

    def absences() -> pd.DataFrame:
        with connection.engine.connect() as other, analytics.reading(other):
            return queries.absence_months(other, Scope(), year, count_justified, above=lowest)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tayssir-absences") as aside:
        absent = aside.submit(absences)
        programme = queries.programme_columns(connection, scope, year)
        issued = queries.issued_lines(connection, year)
        return YearInputs(year, scope, cap, count_justified, programme, absent.result(),
                          queries.overrides(connection, year), queries.periods(connection, year), issued)


def compute_year(connection: Connection, scope: Scope, year: str, households: list[str] | None = None,
                 period: str | None = None) -> TayssirYear:
    """The year for a scope, or for the given households only (a family looked up by CIN); with `period`, only
    the months that period's lines need (`YearInputs.compute`)."""
    return read_year(connection, scope, year, households).compute(period)


def read_year(connection: Connection, scope: Scope, year: str, households: list[str] | None = None) -> YearInputs:
    """What `compute_year` computes from."""
    cap, count_justified = queries.settings(connection, year)
    programme = queries.programme(connection, scope, year, households)
    absences = queries.absence_months(connection, scope, year, count_justified, households,
                                      above=queries.lowest_absence_limit(connection, year))
    known = queries.periods(connection, year)
    issued = queries.issued_lines(connection, year) if households is None else queries.issued_lines_of(
        connection, list(known.loc[known["issued_on"].notna(), "code"]), households)
    if scope.level != "all" and households is None:  # adjustments need only the lines of the scope's households
        issued = issued[issued["guardian_cin"].isin(programme["guardian_cin"].unique())]
    return YearInputs(year, scope, cap, count_justified, programme, absences, queries.overrides(connection, year),
                      known, issued)


def issue_period(engine: Engine, year: str, period: str, today: dt.date | None = None,
                 accept_incomplete: bool = False) -> dict[str, int]:
    """Freeze a period: store its lines (with adjustments of earlier periods) for the whole programme. Refused while
    schools have not entered the absence sheets of its months (late or not started as of today, data-entry
    completion): their pupils would look present and be paid; `accept_incomplete` issues it anyway, the schools
    kept in the audit trail."""
    require_schema(engine)
    code = resolve_period(year, period)
    with guarded_write(engine, "issue tayssir period", national=True) as write:
        connection = write.connection
        state = compute_year(connection, Scope(), year)
        row = state.period(code)
        if pd.notna(row["issued_on"]):
            raise InputError(text("tayssir.error.period_issued", period=code, on=row["issued_on"]))
        if code != state.next_to_issue():
            raise InputError(text("tayssir.error.period_order", first=state.next_to_issue(), period=code))
        behind = gate.incomplete_absences(connection, year, _period_months(row), gate.as_of_today(year, today))
        if not behind.empty:
            if not accept_incomplete:
                raise InputError(text("tayssir.error.incomplete_absences", period=code,
                                      count=behind["school_code"].nunique(), schools=incomplete_list(behind, 50)))
            write.change("tayssir_periods", {"code": code}, {"incomplete_schools": None},
                         {"incomplete_schools": incomplete_list(behind)})
        lines = state.lines(code).assign(period_code=code)
        insert_frame(connection, TayssirLine.__table__, lines)
        connection.execute(update(TayssirPeriod).where(TayssirPeriod.code == code).values(
            issued_on=today or dt.date.today()))
        write.change("tayssir_periods", {"code": code}, {"issued_on": None}, {"issued_on": today or dt.date.today()})
    return {"lines": len(lines), "households": lines["guardian_cin"].nunique(),
            "amount_mad": int(lines["amount_mad"].sum())}


def incomplete_list(behind: pd.DataFrame, limit: int | None = None) -> str:
    """'12345A (2025-10, 2025-11); 23456B (2025-12)': each school with the months whose sheets are missing (the
    first `limit` schools, then how many more)."""
    months = behind.sort_values(["school_code", "period"]).groupby("school_code", sort=True)["period"].agg(", ".join)
    shown = [f"{school} ({periods})" for school, periods in months.items()]
    more = len(shown) - limit if limit is not None and len(shown) > limit else 0
    return "; ".join(shown[:limit] if more else shown) + (f"; … (+{more})" if more else "")
