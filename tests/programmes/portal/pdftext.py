"""Reading the portal's PDFs back: their text, and its Arabic words in reading order (a number inside a right-to-left
line is laid out on its left, so the extracted line puts it elsewhere; the Arabic words keep their order)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

ARABIC_WORD = re.compile(r"[\u0600-\u06FF]+")


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def arabic(text: str) -> str:
    """The Arabic words of a text, in order, one space between them."""
    return " ".join(ARABIC_WORD.findall(text))


def embedded_glyphs(data: bytes) -> set[str]:
    """The names of the glyphs a PDF's embedded fonts carry (the subset fpdf2 writes: only the glyphs used)."""
    from fontTools.ttLib import TTFont

    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            program = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
            names |= set(TTFont(io.BytesIO(program)).getGlyphOrder())
    return names


# "شهادة" shaped: sheen in its initial form and heh in its medial form (Unicode's presentation forms, as DejaVu Sans
# names its glyphs); unshaped, the isolated letters uni0634 and uni0647 would be drawn instead.
JOINED_SHEEN_HEH = {"uniFEB7", "uniFEEC"}
