"""Imports of the second-chance schools: centres, learners, staff and the yearly plan (formats.md, "Second-chance
schools"). Only the key columns are required; a cell left empty counts as missing in the completeness indicator,
but a value that is given must be valid. Every row must lie in the actor's provinces, and a centre's data of a
year approved by its province is locked."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select

from workbench import config
from workbench.bulk import upsert_frame
from workbench.catalogue import Label, text
from workbench.codes import year_bounds
from workbench.exceptions import Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind
from workbench.imports.pupils import BIRTH_DATE, SEX_COLUMN
from workbench.imports.readers import Sheet
from workbench.imports.table import ROW, SHEET, read_table, row_problems
from workbench.models import Province
from workbench.programmes.second_chance.models import (
    MAX_HOURS,
    OUTCOMES,
    ROLES,
    STAGES,
    VISIT_CHECKS,
    E2CCentre,
    E2CLearner,
    E2CPlan,
    E2CStaff,
    E2CValidation,
    E2CVisitFinding,
)
from workbench.reference import ensure_years

CENTRE = c.Column("centre_code", c.code(32, text("second_chance.what.centre_code")),
                  aliases=("code centre", "code du centre", "رمز المركز"))
SEX = f.optional(SEX_COLUMN)
STAGE_WORDS = {**{s: s for s in STAGES}, "qualification éducative": "qualification", "تأهيل تربوي": "qualification",
               "التأهيل التربوي": "qualification", "préprofessionnel": "pre_vocational",
               "pré-professionnel": "pre_vocational", "تأهيل مهني": "pre_vocational",
               "التأهيل المهني": "pre_vocational", "suivi": "follow_up", "مواكبة": "follow_up",
               "المواكبة": "follow_up"}
OUTCOME_WORDS = {**{o: o for o in OUTCOMES}, "école": "school", "ecole": "school", "المدرسة": "school",
                 "formation professionnelle": "vocational_training", "التكوين المهني": "vocational_training",
                 "emploi": "employment", "شغل": "employment", "auto-emploi": "self_employment",
                 "تشغيل ذاتي": "self_employment", "abandon": "dropped", "انقطاع": "dropped"}
ROLE_WORDS = {**{r: r for r in ROLES}, "éducateur": "educator", "educateur": "educator", "مرب": "educator",
              "مربي": "educator", "formateur": "trainer", "مكون": "trainer", "assistant social": "social_worker",
              "assistante sociale": "social_worker", "مساعد اجتماعي": "social_worker", "directeur": "director",
              "مدير": "director", "autre": "other", "آخر": "other"}


def _reason(key: str, **values: object) -> Label:
    """A reason an operator reads in French and Arabic, from the programme's catalogue."""
    return text(f"second_chance.problem.{key}", **values)


def _optional(name: str, parse: c.Parser, *aliases: str) -> c.Column:
    return c.Column(name, parse, required=False, aliases=aliases)


def _centres(connection: Connection) -> pd.DataFrame:
    return pd.read_sql(select(E2CCentre.centre_code, E2CCentre.province_code), connection)


def _unknown(frame: pd.DataFrame, column: str, known: set[str], file: str, key: str) -> list[Problem]:
    return row_problems(frame[frame[column].notna() & ~frame[column].isin(known)], file, column, _reason(key))


def _unknown_centres(connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
    return _unknown(frame, "centre_code", set(_centres(connection)["centre_code"]), file, "unknown_centre")


def _approved(connection: Connection, frame: pd.DataFrame, file: str, years: pd.Series) -> list[Problem]:
    """Rows about a centre whose data of that year its province approved: locked until it is reopened."""
    approved = pd.read_sql(select(E2CValidation.year, E2CValidation.centre_code).where(
        E2CValidation.state == "approved"), connection)
    keys = set(zip(approved["year"], approved["centre_code"]))
    locked = frame.assign(_locked_year=years.to_numpy())
    locked = locked[[(year, centre) in keys for year, centre in zip(locked["_locked_year"], locked["centre_code"])]]
    return row_problems(locked, file, "centre_code", lambda r: _reason("locked", year=r["_locked_year"]))


class _CentreRows(ImportKind):
    """Rows about a centre: each one's province is checked against the actor's scope (a province team writes only
    its own centres), including the province a centre already belongs to."""

    def row_provinces(self, connection: Connection, frame: pd.DataFrame) -> list[tuple[pd.Series, str, str]]:
        stored = _centres(connection).set_index("centre_code")["province_code"]
        return [(frame["centre_code"].map(stored), "centre_code", text("second_chance.what.centre_of"))]


class CentresImport(_CentreRows):
    spec = c.TableSpec(
        kind="e2c-centres",
        key=("centre_code",),
        columns=(
            CENTRE, f.PROVINCE,
            _optional("name_fr", c.text(160), "nom", "nom du centre", "nom fr"),
            _optional("name_ar", c.text(160), "اسم المركز", "الاسم", "nom ar"),
            _optional("association", c.text(160), "الجمعية", "association partenaire"),
            _optional("agreement_start", c.date(), "début convention", "debut convention", "بداية الاتفاقية"),
            _optional("agreement_end", c.date(), "fin convention", "fin de convention", "نهاية الاتفاقية"),
            _optional("opened_on", c.date(), "date d'ouverture", "ouvert le", "تاريخ الافتتاح"),
            _optional("capacity", c.number(0, 10_000, integer=True), "capacité", "capacite", "الطاقة الاستيعابية"),
            _optional("trades", c.text(400), "métiers", "metiers", "المهن"),
            _optional("has_workshop", c.flag(), "atelier", "ورشة"),
            _optional("has_computer_room", c.flag(), "salle informatique", "قاعة الإعلاميات"),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        known = set(connection.scalars(select(Province.code)))
        problems = _unknown(frame, "province_code", known, file, "unknown_province")
        problems += row_problems(frame[frame["name_fr"].isna() & frame["name_ar"].isna()], file, "name_fr",
                                 _reason("no_name"))
        backwards = frame[frame["agreement_end"] < frame["agreement_start"]]
        problems += row_problems(backwards, file, "agreement_end", _reason("agreement_backwards"))
        # The centre's own rows are locked while its data of the current school year is approved.
        year = config.DEMO_YEAR.value()
        return problems + _approved(connection, frame, file, pd.Series(year, index=frame.index))

    def row_provinces(self, connection: Connection, frame: pd.DataFrame) -> list[tuple[pd.Series, str, str]]:
        return [(frame["province_code"], "province_code", text("second_chance.what.centre_of")),
                *super().row_provinces(connection, frame)]

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        rows = frame[[column.name for column in self.spec.columns]]
        return {"e2c_centres": upsert_frame(connection, E2CCentre.__table__, rows, ["centre_code"])}


class LearnersImport(_CentreRows):
    spec = c.TableSpec(
        kind="e2c-learners",
        key=("year", "centre_code", "learner_id"),
        columns=(
            f.YEAR, CENTRE,
            c.Column("learner_id", c.code(32, text("second_chance.what.learner_id")),
                     aliases=("numéro", "numero", "n° apprenant", "رقم المستفيد", "رقم المتعلم")),
            f.optional(f.MASSAR), SEX, f.optional(BIRTH_DATE),
            c.Column("enrolled_on", c.date(), aliases=("date d'inscription", "inscrit le", "تاريخ التسجيل")),
            _optional("stage", c.choice(STAGE_WORDS, text("second_chance.what.stage")), "étape", "etape", "phase",
                      "المرحلة"),
            _optional("trade", c.text(80), "métier", "metier", "المهنة"),
            _optional("left_on", c.date(), "date de sortie", "sorti le", "تاريخ المغادرة"),
            _optional("outcome", c.choice(OUTCOME_WORDS, text("second_chance.what.outcome")), "devenir", "issue",
                      "المآل"),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        problems = _unknown_centres(connection, frame, file)
        today = pd.Timestamp(dt.date.today())
        problems += row_problems(frame[frame["birth_date"] > today], file, "birth_date", _reason("born_in_future"))
        problems += row_problems(frame[frame["outcome"].notna() & frame["left_on"].isna()], file, "outcome",
                                 _reason("outcome_without_leaving"))
        problems += row_problems(frame[frame["left_on"] < frame["enrolled_on"]], file, "left_on",
                                 _reason("left_before_enrolled"))
        return problems + _approved(connection, frame, file, frame["year"])

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame[[column.name for column in self.spec.columns]]
        return {"e2c_learners": upsert_frame(connection, E2CLearner.__table__, rows,
                                             ["year", "centre_code", "learner_id"])}


class StaffImport(_CentreRows):
    spec = c.TableSpec(
        kind="e2c-staff",
        key=("year", "centre_code", "staff_id"),
        columns=(
            f.YEAR, CENTRE,
            c.Column("staff_id", c.code(32, text("second_chance.what.staff_id")),
                     aliases=("matricule", "numéro", "رقم الإطار")),
            _optional("role", c.choice(ROLE_WORDS, text("second_chance.what.role")), "fonction", "المهمة", "الصفة"),
            SEX,
            _optional("hours_per_week", c.number(0, MAX_HOURS), "heures par semaine", "heures hebdomadaires",
                      "الساعات الأسبوعية"),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        return _unknown_centres(connection, frame, file) + _approved(connection, frame, file, frame["year"])

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame[[column.name for column in self.spec.columns]]
        return {"e2c_staff": upsert_frame(connection, E2CStaff.__table__, rows, ["year", "centre_code", "staff_id"])}


class PlanImport(ImportKind):
    spec = c.TableSpec(
        kind="e2c-plan",
        key=("year", "province_code"),
        columns=(
            f.YEAR, f.PROVINCE,
            c.Column("centres_planned", c.number(0, 10_000, integer=True),
                     aliases=("centres prévus", "centres prevus", "المراكز المبرمجة")),
            c.Column("learners_planned", c.number(0, 1_000_000, integer=True),
                     aliases=("apprenants prévus", "apprenants prevus", "المستفيدون المبرمجون")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        known = set(connection.scalars(select(Province.code)))
        return _unknown(frame, "province_code", known, file, "unknown_province")

    def row_provinces(self, connection: Connection, frame: pd.DataFrame) -> list[tuple[pd.Series, str, str]]:
        return [(frame["province_code"], "province_code", "sets the plan of")]

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame[["year", "province_code", "centres_planned", "learners_planned"]].astype(
            {"centres_planned": "int64", "learners_planned": "int64"})
        return {"e2c_plans": upsert_frame(connection, E2CPlan.__table__, rows, ["year", "province_code"])}


def _item_words() -> dict[str, str]:
    """Each row title of a visit sheet the import reads (French / Arabic as written, or either language alone) ->
    its item: 'year', 'date', or one of the committee's checks; any other row (a recorded figure) is not read."""
    keys = {"year": "visit.year", "date": "visit.date", **{check: f"visit.check.{check}" for check in VISIT_CHECKS}}
    words = {}
    for item, key in keys.items():
        label = text(f"second_chance.{key}")
        for written in (label.both(), label.fr, label.ar):
            words[c.header_key(written)] = item
    return words


def _visit_item() -> c.Parser:
    words = _item_words()

    def parse(values: pd.Series) -> tuple[pd.Series, pd.Series]:
        out = values.map(lambda v: words.get(c.header_key(v)) if pd.notna(v) else None)
        return out, pd.Series(None, index=values.index, dtype=object)
    return parse


def _headed(name: str, key: str, parse: c.Parser, required: bool = True) -> c.Column:
    label = text(f"second_chance.{key}")
    return c.Column(name, parse, required=required, aliases=(label.both(), label.fr, label.ar))


class VisitImport(_CentreRows):
    """The visit workbook of a province (e2c_visit_<province>.xlsx, written by the second-chance campaign), filled in
    by the committee and imported back: one sheet per centre (its code as the sheet's name), the school year in its
    first row, the day of the visit in the 'observed' column of its second, and for each check what was observed
    and the comments. A sheet where no check is filled in is a centre not visited: it is not read."""

    spec = c.TableSpec(
        kind="e2c-visit",
        key=("year", "centre_code", "item"),
        columns=(
            _headed("item", "visit.item", _visit_item()),
            _headed("recorded", "visit.recorded", c.text(4000), required=False),
            _headed("observed", "visit.observed", c.text(2000), required=False),
            _headed("comment", "visit.comment", c.text(2000), required=False),
        ),
    )

    def extract(self, sheets: list[Sheet], file: str) -> tuple[pd.DataFrame, list[Problem]]:
        frames, problems = [], []
        for sheet in sheets:
            table, found = read_table(sheet, self.spec, file)
            problems += found
            if found or table.empty:
                continue
            checks = table[table["item"].isin(VISIT_CHECKS) & (table["observed"].notna() | table["comment"].notna())]
            if checks.empty:
                continue
            year, year_problems = self._one(table, "year", "recorded", f.YEAR.parse, file, sheet.name,
                                            self.options.get("year"))
            day, day_problems = self._one(table, "date", "observed", c.date(), file, sheet.name, None)
            problems += year_problems + day_problems
            frames.append(checks.assign(year=year, centre_code=sheet.name, visited_on=day))
        columns = [ROW, SHEET, "year", "centre_code", "item", "visited_on", "recorded", "observed", "comment"]
        frame = pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
        return frame, problems

    @staticmethod
    def _one(table: pd.DataFrame, item: str, column: str, parse: c.Parser, file: str, sheet: str | None,
             default: object) -> tuple[object, list[Problem]]:
        """The value of a sheet's row `item` in `column` (the year, the day of the visit), parsed; missing or
        invalid is a problem on that row (on the sheet when the row itself is missing)."""
        rows = table[table["item"] == item]
        raw = rows[column].iloc[0] if len(rows) else None
        if (raw is None or pd.isna(raw)) and default:
            raw = default
        name = "year" if item == "year" else "visited_on"
        where = {"row": int(rows[ROW].iloc[0]), "column": name} if len(rows) else {}
        if raw is None or pd.isna(raw):
            return None, [Problem(file, _reason(f"visit_no_{item}"), sheet=sheet, **where)]
        values, reasons = parse(pd.Series([raw]))
        if reasons is not None and pd.notna(reasons.iloc[0]):
            return None, [Problem(file, reasons.iloc[0], sheet=sheet, value=str(raw), **where)]
        return values.iloc[0], []

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        """Sheets named for no known centre; a visit on a day outside its school year (1 September to 31 August)."""
        problems = _unknown_centres(connection, frame.drop_duplicates([SHEET]), file)
        frame = frame[frame["year"].notna() & frame["visited_on"].notna()]  # a sheet's year or day is already wrong
        first = pd.to_datetime(frame["year"].map(lambda y: year_bounds(y)[0]))
        last = first + pd.DateOffset(years=1) - pd.DateOffset(days=1)
        day = pd.to_datetime(frame["visited_on"])
        outside = frame[((day < first) | (day > last)).to_numpy()].drop_duplicates([SHEET])
        return problems + row_problems(outside, file, "visited_on", _reason("visit_outside_year"))

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        rows = frame[["year", "centre_code", "item", "visited_on", "observed", "comment"]]
        return {"e2c_visit_findings": upsert_frame(connection, E2CVisitFinding.__table__, rows,
                                                   ["year", "centre_code", "item"])}
