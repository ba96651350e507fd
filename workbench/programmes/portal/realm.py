"""The families' login realm on the server (workbench.webauth hands it the login page when the page asked for is the
portal's): a bilingual login page, Arabic first and right to left, sized for a phone; the session token in a cookie
of its own (`family`), signed by the server, never the staff's `user` cookie. Nothing personal ever goes into a URL:
a refused login is answered on the page itself."""

from __future__ import annotations

import asyncio
import html

from workbench.access import sessions
from workbench.catalogue import text
from workbench.db import server_engine
from workbench.programmes.portal import COOKIE, logins

HOME = "/eservices"


def user_of(token: str | None) -> str | None:
    holder = logins.holder_of(server_engine(), token)
    return f"family:{holder.code_id}" if holder else None


def logout(token: str | None) -> None:
    logins.logout(server_engine(), token)


def session_token() -> str | None:
    """The portal session token of the page being built: its signed cookie, checked by the server as the page was
    asked for and read there (workbench.webauth.page_session), never copied into the page."""
    from workbench.webauth import page_session

    return page_session()


PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title_ar} — {title_fr}</title>
<style>body{{font-family:'Noto Naskh Arabic','Amiri',Tahoma,sans-serif;background:#eef3f8;margin:0;padding:4vh 12px}}
form{{background:#fff;max-width:420px;margin:auto;padding:1.2em 1.4em;border-radius:8px;box-shadow:0 2px 8px #0002}}
label{{display:block;margin-top:1em}} input[type=text],input[type=password]{{width:100%;padding:.6em;margin-top:.3em;
box-sizing:border-box;font-size:1.05em}} fieldset{{border:0;padding:0;margin-top:1em}}
.kind label{{display:inline-block;margin-inline-end:1.2em}}
.fr{{direction:ltr;unicode-bidi:isolate;text-align:left;color:#444;font-size:.9em}} small.fr{{display:block}}
button{{margin-top:1.5em;width:100%;padding:.8em;background:#1f5fa8;color:#fff;border:0;border-radius:4px;
font-size:1.05em}} .error{{color:#b00020;margin-top:1em}} small{{color:#555}}</style></head><body>
<form method="post" action="/login"><h2>{title_ar}</h2><div class="fr">{title_fr}</div>
<fieldset class="kind"><legend>{as_ar} / <span class="fr">{as_fr}</span></legend>
<label><input type="radio" name="kind" value="guardian" id="kind-guardian" {guardian}> {guardian_ar} / \
{guardian_fr}</label>
<label><input type="radio" name="kind" value="pupil" id="kind-pupil" {pupil}> {pupil_ar} / {pupil_fr}</label></fieldset>
<label>{identifier_ar}<div class="fr">{identifier_fr}</div>
<input type="text" name="identifier" id="identifier" autocomplete="username" required maxlength="16"></label>
<label>{secret_ar}<div class="fr">{secret_fr}</div>
<input type="password" name="secret" id="secret" autocomplete="current-password" required maxlength="256"></label>
<input type="hidden" name="next" value="{home}">{xsrf}
<button type="submit" id="login">{submit_ar} / {submit_fr}</button>
{error}<p><small>{staff_ar}</small><br><small class="fr">{staff_fr}</small></p></form></body></html>"""


def _page(handler, error=None, kind: str = "guardian") -> None:
    labels = {name: text(f"portal.{key}") for name, key in (
        ("title", "login.title"), ("as", "login.as"), ("guardian", "holder_kind.guardian"),
        ("pupil", "holder_kind.pupil"), ("identifier", "login.identifier"), ("secret", "login.secret"),
        ("submit", "login.submit"), ("staff", "login.staff"))}
    values = {f"{name}_{lang}": html.escape(label.of(lang)) for name, label in labels.items() for lang in ("ar", "fr")}
    shown = ""
    if error is not None:
        shown = (f'<div class="error" id="login-error"><div>{html.escape(error.ar)}</div>'
                 f'<div class="fr">{html.escape(error.fr)}</div></div>')
    handler.write(PAGE.format(**values, home=HOME, error=shown, xsrf=handler.xsrf_form_html(),
                              guardian="checked" if kind != "pupil" else "",
                              pupil="checked" if kind == "pupil" else ""))


async def login_page(handler) -> None:
    """GET: the form. POST: check the code (slowed down after failures), then the portal, or the form again with
    what went wrong in both languages."""
    if handler.request.method != "POST":
        _page(handler)
        return
    kind = handler.get_argument("kind", "guardian")
    identifier = handler.get_argument("identifier", "")[:32]
    secret = handler.get_argument("secret", "")[:256]
    address = sessions.client_address(handler.request.remote_ip, handler.request.headers.get("X-Forwarded-For"))
    outcome = logins.login(server_engine(), kind, identifier, secret, address)
    if outcome.wait:
        await asyncio.sleep(outcome.wait)
    if outcome.token is None:
        handler.set_status(401 if outcome.error is not None else 400)
        _page(handler, outcome.error, kind)
        return
    handler.set_secure_cookie(COOKIE, outcome.token, expires_days=logins.SESSION_HOURS / 24, httponly=True,
                              samesite="Strict", secure=handler.request.protocol == "https")
    handler.redirect(HOME)
