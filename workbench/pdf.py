"""Printable documents in Arabic and French (letters, certificates, the cards a programme prints): an A4 document
whose Arabic is shaped and laid right to left by HarfBuzz (fpdf2's text shaping through uharfbuzz), in
DejaVu Sans, which carries Arabic and Latin glyphs in one face. The font file ships with the package (fonts/, its
licence beside it) so a document prints the same on any machine, with or without system fonts. Numbers, codes and
year ranges in Arabic lines are isolated (Unicode isolates, which fpdf2's bidi honours): '2025-2026' stays
'2025-2026', never '2026-2025'."""

from __future__ import annotations

import io
import re
from pathlib import Path

from fpdf import FPDF

from workbench.report import isolate_numbers

FONT = Path(__file__).with_name("fonts") / "DejaVuSans.ttf"
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")


class Document(FPDF):
    def __init__(self, orientation: str = "portrait") -> None:
        super().__init__(orientation=orientation, format="A4")
        self.set_auto_page_break(True, margin=15)
        self.add_font("dejavu", fname=str(FONT))
        self.set_font("dejavu", size=12)

    def arabic(self, line: str, size: int = 12, height: float = 8) -> None:
        self.set_font_size(size)
        self.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ara")
        self.multi_cell(0, height, isolate_numbers(line), align="R", new_x="LMARGIN", new_y="NEXT")

    def french(self, line: str, size: int = 12, height: float = 7) -> None:
        self.set_font_size(size)
        self.set_text_shaping(use_shaping_engine=True, direction="ltr", script="latn", language="fra")
        self.multi_cell(0, height, line, align="L", new_x="LMARGIN", new_y="NEXT")

    def arabic_line(self, line: str, size: int = 12, height: float = 8) -> None:
        """One right-to-left line that fits the width (a cell: no line breaking, many times faster to lay out)."""
        self.set_font_size(size)
        self.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ara")
        self.cell(0, height, isolate_numbers(line), align="R", new_x="LMARGIN", new_y="NEXT")

    def french_line(self, line: str, size: int = 12, height: float = 7) -> None:
        """One left-to-right line (a cell); shaped only when it holds Arabic (a name without its French spelling)."""
        self.set_font_size(size)
        if ARABIC.search(line):
            self.set_text_shaping(use_shaping_engine=True, direction="ltr", script="latn", language="fra")
        else:
            self.set_text_shaping(False)  # Latin letters need no shaping: several times faster to lay out
        self.cell(0, height, line, align="L", new_x="LMARGIN", new_y="NEXT")

    def qr(self, data: str, size: float = 32) -> None:
        import segno

        image = io.BytesIO()
        segno.make(data, error="m").save(image, kind="png", scale=6, border=2)
        image.seek(0)
        self.image(image, x=self.w - self.r_margin - size, w=size, h=size)

    def rule(self) -> None:
        self.ln(2)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)
