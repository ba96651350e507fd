"""How the workbooks the workbench writes are laid out for the people who open them."""

from __future__ import annotations

from openpyxl import Workbook


def lay_out(book: Workbook, *, right_to_left: bool = True, width: int = 20, freeze_header: bool = True) -> None:
    """Every sheet: right to left for Arabic readers, the header row kept in view, columns wide enough to read."""
    for sheet in book.worksheets:
        sheet.sheet_view.rightToLeft = right_to_left
        if freeze_header:
            sheet.freeze_panes = "A2"
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = width
