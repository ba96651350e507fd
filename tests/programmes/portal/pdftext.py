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
