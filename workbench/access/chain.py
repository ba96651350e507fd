"""A hash chain over the audit trail: each event carries the SHA-256 of the previous event's hash and its own
content, so that `workbench audit verify` finds an event edited, or deleted, after it was written (the database
triggers already refuse that; the chain shows it if they were bypassed by someone owning the tables).

With an audit key (WORKBENCH_AUDIT_KEY, outside the database) each link is an HMAC-SHA-256: someone owning the tables
cannot recompute the chain after an edit. A head checkpoint (`workbench audit checkpoint`: the last event, its hash
and the count, signed with the key, in a file) lets `workbench audit verify` find a deleted tail as well."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Sequence

from sqlalchemy import Connection, func, insert, select, text

from workbench.models import AuditEvent

FIELDS = ("at", "username", "role", "via", "action", "file", "table_name", "dataset", "school_codes", "rows",
          "before", "after", "detail_complete")
_LOCK = 7_416_001  # PostgreSQL advisory lock: one writer at a time extends the chain


def audit_key() -> bytes | None:
    from workbench import config

    return config.AUDIT_KEY.value().encode("utf-8") or None


def _digest(payload: str, key: bytes | None) -> str:
    if key:
        return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def link(previous: str, event: dict, key: bytes | None = None) -> str:
    """The hash of an event after `previous`, from the event's content as stored (keyed with `key`)."""
    content = {}
    for field in FIELDS:
        value = event.get(field)
        if isinstance(value, dt.datetime):
            value = value.isoformat(sep=" ", timespec="microseconds")
        elif isinstance(value, bool):
            value = int(value)
        content[field] = value
    payload = previous + json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return _digest(payload, key)


def append(connection: Connection, events: Sequence[dict]) -> None:
    """Write events at the end of the trail, each chained to the one before."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
    previous = connection.scalar(select(AuditEvent.chain).order_by(AuditEvent.id.desc()).limit(1)) or ""
    key = audit_key()
    rows = []
    for event in events:
        previous = link(previous, event, key)
        rows.append({**event, "chain": previous})
    connection.execute(insert(AuditEvent), rows)


def verify(connection: Connection, keyed_from: int | None = None) -> tuple[int, int | None]:
    """(events checked, id of the first event whose hash does not follow: edited, or one before it deleted). With
    an audit key, the events written before it was set may carry unkeyed links, as a prefix only: once an event is
    keyed, every later one must be, and so must every event from `keyed_from` (a checkpoint's first keyed event)."""
    checked, broken, _ = walk(connection, keyed_from)
    return checked, broken


def walk(connection: Connection, keyed_from: int | None = None) -> tuple[int, int | None, int | None]:
    """verify's pass: (events checked, first event that does not follow, first keyed event)."""
    previous, checked, key, first_keyed = "", 0, audit_key(), None
    result = connection.execute(select(AuditEvent).order_by(AuditEvent.id)).mappings()
    for event in result:
        checked += 1
        row = dict(event)
        expected = link(previous, row, key)
        if expected == row["chain"]:
            first_keyed = row["id"] if first_keyed is None and key else first_keyed
        elif (key and first_keyed is None and (keyed_from is None or row["id"] < keyed_from)
              and link(previous, row) == row["chain"]):
            expected = row["chain"]  # written before the key was set
        if expected != row["chain"]:
            return checked, row["id"], first_keyed
        previous = expected
    return checked, None, first_keyed


def _signed(head: dict, key: bytes | None) -> str:
    return _digest(json.dumps({k: head[k] for k in ("id", "chain", "count", "keyed_from")}, sort_keys=True), key)


def checkpoint(connection: Connection, keyed_from: int | None = None) -> dict:
    """The trail's head as it is now: its last event's id and hash, the number of events and the first keyed event
    (from which every link must be keyed), signed with the key."""
    last = connection.execute(select(AuditEvent.id, AuditEvent.chain).order_by(AuditEvent.id.desc()).limit(1)).first()
    count = connection.scalar(select(func.count()).select_from(AuditEvent))
    head = {"id": last.id if last else 0, "chain": last.chain if last else "", "count": count,
            "keyed_from": keyed_from, "at": dt.datetime.now().isoformat(timespec="seconds")}
    return {**head, "signature": _signed(head, audit_key())}


def compare(connection: Connection, saved: dict) -> dict | None:
    """The trail against a checkpoint: None when it still holds the checkpoint's head unchanged with as many events
    up to it; else what differs: `forged` (the checkpoint is not signed with this key), or the checkpoint's head
    `event`, whether it is `missing`, the events up to it then (`count`) and now (`found`) and the `last` event
    present up to it (a deleted tail, or a chain recomputed without the key)."""
    try:
        head = {"id": int(saved["id"]), "chain": str(saved["chain"]), "count": int(saved["count"]),
                "keyed_from": None if saved.get("keyed_from") is None else int(saved["keyed_from"])}
    except (KeyError, TypeError, ValueError):
        return {"forged": True}
    if not hmac.compare_digest(_signed(head, audit_key()), str(saved.get("signature", ""))):
        return {"forged": True}
    stored = connection.scalar(select(AuditEvent.chain).where(AuditEvent.id == head["id"]))
    found = connection.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.id <= head["id"]))
    if head["id"] == 0 or (stored == head["chain"] and found == head["count"]):
        return None
    last = connection.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.id <= head["id"]))
    return {"forged": False, "event": head["id"], "missing": stored is None, "count": head["count"], "found": found,
            "last": last or 0, "at": saved.get("at", "")}
