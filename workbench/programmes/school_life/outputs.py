"""The files of the school-life campaign and the labels of its tables: timetable_conflicts.csv and
absence_notices.csv (contracts, exactly their columns), sports_results.csv (school sports: teams, pupils in teams,
podiums and points by school, sport, team sex and level; counts only), and a workbook per school with each class's
week (a sheet per class). The notices are for the school (they name pupils and guardians); the report shows only
counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Connection

from workbench.catalogue import Label, headers, text
from workbench.excel import Sheet, write_workbook
from workbench.exports import write_csv
from workbench.programmes.school_life import logic, queries
from workbench.programmes.school_life.campaign import SchoolLifeResult
from workbench.programmes.school_life.models import DAYS, SLOTS, WHOLE_CLASS

NS = "school_life"


def _headers(*columns: str, paired: tuple[str, ...] = ("subject_name", "level_name")) -> dict[str, Label]:
    """The catalogue's headers of these columns, a named column (`subject_name`) given as its French and Arabic
    pair of columns (the reader of each language reads theirs)."""
    out: dict[str, Label] = {}
    for column, header in headers(NS, *columns).items():
        if column in paired:
            out[f"{column}_fr"] = header
            out[f"{column}_ar"] = header
        else:
            out[column] = header
    return out


CONFLICTS_CSV = "timetable_conflicts.csv"
NOTICES_CSV = "absence_notices.csv"
SPORTS_CSV = "sports_results.csv"
SPORTS_COLUMNS = ["school_code", "sport", "sex", "level", "teams", "pupils", "podiums", "points"]
KEY_FIGURES = _headers("schools", "classes", "timetabled", "conflicts", "short", "absence_hours", "absence_days",
                      "notices", "entered_pct", "members")
COVERAGE_HEADERS = _headers("school_code", "name_fr", "name_ar", "classes", "timetabled", "class_subjects", "short",
                           "coverage_pct", "conflicts")
CONFLICT_HEADERS = _headers("school_code", "day", "slot", "resource_kind", "resource",
                            ("classes", f"{NS}.classes_involved"))
SHORT_HEADERS = _headers("school_code", "class_code", "subject_name", "hours", "required", "missing")
RATE_HEADERS = {by: _headers(by, "absent_hours", "pupil_hours", "rate_pct")
                for by in ("level_name", "subject_name", "day", "slot")}
NOTICE_HEADERS = _headers("school_code", "name_fr", "name_ar", "notices", "pupils")
PROGRESS_HEADERS = _headers("school_code", "class_code", "subject_name", "pupils", "expected", "entered",
                           "entered_pct")
MEAN_HEADERS = _headers("level_name", "subject_name", "marks", "mean")
SPORT_HEADERS = _headers("sex", "members", "activity", "competition")
CODES = {"day": f"{NS}.day", "resource_kind": f"{NS}.resource_kind"}


def label(key: str, **values: object) -> Label:
    return text(f"{NS}.{key}", **values)


def slot_time(slot: int) -> str:
    """Slot 1 starts at 08:00, one hour each (formats.md)."""
    return f"{7 + slot:02d}:00-{8 + slot:02d}:00"


def _named(frame: pd.DataFrame, names: pd.DataFrame, code: str, column: str) -> pd.DataFrame:
    """`column` holding the French / Arabic name of `code` in `names` (name_fr, name_ar) as a Label's pair."""
    lookup = names.set_index(code)
    fr = frame[code].map(lookup["name_fr"]).fillna(frame[code])
    ar = frame[code].map(lookup["name_ar"]).fillna(frame[code])
    return frame.assign(**{f"{column}_fr": fr, f"{column}_ar": ar})


def with_subject_names(frame: pd.DataFrame, subjects: pd.DataFrame) -> pd.DataFrame:
    return _named(frame, subjects, "subject_code", "subject_name")


def with_level_names(frame: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    return _named(frame, levels, "level_code", "level_name")


def short_table(result: SchoolLifeResult, subjects: pd.DataFrame) -> pd.DataFrame:
    short = result.hours[result.hours["short"]]
    return with_subject_names(short, subjects)


def rate_tables(result: SchoolLifeResult, subjects: pd.DataFrame, levels: pd.DataFrame) -> dict[str, pd.DataFrame]:
    rates = result.rates()
    by_level = with_level_names(logic.rate_by(rates, ["level_code"]), levels)
    by_subject = with_subject_names(logic.rate_by(rates[rates["subject_code"] != ""], ["subject_code"]), subjects)
    by_day = logic.rate_by(rates, ["day"])
    by_day = by_day.assign(_order=by_day["day"].map(logic.DAY_RANK)).sort_values("_order").drop(columns="_order")
    return {"level_name": by_level, "subject_name": by_subject, "day": by_day,
            "slot": logic.rate_by(rates, ["slot"])}


def heat(result: SchoolLifeResult) -> pd.DataFrame:
    """Absence rate (%) by weekday and hour slot: the heat map's cells."""
    return logic.rate_by(result.rates(), ["day", "slot"])


def progress_table(result: SchoolLifeResult, subjects: pd.DataFrame) -> pd.DataFrame:
    return with_subject_names(result.progress(), subjects)


def means_table(result: SchoolLifeResult, subjects: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    return with_level_names(with_subject_names(result.means(), subjects), levels)


def write_conflicts_csv(result: SchoolLifeResult, out_dir: Path) -> Path:
    return write_csv(result.conflicts[logic.CONFLICT_COLUMNS], Path(out_dir) / CONFLICTS_CSV)


def write_notices_csv(result: SchoolLifeResult, out_dir: Path) -> Path:
    return write_csv(result.notices[logic.NOTICE_COLUMNS], Path(out_dir) / NOTICES_CSV)


def write_sports_csv(result: SchoolLifeResult, out_dir: Path) -> Path:
    return write_csv(result.sports_results()[SPORTS_COLUMNS], Path(out_dir) / SPORTS_CSV)


def class_grid(week: pd.DataFrame, subjects: pd.DataFrame, teachers: pd.DataFrame, language: str) -> pd.DataFrame:
    """A class's week as a grid: one row per hour slot (with its time), one column per day; a cell names the
    subject, the teacher and the room (and the group when the class is split)."""
    names = subjects.set_index("subject_code")[f"name_{'ar' if language == 'ar' else 'fr'}"]
    teacher = teachers.assign(name=teachers["last_name"] + " " + teachers["first_name"]).set_index(
        ["school_code", "teacher_id"])["name"]
    shown = week.assign(
        subject=week["subject_code"].map(names).fillna(week["subject_code"]),
        teacher=pd.Series(list(zip(week["school_code"], week["teacher_id"])), index=week.index).map(teacher)
        .fillna(week["teacher_id"]),
        group=week["group_code"].fillna(WHOLE_CLASS))
    cell = shown["subject"] + " — " + shown["teacher"] + " — " + shown["room_code"]
    cell = cell.where(shown["group"] == WHOLE_CLASS, shown["group"] + " : " + cell)
    cells = shown.assign(cell=cell).sort_values("group").groupby(["slot", "day"])["cell"].agg(" | ".join).unstack()
    grid = cells.reindex(index=list(SLOTS), columns=list(DAYS)).fillna("")
    grid.insert(0, "time", [slot_time(s) for s in SLOTS])
    grid.index.name = "slot"
    titles = {"slot": label("slot").of(language), "time": label("time").of(language),
              **{d: label(f"day.{d}").of(language) for d in DAYS}}
    return grid.reset_index().rename(columns=titles)


def write_timetable_workbooks(connection: Connection, result: SchoolLifeResult, out_dir: Path,
                              language: str = "ar") -> list[Path]:
    """timetable_<school>.xlsx: one sheet per class of the school (its code), the week as a grid, right to left."""
    subjects = queries.subjects(connection)
    teachers = queries.teachers(connection, result.scope)
    written = []
    for school, weeks in result.timetable.groupby("school_code", sort=True):
        path = Path(out_dir) / f"timetable_{school}.xlsx"
        write_workbook(path, [Sheet(str(cls), class_grid(week, subjects, teachers, language))
                              for cls, week in weeks.groupby("class_code", sort=True)],
                       right_to_left=language == "ar", width=28)
        written.append(path)
    return written


def write_outputs(connection: Connection, result: SchoolLifeResult, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    return [write_conflicts_csv(result, out_dir), write_notices_csv(result, out_dir),
            write_sports_csv(result, out_dir), *write_timetable_workbooks(connection, result, out_dir)]

