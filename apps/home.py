"""Home: the user's name, role and scope, the apps they may open, the latest reports and the outbox's messages of
their scope. Served by `workbench serve` as the index; importing this module builds nothing."""

import html

import panel as pn

from workbench.access.actor import ROLE_LABELS
from workbench.home import LATEST_MESSAGES, MESSAGE_HEADERS, HomeState
from workbench.report import number
from workbench.ui import downloads, page, serve_app, table

CARDS_CSS = (".wb-apps{display:flex;flex-wrap:wrap;gap:16px}"
             ".wb-app{display:flex;flex-direction:column;gap:6px;padding:16px 20px;min-width:220px;"
             "border:1px solid #d0d7de;border-radius:8px;text-decoration:none;color:#0b5394;background:#f6f8fa}"
             ".wb-app b{font-size:1.2em}")
COUNTS_CSS = (".wb-counts{display:flex;flex-wrap:wrap;gap:12px}"
              ".wb-count{display:flex;flex-direction:column;align-items:center;gap:2px;padding:8px 18px;"
              "min-width:110px;border:1px solid #d0d7de;border-radius:8px;background:#f6f8fa}"
              ".wb-count b{font-size:1.5em;color:#0b5394;unicode-bidi:isolate;direction:ltr}"
              ".wb-count[data-state=failed] b{color:#b42318}")


def create_app(state: HomeState) -> pn.template.BaseTemplate:
    actor, lang = state.actor, state.lang
    scope = actor.scope.label(lang)
    cards = "".join(f'<a class="wb-app" href="{link.path}"><b>{html.escape(link.title.of(lang))}</b></a>'
                    for link in state.links())
    welcome = pn.pane.HTML(
        f"<h2>{html.escape(actor.username)} — {html.escape(ROLE_LABELS[actor.role].of(lang))}</h2>"
        f"<p>{html.escape(scope)}</p><h3>{state.t('app.your_apps')}</h3><nav class='wb-apps'>{cards}</nav>",
        stylesheets=[CARDS_CSS], sizing_mode="stretch_width")
    return page(state, state.t("app.home"), [welcome, pn.pane.Markdown(f"### {state.t('app.latest_reports')}"),
                                             latest_reports(state), *messages(state)])


def latest_reports(state: HomeState) -> pn.viewable.Viewable:
    """One line per report: campaign, scope, year and date, and the page itself to download (served through the
    logged-in session, not as a public file)."""
    reports = state.reports()
    if not reports:
        return pn.pane.Alert(state.t("app.no_report"), alert_type="light")
    lines = []
    for report in reports:
        title = f"{report.campaign.of(state.lang)} — {report.scope.label(state.lang)} — {report.year}"
        lines.append(pn.Row(
            pn.widgets.FileDownload(file=str(report.path), filename=report.path.name, label=state.t("app.open_report"),
                                    color="primary", variant="outline", width=160),
            pn.pane.HTML(f"<b>{html.escape(title)}</b><br><small>{report.finished_at:%Y-%m-%d %H:%M}</small>"),
            css_classes=["wb-report"]))
    return pn.Column(*lines, sizing_mode="stretch_width")


def messages(state: HomeState) -> list[pn.viewable.Viewable]:
    """The outbox of the user's scope: how many messages wait, went or failed, and the latest of them (only the
    page shown travels to the browser)."""
    shown = state.messages()
    counts = "".join(f'<div class="wb-count" data-state="{html.escape(key)}"><b>{html.escape(figure)}</b>'
                     f"<span>{html.escape(words)}</span></div>"
                     for key, words, figure in shown.counts)
    section = [pn.pane.Markdown(f"### {state.t('app.messages')}"),
               pn.pane.HTML(f"<div class='wb-counts'>{counts}</div>", stylesheets=[COUNTS_CSS],
                            sizing_mode="stretch_width", css_classes=["wb-message-counts"])]
    if shown.latest.empty:
        return [*section, pn.pane.Alert(state.t("app.no_message"), alert_type="light", css_classes=["wb-no-message"])]
    if shown.total > len(shown.latest):
        latest = state.t("app.latest_messages", count=number(LATEST_MESSAGES))
        section.append(pn.pane.HTML(f"<small>{html.escape(latest)}</small>", css_classes=["wb-latest-messages"]))
    # The reason last, wrapped on lines of its own: the longest cell ('Refusé par le serveur (550 ...)') never
    # pushes the dates off a laptop's screen.
    listed = table(state, shown.latest, MESSAGE_HEADERS, pagination="remote", page_size=10, height=None,
                   widths={"last_error": 260}, formatters={"last_error": {"type": "textarea"}},
                   css_classes=["wb-messages"])
    return [*section, downloads(state, listed, MESSAGE_HEADERS, "messages"), listed]


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, HomeState)
