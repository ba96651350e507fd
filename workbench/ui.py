"""What every served app shares: the logged-in user, the bar naming them with a logout link, and serving an app
only behind the login (the app files call `serve_app`)."""

from __future__ import annotations

import html
from collections.abc import Callable

import panel as pn

from workbench.access.actor import ROLE_LABELS
from workbench.appstate import AppState
from workbench.exceptions import WorkbenchError


def user_bar(state: AppState) -> pn.pane.HTML:
    actor = state.actor
    fr, ar = ROLE_LABELS[actor.role]
    from workbench.home import apps_for

    links = " · ".join(f'<a href="{link.path}" style="color:#fff">{html.escape(link.title.ar)}</a>'
                       for link in apps_for(actor.role))
    return pn.pane.HTML(
        f'<div class="wb-user" data-user="{html.escape(actor.username)}" style="color:#fff">'
        f"{html.escape(actor.username)} — {fr} / {ar} — {html.escape(actor.scope.label_fr)} · "
        f'<a href="/" style="color:#fff">الرئيسية / Accueil</a> · {links} · '
        f'<a href="/logout" style="color:#fff">Se déconnecter / خروج</a></div>')


def message_alert(text: str) -> pn.pane.Alert:
    """The outcome of the last action: refused (⚠, with the reason) or done (✓)."""
    return pn.pane.Alert(text, alert_type="danger" if text.startswith("⚠") else "success", visible=bool(text),
                         sizing_mode="stretch_width", css_classes=["wb-message"])


def serve_app(build: Callable[[AppState], pn.viewable.Viewable], state_class: type[AppState]) -> None:
    """Serve an app for the user of the page's login session; without one (served outside `workbench serve`, or
    a session ended meanwhile) nothing is shown."""
    from workbench.access import sessions
    from workbench.db import make_engine

    token = pn.state.user or ""  # the login cookie holds the session token (workbench.webauth)
    user = sessions.user_of(make_engine(), token) if token else None
    if not user:
        pn.pane.Alert("Connexion requise : servez les applications avec `workbench serve`. "
                      "/ يجب تسجيل الدخول.", alert_type="danger").servable()
        return
    from workbench import chartstyle
    from workbench.home import may_open

    chartstyle.apply()
    if not may_open(make_engine(), user, state_class.app_name):
        pn.pane.Alert("Cette application n'est pas ouverte à votre rôle : voyez la page d'accueil. "
                      "<br><span dir='rtl'>هذا التطبيق غير متاح لدوركم: انظروا الصفحة الرئيسية.</span> "
                      "<a href='/'>Accueil / الرئيسية</a>", alert_type="warning",
                      css_classes=["wb-nothing"]).servable()
        return
    try:
        state = state_class(user=user, session=token)
    except WorkbenchError as exc:
        pn.pane.Alert(str(exc), alert_type="danger").servable()
        return
    # An action refused because the session ended (logout elsewhere, account disabled) reloads the page, which
    # the server then sends to the login.
    state.param.watch(lambda event: event.new and pn.state.location.param.update(reload=True), "session_ended")
    build(state).servable()


def nothing_here(state: AppState, title: str, fr: str, ar: str) -> pn.template.BaseTemplate:
    """The page of an app with nothing in the user's scope: said in both languages, never a blank page."""
    return pn.template.BootstrapTemplate(title=title, header=[user_bar(state)], main=[pn.pane.Alert(
        f"{fr}<br><span dir='rtl'>{ar}</span>", alert_type="info", sizing_mode="stretch_width",
        css_classes=["wb-nothing"])])
