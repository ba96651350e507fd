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
        super().__init__(message.lines() if isinstance(message, Label) else message)

    def say(self, language: str) -> str:
        """The message in one language when it comes from the catalogue, else as written."""
        return self.label.of(language) if self.label else str(self)


class InputError(WorkbenchError):
    """Bad input: a parameter, a code, a scope that does not exist."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an imported file, located the way a spreadsheet user looks for it. The reason is a
    catalogue label (Arabic and French); a programme's own text is shown as written."""

    file: str
    reason: str | Label
    row: int | None = None
    column: str | None = None
    value: str | None = None
    sheet: str | None = None

    def said(self, language: str) -> str:
        """'file, sheet «S», row 3, column «x», value «v»: reason' in one language."""
        from workbench.catalogue import Label, joined, text

        where = [self.file]
        if self.sheet:
            where.append(text("problem.where.sheet", name=self.sheet).of(language))
        if self.row is not None:
            where.append(text("problem.where.row", row=self.row).of(language))
        if self.column:
            where.append(text("problem.where.column", column=self.column).of(language))
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else f"{self.value[:60]}… ({len(self.value):,})"
            where.append(text("problem.where.value", value=shown).of(language))
        said = joined(where, language)
        reason = self.reason.of(language) if isinstance(self.reason, Label) else self.reason
        return f"{said} : {reason}" if language == "fr" else f"{said}: {reason}"

    def __str__(self) -> str:
        return self.said("fr")


class ImportRejected(InputError):
    """A file failed validation; every problem is listed (in French, then in Arabic) and nothing was written."""

    def __init__(self, problems: list[Problem]):
        from workbench.catalogue import Label, text

        # Each problem once (the same cell found by two checks, or a pupil's row checked once per test of a marks
        # template, is one thing to correct), then sheet by sheet (in the order they came), row by row, the way
        # an operator walks the file to correct it.
        problems = list(dict.fromkeys(problems))
        sheets = {sheet: index for index, sheet in enumerate(dict.fromkeys(p.sheet for p in problems))}
        problems = sorted(problems, key=lambda p: (sheets[p.sheet], -1 if p.row is None else p.row))
        self.problems = problems
        heading = text("problem.rejected", count=len(problems))
        super().__init__(Label(*("\n".join([heading.of(language), *(f"  - {p.said(language)}" for p in problems)])
                                 for language in ("fr", "ar"))))
