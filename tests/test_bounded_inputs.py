"""Hostile and ambiguous files (issue: security and reliability, items 10 and 12): each is refused before or while
it is read, with the file, sheet, row and column named, exit code 2, and nothing written."""

from __future__ import annotations

import zipfile

from handbuilt import PUPILS, counts, pupil, run
from massar_files import write_csv
from openpyxl import Workbook

from workbench.imports import readers


def _refused(url, kind, path) -> str:
    before = counts(url)
    result = run(url, "import", kind, path)
    assert result.exit_code == 2, result.output
    assert counts(url) == before
    return result.output


def test_a_zip_bomb_is_refused_at_once(school_map, tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"0" * (8 * 1024 * 1024)
            for _ in range(readers.MAX_UNPACKED_BYTES // len(block) + 2):
                member.write(block)
    assert bomb.stat().st_size < 3 * 1024 * 1024
    def parsed(*args, **kwargs):
        raise AssertionError("the workbook was parsed: it should have been refused from its zip's entries")

    monkeypatch.setattr(readers, "load_workbook", parsed)
    output = _refused(school_map, "massar-pupils", bomb)
    assert "le classeur décompressé fait" in output and "fichier piégé" in output


def test_a_huge_cell_is_named_but_not_echoed(school_map, tmp_path):
    rows = [pupil("A000000009", last_name_ar="س" * 50_000)]
    output = _refused(school_map, "massar-pupils", write_csv(tmp_path / "huge.csv", rows))
    assert "ligne 2" in output and "50,000 caractères" in output and len(output) < 2_000


def test_control_characters_are_refused_where_they_stand(school_map, tmp_path):
    rows = [pupil("A000000009"), pupil("A000000010", first_name_ar="سل\x00مى")]
    output = _refused(school_map, "massar-pupils", write_csv(tmp_path / "nul.csv", rows))
    assert "ligne 3, colonne « first_name_ar »" in output and "caractère de contrôle invisible" in output


def test_an_invisible_character_inside_a_code_is_refused(engine, db_url, tmp_path):
    rows = [{"commune_code": "0301\u200b001", "province_code": "0301", "name_fr": "X", "name_ar": "س",
             "milieu": "rural"}]
    output = _refused(db_url, "communes", write_csv(tmp_path / "zw.csv", rows))
    assert "colonne « commune_code »" in output and "caractère invisible" in output


def test_two_columns_giving_the_same_field_are_refused(school_map, tmp_path):
    rows = [{**pupil("A000000009"), "code massar": "A000000010"}]
    output = _refused(school_map, "massar-pupils", write_csv(tmp_path / "twice.csv", rows))
    assert "les colonnes « massar_code » + « code massar » donnent toutes « massar_code »" in output


def test_an_unclosed_quote_is_reported_on_its_own_line(school_map, tmp_path):
    path = write_csv(tmp_path / "quote.csv", PUPILS)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("العلوي", '"العلوي', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = _refused(school_map, "massar-pupils", path)
    assert "ligne 3" in output and "jamais fermé" in output


def test_a_formula_cell_is_refused_with_its_place(school_map, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Élèves"
    header = list(pupil("A000000009"))
    sheet.append(header)
    sheet.append(list(pupil("A000000009").values()))
    sheet.append(list(pupil("A000000010").values()))
    sheet["H3"] = "=A1&B1"
    path = tmp_path / "formula.xlsx"
    book.save(path)
    output = _refused(school_map, "massar-pupils", path)
    assert "feuille « Élèves », ligne 3, colonne « H »" in output and "est une formule" in output
