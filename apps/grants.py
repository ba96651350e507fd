"""Grants committee: change a weight or the number of places and see the list and budget change at once;
open an application; record an appeal. Served by `workbench serve`; importing this module builds nothing."""

import panel as pn

from workbench import report
from workbench.programmes.grants import outputs
from workbench.programmes.grants.appeals import EDITABLE
from workbench.programmes.grants.committee import WEIGHTS, GrantsCommittee
from workbench.ui import message_alert, serve_app, user_bar


def create_app(committee: GrantsCommittee) -> pn.template.BaseTemplate:
    choice = pn.Param(committee, parameters=["province", "grant_type"], show_name=False,
                      widgets={"province": pn.widgets.Select, "grant_type": pn.widgets.Select})
    places = pn.widgets.IntInput.from_param(committee.param.places, css_classes=["wb-places"])
    weights = pn.Param(committee, parameters=list(WEIGHTS), show_name=False, name="Grille / الشبكة")
    save = pn.widgets.Button(label="Enregistrer les places / حفظ المقاعد")
    save.on_click(lambda _: committee.save_places())

    applicant = pn.widgets.TextInput(label="Code Massar / رقم التلميذ")
    field = pn.widgets.Select(label="Champ corrigé / الخانة المصححة", options=list(EDITABLE))
    value = pn.widgets.TextInput(label="Nouvelle valeur / القيمة الجديدة")
    reason = pn.widgets.TextInput(label="Motif / السبب")
    by = pn.widgets.TextInput(label="Saisi par / من طرف")
    appeal = pn.widgets.Button(label="Enregistrer le recours / تسجيل الطعن", color="primary")
    appeal.on_click(lambda _: committee.record_appeal(applicant.value, field.value, value.value, reason.value,
                                                      by.value))

    def figures(_):
        shown = committee.figures()
        return pn.pane.HTML(report.key_figures(shown, {k: outputs.KEY_FIGURES[k] for k in shown}).data,
                            stylesheets=[report.CSS])

    def ranked(_):
        table = pn.widgets.Tabulator(outputs.ranked_for_screen(committee.ranked()), disabled=True, show_index=False,
                                     height=460, sizing_mode="stretch_width", selectable=1,
                                     titles={c: label.both() for c, label in outputs.RANKED_TITLES.items()})
        table.on_click(lambda event: setattr(applicant, "value", table.value.iloc[event.row]["massar_code"]))
        return table

    message = pn.bind(message_alert, committee.param.message)
    return pn.template.BootstrapTemplate(
        title="Massar Workbench — Bourses / المنح", header=[user_bar(committee)],
        sidebar=[choice, places, save, weights],
        main=[pn.Column(message, pn.bind(figures, committee.param.lists), pn.bind(ranked, committee.param.lists),
                        pn.pane.Markdown("### Ouvrir une demande et enregistrer un recours / فتح طلب وتسجيل طعن"),
                        pn.Row(applicant, field, value), pn.Row(reason, by, appeal), sizing_mode="stretch_width")],
    )


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, GrantsCommittee)
