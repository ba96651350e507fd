"""The e2c visit workbook filled in on site and imported back (`workbench import e2c-visit`, issue 34 item 4): its
findings stored per centre and check, shown in the second-chance report's section; a wrong sheet refused, located,
in one pass, nothing written. On SQLite and PostgreSQL, without a kernel."""

from __future__ import annotations

import pandas as pd
from handbuilt import campaign_files, run
from openpyxl import load_workbook
from sqlalchemy import func, select

from programmes.second_chance.handbuilt import YEAR
from workbench.db import make_engine
from workbench.programmes.second_chance import outputs
from workbench.programmes.second_chance.campaign import compute_scope
from workbench.programmes.second_chance.models import E2CVisitFinding
from workbench.scope import Scope


def _rows(sheet) -> dict[str, int]:
    """Each row's title (French part) -> its row number."""
    return {str(row[0].value).split(" / ")[0]: row[0].row for row in sheet.iter_rows() if row[0].value}


def _fill(path, target, day: str | None = "16/01/2026", rename: str | None = None):
    """The committee's visit of E2C-FES-01: the day, two checks observed (one with a comment only)."""
    book = load_workbook(path)
    sheet = book["E2C-FES-01"]
    rows = _rows(sheet)
    if day:
        sheet.cell(rows["Date de la visite (dans la colonne « Constaté »)"], 3, day)
    sheet.cell(rows["Locaux et espaces"], 3, "Locaux propres, deux salles")
    sheet.cell(rows["Locaux et espaces"], 4, "Peinture à refaire")
    sheet.cell(rows["Saisie des données de suivi"], 4, "الإدخال متأخر في منظومة رائد")
    if rename:
        other = book["E2C-FES-02"]
        other.title = rename
        other.cell(_rows(other)["Date de la visite (dans la colonne « Constaté »)"], 3, "2025-08-20")
        other.cell(_rows(other)["Équipements"], 3, "Aucun")
    book.save(target)
    return target


def _findings(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        found = connection.execute(select(func.count()).select_from(E2CVisitFinding)).scalar_one()
    engine.dispose()
    return found


def test_a_filled_visit_workbook_imports_back_into_the_report(e2c_ready, tmp_path):
    campaign_files(e2c_ready, "second_chance", tmp_path / "first")
    book = tmp_path / "first" / "e2c_visit_0301.xlsx"
    rows = _rows(load_workbook(book)["E2C-FES-01"])
    assert list(rows)[:3] == ["Rubrique", "Année scolaire", "Date de la visite (dans la colonne « Constaté »)"]

    # every problem in one pass: the visited centre without its day, a sheet named for no centre visited in August
    bad = _fill(book, tmp_path / "bad.xlsx", day=None, rename="E2C-XXX-09")
    result = run(e2c_ready, "import", "e2c-visit", bad)
    assert result.exit_code == 2, result.output
    for words in ("« E2C-FES-01 »", f"ligne {rows['Date de la visite (dans la colonne « Constaté »)']}",
                  "date de la visite non renseignée", "« E2C-XXX-09 »", "« 2025-08-20 »",
                  "hors de l'année scolaire", "rien n'a été écrit"):
        assert words in result.output, (words, result.output)
    assert _findings(e2c_ready) == 0

    filled = _fill(book, tmp_path / "filled.xlsx")
    result = run(e2c_ready, "import", "e2c-visit", filled)
    assert result.exit_code == 0, result.output
    assert _findings(e2c_ready) == 2  # E2C-FES-02 left empty: not visited, not read
    assert run(e2c_ready, "import", "e2c-visit", filled).exit_code == 0 and _findings(e2c_ready) == 2  # idempotent

    engine = make_engine(e2c_ready)
    with engine.connect() as connection:
        found = compute_scope(connection, Scope(), YEAR)
    engine.dispose()
    table = outputs.visits_table(found)
    assert table[["centre_code", "item", "observed", "comment"]].values.tolist() == [
        ["E2C-FES-01", "premises", "Locaux propres, deux salles", "Peinture à refaire"],
        ["E2C-FES-01", "tracking", "", "الإدخال متأخر في منظومة رائد"]]
    assert set(pd.to_datetime(table["visited_on"]).dt.date.astype(str)) == {"2026-01-16"}
    assert table["item_label"].iloc[0] == "Locaux et espaces / البنايات والفضاءات"
