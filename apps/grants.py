"""Grants committee: change a weight or the number of places and see the list and budget change at once (an
unsaved simulation until the places are saved); open an application; record an appeal. Served by
`workbench serve`; importing this module builds nothing."""

import panel as pn

from workbench import report
from workbench.catalogue import text
from workbench.programmes.grants import outputs
from workbench.programmes.grants.appeals import EDITABLE
from workbench.programmes.grants.committee import WEIGHTS, GrantsCommittee
from workbench.ui import downloads, fit_sliders, message_alert, nothing_here, page, serve_app, table


def create_app(committee: GrantsCommittee) -> pn.template.BaseTemplate:
    t, lang = committee.t, committee.lang
    title = text("grants.title")
    if committee.province is None:
        return nothing_here(committee, title, text("grants.app.nothing"))
    choice = pn.Param(committee, parameters=["province", "grant_type"], show_name=False,
                      widgets={"province": pn.widgets.Select, "grant_type": pn.widgets.Select})
    places = pn.widgets.IntInput.from_param(committee.param.places, css_classes=["wb-places"])
    weights = fit_sliders(pn.Param(committee, parameters=list(WEIGHTS), show_name=False), lang)
    save = pn.widgets.Button(label=t("grants.app.save_places"), color="primary", css_classes=["wb-save-places"])
    save.on_click(lambda _: committee.save_places())

    applicant = pn.widgets.TextInput(label=t("app.massar_code"))
    field = pn.widgets.Select(label=t("grants.app.field"), options={t(f"grants.appeal.{f}"): f for f in EDITABLE})
    value = pn.widgets.TextInput(label=t("grants.app.new_value"))
    reason = pn.widgets.TextInput(label=t("grants.app.reason"))
    by = pn.widgets.TextInput(label=t("grants.app.by"))
    appeal = pn.widgets.Button(label=t("grants.app.record_appeal"), color="primary")
    appeal.on_click(lambda _: committee.record_appeal(applicant.value, field.value, value.value, reason.value,
                                                      by.value))

    def figures(_):
        shown = committee.figures()
        cards = pn.pane.HTML(report.key_figures(shown, {k: outputs.KEY_FIGURES[k] for k in shown}, lang).data,
                             stylesheets=[report.CSS])
        simulation = pn.pane.Alert(t("grants.app.simulation"), alert_type="warning", css_classes=["wb-simulation"],
                                   visible=committee.simulated, sizing_mode="stretch_width")
        return pn.Column(simulation, cards, sizing_mode="stretch_width")

    ranked = table(committee, outputs.ranked_for_screen(committee.ranked(), lang), outputs.RANKED_TITLES,
                   selectable=1, height=460, frozen=("rank",))
    committee.param.watch(lambda *_: setattr(ranked, "value", outputs.ranked_for_screen(committee.ranked(), lang)),
                          ["lists"])
    ranked.on_click(lambda event: setattr(applicant, "value", ranked.value.iloc[event.row]["massar_code"]))

    return page(committee, title, sidebar=[choice, places, save, pn.pane.Markdown(f"**{t('grants.app.weights')}**"),
                                           weights], main=[pn.Column(
        pn.bind(message_alert, committee.param.message), pn.bind(figures, committee.param.lists),
        downloads(committee, ranked, outputs.RANKED_TITLES, "grant_list"), ranked,
        pn.pane.Markdown(f"### {t('grants.app.appeal_title')}"), pn.Row(applicant, field, value),
        pn.Row(reason, by, appeal), sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, GrantsCommittee)
