"""Second-chance schools: every indicator of rules.md checked against hand-computed answers (handbuilt.py) on
frames in memory; the imports, scope, locks and files on SQLite and PostgreSQL; the notebook run once."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from handbuilt import campaign_files, run
from massar_files import write_csv
from openpyxl import load_workbook
from sqlalchemy import func, select

from programmes.second_chance.handbuilt import (
    CENTRES,
    EXPECTED_FES,
    EXPECTED_INDICATORS,
    EXPECTED_PLAN,
    LEARNERS,
    STAFF,
    YEAR,
    frames,
    learner,
)
from workbench.catalogue import text
from workbench.db import make_engine
from workbench.models import AuditEvent
from workbench.programmes.second_chance import logic, queries
from workbench.programmes.second_chance.models import E2CCentre, E2CLearner, E2CPlan, E2CStaff

PLAN_COLUMNS = ["province_code", "centres_planned", "centres_opened", "centres_achieved_pct", "learners_planned",
                "learners_enrolled", "learners_achieved_pct"]
PASSWORD = "long-enough-1"


@pytest.fixture(scope="module")
def hand():
    centres, learners, staff, plan = frames()
    return centres, learners, staff, plan, logic.centre_indicators(centres, learners, staff, YEAR)


# --- the indicators, on frames -----------------------------------------------------------------------------

def test_each_centres_indicators_are_the_hand_computed_ones(hand):
    assert hand[4][logic.INDICATOR_COLUMNS].to_csv(index=False) == EXPECTED_INDICATORS


def test_age_is_counted_in_whole_years_on_1_september():
    born = pd.Series(pd.to_datetime(["2012-09-02", "2012-09-01", "2007-09-01", "2006-08-31", None]))
    assert logic.age_on_first_september(born, YEAR).tolist() == [12, 13, 18, 19, pd.NA]


def test_one_decimal_rounds_half_away_from_zero_and_leaves_a_zero_denominator_empty():
    shares = logic.one_decimal(pd.Series([1, 1, 3, 2, 5]), pd.Series([80, 16, 16, 3, 0]))
    assert shares.iloc[:4].tolist() == [1.3, 6.3, 18.8, 66.7]  # round() would give 1.2 and 6.2 (to even)
    assert pd.isna(shares.iloc[4])
    assert logic.one_decimal(pd.Series([10]), pd.Series([4]), scale=1).tolist() == [2.5]


def test_completeness_is_counted_field_by_field(hand):
    centres, learners, staff, _, _ = hand
    cells = logic.field_cells(centres, learners, staff)
    counted = logic.completeness(cells)
    assert counted.loc["E2C-FES-01"].tolist() == [48, 53]  # 11 + 30 + 12 expected; 4 learner, 1 staff missing
    assert counted.loc["E2C-FES-02"].tolist() == [14, 18]  # opened_on empty is 'planned', not missing
    assert counted.loc["E2C-MEK-01"].tolist() == [28, 28]
    missing = logic.missing_fields(cells)
    named = {(r.centre_code, f"{r.part}.{r.field}", r.missing) for r in missing.itertuples()}
    assert named == {("E2C-FES-01", "learner.sex", 1), ("E2C-FES-01", "learner.birth_date", 1),
                     ("E2C-FES-01", "learner.stage", 1), ("E2C-FES-01", "learner.outcome", 1),
                     ("E2C-FES-01", "staff.hours_per_week", 1), ("E2C-FES-02", "centre.name_fr", 1),
                     ("E2C-FES-02", "centre.association", 1), ("E2C-FES-02", "centre.agreement_end", 1),
                     ("E2C-FES-02", "centre.trades", 1)}
    assert missing[missing["centre_code"] == "E2C-FES-02"]["field"].tolist() == [
        "name_fr", "association", "agreement_end", "trades"]  # in the order of the centre's row


def test_a_province_rate_is_recomputed_from_sums_not_the_mean_of_its_centres(hand):
    indicators = hand[4]
    fes = logic.roll_up(indicators, ["province_code"]).set_index("province_code").loc["0301"]
    assert {key: fes[key] for key in EXPECTED_FES} == EXPECTED_FES
    centres = indicators[indicators["province_code"] == "0301"]
    assert round(centres["aged_13_18_pct"].mean(), 1) == 60.7 != fes["aged_13_18_pct"]
    assert centres["integration_rate_pct"].mean() == pytest.approx(33.35) != fes["integration_rate_pct"]
    region = logic.roll_up(indicators, ["region_code"]).iloc[0]
    assert (region["centres"], region["learners"], region["left"], region["integrated"]) == (3, 14, 9, 5)
    assert (region["integration_rate_pct"], region["aged_13_18_pct"], region["completeness_pct"]) == (
        55.6, 76.9, 90.9)  # 5/9, 10/13, 90/99
    assert logic.totals(indicators)["integration_rate_pct"] == 55.6


def test_outcomes_of_those_who_left_staff_by_role_and_learners_by_sex_and_stage(hand):
    _, learners, staff, _, _ = hand
    outcomes = logic.outcomes(learners)
    assert outcomes.loc["E2C-FES-01"].to_dict() == {"school": 1, "vocational_training": 1, "employment": 1,
                                                    "self_employment": 1, "dropped": 1, "unknown": 1}
    assert outcomes.loc["E2C-MEK-01"].to_dict()["school"] == 1
    roles = logic.staff_by_role(staff)
    assert roles.loc["E2C-FES-01"].to_dict() == {"educator": 1, "trainer": 1, "social_worker": 1, "director": 1,
                                                 "other": 0, "unknown": 0}
    table = logic.learners_by_sex_and_stage(learners).set_index("stage")
    assert table.loc["qualification"].tolist() == [3, 1, 0]  # L1 L5 M1 girls, M2 a boy
    assert table.loc["pre_vocational"].tolist() == [1, 2, 1]  # L6 has no sex recorded
    assert table.loc["unknown"].tolist() == [0, 1, 0]  # L7 has no stage


def test_plan_against_achieved(hand):
    centres, learners, _, plan, _ = hand
    assert logic.plan_vs_achieved(centres, learners, plan, YEAR)[PLAN_COLUMNS].to_csv(index=False) == EXPECTED_PLAN


def test_an_agreement_ending_within_90_days_is_flagged():
    today = dt.date(2026, 3, 1)
    ends = pd.Series(pd.to_datetime(["2026-05-30", "2026-05-31", "2026-02-28", None]))
    assert logic.agreement_status(ends, today).tolist() == ["ending", "running", "ended", "unknown"]


# --- imports, files, scope and locks, on both databases ----------------------------------------------------

def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = {m.__tablename__: connection.execute(select(func.count()).select_from(m)).scalar_one()
                 for m in (E2CCentre, E2CLearner, E2CStaff, E2CPlan)}
    engine.dispose()
    return found


def test_imports_write_the_indicators_file_and_a_visit_workbook_per_province(e2c_ready, tmp_path):
    written = campaign_files(e2c_ready, "second_chance", tmp_path)
    assert {p.name for p in written} == {"e2c_indicators.csv", "e2c_visit_0301.xlsx", "e2c_visit_0302.xlsx"}
    assert (tmp_path / "e2c_indicators.csv").read_text(encoding="utf-8") == EXPECTED_INDICATORS
    book = load_workbook(tmp_path / "e2c_visit_0301.xlsx")
    assert book.sheetnames == ["E2C-FES-01", "E2C-FES-02"]
    rows = [[cell.value for cell in row] for row in book["E2C-FES-02"].iter_rows()]
    assert rows[0][2].startswith("Constaté") and all(row[2] is None for row in rows[1:])  # ready to fill
    recorded = {row[0].split(" / ")[0]: row[1] for row in rows[1:]}
    assert "Association" in recorded["Données manquantes"] and "Métiers" in recorded["Données manquantes"]
    assert recorded["Apprenants"] == 2 and recorded["Atelier"] == "Non / لا"
    assert not re.search(r"\b[A-Z][0-9]{9}\b", str(rows))  # no Massar code in the committee's workbook
    # L8's Massar code links them to their former school record
    with make_engine(e2c_ready).connect() as connection:
        former = queries.former_schools(connection, ["A000000003", "Z999999999"])
    assert former[["massar_code", "former_school_code", "former_year"]].values.tolist() == [
        ["A000000003", "22222B", YEAR]]
    before = _counts(e2c_ready)
    assert run(e2c_ready, "import", "e2c-learners", write_csv(tmp_path / "again.csv", LEARNERS)).exit_code == 0
    assert _counts(e2c_ready) == before  # the same file twice changes nothing


def test_bad_imports_are_refused_with_every_problem_located_and_nothing_written(e2c_ready, tmp_path):
    before = _counts(e2c_ready)
    bad_learners = [learner("E2C-NOWHERE", "X1", "F", "2010-01-01", "qualification"),
                    learner("E2C-FES-01", "X2", "F", "2099-01-01", "qualification"),
                    learner("E2C-FES-01", "X3", "M", "2010-01-01", "follow_up", "", "employment"),
                    learner("E2C-FES-01", "X4", "Z", "01/13/2010", "stage 9")]
    result = run(e2c_ready, "import", "e2c-learners", write_csv(tmp_path / "learners.csv", bad_learners))
    assert result.exit_code == 2
    assert ("learners.csv, ligne 2, colonne « centre_code », valeur « E2C-NOWHERE » : centre inconnu"
            in result.output)
    assert ("ligne 3, colonne « birth_date », valeur « 2099-01-01 » : la date de naissance est dans le futur"
            in result.output)
    assert ("ligne 4, colonne « outcome », valeur « employment » : un devenir est donné sans date de sortie"
            in result.output)
    assert all(f"ligne 5, colonne « {c} »" in result.output for c in ("sex", "birth_date", "stage"))
    assert "6 problèmes trouvés ; rien n'a été écrit" in result.output
    centres = [{**CENTRES[0], "centre_code": "E2C-X", "province_code": "0999"}]
    result = run(e2c_ready, "import", "e2c-centres", write_csv(tmp_path / "centres.csv", centres))
    assert (result.exit_code == 2
            and "colonne « province_code », valeur « 0999 » : code de province inconnu" in result.output)
    staff = [{**STAFF[0], "staff_id": "S9", "hours_per_week": "61"}]
    result = run(e2c_ready, "import", "e2c-staff", write_csv(tmp_path / "staff.csv", staff))
    assert (result.exit_code == 2
            and "ligne 2, colonne « hours_per_week », valeur « 61 » : est supérieur à 60" in result.output)
    assert _counts(e2c_ready) == before


def test_a_province_writes_and_validates_only_its_own_centres(e2c_ready, tmp_path):
    for user, role, province in (("dp0301", "province_officer", "0301"), ("dp0302", "province_officer", "0302")):
        assert run(e2c_ready, "users", "add", user, "--role", role, "--province", province,
                   "--password", PASSWORD).exit_code == 0
    assert run(e2c_ready, "users", "add", "aref03", "--role", "region_officer", "--region", "03",
               "--password", PASSWORD).exit_code == 0
    fes = write_csv(tmp_path / "fes.csv", [learner("E2C-FES-01", "Y1", "F", "2010-01-01", "qualification")])
    refused = run(e2c_ready, "--user", "dp0302", "import", "e2c-learners", fes)
    assert refused.exit_code == 2 and "province hors de votre périmètre" in refused.output
    moved = write_csv(tmp_path / "moved.csv", [{**CENTRES[0], "province_code": "0302"}])  # moving Fès's centre
    assert run(e2c_ready, "--user", "dp0302", "import", "e2c-centres", moved).exit_code == 2

    # the province approves: its centre's rows of the year are then locked, until it reopens them with a reason
    assert run(e2c_ready, "--user", "aref03", "second_chance", "validate", "approve", "--centre",
               "E2C-FES-01").exit_code == 2  # the region does not approve centres
    assert run(e2c_ready, "--user", "dp0302", "second_chance", "validate", "approve", "--centre",
               "E2C-FES-01").exit_code == 2  # nor another province
    approved = run(e2c_ready, "--user", "dp0301", "second_chance", "validate", "approve", "--centre", "E2C-FES-01")
    assert approved.exit_code == 0, approved.output
    locked = run(e2c_ready, "--user", "dp0301", "import", "e2c-learners", fes)
    assert locked.exit_code == 2 and "validées par la province et verrouillées" in locked.output
    only = campaign_files(e2c_ready, "second_chance", tmp_path / "approved", approved_only=True)
    assert pd.read_csv(only[0])["centre_code"].tolist() == ["E2C-FES-01"]
    assert run(e2c_ready, "--user", "dp0301", "second_chance", "validate", "reopen", "--centre",
               "E2C-FES-01").exit_code == 2  # a reason is needed
    assert run(e2c_ready, "--user", "dp0301", "second_chance", "validate", "reopen", "--centre", "E2C-FES-01",
               "--reason", "L3 a changé d'étape").exit_code == 0
    assert run(e2c_ready, "--user", "dp0301", "import", "e2c-learners", fes).exit_code == 0
    with make_engine(e2c_ready).connect() as connection:
        actions = set(connection.scalars(select(AuditEvent.action).where(AuditEvent.username == "dp0301")))
    assert {"approve second_chance", "reopen second_chance", "import e2c-learners"} <= actions


@pytest.mark.kernel
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # one run: both databases are checked above
def test_the_notebook_writes_the_committee_report_without_personal_data(e2c_ready, tmp_path):
    result = run(e2c_ready, "run", "second-chance", "--province", "0301", "--year", YEAR, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "second-chance.html").read_text(encoding="utf-8")
    assert "Écoles de la deuxième chance" in page and "مدارس الفرصة الثانية" in page
    assert "E2C-FES-02" in page and "E2C-MEK-01" not in page  # the province's centres only
    assert "Association / الجمعية الشريكة" not in page and "Association" in page  # missing fields named
    assert pd.read_csv(tmp_path / "e2c_indicators.csv")["province_code"].tolist() == [301, 301]
    assert (tmp_path / "e2c_visit_0301.xlsx").exists() and not (tmp_path / "e2c_visit_0302.xlsx").exists()
    # no personal data: no learner's Massar code, birth date or number
    assert not re.search(r"\b[A-Z][0-9]{9}\b", page)
    assert not any(row["birth_date"] and row["birth_date"] in page for row in LEARNERS)
    assert not re.search(r">\s*[LM][0-9]\s*<", page)


def test_a_scope_without_centres_gives_empty_figures_and_charts(hand):
    from workbench import report
    from workbench.programmes.second_chance import charts
    from workbench.programmes.second_chance.campaign import SecondChanceResult
    from workbench.scope import Scope

    centres, learners, staff, plan, _ = (frame.iloc[0:0] for frame in hand)
    centres = centres.assign(province_fr="")  # as the query names them
    indicators = logic.centre_indicators(centres, learners, staff, YEAR)
    assert indicators.empty and logic.totals(indicators)["learners"] == 0
    result = SecondChanceResult(YEAR, Scope(), centres, learners, staff,
                                logic.plan_vs_achieved(centres, learners, plan, YEAR).assign(province_fr=""),
                                indicators, logic.field_cells(centres, learners, staff),
                                pd.DataFrame({"centre_code": [], "state": []}))
    for chart in (charts.centres_by_province, charts.plan_against_achieved, charts.completeness_ranking,
                  charts.outcomes):
        assert report.chart(chart(result)).data


def test_the_desk_reads_names_flags_and_provinces_in_the_readers_language(e2c_ready):
    """Issue 32: in Arabic, a centre and a province read by their Arabic names (no '(fr)' column), a flag of the
    centre's card in words (never True/False)."""
    from words import other_language_in, raw_codes_in

    from workbench.programmes.second_chance.desk import SecondChanceDesk

    desk = SecondChanceDesk(db_url=e2c_ready, year="2025-2026")
    assert desk.lang == "ar"
    centres, plan = desk.centres_table(), desk.plan_table()
    shown = [*centres.columns, *plan.columns, *desk.param.province.names, *desk.param.centre.names]
    for centre in desk.param.centre.objects:
        desk.centre = centre
        fields = desk.centre_fields()
        shown += [str(v) for v in fields.drop(columns="missing").to_numpy().ravel()]
    said = " ".join(str(v) for v in [*shown, *centres.to_numpy().ravel(), *plan.to_numpy().ravel()])
    assert other_language_in(said) == [] and raw_codes_in(said) == []
    assert text("second_chance.province_ar").ar in centres.columns
    assert text("second_chance.yes").ar in said or text("second_chance.no").ar in said
