"""Charts of the kit-needs report and app, in one language ('ar' or 'fr')."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)
import pandas as pd

from workbench.catalogue import named, text
from workbench.chartstyle import colours, dimension
from workbench.programmes.schoolbags.compute import KitNeedsResult

NEEDS = {"schoolbags.to_order": "#cc4125", "schoolbags.surplus": "#6aa84f", "schoolbags.usable_stock": "#3d85c6"}
PROGRESS = {"schoolbags.chart.delivered_pct": "#3d85c6", "schoolbags.chart.served_pct": "#e69138"}


def needs_by_province(result: KitNeedsResult, lang: str = "ar") -> hv.Bars:
    province = named("province", lang)
    frame = result.by_province().melt(id_vars=[province], value_vars=["to_order", "surplus", "usable_stock"],
                                      var_name="measure", value_name="copies")
    frame["measure"] = frame["measure"].map(lambda m: text(f"schoolbags.{m}").of(lang))
    return hv.Bars(frame, kdims=[dimension(province, "app.province", lang),
                                 dimension("measure", "schoolbags.chart.measure", lang)],
                   vdims=[dimension("copies", "schoolbags.chart.copies", lang)]).opts(
        title=text("schoolbags.chart.needs").of(lang), width=760, height=340, xrotation=30, tools=["hover"],
        multi_level=False, color="measure", cmap=colours(NEEDS, lang), backend="bokeh")


def delivery_progress(result: KitNeedsResult, lang: str = "ar") -> hv.Bars:
    province = named("province", lang)
    frame = result.by_province()
    measures = [text(key).of(lang) for key in PROGRESS]
    frame = pd.DataFrame({
        province: frame[province].repeat(2).to_numpy(),
        "measure": measures * len(frame),
        "percent": [v for row in zip(_percent(frame["delivered"], frame["to_order"]),
                                     _percent(frame["served"], frame["beneficiaries"])) for v in row],
    })
    return hv.Bars(frame, kdims=[dimension(province, "app.province", lang),
                                 dimension("measure", "schoolbags.chart.measure", lang)],
                   vdims=[dimension("percent", "schoolbags.chart.percent", lang)]).opts(
        title=text("schoolbags.chart.progress").of(lang), width=760, height=320, xrotation=30, ylim=(0, 115),
        tools=["hover"], multi_level=False, color="measure", cmap=colours(PROGRESS, lang), backend="bokeh")


def _percent(done: pd.Series, target: pd.Series) -> pd.Series:
    return (100 * done / target.where(target > 0)).fillna(0).clip(upper=100).round(1)
