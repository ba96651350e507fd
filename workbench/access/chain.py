"""A hash chain over the audit trail: each event carries the SHA-256 of the previous event's hash and its own
content, so that `workbench audit verify` finds an event edited, or deleted, after it was written (the database
triggers already refuse that; the chain shows it if they were bypassed by someone owning the tables)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence

from sqlalchemy import Connection, insert, select, text

from workbench.models import AuditEvent

FIELDS = ("at", "username", "role", "via", "action", "file", "table_name", "dataset", "school_codes", "rows",
          "before", "after", "detail_complete")
_LOCK = 7_416_001  # PostgreSQL advisory lock: one writer at a time extends the chain


def link(previous: str, event: dict) -> str:
    """The hash of an event after `previous`, from the event's content as stored."""
    content = {}
    for field in FIELDS:
        value = event.get(field)
        if isinstance(value, dt.datetime):
            value = value.isoformat(sep=" ", timespec="microseconds")
        elif isinstance(value, bool):
            value = int(value)
        content[field] = value
    payload = previous + json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(connection: Connection, events: Sequence[dict]) -> None:
    """Write events at the end of the trail, each chained to the one before."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    previous = connection.scalar(select(AuditEvent.chain).order_by(AuditEvent.id.desc()).limit(1)) or ""
    rows = []
    for event in events:
        previous = link(previous, event)
        rows.append({**event, "chain": previous})
    connection.execute(insert(AuditEvent), rows)


def verify(connection: Connection) -> tuple[int, int | None]:
    """(events checked, id of the first event whose hash does not follow: edited, or one before it deleted)."""
    previous, checked = "", 0
    result = connection.execute(select(AuditEvent).order_by(AuditEvent.id)).mappings()
    for event in result:
        checked += 1
        previous = link(previous, dict(event))
        if previous != event["chain"]:
            return checked, event["id"]
    return checked, None
