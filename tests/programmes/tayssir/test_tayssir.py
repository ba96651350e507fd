"""Tayssir with hand-computed answers (see handbuilt.py), through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from handbuilt import counts, run
from massar_files import write_csv
from words import raw_codes_in, split_figures_in, visible_text_of_report

from programmes.tayssir.handbuilt import EXPECTED_P1_TRANSFERS
from workbench.db import make_engine
from workbench.programmes.tayssir import logic, outputs, periods, summary, views
from workbench.scope import Scope

YEAR = "2025-2026"


def months(url, tmp_path, period="P1", *, notebook: bool = False) -> pd.DataFrame:
    """The period's pupil-months and transfers as the campaign writes them: by the same functions in this process
    (fast), or through `workbench run` and its notebook."""
    out = tmp_path / f"run-{period}-{len(list(tmp_path.iterdir()))}"
    if notebook:
        result = run(url, "run", "tayssir-transfers", "--year", YEAR, "--period", period, "--out", out)
        assert result.exit_code == 0, result.output
    else:
        engine = make_engine(url)
        with engine.connect() as connection:
            code = periods.resolve_period(YEAR, period)
            figures = summary.summarise(connection, periods.compute_year(connection, Scope(), YEAR), code)
        out.mkdir()
        outputs.write_csvs(figures, out)
        engine.dispose()
    frame = pd.read_csv(out / "tayssir_pupil_months.csv", keep_default_na=False)
    frame.attrs["transfers"] = (out / "tayssir_transfers.csv").read_text()
    return frame.set_index(["massar_code", "month"])


def status(frame, code, month):
    row = frame.loc[(code, month)]
    return row["status"], row["reason"], int(row["amount_mad"])


@pytest.mark.kernel
def test_period_one_by_hand(tayssir_ready, tmp_path):
    frame = months(tayssir_ready, tmp_path, notebook=True)
    assert list(frame.reset_index().columns) == ["massar_code", "month", "amount_mad", "status", "reason"]
    # absence limit in primary: 4 days paid, 5 withheld; a justified 5th day does not count
    assert status(frame, "A000000001", "2025-10") == ("paid", "", 60)
    assert status(frame, "A000000001", "2025-11") == ("withheld", "absences", 0)
    assert status(frame, "A000000001", "2025-12") == ("paid", "", 60)
    # lower secondary: 6 paid, 7 withheld
    assert status(frame, "F100000001", "2025-10") == ("paid", "", 140)
    assert status(frame, "F100000001", "2025-11") == ("withheld", "absences", 0)
    # household registered on 15 October: September is not payable, October is
    assert status(frame, "A000000002", "2025-09") == ("ineligible", "household_not_enrolled_yet", 0)
    assert status(frame, "A000000002", "2025-10") == ("paid", "", 60)
    # commune not targeted and no RAMED/RSU card: never eligible; with the card (F1, E5): paid
    assert {status(frame, "A000000003", m)[1] for m in ("2025-09", "2025-12")} == {"commune_not_targeted"}
    # household of five: 140 and the two 100s with the smaller codes are paid, the rest capped
    for code, expected in (("E000000005", ("paid", "", 140)), ("E000000002", ("paid", "", 100)),
                           ("E000000003", ("paid", "", 100)), ("E000000004", ("capped", "household_cap", 0)),
                           ("E000000001", ("capped", "household_cap", 0))):
        assert status(frame, code, "2025-10") == expected
    assert frame.attrs["transfers"] == EXPECTED_P1_TRANSFERS


def test_a_pupil_leaving_mid_year(tayssir_ready, tmp_path):
    frame = months(tayssir_ready, tmp_path, period="P2")
    assert status(frame, "A000000002", "2026-01") == ("ineligible", "left_school", 0)  # left on 15 December
    frame = months(tayssir_ready, tmp_path, period="P1")
    assert status(frame, "A000000002", "2025-12") == ("paid", "", 60)  # not left before the 1st


def test_justified_absences_count_when_the_year_says_so(tayssir_ready, tmp_path):
    result = run(tayssir_ready, "tayssir", "settings", "--year", YEAR, "--count-justified")
    assert result.exit_code == 0 and "justified absences count" in result.output
    assert status(months(tayssir_ready, tmp_path), "A000000001", "2025-12") == ("withheld", "absences", 0)


def test_issued_period_is_frozen_and_corrections_become_adjustments(tayssir_ready, tmp_path):
    assert run(tayssir_ready, "tayssir", "issue-period", "--year", YEAR, "--period", "P1").exit_code == 0
    again = run(tayssir_ready, "tayssir", "issue-period", "--year", YEAR, "--period", "P1")
    assert again.exit_code == 2 and "elle est figée" in again.output
    early = run(tayssir_ready, "tayssir", "issue-period", "--year", YEAR, "--period", "P3")
    assert early.exit_code == 2 and "dans l'ordre" in early.output
    refused = run(tayssir_ready, "tayssir", "settings", "--year", YEAR, "--household-cap", "4")
    assert refused.exit_code == 2 and "sont figés" in refused.output

    # late absence data: A1 was absent a 5th day in October, paid in P1
    late = [{"massar_code": "A000000001", "date": "2025-10-10", "slots": "2", "justified": "0"}]
    assert run(tayssir_ready, "import", "absences", write_csv(tmp_path / "late.csv", late)).exit_code == 0
    p1 = months(tayssir_ready, tmp_path, "P1")
    assert status(p1, "A000000001", "2025-10") == ("paid", "", 60)  # issued: unchanged
    assert p1.attrs["transfers"] == EXPECTED_P1_TRANSFERS

    assert run(tayssir_ready, "tayssir", "issue-period", "--year", YEAR, "--period", "P2").exit_code == 0
    transfers = pd.read_csv(pd.io.common.StringIO(months(tayssir_ready, tmp_path, "P2").attrs["transfers"]))
    ca1 = transfers.set_index("guardian_cin").loc["CA100001"]
    assert ca1["amount_mad"] == 3 * 60 - 60  # January to March paid, October's 60 recovered once

    p2_again = months(tayssir_ready, tmp_path, "P2")  # recomputing an issued period yields the same lines
    assert p2_again.attrs["transfers"] == transfers.to_csv(index=False)
    p3 = pd.read_csv(pd.io.common.StringIO(months(tayssir_ready, tmp_path, "P3").attrs["transfers"]))
    assert p3.set_index("guardian_cin").loc["CA100001", "amount_mad"] == 3 * 60  # no second correction


def test_upheld_complaint_pays_the_withheld_month_once(tayssir_ready, tmp_path):
    assert run(tayssir_ready, "tayssir", "issue-period", "--period", "P1").exit_code == 0
    complaint = [{"guardian_cin": "CB200002", "massar_code": "F100000001", "period": "2025-2026-P1",
                  "kind": "missing_payment", "channel": "guichet", "filed_on": "2026-01-12",
                  "text": "absences de novembre justifiées par certificat médical"}]
    assert run(tayssir_ready, "import", "complaints", write_csv(tmp_path / "c.csv", complaint)).exit_code == 0
    assert run(tayssir_ready, "import", "complaints", write_csv(tmp_path / "c.csv", complaint)).exit_code == 0
    assert counts_of(tayssir_ready, "complaints") == 1  # filed once, however often the file is imported
    refused = run(tayssir_ready, "tayssir", "complaint", "1", "--state", "upheld")
    assert refused.exit_code == 2 and "avant de clore la réclamation" in refused.output
    upheld = run(tayssir_ready, "tayssir", "complaint", "1", "--state", "upheld", "--resolution", "certificat accepté")
    assert upheld.exit_code == 0 and "2025-11" in upheld.output
    p2 = pd.read_csv(pd.io.common.StringIO(months(tayssir_ready, tmp_path, "P2").attrs["transfers"]))
    assert p2.set_index("guardian_cin").loc["CB200002", "amount_mad"] == 3 * 140 + 140
    assert run(tayssir_ready, "tayssir", "issue-period", "--period", "P2").exit_code == 0
    p3 = pd.read_csv(pd.io.common.StringIO(months(tayssir_ready, tmp_path, "P3").attrs["transfers"]))
    assert p3.set_index("guardian_cin").loc["CB200002", "amount_mad"] == 3 * 140  # paid once, in P2
    closed = run(tayssir_ready, "tayssir", "complaint", "1", "--state", "rejected", "--resolution", "x")
    assert closed.exit_code == 2 and "est déjà close (Fondée)" in closed.output


def counts_of(url, table):
    from sqlalchemy import text

    from workbench.db import make_engine

    with make_engine(url).connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def payments(rows):
    return [{"guardian_cin": cin, "period": "2025-2026-P1", "amount_mad": amount, "status": "paid",
             "paid_on": "2026-01-20", "receipt": f"R-{cin}"} for cin, amount in rows]


def test_payments_reconcile_against_the_issued_list(tayssir_ready, tmp_path):
    good = payments([("CA100001", 180), ("CA300001", 1360)])
    unissued = run(tayssir_ready, "import", "tayssir-payments", write_csv(tmp_path / "p0.csv", good))
    assert unissued.exit_code == 2 and "cette période n'a pas été émise" in unissued.output
    assert run(tayssir_ready, "tayssir", "issue-period", "--period", "P1").exit_code == 0
    assert run(tayssir_ready, "import", "tayssir-payments", write_csv(tmp_path / "p.csv", good)).exit_code == 0
    assert counts_of(tayssir_ready, "tayssir_payments") == 2


@pytest.mark.parametrize("rows, words", [
    (payments([("CA100001", 200)]), ["diffère de la liste émise (180 DH)"]),
    (payments([("ZZ999", 60)]), ["CIN inconnu"]),
    ([{**payments([("CA100001", 180)])[0], "period": "2024-2025-P9"}], ["inconnu : période de paiement"]),
])
def test_bad_payment_files_write_nothing(tayssir_ready, tmp_path, rows, words):
    assert run(tayssir_ready, "tayssir", "issue-period", "--period", "P1").exit_code == 0
    before = counts_of(tayssir_ready, "tayssir_payments")
    result = run(tayssir_ready, "import", "tayssir-payments", write_csv(tmp_path / "bad.csv", rows))
    assert result.exit_code == 2 and all(w in result.output for w in words), result.output
    assert counts_of(tayssir_ready, "tayssir_payments") == before


@pytest.mark.parametrize("rows, words", [
    ([{"year": "2025-2026", "guardian_cin": "CA1", "massar_code": "Z123456789", "enrolled_on": "2025-09-01"}],
     ["élève inconnu"]),
    ([{"year": "2025-2026", "guardian_cin": "12AB", "massar_code": "A000000001", "enrolled_on": "2025-09-01"}],
     ["numéro de CIN"]),
])
def test_bad_registrations_write_nothing(tayssir_ready, tmp_path, rows, words):
    before = counts(tayssir_ready)
    result = run(tayssir_ready, "import", "tayssir-enrolments", write_csv(tmp_path / "bad.csv", rows))
    assert result.exit_code == 2 and all(w in result.output for w in words), result.output
    assert counts(tayssir_ready) == before


def test_complaint_for_an_unknown_period_or_cin(tayssir_ready, tmp_path):
    rows = [{"guardian_cin": "ZZ1", "period": "2025-2026-P7", "kind": "other", "filed_on": "2026-01-01"}]
    result = run(tayssir_ready, "import", "complaints", write_csv(tmp_path / "c.csv", rows))
    assert (result.exit_code == 2 and "inconnu : période de paiement" in result.output
            and "aucun ménage inscrit à Tayssir" in result.output)


def test_unknown_period_is_bad_input(tayssir_ready, tmp_path):
    result = run(tayssir_ready, "run", "tayssir-transfers", "--period", "P9", "--out", tmp_path)
    assert result.exit_code == 2 and "n'existe pas" in result.output
    result = run(tayssir_ready, "run", "overview", "--period", "P1", "--out", tmp_path)
    assert result.exit_code == 2 and "Option « --period » inconnue" in result.output  # only Tayssir declares it


def test_cap_applies_per_household_and_month_on_random_sizes():
    programme = pd.DataFrame({
        "massar_code": [f"A{i:09d}" for i in range(8)], "guardian_cin": ["G1"] * 5 + ["G2"] * 3,
        "monthly_amount_mad": [60, 140, 100, 100, 80, 60, 60, 60], "max_absences_per_month": [4] * 8,
        "left_on": [pd.NaT] * 8, "enrolled_on": [pd.Timestamp("2025-09-01")] * 8, "ramed_or_rsu": [True] * 8,
        "targeted": [False] * 8})
    frame = logic.pupil_months(programme, pd.DataFrame(columns=["massar_code", "month", "absence_days"]),
                               [pd.Timestamp("2025-09-01"), pd.Timestamp("2025-10-01")], household_cap=3)
    paid = frame[frame["status"] == "paid"].groupby(["guardian_cin", "month"]).size()
    assert (paid == 3).all()
    september = frame[frame["month"] == pd.Timestamp("2025-09-01")].set_index("massar_code")["status"]
    assert september["A000000004"] == "capped" and september["A000000000"] == "capped"


def test_desk_family_absences_and_complaints(tayssir_ready):
    from workbench.programmes.tayssir.desk import TayssirDesk

    desk = TayssirDesk(db_url=tayssir_ready, year=YEAR)
    assert desk.province == "0301" and desk.dashboard is None  # computed when the Province tab shows it
    assert desk.period_codes() == [f"{YEAR}-P1", f"{YEAR}-P2", f"{YEAR}-P3"]  # the complaint form's, at once
    assert desk.show_dashboard().totals()["households"] == 3
    desk.cin = "cd 12"
    assert desk.message.startswith("⚠") and desk.family.empty
    desk.cin = "ZZ123"
    assert "لا توجد أسرة" in desk.message
    desk.cin = "CA100001"
    assert list(desk.children().values()) == ["A000000001"]
    october = 'data-pupil="A000000001" data-month="2025-10" data-status="paid"'
    assert october in views.family_table(desk.family)

    assert desk.record_absences("A000000001", 10, 1)  # the 5th day in October
    assert 'data-month="2025-10" data-status="withheld"' in views.family_table(desk.family)
    assert not desk.record_absences("A000000001", 7, 1) and "ليس شهرا دراسيا" in desk.message

    assert desk.file_complaint("missing_payment", "2025-2026-P1", "A000000001", "octobre")
    complaint = desk.family_complaints().iloc[-1]
    assert (complaint["state"], complaint["massar_code"]) == ("new", "A000000001")
    assert not desk.resolve_complaint(int(complaint["id"]), "upheld", "")  # a resolution is required
    assert desk.resolve_complaint(int(complaint["id"]), "upheld", "erreur de saisie")
    assert "2025-10" in desk.message and "2025-11" in desk.message
    assert 'data-month="2025-10" data-status="paid"' in views.family_table(desk.family)


def test_desk_names_periods_levels_and_reasons_in_the_readers_language(tayssir_ready):
    """Issue 32: the complaint form's periods by name and months, a child's level by its name, a month's reason in
    words; nothing of it a raw code, nor a French word in Arabic."""
    from words import other_language_in, raw_codes_in

    from workbench.programmes.tayssir.desk import TayssirDesk

    desk = TayssirDesk(db_url=tayssir_ready, year=YEAR)
    options = desk.period_options()
    assert list(options.values()) == desk.period_codes()
    assert list(options)[0] == "الدفعة 1: من شتنبر 2025 إلى دجنبر 2025"
    desk.cin = "CA100001"
    shown = visible_text_of_report(views.family_table(desk.family, "ar", desk.levels))
    children = " ".join(desk.children())
    assert "السنة الأولى ابتدائي" in shown + children
    complaints = views.complaints_table(pd.DataFrame({"period_code": [f"{YEAR}-P2"], "kind": ["other"],
                                                      "state": ["new"]}), "ar", desk.period_names())
    assert complaints["period_code"].iloc[0].startswith("الدفعة 2")
    reasons = [views.reason_words(reason, "ar") for reason in logic.REASONS]
    assert all(reasons[1:]) and reasons[0] == ""
    said = " ".join([shown, children, *options, *reasons, desk.t("tayssir.app.search_hint")])
    assert raw_codes_in(said) == [] and other_language_in(said) == []


@pytest.mark.kernel
def test_the_report_states_the_stored_household_cap_and_absence_rule(tayssir_ready, tmp_path):
    result = run(tayssir_ready, "tayssir", "settings", "--year", YEAR, "--household-cap", "2", "--count-justified")
    assert result.exit_code == 0, result.output
    frame = months(tayssir_ready, tmp_path, notebook=True)
    page = next(tmp_path.glob("run-*/tayssir-transfers.html")).read_text(encoding="utf-8")
    assert "Au plus 2 enfant(s) payé(s) par ménage" in page and "\u20662\u2069 أطفال على الأكثر" in page
    assert "Mois au-delà de 2 enfants" in page and "3 enfants" not in page
    assert "absences justifiées comprises" in page
    assert raw_codes_in(visible_text_of_report(page)) == []  # statuses, kinds and columns in words
    assert split_figures_in(visible_text_of_report(page)) == []  # figures read whole in Arabic
    # and the computation follows the same setting: the household of five has two children paid
    paid = frame.reset_index().query("month == '2025-10' and massar_code.str.startswith('E')")
    assert (paid["status"] == "paid").sum() == 2


def test_the_apps_complaints_table_shows_words_not_codes():
    frame = pd.DataFrame({"id": [1], "massar_code": ["A000000001"], "period_code": [None], "kind": ["missing_payment"],
                          "filed_on": [pd.Timestamp("2026-01-05")], "state": ["in_review"], "resolution": [None]})
    arabic, french = views.complaints_table(frame, "ar"), views.complaints_table(frame, "fr")
    assert arabic.iloc[0, 3] == "أداء غير متوصل به" and arabic.iloc[0, 5] == "قيد الدراسة"
    assert french.iloc[0, 3] == "Paiement manquant" and french.iloc[0, 5] == "En cours d'examen"
    assert views.COMPLAINT_COLUMNS["kind"].of("fr") == "Type"  # the app heads the column with this
    assert not arabic.isin(["missing_payment", "in_review", "None", "NaT"]).any().any()


def test_the_report_counts_beneficiaries_by_level_with_girls_and_boys_side_by_side():
    from workbench.programmes.tayssir.summary import TayssirSummary

    def pupil(code, province, level, sex):
        return {"massar_code": code, "province_code": province, "province_fr": province, "province_ar": province,
                "level_code": level, "sex": sex}

    def month(code, status, amount):
        return {"massar_code": code, "status": status, "amount_mad": amount}

    programme = pd.DataFrame([pupil("A", "0301", "1AP", "F"), pupil("B", "0302", "1AP", "M"),
                              pupil("C", "0302", "1AP", "F"), pupil("D", "0301", "2AP", "M"),
                              pupil("E", "0301", "2AP", "F")])  # E: never paid nor withheld, counted nowhere
    months = pd.DataFrame([
        month("A", "paid", 60), month("A", "paid", 60), month("B", "paid", 60), month("C", "withheld", 0),
        month("D", "paid", 70), month("D", "withheld", 0), month("E", "ineligible", 0)])
    figures = TayssirSummary(state=SimpleNamespace(programme=programme), period=None, months=months,
                             adjustments=pd.DataFrame(), complaints=pd.DataFrame())
    table = figures.by_level_and_sex()
    assert table.to_dict("records") == [
        {"level_code": "1AP", "level_fr": "1ère année primaire", "level_ar": "السنة الأولى ابتدائي", "girls": 1,
         "boys": 1, "beneficiaries": 2, "amount_mad": 180, "withheld_months": 1},
        {"level_code": "2AP", "level_fr": "2ème année primaire", "level_ar": "السنة الثانية ابتدائي", "girls": 0,
         "boys": 1, "beneficiaries": 1, "amount_mad": 70, "withheld_months": 1}]


def test_the_report_counts_pupil_months_by_month_and_status_in_the_lines_order_of_statuses():
    from workbench.programmes.tayssir.summary import TayssirSummary

    statuses = pd.CategoricalDtype(["paid", "withheld", "capped", "ineligible"])  # the lines' order, not the alphabet's
    months = pd.DataFrame({
        "month": pd.to_datetime(["2025-10-01", "2025-09-01", "2025-09-01", "2025-10-01", "2025-10-01", "2025-09-01"]),
        "status": pd.Series(["capped", "paid", "paid", "withheld", "paid", "ineligible"], dtype=statuses)})
    figures = TayssirSummary(state=SimpleNamespace(), period=None, months=months, adjustments=pd.DataFrame(),
                             complaints=pd.DataFrame())
    assert figures.status_by_month().to_dict("records") == [
        {"month": "2025-09", "status": "paid", "pupil_months": 2},
        {"month": "2025-09", "status": "ineligible", "pupil_months": 1},
        {"month": "2025-10", "status": "paid", "pupil_months": 1},
        {"month": "2025-10", "status": "withheld", "pupil_months": 1},
        {"month": "2025-10", "status": "capped", "pupil_months": 1}]


def test_a_period_computed_alone_gives_the_lines_of_the_whole_year(tayssir_ready, tmp_path):
    """A period's run computes only its own months (and, for the next to issue, the issued ones its adjustments
    pay): every period's lines and transfers are those of the whole year computed, before and after P1 is issued
    and a month of P1 corrected."""
    engine = make_engine(tayssir_ready)

    def same_for_every_period() -> None:
        with engine.connect() as connection:
            whole = periods.compute_year(connection, Scope(), YEAR)
            for code in whole.periods["code"]:
                alone = periods.compute_year(connection, Scope(), YEAR, period=code)
                assert len(alone.months) < len(whole.months) or whole.periods["issued_on"].notna().all()
                pd.testing.assert_frame_equal(alone.lines(code).reset_index(drop=True),
                                              whole.lines(code).reset_index(drop=True))
                pd.testing.assert_frame_equal(alone.transfers(code), whole.transfers(code))
                pd.testing.assert_frame_equal(alone.pupil_months(code), whole.pupil_months(code))

    same_for_every_period()
    assert run(tayssir_ready, "tayssir", "issue-period", "--year", YEAR, "--period", "P1").exit_code == 0
    school_days = [*range(6, 12), *range(13, 19)]  # Monday to Saturday, twice
    late = write_csv(tmp_path / "late.csv", [{"massar_code": "A000000001", "date": f"2025-10-{day:02d}",
                                              "slots": "1", "justified": "0"} for day in school_days])
    imported = run(tayssir_ready, "import", "absences", late)
    assert imported.exit_code == 0, imported.output
    same_for_every_period()
    with engine.connect() as connection:
        p2 = periods.compute_year(connection, Scope(), YEAR, period=f"{YEAR}-P2")
        assert (p2.lines(f"{YEAR}-P2")["kind"] == "adjustment").any()  # the correction of October, paid back
        with pytest.raises(ValueError):
            p2.lines(f"{YEAR}-P3")  # its months were not computed
    engine.dispose()


def test_programme_rows_hold_their_few_valued_columns_as_sorted_categories_on_both_read_paths(tayssir_ready):
    """The programme's dates, levels, schools, sexes and places are categories in sorted order (reports group and
    sort by them), with the same values whether read row by row or through the analytics path (Arrow)."""
    from workbench import analytics
    from workbench.programmes.tayssir import queries

    engine = make_engine(tayssir_ready)
    with engine.connect() as connection:
        by_rows = queries.programme(connection, Scope(), YEAR)
        with analytics.reading(connection):
            by_arrow = queries.programme(connection, Scope(), YEAR)
    engine.dispose()
    columns = [*queries.FEW_VALUES, "province_code", "region_code", "province_fr", "province_ar"]
    for frame in (by_rows, by_arrow):
        for column in columns:
            assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
            assert frame[column].cat.categories.is_monotonic_increasing, column
    assert by_rows["left_on"].notna().any() and by_rows["left_on"].isna().any()  # a pupil who left, and others

    def shown(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.sort_values("massar_code")[["massar_code", *columns]].astype(str).reset_index(drop=True)

    pd.testing.assert_frame_equal(shown(by_rows), shown(by_arrow))
