"""Delivering the outbox, each message at most once.

A sender claims one due message at a time (state `queued`, `next_try_at` passed) by setting it `sending` in a
transaction of its own, committed before it talks to the server: a second sender running at once finds it no longer
queued and passes on. Then it records the outcome: `sent` (with `sent_at`), or, after a failed try, `queued` again
with one more try, the reason and a later `next_try_at` (1, 5, 30 minutes, 2 hours, then every 12 hours), or
`failed` once the tries are spent.

A message found `sending` longer than `stale_after` belongs to a sender that died in the middle (killed, the machine
stopped): nobody knows whether the server took it, so it is never sent again (at most once) but failed with the
reason `interrupted`, for the user to see in `workbench outbox list` and decide. Every state change goes through
the guarded write (an administrator's: delivering is national) and its audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, select, update

from workbench import config
from workbench.access.guard import guarded_write, require_national
from workbench.models.outbox import OutboxMessage
from workbench.outbox import now
from workbench.outbox.channels import Message, NotDelivered, Sender, configured_senders

DELAYS = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2),
          dt.timedelta(hours=12))
STALE_AFTER = dt.timedelta(minutes=15)  # far beyond a try's timeout: a message `sending` this long is an orphan
ACTION = "send outbox"
INTERRUPTED = "interrupted"


@dataclass
class Delivered:
    """What one delivery run did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    interrupted: int = 0
    reasons: dict[str, int] = field(default_factory=dict)  # failed tries by reason code

    @property
    def tried(self) -> int:
        return self.sent + self.retried + self.failed


def max_tries() -> int:
    try:
        return max(int(config.OUTBOX_TRIES.value()), 1)
    except ValueError:
        return 6


def delay_after(tries: int) -> dt.timedelta:
    """How long a message waits after its `tries`-th failed try."""
    return DELAYS[min(max(tries, 1), len(DELAYS)) - 1]


def fail_interrupted(engine: Engine, stale_after: dt.timedelta = STALE_AFTER) -> int:
    """Fail the messages left `sending` by a sender that died (claimed more than `stale_after` ago), never to be
    sent again; returns how many. Nothing is written (not even an audit event) when there is none."""
    table = OutboxMessage.__table__
    cutoff = now() - stale_after
    orphaned = (table.c.state == "sending", table.c.claimed_at <= cutoff)
    with engine.connect() as connection:
        if connection.execute(select(table.c.id).where(*orphaned).limit(1)).first() is None:
            return 0
    failed = 0
    with guarded_write(engine, ACTION, national=True) as write:
        connection = write.connection
        for message_id in connection.scalars(select(table.c.id).where(*orphaned)).all():
            done = connection.execute(update(table).where(table.c.id == message_id, table.c.state == "sending")
                                      .values(state="failed", last_error=INTERRUPTED))
            if done.rowcount:
                failed += 1
                write.change(table.name, {"id": message_id}, {"state": "sending"},
                             {"state": "failed", "last_error": INTERRUPTED})
    return failed


def due(connection: Connection, channels: list[str], limit: int) -> list[int]:
    table = OutboxMessage.__table__
    return list(connection.scalars(select(table.c.id).where(
        table.c.state == "queued", table.c.next_try_at <= now(), table.c.channel.in_(channels))
        .order_by(table.c.next_try_at, table.c.id).limit(limit)))


def claim(engine: Engine, message_id: int) -> Message | None:
    """Take one queued message for this sender (committed before anything is sent), or None when another sender
    took it first."""
    table = OutboxMessage.__table__
    with guarded_write(engine, ACTION, national=True) as write:
        connection = write.connection
        taken = connection.execute(update(table).where(table.c.id == message_id, table.c.state == "queued")
                                   .values(state="sending", claimed_at=now()))
        if taken.rowcount != 1:
            return None
        row = connection.execute(select(table).where(table.c.id == message_id)).mappings().one()
        write.change(table.name, {"id": message_id}, {"state": "queued"}, {"state": "sending"})
    return Message(id=row["id"], recipient_name=row["recipient_name"], channel=row["channel"],
                   address=row["address"], language=row["language"], subject=row["subject"], body=row["body"])


def record(engine: Engine, message_id: int, error: NotDelivered | None, tries_allowed: int) -> str:
    """The outcome of a try of a claimed message: its new state."""
    table = OutboxMessage.__table__
    with guarded_write(engine, ACTION, national=True) as write:
        connection = write.connection
        tries = connection.execute(select(table.c.tries).where(table.c.id == message_id)).scalar_one()
        at = now()
        if error is None:
            values = {"state": "sent", "sent_at": at, "last_error": None}
        else:
            tries += 1
            values = {"tries": tries, "last_error": error.stored[:500],
                      "state": "failed" if tries >= tries_allowed else "queued",
                      "next_try_at": at + delay_after(tries)}
        done = connection.execute(update(table).where(table.c.id == message_id, table.c.state == "sending")
                                  .values(**values))
        if done.rowcount != 1:  # failed as interrupted meanwhile by another sender: it stays so
            return "failed"
        write.change(table.name, {"id": message_id}, {"state": "sending"},
                     {k: v for k, v in values.items() if k != "next_try_at"})
    return values["state"]


def deliver(engine: Engine, limit: int = 500, *, senders: dict[str, Sender] | None = None,
            stale_after: dt.timedelta = STALE_AFTER) -> Delivered:
    """Send up to `limit` due messages through the configured channels (a channel without settings leaves its
    messages queued), each at most once; returns what was done."""
    senders = configured_senders() if senders is None else senders
    with engine.connect() as connection:
        require_national(connection, ACTION)  # delivering is national, whatever is due
    result = Delivered(interrupted=fail_interrupted(engine, stale_after))
    if not senders:
        return result
    tries_allowed = max_tries()
    with engine.connect() as connection:
        ids = due(connection, sorted(senders), limit)
    try:
        for message_id in ids:
            message = claim(engine, message_id)
            if message is None:
                continue
            error = None
            try:
                senders[message.channel](message)
            except NotDelivered as exc:
                error = exc
            state = record(engine, message_id, error, tries_allowed)
            if error is not None:
                result.reasons[error.reason] = result.reasons.get(error.reason, 0) + 1
            counter = {"sent": "sent", "queued": "retried", "failed": "failed"}[state]
            setattr(result, counter, getattr(result, counter) + 1)
    finally:
        for sender in senders.values():
            close = getattr(sender, "close", None)
            if close is not None:
                close()
    return result
