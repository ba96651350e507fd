"""`workbench serve` delivers the outbox in the background: a thread of the server's process runs
`workbench.outbox.delivery.deliver` every minute when an SMTP server or an SMS gateway is set (never for a training
sandbox, whose addresses are the demo's)."""

from __future__ import annotations

import logging
import threading

from workbench import config

EVERY_SECONDS = 60
log = logging.getLogger("workbench.outbox")


def start(every: float = EVERY_SECONDS) -> threading.Thread | None:
    """Start the delivery thread (a daemon: it ends with the server); None when no channel is set."""
    from workbench.outbox.channels import configured_senders

    if config.SANDBOX.value() or not configured_senders():
        return None
    stop = threading.Event()
    thread = threading.Thread(target=_deliver_every, args=(every, stop), name="outbox-delivery", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread


def _deliver_every(every: float, stop: threading.Event) -> None:
    from workbench.db import make_engine
    from workbench.outbox.delivery import deliver

    engine = make_engine()
    while not stop.is_set():
        try:
            done = deliver(engine)
            if done.tried or done.interrupted:
                log.info("outbox: %s sent, %s to retry, %s failed, %s interrupted", done.sent, done.retried,
                         done.failed, done.interrupted)
        except Exception:  # the server keeps serving; the next round tries again
            log.exception("outbox delivery failed")
        stop.wait(every)
