"""Column declarations for imported tables: header aliases (English, French, Arabic) and vectorized parsers.

A parser takes the column as text and returns the parsed values and, for each bad
cell, the reason an operator will read; it never loops over rows in Python.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from workbench.catalogue import Label
from workbench.catalogue import text as text_of
from workbench.codes import normalise_year

# parsed values, reasons (None where the cell is fine)
Parsed = tuple[pd.Series, pd.Series]
Parser = Callable[[pd.Series], Parsed]


def header_key(text: object) -> str:
    """Headers compared without case, accents, spaces or punctuation ('Code Massar' == 'code_massar')."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-./:()]+", "", text)


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = True
    aliases: tuple[str, ...] = ()
    default: object = None
    # A column a programme adds to a core kind (`Programme.import_columns`) is stored in the programme's own table,
    # never in the core's: by this writer, (connection, the checked frame) -> rows written per table, or its
    # "module:function". The import calls it in its guarded transaction after the kind's own write.
    stored_by: Callable | str | None = None

    def keys(self) -> set[str]:
        return {header_key(self.name), *(header_key(a) for a in self.aliases)}

    def writer(self) -> Callable | None:
        """`stored_by` as a function (imported when given as "module:function")."""
        if not isinstance(self.stored_by, str):
            return self.stored_by
        import importlib

        module, _, name = self.stored_by.partition(":")
        return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class TableSpec:
    kind: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str = ""
    aliases_doc: dict[str, str] = field(default_factory=dict)

    def extended(self, columns: tuple[Column, ...]) -> TableSpec:
        return replace(self, columns=(*self.columns, *columns)) if columns else self

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _reasons(bad: pd.Series, reason: Label) -> pd.Series:
    """The reason where a value is bad, None elsewhere (a Label is a tuple: never let pandas spread it)."""
    return _each(bad.index, reason).where(bad, None)


def _each(index: pd.Index, reason: Label) -> pd.Series:
    return pd.Series([reason] * len(index), index=index, dtype=object)


def unless(reasons: pd.Series, good: pd.Series, reason: Label) -> pd.Series:
    """`reasons`, with `reason` wherever `good` is False."""
    return reasons.where(good, _each(reasons.index, reason))


def text(max_length: int = 160) -> Parser:
    def parse(values: pd.Series) -> Parsed:
        out = values.astype("string").str.strip()
        return out, _reasons(out.str.len().fillna(0) > max_length, text_of("problem.too_long", max=max_length))
    return parse


def _invisible(values: pd.Series) -> pd.Series:
    """Whether a value holds a character that shows as nothing: zero-width spaces and joiners, a byte-order mark
    or a direction mark pasted inside a code (Unicode format characters)."""
    return values.map(lambda v: isinstance(v, str) and any(unicodedata.category(ch) == "Cf" for ch in v))


def code(max_length: int = 32, what: str | Label | None = None) -> Parser:
    """A code typed as text (a commune, an item, a class): no space or invisible character inside it."""
    what = what or text_of("what.code")

    def parse(values: pd.Series) -> Parsed:
        out = values.astype("string").str.strip()
        reasons = _reasons(out.str.len().fillna(0) > max_length, text_of("problem.too_long", max=max_length))
        reasons = unless(reasons, ~out.str.contains(r"\s", regex=True, na=False),
                          text_of("problem.has_space", what=what))
        return out, unless(reasons, ~_invisible(out), text_of("problem.invisible", what=what))
    return parse


def pattern(regex: re.Pattern[str], what: str | Label, upper: bool = True) -> Parser:
    def parse(values: pd.Series) -> Parsed:
        out = values.astype("string").str.strip().str.replace(r"\s+", "", regex=True)
        if upper:
            out = out.str.upper()
        bad = out.notna() & ~out.str.fullmatch(regex.pattern).fillna(False).astype(bool)
        reasons = _reasons(bad, text_of("problem.invalid", what=what))
        return out, unless(reasons, ~_invisible(out), text_of("problem.invisible", what=what))
    return parse


def phone(what: str | Label) -> Parser:
    """A phone number as an SMS gateway takes it (E.164): a Moroccan one written 06 12 34 56 78, 0612-345678,
    212612345678 or 00212... reads +212612345678; another country's is written with its + (or 00) and 8 to 15
    digits. Spaces, dots, dashes, slashes and brackets between the digits are dropped."""
    def parse(values: pd.Series) -> Parsed:
        raw = values.astype("string").str.strip()
        raw = raw.where(raw != "", None)
        digits = raw.str.replace(r"[\s.\-()/]", "", regex=True).str.replace(r"^00", "+", regex=True)
        local = digits.str.fullmatch(r"0[5-7][0-9]{8}").fillna(False).astype(bool)
        national = digits.str.fullmatch(r"\+?212[5-7][0-9]{8}").fillna(False).astype(bool)
        international = digits.str.fullmatch(r"\+[1-9][0-9]{7,14}").fillna(False).astype(bool)
        out = digits.where(~local, "+212" + digits.str.slice(1))
        out = out.where(~national, "+" + digits.str.lstrip("+"))
        bad = raw.notna() & ~(local | national | international)
        return out.where(~bad, raw), _reasons(bad, text_of("problem.invalid", what=what))
    return parse


def email(what: str | Label, max_length: int = 254) -> Parser:
    """An e-mail address: one @, a domain with a dot, no space; kept as written (trimmed)."""
    def parse(values: pd.Series) -> Parsed:
        out = values.astype("string").str.strip()
        out = out.where(out != "", None)
        shaped = out.str.fullmatch(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+").fillna(False).astype(bool)
        bad = out.notna() & (~shaped | (out.str.len().fillna(0) > max_length))
        return out, _reasons(bad, text_of("problem.invalid", what=what))
    return parse


def choice(mapping: dict[str, str], what: str | Label) -> Parser:
    """Values from a closed list; `mapping` maps every accepted spelling (any case) to the stored value."""
    lookup = {header_key(k): v for k, v in mapping.items()}
    accepted = ", ".join(sorted(set(mapping.values())))

    def parse(values: pd.Series) -> Parsed:
        out = values.map(lambda v: lookup.get(header_key(v)) if pd.notna(v) else None)
        return out, _reasons(values.notna() & out.isna(), text_of("problem.not_in_list", what=what,
                                                                  accepted=accepted))
    return parse


def number(minimum: float | None = None, maximum: float | None = None, integer: bool = False) -> Parser:
    def parse(values: pd.Series) -> Parsed:
        cleaned = values.astype("string").str.strip().str.replace(",", ".", regex=False)
        out = pd.to_numeric(cleaned, errors="coerce").astype("float64")  # NaN compares False, unlike pd.NA
        reasons = _reasons(values.notna() & out.isna(), text_of("problem.not_a_number"))
        if integer:
            fractional = out.notna() & (out % 1 != 0)
            reasons = unless(reasons, ~fractional, text_of("problem.not_whole"))
        if minimum is not None:
            reasons = unless(reasons, ~(out < minimum), text_of("problem.below", minimum=f"{minimum:g}"))
        if maximum is not None:
            reasons = unless(reasons, ~(out > maximum), text_of("problem.above", maximum=f"{maximum:g}"))
        return (out.astype("Int64") if integer and reasons.isna().all() else out), reasons
    return parse


# The one vocabulary of yes/no words (files, `--param`, appeals), in English, French and Arabic.
FLAG_VALUES = {"1": "1", "0": "0", "yes": "1", "no": "0", "oui": "1", "non": "0", "true": "1", "false": "0",
               "نعم": "1", "لا": "0", "x": "1"}


def parse_yes_no(value: object) -> bool:
    """One yes/no word as a boolean; anything else is refused."""
    found = FLAG_VALUES.get(header_key(value))
    if found is None:
        raise ValueError(f"'{value}' is not a yes/no value (1/0, oui/non, نعم/لا)")
    return found == "1"


def flag() -> Parser:
    base = choice(FLAG_VALUES, text_of("what.yes_no"))

    def parse(values: pd.Series) -> Parsed:
        out, reasons = base(values)
        return out.map({"1": True, "0": False}), reasons
    return parse


def date() -> Parser:
    """ISO dates, day/month/year as Massar prints them, or Excel serial day numbers."""
    def parse(values: pd.Series) -> Parsed:
        raw = values.astype("string").str.strip()
        iso = pd.to_datetime(raw.where(raw.str.match(r"^\d{4}-\d{1,2}-\d{1,2}")), format="ISO8601", errors="coerce")
        dayfirst = pd.to_datetime(raw.where(raw.str.match(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$"))
                                  .str.replace(r"[.-]", "/", regex=True), format="%d/%m/%Y", errors="coerce")
        serial = pd.to_numeric(raw.where(raw.str.fullmatch(r"\d{5}(\.0+)?")), errors="coerce")
        from_serial = pd.to_datetime(serial, unit="D", origin="1899-12-30", errors="coerce")
        out = iso.fillna(dayfirst).fillna(from_serial).dt.normalize()
        return out, _reasons(raw.notna() & out.isna(), text_of("problem.not_a_date"))
    return parse


def school_year() -> Parser:
    def parse(values: pd.Series) -> Parsed:
        out = values.map(lambda v: normalise_year(v) if pd.notna(v) else None)
        return out, _reasons(values.notna() & out.isna(), text_of("problem.not_a_year"))
    return parse
