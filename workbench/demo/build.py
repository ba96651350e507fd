"""Write a generated demo into the database, in one transaction, with a progress bar."""

from __future__ import annotations


import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, select, update
from tqdm import tqdm

from workbench import absence_months
from workbench.bulk import analyze, insert_frame
from workbench.db import require_schema, write_transaction
from workbench.demo import generate, grants, schoolbags, tayssir
from workbench.exceptions import InputError
from workbench.models import (
    Absence,
    AbsenceMonth,
    Commune,
    Complaint,
    GrantApplication,
    GrantChange,
    GrantPublished,
    GrantQuota,
    TayssirEnrolment,
    TayssirLine,
    TayssirOverride,
    TayssirPayment,
    TayssirPeriod,
    Delivery,
    Distribution,
    KitComposition,
    KitItem,
    ReturnedBook,
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
from workbench.access.guard import record_event
from workbench.demo.accounts import create_demo_accounts, demo_accounts
from workbench.reference import ensure_year, load_reference

MIN_PUPILS, MAX_PUPILS = 1_000, 8_000_000
ABSENCE_CHUNK = 500_000
# Data tables, children first: what `--replace` empties (reference tables stay).
DATA_TABLES = (Validation, GrantChange, GrantPublished, GrantApplication, GrantQuota, TayssirOverride, TayssirPayment, TayssirLine, Complaint, TayssirEnrolment,
               Distribution, Delivery, ReturnedBook, KitComposition, KitItem, AbsenceMonth, Absence, PupilGuardian, Guardian,
               Enrolment, Pupil, SchoolClass, School, Commune)


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
        raise InputError(f"Unknown region '{region}'. Known regions: {known}, or 'all'.")
    return tuple(match["code"])


def build_demo(engine: Engine, *, region: str, pupils: int, year: str, seed: int = 2026,
               replace: bool = False, progress: bool = True) -> dict[str, int]:
    """Generate and write a synthetic region; returns the number of rows written per table."""
    if not MIN_PUPILS <= pupils <= MAX_PUPILS:
        raise InputError(f"--pupils must be between {MIN_PUPILS:,} and {MAX_PUPILS:,} (got {pupils:,}).")
    require_schema(engine)
    counts: dict[str, int] = {}
    steps = ["reference", "communes and schools", "classes", "pupils and households", "absences", "schoolbags", "tayssir", "grants"]
    bar = tqdm(total=len(steps), desc="demo", unit="step", disable=not progress)
    with write_transaction(engine) as connection:
        load_reference(connection)
        if connection.execute(select(func.count()).select_from(Pupil)).scalar_one():
            if not replace:
                raise InputError("The database already holds pupils: use --replace to rebuild the demo over them.")
            connection.execute(delete(User).where(User.school_code.is_not(None)))  # their schools go too
            for model in DATA_TABLES:
                connection.execute(delete(model))
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
        counts["pupils"] = insert_frame(connection, Pupil.__table__, frames.pupils)
        counts["enrolments"] = insert_frame(connection, Enrolment.__table__, frames.enrolments)
        counts["guardians"] = insert_frame(connection, Guardian.__table__, frames.guardians)
        counts["pupil_guardians"] = insert_frame(connection, PupilGuardian.__table__, frames.pupil_guardians)
        bar.update()

        bar.set_postfix_str(steps[4])
        counts["absences"] = 0
        for number, start in enumerate(range(0, len(frames.enrolments), ABSENCE_CHUNK)):
            chunk = frames.enrolments.iloc[start : start + ABSENCE_CHUNK]
            rows = generate.absences(spec, chunk, schools, communes, chunk=number)
            counts["absences"] += insert_frame(connection, Absence.__table__, rows)
            insert_frame(connection, AbsenceMonth.__table__, absence_months.from_frame(rows))
        bar.update()

        bar.set_postfix_str(steps[5])
        items = schoolbags.catalogue(levels)
        kit = schoolbags.composition(spec.year)
        counts["kit_items"] = insert_frame(connection, KitItem.__table__, items)
        counts["kit_composition"] = insert_frame(connection, KitComposition.__table__, kit)
        activity = schoolbags.activity(seed, spec.year, frames.enrolments, schools, communes, items, kit)
        counts["returned_books"] = insert_frame(connection, ReturnedBook.__table__, activity["returned_books"])
        counts["deliveries"] = insert_frame(connection, Delivery.__table__, activity["deliveries"])
        counts["distributions"] = insert_frame(connection, Distribution.__table__, activity["distributions"])
        bar.update()

        bar.set_postfix_str(steps[6])
        registered = tayssir.registrations(seed, spec.year, frames.enrolments, schools, communes,
                                           frames.pupil_guardians)
        counts["tayssir_enrolments"] = insert_frame(connection, TayssirEnrolment.__table__, registered)
        counts["complaints"] = insert_frame(connection, Complaint.__table__,
                                            tayssir.complaints(seed, spec.year, registered))
        connection.execute(update(TayssirPeriod).where(TayssirPeriod.year == spec.year).values(issued_on=None))
        bar.update()

        bar.set_postfix_str(steps[7])
        applications = grants.applications(seed, spec.year, frames.enrolments, schools, communes)
        counts["grant_applications"] = insert_frame(connection, GrantApplication.__table__, applications)
        counts["grant_quotas"] = insert_frame(connection, GrantQuota.__table__, grants.quotas(
            seed, spec.year, applications, frames.enrolments, schools, communes))
        counts["users"] = create_demo_accounts(connection, demo_accounts(schools, communes))
        analyze(connection)
        record_event(connection, "build demo" + (" (replace)" if replace else ""), counts)
        bar.update()
    bar.close()
    return counts



