"""The one registry of programmes: every subpackage of `workbench.programmes` (and of the folders named by the
WORKBENCH_PROGRAMME_PATH setting) that defines a `PROGRAMME` is one. Modelled on Kedro's `find_pipelines()`.

Finding the programmes imports only their packages' `__init__.py`, which declare their hooks as "module:attribute"
references (workbench.programme): `workbench --help` lists them without loading pandas or SQLAlchemy's ORM. What
two programmes must not share is checked where it is known: their ids, campaign names, app paths, legacy command
names and the programmes they require when they are found; their command groups' names when the command line asks
for them (`commands`); their import kinds' names when the kinds are loaded (`import_kinds`); their tables' names
when the tables are (`load_models`)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from workbench import config
from workbench.catalogue import did_you_mean, text
from workbench.exceptions import InputError, WorkbenchError
from workbench.programme import Programme

if TYPE_CHECKING:
    import click

    from workbench.imports.base import ImportKind

_BUILT_IN: list[str] = []


def _package_path() -> list[str]:
    """The package's own folder, then the folders of the WORKBENCH_PROGRAMME_PATH setting."""
    import workbench.programmes as package

    if not _BUILT_IN:
        _BUILT_IN.extend(package.__path__)
    extra = [folder for folder in config.PROGRAMME_PATH.value().split(":") if folder]
    package.__path__[:] = [*_BUILT_IN, *(f for f in extra if f not in _BUILT_IN)]
    return list(package.__path__)


def _packages() -> list[str]:
    """The programme packages' names, refusing one name found in two folders (the second would be hidden)."""
    where: dict[str, str] = {}
    for folder in _package_path():
        for info in pkgutil.iter_modules([folder]):
            if not info.ispkg:
                continue
            if info.name in where:
                raise InputError(text("error.programme_twice", name=info.name, first=where[info.name], second=folder))
            where[info.name] = folder
    return list(where)


@cache
def programmes() -> dict[str, Programme]:
    """Id -> programme, in their declared order."""
    found: list[Programme] = []
    for name in _packages():
        module = importlib.import_module(f"workbench.programmes.{name}")
        programme = getattr(module, "PROGRAMME", None)
        if not isinstance(programme, Programme):
            continue
        if programme.id != name:
            raise WorkbenchError(text("error.programme_id", package=module.__name__, id=programme.id))
        found.append(programme)
    ordered = {p.id: p for p in sorted(found, key=lambda p: (p.order, p.id))}
    _check_declarations(ordered)
    return ordered


def _refuse_twice(what: str, owners: Iterable[tuple[str, str]]) -> None:
    """Refuses a name two programmes declare: `owners` are (name, programme id) pairs; `what` names the kind of
    name (`registry.<what>` in the catalogue: a campaign, a table...)."""
    seen: dict[str, str] = {}
    for name, owner in owners:
        if name in seen and seen[name] != owner:
            raise InputError(text("error.programme_clash", what=text(f"registry.{what}"), name=name,
                                  first=seen[name], second=owner))
        seen.setdefault(name, owner)


def app_paths(programme: Programme) -> list[str]:
    """The paths (first segment of the URL) of a programme's apps: its own (`apps/<id>.py`) and its realms'."""
    own = [programme.id] if programme.app_state else []
    return [*own, *(app for realm in programme.realms for app in realm.apps)]


def _check_declarations(found: dict[str, Programme]) -> None:
    """What the programmes' `__init__.py` declare, checked without importing anything of theirs."""
    # `workbench run NAME` and `registry.programme(NAME)` find a programme by its id or its campaign's name.
    _refuse_twice("campaign", ((name, p.id) for p in found.values() for name in {p.id, p.campaign_name}))
    _refuse_twice("app", ((path, p.id) for p in found.values() for path in app_paths(p)))
    _refuse_twice("command", ((name, p.id) for p in found.values()
                              for name in [*([p.id] if p.declared("cli") is not None else []), *p.legacy_commands]))
    for p in found.values():
        unknown = [name for name in p.requires if name not in found]
        if unknown:
            raise InputError(text("error.programme_requires", programme=p.id, missing=", ".join(unknown),
                                  known=", ".join(found)))


def refresh() -> None:
    """Forget what was found (a test adds a programme folder)."""
    programmes.cache_clear()


def programme(name: str) -> Programme:
    """A programme by its id or by its campaign's name, which a programme may keep from an earlier release."""
    for found in programmes().values():
        if name in (found.id, found.campaign_name):
            return found
    names = [p.campaign_name for p in programmes().values()]
    raise InputError(did_you_mean(text("error.unknown_campaign", name=name, known=", ".join(names)), name, names))


def campaigns() -> dict[str, Programme]:
    """Campaign name -> programme, for the programmes that have a notebook to run (their computation not imported)."""
    return {p.campaign_name: p for p in programmes().values() if p.declared("compute") is not None}


def commands(reserved: Iterable[str] = ()) -> dict[str, tuple[Programme, click.Command, str]]:
    """Top-level command name -> (programme, command, its name in the programme's group when it is a legacy name):
    each programme's group (named by its id), its further groups and its legacy names (an old spelling of a command
    of its group). Importing a programme's `cli.py` imports only what its groups declare. A name the generic command
    line (`reserved`) or another programme already has is refused."""
    owners = [(name, "workbench") for name in reserved]
    found: dict[str, tuple[Programme, click.Command, str]] = {}
    for p in programmes().values():
        if p.cli is not None:
            found[p.id] = (p, p.cli, "")
        for group in p.commands:
            found[group.name] = (p, group, "")
        owners += [(p.id, p.id)] if p.cli is not None else []
        owners += [(group.name, p.id) for group in p.commands]
    _refuse_twice("command", owners)  # the legacy names were checked with the declarations
    for p in programmes().values():
        for old, new in p.legacy_commands.items():
            if old in found or old in reserved:
                raise InputError(text("error.programme_clash", what=text("registry.command"), name=old,
                                      first=found[old][0].id if old in found else "workbench", second=p.id))
            found[old] = (p, p.cli, new)
    return found


@cache
def _core_kinds() -> tuple[str, ...]:
    from workbench.imports import core_kinds

    return tuple(kind.spec.kind for kind in core_kinds())


def import_kinds() -> dict[str, tuple[Programme, type[ImportKind]]]:
    """Import kind name -> (programme, its class), in the programmes' order; a name a core kind or another programme
    already has is refused."""
    found = {(kind.spec.kind, p.id): (p, kind) for p in programmes().values() for kind in p.imports}
    _refuse_twice("import_kind", [*((name, "workbench") for name in _core_kinds()), *found])
    return {name: value for (name, _), value in found.items()}


def import_columns(kind: str) -> tuple:
    """The columns programmes add to a core import kind."""
    return tuple(column for p in programmes().values() for column in p.import_columns.get(kind, ()))


def tables(programme: Programme) -> tuple[type, ...]:
    """A programme's models (children first), imported; a table of the same name as another programme's, already
    known to the metadata, is refused before SQLAlchemy's own error."""
    from sqlalchemy.exc import InvalidRequestError

    try:
        return programme.tables
    except InvalidRequestError as exc:  # its models module defines a table the metadata already holds
        raise WorkbenchError(text("error.programme_tables", programme=programme.id, detail=exc)) from exc


def load_models() -> None:
    """Import every programme's tables, so that they are in `Base.metadata` (migrations, `demo --replace`), refusing
    a table name two programmes declare."""
    _refuse_twice("table", ((model.__table__.name, p.id) for p in programmes().values() for model in tables(p)))


def realm_of(app: str):
    """The realm (workbench.programme.Realm) an app is served in, or None for the staff apps."""
    for found in programmes().values():
        for realm in found.realms:
            if app in realm.apps:
                return realm
    return None
