"""Imports of Tayssir: registered households, the payment agent's reconciliation file, complaints."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench.bulk import insert_frame, upsert_frame
from workbench.catalogue import text
from workbench.exceptions import Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind
from workbench.imports.table import row_problems, unknown_code_problems
from workbench.models import Enrolment
from workbench.programmes.tayssir import logic, queries
from workbench.programmes.tayssir.models import (
    Complaint,
    TayssirCommune,
    TayssirEnrolment,
    TayssirPayment,
    TayssirPeriod,
)

MASSAR = f.MASSAR
GUARDIAN = f.GUARDIAN_CIN
PERIOD = c.Column("period", c.text(16), aliases=("période", "periode", "الفترة"))
# The column Tayssir adds to the core communes import (`PROGRAMME.import_columns`): whether the programme targets
# the commune, stored in its own table by `store_commune_targeting`.
TARGETED = c.Column("tayssir_targeted", c.flag(), required=False, default=False,
                    aliases=("ciblée tayssir", "tayssir", "مستهدفة تيسير"),
                    stored_by="workbench.programmes.tayssir.imports:store_commune_targeting")
COMMUNE_COLUMNS = (TARGETED,)
COMPLAINT_KIND = {"missing_payment": "missing_payment", "wrong_amount": "wrong_amount", "eligibility": "eligibility",
                  "other": "other", "paiement manquant": "missing_payment", "montant erroné": "wrong_amount",
                  "éligibilité": "eligibility", "autre": "other"}


def store_commune_targeting(connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
    """A communes file's targeting column, one row per commune of the file (through the bulk writer, which reports
    the rows to the import's guarded write), once the communes themselves are written."""
    rows = pd.DataFrame({"commune_code": frame["commune_code"],
                         "targeted": frame["tayssir_targeted"].eq(True).to_numpy()})
    return {"tayssir_communes": upsert_frame(connection, TayssirCommune.__table__, rows, ["commune_code"])}


class TayssirEnrolmentsImport(ImportKind):
    dataset = "tayssir"
    spec = c.TableSpec(
        kind="tayssir-enrolments",
        key=("year", "massar_code"),
        columns=(
            f.YEAR,
            GUARDIAN, MASSAR,
            c.Column("enrolled_on", c.date(), aliases=("date d'inscription", "تاريخ التسجيل")),
            c.Column("ramed_or_rsu", c.flag(), required=False, default=False, aliases=("ramed", "rsu", "راميد")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        enrolled = pd.read_sql(select(Enrolment.massar_code, Enrolment.year).where(
            Enrolment.massar_code.in_(frame["massar_code"].dropna().unique().tolist())), connection)
        merged = frame.merge(enrolled.assign(found=True), on=["massar_code", "year"], how="left")
        return row_problems(merged[merged["found"].isna()], file, "massar_code",
                            text("tayssir.problem.not_enrolled"))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[["year", "massar_code", "guardian_cin", "enrolled_on", "ramed_or_rsu"]].astype(
            {"ramed_or_rsu": bool})
        return {"tayssir_enrolments": upsert_frame(connection, TayssirEnrolment.__table__, rows,
                                                   ["year", "massar_code"])}


class TayssirPaymentsImport(ImportKind):
    spec = c.TableSpec(
        kind="tayssir-payments",
        key=("guardian_cin", "period"),
        columns=(
            GUARDIAN, PERIOD,
            c.Column("amount_mad", c.number(0, 100_000, integer=True), aliases=("montant", "المبلغ")),
            c.Column("status", c.choice({"paid": "paid", "unpaid": "unpaid", "payé": "paid", "non payé": "unpaid",
                                         "مؤدى": "paid", "غير مؤدى": "unpaid"}, text("tayssir.what.payment_status")),
                     aliases=("statut", "الحالة")),
            c.Column("paid_on", c.date(), required=False, aliases=("date de paiement", "تاريخ الأداء")),
            c.Column("receipt", c.text(40), required=False, aliases=("reçu", "recu", "الوصل")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        periods = pd.read_sql(select(TayssirPeriod.code, TayssirPeriod.year, TayssirPeriod.issued_on), connection)
        problems = unknown_code_problems(frame, "period", set(periods["code"]), file,
                                         text("tayssir.what.period"))
        not_issued = frame.merge(periods[periods["issued_on"].isna()], left_on="period", right_on="code")
        problems += row_problems(not_issued, file, "period",
                                 text("tayssir.problem.not_issued"))
        issued = list(periods.loc[periods["issued_on"].notna(), "code"])
        # Only the file's households are read: an issued period's lines are stored, never recomputed.
        stored = queries.issued_lines_of(connection, issued, frame["guardian_cin"].dropna().unique().tolist())
        lists = pd.concat([logic.household_transfers(stored[stored["period_code"] == code], code) for code in issued]
                          or [pd.DataFrame(columns=["guardian_cin", "period", "amount_mad"])])
        merged = frame.merge(lists[["guardian_cin", "period", "amount_mad"]].rename(columns={"amount_mad": "issued"}),
                             on=["guardian_cin", "period"], how="left")
        merged = merged[merged["period"].isin(issued)]
        problems += row_problems(merged[merged["issued"].isna()], file, "guardian_cin",
                                 text("tayssir.problem.no_transfer"))
        wrong = merged[merged["issued"].notna() & (merged["amount_mad"] != merged["issued"])]
        problems += row_problems(wrong, file, "amount_mad",
                                 lambda r: text("tayssir.problem.amount_differs", issued=int(r["issued"])))
        return problems

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame.rename(columns={"period": "period_code"})[
            ["period_code", "guardian_cin", "amount_mad", "status", "paid_on", "receipt"]].astype(
            {"amount_mad": "int64"})
        return {"tayssir_payments": upsert_frame(connection, TayssirPayment.__table__, rows,
                                                 ["period_code", "guardian_cin"])}


class ComplaintsImport(ImportKind):
    spec = c.TableSpec(
        kind="complaints",
        key=("guardian_cin", "massar_code", "period", "kind", "filed_on"),
        columns=(
            GUARDIAN,
            f.optional(f.MASSAR),
            c.Column("period", c.text(16), required=False, aliases=("période", "الفترة")),
            c.Column("kind", c.choice(COMPLAINT_KIND, text("tayssir.what.complaint_kind")),
                     aliases=("type", "نوع الشكاية")),
            c.Column("channel", c.text(40), required=False, aliases=("canal", "القناة")),
            c.Column("filed_on", c.date(), aliases=("date", "date de dépôt", "تاريخ الإيداع")),
            c.Column("text", c.text(4000), required=False, aliases=("objet", "texte", "الموضوع")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        periods = set(connection.scalars(select(TayssirPeriod.code)))
        known = set(connection.scalars(select(TayssirEnrolment.guardian_cin).distinct().where(
            TayssirEnrolment.guardian_cin.in_(frame["guardian_cin"].dropna().unique().tolist()))))
        return (unknown_code_problems(frame, "period", periods, file, text("tayssir.what.period"))
                + unknown_code_problems(frame, "guardian_cin", known, file, text("tayssir.what.household")))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        # A complaint already filed (same guardian, pupil, period, kind and day) is not filed twice.
        existing = pd.read_sql(select(Complaint.guardian_cin, Complaint.massar_code, Complaint.period_code,
                                      Complaint.kind, Complaint.filed_on), connection)
        rows = frame.rename(columns={"period": "period_code"})[
            ["guardian_cin", "massar_code", "period_code", "kind", "channel", "filed_on", "text"]].assign(state="new")
        if not existing.empty:
            key = ["guardian_cin", "massar_code", "period_code", "kind", "filed_on"]
            existing["filed_on"] = pd.to_datetime(existing["filed_on"])
            marked = rows.astype({"massar_code": object, "period_code": object}).merge(
                existing.astype({"massar_code": object, "period_code": object}), on=key, how="left", indicator=True)
            rows = rows[(marked["_merge"] == "left_only").to_numpy()]
        return {"complaints": insert_frame(connection, Complaint.__table__, rows)}
