"""Imports of grant applications and provincial quotas."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench.bulk import upsert_frame
from workbench.catalogue import text
from workbench.exceptions import Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind
from workbench.imports.table import row_problems, unknown_code_problems
from workbench.models import Province, Pupil
from workbench.programmes.grants.models import GRANT_TYPES, GrantApplication, GrantQuota
from workbench.reference import ensure_years

TYPE = c.Column("grant_type", c.choice({**{t: t for t in GRANT_TYPES}, "internat": "boarding_full",
                                        "demi-pension": "boarding_half", "cantine": "canteen",
                                        "منحة داخلية": "boarding_full", "نصف داخلية": "boarding_half",
                                        "مطعم": "canteen"}, text("grants.what.grant_type")),
                aliases=("type de bourse", "type", "نوع المنحة"))
YEAR = f.YEAR


class GrantApplicationsImport(ImportKind):
    dataset = "grants"
    spec = c.TableSpec(
        kind="grant-applications",
        key=("year", "massar_code", "grant_type"),
        columns=(
            YEAR,
            f.MASSAR,
            TYPE,
            c.Column("household_income_class", c.number(1, 5, integer=True), required=False,
                     aliases=("classe de revenu", "فئة الدخل")),
            c.Column("rsu_score", c.number(0, 100), required=False, aliases=("score rsu", "مؤشر السجل الاجتماعي")),
            c.Column("distance_km", c.number(0, 500), aliases=("distance", "المسافة")),
            c.Column("orphan", c.choice({"none": "none", "one": "one", "both": "both", "non": "none",
                                         "un parent": "one", "deux parents": "both", "لا": "none", "يتيم": "one",
                                         "يتيم الأبوين": "both"}, text("grants.what.orphan")),
                     required=False, default="none", aliases=("orphelin", "اليتم")),
            c.Column("disability", c.flag(), required=False, default=False, aliases=("handicap", "إعاقة")),
            c.Column("previous_average", c.number(0, 20), aliases=("moyenne", "المعدل")),
            c.Column("applied_on", c.date(), aliases=("date de demande", "تاريخ الطلب")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        known = set(connection.scalars(select(Pupil.massar_code).where(
            Pupil.massar_code.in_(frame["massar_code"].dropna().unique().tolist()))))
        problems = unknown_code_problems(frame, "massar_code", known, file, f.what("pupil"))
        neither = frame[frame["household_income_class"].isna() & frame["rsu_score"].isna()]
        problems += row_problems(neither, file, "household_income_class",
                                 text("grants.problem.income_or_rsu"))
        return problems

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame[["year", "massar_code", "grant_type", "household_income_class", "rsu_score", "distance_km",
                      "orphan", "disability", "previous_average", "applied_on"]].astype({"disability": bool})
        return {"grant_applications": upsert_frame(connection, GrantApplication.__table__, rows,
                                                   ["year", "massar_code", "grant_type"])}


class GrantQuotasImport(ImportKind):
    spec = c.TableSpec(
        kind="grant-quotas",
        key=("year", "province_code", "grant_type"),
        columns=(
            YEAR,
            f.PROVINCE,
            TYPE,
            c.Column("places", c.number(0, 1_000_000, integer=True), aliases=("nombre de places", "المقاعد")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        known = set(connection.scalars(select(Province.code)))
        return unknown_code_problems(frame, "province_code", known, file, f.what("province_code"))

    def row_provinces(self, connection: Connection, frame: pd.DataFrame) -> list[tuple[pd.Series, str, str]]:
        return [(frame["province_code"], "province_code", text("grants.what.sets_places"))]

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame[["year", "province_code", "grant_type", "places"]].astype({"places": "int64"})
        return {"grant_quotas": upsert_frame(connection, GrantQuota.__table__, rows,
                                             ["year", "province_code", "grant_type"])}
