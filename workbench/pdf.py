"""Printable documents in Arabic and French (letters, certificates, the cards a programme prints): an A4 document
whose Arabic is shaped and laid right to left by HarfBuzz (fpdf2's text shaping through uharfbuzz), in
DejaVu Sans, which carries Arabic and Latin glyphs in one face. The font file ships with the package (fonts/, its
licence beside it) so a document prints the same on any machine, with or without system fonts."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

FONT = Path(__file__).with_name("fonts") / "DejaVuSans.ttf"


class Document(FPDF):
    def __init__(self, orientation: str = "portrait") -> None:
        super().__init__(orientation=orientation, format="A4")
        self.set_auto_page_break(True, margin=15)
        self.add_font("dejavu", fname=str(FONT))
        self.set_font("dejavu", size=12)

    def arabic(self, line: str, size: int = 12, height: float = 8) -> None:
        self.set_font_size(size)
        self.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ara")
        self.multi_cell(0, height, line, align="R", new_x="LMARGIN", new_y="NEXT")

    def french(self, line: str, size: int = 12, height: float = 7) -> None:
        self.set_font_size(size)
        self.set_text_shaping(use_shaping_engine=True, direction="ltr", script="latn", language="fra")
        self.multi_cell(0, height, line, align="L", new_x="LMARGIN", new_y="NEXT")

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
