"""One Million Schoolbags: known answers through the CLI, properties of the rules, and refused imports."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from handbuilt import campaign_files, counts, run
from hypothesis import given, settings
from hypothesis import strategies as st
from massar_files import write_csv
from words import raw_codes_in, split_figures_in, visible_text_of_report

from programmes.schoolbags.handbuilt import EXPECTED_KIT_NEEDS
from workbench.catalogue import text
from workbench.db import make_engine
from workbench.programmes.schoolbags import logic
from workbench.programmes.schoolbags.compute import compute
from workbench.scope import resolve_scope

YEAR = "2025-2026"


@pytest.mark.kernel
def test_kit_needs_csv_through_the_cli(kit_ready, tmp_path):
    result = run(kit_ready, "run", "kit-needs", "--year", YEAR, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kit_needs.csv").read_text() == EXPECTED_KIT_NEEDS
    assert (tmp_path / "kit-needs.html").exists() and (tmp_path / "kit-needs.ipynb").exists()
    page = (tmp_path / "kit-needs.html").read_text(encoding="utf-8")
    assert raw_codes_in(visible_text_of_report(page)) == []  # statuses and columns in words
    assert split_figures_in(visible_text_of_report(page)) == []  # figures read whole in Arabic
    assert '<html lang="ar" dir="rtl">' in page  # Arabic first, French at the switch


def test_order_workbook_has_a_sheet_per_province_with_bilingual_headers(kit_ready, tmp_path):
    campaign_files(kit_ready, "schoolbags", tmp_path, year=YEAR)
    book = openpyxl.load_workbook(tmp_path / "kit_orders.xlsx")
    assert book.sheetnames == ["0301 Fès", "0302 Meknès"]
    sheet = book["0301 Fès"]
    headers = [cell.value for cell in sheet[1]]
    assert "À commander / الكمية المطلوبة" in headers and "Code établissement / رمز المؤسسة" in headers
    rows = {r[headers.index("Code article / رمز الصنف")]: r[headers.index("À commander / الكمية المطلوبة")]
            for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows == {"BAG": 3, "NB-48": 18, "TB-1AP-AR": 0}
    assert sheet.sheet_view.rightToLeft


def test_province_scope_and_cost(kit_ready):
    with make_engine(kit_ready).connect() as connection:
        result = compute(connection, resolve_scope(connection, province="0301"), YEAR)
    assert set(result.needs["school_code"]) == {"11111A"}
    totals = result.totals()
    assert (totals["beneficiaries"], totals["to_order"], totals["surplus"]) == (3, 21, 1)
    assert totals["cost_mad"] == 3 * 60 + 18 * 2.5
    province = result.by_province().iloc[0]
    assert (province["to_order"], province["still_due"], province["transferable"]) == (21, 21, 0)


def test_exclusion_can_be_undone(kit_ready, tmp_path):
    assert run(kit_ready, "schoolbags", "exclude", "--undo", "B100000003").exit_code == 0
    campaign_files(kit_ready, "schoolbags", tmp_path, year=YEAR, school="11111A")
    needs = pd.read_csv(tmp_path / "kit_needs.csv").set_index("item_code")
    assert needs.loc["BAG", "required"] == 4 and needs.loc["TB-1AP-AR", "surplus"] == 0


def test_surplus_transfers_stay_inside_the_province():
    needs = pd.DataFrame({"school_code": ["A", "B", "C", "D"], "item_code": "TB",
                          "required": [0, 0, 8, 10], "usable_stock": [5, 4, 0, 0],
                          "to_order": [0, 0, 8, 10], "surplus": [5, 4, 0, 0]})
    schools = pd.DataFrame({"school_code": ["A", "B", "C", "D"], "province_code": ["P", "P", "P", "Q"]})
    moves = logic.surplus_transfers(needs, schools)
    assert moves.to_dict("records") == [
        {"province_code": "P", "item_code": "TB", "from_school": "A", "to_school": "C", "quantity": 5},
        {"province_code": "P", "item_code": "TB", "from_school": "B", "to_school": "C", "quantity": 3},
    ]


# --- properties on random data --------------------------------------------------------------------------------

LEVELS = ["1AP", "2AP", "1AC"]
ITEMS = ["TB1", "TB2", "NB", "BAG"]
frames = st.fixed_dictionaries({
    "beneficiaries": st.lists(st.tuples(st.sampled_from(["S1", "S2", "S3", "S4"]), st.sampled_from(LEVELS),
                                        st.integers(0, 60)), max_size=12, unique_by=lambda t: t[:2]),
    "composition": st.lists(st.tuples(st.sampled_from(LEVELS), st.sampled_from(["rural", "urban", "all"]),
                                      st.sampled_from(ITEMS), st.integers(0, 6)), max_size=12,
                            unique_by=lambda t: t[:3]),
    "returned": st.lists(st.tuples(st.sampled_from(["S1", "S2", "S3", "S4", "S5"]), st.sampled_from(ITEMS),
                                   st.integers(0, 80)), max_size=12, unique_by=lambda t: t[:2]),
})
MILIEU = {"S1": "rural", "S2": "urban", "S3": "rural", "S4": "urban", "S5": "rural"}
PROVINCE = {"S1": "P", "S2": "P", "S3": "P", "S4": "Q", "S5": "Q"}


def _frames(data):
    beneficiaries = pd.DataFrame(data["beneficiaries"], columns=["school_code", "level_code", "beneficiaries"])
    beneficiaries["milieu"] = beneficiaries["school_code"].map(MILIEU)
    composition = pd.DataFrame(data["composition"], columns=["level_code", "milieu", "item_code", "quantity"])
    returned = pd.DataFrame(data["returned"], columns=["school_code", "item_code", "usable"])
    return beneficiaries, composition, returned


@settings(max_examples=200, deadline=None)
@given(frames)
def test_to_order_minus_surplus_is_required_minus_stock(data):
    beneficiaries, composition, returned = _frames(data)
    needs = logic.kit_needs(beneficiaries, composition, returned, {"TB1", "TB2"})
    assert (needs["to_order"] - needs["surplus"] == needs["required"] - needs["usable_stock"]).all()
    assert (needs[["required", "usable_stock", "to_order", "surplus"]] >= 0).all().all()
    assert (needs[["to_order", "surplus"]].min(axis=1) == 0).all()
    assert ((needs["required"] > 0) | (needs["usable_stock"] > 0)).all()
    assert not needs.duplicated(["school_code", "item_code"]).any()
    # required, counted the long way: pupil by pupil, item by item
    expected: dict[tuple[str, str], int] = {}
    for school, level, count, milieu in beneficiaries.itertuples(index=False):
        for c_level, c_milieu, item, quantity in composition.itertuples(index=False):
            if c_level == level and c_milieu in (milieu, "all"):
                expected[(school, item)] = expected.get((school, item), 0) + count * quantity
    got = {(r.school_code, r.item_code): r.required for r in needs.itertuples() if r.required}
    assert got == {k: v for k, v in expected.items() if v}
    consumables = needs[needs["item_code"].isin(["NB", "BAG"])]
    assert (consumables["usable_stock"] == 0).all()


@settings(max_examples=200, deadline=None)
@given(frames)
def test_transfers_never_move_more_than_there_is(data):
    beneficiaries, composition, returned = _frames(data)
    needs = logic.kit_needs(beneficiaries, composition, returned, {"TB1", "TB2"})
    schools = pd.DataFrame({"school_code": list(PROVINCE), "province_code": list(PROVINCE.values())})
    moves = logic.surplus_transfers(needs, schools)
    if moves.empty:
        return
    indexed = needs.set_index(["school_code", "item_code"])
    given_away = moves.groupby(["from_school", "item_code"])["quantity"].sum()
    received = moves.groupby(["to_school", "item_code"])["quantity"].sum()
    assert all(q <= indexed.loc[key, "surplus"] for key, q in given_away.items())
    assert all(q <= indexed.loc[key, "to_order"] for key, q in received.items())
    assert (moves["from_school"].map(PROVINCE) == moves["to_school"].map(PROVINCE)).all()
    frame = needs.assign(province=needs["school_code"].map(PROVINCE))
    movable = frame.groupby(["province", "item_code"])[["surplus", "to_order"]].sum().min(axis=1).sum()
    assert moves["quantity"].sum() == movable


# --- refused imports ---------------------------------------------------------------------------------------------

def _row(**changes):
    return [{"year": "2025-2026", "school_code": "11111A", "item_code": "TB-1AP-AR", "returned": "5", "usable": "4",
             **changes}]


@pytest.mark.parametrize("kind, rows, words", [
    ("returned-books", _row(usable="9"), ["colonne « usable »", "dépasse les 5 exemplaires rendus"]),
    ("returned-books", _row(item_code="TB-9XX"), ["inconnu : article du kit", "TB-9XX"]),
    ("returned-books", _row(school_code="99999Z"), ["inconnu : établissement", "99999Z"]),
    ("returned-books", _row(returned="-2", usable="0"), ["colonne « returned »", "est inférieur à 0"]),
    ("returned-books", _row() + _row(), ["apparaît plus d'une fois (lignes 2, 3)"]),
    ("returned-books", _row(item_code="NB-48"), ["article consommable"]),
    ("kit-composition", [{"year": "2025-2026", "level_code": "1AP", "milieu": "all", "item_code": "BAG",
                          "quantity": "-1"}], ["colonne « quantity »", "est inférieur à 0"]),
    ("kit-composition", [{"year": "2025-2026", "level_code": "7AP", "milieu": "all", "item_code": "BAG",
                          "quantity": "1"}], ["inconnu : niveau"]),
    ("kit-items", [{"item_code": "X", "kind": "toy", "name_fr": "x", "name_ar": "x"}], ["type d'article attendu"]),
    ("deliveries", [{"year": "2025-2026", "school_code": "11111A", "item_code": "BAG", "quantity": "-5",
                     "delivered_on": "2025-09-10"}], ["est inférieur à 0"]),
    ("deliveries", [{"year": "2025-2026", "school_code": "11111A", "item_code": "GLOBE", "quantity": "5",
                     "delivered_on": "2025-09-10"}], ["inconnu : article du kit"]),
    ("distributions", [{"year": "2025-2026", "massar_code": "Z000000001", "delivered_on": "2025-09-20"}],
     ["n'est pas inscrit cette année scolaire"]),
])
def test_bad_schoolbags_imports_write_nothing(kit_ready, tmp_path, kind, rows, words):
    before = counts(kit_ready)
    result = run(kit_ready, "import", kind, write_csv(tmp_path / f"bad-{kind}.csv", rows))
    assert result.exit_code == 2, result.output
    assert all(word in result.output for word in words), result.output
    assert counts(kit_ready) == before


def test_deliveries_and_distributions_show_progress(kit_ready, tmp_path):
    deliveries = [{"year": "2025-2026", "school_code": "11111A", "item_code": "BAG", "quantity": "2",
                   "delivered_on": "2025-09-10", "supplier": "Dar Attaqafa"},
                  {"year": "2025-2026", "school_code": "11111A", "item_code": "BAG", "quantity": "1",
                   "delivered_on": "12/09/2025"}]
    distributions = [{"year": "2025-2026", "massar_code": "A000000001", "delivered_on": "2025-09-20",
                      "complete": "1"},
                     {"year": "2025-2026", "massar_code": "B100000001", "delivered_on": "2025-09-20",
                      "complete": "0"}]
    assert run(kit_ready, "import", "deliveries", write_csv(tmp_path / "d.csv", deliveries)).exit_code == 0
    assert run(kit_ready, "import", "distributions", write_csv(tmp_path / "x.csv", distributions)).exit_code == 0
    with make_engine(kit_ready).connect() as connection:
        result = compute(connection, resolve_scope(connection, school="11111A"), YEAR)
    bag = result.progress.set_index("item_code").loc["BAG"]
    assert (bag["to_order"], bag["delivered"], bag["still_due"]) == (3, 3, 0)
    school = result.served.iloc[0]
    assert (school["beneficiaries"], school["served"], school["complete"]) == (3, 2, 1)


# --- the app's state, without a browser --------------------------------------------------------------------------

def test_desk_edits_recompute_needs(kit_ready):
    from workbench.programmes.schoolbags.desk import SchoolbagsDesk

    desk = SchoolbagsDesk(db_url=kit_ready, year=YEAR)
    assert (desk.province, desk.school) == ("0301", "11111A")
    row = desk.stock_table().set_index("item_code").loc["TB-1AP-AR"]
    assert row[["required", "returned", "usable", "to_order", "surplus"]].tolist() == [3, 5, 4, 0, 1]

    assert desk.record_returned("TB-1AP-AR", 5, 1) and desk.message.startswith("✓")
    assert desk.stock_table().set_index("item_code").loc["TB-1AP-AR", "to_order"] == 2
    assert desk.province_result.totals()["to_order"] == 23

    assert not desk.record_returned("TB-1AP-AR", 5, 6)
    refusal = text("schoolbags.error.usable_over_returned", usable=6, returned=5).of(desk.lang)
    assert refusal in desk.message  # in the user's own language
    assert not desk.record_returned("NB-48", 3, 1)
    assert text("schoolbags.error.consumable", item="NB-48").of(desk.lang) in desk.message

    assert desk.set_quantity("1AP", "rural", "NB-48", 2)
    assert desk.school_result.needs.set_index("item_code").loc["NB-48", "required"] == 6
    # in Arabic, the default
    assert not desk.set_quantity("1AP", "rural", "NB-48", -1) and "عددا صحيحا موجبا أو صفرا" in desk.message

    assert desk.set_excluded("B100000003", False)
    assert desk.school_result.totals()["beneficiaries"] == 4
    assert set(desk.pupils_table()["massar_code"]) == {"A000000001", "B100000001", "B100000002", "B100000003"}

    book = openpyxl.load_workbook(desk.order_workbook())
    assert book.sheetnames == ["0301 Fès"]

    desk.province = "0302"
    assert desk.school == "22222B" and desk.milieu == "urban"
    assert set(desk.composition_table()["item_code"]) == {"TB-1AC-MA"}  # the rural notebooks are not this kit


def test_desk_tables_read_levels_items_and_schools_by_name(kit_ready):
    """Issue 32: no level code, bare item code or flag written by Python reaches the reader; an item reads by its
    title with its code in parentheses, a school by its name with its code."""
    from workbench.programmes.schoolbags.desk import SchoolbagsDesk

    desk = SchoolbagsDesk(db_url=kit_ready, year=YEAR)
    stock, kit, pupils = desk.stock_table(), desk.composition_table(), desk.pupils_table()
    assert stock.set_index("item_code").loc["TB-1AP-AR", "item"] == "العربية (TB-1AP-AR)"
    assert set(kit["level"]) == {"السنة الأولى ابتدائي"} and set(kit["level_code"]) == {"1AP"}
    assert set(pupils["level_code"]) == {"السنة الأولى ابتدائي"} and pupils["excluded"].dtype == bool
    assert list(desk.param.school.names)[0] == "مدرسة الأمل (11111A)"
    shown = " ".join(str(v) for frame in (stock[["item"]], kit[["level", "item"]], pupils[["level_code"]])
                     for v in frame.to_numpy().ravel())
    assert raw_codes_in(shown) == []
    moves = desk.transfers_table()
    assert set(moves.columns) >= {"item", "from_school", "to_school"}


@pytest.mark.kernel
def test_a_campaign_stopped_by_a_workbench_message_says_it_in_the_command_lines_language(kit_ready, tmp_path,
                                                                                          monkeypatch):
    """The notebook's message comes back in both languages; the command line says it once, in its own (Arabic
    here, the setting's)."""
    monkeypatch.setenv("WORKBENCH_LANG", "ar")
    result = run(kit_ready, "run", "kit-needs", "--year", "2024-2025", "--out", tmp_path)  # no kit that year
    assert result.exit_code == 1
    assert "توقفت" in result.output and "لا توجد أي تركيبة" in result.output, result.output
    assert "arrêtée" not in result.output and "Aucune" not in result.output
    assert (tmp_path / "kit-needs.ipynb").exists()  # the executed notebook, its failing cell marked, is kept
