"""Login for the Panel apps: the Bokeh/Panel auth hooks (`panel serve --auth-module`), checking passwords
against the workbench's users. `workbench serve` passes this file; the apps read the user's session server side
(`page_session`), from the request that opened the page: no cookie is copied into the page's Bokeh session token,
which any script on the page can read (`workbench serve` tells Bokeh so: `SESSION_CONTEXT_OPTIONS`).

Bokeh takes one login URL for the whole server, so apps a programme serves to people who are not staff (its
`realms`: families with their own codes, or the public) are told apart by their path: such an app is opened only
with its realm's own cookie (or by anyone, for a public realm), and the login page is its realm's when the page
asked for belongs to one. A staff session never opens a realm's app, and a realm's session never opens a staff app
(they read different cookies)."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from tornado.web import HTTPError, OutputTransform, RequestHandler
from tornado.websocket import WebSocketHandler

from workbench.access import sessions
from workbench.access.users import log_in
from workbench.catalogue import DEFAULT_LANGUAGE, LANGUAGES, direction, language_names, text
from workbench.db import server_engine

login_url = "/login"
logout_url = "/logout"


# The staff's login cookie (HttpOnly, signed): it carries the session token, never the name.
COOKIE = "user"

# What the server copies from a page's request into its Bokeh session token, which the page's scripts can read: no
# cookie (Bokeh takes at least one name to include: one the server never sets), and not the Cookie header either. The
# apps find their session through `page_session` instead, on the server.
SESSION_CONTEXT_OPTIONS = ("--include-cookies", "no-cookie-in-the-page", "--exclude-headers", "Cookie")

# Kept by `get_user` on the Tornado request that opens a page, read by the app built for it (Bokeh's session context
# hands its code that request): the login session's token, and the form token of the page's logout button.
PAGE_SESSION = "workbench_session"
PAGE_XSRF = "workbench_xsrf"

# Sent with every answer of the server: no other site frames its pages (clickjacking), no script or style from
# elsewhere (Panel and Bokeh serve theirs and write some inline), no content type guessed by the browser.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
                               "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
                               "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _realm(path: str):
    from workbench.registry import realm_of

    return realm_of(path.strip("/").split("/", 1)[0])


def get_user(request_handler: RequestHandler) -> str | None:
    """The user of the request's session, while it is live (logout and `users disable` end it at once); in a
    realm's app, its own session's (or anyone, in a public realm)."""
    realm = _realm(request_handler.request.path)
    if realm is not None:
        if not realm.cookie:
            return "public"
        token = _keep(request_handler, request_handler.get_secure_cookie(realm.cookie, max_age_days=1))
        return realm.user_of(token) if token and realm.user_of else None
    token = _keep(request_handler, request_handler.get_secure_cookie(COOKIE, max_age_days=1))
    return sessions.user_of(server_engine(), token) if token else None


def _keep(request_handler: RequestHandler, signed: bytes | None) -> str | None:
    """The session token of a signed cookie, kept on the request for the app its page builds (`page_session`), with
    the token its logout form posts back (a page's GET sets the form cookie when the browser has none yet)."""
    token = signed.decode("utf-8") if signed else None
    request = request_handler.request
    setattr(request, PAGE_SESSION, token)
    if token and not isinstance(request_handler, WebSocketHandler):
        setattr(request, PAGE_XSRF, request_handler.xsrf_token.decode("ascii"))
    return token


def _page_request():
    """The Tornado request that opened the page being built (None outside a served page: tests, notebooks)."""
    import panel as pn

    document = pn.state.curdoc
    context = document.session_context if document is not None else None
    return context.request if context is not None else None


def page_session() -> str | None:
    """The login session token of the page being built (staff or a realm's), read on the server from the request
    that opened it: never from the page's Bokeh session token, which carries no cookie."""
    return getattr(_page_request(), PAGE_SESSION, None)


def page_xsrf() -> str:
    """The form token the page's logout button posts (empty outside a served page)."""
    return getattr(_page_request(), PAGE_XSRF, None) or ""


class SecurityHeaders(OutputTransform):
    """`SECURITY_HEADERS` on every answer of the server (its pages, files, login, errors), unless one is set."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        for name, value in SECURITY_HEADERS.items():
            if name not in headers:
                headers[name] = value
        return status_code, headers, chunk


def send_security_headers() -> None:
    """Make every Tornado application the Bokeh server builds (after this call) send `SECURITY_HEADERS`."""
    from bokeh.server.tornado import BokehTornado

    if getattr(BokehTornado, "_workbench_headers", False):
        return
    built = BokehTornado.__init__

    def __init__(self, *args, **kwargs):
        built(self, *args, **kwargs)
        self.add_transform(SecurityHeaders)

    BokehTornado.__init__ = __init__
    BokehTornado._workbench_headers = True


PAGE = """<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{heading}</title>
<style>body{{font-family:system-ui,'Noto Naskh Arabic',Tahoma,sans-serif;background:#eef3f8;margin:0;padding:8vh 12px}}
form{{background:#fff;max-width:380px;margin:auto;padding:2em 2.5em;border-radius:8px;box-shadow:0 2px 8px #0002}}
label{{display:block;margin-top:1em}} input{{width:100%;padding:.5em;margin-top:.3em;box-sizing:border-box}}
button{{margin-top:1.5em;width:100%;padding:.6em;background:#1f5fa8;color:#fff;border:0;border-radius:4px}}
.error{{color:#b00020;margin-top:1em}} .other{{margin-top:1.2em;text-align:center}}</style></head><body>
<form method="post" action="{action}"><h2>{heading}</h2>
<label>{username}<input name="username" id="username" autofocus required></label>
<label>{password}<input name="password" id="password" type="password" required></label>
<input type="hidden" name="next" value="{next}"><input type="hidden" name="lang" value="{lang}">{xsrf}
<button type="submit" id="login">{submit}</button>{error}
<p class="other"><a id="other-language" href="{other_href}" lang="{other}" hreflang="{other}">{other_name}</a></p>
</form></body></html>"""


def _login_language(handler: RequestHandler) -> str:
    """The login page's language: Arabic unless the page was asked in French (`?lang=fr`, its link)."""
    asked = handler.get_argument("lang", DEFAULT_LANGUAGE)
    return asked if asked in LANGUAGES else DEFAULT_LANGUAGE


def _login_page(language: str, next_url: str, error: str, xsrf: str) -> str:
    """The staff login page in one language, the other one link away; every word from the catalogue, escaped."""
    other = next(lang for lang in LANGUAGES if lang != language)
    words = {name: html.escape(text(f"login.{name}").of(language))
             for name in ("heading", "username", "password", "submit")}
    shown = f'<p class="error" id="login-error">{html.escape(error)}</p>' if error else ""
    return PAGE.format(lang=language, dir=direction(language), action=login_url, next=html.escape(next_url),
                       error=shown, xsrf=xsrf, other=other, other_name=html.escape(language_names()[other]),
                       other_href=html.escape(f"{login_url}?lang={other}&next={quote(next_url)}"), **words)


class LoginHandler(RequestHandler):
    async def get(self) -> None:
        realm = _realm(_same_site(self.get_argument("next", "/")))
        if realm is not None and realm.login is not None:
            await realm.login(self)
            return
        language = _login_language(self)
        error = _refusal(self.get_argument("error", ""), self.get_argument("until", ""), language)
        self.write(_login_page(language, _same_site(self.get_argument("next", "/")), error, self.xsrf_form_html()))

    async def post(self) -> None:
        next_url = _same_site(self.get_argument("next", "/"))
        realm = _realm(next_url)
        if not _form_token_matches(self):  # not posted from this server's own login page (a forged login)
            self.redirect(f"{login_url}?next={quote(next_url)}" + ("" if realm else "&error=expired"))
            return
        if realm is not None and realm.login is not None:
            await realm.login(self)
            return
        username = self.get_argument("username", "").strip().lower()[:64]
        password = self.get_argument("password", "")[:256]
        address = sessions.client_address(self.request.remote_ip, self.request.headers.get("X-Forwarded-For"))
        outcome = await log_in(server_engine(), username, password, address)
        if outcome.locked_until is not None:
            self._refuse(f"throttled&until={outcome.locked_until:%H:%M}", next_url)
            return
        if outcome.token is None:
            self._refuse("refused", next_url)
            return
        self.set_secure_cookie(COOKIE, outcome.token, expires_days=sessions.SESSION_HOURS / 24, httponly=True,
                               samesite="Lax", secure=self.request.protocol == "https")
        self.redirect(next_url)

    def _refuse(self, reason: str, next_url: str) -> None:
        """Back to the login page saying why, by the reason's name: the page words it (`_refusal`)."""
        self.redirect(f"{login_url}?error={reason}&lang={_login_language(self)}&next={quote(next_url)}")


def _refusal(reason: str, until: str, language: str) -> str:
    """The login page's message for a refusal it was sent back with: only the catalogue's words, so that a link
    made by someone else cannot put its own text on the workbench's login page (a 'call this number' in a phishing
    mail); an unknown reason, or a time that is not one, says nothing."""
    if reason == "refused":
        return text("login.refused").of(language)
    if reason == "throttled" and re.fullmatch(r"[0-2]\d:[0-5]\d", until):
        return text("login.throttled", time=until).of(language)
    if reason == "expired":
        return text("login.expired").of(language)
    return ""


def _form_token_matches(handler: RequestHandler) -> bool:
    """The form's `_xsrf` field matches the browser's form cookie (Tornado's check, made by the login and logout
    handlers themselves: the server's other handlers post nothing)."""
    try:
        handler.check_xsrf_cookie()
    except HTTPError:
        return False
    return True


def logout_form(label: str, xsrf: str, next_url: str = "/", css_class: str = "wb-logout") -> str:
    """The logout button of a page: a small form posting the page's form token (`page_xsrf`); never a link, which
    another site could have a browser follow."""
    return (f'<form method="post" action="{logout_url}" class="{css_class}-form" style="display:inline;margin:0">'
            f'<input type="hidden" name="_xsrf" value="{html.escape(xsrf)}">'
            f'<input type="hidden" name="next" value="{html.escape(_same_site(next_url))}">'
            f'<button type="submit" class="{css_class}" style="background:none;border:0;padding:0;color:inherit;'
            f'text-decoration:underline;cursor:pointer;font:inherit">{html.escape(label)}</button></form>')


class LogoutHandler(RequestHandler):
    """Logout by POST only, with the page's form token: a GET (a link, an image another site shows) ends nothing."""

    def post(self) -> None:
        next_url = _same_site(self.get_argument("next", "/"))
        if not _form_token_matches(self):
            self.redirect(next_url)
            return
        realm = _realm(next_url)
        if realm is not None and realm.cookie:
            token = self.get_secure_cookie(realm.cookie, max_age_days=1)
            if realm.logout is not None:
                realm.logout(token.decode("utf-8") if token else None)
            self.clear_cookie(realm.cookie)
            self.redirect(next_url)
            return
        token = self.get_secure_cookie(COOKIE, max_age_days=1)
        sessions.end(server_engine(), token.decode("utf-8") if token else None)  # every copy of the cookie too
        self.clear_cookie(COOKIE)
        self.redirect(login_url)


def _same_site(url: str) -> str:
    """Only a path of this server may follow a login (no open redirect): control characters and spaces are
    removed first, since browsers ignore them (a tab between two slashes makes a link to another host)."""
    url = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    if not url.startswith("/") or url.startswith("//") or "\\" in url or ":" in url.split("/", 2)[1]:
        return "/"
    return url
