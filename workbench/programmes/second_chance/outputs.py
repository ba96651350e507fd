"""The files of the second-chance campaign and the labels of its tables: e2c_indicators.csv (a contract for other
tools), and one visit workbook per province (a sheet per centre, ready to fill during the committee's visit).
Neither holds personal data: learners and staff appear only as counts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from workbench import catalogue
from workbench.catalogue import Label, headers, text
from workbench.excel import Sheet, write_workbook
from workbench.exports import write_csv
from workbench.programmes.second_chance.campaign import SecondChanceResult
from workbench.programmes.second_chance.logic import INDICATOR_COLUMNS
from workbench.programmes.second_chance.models import OUTCOMES, ROLES, STAGES, VISIT_CHECKS
from workbench.report import headed

NS = "second_chance"
INDICATORS_CSV = "e2c_indicators.csv"
CENTRE_HEADERS = headers(NS, "centre_code", "centre_name", "province_fr", "learners", "girls", "boys",
                         "aged_13_18_pct", "qualification", "pre_vocational", "follow_up", "left", "integrated",
                         "integration_rate_pct", "staff", "learners_per_educator", "completeness_pct")
PROVINCE_HEADERS = headers(NS, "province_code", "province_fr", "province_ar", "centres", "learners", "girls", "boys",
                           "aged_13_18_pct", "left", "integrated", "integration_rate_pct", "staff",
                           "learners_per_educator", "completeness_pct")
REGION_HEADERS = headers(NS, "region_fr", "region_ar", "centres", "learners", "girls", "boys", "aged_13_18_pct", "left",
                         "integrated", "integration_rate_pct", "staff", "learners_per_educator", "completeness_pct")
PLAN_HEADERS = headers(NS, "province_code", "province_fr", "province_ar", "centres_planned", "centres_opened",
                       "centres_achieved_pct", "learners_planned", "learners_enrolled", "learners_achieved_pct")
RANKING_HEADERS = headers(NS, "centre_code", "centre_name", "province_fr", "completeness_pct", "missing_fr",
                          "missing_ar")
OUTCOME_HEADERS = headers(NS, "centre_code", "centre_name", *(f"outcome.{o}" for o in (*OUTCOMES, "unknown")),
                          "integration_rate_pct")
ROLE_HEADERS = headers(NS, "centre_code", "centre_name", *(f"role.{r}" for r in (*ROLES, "unknown")),
                       "learners_per_educator")
SEX_STAGE_HEADERS = headers(NS, "stage_label", ("F", f"{NS}.girls"), ("M", f"{NS}.boys"),
                            ("unknown", f"{NS}.sex_unknown"))
KEY_FIGURES = headers(NS, "centres", "learners", "girls", "aged_13_18_pct", "integration_rate_pct",
                      "learners_per_educator", "completeness_pct")
WORKSHEET_HEADERS = headers(NS, "visit.item", "visit.recorded", "visit.observed", "visit.comment")
# What the committee checks on site (seed 004: premises, equipment, trades, learners, staff, plan, tracking data):
# models.VISIT_CHECKS, the items of a visit's findings.
VISIT_HEADERS = headers(NS, "centre_code", "centre_name", "visited_on", "item_label", "observed", "comment")


def label(key: str) -> Label:
    return text(f"{NS}.{key}")


def word(kind: str, value: object, lang: str | None = None) -> str:
    """A stage, outcome or role in words: in one language, or 'French / Arabic' for the visit workbooks; an empty
    value is 'not recorded'."""
    found = label("not_recorded" if value is None or (not isinstance(value, str) and pd.isna(value))
                  else f"{kind}.{value}")
    return found.of(lang) if lang else found.both()


def centre_names(centres: pd.DataFrame) -> pd.Series:
    """A centre's name as the lists show it: French, else Arabic."""
    return centres["name_fr"].fillna(centres["name_ar"])


def named(frame: pd.DataFrame, result: SecondChanceResult) -> pd.DataFrame:
    """A frame keyed by centre with the centre's name and province added."""
    info = result.centres[["centre_code", "province_fr"]].assign(centre_name=centre_names(result.centres))
    return info[["centre_code", *(c for c in info if c not in frame)]].merge(frame, on="centre_code", how="right")


def completeness_ranking(result: SecondChanceResult) -> pd.DataFrame:
    """Centres from the least to the most complete, each with its missing fields named (a learner's or a staff
    member's field with how many times it is missing)."""
    missing = result.missing()
    names = missing["part"] + "." + missing["field"]
    times = missing["missing"].astype(str).radd(" ×").where(missing["part"] != "centre", "")
    missing = missing.assign(missing_fr=names.map(lambda k: label(f"field.{k}").fr) + times,
                             missing_ar=names.map(lambda k: label(f"field.{k}").ar) + times)
    joined = missing.groupby("centre_code", as_index=False).agg(
        missing_fr=("missing_fr", lambda fields: catalogue.joined(fields, "fr", "list.semicolon")),
        missing_ar=("missing_ar", lambda fields: catalogue.joined(fields, "ar", "list.semicolon")))
    frame = named(result.indicators[["centre_code", "completeness_pct"]], result).merge(joined, on="centre_code",
                                                                                      how="left")
    return frame.fillna({"missing_fr": "", "missing_ar": ""}).sort_values(["completeness_pct", "centre_code"])


def outcomes_table(result: SecondChanceResult) -> pd.DataFrame:
    counted = result.outcomes().add_prefix("outcome.").reset_index()
    frame = named(result.indicators[["centre_code", "integration_rate_pct"]], result).merge(
        counted, on="centre_code", how="left")
    return frame.fillna({c: 0 for c in counted.columns if c != "centre_code"})


def roles_table(result: SecondChanceResult) -> pd.DataFrame:
    counted = result.staff_roles().add_prefix("role.").reset_index()
    frame = named(result.indicators[["centre_code", "learners_per_educator"]], result).merge(
        counted, on="centre_code", how="left")
    return frame.fillna({c: 0 for c in counted.columns if c != "centre_code"})


def sex_and_stage_table(result: SecondChanceResult) -> pd.DataFrame:
    frame = result.sex_and_stage()
    return frame.assign(stage_label=frame["stage"].map(lambda s: word("stage", None if s == "unknown" else s)))


def indicator_table(result: SecondChanceResult) -> pd.DataFrame:
    return named(result.indicators, result)


def approval_note(result: SecondChanceResult):
    """The report's statement of how many centres' data the provinces approved, and whether only theirs counts."""
    from workbench import report

    approved = int((result.validations["state"] == "approved").sum())
    key = "report.approved_only" if result.scope.approved else "report.approval"
    return report.note(*label(key).format(approved=approved, centres=len(result.validations)))


def write_indicators_csv(result: SecondChanceResult, out_dir: Path) -> Path:
    """e2c_indicators.csv: exactly the contract's columns, percentages and ratios with one decimal."""
    path = Path(out_dir) / INDICATORS_CSV
    write_csv(result.indicators[INDICATOR_COLUMNS], path)
    return path


def _shown(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return str(value.date())
    if isinstance(value, bool | np.bool_):
        return label("yes" if value else "no").both()
    return value


def visit_sheet(result: SecondChanceResult, centre_code: str) -> pd.DataFrame:
    """A centre's visit sheet: what is recorded (the centre's row, its figures and its missing fields), then the
    committee's checks, each with a column for what is observed and one for comments."""
    centre = result.centres.set_index("centre_code").loc[centre_code]
    figures = result.indicators.set_index("centre_code").loc[centre_code]
    ranking = completeness_ranking(result).set_index("centre_code").loc[centre_code]
    recorded = [(f"field.centre.{f}", centre[f]) for f in ("name_fr", "name_ar", "association", "agreement_start",
                                                             "agreement_end", "capacity", "trades", "has_workshop",
                                                             "has_computer_room")]
    recorded.insert(5, ("opened_on", centre["opened_on"]))
    recorded += [(key, figures[key]) for key in ("learners", "girls", "boys", *STAGES, "left", "integrated",
                                                "integration_rate_pct", "staff", "learners_per_educator",
                                                "completeness_pct")]
    recorded.append(("app.missing", f"{ranking['missing_fr']} / {ranking['missing_ar']}".strip(" /")))
    # The year and the day of the visit first: the workbook imports back (`e2c-visit`) with them.
    rows = [{"visit.item": label("visit.year").both(), "visit.recorded": result.year},
            {"visit.item": label("visit.date").both(), "visit.recorded": ""}]
    rows += [{"visit.item": label(key).both(), "visit.recorded": _shown(value)} for key, value in recorded]
    rows += [{"visit.item": label(f"visit.check.{check}").both(), "visit.recorded": ""} for check in VISIT_CHECKS]
    frame = pd.DataFrame(rows).assign(**{"visit.observed": "", "visit.comment": ""})
    return headed(frame, WORKSHEET_HEADERS)


def write_visit_workbooks(result: SecondChanceResult, out_dir: Path) -> list[Path]:
    """One workbook per province, e2c_visit_<province code>.xlsx, with one sheet per centre (its code)."""
    written = []
    for province, centres in result.centres.groupby("province_code", sort=True):
        path = Path(out_dir) / f"e2c_visit_{province}.xlsx"
        write_workbook(path, [Sheet(str(code), visit_sheet(result, code)) for code in centres["centre_code"]],
                       width=34)
        written.append(path)
    return written


def write_outputs(result: SecondChanceResult, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    return [write_indicators_csv(result, out_dir), *write_visit_workbooks(result, out_dir)]


def visits_table(result: SecondChanceResult) -> pd.DataFrame:
    """The visits' findings by centre (imported back from the visit workbooks): the day, each check in words, what
    the committee observed and its comments."""
    frame = result.visits
    order = {check: number for number, check in enumerate(VISIT_CHECKS)}
    frame = frame.assign(item_label=frame["item"].map(lambda c: label(f"visit.check.{c}").both()),
                         _order=frame["item"].map(order), visited_on=pd.to_datetime(frame["visited_on"]).dt.date)
    frame = named(frame.sort_values(["centre_code", "_order"]), result)
    return frame.fillna({"observed": "", "comment": ""})
