"""The outbox: every message to a person (a reminder, a notice, a decision), queued in the transaction of what
caused it and delivered at most once by `workbench outbox send` (see docs/outbox.md)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workbench.models.base import Base

CHANNELS = ("email", "sms")
LANGUAGES = ("ar", "fr")
OUTBOX_STATES = ("queued", "sending", "sent", "failed")


class OutboxMessage(Base):
    """One message to one person on one channel, in their language. `state`: queued (due at `next_try_at`),
    sending (claimed by a sender, committed before it talks to the server), sent, or failed (`last_error` says
    why: tried too often, or interrupted while sending and never sent again)."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("channel IN ('email', 'sms')", name="channel"),
        CheckConstraint("language IN ('ar', 'fr')", name="language"),
        CheckConstraint("state IN ('queued', 'sending', 'sent', 'failed')", name="state"),
        Index("ix_outbox_messages_state_next_try_at", "state", "next_try_at"),
        Index("ix_outbox_messages_kind_dedupe_key", "kind", "dedupe_key"),
        Index("ix_outbox_messages_school_code", "school_code"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    school_code: Mapped[str | None] = mapped_column(ForeignKey("schools.code"))
    recipient_name: Mapped[str] = mapped_column(String(160))
    channel: Mapped[str] = mapped_column(String(5))
    address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(8), default="queued", server_default="queued")
    tries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_try_at: Mapped[dt.datetime] = mapped_column(DateTime)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # when a sender took it (state sending)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
