"""What a user waits for in the browser (issues 32 and 33): every app's first render for every demo account, and the
changes people wait on, measured in headless Chromium against `workbench serve` over a demo database, each figure
printed beside its target (first render 2 s after login, a filter or selection change 0.3 s).

    .venv/bin/python benchmarks/browser.py sqlite:///benchmarks/out/kept_region_1000000.db

A first render is the time from asking for the app's page, the session's cookie already set, to the moment every
Bokeh document of the page is idle (each of its views drawn; `Document.is_idle` in BokehJS). A change is the time
from the click or the choice to the moment the figure or table it changes shows something else (polled every few
milliseconds). `make bench` runs it on the region demo (BENCH_SCALE=apps, and after the region scale's app
interactions)."""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from serving import chromium, serve  # noqa: E402 - tests/serving.py: `workbench serve` and Chromium, as the tests

FIRST_RENDER = 2.0
CHANGE = 0.3
IDLE = "() => window.Bokeh !== undefined && Bokeh.documents.length > 0 && Bokeh.documents.every(d => d.is_idle)"
VIEWPORT = {"width": 1440, "height": 900}


def _accounts(url: str) -> dict[str, str]:
    """One demo account per role: the username of its first user."""
    from workbench.access.users import list_users
    from workbench.db import make_engine

    users = list_users(make_engine(url)).sort_values("username")
    return dict(zip(users.drop_duplicates("role")["role"], users.drop_duplicates("role")["username"], strict=True))


def _line(label: str, seconds: float, target: float, rows: list) -> None:
    rows.append((label, seconds))
    verdict = "ok" if seconds <= target else "OVER"
    print(f"  {label:<62} {seconds:8.2f} s  target {target:.1f} s  {verdict}", flush=True)


def _log_in(browser, base: str, username: str, password: str):
    """A page of a new context (its own cookie) on the home page of `username`; returns (page, seconds to the home
    page drawn)."""
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    start = time.perf_counter()
    page.click("#login")
    page.wait_for_url(lambda address: "/login" not in address, timeout=120_000)
    page.wait_for_function(IDLE, polling=10, timeout=120_000)
    return page, time.perf_counter() - start


def _first_render(page, base: str, path: str) -> float:
    start = time.perf_counter()
    page.goto(f"{base}{path}", wait_until="commit")
    page.wait_for_function(IDLE, polling=10, timeout=120_000)
    return time.perf_counter() - start


def _text_of(shown) -> str | None:
    """The element's text, or None once it is gone (a table a filter emptied)."""
    from playwright.sync_api import TimeoutError as NotThere

    try:
        return shown.inner_text(timeout=200)
    except NotThere:
        return None


def _until_changed(page, selector: str, act: Callable[[], object], seconds: float = 60) -> float:
    """Seconds from `act` to the first element of `selector` showing another text than before (or gone: a filter
    that leaves no row)."""
    shown = page.locator(selector).first
    shown.wait_for(timeout=60_000)
    before = shown.inner_text()
    start = time.perf_counter()
    act()
    while _text_of(shown) == before:  # another text, or no such element left
        if time.perf_counter() - start > seconds:
            raise TimeoutError(f"{selector} did not change within {seconds} s")
        page.wait_for_timeout(5)
    return time.perf_counter() - start


def _choose_other(page, select_selector: str, index: int = 0) -> Callable[[], object]:
    """Choosing, in the first select of `select_selector`, the `index`-th of the options not chosen now."""
    select = page.locator(select_selector).first

    def act():
        values = select.locator("option").evaluate_all("options => options.map(o => o.value)")
        current = select.input_value()
        select.select_option(value=[v for v in values if v != current][index])
    return act


def _change(page, label: str, selector: str, act: Callable[[], object], rows: list) -> None:
    try:
        _line(label, _until_changed(page, selector, act), CHANGE, rows)
    except TimeoutError as exc:
        print(f"  {label:<62} not measured: {exc}", flush=True)


def changes(page, base: str, pupils: int, rows: list) -> None:
    """The changes people wait on, as the region's officer: a province in the overview, a dataset and a status in
    the data-entry completion, a tab of school life."""
    label = f"browser {pupils:>9,}"
    _first_render(page, base, "/overview")
    _change(page, f"{label} overview, another province", "[data-key=pupils] .v",
            _choose_other(page, "select >> nth=1"), rows)
    _first_render(page, base, "/data_entry")
    _change(page, f"{label} data entry, another dataset", ".wb-completion .tabulator-row",
            _choose_other(page, ".wb-dataset select"), rows)
    _change(page, f"{label} data entry, another status", ".wb-completion .tabulator-row",
            _choose_other(page, ".wb-status select", -1), rows)


def run(url: str, pupils: int, rows: list) -> None:
    """Every app's first render for one account of each role, then the changes, on a server over `url` (read and
    written as the apps do: a copy is not made, use a kept demo)."""
    from workbench import config

    password = config.DEMO_PASSWORD.value()
    accounts = _accounts(url)
    with tempfile.TemporaryDirectory() as folder:
        for base in serve(url, Path(folder) / "reports"):
            for browser in chromium():
                for role, username in accounts.items():
                    page, seconds = _log_in(browser, base, username, password)
                    _line(f"browser {pupils:>9,} login to home ({role})", seconds, FIRST_RENDER, rows)
                    paths = page.locator("a.wb-app").evaluate_all("links => links.map(a => a.getAttribute('href'))")
                    for path in paths:  # the apps of this role, as its home page links them
                        _line(f"browser {pupils:>9,} {path[1:]} first render ({role})",
                              _first_render(page, base, path), FIRST_RENDER, rows)
                    if role == "region_officer":
                        changes(page, base, pupils, rows)
                    page.context.close()


if __name__ == "__main__":
    measured: list = []
    run(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0, measured)
