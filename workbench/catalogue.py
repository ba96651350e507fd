"""The one catalogue of user-facing text, in Arabic and French: labels of columns, figures, roles, states and the
reports' sentences.

It is kept in CSV files a translator edits in any spreadsheet (columns `key,ar,fr`, UTF-8): `workbench/labels.csv`
for what every programme shares, and `workbench/programmes/<id>/labels.csv` for a programme's own, whose keys are
read as `<id>.<key>`. A text may hold `{placeholders}` filled from stored settings (`text(key, cap=2)`).
"""

from __future__ import annotations

import csv
import importlib.util
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from workbench.exceptions import WorkbenchError

CORE_FILE = Path(__file__).with_name("labels.csv")
LANGUAGES = ("ar", "fr")  # Arabic first: the default of every user, page and report
DEFAULT_LANGUAGE = "ar"


_spoken: list[str] = []  # the acting user's language once the command line knows who acts (`speak`)


def terminal_language() -> str:
    """The language the command line speaks: the acting user's (`speak`), else the WORKBENCH_LANG setting, else the
    locale's (LC_ALL, LC_MESSAGES, LANG: 'fr_MA.UTF-8' reads French), else Arabic."""
    from workbench.config import LANGUAGE

    if _spoken:
        return _spoken[-1]
    for candidate in (LANGUAGE.value(), *(os.environ.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANG"))):
        if candidate[:2].lower() in LANGUAGES:
            return candidate[:2].lower()
    return DEFAULT_LANGUAGE


def speak(language: str | None) -> None:
    """The command line speaks `language` from now on (the acting user's, unless WORKBENCH_LANG says), or again the
    setting's or the locale's (None)."""
    from workbench.config import LANGUAGE

    _spoken.clear()
    if language in LANGUAGES and LANGUAGE.value() not in LANGUAGES:
        _spoken.append(language)


def direction(language: str) -> str:
    """The writing direction of a language, for a page's `dir`."""
    return "rtl" if language == "ar" else "ltr"


def language_names() -> dict[str, str]:
    """Each language's name in itself ('ar': 'العربية', 'fr': 'Français'), the way a language switch offers it."""
    return {language: text(f"language.{language}").of(language) for language in LANGUAGES}


def named(column: str, language: str) -> str:
    """The column of a pair of names (`province_fr`, `province_ar`) a reader of that language reads."""
    return f"{column}_{'ar' if language == 'ar' else 'fr'}"


class Label(NamedTuple):
    fr: str
    ar: str

    def both(self) -> str:
        """'French / Arabic', the way a bilingual header or option reads."""
        return f"{self.fr} / {self.ar}"

    def lines(self) -> str:
        """French, then Arabic on the next line: how a message travels between processes (a notebook's error)."""
        return f"{self.fr}\n{self.ar}"

    def said(self) -> str:
        """The text in the language the command line speaks (`terminal_language`)."""
        return self.of(terminal_language())

    def plus(self, suffix: str) -> Label:
        """This text followed by `suffix` (a code, a value) in each language."""
        return Label(self.fr + suffix, self.ar + suffix)

    def joined(self, other: Label) -> Label:
        """This text, then `other` on the next line, in each language."""
        return Label(f"{self.fr}\n{other.fr}", f"{self.ar}\n{other.ar}")

    def of(self, language: str) -> str:
        """The text in one language ('ar' or 'fr')."""
        return self.ar if language == "ar" else self.fr

    def format(self, **values: object) -> Label:
        """Placeholders filled; a value that is itself a Label fills each language with its own text."""
        def side(language: str) -> dict[str, object]:
            return {k: v.of(language) if isinstance(v, Label) else v for k, v in values.items()}

        return Label(self.fr.format(**side("fr")), self.ar.format(**side("ar")))


def _read(path: Path, prefix: str = "") -> dict[str, Label]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {f"{prefix}{row['key'].strip()}": Label(row["fr"], row["ar"]) for row in csv.DictReader(handle)}


@cache
def _namespace(name: str) -> dict[str, Label]:
    """The labels of the core (name '') or of a programme package."""
    if not name:
        return _read(CORE_FILE)
    spec = importlib.util.find_spec(f"workbench.programmes.{name}")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "labels.csv"
    return _read(path, f"{name}.") if path.exists() else {}


def _find(key: str) -> Label | None:
    """A key of the core file ('role.director'), else of the programme it starts with ('<id>.title')."""
    return _namespace("").get(key) or (_namespace(key.split(".", 1)[0]).get(key) if "." in key else None)


def lookup(key: str) -> Label | None:
    """The label of a key when the catalogue has it (core, else the programme the key starts with)."""
    return _find(key)


def text(key: str, **values: object) -> Label:
    """The French and Arabic text of a key ('role.director', '<id>.title'), placeholders filled."""
    found = _find(key)
    if found is None:
        raise WorkbenchError(f"The label '{key}' is missing from the catalogue (workbench/labels.csv or the "
                             "programme's labels.csv).")
    count = values.get("count")
    if isinstance(count, int) and not isinstance(count, bool):
        found = Label(_counted(key, "fr", count, found).fr, _counted(key, "ar", count, found).ar)
        values = {**values, "count": f"{count:,}"}
    return found.format(**values) if values else found


def _counted(key: str, language: str, count: int, found: Label) -> Label:
    """The form of a text that agrees with its `count` in a language, by CLDR's plural rules (Babel): Arabic says
    'تقرير واحد', 'تقريران', '3 تقارير', '11 تقريرا', '100 تقرير'. A form is the row `<key>[<form>]` (one, two, few,
    many, zero); without it, the key's own text."""
    from babel import Locale

    return _find(f"{key}[{Locale.parse(language).plural_form(count)}]") or found


def headers(namespace: str, *columns: str | tuple[str, str]) -> dict[str, Label]:
    """Column -> label, in the order given: `<namespace>.<column>` when the catalogue has it, else the shared
    `<column>`; a (column, key) pair names the key. Reports, workbooks and apps head their tables with these."""
    found = {}
    for column in columns:
        name, key = column if isinstance(column, tuple) else (column, f"{namespace}.{column}")
        found[name] = _find(key) or text(name)
    return found


def in_language(headers: dict[str, Label], language: str) -> dict[str, Label]:
    """The columns a reader of one language reads: of a pair of names (`name_fr`, `name_ar`), only theirs."""
    other, mine = ("_fr", "_ar") if language == "ar" else ("_ar", "_fr")
    return {c: h if isinstance(h, Label) else Label(*h) for c, h in headers.items()
            if not (c.endswith(other) and f"{c[:-len(other)]}{mine}" in headers)}


def in_words(frame, columns: dict[str, str], language: str):
    """A copy of `frame` whose coded columns read in words: `columns` maps a column to the catalogue prefix of its
    values ('sex' -> 'sex.F' reads 'إناث'); a value without a label is left as it is."""
    out = frame.copy()
    for column, prefix in columns.items():
        if column in out.columns:
            out[column] = out[column].map(
                lambda v, prefix=prefix: (_find(f"{prefix}.{v}") or Label(v, v)).of(language)
                if isinstance(v, str) else v)
    return out


CODED_COLUMNS = {"sex": "sex", "milieu": "milieu", "sector": "sector", "state": "state", "role": "role",
                 "table_name": "table", "via": "via", "action": "action",
                 # a column of one table whose codes are worded under a prefix of their own ('<table>.<column>')
                 "outbox_messages.kind": "outbox.kind", "outbox_messages.channel": "outbox.channel",
                 "outbox_messages.state": "outbox.state"}


def column_label(column: str, table: str | None = None) -> Label | None:
    """The label of a stored column wherever the catalogue has it: of `table`'s column, `column.<table>.<column>`
    when the catalogue has it (the core's or a programme's labels.csv: a message's `subject` is not a school
    subject), else the core's, else the first programme's."""
    return (table and _anywhere(f"column.{table}.{column}")) or _anywhere(column)


def value_label(column: str, value: object, table: str | None = None) -> Label | None:
    """The words for a stored code of a column ('state', 'submitted'), wherever the catalogue has them; of
    `table`'s column, under the prefix CODED_COLUMNS names for '<table>.<column>' first (a message's kind)."""
    if not isinstance(value, str):
        return None
    own = CODED_COLUMNS.get(f"{table}.{column}") if table else None
    return (own and _anywhere(f"{own}.{value}")) or _anywhere(f"{CODED_COLUMNS.get(column, column)}.{value}")


def _anywhere(key: str) -> Label | None:
    from workbench.registry import programmes

    return _find(key) or next((found for name in programmes() if (found := _find(f"{name}.{key}"))), None)


def joined(values: Iterable[object], language: str, separator: str = "list.separator") -> str:
    """Values one after the other the way a reader of `language` reads a list ('a, b' in French, 'a، b' in Arabic);
    `separator` is the catalogue key of the mark between them ('list.semicolon': 'a; b', 'a؛ b')."""
    return text(separator).of(language).join(str(value) for value in values)


def listed(labels: Iterable[Label], separator: str = "list.separator") -> Label:
    """Labels one after the other, in each language ('Directeur, Formateur' and 'مدير المؤسسة، مكون')."""
    labels = list(labels)
    return Label(joined((label.fr for label in labels), "fr", separator),
                 joined((label.ar for label in labels), "ar", separator))


def counted(counts: dict[str, int]) -> Label:
    """'1,200 Élèves, 30 Établissements' from rows written per table, each table in words."""
    words = {table: value_label("table_name", table) or Label(table, table) for table in counts}
    return listed(Label(f"{n:,} {words[table].fr}", f"{n:,} {words[table].ar}") for table, n in counts.items())


def did_you_mean(message: Label, name: str, known: Iterable[str]) -> Label:
    """`message` refusing an unknown `name` (a command, a campaign, an import kind), followed by the closest of the
    `known` names when one is close enough (difflib): '... Vouliez-vous dire : « run » ?'."""
    from difflib import get_close_matches

    close = get_close_matches(name, list(known), n=1)
    return text("error.did_you_mean", message=message, names=f"« {close[0]} »") if close else message


def keys() -> list[str]:
    """Every key of the core catalogue and of each programme's (to check no raw code reaches a user)."""
    from workbench.registry import programmes

    return [*_namespace(""), *(key for name in programmes() for key in _namespace(name))]


def reload() -> None:
    """Read the files again (after a translator's edit, in a long-running server)."""
    _namespace.cache_clear()
