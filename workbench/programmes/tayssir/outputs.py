"""Tayssir files: the two CSV contracts and the payment agent's list, one sheet per province."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, select

from workbench import analytics
from workbench.catalogue import Label, headers, text
from workbench.excel import Sheet, write_workbook
from workbench.exports import write_csv
from workbench.models import Guardian
from workbench.programmes.tayssir import periods
from workbench.programmes.tayssir.models import TayssirEnrolment
from workbench.programmes.tayssir.summary import TayssirSummary
from workbench.report import headed

PUPIL_MONTHS_CSV = "tayssir_pupil_months.csv"
TRANSFERS_CSV = "tayssir_transfers.csv"
PAYMENT_LIST = "tayssir_payment_list.xlsx"
PAYMENT_HEADERS = headers("tayssir", "guardian_cin", "full_name", "phone", "period", "pupils_paid", "months_withheld",
                          "amount_mad")


KEY_FIGURES = headers("tayssir", ("registered", "tayssir.key_figures.registered"),
                      ("households", "tayssir.key_figures.households"),
                      ("beneficiaries", "tayssir.key_figures.beneficiaries"),
                      ("paid_months", "tayssir.key_figures.paid_months"),
                      ("withheld_months", "tayssir.key_figures.withheld_months"), "capped_months", "amount_mad",
                      ("open_complaints", "tayssir.key_figures.open_complaints"))


def key_figures(household_cap: int) -> dict[str, Label]:
    """The report's cards; the capped months are named with the stored household cap."""
    return {**KEY_FIGURES, "capped_months": text("tayssir.capped_months", cap=household_cap)}


BENEFICIARY_HEADERS = headers("tayssir", "province_fr", "province_ar", "level_code", "sex", "beneficiaries",
                              ("amount_mad", "tayssir.beneficiary.amount_mad"), "withheld_months")
PROVINCE_HEADERS = {k: BENEFICIARY_HEADERS[k] for k in ("province_fr", "province_ar", "beneficiaries", "amount_mad",
                                                        "withheld_months")}
LEVEL_SEX_HEADERS = headers("tayssir", ("level_fr", "level_code"), ("level_ar", "level_code"),
                            "girls", "boys", "beneficiaries",
                            ("amount_mad", "tayssir.beneficiary.amount_mad"), "withheld_months")
COMPLAINT_HEADERS = headers("tayssir", "kind", "state", "complaints", "median_days_to_resolve")
def method(household_cap: int, count_justified: bool) -> Label:
    """The report's statement of the rules, from the year's stored settings (never from constants)."""
    justified = text("tayssir.justified_counted" if count_justified else "tayssir.justified_excluded")
    french, arabic = text("tayssir.method")
    return Label(french.format(cap=household_cap, justified=justified.fr),
                 arabic.format(cap=household_cap, justified=justified.ar))


def write_csvs(figures: TayssirSummary, out_dir: Path) -> list[Path]:
    """The pupil-months and the transfers of the summary's period (or year), from its lines (computed once)."""
    out_dir = Path(out_dir)
    months = out_dir / PUPIL_MONTHS_CSV
    write_csv(periods.pupil_month_rows(figures.months), months)
    transfers = out_dir / TRANSFERS_CSV
    write_csv(figures.transfers, transfers)
    return [months, transfers]


def write_payment_list(connection: Connection, figures: TayssirSummary, target) -> None:
    """The payment agent's list for a period: one sheet per province of the household's first child."""
    write_workbook(target, payment_sheets(connection, figures))


def payment_names(year: str):
    """The query of the payment list's names and phones: the guardians registered in the year's programme."""
    registered = select(TayssirEnrolment.guardian_cin).where(TayssirEnrolment.year == year)
    return select(Guardian.cin.label("guardian_cin"), Guardian.full_name, Guardian.phone).where(
        Guardian.cin.in_(registered))


def payment_sheets(connection: Connection, figures: TayssirSummary, names: pd.DataFrame | None = None) -> list[Sheet]:
    """The payment list's sheets of a period's summary (the guardians' names read from the store here, unless
    `names` gives `payment_names`' rows; writing the sheets reads nothing more)."""
    state, transfers = figures.state, figures.transfers
    transfers = transfers[(transfers["period"] == figures.period) & (transfers["amount_mad"] > 0)]
    if names is None:
        names = analytics.read_sql(payment_names(state.year), connection)
    programme = state.programme
    if not programme["massar_code"].is_monotonic_increasing:  # read in key order: sorting it again took 2 s
        programme = programme.sort_values("massar_code")
    province = programme.drop_duplicates("guardian_cin")[["guardian_cin", "province_code", "province_fr"]]
    lines = transfers.merge(names, on="guardian_cin", how="left").merge(province, on="guardian_cin", how="left")
    sheets = [Sheet(f"{code} {name}", headed(group, PAYMENT_HEADERS))
              for (code, name), group in lines.groupby(["province_code", "province_fr"])]
    return sheets or [Sheet("Liste", headed(pd.DataFrame(columns=list(PAYMENT_HEADERS)), PAYMENT_HEADERS))]

# Coded columns of the report's tables, read in words (catalogue prefixes of their values).
CODED = {"kind": "tayssir.complaint.kind", "state": "tayssir.complaint.state", "status": "tayssir.status"}
