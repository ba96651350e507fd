"""HoloViews charts of the overview, shared by the report notebook and the Panel app, in one language."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)

from workbench.catalogue import named, text
from workbench.chartstyle import colours, dimension
from workbench.programmes.overview.logic import OverviewFigures

SEX = {"sex.F": "#e69138", "sex.M": "#3d85c6"}
MILIEU = {"milieu.rural": "#6aa84f", "milieu.urban": "#674ea7"}


def pupils_by_level(figures: OverviewFigures, lang: str = "ar") -> hv.Bars:
    frame = figures.pupils.groupby(["level_rank", "level_code", "sex"], as_index=False)["pupils"].sum()
    frame = frame.sort_values("level_rank").assign(sex=lambda f: f["sex"].map(lambda s: text(f"sex.{s}").of(lang)))
    return hv.Bars(frame, kdims=[dimension("level_code", "level_code", lang), dimension("sex", "sex", lang)],
                   vdims=[dimension("pupils", "overview.pupils", lang)]).opts(
        title=text("overview.chart.by_level").of(lang), stacked=True, width=760, height=340, tools=["hover"],
        cmap=colours(SEX, lang), backend="bokeh")


def pupils_by_province(figures: OverviewFigures, lang: str = "ar") -> hv.Bars:
    province = named("province", lang)
    frame = figures.pupils.groupby([province, "milieu"], as_index=False)["pupils"].sum()
    frame["milieu"] = frame["milieu"].map(lambda m: text(f"milieu.{m}").of(lang))
    return hv.Bars(frame, kdims=[dimension(province, "app.province", lang), dimension("milieu", "milieu", lang)],
                   vdims=[dimension("pupils", "overview.pupils", lang)]).opts(
        title=text("overview.chart.by_province").of(lang), stacked=True, width=760, height=340, xrotation=30,
        tools=["hover"], cmap=colours(MILIEU, lang), backend="bokeh")


def absence_rate(figures: OverviewFigures, lang: str = "ar") -> hv.Overlay:
    frame = figures.absence_by_month
    style = {"color": "#b45f06", "tools": ["hover"], "backend": "bokeh"}
    month = dimension(named("month", lang), "app.month", lang)
    rate = dimension("absence_rate_pct", "overview.absence_rate_pct", lang)
    curve = hv.Curve(frame, kdims=[month], vdims=[rate]).opts(**style)
    points = hv.Scatter(frame, kdims=[month], vdims=[rate]).opts(size=7, **style)
    return (curve * points).opts(title=text("overview.chart.absence_rate").of(lang), width=760, height=300,
                                 backend="bokeh")
