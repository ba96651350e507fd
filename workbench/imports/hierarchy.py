"""Imports of the school map: communes and schools."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench.bulk import upsert_frame
from workbench.catalogue import text as text_of
from workbench.exceptions import Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind
from workbench.imports.table import unknown_code_problems
from workbench.models import Commune, Province, School

CYCLE = {"primary": "primary", "primaire": "primary", "ابتدائي": "primary",
         "lower_secondary": "lower_secondary", "college": "lower_secondary", "collège": "lower_secondary",
         "secondaire collégial": "lower_secondary", "إعدادي": "lower_secondary",
         "upper_secondary": "upper_secondary", "lycee": "upper_secondary", "lycée": "upper_secondary",
         "secondaire qualifiant": "upper_secondary", "تأهيلي": "upper_secondary"}
SECTOR = {"public": "public", "private": "private", "privé": "private", "prive": "private",
          "عمومي": "public", "خصوصي": "private"}


class CommunesImport(ImportKind):
    spec = c.TableSpec(
        kind="communes",
        key=("commune_code",),
        columns=(
            f.COMMUNE,
            f.PROVINCE,
            c.Column("name_fr", c.text(120), aliases=("nom", "nom fr", "commune")),
            c.Column("name_ar", c.text(120), aliases=("الجماعة", "الاسم", "اسم الجماعة")),
            c.Column("milieu", c.choice(f.MILIEU_WORDS, f.what("milieu")), aliases=("الوسط",)),
            c.Column("poverty_rate", c.number(0, 100), required=False,
                     aliases=("taux de pauvreté", "taux pauvrete", "نسبة الفقر")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        provinces = set(connection.scalars(select(Province.code)))
        return unknown_code_problems(frame, "province_code", provinces, file, f.what("province_reference"))

    def row_provinces(self, connection: Connection, frame: pd.DataFrame) -> list[tuple[pd.Series, str, str]]:
        current = dict(connection.execute(select(Commune.code, Commune.province_code).where(
            Commune.code.in_(frame["commune_code"].dropna().unique().tolist()))).all())
        return [(frame["province_code"], "province_code", text_of("problem.places_commune")),
                (frame["commune_code"].map(current), "commune_code", text_of("problem.commune_of"))]

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame.rename(columns={"commune_code": "code"})[
            ["code", "province_code", "name_fr", "name_ar", "milieu", "poverty_rate"]]
        return {"communes": upsert_frame(connection, Commune.__table__, rows, ["code"])}


class SchoolsImport(ImportKind):
    spec = c.TableSpec(
        kind="schools",
        key=("school_code",),
        columns=(
            f.SCHOOL,
            f.COMMUNE,
            c.Column("name_fr", c.text(160), aliases=("nom", "établissement", "etablissement")),
            c.Column("name_ar", c.text(160), aliases=("المؤسسة", "اسم المؤسسة")),
            c.Column("cycle", c.choice(CYCLE, f.what("cycle")), aliases=("السلك",)),
            c.Column("sector", c.choice(SECTOR, f.what("sector")), aliases=("secteur", "القطاع")),
            c.Column("boarding_capacity", c.number(0, 5000, integer=True), required=False, default=0,
                     aliases=("capacité internat", "capacite internat", "طاقة الداخلية")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        communes = set(connection.scalars(select(Commune.code)))
        return unknown_code_problems(frame, "commune_code", communes, file, f.what("commune"))

    def row_provinces(self, connection: Connection, frame: pd.DataFrame) -> list[tuple[pd.Series, str, str]]:
        communes = dict(connection.execute(select(Commune.code, Commune.province_code).where(
            Commune.code.in_(frame["commune_code"].dropna().unique().tolist()))).all())
        current = dict(connection.execute(
            select(School.code, Commune.province_code).join(Commune, Commune.code == School.commune_code)
            .where(School.code.in_(frame["school_code"].dropna().unique().tolist()))).all())
        return [(frame["commune_code"].map(communes), "commune_code", text_of("problem.places_school")),
                (frame["school_code"].map(current), "school_code", text_of("problem.school_of"))]

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame.rename(columns={"school_code": "code"})[
            ["code", "commune_code", "name_fr", "name_ar", "cycle", "sector", "boarding_capacity"]]
        rows = rows.astype({"boarding_capacity": "int64"})
        return {"schools": upsert_frame(connection, School.__table__, rows, ["code"])}
