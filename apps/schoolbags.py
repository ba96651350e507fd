"""One Million Schoolbags desk: a trainer picks a school, edits its kit and returned books, and watches needs update.

Served by `workbench serve`; importing this module builds nothing.
"""

import panel as pn

from workbench import report
from workbench.catalogue import CODED_COLUMNS, headers, in_words, text
from workbench.programmes.schoolbags import charts, outputs
from workbench.programmes.schoolbags.desk import SchoolbagsDesk
from workbench.ui import downloads, message_alert, nothing_here, page, serve_app, table

STOCK_HEADERS = headers("schoolbags", ("item", "schoolbags.transfer.item_code"), "to_order", "required", "returned",
                        "usable", "surplus")
KIT_HEADERS = headers("schoolbags", ("level", "schoolbags.level_code"), ("milieu_label", "schoolbags.milieu"),
                      ("item", "schoolbags.transfer.item_code"), "quantity")
PUPIL_HEADERS = headers("schoolbags", "massar_code", "last_name_ar", "first_name_ar", "level_code", "class_code",
                        "excluded")
TRANSFER_HEADERS = {("item" if column == "item_code" else column): label
                    for column, label in outputs.TRANSFER_HEADERS.items() if column != "province_code"}


def create_app(desk: SchoolbagsDesk) -> pn.template.BaseTemplate:
    title = text("schoolbags.title")
    if desk.school is None:
        return nothing_here(desk, title, text("schoolbags.app.nothing"))
    t = desk.t
    controls = pn.Param(desk, parameters=["province", "school"], show_name=False,
                        widgets={"province": pn.widgets.Select, "school": pn.widgets.Select})
    download = pn.widgets.FileDownload(callback=desk.order_workbook, filename="kit_orders.xlsx",
                                       label=t("schoolbags.app.order_workbook"), color="primary")
    # the figure the trainer shows (to order) comes right after the designation, frozen, so it stays in view
    stock = table(desk, desk.stock_table(), STOCK_HEADERS, editable=("returned", "usable"),
                  frozen=("item",), css_classes=["wb-stock"])
    composition = table(desk, desk.composition_table(), KIT_HEADERS, editable=("quantity",))
    pupils = table(desk, desk.pupils_table(), PUPIL_HEADERS, editable=("excluded",),
                   formatters={"excluded": {"type": "tickCross"}})
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
        return pn.pane.HTML(report.key_figures(result.totals(), outputs.KEY_FIGURES, desk.lang).data,
                            stylesheets=[report.CSS])

    def province_tables(result) -> pn.Column:
        schools = table(desk, in_words(result.by_school(), CODED_COLUMNS, desk.lang), outputs.SCHOOL_HEADERS,
                        height=380)
        transfers = table(desk, desk.transfers_table(result), TRANSFER_HEADERS, height=300)
        return pn.Column(
            pn.pane.HoloViews(charts.delivery_progress(result, desk.lang), backend="bokeh"),
            downloads(desk, schools, outputs.SCHOOL_HEADERS, "schools"), schools,
            downloads(desk, transfers, TRANSFER_HEADERS, "transfers"), transfers)

    tabs = pn.Tabs(
        (t("schoolbags.app.tab_returned"), pn.Column(downloads(desk, stock, STOCK_HEADERS, "returned_books"), stock)),
        (t("schoolbags.app.tab_kit"), pn.Column(downloads(desk, composition, KIT_HEADERS, "kit"), composition)),
        (t("schoolbags.app.tab_pupils"), pn.Column(downloads(desk, pupils, PUPIL_HEADERS, "pupils"), pupils)),
        (t("schoolbags.app.tab_province"), pn.bind(province_tables, desk.param.province_result)),
        dynamic=True,
    )
    return page(desk, title, sidebar=[controls, download, pn.pane.Markdown(t("schoolbags.app.help"))],
                main=[pn.Column(pn.bind(message_alert, desk.param.message),
                                pn.bind(school_figures, desk.param.school_result), tabs, sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, SchoolbagsDesk)
