"""The registry finds programmes by scanning packages: the four built in, and a throwaway one written by a test in a
folder of its own, whose import kind, campaign and command group then work through the generic CLI."""

from __future__ import annotations

import sys
import textwrap

import jupytext
import pandas as pd
import pytest

from handbuilt import run
from massar_files import write_csv
from workbench import config, registry
from workbench.imports import kinds

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
    return connection.execute(select(func.count()).select_from(Enrolment).where(Enrolment.year == run.year)).scalar_one()


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
    assert list(found) == ["overview", "schoolbags", "tayssir", "grants", "partner_exchange", "second_chance",
                          "school_life", "portal", "whatif"]
    assert list(registry.campaigns()) == ["overview", "kit-needs", "tayssir-transfers", "grant-lists",
                                          "partner-exchange", "second-chance", "school-life", "portal-usage", "whatif"]
    assert registry.programme("kit-needs").id == "schoolbags"  # a campaign's name finds its programme
    assert {"kit-items", "tayssir-enrolments", "grant-quotas", "massar-pupils"} <= set(kinds())


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
