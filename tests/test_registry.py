"""The registry finds programmes by scanning packages: those built in, and a throwaway one written by a test in a
folder of its own, whose import kind, campaign and command group then work through the generic CLI. It refuses two
programmes declaring the same name, and finds them without importing what they run, so that the command line starts
at once."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import jupytext
import pandas as pd
import pytest
from handbuilt import run
from massar_files import write_csv

import workbench.programmes
from workbench import config, registry
from workbench.exceptions import InputError, WorkbenchError
from workbench.imports import kinds

PROGRAMMES_DIR = Path(workbench.programmes.__file__).parent
BUILT_IN = sorted(p.name for p in PROGRAMMES_DIR.iterdir() if (p / "__init__.py").exists())

THROWAWAY = '''
"""A programme written by a test: one import kind, a campaign and a command group, no table."""

from pathlib import Path

import click
from sqlalchemy import func, select

from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind
from workbench.models import Enrolment
from workbench.programme import Programme


class NotesImport(ImportKind):
    spec = c.TableSpec(kind="throwaway-notes", key=("massar_code",),
                       columns=(f.MASSAR, c.Column("note", c.number(0, 20))))

    def write(self, connection, frame):
        return {"notes checked": len(frame)}


def compute(connection, run):
    query = select(func.count()).select_from(Enrolment).where(Enrolment.year == run.year)
    return connection.execute(query).scalar_one()


def write_outputs(connection, pupils, run):
    target = Path(run.out_dir) / "throwaway.csv"
    target.write_text(f"year,pupils\\n{run.year},{pupils}\\n")
    return [target]


@click.group("throwaway")
def group():
    """A command group of the throwaway programme."""


@group.command("hello")
def hello():
    click.echo("hello from a plug-in")


PROGRAMME = Programme(id="throwaway", order=99, compute=compute,
                      write_outputs=write_outputs, imports=(NotesImport,), cli=group,
                      notebook_path=Path(__file__).with_name("throwaway.ipynb"))
'''

NOTEBOOK = '''
# %% [markdown] tags=["notebook-only"]
# # Jetable / مؤقت

# %% tags=["parameters"]
db_url: str = ""
year: str = ""
region: str = ""
province: str = ""
school: str = ""
out_dir: str = "."
approved_only: bool = False

# %%
from workbench.run_context import open_run

run = open_run("throwaway", **globals())
with run.engine.connect() as connection:
    pupils = run.compute(connection)
    run.write_outputs(connection, pupils)
pupils
'''


@pytest.fixture
def throwaway(tmp_path_factory, monkeypatch):
    folder = tmp_path_factory.mktemp("plugins")
    package = folder / "throwaway"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent(THROWAWAY))
    (package / "labels.csv").write_text("key,ar,fr\ntitle,مؤقت,Jetable\n", encoding="utf-8")
    notebook = jupytext.reads(textwrap.dedent(NOTEBOOK), fmt="py:percent")
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    jupytext.write(notebook, package / "throwaway.ipynb")
    monkeypatch.setenv(config.PROGRAMME_PATH.env, str(folder))
    registry.refresh()
    yield registry.programme("throwaway")
    monkeypatch.delenv(config.PROGRAMME_PATH.env)
    registry.refresh()
    sys.modules.pop("workbench.programmes.throwaway", None)
    registry.programmes()


def test_the_built_in_programmes_are_found_in_order():
    found = registry.programmes()
    assert len(BUILT_IN) > 1 and sorted(found) == BUILT_IN  # every package of workbench/programmes/ is one
    assert list(found) == sorted(found, key=lambda name: (found[name].order, name))
    assert list(registry.campaigns()) == [p.campaign_name for p in found.values() if p.compute is not None]
    for programme in found.values():
        assert registry.programme(programme.campaign_name) is programme  # a campaign's name finds its programme
        for name in programme._LAZY:  # every reference it declares names something
            assert not isinstance(getattr(programme, name), str), f"{programme.id}.{name}"
        assert all(not isinstance(getattr(realm, name), str) for realm in programme.realms for name in realm._LAZY)
        assert {kind.spec.kind for kind in programme.imports} <= set(kinds())
        assert all(model.__table__.name for model in programme.tables)
    assert "massar-pupils" in kinds()


def _imported_programmes(module: Path) -> set[str]:
    """The programmes whose packages a module of a programme package imports (absolute or relative)."""
    package = ["workbench", "programmes", *module.relative_to(PROGRAMMES_DIR).parent.parts]
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] if node.level else [])
            base = ".".join(part for part in (base, node.module or "") if part)
            names = [base] if node.module else [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name.split(".")[2] for name in names if name.startswith("workbench.programmes.")}
    return found


@pytest.mark.parametrize("name", BUILT_IN)
def test_a_programme_imports_only_the_programmes_it_requires(name):
    """Each module of a programme's package imports another programme's only when `requires` names it."""
    programme = registry.programmes()[name]
    imported = set().union(*(_imported_programmes(module) for module in (PROGRAMMES_DIR / name).rglob("*.py")))
    assert imported - {name} <= set(programme.requires), f"{name}: declare requires={sorted(imported - {name})}"
    assert set(programme.requires) <= set(registry.programmes())


def _modules_after(*args: str, before: str = "") -> set[str]:
    """The modules a fresh interpreter holds after `workbench ARGS` (its own process: this one imported all)."""
    code = (f"import sys, json\n{before}\nfrom workbench.cli import main\nsys.argv = ['workbench', *{list(args)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("run", "--help")], ids=["help", "run-help"])
def test_the_command_line_helps_without_loading_the_programmes_or_the_data_libraries(args):
    loaded = _modules_after(*args)
    heavy = {"pandas", "sqlalchemy.orm", "holoviews", "panel", "numpy", "pyarrow", "argon2", "workbench.models"}
    assert loaded & heavy == set()
    campaigns = {f"workbench.programmes.{name}.{module}" for name in BUILT_IN
                 for module in ("campaign", "models", "imports", "demo", "usage")}
    assert loaded & campaigns == set()
    assert {f"workbench.programmes.{name}" for name in BUILT_IN} <= loaded  # found, by their declarations only


@pytest.mark.parametrize("first", ["workbench", "pandas"])
def test_text_columns_stay_in_pandas_storage_whichever_is_imported_first(first):
    """`import workbench` sets pandas' string storage option when pandas loads, without importing pandas itself."""
    second = "pandas" if first == "workbench" else "workbench"
    code = (f"import sys\nimport {first}\nprint('pandas' in sys.modules)\nimport {second}\nimport pandas\n"
            "print(pandas.get_option('mode.string_storage'), type(pandas.Series(['a'], dtype='str').array).__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(first == "pandas"), "python", "StringArray"]


@pytest.mark.kernel
def test_a_new_programme_package_is_found_and_works_through_the_generic_cli(throwaway, tiny_demo_url, tmp_path):
    assert "throwaway-notes" in kinds() and throwaway.cli is not None
    help_text = run(tiny_demo_url, "import", "--help").output
    assert "throwaway-notes" in help_text and "massar_code, note" in help_text
    good = write_csv(tmp_path / "notes.csv", [{"massar_code": "A000000001", "note": "12"}])
    result = run(tiny_demo_url, "import", "throwaway-notes", good)
    assert result.exit_code == 0 and "1 notes checked" in result.output, result.output
    bad = write_csv(tmp_path / "bad.csv", [{"massar_code": "A000000001", "note": "25"}])
    result = run(tiny_demo_url, "import", "throwaway-notes", bad)
    assert result.exit_code == 2 and "est supérieur à 20" in result.output
    result = run(tiny_demo_url, "throwaway", "hello")
    assert result.exit_code == 0 and "hello from a plug-in" in result.output
    assert "throwaway" in run(tiny_demo_url, "--help").output
    result = run(tiny_demo_url, "run", "throwaway", "--out", tmp_path / "report")
    assert result.exit_code == 0, result.output
    written = pd.read_csv(tmp_path / "report" / "throwaway.csv")
    assert written["pupils"].iloc[0] == 2000  # the tiny demo's pupils, counted by the plug-in's compute
    assert "Jetable" in (tmp_path / "report" / "throwaway.html").read_text(encoding="utf-8")


def test_old_top_level_commands_still_work_and_name_the_new_spelling(tiny_demo_url):
    result = run(tiny_demo_url, "tayssir-settings")
    assert result.exit_code == 0, result.output
    assert "La commande workbench tayssir-settings s'écrit maintenant workbench tayssir settings" in result.output
    assert "tayssir-settings" not in run(tiny_demo_url, "--help").output  # hidden


@pytest.fixture
def plugins(tmp_path, monkeypatch):
    """Writes throwaway programme packages, {folder: {package: {file: source}}}, in folders of WORKBENCH_PROGRAMME_PATH
    and finds them again; forgets them afterwards."""
    written: list[str] = []

    def write(folders: dict[str, dict[str, dict[str, str]]]) -> None:
        for folder, packages in folders.items():
            for package, files in packages.items():
                (tmp_path / folder / package).mkdir(parents=True)
                for name, source in files.items():
                    (tmp_path / folder / package / name).write_text(textwrap.dedent(source), encoding="utf-8")
                written.append(package)
        monkeypatch.setenv(config.PROGRAMME_PATH.env, ":".join(str(tmp_path / folder) for folder in folders))
        registry.refresh()

    yield write
    monkeypatch.delenv(config.PROGRAMME_PATH.env)
    registry.refresh()
    packages = {f"workbench.programmes.{package}" for package in written}
    for name in [name for name in sys.modules if ".".join(name.split(".")[:3]) in packages]:
        del sys.modules[name]
    registry.programmes()


def _declaring(id: str, **fields: str) -> dict[str, str]:
    """The `__init__.py` of a programme declaring `fields` (Python expressions)."""
    declared = "".join(f", {name}={value}" for name, value in fields.items())
    return {"__init__.py": f"from workbench.programme import Programme, Realm\n\n"
                           f"PROGRAMME = Programme(id={id!r}, order=99{declared})\n"}


KIND = '''
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind


class NotesImport(ImportKind):
    spec = c.TableSpec(kind={kind!r}, key=("massar_code",), columns=(f.MASSAR,))
'''

TABLE = '''
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):  # its own metadata: the workbench's is left as the migrations build it
    pass


class Note(Base):
    __tablename__ = {table!r}
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
'''

COMMAND = '''
import click


@click.group({name!r})
def group():
    """A command group of a throwaway programme."""
'''


def test_two_programmes_of_the_same_id_are_refused(plugins):
    plugins({"one": {"twin": _declaring("twin")}, "two": {"twin": _declaring("twin")}})
    with pytest.raises(InputError, match="« twin »") as refused:
        registry.programmes()
    assert "one" in str(refused.value) and "two" in str(refused.value) and "يحملان نفس المعرف" in str(refused.value)


def test_a_programme_whose_id_is_not_its_package_name_is_refused(plugins):
    plugins({"one": {"mislabelled": _declaring("other")}})
    with pytest.raises(WorkbenchError, match="s'appelle « other » : l'identifiant d'un programme est le nom"):
        registry.programmes()


@pytest.mark.parametrize(("first", "second", "what"), [
    ({"campaign": "'same-list'"}, {"campaign": "'same-list'"}, "le nom de campagne « same-list »"),
    ({"campaign": "'beta'"}, {}, "le nom de campagne « beta »"),  # a campaign named as another programme's id
    ({"app_state": "'x:Y'"}, {"realms": "(Realm(apps=('alpha',)),)"}, "le chemin d'application « alpha »"),
    ({"realms": "(Realm(apps=('families',)),)"}, {"realms": "(Realm(apps=('families',)),)"},
     "le chemin d'application « families »"),
    ({"legacy_commands": "{'old-name': 'new'}", "cli": "'x:y'"}, {"legacy_commands": "{'old-name': 'newer'}"},
     "la commande « old-name »"),
    ({"cli": "'x:y'"}, {"legacy_commands": "{'alpha': 'publish'}"}, "la commande « alpha »"),
], ids=["campaign", "campaign-as-id", "app", "realm", "legacy-command", "legacy-as-group"])
def test_two_programmes_declaring_the_same_name_are_refused_when_found(plugins, first, second, what):
    """Nothing of theirs is imported to tell: their declarations are enough (the references stay unresolved)."""
    plugins({"one": {"alpha": _declaring("alpha", **first), "beta": _declaring("beta", **second)}})
    with pytest.raises(InputError, match=f"Les programmes (alpha et beta|beta et alpha) déclarent tous deux {what}"):
        registry.programmes()


def test_a_programme_requiring_an_unknown_programme_is_refused(plugins):
    plugins({"one": {"needy": _declaring("needy", requires="('tayssir', 'nowhere')")}})
    with pytest.raises(InputError, match="Le programme needy s'appuie sur nowhere, introuvable"):
        registry.programmes()


def test_two_programmes_declaring_the_same_import_kind_are_refused(plugins, tmp_path):
    plugins({"one": {
        "alpha": {**_declaring("alpha", imports="('.imports:NotesImport',)"), "imports.py": KIND.format(kind="notes")},
        "beta": {**_declaring("beta", imports="('.imports:NotesImport',)"), "imports.py": KIND.format(kind="notes")},
        "gamma": {**_declaring("gamma", imports="('.imports:NotesImport',)"),
                  "imports.py": KIND.format(kind="communes")}}})
    assert {"alpha", "beta", "gamma"} <= set(registry.programmes())  # found: their kinds are not imported yet
    with pytest.raises(InputError, match="déclarent tous deux le type d'import « (notes|communes) »"):
        registry.import_kinds()
    result = run(f"sqlite:///{tmp_path / 'none.db'}", "import", "--help")
    assert result.exit_code == 2 and "le type d'import" in result.output


def test_a_programme_declaring_a_core_import_kind_is_refused(plugins):
    plugins({"one": {"gamma": {**_declaring("gamma", imports="('.imports:NotesImport',)"),
                               "imports.py": KIND.format(kind="communes")}}})
    with pytest.raises(InputError, match="Les programmes workbench et gamma déclarent tous deux le type d'import "
                                         "« communes »"):
        registry.import_kinds()


def test_two_programmes_declaring_the_same_table_are_refused_when_the_models_load(plugins):
    plugins({"one": {
        "alpha": {**_declaring("alpha", tables="('.models:Note',)"), "models.py": TABLE.format(table="notes")},
        "beta": {**_declaring("beta", tables="('.models:Note',)"), "models.py": TABLE.format(table="notes")}}})
    assert "workbench.programmes.alpha.models" not in sys.modules and {"alpha", "beta"} <= set(registry.programmes())
    with pytest.raises(InputError, match="Les programmes alpha et beta déclarent tous deux la table « notes »"):
        registry.load_models()


def test_two_programmes_declaring_the_same_command_group_are_refused(plugins, tmp_path):
    plugins({"one": {
        "alpha": {**_declaring("alpha", commands="('.cli:group',)"), "cli.py": COMMAND.format(name="shared")},
        "beta": {**_declaring("beta", commands="('.cli:group',)"), "cli.py": COMMAND.format(name="shared")}}})
    with pytest.raises(InputError, match="déclarent tous deux la commande « shared »"):
        registry.commands()
    result = run(f"sqlite:///{tmp_path / 'none.db'}", "--help")
    assert result.exit_code == 2 and "la commande « shared »" in result.output


def test_a_further_command_group_named_as_another_programme_is_refused(plugins):
    """A programme's own group is named by its id: another's further group may not take that name."""
    plugins({"one": {
        "alpha": {**_declaring("alpha", cli="'.cli:group'"), "cli.py": COMMAND.format(name="alpha")},
        "beta": {**_declaring("beta", commands="('.cli:group',)"), "cli.py": COMMAND.format(name="alpha")}}})
    with pytest.raises(InputError, match="Les programmes alpha et beta déclarent tous deux la commande « alpha »"):
        registry.commands()


def test_a_programme_command_named_as_a_generic_verb_is_refused(plugins, tmp_path):
    plugins({"one": {"alpha": {**_declaring("alpha", commands="('.cli:group',)"),
                               "cli.py": COMMAND.format(name="init")}}})
    result = run(f"sqlite:///{tmp_path / 'none.db'}", "--help")
    assert result.exit_code == 2 and "Les programmes workbench et alpha déclarent tous deux la commande « init »" \
        in result.output


def test_a_programme_whose_models_do_not_load_is_named(plugins):
    """SQLAlchemy's own refusal (a table defined twice on one metadata) names the programme whose tables failed."""
    twice = TABLE.format(table="notes") + "\n\nclass Again(Base):\n    __tablename__ = 'notes'\n" \
        "    code: Mapped[str] = mapped_column(String(10), primary_key=True)\n"
    plugins({"one": {"alpha": {**_declaring("alpha", tables="('.models:Again',)"), "models.py": twice}}})
    with pytest.raises(WorkbenchError, match="Les tables du programme alpha ne se chargent pas.*'notes'"):
        registry.load_models()
