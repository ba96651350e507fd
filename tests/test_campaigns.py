"""Campaign runs end to end: papermill executes the notebook, the HTML report holds outputs only."""

import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from words import raw_codes_in, split_figures_in, visible_text_of_report

from workbench import config
from workbench.cli import cli
from workbench.db import make_engine
from workbench.models import Commune, Enrolment, PupilGuardian, School
from workbench.report import number


def run(url, *args):
    return CliRunner().invoke(cli, ["--db", url, "--quiet", *map(str, args)])


def province_pupils(url, province):
    with make_engine(url).connect() as connection:
        return connection.execute(select(func.count()).select_from(Enrolment)
                                  .join(School, School.code == Enrolment.school_code)
                                  .join(Commune, Commune.code == School.commune_code)
                                  .where(Commune.province_code == province)).scalar_one()


def test_overview_report_for_a_province(tiny_demo_url, tmp_path):
    result = run(tiny_demo_url, "run", "overview", "--province", "0301", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "overview.html").read_text(encoding="utf-8")
    assert (tmp_path / "overview.ipynb").exists() and (tmp_path / "overview.xlsx").exists()
    assert "Province de Fès" in page and "المديرية الإقليمية فاس" in page
    assert "open_run" not in page and "db_url" not in page  # no code, no parameters
    assert raw_codes_in(visible_text_of_report(page)) == []
    assert split_figures_in(visible_text_of_report(page)) == []  # figures read whole in Arabic
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?://', page)  # opens offline
    pupils = pd.read_csv(tmp_path / "overview_pupils.csv", dtype={"province_code": str})
    assert set(pupils["province_code"]) == {"0301"}
    assert pupils["pupils"].sum() == province_pupils(tiny_demo_url, "0301")
    assert f'data-key="pupils"><div class="v"><bdi>{number(province_pupils(tiny_demo_url, "0301"))}' in page
    # no personal data in what a manager receives: no Massar code, no guardian's CIN
    text = page + "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.csv"))
    with make_engine(tiny_demo_url).connect() as connection:
        cins = set(connection.scalars(select(PupilGuardian.guardian_cin)))
    assert not re.search(r"\b[A-Z][0-9]{9}\b", text)
    assert not cins & set(re.findall(r"\b[A-Z]{1,2}[0-9]{1,6}\b", text))


def test_all_provinces_fan_out(tmp_path):
    """One report per province of a region, and an index: Dakhla-Oued Ed-Dahab, the region of two provinces."""
    url = f"sqlite:///{tmp_path / 'dakhla.db'}"
    assert run(url, "init").exit_code == 0
    assert run(url, "demo", "--pupils", "1000", "--region", "12").exit_code == 0
    tmp_path = tmp_path / "overview"
    result = run(url, "run", "overview", "--region", "12", "--all-provinces", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    with make_engine(url).connect() as connection:
        provinces = set(connection.scalars(select(Commune.province_code).join(School).distinct()))
    assert {p.parent.name for p in tmp_path.glob("*/overview.html")} == provinces | {"12"}  # and the region's
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{code}/overview.html"' in index for code in provinces | {"12"})
    assert index.index('href="12/overview.html"') < min(index.index(f'href="{code}/') for code in provinces)
    region = (tmp_path / "12" / "overview.html").read_text(encoding="utf-8")
    assert all(code in region for code in provinces)  # the region's report covers both provinces
    assert len(provinces) == 2
    assert run(url, "reports-index", "--dir", tmp_path.parent).exit_code == 0
    top = (tmp_path.parent / "index.html").read_text(encoding="utf-8")
    assert top.count(f'href="{tmp_path.name}/index.html"') == 1


def test_unknown_parameter_scope_and_campaign_are_bad_input(tiny_demo_url, tmp_path):
    result = run(tiny_demo_url, "run", "overview", "--param", "colour=red", "--out", tmp_path)
    assert result.exit_code == 2 and "pas de paramètre « colour »" in result.output
    result = run(tiny_demo_url, "run", "overview", "--province", "9999", "--out", tmp_path)
    assert result.exit_code == 2 and "Province « 9999 » inconnue" in result.output
    result = run(tiny_demo_url, "run", "kits", "--out", tmp_path)
    assert result.exit_code == 2 and "Campagne « kits » inconnue" in result.output
    result = run(tiny_demo_url, "run", "overview", "--province", "0301", "--all-provinces")
    assert result.exit_code == 2


def test_places_are_found_without_accents_or_case_and_a_typo_gets_suggestions(tiny_demo_url):
    from workbench.db import make_engine
    from workbench.scope import resolve_scope

    with make_engine(tiny_demo_url).connect() as connection:
        assert resolve_scope(connection, province="fes").province == "0301"
        assert resolve_scope(connection, province="MEKNES").label_fr == "Province de Meknès"
        assert resolve_scope(connection, region="fes meknes").region == "03"
    result = run(tiny_demo_url, "run", "overview", "--province", "Meknas", "--out", "/tmp/nowhere")
    assert result.exit_code == 2 and "Vouliez-vous dire : Meknès" in result.output


def test_uninitialised_database_exits_1_with_the_fix(tmp_path):
    result = run(f"sqlite:///{tmp_path / 'none.db'}", "run", "overview")
    assert result.exit_code == 1 and "lancez d'abord workbench init" in result.output


def test_init_and_demo_commands(tmp_path):
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    assert run(url, "init").exit_code == 0
    result = run(url, "demo", "--pupils", "1000", "--region", "Béni Mellal-Khénifra")
    assert result.exit_code == 0 and "1,000 Élèves" in result.output and "التلاميذ" not in result.output
    assert run(url, "demo", "--pupils", "1000").exit_code == 2  # already there: --replace needed
    assert run(url, "demo", "--pupils", "5").exit_code == 2


NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 9


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_notebook_passes_nbval(notebook, tiny_demo_url, tmp_path):
    """Each notebook, as committed, runs top to bottom under nbval against a tiny database."""
    shutil.copy(notebook, tmp_path / notebook.name)  # outputs land in tmp_path, not in the checkout
    env = {**__import__("os").environ, config.DB_URL.env: tiny_demo_url}
    completed = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider",
                                notebook.name], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert re.search(r"\d+ passed", completed.stdout)
