"""Overview explorer: pick a region, province or school and see its pupils and absences live.

Served by `workbench serve`; importing this module builds nothing.
"""

import panel as pn

from workbench import report
from workbench.programmes.overview import charts, outputs
from workbench.programmes.overview.explorer import OverviewExplorer
from workbench.ui import serve_app, user_bar


def create_app(explorer: OverviewExplorer) -> pn.template.BaseTemplate:
    controls = pn.Param(explorer, parameters=["region", "province", "school"], show_name=False,
                        widgets={"region": pn.widgets.Select, "province": pn.widgets.Select,
                                 "school": pn.widgets.Select})

    def heading(figures):
        return pn.pane.HTML(report.bilingual(f"{figures.scope.label_fr} — {figures.year}",
                                             f"{figures.scope.label_ar} — {figures.year}", "h2"))

    def cards(figures):
        return pn.pane.HTML(report.key_figures(figures.totals, outputs.KEY_FIGURES).data, stylesheets=[report.CSS])

    def absences(figures):
        return pn.widgets.Tabulator(report.headed(figures.absence_by_month, outputs.ABSENCE_HEADERS),
                                    show_index=False, disabled=True, sizing_mode="stretch_width")

    bound = {name: pn.bind(view, explorer.param.figures)
             for name, view in {"heading": heading, "cards": cards, "absences": absences}.items()}
    level = pn.bind(lambda f: pn.pane.HoloViews(charts.pupils_by_level(f), backend="bokeh"), explorer.param.figures)
    rate = pn.bind(lambda f: pn.pane.HoloViews(charts.absence_rate(f), backend="bokeh"), explorer.param.figures)
    return pn.template.BootstrapTemplate(
        title="Massar Workbench — Vue d'ensemble / نظرة عامة", header=[user_bar(explorer)],
        sidebar=[controls],
        main=[pn.Column(bound["heading"], bound["cards"], level, rate, bound["absences"], sizing_mode="stretch_width")],
    )


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, OverviewExplorer)
