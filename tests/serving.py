"""A served workbench and Chromium for the browser tests: `workbench serve` started as operators start it, on a free
port of the loopback, over a database and a reports folder of the test's own."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from workbench import config

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium():
    """Debian's Chromium driven by Playwright, for as long as the caller's `with` lasts."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `make test` (it installs it) or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served(str):
    """The base URL of a served workbench, with the process group it runs in, the cookie secret it was given and
    its database."""

    pid: int
    secret: str
    db_url: str


def serve(database_url: str, reports: Path):
    """`workbench serve` on a free port over a database and a reports folder; yields the base URL."""
    port = free_port()
    secret = f"test-secret-{port}-do-not-leak"
    env = {**os.environ, config.DB_URL.env: database_url, config.COOKIE_SECRET.env: secret,
           config.REPORTS.env: str(reports), config.SANDBOXES.env: str(reports.parent / "sandboxes")}
    workbench = Path(sys.executable).with_name("workbench")  # the console script, as operators start it
    server = subprocess.Popen([str(workbench), "serve", "--port", str(port), "--address", "127.0.0.1"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/overview"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"panel serve exited: {server.stdout.read()}")
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("panel serve did not answer within 90 seconds")
    served = Served(base)
    served.pid, served.secret, served.db_url = server.pid, secret, database_url
    yield served
    os.killpg(server.pid, signal.SIGTERM)  # `workbench serve` runs panel as a child process
    server.wait(timeout=20)
