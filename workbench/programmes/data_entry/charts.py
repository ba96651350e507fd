"""Charts of the data-entry report, in one language (`report.chart` draws one per language): the absence sheets'
completion month by month, and the completion of each dataset by province."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)
import pandas as pd

from workbench.catalogue import text
from workbench.chartstyle import dimension


def trend(months: pd.DataFrame, lang: str = "ar") -> hv.Curve:
    """The absence sheets' completion (%) month by month (`months`: DataEntryResult.trend())."""
    frame = months.assign(month=months[f"period_{lang}"].str.replace("\u2066", "").str.replace("\u2069", ""))
    kdims = [dimension("month", "data_entry.report.month", lang)]
    vdims = [dimension("completion_pct", "data_entry.completion_pct", lang)]
    curve = hv.Curve(frame, kdims=kdims, vdims=vdims)
    return (curve * hv.Scatter(frame, kdims=kdims, vdims=vdims)).opts(
        hv.opts.Curve(color="#0b5394", line_width=2, tools=["hover"]), hv.opts.Scatter(color="#0b5394", size=7),
        hv.opts.Overlay(title=text("data_entry.report.trend").of(lang), width=760, height=320, ylim=(0, 105)))


def by_province(provinces: pd.DataFrame, lang: str = "ar") -> hv.Bars:
    """Completion (%) per province and dataset (`provinces`: DataEntryResult.by_province())."""
    frame = provinces.assign(
        province=provinces[f"province_{lang}"],
        dataset=provinces["dataset"].map(lambda d: text(f"data_entry.dataset.{d}").of(lang)))
    return hv.Bars(frame, kdims=[dimension("province", "app.province", lang),
                                 dimension("dataset", "data_entry.dataset", lang)],
                   vdims=[dimension("completion_pct", "data_entry.completion_pct", lang)]).opts(
        title=text("data_entry.report.by_province").of(lang), width=900, height=340, xrotation=30, tools=["hover"],
        ylim=(0, 105), backend="bokeh")
