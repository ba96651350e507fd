"""What makes the apps answer at region scale gives the same figures as computing each view from scratch: the
absences per school and month kept by the absence writers, the overview and the Tayssir desk narrowing in memory
what they read once, and a dashboard updated for one household after a write."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import select

from workbench import attendance
from workbench.access.users import list_users
from workbench.codes import year_bounds
from workbench.models import AbsenceMonth, AbsenceSchoolMonth, Enrolment
from workbench.programmes.overview import logic as overview
from workbench.programmes.overview.explorer import OverviewExplorer
from workbench.programmes.tayssir import periods, slices, summary
from workbench.programmes.tayssir.desk import TayssirDesk
from workbench.scope import provinces_with_schools, resolve_scope

YEAR = "2025-2026"


def school_months(engine) -> pd.DataFrame:
    with engine.connect() as connection:
        kept = pd.read_sql(select(AbsenceSchoolMonth.school_code, AbsenceSchoolMonth.month, AbsenceSchoolMonth.days,
                                  AbsenceSchoolMonth.unjustified_days).where(AbsenceSchoolMonth.year == YEAR),
                           connection)
        months = pd.read_sql(select(AbsenceMonth.massar_code, AbsenceMonth.month, AbsenceMonth.days,
                                    AbsenceMonth.unjustified_days), connection)
        schools = pd.read_sql(select(Enrolment.massar_code, Enrolment.school_code).where(Enrolment.year == YEAR),
                              connection)
    starts_on, ends_on = year_bounds(YEAR)
    months = months[(months["month"] >= starts_on) & (months["month"] <= ends_on)].merge(schools, on="massar_code")
    recounted = months.groupby(["school_code", "month"], as_index=False)[["days", "unjustified_days"]].sum()
    order = ["school_code", "month"]
    return kept.sort_values(order).reset_index(drop=True), recounted.sort_values(order).reset_index(drop=True)


def region_officer(engine) -> str:
    users = list_users(engine)
    return users[users["role"] == "region_officer"]["username"].iloc[0]


def test_absences_per_school_and_month_follow_the_demo_and_an_entry_in_an_app(demo, db_url):
    kept, recounted = school_months(demo)
    assert len(kept) > 100 and kept["days"].sum() > 1000
    pd.testing.assert_frame_equal(kept, recounted, check_dtype=False)
    with demo.connect() as connection:
        code, school = connection.execute(select(Enrolment.massar_code, Enrolment.school_code).where(
            Enrolment.year == YEAR, Enrolment.left_on.is_(None)).order_by(Enrolment.massar_code)).first()
    before = kept[kept["school_code"] == school]["days"].sum()
    attendance.record_month_absences(demo, YEAR, code, 11, 3)
    attendance.record_month_absences(demo, YEAR, code, 12, 2, justified=True)
    kept, recounted = school_months(demo)
    pd.testing.assert_frame_equal(kept, recounted, check_dtype=False)
    assert kept[kept["school_code"] == school]["days"].sum() == before + 5


def test_the_overview_narrowed_in_memory_equals_each_scope_computed_alone(demo, db_url):
    with demo.connect() as connection:
        region = resolve_scope(connection, region="03")
        data = overview.load(connection, region, YEAR)
        provinces = [code for code, _, _ in provinces_with_schools(connection, "03")]
        school = connection.execute(select(Enrolment.school_code).where(Enrolment.year == YEAR)).scalar()
        scopes = [region, *(resolve_scope(connection, province=p) for p in provinces),
                  resolve_scope(connection, school=school)]
        for scope in scopes:
            alone, narrowed = overview.compute(connection, scope, YEAR), data.narrow(scope).figures()
            assert narrowed.totals == alone.totals
            pd.testing.assert_frame_equal(narrowed.pupils, alone.pupils)
            pd.testing.assert_frame_equal(narrowed.absence_by_month, alone.absence_by_month)
    assert data.figures().totals["pupils"] == 2_000
    explorer = OverviewExplorer(db_url=db_url, user=region_officer(demo))  # the workbench's year
    assert explorer.year == YEAR and explorer.figures.totals == data.figures().totals
    explorer.province = provinces[-1]
    assert explorer.figures.totals == data.narrow(scopes[-2]).figures().totals


def same_dashboard(shown: summary.TayssirSummary, alone: summary.TayssirSummary) -> None:
    assert shown.totals() == alone.totals()
    assert shown.totals()["amount_mad"] == alone.transfers["amount_mad"].sum()  # the lines' sum is the transfers'
    for table in ("beneficiaries", "by_level_and_sex", "status_by_month", "complaints_by_state"):
        pd.testing.assert_frame_equal(getattr(shown, table)().reset_index(drop=True),
                                      getattr(alone, table)().reset_index(drop=True), check_dtype=False)
    pd.testing.assert_frame_equal(shown.transfers.sort_values(["period", "guardian_cin"]).reset_index(drop=True),
                                  alone.transfers.sort_values(["period", "guardian_cin"]).reset_index(drop=True))


def test_the_tayssir_desk_shows_each_province_as_computed_alone_before_and_after_an_entry(demo, db_url):
    desk = TayssirDesk(db_url=db_url, user=region_officer(demo), year=YEAR)

    def alone() -> summary.TayssirSummary:
        with demo.connect() as connection:
            state = periods.compute_year(connection, resolve_scope(connection, province=desk.province), YEAR)
            return summary.summarise(connection, state, None)

    provinces = list(desk.param.province.objects.values())
    assert len(provinces) > 1
    for province in provinces:
        desk.province = province
        same_dashboard(desk.show_dashboard(), alone())
    shown = desk.show_dashboard().state.in_scope(desk.dashboard.state.programme).sort_values("massar_code")
    pupil = shown[shown["left_on"].isna()].iloc[len(shown) // 3]
    desk.cin = pupil["guardian_cin"]
    before = desk.show_dashboard().totals()["withheld_months"]
    assert desk.record_absences(pupil["massar_code"], 11, 12), desk.message
    same_dashboard(desk.show_dashboard(), alone())
    assert desk.dashboard.totals()["withheld_months"] >= before
    desk.province = provinces[0]
    desk.province = provinces[-1]  # shown again from what was read once, with the entry
    same_dashboard(desk.show_dashboard(), alone())


def test_the_tayssir_desk_opens_before_its_scope_is_read_and_a_write_made_before_the_province_tab_shows(demo, db_url):
    desk = TayssirDesk(db_url=db_url, user=region_officer(demo), year=YEAR)
    assert desk.dashboard is None and desk.province  # the page opens on the family search; nothing computed yet
    with demo.connect() as connection:
        scope = resolve_scope(connection, province=desk.province)
        state = periods.compute_year(connection, scope, YEAR)
    november = state.in_scope(state.months)
    november = november[(november["month"] == pd.Timestamp(int(YEAR[:4]), 11, 1)) & (november["status"] == "paid")]
    pupil = november.sort_values("massar_code").iloc[len(november) // 4]  # paid in November until this entry
    desk._reader.join()  # the scope read before the write
    desk.cin = pupil["guardian_cin"]
    assert desk.record_absences(pupil["massar_code"], 11, 12), desk.message
    with demo.connect() as connection:
        alone = summary.summarise(connection, periods.compute_year(connection, scope, YEAR), None)
    assert alone.totals()["withheld_months"] > state.in_scope(state.months)["status"].eq("withheld").sum()
    assert desk.show_dashboard()._transfers is None  # a dashboard never needs each household's transfer
    same_dashboard(desk.show_dashboard(), alone)  # the write is in it, though the scope was read before


def test_dashboards_prepared_in_the_background_are_those_computed_alone_and_a_write_prepares_them_again(demo, db_url):
    desk = TayssirDesk(db_url=db_url, user=region_officer(demo), year=YEAR)

    def alone(province: str) -> summary.TayssirSummary:
        with demo.connect() as connection:
            state = periods.compute_year(connection, resolve_scope(connection, province=province), YEAR)
            return summary.summarise(connection, state, None)

    provinces = list(desk.param.province.objects.values())
    desk.prepare_dashboards().join()
    assert set(desk._dashboards) == set(provinces)
    for province in provinces:
        desk.province = province
        same_dashboard(desk.show_dashboard(), alone(province))
    desk.province = provinces[0]
    shown = desk.show_dashboard().state.in_scope(desk.dashboard.state.programme).sort_values("massar_code")
    pupil = shown[shown["left_on"].isna()].iloc[len(shown) // 2]
    desk.cin = pupil["guardian_cin"]
    assert desk.record_absences(pupil["massar_code"], 12, 14), desk.message
    assert set(desk._dashboards) <= set(provinces)
    desk._preparing.join()  # prepared again after the write
    assert set(desk._dashboards) == set(provinces)
    for province in provinces:
        desk.province = province
        same_dashboard(desk.show_dashboard(), alone(province))


def test_a_province_or_school_cut_from_the_region_summary_is_that_scope_computed_alone(demo, db_url):
    # A period issued, then absences about its months: the next period carries adjustments, and the issued lines and
    # adjustments are cut with the regular lines.
    periods.issue_period(demo, YEAR, "P1")
    with demo.connect() as connection:
        region = resolve_scope(connection, region="03")
        issued = periods.compute_year(connection, region, YEAR)
        paid = issued.in_scope(issued.months)
        paid = paid[(paid["month"] == pd.Timestamp(int(YEAR[:4]), 10, 1)) & (paid["status"] == "paid")]
    for pupil in paid.sort_values("massar_code").iloc[[3, len(paid) // 2, -3]].itertuples():
        attendance.record_month_absences(demo, YEAR, pupil.massar_code, 10, 15)
    p2 = periods.resolve_period(YEAR, "P2")
    with demo.connect() as connection:
        inputs = periods.read_inputs(connection, region, YEAR)
        whole = slices.SummarySlices.of(connection, inputs.compute())
        assert len(whole.whole.adjustments) >= 3  # the withheld October months taken back in P2
        school = resolve_scope(connection, school=inputs.programme["school_code"].iloc[len(inputs.programme) // 2])
        scopes = [resolve_scope(connection, province=code) for code, _, _ in provinces_with_schools(connection, "03")]
        for scope in [school, *scopes]:
            cut = whole.cut(scope)
            same_dashboard(cut, summary.summarise(connection, inputs.narrow(scope).compute(), None))
            assert cut.totals()["registered"] > 0
    assert sum(len(whole.cut(scope).months) for scope in scopes) == len(whole.whole.months)
    with pytest.raises(ValueError):  # a cut holds no pupil-months: it never computes a period's lines again
        cut.state.lines(p2)
    assert len(cut.state.lines(periods.resolve_period(YEAR, "P1")))  # an issued period's are stored


def test_a_years_lines_taken_in_one_pass_are_each_periods_lines_and_an_issued_period_is_read_as_stored(demo):
    def as_text(frame: pd.DataFrame) -> pd.DataFrame:
        order = ["period", "massar_code", "month"]
        return frame.astype({c: object for c in ("massar_code", "guardian_cin", "status", "reason", "kind", "period")}
                            ).sort_values(order).reset_index(drop=True)

    with demo.connect() as connection:
        scopes = [resolve_scope(connection, province=code) for code, _, _ in provinces_with_schools(connection, "03")]
        region = periods.compute_year(connection, resolve_scope(connection, region="03"), YEAR)
    # The region's pupil-months seen from each province: the lines are its pupils' only.
    states = [replace(region, scope=scope) for scope in scopes]
    codes, lines = list(states[0].periods["code"]), 0
    for state in states:
        together = state.regular_lines(codes)
        each = pd.concat([state.lines(code).assign(period=code) for code in codes], ignore_index=True)
        pd.testing.assert_frame_equal(as_text(together), as_text(each))
        lines += len(together)
    assert lines == len(region.months) > 1000 and set(together["period"]) == set(codes)  # the provinces share them
    periods.issue_period(demo, YEAR, "P1")
    with demo.connect() as connection:
        assert periods.compute_year(connection, scopes[0], YEAR).regular_lines(codes) is None
