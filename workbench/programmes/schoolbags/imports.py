"""Imports of One Million Schoolbags: the kit catalogue and composition, returned books, deliveries, distributions."""

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
from workbench.models import Enrolment, Level, School, SchoolYear
from workbench.programmes.schoolbags.models import (
    Delivery,
    Distribution,
    KitComposition,
    KitItem,
    ReturnedBook,
)
from workbench.reference import ensure_years

KIND = {"textbook": "textbook", "manuel": "textbook", "كتاب": "textbook", "notebook": "notebook",
        "cahier": "notebook", "دفتر": "notebook", "supply": "supply", "fourniture": "supply", "لوازم": "supply",
        "bag": "bag", "cartable": "bag", "محفظة": "bag"}
MILIEU_OR_ALL = {**f.MILIEU_WORDS, "all": "all", "tous": "all", "الكل": "all"}
ITEM = c.Column("item_code", c.code(24, text("schoolbags.what.item_code")),
                aliases=("code article", "article", "رمز المادة", "رمز الصنف"))
SCHOOL = f.SCHOOL
YEAR = f.YEAR
QUANTITY = c.Column("quantity", c.number(0, 1_000_000, integer=True), aliases=("quantité", "quantite", "الكمية"))


def _known_items(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    known = set(connection.scalars(select(KitItem.item_code)))
    return unknown_code_problems(frame, "item_code", known, file, text("schoolbags.what.kit_item"))


def _known_schools(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    known = set(connection.scalars(select(School.code)))
    return unknown_code_problems(frame, "school_code", known, file, f.what("school"))


class KitItemsImport(ImportKind):
    national = True  # one catalogue for the country
    spec = c.TableSpec(
        kind="kit-items",
        key=("item_code",),
        columns=(
            ITEM,
            c.Column("kind", c.choice(KIND, text("schoolbags.what.kind")), aliases=("type", "النوع")),
            c.Column("subject", c.text(40), required=False, aliases=("matière", "matiere", "المادة")),
            c.Column("name_fr", c.text(120), aliases=("désignation", "designation", "libellé")),
            c.Column("name_ar", c.text(120), aliases=("التسمية", "الاسم")),
            c.Column("reusable", c.flag(), required=False,
                     aliases=("réutilisable", "reutilisable", "قابل لإعادة الاستعمال")),
            c.Column("unit_cost_mad", c.number(0, 100_000), required=False,
                     aliases=("prix unitaire", "coût unitaire", "cout unitaire", "الثمن الأحادي")),
        ),
    )

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        # Textbooks are lent again; notebooks, supplies and bags are consumed (formats.md), unless a file says so.
        frame = frame.assign(reusable=frame["reusable"].where(frame["reusable"].notna(), frame["kind"] == "textbook"))
        rows = frame[["item_code", "kind", "subject", "name_fr", "name_ar", "reusable", "unit_cost_mad"]]
        return {"kit_items": upsert_frame(connection, KitItem.__table__, rows.astype({"reusable": bool}),
                                          ["item_code"])}


class KitCompositionImport(ImportKind):
    national = True  # one kit per level and milieu for the country: it changes every school's needs
    spec = c.TableSpec(
        kind="kit-composition",
        key=("year", "level_code", "milieu", "item_code"),
        columns=(
            YEAR,
            f.LEVEL,
            c.Column("milieu", c.choice(MILIEU_OR_ALL, text("schoolbags.what.milieu")), aliases=("الوسط",)),
            ITEM, QUANTITY,
        ),
    )

    def prepare(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(level_code=frame["level_code"].str.upper())

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        levels = set(connection.scalars(select(Level.code)))
        return (unknown_code_problems(frame, "level_code", levels, file, f.what("level"))
                + _known_items(connection, frame, file))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame[["year", "level_code", "milieu", "item_code", "quantity"]].astype({"quantity": "int64"})
        return {"kit_composition": upsert_frame(connection, KitComposition.__table__, rows,
                                                ["year", "level_code", "milieu", "item_code"])}


class ReturnedBooksImport(ImportKind):
    dataset = "schoolbags"
    spec = c.TableSpec(
        kind="returned-books",
        key=("year", "school_code", "item_code"),
        columns=(
            YEAR, SCHOOL, ITEM,
            c.Column("returned", c.number(0, 1_000_000, integer=True), aliases=("rendus", "retournés", "المرجعة")),
            c.Column("usable", c.number(0, 1_000_000, integer=True),
                     aliases=("utilisables", "réutilisables", "الصالحة")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        problems = _known_schools(connection, frame, file) + _known_items(connection, frame, file)
        over = frame[frame["usable"] > frame["returned"]]
        problems += row_problems(over, file, "usable", lambda r: text("schoolbags.problem.usable_over_returned",
                                                                              returned=int(r["returned"])))
        consumables = set(connection.scalars(select(KitItem.item_code).where(KitItem.reusable.is_(False))))
        lent = frame[frame["item_code"].isin(consumables)]
        problems += row_problems(lent, file, "item_code",
                                 text("schoolbags.problem.consumable"))
        return problems

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame[["year", "school_code", "item_code", "returned", "usable"]].astype(
            {"returned": "int64", "usable": "int64"})
        return {"returned_books": upsert_frame(connection, ReturnedBook.__table__, rows,
                                               ["year", "school_code", "item_code"])}


class DeliveriesImport(ImportKind):
    dataset = "schoolbags"
    spec = c.TableSpec(
        kind="deliveries",
        key=("year", "school_code", "item_code", "delivered_on"),
        columns=(
            YEAR, SCHOOL, ITEM, QUANTITY,
            c.Column("delivered_on", c.date(), aliases=("date de livraison", "date livraison", "تاريخ التسليم")),
            c.Column("supplier", c.text(120), required=False, aliases=("fournisseur", "المورد")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        return _known_schools(connection, frame, file) + _known_items(connection, frame, file)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame[["year", "school_code", "item_code", "delivered_on", "quantity", "supplier"]].astype(
            {"quantity": "int64"})
        return {"deliveries": upsert_frame(connection, Delivery.__table__, rows,
                                           ["year", "school_code", "item_code", "delivered_on"])}


class DistributionsImport(ImportKind):
    dataset = "schoolbags"
    spec = c.TableSpec(
        kind="distributions",
        key=("year", "massar_code"),
        columns=(
            YEAR,
            f.MASSAR,
            c.Column("delivered_on", c.date(), aliases=("date de remise", "date remise", "تاريخ التسليم")),
            c.Column("complete", c.flag(), required=False, default=True, aliases=("complet", "كاملة")),
        ),
    )

    def prepare(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """The school where each pupil is enrolled that year: the kit is handed out there."""
        enrolled = pd.read_sql(select(Enrolment.massar_code, Enrolment.year, Enrolment.school_code).where(
            Enrolment.massar_code.in_(frame["massar_code"].dropna().unique().tolist())), connection)
        merged = frame.merge(enrolled, on=["massar_code", "year"], how="left")
        return frame.assign(school_code=merged["school_code"].to_numpy())

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        known_years = set(connection.scalars(select(SchoolYear.code)))
        missing = frame[frame["school_code"].isna()]
        return row_problems(missing, file, "massar_code", lambda r: text("schoolbags.problem.not_enrolled")
                            if r["year"] in known_years else text("schoolbags.problem.unknown_year", year=r["year"]))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[["year", "massar_code", "school_code", "delivered_on", "complete"]].astype({"complete": bool})
        return {"distributions": upsert_frame(connection, Distribution.__table__, rows, ["year", "massar_code"])}
