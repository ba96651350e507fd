"""The campaign notebooks: each programme's `.py` (jupytext percent format, what people edit and review) and the
paired `.ipynb` (what papermill runs) agree; their `parameters` cell declares exactly the programme's
RunParameters; they hold no code of their own."""

from __future__ import annotations

import ast
import dataclasses

import jupytext
import nbformat
import pytest

from workbench import config
from workbench.registry import campaigns

PROGRAMMES = list(campaigns().values())


def _cells(notebook) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", []))) for c in notebook.cells]


@pytest.mark.parametrize("programme", PROGRAMMES, ids=[p.id for p in PROGRAMMES])
def test_the_py_and_ipynb_pair_agree(programme):
    script = programme.notebook.with_suffix(".py")
    assert script.exists(), f"{script} is missing: the notebook's source is its jupytext .py"
    assert _cells(jupytext.read(script)) == _cells(nbformat.read(programme.notebook, as_version=4)), (
        f"{programme.notebook.name} and {script.name} disagree: run `jupytext --sync {script}`")


@pytest.mark.parametrize("programme", PROGRAMMES, ids=[p.id for p in PROGRAMMES])
def test_the_parameters_cell_declares_the_run_parameters(programme):
    notebook = nbformat.read(programme.notebook, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    declared = {}
    for statement in ast.parse(cell.source).body:
        assert isinstance(statement, ast.AnnAssign), f"{programme.id}: the parameters cell only declares names"
        declared[statement.target.id] = (statement.annotation.id, ast.literal_eval(statement.value))
    expected = {f.name: (f.type if isinstance(f.type, str) else f.type.__name__, f.default)
                for f in dataclasses.fields(programme.parameters)}
    assert declared == expected


@pytest.mark.parametrize("programme", PROGRAMMES, ids=[p.id for p in PROGRAMMES])
def test_notebooks_are_committed_clean_and_thin(programme):
    document = nbformat.read(programme.notebook, as_version=4)
    assert document.cells[0].cell_type == "markdown" and document.cells[0].source.startswith("# ")
    assert all(not c.get("outputs") for c in document.cells if c.cell_type == "code")
    assert all("def " not in c.source and "class " not in c.source for c in document.cells
               if c.cell_type == "code"), f"{programme.notebook} defines code: move it into workbench/"


def test_every_notebook_belongs_to_a_programme():
    assert {p.stem for p in config.NOTEBOOKS_DIR.glob("*.ipynb")} == {p.notebook.stem for p in PROGRAMMES}
