"""A new school year's school-life rows from data/reference/: Massar's subjects, the weekly hours each level
requires per subject (plausible figures of ours, marked unconfirmed until an official timetable replaces them) and the
notice threshold (rules.md: 4 unjustified hours in a school week). What an operator already set is kept."""

from __future__ import annotations

from sqlalchemy import Connection

from workbench.bulk import upsert_rows
from workbench.programmes.school_life.models import RequiredHours, SchoolLifeSettings, Subject
from workbench.reference import read_reference


def year_defaults(connection: Connection, year: str) -> None:
    subjects = read_reference("school_life_subjects")
    upsert_rows(connection, Subject.__table__, subjects.to_dict("records"), ["subject_code"], replace=False)
    hours = read_reference("school_life_hours").astype({"hours": float}).assign(year=year)
    hours["confirmed"] = hours["confirmed"] == "1"
    upsert_rows(connection, RequiredHours.__table__, hours.to_dict("records"), ["year", "level_code", "subject_code"],
                replace=False)
    settings = read_reference("school_life_settings").iloc[0]
    upsert_rows(connection, SchoolLifeSettings.__table__,
                [{"year": year, "notice_hours": int(settings["notice_hours"])}], ["year"], replace=False)
