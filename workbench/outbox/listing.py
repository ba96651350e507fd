"""What `workbench outbox list` (and an app tab) shows a user: the messages of their scope, in words."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Select, func, select

from workbench.catalogue import Label, lookup, text
from workbench.models.outbox import OUTBOX_STATES, OutboxMessage
from workbench.scope import Scope

COLUMNS = ("id", "created_at", "kind", "school_code", "recipient_name", "channel", "address", "language", "subject",
           "state", "tries", "next_try_at", "last_error", "sent_at")
SHOWN = ("id", "created_at", "kind", "school_code", "recipient_name", "channel", "address", "state", "tries",
         "last_error", "sent_at")
HEADERS: dict[str, Label] = {column: text(f"outbox.column.{column}") for column in SHOWN}  # SHOWN's words


def messages_of(connection: Connection, scope: Scope, *, state: str | None = None, kind: str | None = None,
                limit: int | None = None) -> pd.DataFrame:
    """The scope's messages, newest first: a school's, a province's or a region's by their school; the whole
    country's scope sees every message, those about no school too."""
    query = select(*(getattr(OutboxMessage, column) for column in COLUMNS)).order_by(OutboxMessage.id.desc())
    if state:
        query = query.where(OutboxMessage.state == state)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    query = _of_scope(query, scope)
    if limit:
        query = query.limit(limit)
    return pd.read_sql(query, connection)


def counts_of(connection: Connection, scope: Scope) -> dict[str, int]:
    """How many of the scope's messages (the same as `messages_of`'s) are in each state, every state named
    (0 when none)."""
    query = _of_scope(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state), scope)
    return {state: 0 for state in OUTBOX_STATES} | dict(connection.execute(query).tuples().all())


def _of_scope(query: Select, scope: Scope) -> Select:
    """The one scope rule of the outbox: a message about a school of the scope; the whole country's scope sees
    every message, those about no school too."""
    return query if scope.level == "all" else scope.restrict(query, OutboxMessage.school_code)


def reason_words(stored: object, language: str) -> str:
    """A `last_error` ('refused: 550 Mailbox unavailable') as its reader says it: the reason in words, then what
    the server said."""
    if not isinstance(stored, str) or not stored:
        return ""
    code, _, detail = stored.partition(": ")
    found = lookup(f"outbox.reason.{code}")
    if found is None:
        return stored
    return f"{found.of(language)} ({_isolated(detail, language)})" if detail else found.of(language)


def _isolated(value: str, language: str) -> str:
    """A code, an address or a date kept left to right inside Arabic text (Unicode isolates)."""
    return f"\u2066{value}\u2069" if language == "ar" and value else value


def _coded(prefix: str, value: object, language: str) -> object:
    found = lookup(f"{prefix}.{value}") if isinstance(value, str) else None
    return found.of(language) if found is not None else value


def in_words(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The messages with their states, channels, kinds and reasons in words, dates to the minute, and the headers
    from the catalogue."""
    return worded(frame, language).rename(columns={column: label.of(language) for column, label in HEADERS.items()})


def worded(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The messages' shown columns (SHOWN, by their stored names) with states, channels, kinds and reasons in words,
    dates to the minute, and codes, addresses and dates kept left to right in Arabic (an app heads them with
    HEADERS)."""
    def when(column: str) -> pd.Series:
        stamps = pd.to_datetime(frame[column])
        shown = stamps.dt.strftime("%Y-%m-%d %H:%M").astype(object).where(stamps.notna(), "")
        return shown.map(lambda value: _isolated(value, language))

    out = frame.assign(
        created_at=when("created_at"), sent_at=when("sent_at"),
        kind=frame["kind"].map(lambda v: _coded("outbox.kind", v, language)),
        state=frame["state"].map(lambda v: _coded("outbox.state", v, language)),
        channel=frame["channel"].map(lambda v: _coded("outbox.channel", v, language)),
        address=frame["address"].map(lambda v: _isolated(v, language)),
        school_code=frame["school_code"].fillna("").map(lambda v: _isolated(v, language)),
        last_error=frame["last_error"].map(lambda v: reason_words(v, language)),
    )
    return out[list(SHOWN)]
