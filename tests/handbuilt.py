"""A small map and three pupils built by hand through the CLI, so that tests know every answer.

Pupils: A000000001 (girl, 1AP, rural school 11111A in province 0301, absent 6 and 7 October, the 7th justified),
A000000002 (boy, 2AP, same school, left on 15 December), A000000003 (boy, 1AC, urban school 22222B in 0302,
absent 3 November).
"""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import func, select

from workbench.cli import cli
from workbench.db import make_engine
from workbench.models import Absence, Commune, Enrolment, Guardian, Pupil, PupilGuardian, School, SchoolClass

TABLES = (Commune, School, SchoolClass, Pupil, Enrolment, Guardian, PupilGuardian, Absence)

COMMUNES = [
    {"commune_code": "0301001", "province_code": "0301", "name_fr": "Aïn Chkef", "name_ar": "عين الشقف",
     "milieu": "rural", "poverty_rate": "35.5", "tayssir_targeted": "1"},
    {"commune_code": "0302001", "province_code": "0302", "name_fr": "Meknès", "name_ar": "مكناس",
     "milieu": "urbain", "poverty_rate": "", "tayssir_targeted": "0"},
]
SCHOOLS = [
    {"school_code": "11111A", "commune_code": "0301001", "name_fr": "École Al Amal", "name_ar": "مدرسة الأمل",
     "cycle": "primary", "sector": "public"},
    {"school_code": "22222B", "commune_code": "0302001", "name_fr": "Collège Ibn Sina", "name_ar": "إعدادية ابن سينا",
     "cycle": "collège", "sector": "public", "boarding_capacity": "120"},
]


def pupil(code: str, school: str = "11111A", cls: str = "1APG-1", born: str = "2019-03-14", sex: str = "F",
          **extra) -> dict:
    return {"massar_code": code, "school_code": school, "year": "2025/2026", "class_code": cls,
            "last_name_ar": "العلوي", "first_name_ar": "سلمى", "last_name_fr": "Alaoui", "first_name_fr": "Salma",
            "sex": sex, "birth_date": born, "birth_place": "فاس", **extra}


PUPILS = [pupil("A000000001"), pupil("A000000002", cls="2APG-1", born="2018-01-02", sex="ذكر", left_on="15/12/2025"),
          pupil("A000000003", school="22222B", cls="1APIC-1", born="2013-05-05", sex="M")]


def counts(url: str, tables=TABLES) -> dict[str, int]:
    """The rows of each of `tables` (models), by table name."""
    engine = make_engine(url)
    with engine.connect() as connection:
        result = {m.__tablename__: connection.execute(select(func.count()).select_from(m)).scalar_one()
                  for m in tables}
    engine.dispose()
    return result


def run(url: str, *args: str):
    return CliRunner().invoke(cli, ["--db", url, "--quiet", *map(str, args)])


ABSENCES = [{"massar_code": "A000000001", "date": "2025-10-06", "slots": "2", "justified": "0"},
            {"massar_code": "A000000001", "date": "07/10/2025", "slots": "", "justified": "oui"},
            {"massar_code": "A000000003", "date": "2025-11-03", "slots": "1", "justified": "0"}]

# One Million Schoolbags on the same map: three more 1AP pupils at 11111A (B100000003 excluded), and a kit.


def campaign_files(url: str, programme: str, out, **parameters) -> list:
    """A campaign's files written in this process by the functions its notebook calls (compute, write_outputs):
    the rules and the files without starting a kernel; one test per campaign still runs the notebook."""
    from workbench.run_context import open_run

    context = open_run(programme, db_url=url, out_dir=str(out), **parameters)
    with context.engine.connect() as connection:
        written = context.write_outputs(connection, context.compute(connection))
    context.finish()  # workbooks written aside
    context.engine.dispose()
    return written
