"""A partner's request id that starts like a spreadsheet formula (`=`, `+`, `-`, `@`) is stored as the partner sent
it, and every file that carries it back is inert: text in the CSV (a leading apostrophe) and in the workbook, never a
live formula (issue 31, finding 12)."""

from __future__ import annotations

import csv

import openpyxl
from handbuilt import campaign_files, run
from massar_files import write_csv
from sqlalchemy import select

from programmes.partner_exchange.handbuilt import YEAR
from workbench.db import make_engine
from workbench.programmes.partner_exchange.models import PartnerRequest

IDS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)"]


def test_a_request_id_starting_like_a_formula_leaves_as_text(partner_ready, tmp_path):
    rows = [{"request_id": request_id, "partner": "CMR", "year": YEAR, "massar_code": "",
             "child_last_name": "Tazi", "child_first_name": f"Omar{n}", "birth_date": "2014-01-01",
             "guardian_cin": ""} for n, request_id in enumerate(IDS)]
    result = run(partner_ready, "import", "partner-requests", write_csv(tmp_path / "formulas.csv", rows))
    assert result.exit_code == 0, result.output
    engine = make_engine(partner_ready)
    with engine.connect() as connection:
        stored = set(connection.execute(select(PartnerRequest.request_id)).scalars())
    engine.dispose()
    assert set(IDS) <= stored  # kept as the partner wrote it: their answer names their own request

    campaign_files(partner_ready, "partner_exchange", tmp_path / "out", year=YEAR)
    with open(tmp_path / "out" / "partner_answers.csv", encoding="utf-8", newline="") as handle:
        ids = [row["request_id"] for row in csv.DictReader(handle)]
    for request_id in IDS:
        assert request_id not in ids and f"'{request_id}" in ids
    assert not any(i.startswith(("=", "+", "-", "@")) for i in ids)

    book = openpyxl.load_workbook(tmp_path / "out" / "partner_answers_CMR.xlsx")
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = [cell.value for cell in cells if isinstance(cell.value, str)]
    for request_id in IDS:
        assert f"'{request_id}" in values and request_id not in values
