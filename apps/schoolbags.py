"""One Million Schoolbags desk: a trainer picks a school, edits its kit and returned books, and watches needs update.

Served by `workbench serve`; importing this module builds nothing.
"""

import panel as pn

from workbench import report
from workbench.programmes.schoolbags import charts, outputs
from workbench.programmes.schoolbags.desk import SchoolbagsDesk
from workbench.ui import message_alert, nothing_here, serve_app, user_bar

TITLE = "Massar Workbench — Un million de cartables / مليون محفظة"
STOCK_TITLES = {"item_code": "Article / الصنف", "name_fr": "Désignation", "required": "Besoin / الحاجيات",
                "returned": "Rendus / المرجعة", "usable": "Utilisables / الصالحة",
                "to_order": "À commander / المطلوب", "surplus": "Surplus / الفائض"}


def _table(frame, editable: tuple[str, ...], titles=None) -> pn.widgets.Tabulator:
    """Columns fitted to the screen (the figure the trainer shows stays in view), the record version hidden."""
    return pn.widgets.Tabulator(frame, show_index=False, sizing_mode="stretch_width", height=420,
                                titles=titles or {}, editors={c: None for c in frame.columns if c not in editable},
                                layout="fit_columns", hidden_columns=["version"],
                                configuration={"clipboard": True})


def create_app(desk: SchoolbagsDesk) -> pn.template.BaseTemplate:
    if desk.school is None:
        return nothing_here(desk, TITLE, "Aucun établissement de votre périmètre ne bénéficie de l'initiative « Un "
                                         "million de cartables » (écoles et collèges publics).",
                            "لا توجد في نطاقكم مؤسسة مستفيدة من المبادرة الملكية مليون محفظة (المدارس والإعداديات العمومية).")
    controls = pn.Param(desk, parameters=["province", "school"], show_name=False,
                        widgets={"province": pn.widgets.Select, "school": pn.widgets.Select})
    download = pn.widgets.FileDownload(callback=desk.order_workbook, filename="kit_orders.xlsx",
                                       label="Bon de commande (Excel) / طلبية الإقليم", color="primary")

    stock = _table(desk.stock_table(), ("returned", "usable"), STOCK_TITLES)
    composition = _table(desk.composition_table(), ("quantity",))
    pupils = _table(desk.pupils_table(), ("excluded",))
    pupils.editors = {**pupils.editors, "excluded": {"type": "tickCross"}}

    def on_stock_edit(event) -> None:
        row = stock.value.iloc[event.row]
        if not desk.record_returned(row["item_code"], row["returned"], row["usable"], int(row["version"])):
            stock.value = desk.stock_table()  # show what is stored, not the refused edit

    def on_composition_edit(event) -> None:
        row = composition.value.iloc[event.row]
        desk.set_quantity(row["level_code"], row["milieu"], row["item_code"], event.value)

    def on_pupil_edit(event) -> None:
        desk.set_excluded(pupils.value.iloc[event.row]["massar_code"], bool(event.value))

    stock.on_edit(on_stock_edit)
    composition.on_edit(on_composition_edit)
    pupils.on_edit(on_pupil_edit)

    def redraw(*_) -> None:
        stock.value = desk.stock_table()
        composition.value = desk.composition_table()
        pupils.value = desk.pupils_table()

    desk.param.watch(redraw, ["school_result"])

    def school_figures(result):
        return pn.pane.HTML(report.key_figures(result.totals(), outputs.KEY_FIGURES).data,
                            stylesheets=[report.CSS])

    province_view = pn.Column(
        pn.bind(lambda r: pn.pane.HoloViews(charts.needs_by_province(r), backend="bokeh"), desk.param.province_result),
        pn.bind(lambda r: pn.pane.HoloViews(charts.delivery_progress(r), backend="bokeh"), desk.param.province_result),
        pn.bind(lambda r: pn.widgets.Tabulator(report.headed(r.by_school(), outputs.SCHOOL_HEADERS), disabled=True,
                                               show_index=False, sizing_mode="stretch_width", height=380),
                desk.param.province_result),
        pn.bind(lambda r: pn.widgets.Tabulator(report.headed(r.transfers, outputs.TRANSFER_HEADERS), disabled=True,
                                               show_index=False, sizing_mode="stretch_width", height=300),
                desk.param.province_result),
    )
    tabs = pn.Tabs(
        ("Manuels rendus / الكتب المرجعة", stock),
        ("Composition du kit / مكونات العدة", composition),
        ("Élèves / التلاميذ", pupils),
        ("Province / الإقليم", province_view),
        dynamic=True,
    )
    return pn.template.BootstrapTemplate(
        title=TITLE, header=[user_bar(desk)],
        sidebar=[controls, download, pn.pane.Markdown(
            "Modifiez les exemplaires rendus et utilisables : les besoins se recalculent aussitôt.\n\n"
            "عدلوا عدد الكتب المرجعة والصالحة: تحسب الحاجيات فورا.")],
        main=[pn.Column(pn.bind(message_alert, desk.param.message), pn.bind(school_figures, desk.param.school_result),
                        tabs, sizing_mode="stretch_width")],
    )


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, SchoolbagsDesk)
