"""Login for the Panel apps: the Bokeh/Panel auth hooks (`panel serve --auth-module`), checking passwords
against the workbench's users. `workbench serve` passes this file; the apps read the user from `pn.state.user`."""

from __future__ import annotations

import html
from urllib.parse import quote

from tornado.web import RequestHandler

from workbench.access.users import authenticate, user_is_active
from workbench.db import make_engine

login_url = "/login"
logout_url = "/logout"
COOKIE_DAYS = 1

_engine = None


def _database():
    global _engine  # one engine per server process, made on the first login
    if _engine is None:
        _engine = make_engine()
    return _engine


def get_user(request_handler: RequestHandler) -> str | None:
    user = request_handler.get_secure_cookie("user", max_age_days=COOKIE_DAYS)
    if not user:
        return None
    name = user.decode("utf-8")
    # A disabled account is locked out at once, not when its cookie expires.
    return name if user_is_active(_database(), name) else None


PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Massar Workbench — Connexion</title>
<style>body{{font-family:system-ui,sans-serif;background:#eef3f8;display:flex;justify-content:center;padding-top:8vh}}
form{{background:#fff;padding:2em 2.5em;border-radius:8px;box-shadow:0 2px 8px #0002;min-width:320px}}
label{{display:block;margin-top:1em}} input{{width:100%;padding:.5em;margin-top:.3em;box-sizing:border-box}}
button{{margin-top:1.5em;width:100%;padding:.6em;background:#1f5fa8;color:#fff;border:0;border-radius:4px}}
.error{{color:#b00020;margin-top:1em}} [dir=rtl]{{text-align:right}}</style></head><body>
<form method="post" action="{action}"><h2>Massar Workbench</h2><div dir="rtl">منظومة مسار — تسجيل الدخول</div>
<label>Identifiant / اسم المستخدم<input name="username" id="username" autofocus required></label>
<label>Mot de passe / كلمة المرور<input name="password" id="password" type="password" required></label>
<input type="hidden" name="next" value="{next}">
<button type="submit" id="login">Se connecter / دخول</button>{error}</form></body></html>"""


class LoginHandler(RequestHandler):
    def get(self) -> None:
        error = self.get_argument("error", "")
        shown = f'<p class="error" id="login-error">{html.escape(error)}</p>' if error else ""
        self.write(PAGE.format(action=login_url, next=html.escape(_same_site(self.get_argument("next", "/"))),
                               error=shown))

    def post(self) -> None:
        username = self.get_argument("username", "")
        password = self.get_argument("password", "")
        next_url = _same_site(self.get_argument("next", "/"))
        if authenticate(_database(), username, password) is None:
            message = ("Identifiant ou mot de passe incorrect, ou compte désactivé. "
                       "/ اسم المستخدم أو كلمة المرور غير صحيحة، أو الحساب معطل.")
            self.redirect(f"{login_url}?error={quote(message)}&next={quote(next_url)}")
            return
        self.set_secure_cookie("user", username.strip().lower(), expires_days=COOKIE_DAYS, httponly=True)
        self.redirect(next_url)


class LogoutHandler(RequestHandler):
    def get(self) -> None:
        self.clear_cookie("user")
        self.redirect(login_url)


def _same_site(url: str) -> str:
    """Only a path of this server may follow a login (no open redirect)."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"
