"""Tayssir desk: find a family by CIN, see its children's months, record absences, file and resolve complaints,
and follow a province. Served by `workbench serve`; importing this module builds nothing."""

import panel as pn

from workbench import calendar, report
from workbench.catalogue import headers, text
from workbench.programmes.tayssir import charts, outputs, views
from workbench.programmes.tayssir.desk import TayssirDesk
from workbench.ui import downloads, message_alert, nothing_here, page, serve_app, table

FAMILY_STYLE = """
.wb-family {border-collapse:collapse; font-size:.9em} .wb-family td, .wb-family th {border:1px solid #ccc;
padding:4px 6px; text-align:center} .wb-family th {background:#eef3f8}
"""
BY_STATE_HEADERS = headers("tayssir", ("kind", "tayssir.complaint.kind"), ("state", "tayssir.complaint.state"),
                           "complaints_by_state.complaints", "complaints_by_state.median_days_to_resolve")


def create_app(desk: TayssirDesk) -> pn.template.BaseTemplate:
    t, lang = desk.t, desk.lang
    title = text("tayssir.title")
    if not desk.param.province.objects:
        return nothing_here(desk, title, text("tayssir.app.nothing_province"))
    if pn.state.curdoc is not None and pn.state.curdoc.session_context is not None:  # served: once the page is up
        pn.state.onload(desk.prepare_dashboards)
    search = pn.widgets.TextInput.from_param(desk.param.cin, placeholder="CD123456")
    child = pn.widgets.Select(label=t("tayssir.app.child"), options={})
    month = pn.widgets.Select(label=t("app.month"), options={label.of(lang): m for m, label
                                                            in calendar.MONTH_LABELS.items()})
    days = pn.widgets.IntInput(label=t("app.absence_days"), value=5, start=1, end=26, css_classes=["wb-days"])
    justified = pn.widgets.Checkbox(label=t("tayssir.app.justified"))
    record = pn.widgets.Button(label=t("app.record_absences"), color="primary", css_classes=["wb-record"])

    kind = pn.widgets.Select(label=t("tayssir.app.kind"),
                             options={label.of(lang): code for code, label in views.COMPLAINT_KINDS.items()})
    period = pn.widgets.Select(label=t("tayssir.app.period"), options=desk.period_options())
    about = pn.widgets.Select(label=t("tayssir.app.about"), options={})
    subject = pn.widgets.TextAreaInput(label=t("tayssir.app.subject"), height=80)
    file_button = pn.widgets.Button(label=t("tayssir.app.file"), color="primary")
    complaint_id = pn.widgets.IntInput(label=t("tayssir.app.complaint_id"), value=1, start=1)
    decision = pn.widgets.Select(label=t("tayssir.app.decision"), options={
        label.of(lang): code for code, label in views.COMPLAINT_STATES.items() if code != "new"})
    resolution = pn.widgets.TextInput(label=t("tayssir.app.answer"))
    resolve_button = pn.widgets.Button(label=t("tayssir.app.resolve"), color="success")

    def refresh_children(*_) -> None:
        options = desk.children()
        child.options = options
        about.options = {"—": "", **options}

    desk.param.watch(refresh_children, ["family"])
    record.on_click(lambda _: desk.record_absences(child.value, month.value, days.value, justified.value))
    file_button.on_click(lambda _: desk.file_complaint(kind.value, period.value, about.value, subject.value))
    resolve_button.on_click(lambda _: desk.resolve_complaint(complaint_id.value, decision.value, resolution.value))

    family = pn.bind(lambda _: pn.pane.HTML(views.family_table(desk.family, lang, desk.levels),
                                            stylesheets=[FAMILY_STYLE],
                                            sizing_mode="stretch_width"), desk.param.family)
    periods = desk.period_names()
    complaints = table(desk, views.complaints_table(desk.family_complaints(), lang, periods),
                       views.COMPLAINT_COLUMNS, height=220)
    desk.param.watch(lambda *_: setattr(complaints, "value",
                                        views.complaints_table(desk.family_complaints(), lang, periods)),
                     ["family", "message"])

    def province_figures(summary) -> pn.Column:
        if summary is None or summary.months.empty:
            return pn.Column(pn.pane.Alert(t("tayssir.app.nothing_province"), alert_type="info",
                                           css_classes=["wb-nothing"]))
        by_state = views.complaints_table(summary.complaints_by_state(), lang)
        return pn.Column(
            pn.pane.HTML(report.key_figures(summary.totals(), outputs.key_figures(summary.state.household_cap),
                                            lang).data, stylesheets=[report.CSS]),
            pn.pane.HoloViews(charts.status_by_month(summary, lang), backend="bokeh"),
            table(desk, by_state, BY_STATE_HEADERS, height=220))

    dashboard = pn.Column(
        pn.Param(desk, parameters=["province"], show_name=False, widgets={"province": pn.widgets.Select}),
        # Drawn when the tab is first opened (lazy): the page opens on the family search without waiting for the
        # scope's programme, read meanwhile.
        pn.param.ParamFunction(pn.bind(lambda summary: province_figures(summary or desk.show_dashboard()),
                                       desk.param.dashboard), lazy=True),
    )
    return page(desk, title, sidebar=[search, pn.pane.Markdown(t("tayssir.app.search_hint"))], main=[pn.Column(
        pn.bind(message_alert, desk.param.message), pn.Tabs(
            (t("tayssir.app.tab_family"), pn.Column(
                family, pn.Row(pn.Column(child, month, days, justified, record),
                               pn.Column(kind, period, about, subject, file_button),
                               pn.Column(complaint_id, decision, resolution, resolve_button)),
                downloads(desk, complaints, views.COMPLAINT_COLUMNS, "complaints"), complaints)),
            (t("tayssir.app.tab_province"), dashboard), dynamic=True), sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, TayssirDesk)
