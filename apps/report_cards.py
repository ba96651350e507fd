"""Report cards: for the user's scope and a semester, how the semester averages are distributed by level, the
subjects' means and the exams beside (counts only; a pupil's card is printed by the campaign and shown to the family
in the portal). Served by `workbench serve`; importing this module builds nothing."""

import panel as pn

from workbench.catalogue import text
from workbench.programmes.report_cards import outputs
from workbench.programmes.report_cards.desk import ReportCardsDesk
from workbench.ui import downloads, nothing_here, page, serve_app, table


def create_app(desk: ReportCardsDesk) -> pn.template.BaseTemplate:
    title = text("report_cards.title")
    result = desk.result()
    if result.rows.empty:
        return nothing_here(desk, title, text("report_cards.app.nothing"))
    levels = table(desk, result.by_level(), outputs.LEVEL_HEADERS)
    subjects = table(desk, result.by_subject(), outputs.SUBJECT_HEADERS)
    files = downloads(desk, levels, outputs.LEVEL_HEADERS, "report_cards")
    return page(desk, title, main=[pn.Column(files, levels, subjects, sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, ReportCardsDesk)
