"""What a programme package declares: one `PROGRAMME` object that the registry finds by scanning
`workbench/programmes/` (see ARCHITECTURE.md).

Generic code (CLI, runner, reference data, demo, access) reads these declarations and names no programme.

A programme's hooks (its computation, tables, import kinds, command groups, demo...) may be declared as
"module:attribute" references rather than objects: the registry then finds programmes without importing what they
run (pandas, SQLAlchemy's ORM, HoloViews...), and a hook's module is imported the first time it is read
(`PROGRAMME.compute` is then the function itself). `declared(name)` reads a field without resolving it.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import config
from workbench.catalogue import Label, text

if TYPE_CHECKING:
    import click
    from sqlalchemy import Connection

    from workbench.demo.generate import DemoData
    from workbench.imports.base import ImportKind
    from workbench.imports.columns import Column
    from workbench.run_context import RunContext


def resolve(reference: str, package: str | None = None) -> Any:
    """The object a "module:attribute" reference names (the attribute may be dotted: "module:Class.name"); a module
    starting with a dot is relative to `package` (".campaign:compute" in a programme's declaration)."""
    module, sep, name = reference.partition(":")
    if not sep or not module or not name or (module.startswith(".") and not package):
        from workbench.exceptions import WorkbenchError

        raise WorkbenchError(text("error.programme_reference", reference=reference))
    found: Any = importlib.import_module(module, package)
    for part in name.split("."):
        found = getattr(found, part)
    return found


def _resolved(value: Any, package: str | None) -> Any:
    """A declaration with its references resolved: a reference, each reference of a tuple, each value of a mapping
    (a tuple of references under each key, for `import_columns`)."""
    if isinstance(value, str):
        return resolve(value, package)
    if isinstance(value, tuple):
        return tuple(_resolved(item, package) for item in value)
    if isinstance(value, Mapping):
        return {key: _resolved(item, package) for key, item in value.items()}
    return value


def _unresolved(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, tuple):
        return any(_unresolved(item) for item in value)
    if isinstance(value, Mapping):
        return any(_unresolved(item) for item in value.values())
    return False


class _Lazy:
    """Resolves the fields named in `_LAZY` on first read and keeps what they name (see the module's docstring)."""

    _LAZY: frozenset[str] = frozenset()

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name in object.__getattribute__(self, "_LAZY") and _unresolved(value):
            value = _resolved(value, object.__getattribute__(self, "_package")())
            object.__setattr__(self, name, value)  # frozen dataclass: once, the same object each time after
        return value

    def _package(self) -> str | None:
        """The package a relative reference (".module:attribute") starts from; None: absolute references only."""
        return None

    def declared(self, name: str) -> Any:
        """A field without resolving it: a reference not read yet is still its string (nothing is imported)."""
        return object.__getattribute__(self, name)


@dataclass(frozen=True)
class RunParameters:
    """The parameters of every campaign notebook, declared once: the notebook's `parameters` cell, `workbench run`
    (its options and `--param`), the apps and the docs read them. A programme subclasses it to add its own; each
    field's `help` metadata is what `run --help` prints."""

    db_url: str = field(default="", metadata={"help": "SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting "
                                                      "(the runner passes it through the environment)"})
    year: str = field(default="", metadata={"help": "school year YYYY-YYYY; empty: the workbench's default year"})
    region: str = field(default="", metadata={"help": "region code or name; all three empty: the whole database"})
    province: str = field(default="", metadata={"help": "province code (e.g. 0301) or name"})
    school: str = field(default="", metadata={"help": "school code (e.g. 12472K)"})
    out_dir: str = field(default=".", metadata={"help": "folder of the CSV and Excel files"})
    approved_only: bool = field(default=False, metadata={
        "help": "True: only the schools whose data of this campaign is approved"})

    @classmethod
    def own_fields(cls) -> list[dataclasses.Field]:
        """The fields a programme adds (its `workbench run` options and `--param` names)."""
        common = {f.name for f in dataclasses.fields(RunParameters)}
        return [f for f in dataclasses.fields(cls) if f.name not in common]

    @classmethod
    def types(cls) -> dict[str, type]:
        kinds = {"str": str, "bool": bool, "int": int, "float": float}
        return {f.name: kinds[f.type if isinstance(f.type, str) else f.type.__name__] for f in dataclasses.fields(cls)}

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        return {f.name: f.default for f in dataclasses.fields(cls)}


@dataclass(frozen=True)
class Realm(_Lazy):
    """Apps served to people who are not staff accounts (`workbench serve` keeps them apart, workbench.webauth):
    either a login realm of its own (its login page and its own session cookie, so a staff session never opens
    it and its sessions never open a staff app), or public (no login at all)."""

    apps: tuple[str, ...]  # the apps (their first path segment) of the realm
    cookie: str = ""  # the signed cookie holding its sessions' tokens; empty: a public realm
    # Its login page for GET and POST (a coroutine taking the Tornado request handler), and the end of a session.
    login: Callable[[Any], Any] | None = None
    logout: Callable[[str | None], None] | None = None
    # Who a session token belongs to (a name for the server, or None when the session is not live).
    user_of: Callable[[str | None], str | None] | None = None

    _LAZY = frozenset({"login", "logout", "user_of"})  # each a function or a "module:function" reference


@dataclass(frozen=True)
class Programme(_Lazy):
    """A programme: its id names the package, notebook, app, CLI group, validated dataset and demo data; its
    user-facing text (title, labels, report sentences) is in its package's labels.csv.

    The fields of `_LAZY` take an object or a "module:attribute" reference, resolved when first read
    (".campaign:compute" is relative to its package, `workbench.programmes.<id>`); the tuples (`imports`, `tables`,
    `commands`) and `import_columns` may hold references, or be one reference to the whole. Its `cli.py` (its
    groups) imports nothing heavy at its top: `workbench --help` reads the groups' help."""

    id: str
    # Name of its `workbench run` campaign and of its reports folder; the id when not given.
    campaign: str = ""
    order: int = 50  # place in listings, the demo and reports/index.html
    parameters: type[RunParameters] = RunParameters
    # The computation: (connection, run context) -> a result object; then the files written beside the report.
    compute: Callable[[Connection, RunContext], Any] | None = None
    write_outputs: Callable[[Connection, Any, RunContext], list[Path]] | None = None
    # Checks and completes the programme's own run parameters (e.g. a payment period) before the notebook runs.
    prepare_run: Callable[[Connection, str, dict[str, Any]], dict[str, Any]] | None = None
    imports: tuple[type[ImportKind], ...] = ()
    # Columns the programme adds to a core import kind ("communes": a targeting flag).
    import_columns: Mapping[str, tuple[Column, ...]] = field(default_factory=dict)
    tables: tuple[type, ...] = ()  # its models, children first (what `demo --replace` empties)
    cli: click.Group | None = None
    # Further top-level command groups, named for what they act on when a contract fixes the name
    # (`workbench certificate verify`).
    commands: tuple[click.Group, ...] = ()
    legacy_commands: Mapping[str, str] = field(default_factory=dict)  # old top-level name -> command of `cli`
    year_defaults: Callable[[Connection, str], None] | None = None  # a new school year's rows from data/reference
    demo: Callable[[Connection, DemoData], dict[str, int]] | None = None
    demo_steps: tuple[tuple[str, ...], ...] = ()  # `workbench` calls that `demo-runs` makes to show the programme
    # The validated dataset: its own (named by `<id>.dataset` in its labels.csv), or a core one it reads ("pupils").
    own_dataset: bool = False
    dataset: str = ""
    app_state: str = ""  # "module:Class" of the state its app (apps/<id>.py) draws
    app_roles: tuple[str, ...] = ("director", "province_officer", "region_officer", "trainer", "administrator")
    notebook_path: Path | None = None  # default notebooks/<id>.ipynb
    realms: tuple[Realm, ...] = ()  # apps of its own served outside the staff login (families, the public)
    # What it refuses a server for, checked by `workbench serve` before it starts: (the address served, whether
    # --demo was given) -> why not (a catalogue text), or None (e.g. letters for families printing this machine's
    # address from a server others reach).
    serve_check: Callable[[str, bool], Label | None] | None = None
    # Its `--all-provinces` fan-out also writes each region's report beside its provinces' (`<out>/<region code>/`),
    # linked first from the fan-out's index.html.
    region_reports: bool = False
    # The programmes whose packages it imports (their rules, queries or tables): `tests/test_registry.py` checks
    # that every `workbench.programmes.<other>` import is declared here, and the registry that each exists.
    requires: tuple[str, ...] = ()

    _LAZY = frozenset({"parameters", "compute", "write_outputs", "prepare_run", "imports", "import_columns", "tables",
                       "cli", "commands", "year_defaults", "demo", "serve_check"})

    def _package(self) -> str:
        return f"workbench.programmes.{self.id}"

    @property
    def title(self) -> Label:
        """Its name in French and Arabic: `<id>.title` of its labels.csv (workbench.catalogue)."""
        return text(f"{self.id}.title")

    @property
    def campaign_name(self) -> str:
        return self.campaign or self.id

    @property
    def dataset_name(self) -> str:
        return self.dataset or self.id

    @property
    def notebook(self) -> Path:
        return self.notebook_path or config.NOTEBOOKS_DIR / f"{self.id}.ipynb"

    def load_app_state(self) -> type:
        return resolve(self.app_state, self._package())
