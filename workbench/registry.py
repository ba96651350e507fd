"""The one registry of programmes: every subpackage of `workbench.programmes` (and of the folders named by the
WORKBENCH_PROGRAMME_PATH setting) that defines a `PROGRAMME` is one. Modelled on Kedro's `find_pipelines()`."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from workbench import config
from workbench.catalogue import text
from workbench.exceptions import InputError, WorkbenchError
from workbench.programme import Programme

_BUILT_IN: list[str] = []


def _package_path() -> list[str]:
    """The package's own folder, then the folders of the WORKBENCH_PROGRAMME_PATH setting."""
    import workbench.programmes as package

    if not _BUILT_IN:
        _BUILT_IN.extend(package.__path__)
    extra = [folder for folder in config.PROGRAMME_PATH.value().split(":") if folder]
    package.__path__[:] = [*_BUILT_IN, *(f for f in extra if f not in _BUILT_IN)]
    return list(package.__path__)


@cache
def programmes() -> dict[str, Programme]:
    """Id -> programme, in their declared order."""
    found: list[Programme] = []
    for info in pkgutil.iter_modules(_package_path(), "workbench.programmes."):
        if not info.ispkg:
            continue
        module = importlib.import_module(info.name)
        programme = getattr(module, "PROGRAMME", None)
        if not isinstance(programme, Programme):
            continue
        if programme.id != info.name.rsplit(".", 1)[1]:
            raise WorkbenchError(f"The programme in {info.name} is called '{programme.id}': a programme's id is the "
                                 "name of its package.")
        found.append(programme)
    return {p.id: p for p in sorted(found, key=lambda p: (p.order, p.id))}


def refresh() -> None:
    """Forget what was found (a test adds a programme folder)."""
    programmes.cache_clear()


def programme(name: str) -> Programme:
    """A programme by its id or by its campaign's name, which a programme may keep from an earlier release."""
    for found in programmes().values():
        if name in (found.id, found.campaign_name):
            return found
    known = ", ".join(p.campaign_name for p in programmes().values())
    raise InputError(text("error.unknown_campaign", name=name, known=known))


def campaigns() -> dict[str, Programme]:
    """Campaign name -> programme, for the programmes that have a notebook to run."""
    return {p.campaign_name: p for p in programmes().values() if p.compute is not None}


def import_columns(kind: str) -> tuple:
    """The columns programmes add to a core import kind."""
    return tuple(column for p in programmes().values() for column in p.import_columns.get(kind, ()))


def load_models() -> None:
    """Import every programme, so that its tables are in `Base.metadata`."""
    programmes()
