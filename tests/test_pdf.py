"""Printed documents: a year range, a code or a number inside an Arabic line reads left to right, as written."""

from __future__ import annotations

import io

from pypdf import PdfReader

from workbench.pdf import Document


def test_a_year_range_in_an_arabic_line_is_printed_in_its_own_order():
    document = Document()
    document.add_page()
    document.arabic_line("السنة الدراسية 2025-2026 — رقم مسار C100002128")
    document.arabic("الغياب خلال الدورة: 12 ساعة — القسم 2BACSE-1")
    printed = PdfReader(io.BytesIO(bytes(document.output()))).pages[0].extract_text()
    assert "2025-2026" in printed and "2026-2025" not in printed
    assert "C100002128" in printed and "2BACSE-1" in printed
