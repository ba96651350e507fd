"""The `partner-requests` import: a list of children a partner (CNSS or CMR) asks about (formats.md, "Partner
exchange"). Only administrators and the region teams receive them; the region that imports a list is the one it
concerns."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select

from workbench.access.guard import Write
from workbench.bulk import upsert_frame
from workbench.catalogue import text
from workbench.codes import year_bounds
from workbench.exceptions import ImportRejected, InputError, Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind
from workbench.imports.table import row_problems
from workbench.programmes.partner_exchange.models import PARTNERS, PartnerRequest
from workbench.reference import ensure_years

ROLES = ("administrator", "region_officer")
OLDEST_YEARS = 30  # a birth date further back than this before the school year is a typing error
PARTNER = c.Column("partner", c.choice({**{p: p for p in PARTNERS}, "ضمان اجتماعي": "CNSS",
                                        "الصندوق الوطني للضمان الاجتماعي": "CNSS", "الصندوق المغربي للتقاعد": "CMR",
                                        "caisse marocaine des retraites": "CMR",
                                        "caisse nationale de sécurité sociale": "CNSS"},
                                       text("partner_exchange.what.partner")),
                   aliases=("partenaire", "organisme", "الشريك"))


class PartnerRequestsImport(ImportKind):
    spec = c.TableSpec(
        kind="partner-requests",
        key=("partner", "year", "request_id"),
        columns=(
            c.Column("request_id", c.code(40, text("partner_exchange.what.request_id")),
                     aliases=("identifiant", "n° demande", "numéro de demande", "رقم الطلب")),
            PARTNER,
            f.YEAR,
            f.optional(f.MASSAR),
            c.Column("child_last_name", c.text(80), aliases=("nom", "nom de l'enfant", "nom enfant", "النسب",
                                                             "الاسم العائلي")),
            c.Column("child_first_name", c.text(80), aliases=("prénom", "prenom", "prénom de l'enfant", "الإسم",
                                                              "الاسم", "الاسم الشخصي")),
            c.Column("birth_date", c.date(), aliases=("date de naissance", "تاريخ الازدياد", "تاريخ الإزدياد")),
            f.optional(f.GUARDIAN_CIN),
            c.Column("as_of", c.date(), required=False,
                     aliases=("date de situation", "situation au", "à la date du", "بتاريخ", "الوضعية بتاريخ")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        """Birth dates no child of a school year can have: after its first day, or more than 30 years before; an
        `as_of` outside the request's school year (1 September to 31 August)."""
        first_day = pd.to_datetime(frame["year"].map(lambda y: year_bounds(y)[0]))
        last_day = first_day + pd.DateOffset(years=1) - pd.DateOffset(days=1)  # 31 August: the summer included
        oldest = first_day - pd.DateOffset(years=OLDEST_YEARS)
        born = frame["birth_date"]
        problems = (row_problems(frame[born > first_day], file, "birth_date",
                                 text("partner_exchange.problem.birth_date_after_year"))
                    + row_problems(frame[born < oldest], file, "birth_date",
                                   text("partner_exchange.problem.birth_date_too_old")))
        if "as_of" in frame:
            as_of = pd.to_datetime(frame["as_of"])
            outside = as_of.notna() & ((as_of < first_day) | (as_of > last_day))
            problems += row_problems(frame[outside.to_numpy()], file, "as_of",
                                     text("partner_exchange.problem.as_of_outside_year"))
        return problems

    def check_access(self, write: Write, frame: pd.DataFrame, file: str) -> None:
        """An administrator's list is national; a region officer's concerns their region. Nobody else sees them."""
        write.scoped = True
        if write.actor.role not in ROLES:
            raise InputError(text("partner_exchange.refused.role", user=write.actor.label))
        problems = self.rows_owned_elsewhere(write, frame, file)
        if problems:
            raise ImportRejected(problems)

    def rows_owned_elsewhere(self, write: Write, frame: pd.DataFrame, file: str) -> list[Problem]:
        """Rows that would replace a request already received by another region, or nationally (an administrator's
        list, a wider scope than a region's): outside a region officer's scope, refused like any such row."""
        if write.actor.scope.level == "all":
            return []
        keys = ["year", "partner", "request_id"]
        stored = pd.concat([pd.read_sql(select(PartnerRequest.year, PartnerRequest.partner, PartnerRequest.request_id,
                                               PartnerRequest.region_code).where(
            PartnerRequest.year == year, PartnerRequest.request_id.in_(ids[start : start + 900])), write.connection)
            for year, group in frame.groupby("year") for ids in [group["request_id"].unique().tolist()]
            for start in range(0, len(ids), 900)] or [pd.DataFrame(columns=[*keys, "region_code"])])
        mine = write.actor.scope.region
        owned = frame[keys].merge(stored, on=keys, how="left", indicator=True)
        elsewhere = ((owned["_merge"] == "both") & (owned["region_code"].fillna("") != mine)).to_numpy()
        return row_problems(frame[elsewhere], file, "request_id",
                            text("partner_exchange.problem.request_elsewhere", user=write.actor.label))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        from workbench.access import current_actor

        actor = current_actor()
        ensure_years(connection, frame["year"])
        # A request imported again keeps the day it was first received (the time to answer counts from it).
        received = pd.read_sql(select(PartnerRequest.year, PartnerRequest.partner, PartnerRequest.request_id,
                                      PartnerRequest.received_on).where(
            PartnerRequest.year.in_(frame["year"].unique().tolist())), connection)
        rows = frame[["year", "partner", "request_id", "massar_code", "child_last_name", "child_first_name",
                      "birth_date", "guardian_cin", "as_of"]].merge(received, on=["year", "partner", "request_id"],
                                                                    how="left")
        rows["received_on"] = pd.to_datetime(rows["received_on"]).fillna(pd.Timestamp(dt.date.today()))
        rows["region_code"] = actor.scope.region if actor.role == "region_officer" else None
        return {"partner_requests": upsert_frame(connection, PartnerRequest.__table__, rows,
                                                 ["year", "partner", "request_id"])}
