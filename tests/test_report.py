"""How the reports write numbers: one way everywhere, with no stray '.0', no scientific notation, no NaN."""

import numpy as np
import pandas as pd

from workbench.report import number, shown_numbers, table


def test_numbers_are_written_as_people_read_them():
    assert number(3_070_668.0) == "3\u202f070\u202f668" and number(1_200_000) == "1\u202f200\u202f000"
    assert number(12.5) == "12.5" and number(10.001) == "10" and number(1234.567) == "1\u202f234.57"
    assert number(np.int64(2000)) == "2\u202f000" and number(float("nan")) == "" and number(None) == ""


def test_a_report_table_has_separators_and_no_missing_value_markers():
    frame = pd.DataFrame({"amount": [3_070_668.0, np.nan], "when": [pd.Timestamp("2025-10-01"), pd.NaT]})
    page = table(frame, {"amount": ("Montant", "المبلغ"), "when": ("Date", "التاريخ")}).data
    assert "3\u202f070\u202f668" in page and "3070668.0" not in page and "e+" not in page
    assert "NaN" not in page and "NaT" not in page
    assert shown_numbers(frame)["amount"].tolist() == ["3\u202f070\u202f668", ""]


def test_charts_let_the_wheel_scroll_the_page_and_write_numbers_in_full():
    import holoviews as hv

    from workbench import chartstyle

    chartstyle.apply()
    bars = hv.Bars(pd.DataFrame({"province": ["Fès", "Meknès"], "pupils": [1_200_000, 5]}), "province", "pupils")
    figure = hv.render(bars, backend="bokeh")
    assert figure.toolbar.active_scroll is None  # the wheel zoom is there, off until picked
    assert type(figure.yaxis[0].formatter).__name__ == "NumeralTickFormatter"
    assert figure.sizing_mode == "stretch_width" and figure.toolbar_location == "above"  # fills, off the axis
    curves = hv.Curve([1, 2], label="a") * hv.Curve([2, 1], label="b")
    overlay = hv.render(curves, backend="bokeh")
    assert overlay.legend[0] not in overlay.center and overlay.toolbar_location == "above"  # legend outside


def test_an_apps_excel_download_is_laid_out_and_carries_no_formula():
    from openpyxl import load_workbook

    from workbench.exports import workbook_bytes

    frame = pd.DataFrame({"الاسم": ["=1+1", "سعاد"], "العدد": [3, 4]})
    sheet = load_workbook(workbook_bytes(frame, "التلاميذ", right_to_left=True)).active
    assert sheet.title == "التلاميذ" and sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["الاسم", "العدد"] and sheet["A2"].value == "'=1+1"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    assert not load_workbook(workbook_bytes(frame, "x", right_to_left=False)).active.sheet_view.rightToLeft


def test_a_report_table_shows_at_most_its_limit_and_says_how_many_rows_are_left_out():
    frame = pd.DataFrame({"code": [f"S{i:05d}" for i in range(250_000)], "n": 1})
    page = table(frame, {"code": ("Code", "الرمز"), "n": ("N", "العدد")}).data
    assert "S00099" in page and "S00100" not in page and page.count("<tr>") <= 2 * 101
    assert "100 premières lignes sur 250\u202f000" in page and "250\u202f000" in page
    assert "premières lignes" not in table(frame.head(3), {"code": ("Code", "الرمز")}).data


def test_an_empty_table_says_so_in_a_sentence():
    page = table(pd.DataFrame({"code": []}), {"code": ("Code", "الرمز")}).data
    assert "Aucune donnée" in page and "لا توجد أي معطيات" in page and "<table" not in page
