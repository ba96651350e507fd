"""Errors an operator can act on.

`InputError` (exit code 2) means the input was wrong and nothing was written;
`WorkbenchError` (exit code 1) means the workbench could not do what was asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.catalogue import Label


class WorkbenchError(Exception):
    """A failure explained in words an operator understands: a text, or a catalogue label in Arabic and French
    (`text('error.…')`), which an app shows in its user's language and the command line in both."""

    exit_code = 1

    def __init__(self, message: str | Label = ""):
        from workbench.catalogue import Label

        self.label = message if isinstance(message, Label) else None
        super().__init__(f"{message.fr}\n{message.ar}" if isinstance(message, Label) else message)

    def say(self, language: str) -> str:
        """The message in one language when it comes from the catalogue, else as written."""
        return self.label.of(language) if self.label else str(self)


class InputError(WorkbenchError):
    """Bad input: a parameter, a code, a scope that does not exist."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an imported file, located the way a spreadsheet user looks for it."""

    file: str
    reason: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = ", ".join(where)
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else f"{self.value[:60]}… ({len(self.value):,} characters)"
            text += f", value '{shown}'"
        return f"{text}: {self.reason}"


class ImportRejected(InputError):
    """A file failed validation; every problem is listed and nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was written.\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
