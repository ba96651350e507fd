"""Issue 31, finding 8: a workbook is bounded from its zip's entries before it is parsed. A sheet whose dimension
announces (or whose XML holds) more rows or cells than the limits, or too many shared strings, is refused with the
file, the sheet and the limit named, and the parser never starts; a fake .xlsx says what it is not."""

from __future__ import annotations

import zipfile

import pytest
from handbuilt import counts, run

from workbench.exceptions import ImportRejected
from workbench.imports import readers

SPREADSHEET = b"application/vnd.openxmlformats-officedocument.spreadsheetml."
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="xml" ContentType="application/xml"/>'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Override PartName="/xl/workbook.xml" ContentType="' + SPREADSHEET + b'sheet.main+xml"/>'
                 b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + SPREADSHEET + b'worksheet+xml"/>'
                 b'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="' + SPREADSHEET + b'worksheet+xml"/>'
                 b'</Types>')
RELATED = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PACKAGE = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           b'2006/relationships"><Relationship Id="rId1" Type="' + RELATED + b'officeDocument" '
           b'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="Notes" sheetId="1" r:id="rId1"/><sheet name="\xc3\x89l\xc3\xa8ves" sheetId="2" r:id="rId2"/>'
            b'</sheets></workbook>')
RELATIONS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             b'2006/relationships"><Relationship Id="rId1" Type="' + RELATED + b'worksheet" '
             b'Target="worksheets/sheet1.xml"/>'
             b'<Relationship Id="rId2" Type="' + RELATED + b'worksheet" Target="/xl/worksheets/sheet2.xml"/>'
             b'</Relationships>')
ROW = (b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>A000000001</t></is></c><c r="B%d"><v>1</v></c><c r="C%d"><v>2</v>'
       b'</c><c r="D%d"><v>3</v></c><c r="E%d"><v>4</v></c><c r="F%d"><v>5</v></c><c r="G%d"><v>6</v></c>'
       b'<c r="H%d"><v>7</v></c><c r="I%d"><v>8</v></c></row>')


def _sheet(dimension: bytes, rows: int) -> bytes:
    body = b"".join(ROW % ((number,) * 10) for number in range(1, rows + 1))
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><dimension ref="' + dimension + b'"/><sheetData>' + body
            + b"</sheetData></worksheet>")


def _workbook(path, dimension: bytes = b"A1:I3", rows: int = 3, strings: bytes | None = None):
    """A workbook written part by part with zipfile (fast: no spreadsheet library): a small first sheet, then the
    sheet 'Élèves' with the dimension and the rows given."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELATIONS)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet(b"A1:I2", 2))
        archive.writestr("xl/worksheets/sheet2.xml", _sheet(dimension, rows))
        if strings is not None:
            archive.writestr("xl/sharedStrings.xml", strings)
    return path


@pytest.fixture
def never_parsed(monkeypatch):
    """The spreadsheet parser must not be reached."""
    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(readers, "load_workbook", refuse)


def _refused(path) -> str:
    with pytest.raises(ImportRejected) as refused:
        readers.read_sheets(path)
    return str(refused.value)


def test_a_dimension_of_three_million_rows_is_refused_before_parsing(school_map, tmp_path, never_parsed):
    bomb = _workbook(tmp_path / "bomb.xlsx", b"A1:I3000000", rows=20_000)
    before = counts(school_map)
    result = run(school_map, "import", "massar-pupils", bomb)
    assert result.exit_code == 2, result.output
    assert counts(school_map) == before
    assert "bomb.xlsx, feuille « Élèves »" in result.output
    assert "la feuille a 3,000,000 lignes et 9 colonnes : au plus 2,000,000 lignes" in result.output


def test_a_dimension_that_lies_is_caught_by_counting_the_rows(tmp_path, never_parsed, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 1_000)
    monkeypatch.setattr(readers, "CHUNK_BYTES", 4096)  # rows cut across chunks are counted once
    said = _refused(_workbook(tmp_path / "lies.xlsx", b"A1:I3", rows=1_500))
    assert "lies.xlsx, feuille « Élèves »" in said and "la feuille contient au moins 1," in said
    assert "lignes : 1,000 au plus" in said


def test_too_many_cells_announced_or_held_are_refused(tmp_path, never_parsed, monkeypatch):
    monkeypatch.setattr(readers, "MAX_CELLS", 9_000)
    said = _refused(_workbook(tmp_path / "wide.xlsx", b"A1:I1001", rows=3))
    assert "wide.xlsx, feuille « Élèves »" in said
    assert "la feuille contient au moins 9,009 cellules : 9,000 au plus" in said
    monkeypatch.setattr(readers, "CHUNK_BYTES", 4096)
    said = _refused(_workbook(tmp_path / "held.xlsx", b"A1", rows=1_001))
    assert "held.xlsx, feuille « Élèves »" in said and "la feuille contient au moins 9," in said
    assert "cellules : 9,000 au plus" in said
    assert "wide.xlsx, feuille « Élèves »" in _refused(_workbook(tmp_path / "wide.xlsx", b"A1:ZZ3", rows=3))


def test_too_many_shared_strings_are_refused(tmp_path, never_parsed):
    strings = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
               b'2006/main" count="90000000" uniqueCount="90000000"><si><t>x</t></si></sst>')
    said = _refused(_workbook(tmp_path / "strings.xlsx", strings=strings))
    assert "strings.xlsx" in said and "le classeur annonce 90,000,000 textes partagés : 30,000,000 au plus" in said


def test_a_small_workbook_written_by_parts_is_still_read(tmp_path):
    sheets = readers.read_sheets(_workbook(tmp_path / "fine.xlsx"))
    assert [s.name for s in sheets] == ["Notes", "Élèves"] and sheets[1].cells.shape == (3, 9)


def test_a_fake_workbook_says_what_it_is_not(tmp_path):
    fake = tmp_path / "pupils.xlsx"
    fake.write_text("massar_code,school_code\nA000000001,11111A\n", encoding="utf-8")
    said = _refused(fake)
    assert "pupils.xlsx" in said and "n'est pas un classeur .xlsx : ce n'est pas une archive zip" in said
    assert "File is not a zip file" not in said
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(b"PK\x03\x04 the rest is missing")
    said = _refused(cut)
    assert "cut.xlsx : le fichier est endommagé : une archive zip tronquée ou abîmée" in said
    assert "File is not a zip file" not in said
    archive = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("readme.txt", "not a workbook")
    said = _refused(archive)
    assert "archive.xlsx" in said and "c'est une archive zip sans classeur (xl/workbook.xml)" in said


def test_a_sheet_of_repeated_filler_is_refused_by_its_packing(tmp_path, never_parsed, monkeypatch):
    monkeypatch.setattr(readers, "RATIO_FROM_BYTES", 1024 * 1024)
    monkeypatch.setattr(readers, "MAX_RATIO", 5)  # the test's rows pack tighter than an operator's sheet
    said = _refused(_workbook(tmp_path / "filler.xlsx", b"A1", rows=20_000))
    assert "filler.xlsx : la partie xl/worksheets/sheet2.xml fait 5 Mo décompressée" in said
    assert "5 fois au plus" in said
