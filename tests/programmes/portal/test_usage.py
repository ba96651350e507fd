"""The portal's usage report: counts per school of codes, requests and certificates, and nothing personal."""

from __future__ import annotations

import pandas as pd
import pytest
from handbuilt import run

from workbench.access.actor import acting_as
from workbench.access.users import list_users, load_actor
from workbench.programmes.portal import logins, requests
from workbench.programmes.portal.usage import COLUMNS, compute_scope
from workbench.scope import Scope

from .conftest import YEAR


@pytest.mark.kernel
def test_usage_counts_codes_requests_and_certificates_per_school(issued, tmp_path):
    guardian = issued.guardian(0)
    token = logins.login(issued.engine, "guardian", guardian["identifier"], guardian["code"], "10.3.0.1").token
    holder = logins.holder_of(issued.engine, token)
    first = requests.submit(issued.engine, holder, holder.pupils[0], "schooling_certificate", YEAR)
    requests.submit(issued.engine, holder, holder.pupils[1], "transcript", YEAR)
    users = list_users(issued.engine)
    with acting_as(load_actor(issued.engine, users[users["school_code"] == issued.school]["username"].iloc[0])):
        requests.act(issued.engine, first, "ready")
    with issued.engine.connect() as connection:
        result = compute_scope(connection, Scope(), YEAR)
    row = result.schools.set_index("school_code").loc[issued.school]
    kinds = issued.codes["holder_kind"].value_counts()
    assert (row["pupil_codes"], row["guardian_codes"], row["codes_used"]) == (kinds["pupil"], kinds["guardian"], 1)
    assert (row["requests_new"], row["requests_ready"], row["certificates"]) == (1, 1, 1)
    assert result.totals()["requests"] == 2 and list(result.schools.columns) == COLUMNS
    done = run(issued.url, "run", "portal-usage", "--out", tmp_path)
    assert done.exit_code == 0, done.output
    written = pd.read_csv(tmp_path / "portal_usage.csv", dtype=str)
    everything = written.to_string() + (tmp_path / "portal-usage.html").read_text(encoding="utf-8")
    assert guardian["identifier"] not in everything and holder.pupils[0] not in everything
    assert guardian["code"] not in everything


def test_the_usage_chart_draws_each_schools_codes_issued_used_and_kept_by_name_in_each_language():
    from workbench.programmes.portal import charts
    from workbench.programmes.portal.usage import UsageResult

    schools = pd.DataFrame([{column: 0 for column in COLUMNS} | {
        "school_code": f"1000{n}A", "name_fr": f"Lycée {n}", "name_ar": f"ثانوية {n}", "pupil_codes": n,
        "guardian_codes": 1, "codes_used": 1, "passwords": 1} for n in range(25)])
    result = UsageResult(YEAR, Scope(), schools)
    for lang, school, issued in (("ar", "ثانوية 24", "رموز صادرة"), ("fr", "Lycée 24", "Codes émis")):
        bars = charts.codes_by_school(result, lang)
        drawn = bars.dframe()
        assert len(drawn) == 3 * charts.MOST and school in set(drawn.iloc[:, 0])  # the schools issuing the most
        assert drawn[drawn.iloc[:, 0] == school].set_index("measure")["codes"][issued] == 25
        assert "20" in bars.opts.get().kwargs["title"]
