"""Second-chance schools: the provincial and regional teams see their centres with their indicators, open a
centre's page (missing data highlighted, an alert when its agreement ends within 90 days) and the year's plan; the
province approves or reopens a centre's data. Served by `workbench serve`; importing this module builds nothing."""

import panel as pn

from workbench import report
from workbench.catalogue import Label, text
from workbench.programmes.second_chance import outputs
from workbench.programmes.second_chance.desk import MISSING_STYLE, SecondChanceDesk
from workbench.ui import downloads, message_alert, nothing_here, page, serve_app, table

ALERTS = {"ending": "warning", "ended": "danger", "unknown": "warning", "running": "light"}


def _table(desk: SecondChanceDesk, frame, css: str, height: int = 380, hidden: tuple[str, ...] = ()
           ) -> pn.widgets.Tabulator:
    """The desk's tables come headed in the user's language: each column is its own label (filters, frozen
    designation and pagination from `ui.table`)."""
    headers = {c: Label(c, c) for c in frame.columns if c not in hidden}
    return table(desk, frame, headers, height=height, css_classes=[css])


def _with_downloads(desk: SecondChanceDesk, shown: pn.widgets.Tabulator, name: str) -> pn.Column:
    headers = {c: Label(c, c) for c in shown.value.columns if c not in shown.hidden_columns}
    return pn.Column(shown, downloads(desk, shown, headers, name), sizing_mode="stretch_width")


def _missing_rows(row):
    return [MISSING_STYLE if row["missing"] else ""] * len(row)


def _empty_cells(column):
    return [MISSING_STYLE if value == "" else "" for value in column]


def centre_page(desk: SecondChanceDesk, centre: str | None) -> pn.Column:
    _t = desk.w
    if centre is None:
        return pn.Column()
    status, sentence = desk.agreement()
    state, _ = desk.state()
    fields = desk.centre_fields()
    fields_table = _table(desk, fields, "wb-centre-fields", 390, hidden=("missing",))
    fields_table.style.apply(_missing_rows, axis=1)
    learners = _table(desk, desk.learners_table(), "wb-learners")
    learners.style.apply(_empty_cells, subset=[c for c in desk.expected_headers() if c in learners.value])
    staff = _table(desk, desk.staff_table(), "wb-staff", 240)
    staff.style.apply(_empty_cells, subset=[c for c in desk.expected_headers() if c in staff.value])
    missing = desk.missing_summary()
    figures = report.key_figures(desk.centre_figures(), {k: v for k, v in outputs.KEY_FIGURES.items()
                                                         if k != "centres"}, lang=desk.lang)
    parts = [pn.pane.Alert(sentence, alert_type=ALERTS[status], css_classes=["wb-agreement", f"wb-agreement-{status}"],
                           sizing_mode="stretch_width"),
             pn.pane.HTML(figures.data, stylesheets=[report.CSS]),
             pn.pane.Markdown(f"**{_t('app.state')}** : {text(f'state.{state}').of(desk.lang)}",
                              css_classes=["wb-state"])]
    if desk.may_validate:
        reason = pn.widgets.TextInput(label=_t("app.reason"), css_classes=["wb-reason"])
        approve = pn.widgets.Button(label=_t("app.approve"), color="success", css_classes=["wb-approve"])
        reopen = pn.widgets.Button(label=_t("app.reopen"), color="warning", css_classes=["wb-reopen"])
        approve.on_click(lambda _: desk.act("approve"))
        reopen.on_click(lambda _: desk.act("reopen", reason.value))
        parts.append(pn.Row(approve, reason, reopen))
    parts += [pn.pane.Markdown(f"### {_t('app.fields')}\n{_t('app.missing_note')}"), fields_table]
    if missing.fr:
        parts.append(pn.pane.Alert(f"{_t('app.missing')} : {missing.of(desk.lang)}",
                                   alert_type="secondary", css_classes=["wb-missing"], sizing_mode="stretch_width"))
    parts += [pn.pane.Markdown(f"### {_t('app.learners')}"), _with_downloads(desk, learners, f"learners_{centre}"),
              pn.pane.Markdown(f"### {_t('app.staff')}"), _with_downloads(desk, staff, f"staff_{centre}")]
    return pn.Column(*parts, sizing_mode="stretch_width")


def create_app(desk: SecondChanceDesk) -> pn.template.BaseTemplate:
    _t = desk.w
    title = text("second_chance.title")
    if not desk.has_centres:
        return nothing_here(desk, title, text("second_chance.app.nothing"))
    controls = pn.Param(desk, parameters=["province", "centre"], show_name=False,
                        widgets={"province": pn.widgets.Select, "centre": pn.widgets.Select})
    centres = _table(desk, desk.centres_table(), "wb-centres", 420)
    plan = _table(desk, desk.plan_table(), "wb-plan", 260)

    def redraw(*_) -> None:
        centres.value = desk.centres_table()
        plan.value = desk.plan_table()

    desk.param.watch(redraw, ["province", "result"])
    centre = pn.bind(lambda centre, result: centre_page(desk, centre), desk.param.centre, desk.param.result)
    tabs = pn.Tabs((_t("app.tab.centres"), _with_downloads(desk, centres, "centres")), (_t("app.tab.centre"), centre),
                   (_t("app.tab.plan"), _with_downloads(desk, plan, "plan")))
    return page(desk, title, sidebar=[controls, pn.pane.Markdown(_t("app.help"))],
                main=[pn.Column(pn.bind(message_alert, desk.param.message), tabs, sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, SecondChanceDesk)
