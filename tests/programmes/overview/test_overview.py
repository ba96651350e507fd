"""The overview's figures on the hand-built map, where every answer is known (see handbuilt.py)."""

import pytest

from workbench.db import make_engine
from workbench.programmes.overview.explorer import OverviewExplorer
from workbench.programmes.overview.logic import compute
from workbench.scope import resolve_scope

YEAR = "2025-2026"


def figures(url, **scope):
    with make_engine(url).connect() as connection:
        return compute(connection, resolve_scope(connection, **scope), YEAR)


def test_totals_for_everything(with_absences):
    totals = figures(with_absences).totals
    # 3 school days absent out of: Sep 3x26, Oct 3x27, Nov 3x25, Dec 3x27, then 2 pupils x (27+24+26+26+26+26)
    possible = 3 * (26 + 27 + 25 + 27) + 2 * (27 + 24 + 26 + 26 + 26 + 26)
    assert totals == {"pupils": 3, "schools": 2, "households": 0, "girls_pct": 33.3, "rural_pct": 66.7, "left": 1,
                      "absence_rate_pct": round(100 * 3 / possible, 2)}


def test_absences_by_month(with_absences):
    months = figures(with_absences).absence_by_month.set_index("month")
    assert months.loc[10, ["enrolled", "school_days", "absence_days", "justified_days"]].tolist() == [3, 27, 2, 1]
    assert months.loc[10, "absence_rate_pct"] == round(100 * 2 / (3 * 27), 2)
    assert months.loc[11, ["absence_days", "absence_rate_pct"]].tolist() == [1, round(100 / (3 * 25), 2)]
    assert months.loc[12, "enrolled"] == 3 and months.loc[1, "enrolled"] == 2  # left on 15 December
    assert months["absence_days"].sum() == 3


def test_pupil_counts_by_level_sex_and_milieu(with_absences):
    pupils = figures(with_absences).pupils
    rows = {(r.province_code, r.level_code, r.sex, r.milieu, r.sector): (r.pupils, r.left)
            for r in pupils.itertuples()}
    assert rows == {("0301", "1AP", "F", "rural", "public"): (1, 0), ("0301", "2AP", "M", "rural", "public"): (1, 1),
                    ("0302", "1AC", "M", "urban", "public"): (1, 0)}


@pytest.mark.parametrize("scope, pupils, absence_days", [
    ({"province": "0301"}, 2, 2), ({"province": "Meknès"}, 1, 1), ({"school": "22222B"}, 1, 1),
    ({"region": "03"}, 3, 3), ({"region": "01"}, 0, 0),
])
def test_scopes(with_absences, scope, pupils, absence_days):
    result = figures(with_absences, **scope)
    assert result.totals["pupils"] == pupils
    assert result.absence_by_month["absence_days"].sum() == absence_days


def test_explorer_follows_the_chosen_scope(with_absences):
    explorer = OverviewExplorer(db_url=with_absences, year=YEAR)
    assert explorer.region == "03"  # the only region with schools is chosen at once
    assert explorer.figures.totals["pupils"] == 3
    assert set(explorer.param.province.objects.values()) == {"", "0301", "0302"}
    explorer.province = "0301"
    assert explorer.figures.totals["pupils"] == 2
    assert set(explorer.param.school.objects.values()) == {"", "11111A"}
    explorer.school = "11111A"
    assert explorer.figures.scope.school == "11111A" and explorer.figures.totals["pupils"] == 2
    explorer.province = "0302"
    assert explorer.school == "" and explorer.figures.totals["pupils"] == 1


def test_a_province_where_no_pupil_left_through_the_analytics_path(with_absences):
    """Read as a run reads (workbench.analytics): no pupil of Meknès left, and SQLite's driver types a column with
    no date at all as integers (the overview of such a province stopped with an Arrow cast error)."""
    from workbench import analytics

    with make_engine(with_absences).connect() as connection, analytics.reading(connection):
        result = compute(connection, resolve_scope(connection, province="0302"), YEAR)
    assert result.totals["pupils"] == 1 and result.totals["left"] == 0
