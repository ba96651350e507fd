"""What an app computes from the whole of a scope's data, computed once and kept while that data stays the same.

Every write passes the guard, which appends an audit event in the write's own transaction, and the audit trail is
append-only (its triggers refuse UPDATE and DELETE): the number of events and the latest event's id therefore change
with every committed write, and together they are the data's version. The count is there because on PostgreSQL a
transaction that began first may commit after a later one, with a smaller id."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import Connection, func, select

from workbench.models import AuditEvent

T = TypeVar("T")
KEPT_RESULTS = 16  # a few scopes of a few apps: a province team's sessions, a training room
_kept: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


def data_version(connection: Connection) -> tuple[int, int]:
    """(events, latest event id) of the audit trail: different after any committed write."""
    count, latest = connection.execute(select(func.count(), func.max(AuditEvent.id))).one()
    return int(count), int(latest or 0)


def computed_once(connection: Connection, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for the same database, `key` and data version (the least recently used of
    KEPT_RESULTS dropped). The result is shared between sessions: callers treat it as read-only."""
    full = (connection.engine.url.render_as_string(hide_password=True), data_version(connection), *key)
    with _lock:
        if full in _kept:
            _kept.move_to_end(full)
            return _kept[full]  # type: ignore[return-value]
    result = compute()
    with _lock:
        _kept[full] = result
        while len(_kept) > KEPT_RESULTS:
            _kept.popitem(last=False)
    return result


def forget() -> None:
    """Drop every kept result (tests)."""
    with _lock:
        _kept.clear()
