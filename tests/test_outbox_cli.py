"""`workbench outbox send` and `workbench outbox list`: a kill -9 in the middle of a delivery loses no message and
sends none twice; two senders at once send each message once; the list shows the acting user's scope only."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from handbuilt import run
from sqlalchemy import update
from test_outbox import messages, queue, stored
from test_outbox_delivery import Recording, smtp_server

from workbench import config
from workbench.access.users import add_user
from workbench.models import OutboxMessage
from workbench.outbox.delivery import deliver


class Blocking(Recording):
    """Takes the first message's data, then holds its answer until released (a server that hangs)."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.received) == 1:
            self.arrived.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return answer


class Slow(Recording):
    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)




def emails(n: int):
    return messages(n, channel="email", address=[f"parent{i}@example.org" for i in range(n)],
                    subject=[f"Sujet {i}" for i in range(n)])


def test_a_kill_9_during_send_loses_no_message_and_sends_none_twice(engine, school_map, db_url, monkeypatch):
    handler = Blocking()
    controller = smtp_server(handler, monkeypatch)
    monkeypatch.setenv(config.OUTBOX_TIMEOUT.env, "60")
    try:
        queue(engine, emails(3))
        workbench = os.path.join(os.path.dirname(sys.executable), "workbench")
        sender = subprocess.Popen([workbench, "--quiet", "outbox", "send"], env={**os.environ,
                                  config.DB_URL.env: engine.url.render_as_string(hide_password=False)},
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert handler.arrived.wait(60), sender.communicate(timeout=5)
        os.kill(sender.pid, signal.SIGKILL)  # the server has the first message; the sender never hears its answer
        sender.wait(10)
        handler.release.set()
        rows = stored(engine)
        assert rows["state"].tolist() == ["sending", "queued", "queued"]
        # A sender starting at once leaves a recent claim alone (its sender may be at work) and sends the others.
        result = run(db_url, "outbox", "send")
        assert result.exit_code == 0, result.output
        assert "Envoyés : 2 · à réessayer : 0 · en échec : 0 · interrompus : 0" in result.output
        assert stored(engine)["state"].tolist() == ["sending", "sent", "sent"]
        with engine.begin() as connection:  # a quarter of an hour later, the orphan is known for one
            connection.execute(update(OutboxMessage).where(OutboxMessage.state == "sending")
                               .values(claimed_at=dt.datetime.now() - dt.timedelta(minutes=16)))
        result = run(db_url, "outbox", "send")
        assert "Envoyés : 0 · à réessayer : 0 · en échec : 0 · interrompus : 1" in result.output
        rows = stored(engine)
        assert rows["state"].tolist() == ["failed", "sent", "sent"]
        assert rows["last_error"].iloc[0] == "interrupted"
        assert sorted(m["Subject"] for m in handler.received) == ["Sujet 0", "Sujet 1", "Sujet 2"]  # each once
        listed = run(db_url, "outbox", "list", "--state", "failed")
        assert "Envoi interrompu" in listed.output and "parent0@example.org" in listed.output
    finally:
        handler.release.set()
        controller.stop()


def test_two_senders_at_once_send_each_message_once(engine, school_map, monkeypatch):
    handler = Slow()
    controller = smtp_server(handler, monkeypatch)
    try:
        queue(engine, emails(12))
        results = []
        threads = [threading.Thread(target=lambda: results.append(deliver(engine))) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sum(result.sent for result in results) == 12
        subjects = [m["Subject"] for m in handler.received]
        assert sorted(subjects) == sorted(f"Sujet {i}" for i in range(12))
        assert set(stored(engine)["state"]) == {"sent"}
    finally:
        controller.stop()


def test_outbox_list_shows_the_acting_users_scope_in_words(engine, school_map, db_url):
    queue(engine, emails(2))
    queue(engine, emails(1).assign(school_code="22222B", recipient_name="Parent ailleurs"), kind="absence_notice")
    queue(engine, emails(1).assign(school_code=None, recipient_name="Sans école"))
    add_user(engine, "dir11111a", "pw-dir-1234567", "director", school="11111A")
    add_user(engine, "dp0302", "pw-dp-1234567", "province_officer", province="0302")
    mine = run(db_url, "--user", "dir11111a", "outbox", "list")
    assert mine.exit_code == 0, mine.output
    assert "Parent 0" in mine.output and "Parent 1" in mine.output
    assert "ailleurs" not in mine.output and "Sans école" not in mine.output
    assert "Destinataire" in mine.output and "En attente" in mine.output and "Rappel" in mine.output
    other = run(db_url, "--user", "dp0302", "outbox", "list")
    assert "Parent ailleurs" in other.output and "Parent 0" not in other.output
    assert "Avis d'absence" in other.output
    everything = run(db_url, "outbox", "list")
    assert all(name in everything.output for name in ("Parent 0", "Parent ailleurs", "Sans école"))
    assert "Aucun message." in run(db_url, "outbox", "list", "--kind", "absence_notice", "--state", "sent").output
    only = run(db_url, "outbox", "list", "--kind", "absence_notice")
    assert "Parent ailleurs" in only.output and "Parent 0" not in only.output


def test_outbox_send_without_settings_says_so(engine, school_map, db_url):
    queue(engine, emails(1))
    result = run(db_url, "outbox", "send")
    assert result.exit_code == 0
    assert "WORKBENCH_SMTP_HOST" in result.output and "Envoyés : 0" in result.output


def test_a_director_may_not_send(engine, school_map, db_url):
    add_user(engine, "dir11111a", "pw-dir-1234567", "director", school="11111A")
    result = run(db_url, "--user", "dir11111a", "outbox", "send")
    assert result.exit_code == 2 and "réservée à un administrateur" in result.output


@pytest.fixture(autouse=True)
def _no_stray_settings(monkeypatch):
    for setting in (config.SMTP_HOST, config.SMS_URL):
        monkeypatch.delenv(setting.env, raising=False)


def test_serve_delivers_in_the_background_when_a_channel_is_set(engine, school_map, db_url, monkeypatch):
    from workbench.outbox import background

    monkeypatch.setenv(config.DB_URL.env, db_url)
    assert background.start(every=0.1) is None  # no channel set: no thread
    handler = Recording()
    controller = smtp_server(handler, monkeypatch)
    thread = background.start(every=0.1)
    try:
        queue(engine, emails(2))
        deadline = time.monotonic() + 20
        while len(handler.received) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sorted(m["Subject"] for m in handler.received) == ["Sujet 0", "Sujet 1"]
        monkeypatch.setenv(config.SANDBOX.env, "formation")
        assert background.start(every=0.1) is None  # never from a training sandbox
    finally:
        thread.stop.set()
        thread.join(10)
        controller.stop()


def test_an_administrator_sets_where_the_outbox_reaches_a_user(engine, school_map, db_url):
    from sqlalchemy import select

    from workbench.models import User

    result = run(db_url, "users", "add", "dir11111a", "--role", "director", "--school", "11111A", "--email",
                 "dir@example.ma", "--password", "pw-dir-1234567")
    assert result.exit_code == 0, result.output
    result = run(db_url, "users", "contact", "dir11111a", "--phone", "0612 34 56 78")
    assert result.exit_code == 0 and "Coordonnées de dir11111a enregistrées." in result.output
    bad = run(db_url, "users", "contact", "dir11111a", "--email", "pas une adresse")
    assert bad.exit_code == 2 and "La valeur « pas une adresse » n'est pas valide : adresse e-mail" in bad.output
    with engine.connect() as connection:
        assert connection.execute(select(User.email, User.phone)).one() == ("dir@example.ma", "+212612345678")
    assert run(db_url, "users", "contact", "dir11111a", "--email", "").exit_code == 0
    with engine.connect() as connection:
        assert connection.execute(select(User.email)).scalar_one() is None
