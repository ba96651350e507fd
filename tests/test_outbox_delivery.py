"""Delivering the outbox against a real SMTP server (aiosmtpd) and a local HTTP SMS gateway, both started by the
tests on 127.0.0.1: sent once, a refusal or a timeout leaves the message queued with its reason and a later try, a
message left `sending` by a dead sender is failed as interrupted, never sent again."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest
from aiosmtpd.controller import Controller
from serving import free_port
from sqlalchemy import update
from test_outbox import messages, queue, stored

from workbench import config
from workbench.access.actor import Actor, acting_as
from workbench.exceptions import InputError
from workbench.models import OutboxMessage
from workbench.outbox.delivery import deliver
from workbench.scope import Scope


class Recording:
    """An SMTP handler keeping every message it accepts; `refuse` answers RCPT with a 550."""

    def __init__(self, refuse: bool = False) -> None:
        self.received: list = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


def smtp_server(handler, monkeypatch) -> Controller:
    """A real SMTP server on 127.0.0.1 answering with `handler`, and the outbox's settings pointing at it."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv(config.SMTP_HOST.env, "127.0.0.1")
    monkeypatch.setenv(config.SMTP_PORT.env, str(port))
    monkeypatch.setenv(config.SMTP_FROM.env, "massar@example.org")
    return controller


@pytest.fixture
def smtp(monkeypatch):
    handler = Recording()
    controller = smtp_server(handler, monkeypatch)
    monkeypatch.setenv(config.OUTBOX_TIMEOUT.env, "2")
    yield handler
    controller.stop()


class Gateway(BaseHTTPRequestHandler):
    received: list = []
    delay = 0.0
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.headers.get("Authorization"), json.loads(body)))
        time.sleep(type(self).delay)
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(monkeypatch):
    """A local HTTP SMS gateway in a thread, and the settings pointing at it (its token through the environment)."""
    handler = type("TestGateway", (Gateway,), {"received": [], "delay": 0.0, "status": 200})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(config.SMS_URL.env, f"http://127.0.0.1:{server.server_address[1]}/send")
    monkeypatch.setenv(config.SMS_BODY.env, '{"to": "{to}", "message": {"text": "{text}"}, "sender": "MASSAR"}')
    monkeypatch.setenv(config.SMS_TOKEN.env, "s3cret")
    monkeypatch.setenv(config.OUTBOX_TIMEOUT.env, "1")
    yield handler
    server.shutdown()
    server.server_close()


def test_email_and_sms_are_sent_once_in_the_recipients_language(engine, school_map, smtp, gateway):
    queue(engine, messages(4).assign(body=["مرحبا\nسطر", "Bonjour \"toi\"", "ثلاثة", "Quatre"]))
    done = deliver(engine)
    assert (done.sent, done.retried, done.failed) == (4, 0, 0)
    rows = stored(engine)
    assert set(rows["state"]) == {"sent"} and rows["sent_at"].notna().all()
    assert [m["To"] for m in smtp.received] == ["Parent 0 <parent0@example.org>", "Parent 2 <parent2@example.org>"]
    first = smtp.received[0]
    assert first["Subject"] == "Sujet 0" and first["Content-Language"] == "ar"
    assert first.get_body(("plain",)).get_content().split() == ["مرحبا", "سطر"]
    assert 'dir="rtl"' in first.get_body(("html",)).get_content() and '<p dir="auto">سطر</p>' in first.get_body(
        ("html",)).get_content()
    assert [entry for entry in gateway.received] == [
        ("Bearer s3cret", {"to": "+212600000001", "message": {"text": "Bonjour \"toi\""}, "sender": "MASSAR"}),
        ("Bearer s3cret", {"to": "+212600000003", "message": {"text": "Quatre"}, "sender": "MASSAR"})]
    again = deliver(engine)  # nothing is due any more
    assert again.tried == 0 and len(smtp.received) == 2 and len(gateway.received) == 2


def test_a_refusing_smtp_server_leaves_the_message_queued_with_its_reason(engine, school_map, smtp):
    smtp.refuse = True
    queue(engine, messages(1))
    before = dt.datetime.now()
    done = deliver(engine)
    assert (done.sent, done.retried, done.reasons) == (0, 1, {"refused": 1})
    row = stored(engine).iloc[0]
    assert (row["state"], row["tries"]) == ("queued", 1)
    assert row["last_error"].startswith("refused: 550") and "Mailbox unavailable" in row["last_error"]
    assert dt.timedelta(seconds=50) < row["next_try_at"] - before < dt.timedelta(minutes=2)
    assert deliver(engine).tried == 0  # not due before its next try
    delays = []
    for _ in range(5):  # the next tries, each due at once: the delays grow, then it is failed
        with engine.begin() as connection:
            connection.execute(update(OutboxMessage).values(next_try_at=dt.datetime(2000, 1, 1)))
        at = dt.datetime.now()
        deliver(engine)
        row = stored(engine).iloc[0]
        delays.append(row["next_try_at"] - at)
    assert (row["state"], row["tries"]) == ("failed", 6) and pd.isna(row["sent_at"])
    assert delays[0] > dt.timedelta(minutes=4) and delays[1] > dt.timedelta(minutes=29)
    assert delays[2] > dt.timedelta(minutes=119) and delays[3] > dt.timedelta(hours=11)
    smtp.refuse = False
    assert deliver(engine).tried == 0 and smtp.received == []


def test_a_closed_smtp_port_is_unreachable_and_retried(engine, school_map, monkeypatch):
    monkeypatch.setenv(config.SMTP_HOST.env, "127.0.0.1")
    monkeypatch.setenv(config.SMTP_PORT.env, str(free_port()))
    monkeypatch.setenv(config.SMTP_FROM.env, "massar@example.org")
    queue(engine, messages(1))
    assert deliver(engine).reasons == {"unreachable": 1}
    assert tuple(stored(engine).iloc[0][["state", "tries"]]) == ("queued", 1)


def test_a_gateway_that_times_out_or_errs_leaves_the_sms_queued(engine, school_map, gateway):
    gateway.delay = 3  # beyond the 1 s timeout
    queue(engine, messages(2).iloc[[1]])
    done = deliver(engine)
    assert done.reasons == {"timeout": 1}
    row = stored(engine).iloc[0]
    assert (row["state"], row["tries"], row["last_error"].split(":")[0]) == ("queued", 1, "timeout")
    gateway.delay, gateway.status = 0, 503
    with engine.begin() as connection:
        connection.execute(update(OutboxMessage).values(next_try_at=dt.datetime(2000, 1, 1)))
    assert deliver(engine).reasons == {"gateway": 1}
    row = stored(engine).iloc[0]
    assert (row["state"], row["tries"], row["last_error"]) == ("queued", 2, "gateway: HTTP 503 Service Unavailable")


def test_without_settings_nothing_is_sent_and_nothing_changes(engine, school_map):
    queue(engine, messages(2))
    assert deliver(engine).tried == 0
    assert set(stored(engine)["state"]) == {"queued"}


def test_a_message_left_sending_is_failed_as_interrupted_never_sent_again(engine, school_map, smtp):
    queue(engine, messages(3).iloc[[0, 2]])
    with engine.begin() as connection:  # a sender claimed the first, then died
        first = connection.execute(OutboxMessage.__table__.select().order_by(OutboxMessage.id)).first().id
        connection.execute(update(OutboxMessage).where(OutboxMessage.id == first)
                           .values(state="sending", claimed_at=dt.datetime.now()))
    done = deliver(engine)  # a recent claim may be a sender still at work: left alone
    assert (done.sent, done.interrupted) == (1, 0)
    assert stored(engine).set_index("id").loc[first, "state"] == "sending"
    done = deliver(engine, stale_after=dt.timedelta(0))
    assert (done.sent, done.interrupted) == (0, 1)
    row = stored(engine).set_index("id").loc[first]
    assert (row["state"], row["last_error"]) == ("failed", "interrupted")
    assert len(smtp.received) == 1


def test_delivering_is_national(engine, school_map, smtp):
    queue(engine, messages(1))
    director = Actor("dir11111a", "director", Scope(region="03", province="0301", school="11111A"))
    with acting_as(director), pytest.raises(InputError):
        deliver(engine)
    assert stored(engine)["state"].tolist() == ["queued"]


@pytest.mark.parametrize("setting,value", [(config.SMTP_PORT, "vingt-cinq"), (config.SMTP_STARTTLS, "maybe"),
                                           (config.SMS_BODY, "{not json"), (config.SMS_URL, "ftp://gateway")])
def test_a_bad_setting_is_said_in_words(setting, value, monkeypatch):
    from workbench.exceptions import WorkbenchError
    from workbench.outbox.channels import configured_senders

    monkeypatch.setenv(config.SMTP_HOST.env, "127.0.0.1")
    monkeypatch.setenv(config.SMS_URL.env, "http://127.0.0.1:9/send")
    monkeypatch.setenv(setting.env, value)
    with pytest.raises(WorkbenchError) as said:
        configured_senders()
    assert said.value.label.fr == f"Réglage {setting.env} invalide : « {value} ». Voir docs/settings.md."
