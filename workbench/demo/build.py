"""Write a generated demo into the database, in one transaction, with a progress bar: the core region first
(schools, pupils, households, absences), then each programme's data through its demo hook."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, select
from tqdm import tqdm

from workbench.access.guard import record_event, require_national
from workbench.bulk import analyze, insert_frame
from workbench.catalogue import text
from workbench.db import journal_for_a_load, require_schema, write_transaction
from workbench.demo import absence_load, generate
from workbench.demo.accounts import create_demo_accounts, demo_accounts
from workbench.exceptions import InputError
from workbench.models import (
    Absence,
    AbsenceMonth,
    AbsenceSchoolMonth,
    Commune,
    Enrolment,
    Guardian,
    Level,
    Province,
    Pupil,
    PupilGuardian,
    Region,
    School,
    SchoolClass,
    User,
    Validation,
)
from workbench.reference import ensure_year, load_reference
from workbench.registry import programmes
from workbench.staging import StagedLoad, page_cache_for

MIN_PUPILS, MAX_PUPILS = 1_000, 8_000_000
ABSENCE_CHUNK = 500_000
ROWS_PER_PUPIL = 16  # rows a demo writes per pupil, all tables (a national demo: 130 million)
ASIDE_ENROLMENTS = 100_000  # from here, on SQLite, absences are drawn in a helper process (absence_load)
# Core data tables, children first: what `--replace` empties after the programmes' tables (reference tables stay).
CORE_TABLES = (AbsenceSchoolMonth, AbsenceMonth, Absence, PupilGuardian, Guardian, Enrolment, Pupil, SchoolClass,
               School, Commune)


def resolve_regions(connection: Connection, region: str) -> tuple[str, ...]:
    """'all', a region code ('03') or a French or Arabic name ('Fès-Meknès') -> region codes."""
    regions = pd.read_sql(select(Region), connection)
    if region.strip().lower() == "all":
        return tuple(regions["code"])
    wanted = region.strip().casefold()
    match = regions[
        (regions["code"] == region.strip().zfill(2))
        | (regions["name_fr"].str.casefold() == wanted)
        | (regions["name_ar"] == region.strip())
    ]
    if match.empty:
        known = ", ".join(f"{r.code} {r.name_fr}" for r in regions.itertuples())
        raise InputError(text("error.demo_unknown_region", region=region, known=known))
    return tuple(match["code"])


def _empty(connection: Connection) -> None:
    """Delete the demo's data: validations, every programme's tables (latest programme first), then the core."""
    connection.execute(delete(User).where(User.school_code.is_not(None)))  # their schools go too
    connection.execute(delete(Validation))
    for programme in reversed(list(programmes().values())):
        for model in programme.tables:
            connection.execute(delete(model))
    for model in CORE_TABLES:
        connection.execute(delete(model))


def build_demo(engine: Engine, *, region: str, pupils: int, year: str, seed: int = 2026,
               replace: bool = False, progress: bool = True) -> dict[str, int]:
    """Generate and write a synthetic region; returns the number of rows written per table."""
    if not MIN_PUPILS <= pupils <= MAX_PUPILS:
        raise InputError(text("error.demo_pupils", low=f"{MIN_PUPILS:,}", high=f"{MAX_PUPILS:,}", got=f"{pupils:,}"))
    require_schema(engine)
    hooks = [p for p in programmes().values() if p.demo is not None]
    counts: dict[str, int] = {}
    steps = ["reference", "communes and schools", "classes", "pupils and households", "absences",
             *(p.id for p in hooks), "accounts"]
    bar = tqdm(total=len(steps), desc="demo", unit="step", disable=not progress)
    with journal_for_a_load(engine), write_transaction(engine) as connection, \
            page_cache_for(connection, pupils * ROWS_PER_PUPIL):
        require_national(connection, "build demo" + (" (replace)" if replace else ""))
        load_reference(connection)
        if connection.execute(select(func.count()).select_from(Pupil)).scalar_one():
            if not replace:
                raise InputError(text("error.demo_has_pupils"))
            _empty(connection)
        spec = generate.DemoSpec(resolve_regions(connection, region), pupils, ensure_year(connection, year), seed)
        provinces = pd.read_sql(select(Province), connection)
        levels = pd.read_sql(select(Level), connection)
        bar.update()

        bar.set_postfix_str(steps[1])
        communes, schools, sizes = generate.communes_and_schools(spec, provinces, levels)
        counts["communes"] = insert_frame(connection, Commune.__table__, communes)
        counts["schools"] = insert_frame(connection, School.__table__, schools)
        bar.update()

        bar.set_postfix_str(steps[2])
        classes, places = generate.classes_and_places(spec, schools, sizes, levels)
        counts["classes"] = insert_frame(connection, SchoolClass.__table__, classes)
        bar.update()

        bar.set_postfix_str(steps[3])
        frames = generate.pupils_and_households(spec, places, classes, schools, communes, provinces, levels)
        # On SQLite a large demo's absences are drawn and staged by a helper process while this one copies.
        aside = (absence_load.draw_aside(spec, frames.enrolments, schools, communes, ABSENCE_CHUNK)
                 if connection.dialect.name == "sqlite" and len(frames.enrolments) >= ASIDE_ENROLMENTS else [])
        try:
            with StagedLoad(connection) as stage:  # millions of rows nationally
                counts["pupils"] = stage.add(Pupil.__table__, frames.pupils)
                counts["enrolments"] = stage.add(Enrolment.__table__, frames.enrolments)
                counts["guardians"] = stage.add(Guardian.__table__, frames.guardians)
                counts["pupil_guardians"] = stage.add(PupilGuardian.__table__, frames.pupil_guardians)
            bar.update()

            bar.set_postfix_str(steps[4])
            counts["absences"], by_school = (
                absence_load.copy_parts(connection, aside) if aside
                else absence_load.write_in_line(connection, spec, frames.enrolments, schools, communes, ABSENCE_CHUNK))
        except BaseException:
            absence_load.discard_parts(aside)
            raise
        insert_frame(connection, AbsenceSchoolMonth.__table__, pd.concat(by_school).groupby(
            ["year", "school_code", "month"], as_index=False, sort=True)[["days", "unjustified_days"]].sum())
        bar.update()

        data = generate.DemoData(spec, frames, levels)
        for programme in hooks:
            bar.set_postfix_str(programme.id)
            counts.update(programme.demo(connection, data))
            bar.update()

        bar.set_postfix_str(steps[-1])
        counts["users"] = create_demo_accounts(connection, demo_accounts(schools, communes))
        analyze(connection)
        record_event(connection, "build demo" + (" (replace)" if replace else ""), counts)
        bar.update()
    bar.close()
    return counts
