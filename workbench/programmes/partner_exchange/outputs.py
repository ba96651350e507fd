"""Partner-exchange files: partner_answers.csv (the contract), an answer workbook per partner, and the managers'
report labels (statuses, methods and reasons in words; no name, CIN or code)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench import catalogue
from workbench.catalogue import Label, headers, text
from workbench.excel import Sheet, write_workbook
from workbench.exports import write_csv
from workbench.programmes.partner_exchange import logic
from workbench.programmes.partner_exchange.answers import PartnerAnswers
from workbench.programmes.partner_exchange.models import PARTNERS

ANSWERS_CSV = "partner_answers.csv"
FOLLOWUP_CSV = "partner_followup_{school}.csv"
NS = "partner_exchange"
STATUS_LABELS = headers(f"{NS}.status", *logic.STATUSES)
METHOD_LABELS = headers(f"{NS}.matched_on", *logic.METHODS, "none")
REASON_LABELS = headers(f"{NS}.reason", *logic.REASONS)
PARTNER_LABELS = headers(f"{NS}.partner", *PARTNERS)
KEY_FIGURES = headers(NS, *((k, f"{NS}.key_figures.{k}") for k in ("requests", "confirmed", "paper", "decided",
                                                                     "median_days")))
STATUS_HEADERS = headers(NS, "partner", "status", "requests")
PROVINCE_HEADERS = headers(NS, "province_fr", "province_ar", *((s, f"{NS}.status.{s}") for s in logic.STATUSES),
                           "requests")
METHOD_HEADERS = headers(NS, "partner", "matched_on", "requests")
REASON_HEADERS = headers(NS, "partner", "status", "reason", "requests")
TIME_HEADERS = headers(NS, "partner", "requests", "median_days", "longest_days")
METHOD = text(f"{NS}.method")
METHOD_TITLE = text(f"{NS}.report.title")
SECTIONS = {part: text(f"{NS}.section.{part}") for part in ("province", "method", "time")}


# Coded columns read in words (catalogue prefixes of their values): reports, workbooks and the desk.
CODED = {"partner": f"{NS}.partner", "status": f"{NS}.status", "matched_on": f"{NS}.matched_on",
         "reason": f"{NS}.reason"}


def in_words(frame: pd.DataFrame, language: str = "fr") -> pd.DataFrame:
    """Partners, statuses, methods and reasons as words of one language (the desk, workbooks), never as codes."""
    return catalogue.in_words(frame, CODED, language)


def write_answers(answers: PartnerAnswers, out_dir: Path) -> list[Path]:
    """partner_answers.csv (every visible request of the year, of the run's partner when given), then one workbook
    per partner: its answers as the contract has them, and a summary by status in French and Arabic."""
    out_dir = Path(out_dir)
    contract = answers.answer_file()
    target = out_dir / ANSWERS_CSV
    write_csv(contract, target)
    written = [target]
    for partner in answers.partners():
        rows = contract[contract["partner"] == partner]
        path = out_dir / f"partner_answers_{partner}.xlsx"
        counts = rows["status"].value_counts().reindex(list(logic.STATUSES), fill_value=0)
        summary = pd.DataFrame({STATUS_LABELS[s].both(): [int(counts[s])] for s in logic.STATUSES})
        write_workbook(path, [Sheet(text(f"{NS}.workbook.answers").fr, rows),
                              Sheet(text(f"{NS}.workbook.summary").fr, summary)],
                       right_to_left=False, width=16)  # the partner's systems read it: codes left to right
        written.append(path)
    return written


def write_followups(answers: PartnerAnswers, out_dir: Path) -> list[Path]:
    """partner_followup_<school>.csv for each school with a request to follow up (logic.followups): the requests
    whose family must bring a paper certificate, and what to bring, in Arabic and French; no child's data."""
    written = []
    for school, rows in answers.followup_files().items():
        path = Path(out_dir) / FOLLOWUP_CSV.format(school=school)
        write_csv(rows, path)
        written.append(path)
    return written


def followup_note(answers: PartnerAnswers) -> Label:
    """The report's count of the follow-up lists: requests a school must follow up, and how many schools (no code)."""
    frame = answers.followup
    return text(f"{NS}.followup.note", requests=frame[["partner", "request_id"]].drop_duplicates().shape[0],
                schools=frame["school_code"].nunique())
