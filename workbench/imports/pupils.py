"""Pupils and their enrolment: Massar's ListEleve export (one sheet per class) or a flat table."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from openpyxl.utils import get_column_letter
from sqlalchemy import Connection, select

from workbench import absence_months
from workbench.access.guard import Write
from workbench.bulk import upsert_frame
from workbench.catalogue import text as text_of
from workbench.codes import SCHOOL_CODE, level_from_class, normalise_year, year_bounds
from workbench.exceptions import ImportRejected, Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind, schools_of_pupils, shared_record_problems
from workbench.imports.columns import header_key
from workbench.imports.readers import Sheet
from workbench.imports.table import read_table, row_problems, unknown_code_problems
from workbench.models import Enrolment, Level, Pupil, School, SchoolClass
from workbench.reference import ensure_years

SEX = {"M": "M", "F": "F", "ذكر": "M", "أنثى": "F", "انثى": "F", "H": "M", "garçon": "M", "garcon": "M",
       "fille": "F", "male": "M", "female": "F", "masculin": "M", "féminin": "F", "feminin": "F"}
MIN_AGE, MAX_AGE = 3, 30

MASSAR = f.MASSAR
LAST_AR = c.Column("last_name_ar", c.text(80), aliases=("النسب", "nom ar", "nom arabe"))
FIRST_AR = c.Column("first_name_ar", c.text(80), aliases=("الإسم", "prénom ar", "prenom ar", "prénom arabe"))
SEX_COLUMN = c.Column("sex", c.choice(SEX, f.what("sex")), aliases=("النوع", "sexe", "genre", "الجنس"))
BIRTH_DATE = c.Column("birth_date", c.date(), aliases=("تاريخ الإزدياد", "date de naissance", "date naissance"))
BIRTH_PLACE = c.Column("birth_place", c.text(80), required=False,
                       aliases=("مكان الإزدياد", "lieu de naissance", "lieu naissance"))

FLAT = c.TableSpec(
    kind="massar-pupils",
    key=("massar_code",),
    columns=(
        MASSAR,
        f.SCHOOL,
        f.YEAR,
        f.optional(f.LEVEL),
        c.Column("class_code", c.code(24, f.what("class_code")), aliases=("classe", "القسم")),
        LAST_AR, FIRST_AR,
        c.Column("last_name_fr", c.text(80), required=False, aliases=("nom", "nom fr")),
        c.Column("first_name_fr", c.text(80), required=False, aliases=("prénom", "prenom", "prénom fr")),
        SEX_COLUMN, BIRTH_DATE, BIRTH_PLACE,
        c.Column("left_on", c.date(), required=False, aliases=("date de départ", "date depart", "تاريخ المغادرة")),
    ),
)
LIST_ELEVE = c.TableSpec(kind="massar-pupils (ListEleve)", key=("massar_code",),
                         columns=(MASSAR, LAST_AR, FIRST_AR, SEX_COLUMN, BIRTH_DATE, BIRTH_PLACE))
HEADER_LABELS = {"year": "السنة الدراسية", "school": "المؤسسة", "level": "المستوى", "class": "القسم"}
# What a header value looks like, to choose between the cells either side of its label.
CLASS_LIKE = re.compile(r"[0-9A-Za-z][0-9A-Za-z ._/-]*")
LOOKS_RIGHT = {"year": lambda v: normalise_year(v) is not None, "class": lambda v: bool(CLASS_LIKE.fullmatch(v))}


@dataclass(frozen=True)
class HeaderValue:
    """A value of the ListEleve header block and the cell it was read from (`C7`)."""

    value: str
    cell: str

    @property
    def row(self) -> int:
        return int(re.sub(r"[A-Z]+", "", self.cell))


def header_cells(sheet: Sheet, rows: int = 15) -> dict[str, HeaderValue]:
    """The ListEleve header block by label: 'القسم : 1APIC-2' in one cell, or a label cell beside its value. The
    value is the nearest filled cell after the label in the reading direction: to its right (a higher column) in a
    left-to-right sheet, to its left (a lower column) in a right-to-left one, as Massar's real exports put it;
    when that cell does not look like the field (a year, a class code) and the one on the other side does, the
    other is taken."""
    found: dict[str, HeaderValue] = {}
    labels = {header_key(v): k for k, v in HEADER_LABELS.items()}
    for index, row in sheet.cells.head(rows).iterrows():
        filled = [(int(position), str(v).strip()) for position, v in row.items() if pd.notna(v) and str(v).strip()]
        for i, (position, cell) in enumerate(filled):
            label, colon, after = cell.partition(":")
            name = labels.get(header_key(label))
            if name is None or name in found:
                continue
            if after.strip():
                found[name] = HeaderValue(after.strip(), f"{get_column_letter(position + 1)}{int(index) + 1}")
                continue
            sides = [filled[i + 1] if i + 1 < len(filled) else None, filled[i - 1] if i > 0 else None]
            if sheet.right_to_left:
                sides.reverse()
            candidates = [HeaderValue(v.lstrip(":").strip(), f"{get_column_letter(p + 1)}{int(index) + 1}")
                          for p, v in (side for side in sides if side is not None)
                          if not _is_label(v, labels) and v.lstrip(":").strip()]
            if not candidates:
                continue
            fits = LOOKS_RIGHT.get(name)
            found[name] = next((c for c in candidates if fits and fits(c.value)), candidates[0])
    return found


def _is_label(cell: str, labels: dict[str, str]) -> bool:
    """A header label ('القسم :', or any cell ending in a colon such as 'الجماعة :')."""
    return header_key(cell.split(":")[0]) in labels or cell.rstrip().endswith(":")


def header_block(sheet: Sheet, rows: int = 15) -> dict[str, str]:
    """The values of the ListEleve header block by field (year, school, level, class)."""
    return {name: found.value for name, found in header_cells(sheet, rows).items()}


IDENTITY = ("last_name_ar", "first_name_ar", "last_name_fr", "first_name_fr", "sex", "birth_date", "birth_place")


def _comparable(values: pd.Series) -> pd.Series:
    """Identity values compared as text: a date as YYYY-MM-DD, a missing value as ''."""
    dates = pd.to_datetime(values, errors="coerce") if values.dtype.kind == "M" else None
    shown = dates.dt.strftime("%Y-%m-%d") if dates is not None else values.astype("string")
    return shown.fillna("").astype(str).str.strip()


class PupilsImport(ImportKind):
    dataset = "pupils"
    spec = FLAT

    def extract(self, sheets: list[Sheet], file: str) -> tuple[pd.DataFrame, list[Problem]]:
        if any(header_block(s).get("class") for s in sheets):
            return self._extract_list_eleve(sheets, file)
        return super().extract(sheets, file)

    def _extract_list_eleve(self, sheets: list[Sheet], file: str) -> tuple[pd.DataFrame, list[Problem]]:
        school = self.options.get("school")
        year_option = self.options.get("year")
        problems: list[Problem] = []
        if not school:
            problems.append(Problem(file, text_of("problem.listeleve_school")))
        elif not SCHOOL_CODE.match(str(school)):
            problems.append(Problem(file, text_of("problem.invalid", what=f.what("school_code")), column="--school",
                                    value=str(school)))
        frames = []
        for sheet in sheets:
            block = header_cells(sheet)
            if "class" not in block:
                continue  # a sheet without a class header (a cover or notes sheet)
            read = block.get("year")
            year = normalise_year(year_option or (read.value if read else ""))
            if year is None and read is not None:  # the cell read, named, so the operator can look at it
                problems.append(Problem(file, text_of("problem.listeleve_year_cell", cell=read.cell), sheet=sheet.name,
                                        row=read.row, column=read.cell, value=read.value))
            elif year is None:
                problems.append(Problem(file, text_of("problem.listeleve_year"), sheet=sheet.name))
            frame, found = read_table(sheet, LIST_ELEVE, file)
            problems += found
            frames.append(frame.assign(school_code=school, year=year, class_code=block["class"].value.upper(),
                                       level_code=None, last_name_fr=None, first_name_fr=None, left_on=pd.NaT))
        return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), problems

    def prepare(self, connection: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        """The level: as given, else read from the class code (1APG-1 is 1AP); both kept to compare them."""
        levels = set(connection.scalars(select(Level.code)))
        derived = frame["class_code"].map(lambda code: level_from_class(code, levels))
        given = frame["level_code"].astype("string").str.strip().str.upper()
        return frame.assign(level_given=given, level_from_class=derived, level_code=given.fillna(derived))

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        schools = pd.read_sql(select(School.code, School.cycle), connection).set_index("code")["cycle"]
        levels = pd.read_sql(select(Level.code, Level.cycle), connection).set_index("code")["cycle"]
        problems = unknown_code_problems(frame, "school_code", set(schools.index), file, f.what("school"))
        given, derived = frame["level_given"], frame["level_from_class"]

        def add(mask: pd.Series, column: str, reason) -> None:
            problems.extend(row_problems(frame[mask], file, column, reason))

        add(frame["level_code"].isna(), "class_code",
            text_of("problem.class_without_level"))
        add(frame["level_code"].notna() & ~frame["level_code"].isin(levels.index), "level_code",
            text_of("problem.unknown", what=f.what("level")))
        add(given.notna() & derived.notna() & (given != derived), "level_code",
            lambda r: text_of("problem.level_not_class", class_code=r["class_code"]))
        school_cycle = frame["school_code"].map(schools)
        add(school_cycle.notna() & frame["level_code"].map(levels).notna()
            & (school_cycle != frame["level_code"].map(levels)), "level_code",
            lambda r: text_of("problem.level_not_taught", cycle=text_of(f"cycle.{schools[r['school_code']]}")))
        starts = frame["year"].map(lambda y: pd.Timestamp(year_bounds(y)[0]) if y else pd.NaT)
        ends = frame["year"].map(lambda y: pd.Timestamp(year_bounds(y)[1]) if y else pd.NaT)
        age = (starts - frame["birth_date"]).dt.days / 365.25
        add((age < MIN_AGE) | (age > MAX_AGE), "birth_date",
            text_of("problem.age", youngest=MIN_AGE, oldest=MAX_AGE))
        add(frame["left_on"].notna() & ((frame["left_on"] < starts) | (frame["left_on"] > ends)), "left_on",
            text_of("problem.outside_year"))
        problems += self._already_elsewhere(connection, frame, file)
        return problems

    def _already_elsewhere(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        """A pupil enrolled at another school the same year must leave it first (no silent transfers)."""
        existing = pd.read_sql(
            select(Enrolment.massar_code, Enrolment.year, Enrolment.school_code.label("enrolled_at"))
            .where(Enrolment.year.in_(frame["year"].dropna().unique().tolist())),
            connection,
        )
        clash = frame.merge(existing, on=["massar_code", "year"])
        clash = clash[clash["enrolled_at"] != clash["school_code"]]
        return row_problems(clash, file, "massar_code", lambda r: text_of(
            "problem.enrolled_elsewhere", school=r["enrolled_at"], year=r["year"]))

    def check_access(self, write: Write, frame: pd.DataFrame, file: str) -> None:
        """A pupil's identity is shared by every school that enrols her, any year: changing it is refused when
        one of them is outside the actor's scope, and locked while one of them has its pupils approved."""
        super().check_access(write, frame, file)
        codes = frame["massar_code"].dropna().unique().tolist()
        stored = pd.concat([pd.read_sql(select(Pupil.massar_code, *(Pupil.__table__.c[c] for c in IDENTITY)).where(
            Pupil.massar_code.in_(codes[start : start + 900])), write.connection)
            for start in range(0, len(codes), 900)] or [pd.DataFrame(columns=["massar_code", *IDENTITY])])
        if stored.empty:
            return
        known = frame[["massar_code", *IDENTITY]].merge(stored, on="massar_code", how="left", suffixes=("", "_db"),
                                                        indicator=True)
        changed = pd.Series(False, index=frame.index)
        for column in IDENTITY:
            given = _comparable(known[column])
            held = _comparable(known[f"{column}_db"])
            changed |= ((known["_merge"] == "both") & (given != held)).to_numpy()
        problems = shared_record_problems(write, frame, changed,
                                          schools_of_pupils(write.connection, frame, on_year=False), file,
                                          "massar_code", text_of("problem.changes_identity"))
        if problems:
            raise ImportRejected(problems)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        ensure_years(connection, frame["year"])
        classes = frame[["school_code", "year", "class_code", "level_code"]].drop_duplicates(
            ["school_code", "year", "class_code"])
        pupils = frame[["massar_code", "last_name_ar", "first_name_ar", "last_name_fr", "first_name_fr", "sex",
                        "birth_date", "birth_place"]]
        enrolments = frame[["massar_code", "year", "school_code", "level_code", "class_code", "left_on"]]
        written = {
            "classes": upsert_frame(connection, SchoolClass.__table__, classes,
                                    ["school_code", "year", "class_code"]),
            "pupils": upsert_frame(connection, Pupil.__table__, pupils, ["massar_code"]),
            "enrolments": upsert_frame(connection, Enrolment.__table__, enrolments, ["massar_code", "year"]),
        }
        absence_months.follow_enrolments(connection, enrolments["massar_code"])
        return written
