"""The import kinds the workbench accepts, by the name used on the command line: the core kinds here, and each
programme's from the registry."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from workbench.catalogue import did_you_mean, text
from workbench.exceptions import InputError
from workbench.imports.base import ImportKind, ImportReport


def core_kinds() -> tuple[type[ImportKind], ...]:
    from workbench.imports.absences import AbsencesImport
    from workbench.imports.hierarchy import CommunesImport, SchoolsImport
    from workbench.imports.households import GuardiansImport
    from workbench.imports.pupils import PupilsImport

    return (CommunesImport, SchoolsImport, PupilsImport, GuardiansImport, AbsencesImport)


def kinds() -> dict[str, type[ImportKind]]:
    """Kind name -> import class: the core kinds, then each programme's in registry order (which refuses a name
    two of them declare)."""
    from workbench.registry import import_kinds

    return {**{kind.spec.kind: kind for kind in core_kinds()},
            **{name: kind for name, (_, kind) in import_kinds().items()}}


def import_file(engine: Engine, kind: str, path: Path, *, dry_run: bool = False, **options: object) -> ImportReport:
    """Validate `path` as a `kind` file and write it in one transaction (nothing at all if anything is wrong)."""
    known = kinds()
    if kind not in known:
        raise InputError(did_you_mean(text("error.unknown_kind", kind=kind, known=", ".join(known)), kind, known))
    return known[kind](**options).run(engine, Path(path), dry_run=dry_run)


__all__ = ["ImportReport", "import_file", "kinds"]
