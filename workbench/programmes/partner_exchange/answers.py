"""A year's answers to the partners, as the rules and the operators' decisions give them today, for what a user may
see: an administrator the whole country's (national matching is an administrator's run); a region officer the
requests their region received, answered against the pupils schooled in their region that year only (a child schooled
elsewhere reads as not found for them, never named). Nobody else sees a partner's requests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection

from workbench.catalogue import text
from workbench.exceptions import InputError
from workbench.programmes.partner_exchange import logic, queries
from workbench.programmes.partner_exchange.models import PARTNERS
from workbench.scope import Scope

ROLES = ("administrator", "region_officer")


def check_partner(partner: str) -> str:
    """'cnss' -> 'CNSS'; empty stays empty (both partners); anything else is refused."""
    wanted = (partner or "").strip().upper()
    if wanted and wanted not in PARTNERS:
        raise InputError(text("partner_exchange.refused.partner").plus(f": '{partner}'."))
    return wanted


def check_scope(scope: Scope) -> None:
    """A partner's requests are answered for a region or the whole country, never for a province or a school."""
    if scope.level in ("province", "school"):
        raise InputError(text("partner_exchange.refused.scope"))


def visible(answers: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The requests a scope sees: all of them nationally; in a region, those it received."""
    check_scope(scope)
    if scope.level == "all":
        return answers
    return answers[answers["received_by"] == scope.region]


@dataclass
class PartnerAnswers:
    year: str
    partner: str  # empty: both partners
    scope: Scope
    answers: pd.DataFrame  # one row per visible request: logic.answer's columns, received_on, answered_on
    provinces: pd.DataFrame
    today: dt.date
    # The schools that must follow up the requests answered not_found or ambiguous (logic.followups).
    followup: pd.DataFrame = dataclasses.field(default_factory=lambda: pd.DataFrame(
        columns=[*logic.KEY, "status", "school_code"]))

    def answer_file(self) -> pd.DataFrame:
        return logic.answer_file(self.answers)

    def followup_files(self) -> dict[str, pd.DataFrame]:
        """Per school concerned, its follow-up list: partner, request_id, status and what the family should bring
        (Arabic and French), nothing about any child."""
        frame = self.followup.sort_values(["school_code", "partner", "request_id"])
        bring = {status: text(f"partner_exchange.followup.bring.{status}") for status in logic.OPEN_STATUSES}
        frame = frame.assign(bring_ar=frame["status"].map(lambda s: bring[s].ar),
                             bring_fr=frame["status"].map(lambda s: bring[s].fr))
        return {school: rows[logic.FOLLOWUP_COLUMNS].reset_index(drop=True)
                for school, rows in frame.groupby("school_code", sort=True)}

    def partners(self) -> list[str]:
        return sorted(self.answers["partner"].unique())

    def open_requests(self) -> pd.DataFrame:
        """The requests the rules left ambiguous or not found and no operator decided yet: the review desk's queue."""
        frame = self.answers
        return frame[frame["status"].isin(["ambiguous", "not_found"]) & ~frame["decided"]]

    def totals(self) -> dict[str, float]:
        frame = self.answers
        confirmed = frame["status"].isin(["enrolled", "left", "not_enrolled"])
        days = self._days()
        return {"requests": len(frame), "confirmed": int(confirmed.sum()), "paper": int((~confirmed).sum()),
                "decided": int(frame["decided"].sum()),
                "median_days": float(days.median()) if len(days) else float("nan")}

    def by_status(self) -> pd.DataFrame:
        """Requests by partner and status, every status shown (zero included)."""
        index = pd.MultiIndex.from_product([self.partners(), logic.STATUSES], names=["partner", "status"])
        counts = self.answers.groupby(["partner", "status"]).size().reindex(index, fill_value=0)
        return counts.rename("requests").reset_index()

    def by_province(self) -> pd.DataFrame:
        """Answers by province of the child's school this year and status, as columns (a child without a school
        this year, or not identified, under 'no school')."""
        frame = self.answers.merge(self.provinces, on="province_code", how="left")
        none = text("partner_exchange.province.none")
        frame["province_fr"] = frame["province_fr"].fillna(none.fr)
        frame["province_ar"] = frame["province_ar"].fillna(none.ar)
        table = frame.pivot_table(index=["province_fr", "province_ar"], columns="status", values="request_id",
                                  aggfunc="size", fill_value=0)
        table = table.reindex(columns=list(logic.STATUSES), fill_value=0)
        table["requests"] = table.sum(axis=1)
        table.columns.name = None
        return table.reset_index().sort_values("province_fr").reset_index(drop=True)

    def by_method(self) -> pd.DataFrame:
        frame = self.answers.assign(matched_on=self.answers["matched_on"].fillna("none"))
        return frame.groupby(["partner", "matched_on"]).size().rename("requests").reset_index()

    def reasons(self) -> pd.DataFrame:
        """Why requests were answered not found or ambiguous (or found only by an operator), by partner."""
        frame = self.answers[self.answers["status"].isin(["not_found", "ambiguous"]) | self.answers["decided"]]
        return frame.groupby(["partner", "status", "reason"]).size().rename("requests").reset_index()

    def _days(self) -> pd.Series:
        answered = self.answers["answered_on"].fillna(pd.Timestamp(self.today))
        return (answered - self.answers["received_on"]).dt.days

    def time_to_answer(self) -> pd.DataFrame:
        """Days from the list's arrival to the first answer file that carried the request, by partner (the requests
        this run answers for the first time count as answered today)."""
        frame = self.answers.assign(days=self._days())
        return frame.groupby("partner").agg(requests=("request_id", "size"), median_days=("days", "median"),
                                            longest_days=("days", "max")).reset_index()


def compute(connection: Connection, scope: Scope, year: str, partner: str = "",
            today: dt.date | None = None) -> PartnerAnswers:
    """Answer the requests of the year the scope sees (of one partner when given): nationally against the whole
    country's pupils; for a region, its own lists against its pupils of the year only (a decision naming a pupil
    outside them is left out: the request reads as the rules answer it there)."""
    partner = check_partner(partner)
    check_scope(scope)
    asked = queries.requests(connection, year, partner or None, scope)
    pupils, links, decisions = queries.pupils(connection, scope, year), queries.links(connection, year, scope), \
        queries.decisions(connection, year)
    if scope.level != "all" and not decisions.empty:
        named = decisions["massar_code"].notna()
        decisions = decisions[~named | decisions["massar_code"].isin(pupils["massar_code"].astype(object))]
    # only the pupils found need their enrolment read, and those a follow-up list may concern (the guardians'
    # children, the pupils an ambiguous request could be)
    found, tied = logic.match_candidates(asked, pupils, links)
    tied = pd.concat([asked.reset_index(drop=True).loc[tied["i"], logic.KEY].reset_index(drop=True),
                      tied["massar_code"].reset_index(drop=True)], axis=1)
    wanted = pd.concat([found["matched_code"], decisions["massar_code"], links["massar_code"], tied["massar_code"]],
                       ignore_index=True)
    enrolments = queries.enrolments(connection, year, wanted)
    answers = visible(logic.answer(asked, pupils, links, enrolments, decisions, matched=found),
                      scope).reset_index(drop=True)
    return PartnerAnswers(year, partner, scope, answers, queries.provinces(connection), today or dt.date.today(),
                          logic.followups(answers, tied, links, enrolments))
