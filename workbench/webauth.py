"""Login for the Panel apps: the Bokeh/Panel auth hooks (`panel serve --auth-module`), checking passwords
against the workbench's users. `workbench serve` passes this file; the apps read the user from `pn.state.user`.

Bokeh takes one login URL for the whole server, so apps a programme serves to people who are not staff (its
`realms`: families with their own codes, or the public) are told apart by their path: such an app is opened only
with its realm's own cookie (or by anyone, for a public realm), and the login page is its realm's when the page
asked for belongs to one. A staff session never opens a realm's app, and a realm's session never opens a staff app
(they read different cookies)."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from tornado.web import RequestHandler

from workbench.access import sessions
from workbench.access.users import log_in
from workbench.catalogue import text
from workbench.db import server_engine

login_url = "/login"
logout_url = "/logout"



# Panel reads the "user" cookie (pn.state.user): it carries the session token, never the name.
COOKIE = "user"


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
        token = request_handler.get_secure_cookie(realm.cookie, max_age_days=1)
        return realm.user_of(token.decode("utf-8")) if token and realm.user_of else None
    token = request_handler.get_secure_cookie(COOKIE, max_age_days=1)
    return sessions.user_of(server_engine(), token.decode("utf-8")) if token else None


PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{heading_fr}</title>
<style>body{{font-family:system-ui,sans-serif;background:#eef3f8;display:flex;justify-content:center;padding-top:8vh}}
form{{background:#fff;padding:2em 2.5em;border-radius:8px;box-shadow:0 2px 8px #0002;min-width:320px}}
label{{display:block;margin-top:1em}} input{{width:100%;padding:.5em;margin-top:.3em;box-sizing:border-box}}
button{{margin-top:1.5em;width:100%;padding:.6em;background:#1f5fa8;color:#fff;border:0;border-radius:4px}}
.error{{color:#b00020;margin-top:1em}} [dir=rtl]{{text-align:right}}</style></head><body>
<form method="post" action="{action}"><h2>{product}</h2><div dir="rtl">{heading_ar}</div>
<label>{username}<input name="username" id="username" autofocus required></label>
<label>{password}<input name="password" id="password" type="password" required></label>
<input type="hidden" name="next" value="{next}">
<button type="submit" id="login">{submit}</button>{error}</form></body></html>"""


def _page_labels() -> dict[str, str]:
    """The login page's words from the catalogue, escaped: French / Arabic on one line, as staff read them."""
    heading = text("login.heading")
    return {"product": html.escape(text("app.title").fr), "heading_fr": html.escape(heading.fr),
            "heading_ar": html.escape(heading.ar),
            **{name: html.escape(text(f"login.{name}").both()) for name in ("username", "password", "submit")}}


class LoginHandler(RequestHandler):
    async def get(self) -> None:
        realm = _realm(_same_site(self.get_argument("next", "/")))
        if realm is not None and realm.login is not None:
            await realm.login(self)
            return
        error = _refusal(self.get_argument("error", ""), self.get_argument("until", ""))
        shown = f'<p class="error" id="login-error">{html.escape(error)}</p>' if error else ""
        self.write(PAGE.format(action=login_url, next=html.escape(_same_site(self.get_argument("next", "/"))),
                               error=shown, **_page_labels()))

    async def post(self) -> None:
        realm = _realm(_same_site(self.get_argument("next", "/")))
        if realm is not None and realm.login is not None:
            await realm.login(self)
            return
        username = self.get_argument("username", "").strip().lower()[:64]
        password = self.get_argument("password", "")[:256]
        next_url = _same_site(self.get_argument("next", "/"))
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
        self.redirect(f"{login_url}?error={reason}&next={quote(next_url)}")


def _refusal(reason: str, until: str) -> str:
    """The login page's message for a refusal it was sent back with: only the catalogue's words, so that a link
    made by someone else cannot put its own text on the workbench's login page (a 'call this number' in a phishing
    mail); an unknown reason, or a time that is not one, says nothing."""
    if reason == "refused":
        return text("login.refused").both()
    if reason == "throttled" and re.fullmatch(r"[0-2]\d:[0-5]\d", until):
        return text("login.throttled", time=until).both()
    return ""


class LogoutHandler(RequestHandler):
    def get(self) -> None:
        next_url = _same_site(self.get_argument("next", "/"))
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
