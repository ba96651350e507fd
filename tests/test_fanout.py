"""`workbench run CAMPAIGN --all-provinces` fans the provinces out on a Dask LocalCluster of 2 workers against
PostgreSQL: every province's report and CSV are written; a province that fails is reported and the others finish."""

import pandas as pd
import pytest
from conftest import _new_url
from handbuilt import run
from sqlalchemy import select

from workbench.db import make_engine
from workbench.models import Commune, School

pytestmark = pytest.mark.postgres


def _dakhla(engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    assert run(url, "init").exit_code == 0
    assert run(url, "demo", "--pupils", "1000", "--region", "12").exit_code == 0


@pytest.fixture
def dakhla_pg(tmp_path, postgres_unavailable, templates):
    """Dakhla-Oued Ed-Dahab (two provinces), 1,000 pupils, on PostgreSQL (built once per worker, copied per test)."""
    url, cleanup = _new_url("postgresql", tmp_path, postgres_unavailable)
    templates.fill(url, "dakhla", _dakhla)
    engine = make_engine(url)
    with engine.connect() as connection:
        provinces = sorted(set(connection.scalars(select(Commune.province_code).join(School).distinct())))
    engine.dispose()
    yield url, provinces
    if cleanup:
        cleanup()


def test_all_provinces_run_on_a_local_dask_cluster_of_two_workers(dakhla_pg, tmp_path):
    url, provinces = dakhla_pg
    out = tmp_path / "kit-needs"
    result = run(url, "run", "kit-needs", "--region", "12", "--all-provinces", "--workers", "2", "--out", out)
    assert result.exit_code == 0, result.output
    assert len(provinces) == 2 and f"{len(provinces)} rapports" in result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    for code in provinces:
        assert (out / code / "kit-needs.html").stat().st_size > 0 and f'href="{code}/kit-needs.html"' in index
        needs = pd.read_csv(out / code / "kit_needs.csv", dtype={"school_code": str})
        assert list(needs.columns) == ["school_code", "item_code", "required", "usable_stock", "to_order", "surplus"]
        assert len(needs) > 0 and not (out / code / "RUN-STATUS.txt").exists()


def test_a_failed_province_is_reported_and_the_others_finish(dakhla_pg, tmp_path):
    url, provinces = dakhla_pg
    out = tmp_path / "kit-needs"
    out.mkdir()
    (out / provinces[0]).write_text("not a folder")  # this province cannot write its report
    result = run(url, "run", "kit-needs", "--region", "12", "--all-provinces", "--workers", "2", "--out", out)
    assert result.exit_code != 0 and "1 province en échec" in result.output and provinces[0] in result.output
    assert "Traceback" not in result.output
    assert (out / provinces[1] / "kit-needs.html").exists() and (out / provinces[1] / "kit_needs.csv").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "échec" in index and f'href="{provinces[1]}/kit-needs.html"' in index


def test_scheduler_without_all_provinces_is_bad_input(tiny_demo_url, tmp_path):
    result = run(tiny_demo_url, "run", "overview", "--province", "0301", "--workers", "2", "--out", tmp_path)
    assert result.exit_code == 2 and "--all-provinces" in result.output
    result = run(tiny_demo_url, "run", "overview", "--all-provinces", "--scheduler", "tcp://127.0.0.1:1",
                 "--out", tmp_path)
    assert (result.exit_code != 0 and "Aucun ordonnanceur Dask ne répond" in result.output
            and "Traceback" not in result.output)
