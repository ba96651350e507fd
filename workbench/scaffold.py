"""`workbench new-programme ID`: a new programme written from the templates of workbench/templates/new_programme/,
which passes the checks and tests at once: its package (the declaration with lazy hooks, labels.csv, one table keyed
on school and year, one import kind, its query through the scope join, the campaign writing one CSV, the app state),
its notebook pair, its app, the migration continuing the chain and its tests (ARCHITECTURE.md, "Recipe: add a
programme"). The templates take the id: this module names no programme."""

from __future__ import annotations

import dataclasses
import json
import keyword
import re
import string
from dataclasses import dataclass
from pathlib import Path

from workbench import config
from workbench.catalogue import text
from workbench.exceptions import InputError

TEMPLATES = Path(__file__).resolve().parent / "templates" / "new_programme"
# Lowercase words joined by underscores; short enough for PostgreSQL's 63-character constraint names
# (fk_<id>_records_school_code_schools).
IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
LONGEST = 30

# Template -> the file it becomes, relative to the checkout.
FILES = {
    "package_init.py.tmpl": "workbench/programmes/{id}/__init__.py",
    "labels.csv.tmpl": "workbench/programmes/{id}/labels.csv",
    "models.py.tmpl": "workbench/programmes/{id}/models.py",
    "imports.py.tmpl": "workbench/programmes/{id}/imports.py",
    "queries.py.tmpl": "workbench/programmes/{id}/queries.py",
    "campaign.py.tmpl": "workbench/programmes/{id}/campaign.py",
    "desk.py.tmpl": "workbench/programmes/{id}/desk.py",
    "app.py.tmpl": "apps/{id}.py",
    "migration.py.tmpl": "workbench/migrations/versions/{revision}_{id}.py",
    "test.py.tmpl": "tests/programmes/{id}/test_{id}.py",
}
NOTEBOOK = "notebook.py.tmpl"  # notebooks/<id>.py and its paired .ipynb, written by jupytext


@dataclass(frozen=True)
class Names:
    """The names a new programme's files use, all made from its id."""

    id: str
    revision: str
    down_revision: str

    @property
    def kind(self) -> str:
        return self.id.replace("_", "-")

    @property
    def table(self) -> str:
        return f"{self.id}_records"

    @property
    def values(self) -> dict[str, str]:
        """What the templates' $names stand for."""
        return {"id": self.id, "camel": "".join(part.capitalize() for part in self.id.split("_")),
                "title": self.id.replace("_", " ").capitalize(), "kind": self.kind, "table": self.table,
                "revision": self.revision, "down_revision": self.down_revision, "parameters": _parameters_cell()}


def new_programme(programme_id: str, root: Path | None = None) -> list[Path]:
    """Write the programme `programme_id` into the checkout at `root` (the workbench's own by default); returns the
    files written. An id that is not a lowercase identifier, or that a programme, file, import kind or table
    already has, is refused before anything is written."""
    root = Path(root or config.PROJECT_ROOT)
    check_id(programme_id)
    _refuse_taken(programme_id, root)
    down = _head(root)
    names = Names(programme_id, _next(down), down)
    values = names.values
    written = []
    for template, target in FILES.items():
        path = root / target.format(id=programme_id, revision=names.revision)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(string.Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values),
                        encoding="utf-8")
        written.append(path)
    tests_package = root / "tests" / "programmes" / programme_id / "__init__.py"
    tests_package.write_text("", encoding="utf-8")
    written.append(tests_package)
    written += _notebook(string.Template((TEMPLATES / NOTEBOOK).read_text(encoding="utf-8")).substitute(values),
                         root / "notebooks" / f"{programme_id}.py")
    return written


def check_id(programme_id: str) -> None:
    if (not IDENTIFIER.fullmatch(programme_id) or keyword.iskeyword(programme_id)
            or len(programme_id) > LONGEST):
        raise InputError(text("error.new_programme_id", id=programme_id, longest=LONGEST))


def _refuse_taken(programme_id: str, root: Path) -> None:
    """The id, or a name made from it, already in use: a programme (built in or on WORKBENCH_PROGRAMME_PATH), a file
    of the checkout, an import kind, a table."""
    from workbench import registry

    taken = [f"programme {programme_id}"] if programme_id in registry.programmes() else []
    for place in ("workbench/programmes/{id}", "apps/{id}.py", "notebooks/{id}.py", "notebooks/{id}.ipynb",
                  "tests/programmes/{id}"):
        if (root / place.format(id=programme_id)).exists():
            taken.append(place.format(id=programme_id))
    names = Names(programme_id, "", "")
    kind, table = names.kind, names.table
    if kind in registry.import_kinds() or kind in _core_kinds():
        taken.append(f"import {kind}")
    if table in _tables():
        taken.append(f"table {table}")
    if taken:
        raise InputError(text("error.new_programme_taken", id=programme_id, where=", ".join(dict.fromkeys(taken))))


def _core_kinds() -> set[str]:
    from workbench.imports import core_kinds

    return {kind.spec.kind for kind in core_kinds()}


def _tables() -> set[str]:
    from workbench.models import Base
    from workbench.registry import load_models

    load_models()
    return set(Base.metadata.tables)


def _head(root: Path) -> str:
    """The revision the new migration continues: the chain's one head."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory(str(root / "workbench" / "migrations")).get_heads()
    if len(heads) != 1:
        raise InputError(text("error.new_programme_heads", heads=", ".join(heads) or "-"))
    return heads[0]


def _next(revision: str) -> str:
    """The revision after `revision`, numbered as the chain is (0017 -> 0018)."""
    if revision.isdigit():
        return f"{int(revision) + 1:0{len(revision)}d}"
    import uuid

    return uuid.uuid4().hex[:12]


def _parameters_cell() -> str:
    """The notebook's `parameters` cell: exactly RunParameters' fields, with their defaults and help."""
    from workbench.programme import RunParameters

    lines = []
    for field in dataclasses.fields(RunParameters):
        kind = field.type if isinstance(field.type, str) else field.type.__name__
        value = json.dumps(field.default) if isinstance(field.default, str) else repr(field.default)
        lines.append(f"{field.name}: {kind} = {value}  # {field.metadata['help']}")
    return "\n".join(lines)


def _notebook(source: str, script: Path) -> list[Path]:
    """The notebook's jupytext .py and its paired .ipynb, written from one document so that the pair agrees."""
    import jupytext

    notebook = jupytext.reads(source, fmt="py:percent")
    notebook.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    paired = script.with_suffix(".ipynb")
    jupytext.write(notebook, paired)
    jupytext.write(notebook, script, fmt="py:percent")
    return [script, paired]
