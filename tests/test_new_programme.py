"""`workbench new-programme ID` writes a programme that passes at once: run in a copy of the checkout, its package
is found by the registry, its files pass ruff, and its own tests with the catalogue, notebook, app and migration
tests pass in that copy; an id that is not a lowercase identifier, or is taken, is refused in both languages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from handbuilt import COMMUNES, SCHOOLS
from massar_files import write_csv

from workbench import config
from workbench.cli import cli

ID = "sample_visits"  # a programme the checkout does not have
# What the copy needs: the package, the tests' fixtures and the contract tests, the notebooks, apps, reference data
# and the project's settings (pytest's markers, ruff's rules).
COPIED = ("workbench", "tests", "notebooks", "apps", "data/reference", "pyproject.toml", "alembic.ini")


def _in_copy(copy: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """`python ARGS` in the copy, importing the copy's workbench (not the checkout's)."""
    environment = {**os.environ, "PYTHONPATH": str(copy)}
    environment.pop(config.PROGRAMME_PATH.env, None)
    return subprocess.run([sys.executable, *args], cwd=copy, env=environment, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory) -> Path:
    """A copy of the checkout in which `workbench new-programme ID` has run."""
    copy = tmp_path_factory.mktemp("checkout")
    ignored = shutil.ignore_patterns("__pycache__", "*.db", ".pytest_cache")
    for name in COPIED:
        source, target = config.PROJECT_ROOT / name, copy / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignored)
        else:
            shutil.copy(source, target)
    done = _in_copy(copy, "-c", "from workbench.cli import main; main()", "new-programme", ID)
    assert done.returncode == 0, done.stdout + done.stderr
    return copy


def test_the_new_programme_is_written_and_found_by_the_registry(scaffolded):
    for path in (f"workbench/programmes/{ID}/__init__.py", f"workbench/programmes/{ID}/labels.csv",
                 f"workbench/programmes/{ID}/models.py", f"workbench/programmes/{ID}/imports.py",
                 f"workbench/programmes/{ID}/campaign.py", f"notebooks/{ID}.py", f"notebooks/{ID}.ipynb",
                 f"apps/{ID}.py", f"tests/programmes/{ID}/__init__.py", f"tests/programmes/{ID}/test_{ID}.py"):
        assert (scaffolded / path).is_file(), path
    migrations = sorted((scaffolded / "workbench/migrations/versions").glob("*.py"))
    assert migrations[-1].name.endswith(f"_{ID}.py")  # the chain's new head
    found = _in_copy(scaffolded, "-c", "from workbench import registry; p = registry.programme('sample_visits'); "
                                       "print(p.title.fr, [k.spec.kind for k in p.imports], "
                                       "[m.__table__.name for m in p.tables], p.compute.__module__)")
    assert found.returncode == 0, found.stderr
    assert found.stdout.split("\n")[0] == ("Sample visits (nouveau programme) ['sample-visits'] "
                                           "['sample_visits_records'] workbench.programmes.sample_visits.campaign")
    listed = _in_copy(scaffolded, "-c", "from workbench.cli import main; main()", "import", "--help")
    assert "sample-visits" in listed.stdout, listed.stdout + listed.stderr
    written = [str(scaffolded / path) for path in (f"workbench/programmes/{ID}", f"apps/{ID}.py",
                                                   f"notebooks/{ID}.py", f"notebooks/{ID}.ipynb",
                                                   f"tests/programmes/{ID}")]
    linted = _in_copy(scaffolded, "-m", "ruff", "check", "--no-cache", *written)
    assert linted.returncode == 0, linted.stdout + linted.stderr


@pytest.mark.slow
def test_the_new_programme_passes_its_tests_and_the_checks_every_programme_meets(scaffolded):
    """In the copy: its own tests (a file imported through the generic CLI, its campaign's CSV for a scope), then
    the catalogue, notebook, app and migration tests, which find it through the registry."""
    checks = [f"tests/programmes/{ID}", "tests/test_catalogue.py", "tests/test_notebooks.py",
              "tests/test_apps.py::test_every_app_is_there", f"tests/test_apps.py::test_app_builds_its_page[{ID}]",
              "tests/test_db.py::test_migrations_build_exactly_the_models",
              "tests/test_registry.py::test_the_built_in_programmes_are_found_in_order",
              f"tests/test_registry.py::test_a_programme_imports_only_the_programmes_it_requires[{ID}]"]
    done = _in_copy(scaffolded, "-m", "pytest", "-n", "0", "-p", "no:cacheprovider", "-q", "-m", "not postgres",
                    *checks)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    ran = _in_copy(scaffolded, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--collect-only", "-m", "not postgres",
                   f"tests/programmes/{ID}", "tests/test_notebooks.py")
    assert ran.stdout.count(f"test_{ID}.py::") == 2 and ran.stdout.count(f"[{ID}]") == 3, ran.stdout


@pytest.mark.kernel
def test_its_import_and_campaign_work_through_the_generic_command_line(scaffolded, tmp_path):
    """`workbench init`, `import <its kind> FILE` and `run <id>` (its notebook in a kernel), as a newcomer types them
    in the copy."""
    url = f"sqlite:///{tmp_path / 'scaffolded.db'}"
    rows = [{"year": "2025-2026", "school_code": "11111A", "quantity": "4"},
            {"year": "2025-2026", "school_code": "22222B", "quantity": "9"}]
    steps = [("init",), ("import", "communes", write_csv(tmp_path / "communes.csv", COMMUNES)),
             ("import", "schools", write_csv(tmp_path / "schools.csv", SCHOOLS)),
             ("import", "sample-visits", write_csv(tmp_path / "visits.csv", rows)),
             ("run", ID, "--province", "0302", "--year", "2025-2026", "--out", tmp_path / "report")]
    for step in steps:
        done = _in_copy(scaffolded, "-c", "from workbench.cli import main; main()", "--db", url, "--quiet",
                        *map(str, step))
        assert done.returncode == 0, f"{step}: {done.stdout}{done.stderr}"
    written = (tmp_path / "report" / f"{ID}.csv").read_text(encoding="utf-8").splitlines()
    assert written[0] == "school_code,name_fr,name_ar,quantity" and len(written) == 2  # the province's one school
    assert written[1].startswith("22222B,") and written[1].endswith(",9")
    assert "Sample visits" in (tmp_path / "report" / f"{ID}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("wanted", "said"), [
    ("Library-Loans", "« Library-Loans » n'est pas un identifiant de programme"),
    ("2loans", "« 2loans » n'est pas un identifiant de programme"),
    ("class", "« class » n'est pas un identifiant de programme"),
    ("overview", "L'identifiant « overview » est déjà pris (programme overview, workbench/programmes/overview"),
    ("schools", "L'identifiant « schools » est déjà pris (import schools)"),
])
def test_an_id_that_is_not_an_identifier_or_is_taken_is_refused_and_nothing_written(wanted, said, tmp_path):
    before = sorted(config.PROJECT_ROOT.glob("workbench/migrations/versions/*.py"))
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{tmp_path / 'none.db'}", "new-programme", wanted])
    assert result.exit_code == 2 and said in result.output, result.output
    assert "«" in result.output.splitlines()[-1] and not any("\u0600" <= ch <= "\u06ff" for ch in result.output)
    assert sorted(config.PROJECT_ROOT.glob("workbench/migrations/versions/*.py")) == before
    assert not (config.PROJECT_ROOT / "workbench" / "programmes" / wanted.lower()).exists() or wanted == "overview"
