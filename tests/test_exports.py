"""The files the workbench writes: CSVs through Arrow byte for byte as pandas wrote them, workbooks streamed by
xlsxwriter that carry no live formula, keep their layout and never pass Excel's row limit."""

import datetime as dt
import decimal
import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from workbench.excel import EXCEL_MAX_ROWS, Sheet, write_workbook
from workbench.exports import csv_bytes, neutralise, write_csv, write_csv_stream


def awkward_frame(n: int = 3_000) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    tail = n - 3 * (n // 4)
    return pd.DataFrame({
        "text": rng.choice(["x", "a,b", 'q"r', "l\nm", "c\rd", "=1+1", "-3", "", "سعاد", None], n),
        "mixed": pd.Series(rng.choice([dt.date(2025, 1, 2), None, decimal.Decimal("1.50"), "z", 3], n), dtype=object),
        "float": np.concatenate([
            rng.normal(0, 1e3, n // 4), np.round(rng.normal(0, 1e3, n // 4)),
            rng.choice([np.nan, np.inf, -np.inf, -0.0, 1e-7, 1e20, 1e16, 9999999999999998.0, 1e-4, 1.2345e-4], n // 4),
            rng.normal(0, 1, tail) * 10.0 ** rng.integers(-8, 20, tail)]),
        "int": rng.integers(-10**12, 10**12, n),
        "nullable_int": pd.array(rng.choice([1, 2, None], n), dtype="Int64"),
        "bool": rng.choice([True, False], n),
        "nullable_bool": pd.array(rng.choice([True, False, None], n), dtype="boolean"),
        "date": pd.to_datetime(rng.choice(["2025-10-01", "2026-01-31", None], n)),
        "category": pd.Categorical(rng.choice(["u", "v,w"], n)),
        # codes, some missing: fields taken by code
        "coded": pd.Categorical(rng.choice(["AB1", 'q"r', "=SUM(A1)", None], n)),
        "month_number": pd.Categorical(rng.choice([1.5, 10.0, np.nan], n)),
        "string": pd.array(rng.choice(["x", None], n), dtype="string"),
    })


@pytest.mark.parametrize("columns", [None, ["text"], ["float"], ["date", "int"], ["nullable_bool", "mixed"],
                                     ["coded", "month_number"]])
def test_a_csv_through_arrow_is_byte_for_byte_what_pandas_wrote(columns, tmp_path, monkeypatch):
    from workbench import exports

    monkeypatch.setattr(exports, "CSV_CHUNK_ROWS", 700)  # several chunks
    frame = awkward_frame()
    frame = frame if columns is None else frame[columns]
    write_csv(frame, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == neutralise(frame).to_csv(index=False).encode("utf-8")
    assert csv_bytes(frame).getvalue() == neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def test_an_empty_or_odd_csv_is_written_as_pandas_did(tmp_path):
    pieces = [pd.DataFrame({"code": pd.array(["a", "b,c"], dtype="str"), "n": [1, 2]})] * 3
    for frame in (pd.concat(pieces, ignore_index=True).iloc[1:], pd.DataFrame(columns=["a", "b"]),
                  pd.DataFrame({"a": ["", None]}), pd.DataFrame({"=x": [1]}),
                  pd.DataFrame({"t": pd.to_datetime(["2025-10-01 10:30"])}),
                  pd.DataFrame({"c": pd.Categorical(["b,", None], categories=["a", "b,", "c"])})):  # more categories
        buffer = io.BytesIO()
        write_csv_stream(neutralise(frame), buffer)
        assert buffer.getvalue() == neutralise(frame).to_csv(index=False).encode("utf-8")


def test_a_csv_cell_that_starts_like_a_formula_is_text(tmp_path):
    path = write_csv(pd.DataFrame({"name": ["=HYPERLINK(1)", "@SUM(1)", "ok"], "n": [-3, 1, 2]}), tmp_path / "x.csv")
    assert path.read_text().splitlines() == ["name,n", "'=HYPERLINK(1),-3", "'@SUM(1),1", "ok,2"]


def test_a_streamed_workbook_carries_no_formula_and_keeps_its_layout(tmp_path):
    frame = pd.DataFrame({"الاسم / Nom": ['=HYPERLINK("http://evil.example","x")', "سعاد", None],
                          "العدد": [3, -4, np.nan], "date": pd.to_datetime(["2025-10-01", None, "2025-11-02"])})
    target = tmp_path / "book.xlsx"
    names = write_workbook(target, [Sheet("0301 Fès/Meknès: [x]", frame, title="لائحة", header_row=2,
                                          footer=[(1, "=signature")])], width=18)
    assert names == ["0301 Fès-Meknès- -x-"]
    sheet = load_workbook(target)[names[0]]
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A4" and sheet.column_dimensions["A"].width > 17
    assert sheet["A1"].value == "لائحة" and [c.value for c in sheet[3]] == ["الاسم / Nom", "العدد", "date"]
    assert sheet["A4"].value.startswith("'=HYPERLINK") and sheet["B5"].value == -4 and sheet["B6"].value is None
    assert sheet["C4"].value == dt.datetime(2025, 10, 1) and sheet["B8"].value == "=signature"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    left = load_workbook(write_workbook_bytes(frame))["x"]
    assert not left.sheet_view.rightToLeft


def write_workbook_bytes(frame: pd.DataFrame) -> io.BytesIO:
    buffer = io.BytesIO()
    write_workbook(buffer, [Sheet("x", frame)], right_to_left=False)
    buffer.seek(0)
    return buffer


def test_a_sheet_past_a_row_limit_goes_on_in_continuation_sheets(tmp_path):
    frame = pd.DataFrame({"code": np.arange(25), "name": "x"})
    names = write_workbook(tmp_path / "b.xlsx", [Sheet("0301 Fès", frame), Sheet("0302 Meknès", frame.head(3))],
                           rows_limit=10)
    assert names == ["0301 Fès", "0301 Fès (2)", "0301 Fès (3)", "0302 Meknès"]
    book = load_workbook(tmp_path / "b.xlsx")
    assert [book[n].max_row for n in names] == [11, 11, 6, 4]
    assert [c.value for c in book["0301 Fès (2)"][1]] == ["code", "name"] and book["0301 Fès (3)"]["A2"].value == 20


@pytest.mark.slow  # a million rows and more through xlsxwriter
def test_no_sheet_passes_excels_row_limit(tmp_path):
    """A table of more rows than Excel's 1,048,576 (header included) is split, every row kept."""
    frame = pd.DataFrame({"n": np.arange(EXCEL_MAX_ROWS + 5, dtype=np.int64)})
    target = tmp_path / "big.xlsx"
    names = write_workbook(target, [Sheet("Liste", frame)])
    assert names == ["Liste", "Liste (2)"]
    book = load_workbook(target, read_only=True)
    assert [book[n].max_row for n in names] == [EXCEL_MAX_ROWS, 7]
    last = next(book["Liste (2)"].iter_rows(min_row=7, max_row=7, values_only=True))
    assert last == (EXCEL_MAX_ROWS + 4,)
    book.close()


def test_a_workbook_written_in_another_process_is_the_same_and_its_error_comes_back(tmp_path, monkeypatch):
    from workbench import excel
    from workbench.excel import EXCEL_MAX_COLUMNS, write_workbook_aside

    monkeypatch.setattr(excel, "ASIDE_CELLS", 0)  # however small, in another process

    frame = pd.DataFrame({"cin": ["CD1", "=1+1"], "amount_mad": [840, 60],
                          "paid_on": pd.to_datetime(["2025-12-01", None])})
    aside = write_workbook_aside(tmp_path / "aside.xlsx", [Sheet("0301 Fès", frame)])
    assert aside.result(timeout=120) == ["0301 Fès"]
    several = excel.write_workbooks_aside([(tmp_path / f"{code}.xlsx", [Sheet(code, frame)], {"width": 18})
                                           for code in ("0301", "0302", "0303")])  # two processes, three books
    assert [future.result(timeout=120) for future in several] == [["0301"], ["0302"], ["0303"]]
    assert load_workbook(tmp_path / "0303.xlsx")["0303"]["A3"].value == "'=1+1"
    write_workbook(tmp_path / "here.xlsx", [Sheet("0301 Fès", frame)])
    rows = [[[c.value for c in row] for row in load_workbook(path)["0301 Fès"].iter_rows()]
            for path in (tmp_path / "aside.xlsx", tmp_path / "here.xlsx")]
    assert rows[0] == rows[1] and rows[0][2][0] == "'=1+1"
    wide = pd.DataFrame(np.zeros((1, EXCEL_MAX_COLUMNS + 1)))
    with pytest.raises(ValueError, match="columns"):
        write_workbook_aside(tmp_path / "wide.xlsx", [Sheet("x", wide)]).result(timeout=120)


def test_small_workbooks_are_written_at_once_and_an_error_comes_back_the_same_way(tmp_path):
    from workbench.excel import EXCEL_MAX_COLUMNS, write_workbooks_aside

    frame = pd.DataFrame({"cin": ["CD1"], "amount_mad": [840]})
    done = write_workbooks_aside([(tmp_path / "a.xlsx", [Sheet("a", frame)], {}),
                                  (tmp_path / "b.xlsx", [Sheet("b", frame)], {"width": 18})])
    assert all(future.done() for future in done) and [f.result() for f in done] == [["a"], ["b"]]
    wide = pd.DataFrame(np.zeros((1, EXCEL_MAX_COLUMNS + 1)))
    with pytest.raises(ValueError, match="columns"):
        write_workbooks_aside([(tmp_path / "wide.xlsx", [Sheet("x", wide)], {})])[0].result()


def _members(path) -> dict[str, bytes]:
    """A package's parts, but its creation time."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def _provinces(dated: bool = False) -> list[Sheet]:
    rng = np.random.default_rng(3)
    sheets = []
    for number, size in enumerate([7, 2, 11, 4, 9], start=1):  # rows_limit 5: 7 and 11 rows go on over pages
        frame = pd.DataFrame({
            "cin": [f"CD{number}{row:03d}" for row in range(size)],
            "full_name": rng.choice(["سعاد العلوي", "=HYPERLINK(\"x\")", "Ahmed, \"Ali\"", None], size),
            "amount_mad": rng.choice([840.0, np.nan, 60.5], size),
            "pupils_paid": rng.integers(1, 4, size),
        })
        if dated:  # dates held as Python objects: xlsxwriter formats them with its date format
            frame["paid_on"] = pd.Series([dt.date(2025, 12, 1)] * size, dtype=object)
        footer = [(0, "توقيع اللجنة")] if number == 3 else ()
        sheets.append(Sheet(f"03{number:02d} Province", frame, title="لائحة" if number == 2 else None,
                            header_row=1 if number == 2 else 0, footer=footer))
    return sheets


def test_a_workbook_shared_out_between_processes_is_the_package_one_process_writes(tmp_path, monkeypatch):
    """Two processes write some sheets each and the parts are put together: every part of the package (sheets,
    styles, workbook, properties but the creation time) is byte for byte what one process writes, the first sheet
    alone selected, continuation pages and footers in place; the part files are gone, and so are xlsxwriter's
    temporary files (it leaves a blank sheet's behind)."""
    from workbench import excel

    spare = tmp_path / "temporary"
    spare.mkdir()
    monkeypatch.setenv("TMPDIR", str(spare))  # the spawned writers' temporary directory
    monkeypatch.setattr(excel, "ASIDE_CELLS", 0)
    monkeypatch.setattr(excel, "SPLIT_CELLS", 0)
    monkeypatch.setattr(excel, "_cores", lambda: 2)
    sheets = _provinces()
    pages, groups = excel._split(sheets, {"rows_limit": 5}, 2)
    assert len(pages) == 9 and len(groups) == 2 and all(groups) and sorted(sum(groups, [])) == list(range(9))
    assert groups[0][0] != 0 or groups[1][0] != 0  # one part does not begin the workbook

    names = excel.write_workbook_aside(tmp_path / "split.xlsx", sheets, rows_limit=5).result(timeout=120)
    assert names == write_workbook(tmp_path / "whole.xlsx", sheets, rows_limit=5)
    assert names[:3] == ["0301 Province", "0301 Province (2)", "0302 Province"]
    split, whole = _members(tmp_path / "split.xlsx"), _members(tmp_path / "whole.xlsx")
    assert list(split) == list(whole) and split == whole
    assert [name for name, body in split.items() if b'tabSelected="1"' in body] == ["xl/worksheets/sheet1.xml"]
    book = load_workbook(tmp_path / "split.xlsx")
    assert book["0303 Province (3)"]["A2"].value == "CD3010" and book["0303 Province (3)"]["A4"].value == "توقيع اللجنة"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["split.xlsx", "temporary", "whole.xlsx"]
    assert list(spare.iterdir()) == []


def test_a_shared_out_workbook_whose_parts_number_formats_otherwise_is_written_whole(tmp_path, monkeypatch):
    """Dates held as objects take the date format's style number in the parts that have them only: the parts are
    not put together, the workbook is written whole, the same as one process writes it."""
    from workbench import excel, xlsx_package

    monkeypatch.setattr(excel, "ASIDE_CELLS", 0)
    monkeypatch.setattr(excel, "SPLIT_CELLS", 0)
    monkeypatch.setattr(excel, "_cores", lambda: 2)
    put_together = []
    monkeypatch.setattr(xlsx_package, "assemble", lambda *args: put_together.append(args))
    sheets = _provinces(dated=True)
    sheets[0] = Sheet(sheets[0].name, sheets[0].frame.drop(columns="paid_on"))
    excel.write_workbook_aside(tmp_path / "split.xlsx", sheets).result(timeout=120)
    write_workbook(tmp_path / "whole.xlsx", sheets)
    assert put_together == [] and _members(tmp_path / "split.xlsx") == _members(tmp_path / "whole.xlsx")
    assert load_workbook(tmp_path / "split.xlsx")["0302 Province"]["E3"].number_format == "yyyy-mm-dd"


def test_a_part_that_fails_fails_the_workbook_and_leaves_no_file(tmp_path, monkeypatch):
    from workbench import excel

    monkeypatch.setattr(excel, "ASIDE_CELLS", 0)
    monkeypatch.setattr(excel, "SPLIT_CELLS", 0)
    monkeypatch.setattr(excel, "_cores", lambda: 2)
    sheets = _provinces()
    sheets[4] = Sheet(sheets[4].name, sheets[4].frame.assign(cin=[object()] * len(sheets[4].frame)))
    future = excel.write_workbook_aside(tmp_path / "split.xlsx", sheets)
    with pytest.raises(TypeError):  # xlsxwriter's, from the part given the unwritable cells
        future.result(timeout=120)
    assert list(tmp_path.iterdir()) == []
