"""What `workbench serve` answers over HTTP (issue 31, findings 9 and 10), on 127.0.0.1: no cookie is copied into
a page's Bokeh session token (which the page's scripts read), staff and families alike; every answer forbids other
sites to frame it and carries a content security policy and `nosniff`; the login forms carry a form token and a
login posted without it is refused; logout is a POST with the form token, never a GET."""

from __future__ import annotations

import base64
import http.cookiejar
import json
import re
import urllib.error
import urllib.request
import zlib
from urllib.parse import urlencode

import pytest
from programmes.portal.test_browser import portal_server  # noqa: F401 - the fixture below serves it
from serving import serve
from test_browser import PASSWORD
from tornado.web import decode_signed_value

from workbench.access import sessions
from workbench.db import make_engine

pytestmark = [pytest.mark.xdist_group("web-hardening")]


@pytest.fixture(scope="module")
def server(portal_server):  # noqa: F811 - the portal's served demo, its families' codes issued
    return portal_server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar and an opener that shows redirects instead of following them."""

    def __init__(self, base: str) -> None:
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def open(self, path: str, form: dict | None = None, method: str | None = None):
        data = urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method)
        try:
            return self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as answer:  # a redirect or a refusal: its status and headers are the answer
            return answer

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def form_token(self, page: str) -> dict[str, str]:
        """The login form's token field, as the page gives it (none on a page without one)."""
        found = re.search(r'name="_xsrf" value="([^"]+)"', page)
        return {"_xsrf": found.group(1)} if found else {}


def _staff(server, user: str = "admin") -> Browser:
    browser = Browser(server)
    page = browser.open("/login?next=/overview").read().decode()
    answer = browser.open("/login", {"username": user, "password": PASSWORD, "next": "/overview",
                                     **browser.form_token(page)})
    assert answer.status == 302 and answer.headers["Location"] == "/overview", answer.headers
    assert browser.cookie("user")
    return browser


def _family(server) -> Browser:
    guardian = server.issued.guardian(0)
    browser = Browser(server)
    page = browser.open("/login?next=/eservices").read().decode()
    assert 'id="identifier"' in page
    answer = browser.open("/login", {"kind": "guardian", "identifier": guardian["identifier"],
                                     "secret": guardian["code"], "next": "/eservices",
                                     **browser.form_token(page)})
    assert answer.status == 302 and answer.headers["Location"] == "/eservices", answer.read()[:300]
    return browser


def _decoded(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _session_payload(page: str) -> tuple[dict, str]:
    """The payload of the page's Bokeh session token, as its scripts can read it: the token's first part in base64,
    JSON, its larger part zlib-compressed inside; and the decoded text whole."""
    found = re.search(r'"token":\s*"([A-Za-z0-9_\-.]+)"', page)
    assert found, page[:2000]
    payload = json.loads(_decoded(found.group(1).split(".")[0]))
    packed = payload.pop("__bk__zlib_", None)
    if packed:
        payload.update(json.loads(zlib.decompress(_decoded(packed))))
    return payload, json.dumps(payload)


def _raw_cookie_values(browser: Browser) -> list[str]:
    return [c.value for c in browser.jar if c.value]


def _assert_no_cookie_in_the_page(browser: Browser, path: str, cookie: str, secret: str) -> None:
    answer = browser.open(path)
    assert answer.status == 200, (path, answer.status)
    payload, written = _session_payload(answer.read().decode())
    assert browser.cookie(cookie)
    inside = decode_signed_value(secret, cookie, browser.cookie(cookie).strip('"'), max_age_days=1)
    assert inside  # the session token the signed cookie carries
    for value in (*_raw_cookie_values(browser), inside.decode()):
        assert value not in written, (path, value)
    assert not payload.get("cookies")
    assert not any(name.lower() == "cookie" for name in payload.get("headers", {}))


def test_no_cookie_is_copied_into_the_pages_session_token(server):
    _assert_no_cookie_in_the_page(_staff(server), "/overview", "user", server.secret)
    family = _family(server)
    _assert_no_cookie_in_the_page(family, "/eservices", "family", server.secret)
    assert family.cookie("user") is None  # the family's browser holds no staff cookie


SECURITY = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"}


def _assert_secured(answer, what: str) -> None:
    for name, value in SECURITY.items():
        assert answer.headers.get(name) == value, (what, name, dict(answer.headers))
    policy = answer.headers.get("Content-Security-Policy") or ""
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy, (what, policy)


def test_every_answer_forbids_framing_and_carries_a_content_policy(server):
    anonymous = Browser(server)
    for path in ("/login", "/login?next=/eservices", "/eservices", "/overview", "/no-such-page",
                 "/static/js/bokeh.min.js"):
        _assert_secured(anonymous.open(path), path)
    staff = _staff(server)
    for path in ("/overview", "/"):
        answer = staff.open(path)
        assert answer.status == 200, path
        _assert_secured(answer, path)
    _assert_secured(staff.open("/logout", method="GET"), "GET /logout")


def test_a_login_posted_without_its_form_token_is_refused(server):
    forged = Browser(server)
    answer = forged.open("/login", {"username": "admin", "password": PASSWORD, "next": "/overview"})
    assert answer.status == 302 and "error=expired" in answer.headers["Location"]
    assert forged.cookie("user") is None
    page = forged.open(answer.headers["Location"]).read().decode()
    assert "login-error" in page and 'name="_xsrf"' in page
    guardian = server.issued.guardian(0)
    family = Browser(server)
    answer = family.open("/login", {"kind": "guardian", "identifier": guardian["identifier"],
                                    "secret": guardian["code"], "next": "/eservices"})
    assert answer.status == 302 and answer.headers["Location"].startswith("/login")
    assert family.cookie("family") is None
    assert 'name="_xsrf"' in family.open("/login?next=/eservices").read().decode()


def _live(browser: Browser) -> bool:
    token = browser.cookie("user")
    signed = token.strip('"') if token else ""
    decoded = decode_signed_value(browser.secret, "user", signed, max_age_days=1)
    return bool(decoded and sessions.user_of(make_engine(browser.db_url), decoded.decode()))


def test_logout_is_a_post_with_the_form_token(server):
    staff = _staff(server)
    staff.secret, staff.db_url = server.secret, server.db_url
    assert _live(staff)
    assert staff.open("/logout", method="GET").status == 405  # a link or an image of another site ends nothing
    assert staff.open("/logout?next=/", method="GET").status == 405
    assert _live(staff)
    answer = staff.open("/logout", {"next": "/"})  # posted by another site: no form token
    assert answer.status == 302 and _live(staff)
    answer = staff.open("/logout", {"next": "/", "_xsrf": staff.cookie("_xsrf")})
    assert answer.status == 302 and answer.headers["Location"] == "/login"
    assert not _live(staff)
    assert staff.open("/overview").status == 302  # back to the login


def test_on_each_store_the_page_holds_no_cookie_and_only_a_posted_logout_ends_the_session(demo, db_url, tmp_path):
    """The same over the store of each backend (the sessions live in it): a server of the test's own."""
    for served in serve(db_url, tmp_path / "reports"):
        staff = _staff(served)
        staff.secret, staff.db_url = served.secret, served.db_url
        _assert_no_cookie_in_the_page(staff, "/overview", "user", served.secret)
        assert staff.open("/logout", method="GET").status == 405 and _live(staff)
        assert staff.open("/logout", {"next": "/"}).status == 302 and _live(staff)
        staff.open("/logout", {"next": "/", "_xsrf": staff.cookie("_xsrf")})
        assert not _live(staff) and staff.open("/overview").status == 302
