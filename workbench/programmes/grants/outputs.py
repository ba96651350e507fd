"""Grant files: grant_list.csv (a contract), the changes since publication, and a committee workbook per province."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.catalogue import headers, in_words, text
from workbench.excel import Sheet
from workbench.exports import write_csv
from workbench.programmes.grants.compute import GrantLists

LIST_CSV = "grant_list.csv"
CHANGES_CSV = "grant_changes.csv"
TYPE_LABELS = headers("grants", ("boarding_full", "grants.grant_type.boarding_full"), ("boarding_half",
                      "grants.grant_type.boarding_half"), ("canteen", "grants.grant_type.canteen"),
                      ("lower_secondary", "grants.grant_type.lower_secondary"))
DECISION_LABELS = headers("grants.decision", "granted", "waiting_list", "not_granted", "ineligible")
# Coded columns of the reports' and the committee screen's tables, read in words (catalogue prefixes of values).
CODED = {"grant_type": "grants.grant_type", "published": "grants.decision", "now": "grants.decision",
         "decision": "grants.decision", "reason": "grants.reason"}
# The committee signs an Arabic list: its headers are the Arabic labels.
COMMITTEE_HEADERS = {column: label.ar for column, label in headers(
    "grants.committee", "rank", "massar_code", "last_name_ar", "first_name_ar", "school_code", "score", "distance_km",
    ("decision_ar", "grants.committee.decision")).items()}
SUMMARY_HEADERS = headers("grants", "province_fr", "province_ar", "grant_type", "places", "applicants", "eligible",
                          "granted", "waiting_list")
BUDGET_HEADERS = headers("grants", ("province_fr", "grants.budget.province_fr"), "grant_type", ("granted",
                         "grants.budget.granted"), "quarter_amount_mad", "quarter_cost_mad")
CHANGE_HEADERS = headers("grants", "province_code", "grant_type", "published", "now")
KEY_FIGURES = headers("grants", "places", "applicants", "eligible", ("granted", "grants.key_figures.granted"),
                      "waiting_list", "quarter_budget_mad", "changes")
GRANTED_BY_SEX_HEADERS = headers("grants", "grant_type", "sex", "granted")
GRANTED_BY_MILIEU_HEADERS = headers("grants", "grant_type", "milieu", "granted")
METHOD = text("grants.method")


RANKED_TITLES = headers("grants", ("rank", "grants.committee.rank"), ("massar_code", "grants.committee.massar_code"),
                        ("last_name_ar", "grants.committee.last_name_ar"),
                        ("first_name_ar", "grants.committee.first_name_ar"),
                        ("school_code", "grants.committee.school_code"), ("score", "grants.committee.score"),
                        ("decision", "grants.committee.decision"), ("reason", "grants.ranked.reason"),
                        ("distance_km", "grants.committee.distance_km"),
                        ("household_income_class", "grants.ranked.household_income_class"),
                        ("previous_average", "grants.ranked.previous_average"))


def ranked_for_screen(ranked: pd.DataFrame, lang: str = "ar") -> pd.DataFrame:
    """The committee's ranked list as its screen shows it: decisions and reasons in words, empty cells empty."""
    shown = in_words(ranked, CODED, lang)
    return shown.astype(object).where(shown.notna(), "")


def write_list(lists: GrantLists, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    grant_list, changes = out_dir / LIST_CSV, out_dir / CHANGES_CSV
    write_csv(lists.grant_list(), grant_list)
    write_csv(lists.changes(), changes)
    return [grant_list, changes]


# Who signs a committee's list, in order (`grants.committee.signatory.<key>`).
SIGNATURES = tuple(text(f"grants.committee.signatory.{key}") for key in ("chair", "province", "parents"))


def committee_workbooks(lists: GrantLists, names: pd.DataFrame, out_dir: Path) -> list[tuple[Path, list, dict]]:
    """The committees' workbooks to write: (path, sheets, write_workbook's options) per province."""
    frame = lists.in_scope().merge(names, on="massar_code", how="left")
    frame["decision_ar"] = frame["decision"].map({code: label.ar for code, label in DECISION_LABELS.items()})
    written = []
    for code, province in frame[frame["province_code"].notna()].groupby("province_code"):
        path = Path(out_dir) / f"committee_{code}.xlsx"
        sheets = [Sheet(TYPE_LABELS[grant_type][1],
                        rows.sort_values("rank", na_position="last")[list(COMMITTEE_HEADERS)]
                        .rename(columns=COMMITTEE_HEADERS),
                        title=text("grants.committee.title", grant_type=TYPE_LABELS[grant_type], year=lists.year,
                                   province=code).ar, header_row=2,
                        footer=[(1, text("grants.committee.signature", role=role).ar) for role in SIGNATURES])
                  for grant_type, rows in province.groupby("grant_type")]
        written.append((path, sheets, {"width": 18, "freeze_header": False}))  # the header is below the title
    return written
