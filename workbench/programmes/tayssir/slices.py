"""A scope's Tayssir summary computed once and cut into the summaries of the scopes inside it (the desk's
provinces). Each household-month is decided on its own household, so a province's lines are the whole scope's lines
of its pupils: cutting takes rows by position, where computing a province on its own passes over the whole scope's
programme again (a second for a large province of a region of 1,000,000 pupils)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from workbench.programmes.tayssir import summary
from workbench.programmes.tayssir.numbering import positions
from workbench.programmes.tayssir.periods import TayssirYear
from workbench.scope import Scope

PLACE = ["region_code", "province_code", "school_code"]


@dataclass(frozen=True)
class SummarySlices:
    whole: summary.TayssirSummary  # its regular lines in the order of their pupils' places: a place's are together
    complaints: pd.DataFrame  # every complaint of the store, with its guardian (`summary.read_complaints`)
    pupils: pd.Index  # the programme's pupils, numbered
    programme_pupils: np.ndarray  # the number of each programme row's pupil
    programme_households: np.ndarray  # ... and of its household
    line_pupils: np.ndarray  # the number of each regular line's pupil (-1: not in the programme)
    line_households: np.ndarray  # each regular line's household, numbered among the lines' own (-1: none)
    adjustment_pupils: np.ndarray
    issued_households: np.ndarray  # the household of each issued line, numbered as the programme's

    @classmethod
    def of(cls, connection: Connection, state: TayssirYear, period: str | None = None) -> SummarySlices:
        """The summary of `state`'s scope, numbered to be cut (seconds at region scale: done once, in the
        background)."""
        programme = state.programme.sort_values([c for c in PLACE if c in state.programme], kind="stable")
        state = replace(state, programme=programme.reset_index(drop=True))
        months, adjustments = summary.summarise_lines(state, period)
        pupils = pd.Index(pd.unique(state.programme["massar_code"].astype(object)))
        line_pupils = positions(pupils, months["massar_code"])
        order = np.argsort(np.where(line_pupils >= 0, line_pupils, len(pupils)), kind="stable")
        months, line_pupils = months.take(order).reset_index(drop=True), line_pupils[order]
        households = pd.Index(pd.unique(state.programme["guardian_cin"].dropna().astype(object)))
        complaints = summary.read_complaints(connection)
        whole = summary.TayssirSummary(state, period, months, adjustments,
                                       summary.complaints_in_scope(complaints, state, period))
        return cls(whole, complaints, pupils, positions(pupils, state.programme["massar_code"]),
                   positions(households, state.programme["guardian_cin"]), line_pupils,
                   pd.factorize(months["guardian_cin"])[0], positions(pupils, adjustments["massar_code"]),
                   positions(households, state.issued["guardian_cin"]))

    def cut(self, scope: Scope) -> summary.TayssirSummary:
        """The summary of a scope inside the whole one: the same figures as `summary.summarise` on that scope's
        year computed alone (`YearInputs.narrow(scope).compute()`). Its year holds no pupil-months (a dashboard
        never computes lines again from its year; `TayssirYear.lines` refuses any period not issued)."""
        state = self.whole.state
        inside = scope.keep(state.programme).index.to_numpy()  # the scope's registered pupils (programme rows)
        pupil_inside = _marks(len(self.pupils), self.programme_pupils[inside])
        household_inside = _marks(_size(self.programme_households), self.programme_households[inside])
        # The households with a pupil inside, all their pupils (as `YearInputs.narrow`).
        narrowed = replace(
            state, scope=scope, months=state.months.iloc[:0], computed=(),
            programme=_rows(state.programme, _at(household_inside, self.programme_households)),
            issued=_rows(state.issued, _at(household_inside, self.issued_households)))
        kept = _at(pupil_inside, self.line_pupils)
        adjustments = _rows(self.whole.adjustments, _at(pupil_inside, self.adjustment_pupils))
        figures = summary.TayssirSummary(narrowed, self.whole.period, _rows(self.whole.months, kept), adjustments,
                                         summary.complaints_in_scope(self.complaints, narrowed, self.whole.period,
                                                                     state.programme["guardian_cin"].iloc[inside]))
        # The key figures from the whole one's numberings, instead of hashing the cut's codes again.
        households = self.line_households[kept]
        figures._pupil_numbers = _renumbered(self.line_pupils[kept], self.pupils)
        figures._household_count = _distinct(households)
        figures._amount = int(self.whole.months["amount_mad"].to_numpy()[kept][households >= 0].sum()) + \
            summary.paid_to_households(adjustments)
        return figures


def _size(numbers: np.ndarray) -> int:
    """How many numbers a numbering uses (0..n-1)."""
    return int(numbers.max(initial=-1)) + 1


def _distinct(numbers: np.ndarray) -> int:
    """How many distinct numbers (not -1) there are."""
    return int(np.count_nonzero(_marks(_size(numbers), numbers)))


def _marks(size: int, numbers: np.ndarray) -> np.ndarray:
    marks = np.zeros(size, dtype=bool)
    marks[numbers[numbers >= 0]] = True
    return marks


def _at(marks: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """Where a row's number is marked (-1, unnumbered, never is)."""
    return (numbers >= 0) & marks[np.maximum(numbers, 0)] if len(marks) else np.zeros(len(numbers), dtype=bool)


def _rows(frame: pd.DataFrame, kept: np.ndarray) -> pd.DataFrame:
    """The kept rows, renumbered; a run of rows (a place's lines) is taken as a view, without copying."""
    at = np.flatnonzero(kept)
    if len(at) and at[-1] - at[0] + 1 == len(at):
        return frame.iloc[at[0]:at[-1] + 1].reset_index(drop=True)
    return frame.iloc[at].reset_index(drop=True)


def _renumbered(numbers: np.ndarray, index: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """Numbers into `index` made 0..k-1 over those present, with the codes they stand for (`TayssirSummary._pupils`)."""
    present = _marks(len(index), numbers)
    return (np.cumsum(present) - 1)[numbers], index[present]
