"""What a user must never read: the workbench's raw codes (statuses, roles, kinds, decisions, internal column
names), listed from the catalogue's own keys, so that a new code is checked as soon as it gets a label."""

from __future__ import annotations

import html
import re
from functools import cache

from workbench.catalogue import _find, keys

# Namespaces whose last part is a stored code (a status, a role...), not a word.
CODE_NAMESPACES = {"state", "role", "status", "decision", "kind", "reason", "grant_type", "sector", "milieu"}


@cache
def raw_codes() -> frozenset[str]:
    french_words = {word for key in keys() for word in re.findall(r"[\w'-]+", _find(key).fr.lower())}
    codes = set()
    for key in keys():
        parts = key.split(".")
        last = parts[-1]
        if not re.fullmatch(r"[a-z][a-z0-9_]+", last):
            continue
        if "_" in last or (len(parts) > 1 and parts[-2] in CODE_NAMESPACES):
            codes.add(last)
    return frozenset(code for code in codes if code not in french_words)


@cache
def level_codes() -> frozenset[str]:
    """The levels' codes of the reference ('1AP'... '2BAC'): a reader reads the level's name."""
    from workbench.reference import read_reference

    return frozenset(read_reference("levels")["level_code"])


# Codes that are no catalogue key: a Tayssir period (2025-2026-P1, read as its name and months), a kit item
# (TB-1AC-AR, read as its title), a missing value or a flag written by Python or JavaScript. A code shown in
# parentheses after its name ("Manuel de français (TB-1AC-FR)") is the name's reference, not a raw code; an item
# code after its label ("Code article : TB-1AC-FR", the audit trail's key of a changed row) is named as a code.
_NOT_A_NAME = r"(?<![\w(-]){}(?![\w)-])"
RAW_PATTERNS = {
    "period": re.compile(_NOT_A_NAME.format(r"\d{4}-\d{4}-P\d")),
    "item": re.compile(r"(?<!: )" + _NOT_A_NAME.format(r"[A-Z]{2,4}-(?:\d[A-Z]{2}|TC|\dBAC)-[A-Z]{2,3}")),
    "value": re.compile(_NOT_A_NAME.format(r"(?:None|NaN|nan|NaT|null|undefined|True|False|true|false)")),
}


def raw_codes_in(text: str) -> list[str]:
    """The raw codes a text shows, as whole words: the catalogue's codes, the levels' codes and the patterns of
    RAW_PATTERNS."""
    found = {code for code in raw_codes() | level_codes()
             if re.search(rf"(?<![\w(-]){re.escape(code)}(?![\w)-])", text)}
    found |= {m.group(0) for pattern in RAW_PATTERNS.values() for m in pattern.finditer(text)}
    return sorted(found)


# French words an Arabic page showed although the catalogue has them in Arabic (a partner's answer, a key of the
# keyboard, a flag, Tabulator's pager, a header marking the French column).
FRENCH_ONLY = ("Introuvable", "Identifié", "Ambigu", "Entrée", "True", "False", "First", "Prev", "Next",
               "Last", "Showing", "(fr)")


def other_language_in(text: str, language: str = "ar") -> list[str]:
    """The words of FRENCH_ONLY an Arabic text shows (none expected); a French text is checked by the walk for
    Arabic letters instead."""
    if language != "ar":
        return []
    return sorted(word for word in FRENCH_ONLY
                  if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])" if word[0].isalpha() else re.escape(word),
                               text))


def visible_text_of_report(page: str) -> str:
    """What a reader of an HTML report reads: no scripts (the charts' data), no styles, no tags."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


# A digit group parted from the next by a plain space ("1 718"): inside right-to-left text the space breaks the
# figure into two runs and it reads "718 1". The workbench parts thousands by U+202F (workbench.report.number).
_SPLIT_FIGURE = re.compile(r"\d (?=\d{3}(?!\d))")


def split_figures_in(text: str) -> list[str]:
    """Each figure of a text whose thousands are parted by a plain space, with a little of its context."""
    return [text[max(0, m.start() - 12):m.end() + 6] for m in _SPLIT_FIGURE.finditer(text)]
