"""The formats of Massar's codes and how school years and class codes are read."""

from __future__ import annotations

import datetime as dt
import re

PROVINCE_CODE = re.compile(r"^[0-9]{4}$")
SCHOOL_CODE = re.compile(r"^[0-9]{5}[A-Z]$")
MASSAR_CODE = re.compile(r"^[A-Z][0-9]{9}$")
CIN = re.compile(r"^[A-Z]{1,2}[0-9]{1,6}$")
SCHOOL_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{4})$")

# Massar class codes start with a level prefix (1APG-2, 1APIC-2, 1ASCG-1, TCS-3, 2BACSE-1).
_CLASS_PREFIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^([1-3])A(?:PIC|SC|C)"), r"\1AC"),
    (re.compile(r"^([1-6])AP"), r"\1AP"),
    (re.compile(r"^TC"), "TC"),
    (re.compile(r"^([12])BAC"), r"\1BAC"),
)


def normalise_year(text: str) -> str | None:
    """'2023/2024' or '2023-2024' -> '2023-2024'; None when it is not two consecutive years."""
    match = SCHOOL_YEAR.match(str(text).strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        return None
    return f"{match.group(1)}-{match.group(2)}"


def year_bounds(year: str) -> tuple[dt.date, dt.date]:
    """A school year runs from 1 September to 30 June."""
    first = int(year[:4])
    return dt.date(first, 9, 1), dt.date(first + 1, 6, 30)


def level_from_class(class_code: str, known_levels: set[str]) -> str | None:
    """The level a Massar class code belongs to, or None when its prefix is unknown."""
    code = str(class_code).strip().upper()
    prefix = code.split("-", 1)[0]
    if prefix in known_levels:
        return prefix
    for pattern, replacement in _CLASS_PREFIXES:
        match = pattern.match(prefix)
        if match:
            level = match.expand(replacement)
            return level if level in known_levels else None
    return None
