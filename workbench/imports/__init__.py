"""The import kinds the workbench accepts, by the name used on the command line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from workbench.exceptions import InputError
from workbench.imports.absences import AbsencesImport
from workbench.imports.base import ImportKind, ImportReport
from workbench.imports.grants import GrantApplicationsImport, GrantQuotasImport
from workbench.imports.hierarchy import CommunesImport, SchoolsImport
from workbench.imports.households import GuardiansImport
from workbench.imports.pupils import PupilsImport
from workbench.imports.tayssir import ComplaintsImport, TayssirEnrolmentsImport, TayssirPaymentsImport
from workbench.imports.schoolbags import (
    DeliveriesImport,
    DistributionsImport,
    KitCompositionImport,
    KitItemsImport,
    ReturnedBooksImport,
)

KINDS: dict[str, type[ImportKind]] = {
    "communes": CommunesImport,
    "schools": SchoolsImport,
    "massar-pupils": PupilsImport,
    "guardians": GuardiansImport,
    "absences": AbsencesImport,
    "kit-items": KitItemsImport,
    "kit-composition": KitCompositionImport,
    "returned-books": ReturnedBooksImport,
    "deliveries": DeliveriesImport,
    "distributions": DistributionsImport,
    "tayssir-enrolments": TayssirEnrolmentsImport,
    "tayssir-payments": TayssirPaymentsImport,
    "complaints": ComplaintsImport,
    "grant-applications": GrantApplicationsImport,
    "grant-quotas": GrantQuotasImport,
}


def import_file(engine: Engine, kind: str, path: Path, *, dry_run: bool = False, **options: object) -> ImportReport:
    """Validate `path` as a `kind` file and write it in one transaction (nothing at all if anything is wrong)."""
    if kind not in KINDS:
        raise InputError(f"Unknown import kind '{kind}'. Known kinds: {', '.join(KINDS)}.")
    return KINDS[kind](**options).run(engine, Path(path), dry_run=dry_run)


__all__ = ["KINDS", "ImportReport", "import_file"]
