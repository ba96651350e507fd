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


def raw_codes_in(text: str) -> list[str]:
    """The raw codes a text shows, as whole words."""
    return sorted(code for code in raw_codes() if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text))


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
