"""One outbox for every message to a person: callers queue whole frames of messages in the transaction of what
caused them (`enqueue`, inside the guarded write), and `workbench outbox send` delivers them at most once
(`workbench.outbox.delivery`). See docs/outbox.md."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection, or_, select

from workbench.access.guard import active_write, in_chunks
from workbench.bulk import insert_frame
from workbench.models.outbox import CHANNELS, LANGUAGES, OutboxMessage

REQUIRED = ("recipient_name", "channel", "address", "language", "subject", "body")
OPTIONAL = ("school_code", "dedupe_key")
STAMP = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy keeps a DateTime on SQLite, and PostgreSQL's COPY reads


class Enqueued(int):
    """How many messages were queued (an int), and how many were not: `without_address` (nowhere to send them: the
    caller may report them) and `recent` (the same message, by (kind, dedupe_key), queued or sent within
    `resend_after`)."""

    without_address: int
    recent: int

    def __new__(cls, queued: int, without_address: int = 0, recent: int = 0) -> Enqueued:
        value = super().__new__(cls, queued)
        value.without_address = without_address
        value.recent = recent
        return value


def now() -> dt.datetime:
    """The outbox's clock (the machine's local time, as the audit trail's)."""
    return dt.datetime.now()


def enqueue(connection: Connection, messages: pd.DataFrame, *, kind: str,
            resend_after: dt.timedelta | None = None) -> Enqueued:
    """Queue one message per row of `messages` (columns recipient_name, channel `email`|`sms`, address, language
    `ar`|`fr`, subject (empty for an SMS), body; optional school_code, which scopes the message, and dedupe_key,
    what "the same message" means for the caller) in the caller's guarded write, due at once.

    A row without an address is not queued (counted in `without_address`). With `resend_after`, a row whose
    (kind, dedupe_key) was queued or sent less than `resend_after` ago, whatever became of it, is skipped, as is a
    second row of the same key in `messages`. The rows' schools must be in the acting user's scope; the audit trail
    records the rows. Returns how many were queued (an `Enqueued`)."""
    write = active_write(connection)
    if write is None:
        raise RuntimeError("workbench.outbox.enqueue writes inside a guarded write (workbench.access.guard)")
    missing = [column for column in REQUIRED if column not in messages.columns]
    if missing:
        raise ValueError(f"outbox messages lack the columns {missing}")
    if not kind or len(kind) > OutboxMessage.kind.type.length:
        raise ValueError(f"outbox kind {kind!r}: a short name")
    frame = messages.reindex(columns=[*REQUIRED, *OPTIONAL]).astype(object)
    frame = frame.where(frame.notna(), None)
    address = frame["address"].astype("string").str.strip()
    addressed = address.notna() & (address != "")
    without_address = int((~addressed).sum())
    frame = frame[addressed].assign(address=address[addressed].astype(object))
    recent = 0
    if resend_after is not None and not frame.empty:
        keyed = frame["dedupe_key"].notna()
        frame = frame[~(keyed & frame.duplicated(["dedupe_key"]))]
        already = recently_queued(connection, kind, frame["dedupe_key"].dropna().unique(), resend_after)
        skipped = frame["dedupe_key"].isin(already)
        recent = int(skipped.sum())
        frame = frame[~skipped]
    if frame.empty:
        return Enqueued(0, without_address, recent)
    bad_channel = ~frame["channel"].isin(CHANNELS)
    bad_language = ~frame["language"].isin(LANGUAGES)
    if bad_channel.any() or bad_language.any():
        raise ValueError(f"outbox channels {sorted(set(frame['channel'][bad_channel].astype(str)))}, languages "
                         f"{sorted(set(frame['language'][bad_language].astype(str)))}: expected {CHANNELS}, "
                         f"{LANGUAGES}")
    write.check_scope(sorted(set(frame["school_code"].dropna().astype(str))))
    stamp = now().strftime(STAMP)
    table = OutboxMessage.__table__
    rows = frame.assign(
        created_at=stamp, kind=kind, state="queued", tries=0, next_try_at=stamp,
        recipient_name=frame["recipient_name"].astype(str).str.slice(0, table.c.recipient_name.type.length),
        subject=frame["subject"].astype("string").str.slice(0, table.c.subject.type.length).astype(object),
    )
    rows["subject"] = rows["subject"].where(rows["subject"].notna(), None)
    columns = ["created_at", "kind", "dedupe_key", "school_code", "recipient_name", "channel", "address",
               "language", "subject", "body", "state", "tries", "next_try_at"]
    queued = insert_frame(connection, table, rows[columns].reset_index(drop=True))
    return Enqueued(queued, without_address, recent)


def recently_queued(connection: Connection, kind: str, dedupe_keys: Iterable[object],
                    within: dt.timedelta) -> set[str]:
    """The keys of `dedupe_keys` whose message of this kind was queued or sent less than `within` ago (in any state:
    a failed message was queued too, and an interrupted one may have reached its recipient)."""
    keys = sorted({str(key) for key in dedupe_keys if key is not None and not pd.isna(key)})
    since = now() - within
    table = OutboxMessage
    found: set[str] = set()
    for chunk in in_chunks(keys):
        found |= set(connection.scalars(select(table.dedupe_key).distinct().where(
            table.kind == kind, table.dedupe_key.in_(chunk),
            or_(table.created_at >= since, table.sent_at >= since))))
    return found
