"""Policy simulator: change Tayssir's amounts, absence limits and household cap, the kits and unit costs, grant
places and amounts, and see at once the budget and beneficiaries per province against the current settings. A
simulation: nothing is written. Served by `workbench serve`; importing this module builds nothing."""

import panel as pn

from workbench import report
from workbench.catalogue import headers, in_words, text
from workbench.programmes.whatif import charts, outputs
from workbench.programmes.whatif.simulator import TABLES, WhatIfSimulator
from workbench.ui import downloads, message_alert, nothing_here, page, serve_app, table

SETTING_HEADERS = {
    "tayssir_rules": headers("whatif", ("level_name", "level_code"), "monthly_amount_mad",
                             "max_absences_per_month"),
    "kit_composition": headers("whatif", ("level_name", "level_code"), ("milieu_name", "milieu"),
                               ("name", "whatif.item_code"), "quantity"),
    "unit_costs": headers("whatif", ("name", "whatif.item_code"), "unit_cost_mad"),
    "grant_places": headers("whatif", ("province", "app.province"), ("grant_type_name", "whatif.grant_type"),
                            "places"),
    "grant_amounts": headers("whatif", ("grant_type_name", "whatif.grant_type"), "quarter_amount_mad"),
}
SETTING_TITLES = {"tayssir_rules": "whatif.app.tayssir", "kit_composition": "whatif.app.kits",
                  "unit_costs": "whatif.app.unit_costs", "grant_places": "whatif.app.grant_places",
                  "grant_amounts": "whatif.app.grant_amounts"}


def create_app(simulator: WhatIfSimulator) -> pn.template.BaseTemplate:
    t, lang = simulator.t, simulator.lang
    title = text("whatif.title")
    if not simulator.allowed:
        return nothing_here(simulator, title, text("whatif.app.nothing"))
    cap = pn.widgets.IntInput.from_param(simulator.param.household_cap, css_classes=["wb-household-cap"])
    justified = pn.widgets.Checkbox.from_param(simulator.param.count_justified, css_classes=["wb-count-justified"])
    reset = pn.widgets.Button(label=t("whatif.app.reset"), color="light", css_classes=["wb-reset"])
    reset.on_click(lambda _: simulator.reset())

    def settings_table(name: str) -> pn.Column:
        _, editable = TABLES[name]
        widget = table(simulator, getattr(simulator, name), SETTING_HEADERS[name], editable=editable,
                       height=320, css_classes=[f"wb-{name.replace('_', '-')}"])
        widget.on_edit(lambda _event: simulator.edit(name, widget.value.copy()))
        simulator.param.watch(lambda event: setattr(widget, "value", event.new), [name])
        return pn.Column(pn.pane.Markdown(f"**{t(SETTING_TITLES[name])}**"), widget, name=t(SETTING_TITLES[name]),
                         sizing_mode="stretch_width")

    def figures(comparison):
        simulation = pn.pane.Alert(t("whatif.simulation"), alert_type="warning", css_classes=["wb-simulation"],
                                   sizing_mode="stretch_width")
        cards = pn.pane.HTML(report.key_figures(comparison.key_figures(), outputs.KEY_FIGURES, lang).data,
                             stylesheets=[report.CSS])
        answer = pn.pane.Markdown(t("whatif.app.answer", seconds=f"{simulator.seconds:.2f}"),
                                  css_classes=["wb-answer-time"])
        return pn.Column(simulation, cards, answer, sizing_mode="stretch_width")

    totals = table(simulator, in_words(simulator.comparison.totals(), outputs.CODED, lang), outputs.TOTAL_HEADERS,
                   height=260, css_classes=["wb-totals"])
    simulator.param.watch(lambda event: setattr(totals, "value", in_words(event.new.totals(), outputs.CODED, lang)),
                          ["comparison"])

    chart = pn.bind(lambda comparison, figure: pn.pane.HoloViews(charts.by_province(comparison, lang, figure),
                                                                 backend="bokeh"),
                    simulator.param.comparison, simulator.param.figure)
    provinces = table(simulator, simulator.comparison.by_province(), outputs.province_headers(), height=420,
                      frozen=(f"province_{'ar' if lang == 'ar' else 'fr'}",))
    simulator.param.watch(lambda event: setattr(provinces, "value", event.new.by_province()), ["comparison"])
    choose = pn.widgets.Select.from_param(simulator.param.figure)
    tabs = pn.Tabs(*(settings_table(name) for name in TABLES), sizing_mode="stretch_width")
    return page(simulator, title, sidebar=[cap, justified, reset], main=[pn.Column(
        pn.bind(message_alert, simulator.param.message), pn.bind(figures, simulator.param.comparison),
        pn.pane.Markdown(f"### {t('whatif.app.national')}"), totals, tabs,
        pn.pane.Markdown(f"### {t('whatif.app.provinces')}"), choose, chart,
        downloads(simulator, provinces, outputs.province_headers(), "whatif_provinces"), provinces,
        sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, WhatIfSimulator)
