"""Turn a raw sheet into a validated frame of declared columns, collecting every problem on the way."""

from __future__ import annotations

import pandas as pd

from workbench.catalogue import Label
from workbench.catalogue import text as text_of
from workbench.exceptions import Problem
from workbench.imports.columns import TableSpec, header_key, unless
from workbench.imports.readers import Sheet

HEADER_SEARCH_ROWS = 30
# Characters no typed value holds: C0 controls but tab and line breaks, and DEL.
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
ROW = "_row"
SHEET = "_sheet"


def find_header(sheet: Sheet, spec: TableSpec) -> int | None:
    """Index of the first row naming at least half of the required columns."""
    required = [c for c in spec.columns if c.required]
    for index in range(min(HEADER_SEARCH_ROWS, len(sheet.cells))):
        keys = {header_key(v) for v in sheet.cells.iloc[index].dropna()}
        if sum(bool(c.keys() & keys) for c in required) * 2 >= len(required):
            return index
    return None


def read_table(sheet: Sheet, spec: TableSpec, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Declared columns parsed, with `_row` (the spreadsheet row number) and `_sheet` kept for messages."""
    header = find_header(sheet, spec)
    if header is None:
        expected = ", ".join(c.name for c in spec.columns if c.required)
        return pd.DataFrame(), [Problem(file, text_of("problem.not_kind", kind=spec.kind, expected=expected),
                                        sheet=sheet.name)]
    titles = {i: v for i, v in sheet.cells.iloc[header].items() if pd.notna(v)}
    body = sheet.cells.iloc[header + 1 :].dropna(how="all")
    frame = pd.DataFrame({ROW: body.index + 1, SHEET: sheet.name}, index=body.index)
    problems: list[Problem] = []
    for column in spec.columns:
        found = [i for i, v in titles.items() if header_key(v) in column.keys()]
        if len(found) > 1:  # 'massar_code' and 'code massar' side by side: which one is meant?
            problems.append(Problem(file, text_of("problem.both_columns", column=column.name,
                                                  columns=" + ".join(f"« {titles[i]} »" for i in found)),
                                    sheet=sheet.name, row=header + 1))
            continue
        position = found[0] if found else None
        if position is None:
            if column.required:
                problems.append(Problem(file, text_of("problem.missing_column", column=column.name),
                                        sheet=sheet.name, row=header + 1))
                continue
            frame[column.name] = column.default
            continue
        raw = body[position]
        parsed, reasons = column.parse(raw)
        hidden = raw.astype("string").str.contains(CONTROL, regex=True, na=False)
        reasons = unless(reasons, ~hidden, text_of("problem.control_char"))
        frame[column.name] = parsed
        if column.required:
            reasons = unless(reasons, raw.notna(), text_of("problem.empty"))
        elif column.default is not None:
            frame[column.name] = frame[column.name].where(raw.notna(), column.default)
        for index in reasons[reasons.notna()].index:
            problems.append(Problem(file, reasons[index], row=int(index) + 1, column=column.name,
                                    value=None if pd.isna(raw[index]) else str(raw[index]), sheet=sheet.name))
    return frame.reset_index(drop=True), problems


def duplicate_problems(frame: pd.DataFrame, key: tuple[str, ...], file: str) -> list[Problem]:
    """One problem per repeated key, naming every row it appears on."""
    if frame.empty or not set(key) <= set(frame.columns):
        return []
    repeated = frame[frame.duplicated(list(key), keep=False) & frame[list(key)].notna().all(axis=1)]
    problems = []
    for values, group in repeated.groupby(list(key), sort=False):
        values = values if isinstance(values, tuple) else (values,)
        rows = ", ".join(str(r) for r in group[ROW])
        label = " / ".join(str(v.date() if hasattr(v, "date") else v) for v in values)
        problems.append(Problem(file, text_of("problem.repeated", rows=rows), row=int(group[ROW].iloc[0]),
                                column=" + ".join(key), value=label, sheet=group[SHEET].iloc[0]))
    return problems


def row_problems(rows: pd.DataFrame, file: str, column: str, reason) -> list[Problem]:
    """One problem per row of `rows` (the offending ones), naming `column` and its value; `reason` is a text
    or a function of the row."""
    return [Problem(file, reason(r) if callable(reason) else reason, row=int(r[ROW]), column=column,
                    value=_shown(r.get(column)), sheet=r[SHEET]) for r in rows.to_dict("records")]


def _shown(value: object) -> str | None:
    """A parsed value as the operator typed it: 12 not 12.0, a date without its time."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return str(value.date())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def unknown_code_problems(frame: pd.DataFrame, column: str, known: set[str], file: str,
                          what: str | Label) -> list[Problem]:
    """A problem for each row whose code is not in `known` (an unknown school, pupil, province...)."""
    if frame.empty or column not in frame:
        return []
    return row_problems(frame[frame[column].notna() & ~frame[column].isin(known)], file, column,
                        text_of("problem.unknown", what=what))
