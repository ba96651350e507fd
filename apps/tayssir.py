"""Tayssir desk: find a family by CIN, see its children's months, record absences, file and resolve complaints,
and follow a province. Served by `workbench serve`; importing this module builds nothing."""

import panel as pn

from workbench import calendar, report
from workbench.programmes.tayssir import charts, outputs, views
from workbench.programmes.tayssir.desk import TayssirDesk
from workbench.ui import message_alert, serve_app, user_bar

FAMILY_STYLE = """
.wb-family {border-collapse:collapse; font-size:.9em} .wb-family td, .wb-family th {border:1px solid #ccc;
padding:4px 6px; text-align:center} .wb-family th {background:#eef3f8}
"""
KINDS = {label.both(): code for code, label in views.COMPLAINT_KINDS.items()}
DECISIONS = {label.both(): code for code, label in views.COMPLAINT_STATES.items() if code != "new"}


def create_app(desk: TayssirDesk) -> pn.template.BaseTemplate:
    search = pn.widgets.TextInput.from_param(desk.param.cin, placeholder="CD123456")
    child = pn.widgets.Select(label="Enfant / الطفل", options={})
    month = pn.widgets.Select(label="Mois / الشهر", options={f"{fr} / {ar}": m for m, (fr, ar)
                                                             in calendar.MONTH_NAMES.items()})
    days = pn.widgets.IntInput(label="Jours d'absence / أيام الغياب", value=5, start=1, end=26, css_classes=["wb-days"])
    justified = pn.widgets.Checkbox(label="Justifiées / مبررة")
    record = pn.widgets.Button(label="Enregistrer les absences / تسجيل الغياب", color="primary")

    kind = pn.widgets.Select(label="Type / النوع", options=KINDS)
    period = pn.widgets.Select(label="Période / الفترة", options=desk.period_codes())
    about = pn.widgets.Select(label="Enfant concerné / الطفل المعني", options={})
    text = pn.widgets.TextAreaInput(label="Objet / الموضوع", height=80)
    file_button = pn.widgets.Button(label="Déposer la plainte / تسجيل الشكاية", color="primary")
    complaint_id = pn.widgets.IntInput(label="N° de plainte / رقم الشكاية", value=1, start=1)
    state = pn.widgets.Select(label="Décision / القرار", options=DECISIONS)
    resolution = pn.widgets.TextInput(label="Réponse à la famille / الجواب")
    resolve_button = pn.widgets.Button(label="Traiter / معالجة", color="success")

    def refresh_children(*_) -> None:
        options = desk.children()
        child.options = options
        about.options = {"—": "", **options}

    desk.param.watch(refresh_children, ["family"])
    record.on_click(lambda _: desk.record_absences(child.value, month.value, days.value, justified.value))
    file_button.on_click(lambda _: desk.file_complaint(kind.value, period.value, about.value, text.value))
    resolve_button.on_click(lambda _: desk.resolve_complaint(complaint_id.value, state.value, resolution.value))

    family = pn.bind(lambda _: pn.pane.HTML(views.family_table(desk.family), stylesheets=[FAMILY_STYLE],
                                            sizing_mode="stretch_width"), desk.param.family)
    family_complaints = pn.bind(lambda *_: pn.widgets.Tabulator(views.complaints_table(desk.family_complaints()), disabled=True,
                                                                show_index=False, sizing_mode="stretch_width"),
                                desk.param.family, desk.param.message)
    message = pn.bind(message_alert, desk.param.message)
    def province_figures(summary) -> pn.Column:
        if summary is None or summary.months.empty:
            return pn.Column(pn.pane.Alert("Aucun élève inscrit à Tayssir dans votre périmètre pour cette province."
                                           "<br><span dir='rtl'>لا يوجد في نطاقكم تلميذ مسجل في برنامج تيسير بهذا "
                                           "الإقليم.</span>", alert_type="info", css_classes=["wb-nothing"]))
        return pn.Column(
            pn.pane.HTML(report.key_figures(summary.totals(), outputs.key_figures(summary.state.household_cap)).data,
                         stylesheets=[report.CSS]),
            pn.pane.HoloViews(charts.status_by_month(summary), backend="bokeh"),
            pn.widgets.Tabulator(summary.complaints_by_state(), disabled=True, show_index=False))

    dashboard = pn.Column(
        pn.Param(desk, parameters=["province"], show_name=False, widgets={"province": pn.widgets.Select}),
        pn.bind(province_figures, desk.param.dashboard),
    )
    return pn.template.BootstrapTemplate(
        title="Massar Workbench — Tayssir / تيسير", header=[user_bar(desk)],
        sidebar=[search, pn.pane.Markdown("Saisissez la CIN du tuteur puis Entrée.\n\nأدخلوا رقم بطاقة الولي ثم Entrée.")],
        main=[pn.Column(message, pn.Tabs(
            ("Famille / الأسرة", pn.Column(family, pn.Row(pn.Column(child, month, days, justified, record),
                                                          pn.Column(kind, period, about, text, file_button),
                                                          pn.Column(complaint_id, state, resolution, resolve_button)),
                                           family_complaints)),
            ("Province / الإقليم", dashboard), dynamic=True), sizing_mode="stretch_width")],
    )


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, TayssirDesk)
