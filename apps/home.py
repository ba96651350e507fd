"""Home: the user's name, role and scope, and the apps they may open. Served by `workbench serve` as the index;
importing this module builds nothing."""

import html

import panel as pn

from workbench.access.actor import ROLE_LABELS
from workbench.home import HomeState
from workbench.ui import serve_app, user_bar


def create_app(state: HomeState) -> pn.template.BaseTemplate:
    actor = state.actor
    role = ROLE_LABELS[actor.role]
    cards = "".join(
        f'<a class="wb-app" href="{link.path}"><b dir="rtl" lang="ar">{html.escape(link.title.ar)}</b>'
        f'<span lang="fr">{html.escape(link.title.fr)}</span></a>' for link in state.links())
    page = pn.pane.HTML(
        f'<div dir="rtl" lang="ar"><h2>{html.escape(actor.username)} — {html.escape(role.ar)}</h2>'
        f"<p>{html.escape(actor.scope.label_ar)}</p></div>"
        f'<div lang="fr"><p>{html.escape(role.fr)} — {html.escape(actor.scope.label_fr)}</p></div>'
        f'<nav class="wb-apps">{cards}</nav>',
        stylesheets=[".wb-apps{display:flex;flex-wrap:wrap;gap:16px}"
                     ".wb-app{display:flex;flex-direction:column;gap:6px;padding:16px 20px;min-width:220px;"
                     "border:1px solid #d0d7de;border-radius:8px;text-decoration:none;color:#0b5394;background:#f6f8fa}"
                     ".wb-app b{font-size:1.2em}"], sizing_mode="stretch_width")
    return pn.template.BootstrapTemplate(title="Massar Workbench — الصفحة الرئيسية / Accueil",
                                         header=[user_bar(state)], main=[page])


if __name__.startswith("bokeh"):
    pn.extension(sizing_mode="stretch_width")
    serve_app(create_app, HomeState)
