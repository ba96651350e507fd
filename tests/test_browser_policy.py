"""In a real headless Chromium: the families' portal renders under the server's content security policy (issue 31,
finding 10) without the browser refusing any of the scripts, styles, fonts or connections Panel and Bokeh use (the
staff apps are checked in tests/test_browser.py's walk through every app)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-policy")]


def test_the_families_portal_renders_with_nothing_refused(browser, served_apps):
    from programmes.portal.conftest import issue_demo_codes

    issued = issue_demo_codes(served_apps.db_url)
    guardian = issued.guardian(0)
    page = browser.new_page()
    said = []
    page.on("console", lambda message: said.append(message.text))
    page.goto(f"{served_apps}/eservices")
    page.check("#kind-guardian")
    page.fill("#identifier", guardian["identifier"])
    page.fill("#secret", guardian["code"])
    page.click("#login")
    page.wait_for_url(f"{served_apps}/eservices", timeout=30_000)
    page.locator(".wb-child").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2_000)
    assert not [m for m in said if "Content Security Policy" in m], said
    page.locator(".wb-logout").click()  # the portal's logout: a form posting its token
    page.wait_for_url(f"{served_apps}/login**", timeout=30_000)
    page.close()
    issued.engine.dispose()
