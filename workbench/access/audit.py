"""Reading the audit trail: what the actor's scope may see, as a table or a CSV file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, select

from workbench.access.guard import in_chunks
from workbench.catalogue import column_label, headers, lookup, text, value_label
from workbench.exports import write_csv
from workbench.models import AuditEvent, Commune, Enrolment, Province, School
from workbench.scope import Scope

COLUMNS = ("id", "at", "username", "role", "via", "action", "file", "table_name", "dataset", "school_codes",
           "rows", "before", "after", "detail_complete")
HEADERS = headers("audit", "id", "at", "username", "role", "via", "action", "file", "table_name", "dataset",
                  "school_codes", "rows", "before", "after", "detail_complete")


# Bookkeeping columns a reader has no use for (and a hash that is nobody's business).
UNREAD_COLUMNS = frozenset({"version", "password_hash", "token_hash", "chain"})
# Tables of the security machinery itself, shown through their own screens, never as rows of a change.
BOOKKEEPING_TABLES = frozenset({"audit_events", "login_attempts", "login_sessions"})


def readable(detail: str | None, lang: str, most_rows: int | None = None, table: str | None = None) -> str:
    """An event's before/after rows (JSON, keyed by stored columns) as a reader reads them: each column named in
    their language ('Code Massar : A1 · Utilisables : 3'), as a column of `table` (the event's) when the catalogue
    words it otherwise, one row per line; with `most_rows`, the first rows and how many more there are (a screen:
    an import's event holds up to a thousand rows, the download holds them all)."""
    if not isinstance(detail, str) or not detail:  # no detail (None, or NaN from the frame)
        return ""
    try:
        rows = json.loads(detail)
    except ValueError:
        return detail
    rows = rows if isinstance(rows, list) else [rows]
    more = len(rows) - most_rows if most_rows is not None and len(rows) > most_rows else 0
    rows = rows[:most_rows] if more else rows

    def name(column: str) -> str:
        label = column_label(column, table)
        return label.of(lang) if label else column.replace("_", " ")

    def value(column: str, stored: object) -> object:
        if stored is None:  # a value the row did not have reads as nothing, never 'None'
            return ""
        if isinstance(stored, bool):  # a flag of the row (excluded, justified): yes or no in words
            return yes_no(stored, lang)
        label = value_label(column, stored, table)
        return label.of(lang) if label else stored

    lines = [" · ".join(f"{name(k)} : {value(k, v)}" for k, v in row.items() if k not in UNREAD_COLUMNS)
             if isinstance(row, dict) else str(row) for row in rows]
    return "\n".join([*lines, text("audit.more_rows", count=more).of(lang)] if more else lines)


def yes_no(flag: bool, lang: str) -> str:
    return text("answer.yes" if flag else "answer.no").of(lang)


def user_words(username: str, lang: str) -> str:
    """A user as the trail names them: the machine's account ('os:<login>', a command run without --user) in
    words."""
    if isinstance(username, str) and username.startswith("os:"):
        return text("audit.machine_account", login=username.removeprefix("os:")).of(lang)
    return username


def action_words(action: str, lang: str) -> str:
    """An event's action as its reader says it: a fixed action from the catalogue ('action.record_absences'), an
    import with its file kind (the name the operator typed), a validation step with its dataset in words."""
    from workbench.access.datasets import dataset_label

    if not isinstance(action, str):
        return ""
    fixed = value_label("action", action.replace(" ", "_"))
    if fixed:
        return fixed.of(lang)
    verb, _, rest = action.partition(" ")
    if verb == "import" and rest:
        return text("action.import", kind=rest).of(lang)
    if verb in ("submit", "approve", "reopen") and rest:
        fr, ar = dataset_label(rest)
        if fr == rest and (own := lookup(f"{rest}.dataset")):  # a programme validating its own data (centres)
            fr, ar = own
        return f"{text(f'validation.{verb}').of(lang)} — {ar if lang == 'ar' else fr}"
    if verb in ("create", "reset") and rest.startswith("sandbox "):
        return text(f"action.{verb}_sandbox", name=rest.removeprefix("sandbox ")).of(lang)
    if action.startswith("build demo"):
        return text("action.build_demo").of(lang)
    return action


def via_words(via: str, lang: str) -> str:
    """'cli' or 'app <id>' as words: the command line, or the app by its programme's title."""
    if not isinstance(via, str):
        return ""
    if via == "cli":
        return text("via.cli").of(lang)
    app = via.removeprefix("app ").strip()
    title = lookup(f"{app}.title") or lookup(f"app.{app}")
    return text("via.app", app=title.of(lang) if title else app).of(lang)


def in_words(trail: pd.DataFrame, lang: str, most_rows: int | None = None) -> pd.DataFrame:
    """The trail as a reader reads it: actions, channels, tables, roles and users in words, rows of changes spelled
    out (at most `most_rows` of each), whether the detail is complete in words."""
    def worded(column: str):
        def word(stored: object) -> object:
            label = value_label(column, stored)
            return label.of(lang) if label else stored.replace("_", " ") if isinstance(stored, str) else stored
        return word

    return trail.assign(action=trail["action"].map(lambda a: action_words(a, lang)),
                        via=trail["via"].map(lambda v: via_words(v, lang)),
                        username=trail["username"].map(lambda u: user_words(u, lang)),
                        **{c: trail[c].map(worded(c)) for c in ("role", "table_name")},
                        **{side: [readable(d, lang, most_rows, t if isinstance(t, str) else None)
                                  for d, t in zip(trail[side], trail["table_name"], strict=True)]
                           for side in ("before", "after")},
                        detail_complete=trail["detail_complete"].map(
                            lambda v: yes_no(bool(v), lang) if pd.notna(v) else ""))


def events(connection: Connection, scope: Scope, *, limit: int | None = None) -> pd.DataFrame:
    """Audit events, newest first; outside the whole-country scope, only those about the scope's schools (found
    from the events' school codes alone: the rows of detail are read for the events shown, not for the whole
    trail)."""
    query = select(*(getattr(AuditEvent, c) for c in COLUMNS)).order_by(AuditEvent.id.desc())
    if scope.level == "all":
        return pd.read_sql(query.limit(limit) if limit else query, connection)
    mine = set(connection.scalars(scope.filter(
        select(School.code).join(Commune, Commune.code == School.commune_code)
        .join(Province, Province.code == Commune.province_code))))
    touched = pd.read_sql(select(AuditEvent.id, AuditEvent.school_codes).order_by(AuditEvent.id.desc()), connection)
    codes = touched["school_codes"].fillna("").str.split(",")
    ids = touched.loc[codes.map(lambda found: bool(mine.intersection(found))), "id"]
    ids = ids.head(limit) if limit else ids
    frame = pd.concat([pd.read_sql(query.where(AuditEvent.id.in_(chunk)), connection)
                       for chunk in in_chunks(ids.tolist())] or [pd.read_sql(query.limit(0), connection)],
                      ignore_index=True).sort_values("id", ascending=False, ignore_index=True)
    shared = frame["school_codes"].fillna("").str.split(",").map(lambda codes: not set(codes) <= mine)
    if shared.any():  # an event that also touched other schools shows only the rows of the scope's own
        pupils = set(connection.scalars(select(Enrolment.massar_code).where(Enrolment.school_code.in_(mine))))
        frame.loc[shared] = frame.loc[shared].apply(lambda event: _only_mine(event, mine, pupils), axis=1)
    return frame


def _only_mine(event: pd.Series, schools: set[str], pupils: set[str]) -> pd.Series:
    """An event's rows narrowed to the viewer's schools and their pupils; a row that names neither is left out."""
    def mine(row: dict) -> bool:
        return (row.get("school_code") in schools or row.get("code") in schools
                or row.get("massar_code") in pupils)

    shown = event.copy()
    for side in ("before", "after"):
        rows = json.loads(event[side]) if isinstance(event[side], str) and event[side] else []
        kept = [row for row in rows if isinstance(row, dict) and mine(row)]
        shown[side] = json.dumps(kept, ensure_ascii=False)
        if len(kept) < len(rows):
            shown["detail_complete"] = False
    shown["school_codes"] = ",".join(sorted(set(str(event["school_codes"]).split(",")) & schools))
    return shown


def export_csv(connection: Connection, scope: Scope, path: Path) -> int:
    frame = events(connection, scope)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(frame, path)
    return len(frame)
