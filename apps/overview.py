"""Overview explorer: pick a region, province or school and see its pupils and absences live.

Served by `workbench serve`; importing this module builds nothing.
"""

import html

import panel as pn

from workbench import report
from workbench.catalogue import text
from workbench.programmes.overview import charts, outputs
from workbench.programmes.overview.explorer import OverviewExplorer
from workbench.ui import downloads, page, serve_app, table


def create_app(explorer: OverviewExplorer) -> pn.template.BaseTemplate:
    lang = explorer.lang
    controls = pn.Param(explorer, parameters=["region", "province", "school"], show_name=False,
                        widgets={"region": pn.widgets.Select, "province": pn.widgets.Select,
                                 "school": pn.widgets.Select})

    def heading(figures):
        scope = figures.scope.label(lang)
        return pn.pane.HTML(f"<h2>{html.escape(scope)} — <bdi>{figures.year}</bdi></h2>")

    def cards(figures):
        return pn.pane.HTML(report.key_figures(figures.totals, outputs.KEY_FIGURES, lang).data,
                            stylesheets=[report.CSS])

    absences = table(explorer, explorer.figures.absence_by_month, outputs.ABSENCE_HEADERS, height=330)
    explorer.param.watch(lambda event: setattr(absences, "value", event.new.absence_by_month), ["figures"])
    bound = {name: pn.bind(view, explorer.param.figures) for name, view in {"heading": heading, "cards": cards}.items()}
    level = pn.bind(lambda f: pn.pane.HoloViews(charts.pupils_by_level(f, lang), backend="bokeh"),
                    explorer.param.figures)
    rate = pn.bind(lambda f: pn.pane.HoloViews(charts.absence_rate(f, lang), backend="bokeh"), explorer.param.figures)
    return page(explorer, text("overview.title"), sidebar=[controls], main=[pn.Column(
        bound["heading"], bound["cards"], level, rate,
        downloads(explorer, absences, outputs.ABSENCE_HEADERS, "absences"), absences, sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, OverviewExplorer)
