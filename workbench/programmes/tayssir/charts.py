"""Charts of the Tayssir report and app, in one language."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)

from workbench.catalogue import named, text
from workbench.chartstyle import colours, dimension
from workbench.programmes.tayssir.summary import TayssirSummary

STATUS = {"tayssir.status.paid": "#6aa84f", "tayssir.status.withheld": "#cc4125",
          "tayssir.status.capped": "#f1c232", "tayssir.status.ineligible": "#999999"}


def amounts_by_province(summary: TayssirSummary, lang: str = "ar") -> hv.Bars:
    province = named("province", lang)
    return hv.Bars(summary.by_province(), kdims=[dimension(province, "app.province", lang)],
                   vdims=[dimension("amount_mad", "tayssir.amount_mad", lang)]).opts(
        title=text("tayssir.chart.amounts").of(lang), width=760, height=320, xrotation=30, color="#6aa84f",
        tools=["hover"], backend="bokeh")


def status_by_month(summary: TayssirSummary, lang: str = "ar") -> hv.Bars:
    frame = summary.status_by_month().assign(
        status=lambda f: f["status"].map(lambda s: text(f"tayssir.status.{s}").of(lang)))
    return hv.Bars(frame, kdims=[dimension("month", "app.month", lang),
                                 dimension("status", "tayssir.chart.status", lang)],
                   vdims=[dimension("pupil_months", "tayssir.chart.pupil_months", lang)]).opts(
        title=text("tayssir.chart.by_month").of(lang), stacked=True, height=320, tools=["hover"],
        cmap=colours(STATUS, lang), width=900, backend="bokeh")
