"""The login throttle under parallel tries, and the address a login is counted under (issue 31, findings 1 and 2),
on SQLite and PostgreSQL: a burst of simultaneous logins checks at most LOCK_FAILURES passwords, and the right one
sent after them is refused; X-Forwarded-For is believed only from the trusted reverse proxies."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from workbench import config
from workbench.access import sessions, users
from workbench.access.users import add_user
from workbench.exceptions import WorkbenchError

PASSWORD = "a-long-password"


def _counting_checks(monkeypatch) -> list[str]:
    """Every password the login actually checks (Argon2), in order."""
    checked, lock = [], threading.Lock()
    real = users.authenticate

    def authenticate(engine, username, password, via="app"):
        with lock:
            checked.append(password)
        return real(engine, username, password, via)

    monkeypatch.setattr(users, "authenticate", authenticate)
    return checked


def test_a_burst_of_parallel_logins_checks_at_most_the_locks_number_of_passwords(engine, monkeypatch):
    add_user(engine, "amina", PASSWORD, "administrator")
    monkeypatch.setattr(sessions, "MAX_DELAY", 0.05)  # the waits stay in order, but short
    checked = _counting_checks(monkeypatch)
    burst = 40
    start = threading.Barrier(burst)

    def guess(rank: int) -> users.LoginOutcome:
        start.wait()
        return asyncio.run(users.log_in(engine, "amina", f"wrong-{rank:02}", "10.0.0.9"))

    with ThreadPoolExecutor(burst) as pool:
        outcomes = list(pool.map(guess, range(burst)))
    assert all(outcome.token is None for outcome in outcomes)
    assert len(checked) == sessions.LOCK_FAILURES, checked
    assert sum(outcome.locked_until is not None for outcome in outcomes) == burst - sessions.LOCK_FAILURES
    right = asyncio.run(users.log_in(engine, "amina", PASSWORD, "10.0.0.10"))  # the account is locked
    assert right.token is None and right.locked_until is not None
    assert len(checked) == sessions.LOCK_FAILURES  # refused without its password being checked


@pytest.fixture
def served(db_url, engine, monkeypatch):
    """The staff login page (workbench.webauth's handlers) served on 127.0.0.1 by a Tornado server in a thread,
    over the test's database; yields a function posting a login form, which answers (status, Location)."""
    import http.client
    from urllib.parse import urlencode

    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets
    from tornado.web import Application

    from workbench import webauth
    from workbench.db import server_engine

    monkeypatch.setenv(config.DB_URL.env, db_url)
    server_engine.cache_clear()
    app = Application([(webauth.login_url, webauth.LoginHandler), (webauth.logout_url, webauth.LogoutHandler)],
                      cookie_secret="test-secret")
    loop, ready, port = asyncio.new_event_loop(), threading.Event(), []

    def run() -> None:
        asyncio.set_event_loop(loop)
        sockets = bind_sockets(0, "127.0.0.1")
        loop.run_until_complete(asyncio.sleep(0))
        HTTPServer(app).add_sockets(sockets)
        port.append(sockets[0].getsockname()[1])
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)

    form: dict[str, str] = {}

    def page() -> dict[str, str]:
        """What a browser takes from the login page before posting it: its form token and cookie, when it has."""
        if not form:
            connection = http.client.HTTPConnection("127.0.0.1", port[0], timeout=60)
            connection.request("GET", f"{webauth.login_url}?next=/home")
            answer = connection.getresponse()
            body = answer.read().decode("utf-8")
            connection.close()
            cookies = [header.split(";", 1)[0] for name, header in answer.getheaders() if name == "Set-Cookie"]
            field = re.search(r'name="_xsrf" value="([^"]+)"', body)
            form.update({"cookie": "; ".join(cookies), "_xsrf": field.group(1) if field else ""})
        return form

    def post(username: str, password: str, forwarded_for: str | None = None) -> tuple[int, str]:
        token = page()
        connection = http.client.HTTPConnection("127.0.0.1", port[0], timeout=60)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if token["cookie"]:
            headers["Cookie"] = token["cookie"]
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        fields = {"username": username, "password": password, "next": "/home"}
        if token["_xsrf"]:
            fields["_xsrf"] = token["_xsrf"]
        connection.request("POST", webauth.login_url, urlencode(fields), headers)
        answer = connection.getresponse()
        connection.close()
        return answer.status, answer.getheader("Location") or ""

    yield post
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    server_engine().dispose()
    server_engine.cache_clear()


@pytest.mark.slow  # a served login page and a burst of password checks: seconds, not tenths
def test_the_audits_burst_over_http_is_stopped_at_the_lock(engine, served, monkeypatch):
    """The audit's case: 40 simultaneous POST /login for one account, 39 wrong passwords and the right one sent
    once the server has counted the lock's number of tries (the 21st in the audit), the others still arriving."""
    from sqlalchemy import func, select

    from workbench.models import LoginAttempt

    add_user(engine, "amina", PASSWORD, "administrator")
    monkeypatch.setattr(sessions, "MAX_DELAY", 0.05)
    burst = 40
    start = threading.Barrier(burst)

    def counted() -> int:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).where(LoginAttempt.username == "amina"))

    def guess(rank: int) -> tuple[int, str]:
        start.wait()
        if rank < burst - 1:
            return served("amina", f"wrong-{rank:02}")
        deadline = time.monotonic() + 60
        while counted() < sessions.LOCK_FAILURES and time.monotonic() < deadline:
            time.sleep(0.01)
        return served("amina", PASSWORD)

    with ThreadPoolExecutor(burst) as pool:
        answers = list(pool.map(guess, range(burst)))
    assert all(status == 302 for status, _ in answers)
    checked_and_refused = [where for _, where in answers if "error=refused" in where]
    assert len(checked_and_refused) <= sessions.LOCK_FAILURES, len(checked_and_refused)
    assert sum("error=throttled" in where for _, where in answers) >= burst - sessions.LOCK_FAILURES
    assert "error=throttled" in answers[-1][1]  # the right password, after the lock: refused
    status, where = served("amina", PASSWORD)  # and once the burst is over, the account stays locked
    assert "error=throttled" in where


@pytest.mark.slow  # a served login page and a burst of password checks: seconds, not tenths
def test_a_visitor_behind_the_trusted_proxy_is_counted_under_their_own_address(engine, served, monkeypatch):
    add_user(engine, "amina", PASSWORD, "administrator")
    monkeypatch.setattr(sessions, "MAX_DELAY", 0.0)
    monkeypatch.setenv(config.TRUSTED_PROXIES.env, "127.0.0.1")
    for rank in range(sessions.LOCK_FAILURES):  # someone guesses other accounts' passwords through the proxy
        assert "error=refused" in served(f"guess{rank}", "wrong-password", "203.0.113.5")[1]
    assert "error=throttled" in served("amina", PASSWORD, "203.0.113.5")[1]  # their address is locked
    assert served("amina", PASSWORD, "203.0.113.6")[1] == "/home"  # another visitor behind the same proxy is not
    monkeypatch.delenv(config.TRUSTED_PROXIES.env)
    for rank in range(sessions.LOCK_FAILURES):  # no proxy trusted: a forged header changes nothing
        served(f"other{rank}", "wrong-password", f"198.51.100.{rank}")
    assert "error=throttled" in served("amina", PASSWORD, "198.51.100.99")[1]


def test_a_right_password_after_a_few_failures_opens_a_session_and_forgets_them(engine):
    add_user(engine, "amina", PASSWORD, "administrator")
    for rank in range(sessions.FREE_FAILURES):
        assert asyncio.run(users.log_in(engine, "amina", f"wrong-{rank}", "10.0.0.9")).token is None
    opened = asyncio.run(users.log_in(engine, "amina", PASSWORD, "10.0.0.9"))
    assert opened.token and sessions.user_of(engine, opened.token) == "amina"
    assert sessions.attempt(engine, "amina", "10.0.0.8").rank == 1  # the account's failures are forgotten


def test_each_realm_counts_its_addresses_apart(engine):
    for rank in range(sessions.LOCK_FAILURES):
        slowed = sessions.attempt(engine, f"family:{rank}", "10.0.0.7", realm="families")
        sessions.failed(engine, f"family:{rank}", "10.0.0.7", slowed.rank)
    assert sessions.attempt(engine, "family:x", "10.0.0.7", realm="families").locked_until is not None
    assert sessions.attempt(engine, "amina", "10.0.0.7").locked_until is None  # the staff login from there too


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(monkeypatch):
    monkeypatch.delenv(config.TRUSTED_PROXIES.env, raising=False)
    assert sessions.client_address("127.0.0.1", "203.0.113.5") == "127.0.0.1"  # no proxy trusted: ignored
    monkeypatch.setenv(config.TRUSTED_PROXIES.env, "127.0.0.1, 10.0.0.0/8")
    assert sessions.client_address("127.0.0.1", "203.0.113.5") == "203.0.113.5"
    assert sessions.client_address("127.0.0.1", None) == "127.0.0.1"
    assert sessions.client_address("198.51.100.7", "203.0.113.5") == "198.51.100.7"  # not a proxy: its own address
    # Read from the right: the entries a visitor wrote themselves (left of what the proxies saw) are not believed.
    assert sessions.client_address("127.0.0.1", "1.1.1.1, 203.0.113.5, 10.2.3.4") == "203.0.113.5"
    assert sessions.client_address("127.0.0.1", "203.0.113.5,not-an-address") == "127.0.0.1"
    assert sessions.client_address("10.0.0.1", "2001:db8::1") == "2001:db8::1"
    monkeypatch.setenv(config.TRUSTED_PROXIES.env, "127.0.0.1, proxy.example")
    with pytest.raises(WorkbenchError) as refused:
        sessions.client_address("127.0.0.1", "203.0.113.5")
    assert config.TRUSTED_PROXIES.env in str(refused.value) and "proxy.example" in str(refused.value)
